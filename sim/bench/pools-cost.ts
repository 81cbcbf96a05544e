// Wall time of the market's writes over 60 simulated days on anvil, with and without the pools' traders.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ethers } from "ethers";
import { deploySystem } from "@lotgraph/contracts";
import { AnvilNode, freePorts } from "@lotgraph/stack";
import { driveYear } from "../src/drive";

async function once(noise: boolean): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-pools-"));
  const node = new AnvilNode({ port: (await freePorts()).chain, logDir: dir });
  await node.start();
  const provider = new ethers.JsonRpcProvider(node.url, undefined, { staticNetwork: true, pollingInterval: 50, cacheTimeout: -1 });
  try {
    const dep = await deploySystem(await provider.getSigner(0));
    const s = await driveYear({ deployment: dep, seed: 2025, days: 60, keeper: false, ...(noise ? {} : { noise: false }) });
    return s.timings.marketMs;
  } finally {
    provider.destroy();
    await node.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  for (let i = 0; i < 2; i++) for (const noise of [false, true]) console.log(`${noise ? "pools traded" : "pools idle  "}: market writes ${(await once(noise)) / 1000} s / 60 days`);
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
