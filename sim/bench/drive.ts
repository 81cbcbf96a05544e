/**
 * What a simulated day costs on a hardhat node: the market's writes (feeds, hub, yield, funding) per day,
 * without the keeper and graph-node; and, with --stack, the whole system with graph-node and the keeper.
 *   npm run bench -w sim [-- --days 60]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ethers } from "ethers";
import { deploySystem } from "@lotgraph/contracts";
import { compileContracts, freePorts, HardhatNode } from "@lotgraph/stack";
import { driveYear } from "../src/drive";

async function main(): Promise<void> {
  const i = process.argv.indexOf("--days");
  const days = i > 0 ? Number(process.argv[i + 1]) : 60;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-sim-bench-"));
  await compileContracts();
  const node = new HardhatNode({ port: (await freePorts()).chain, logDir: dir });
  await node.start();
  try {
    const provider = new ethers.JsonRpcProvider(node.url, undefined, { staticNetwork: true, pollingInterval: 50, cacheTimeout: -1 });
    const dep = await deploySystem(await provider.getSigner(0));
    const s = await driveYear({ deployment: dep, seed: 2025, days, keeper: false });
    console.log(`market only: ${days} days, ${s.transactions} txs, ${s.blocks} blocks, ${s.steppedDays} stepped days`);
    console.log(`  ${(s.elapsedMs / 1000).toFixed(1)} s, ${s.msPerDay.toFixed(1)} ms/day → a 365-day year ≈ ${((s.msPerDay * 365) / 1000).toFixed(1)} s`);
    provider.destroy();
  } finally {
    await node.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
