// Gas of the perpetual's entry points and the funding paid over the seeded test path (test/perp-liquidation.spec.ts):
// real Uniswap v3 pool pushed by an arbitrageur that stops inside the 0.3 % fee band, feeds on the same path.
//   npm run bench:perp -w contracts
import hre from "hardhat";
import type { Contract, ContractTransactionResponse } from "ethers";
import { systemWithPerpPool, depositMargin, WAD } from "../test/perp-fixtures";
import { drivePath, pricePath, PATH } from "../test/perp-path";
import { PERP_MARKET_CONFIG, scenario } from "../src";

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  return (await (await tx).wait())!.gasUsed;
}

const usd = (wad: bigint) => (Number(wad) / 1e18).toFixed(2);
const median = (xs: bigint[]) => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  // Entry points on their own: open, adjust an hour later (funding settled), fund, withdraw.
  const s = await systemWithPerpPool();
  const perp = s.perp.connect(s.other) as Contract;
  const weth = s.weth.address;
  await depositMargin(s, s.other, 10_000n);
  const rows: [string, bigint][] = [];
  rows.push(["modifyPosition: open a 10 WETH short", await gasOf(perp.modifyPosition(weth, -10n * WAD))]);
  await hre.network.provider.send("evm_increaseTime", [PERP_MARKET_CONFIG.fundingInterval]);
  await hre.network.provider.send("evm_mine", []);
  await scenario.refreshFeeds(s.dep);
  rows.push(["fund (accrue + sample the pool's TWAP)", await gasOf(perp.fund(weth))]);
  rows.push(["modifyPosition: grow it by 1 WETH (funding settled)", await gasOf(perp.modifyPosition(weth, -1n * WAD))]);
  rows.push(["modifyPosition: reduce it by 1 WETH (P&L realised)", await gasOf(perp.modifyPosition(weth, 1n * WAD))]);
  rows.push(["withdrawMargin (initial margin checked)", await gasOf(perp.withdrawMargin(weth, 1_000n * 10n ** 6n, s.other.address))]);

  // The path.
  const t = await systemWithPerpPool();
  const path = pricePath(PATH.seed, PATH.days, PATH.start, PATH.driftBps, PATH.sigmaBps);
  const r = await drivePath(t, path);
  rows.push(["liquidate (the unmanaged short, on the path)", r.gas.liquidate ?? 0n]);
  rows.push([`fund on the path (median of ${r.gas.fund.length})`, median(r.gas.fund)]);
  rows.push([`Hedger.hedge on the path (median of ${r.gas.hedge.length})`, median(r.gas.hedge)]);
  console.log("Perpetual gas (hardhat, in-process):");
  for (const [name, gas] of rows) console.log(`  ${name.padEnd(52)} ${gas.toLocaleString("en-US").padStart(9)}`);
  const sampled = r.rates.map((x) => Number((x * 86_400n * 10_000n) / WAD));
  console.log(`Path: seed ${PATH.seed}, ${PATH.days} days from $${PATH.start}, drift ${PATH.driftBps} bp/day, σ ${PATH.sigmaBps} bp/day; WETH ${path[0]} … ${path[path.length - 1]}`);
  console.log(`  funding rates sampled (bp/day): ${sampled.filter((x) => x > 0).length} × +, ${sampled.filter((x) => x < 0).length} × −, ${sampled.filter((x) => x === 0).length} × 0 (cap ±${PERP_MARKET_CONFIG.maxPremiumBps})`);
  console.log(`  unmanaged 10 WETH short (11 % margin): liquidated on day ${r.liquidatedDay ?? "never"}, funding paid $${usd(r.unmanagedFundingPaidUsd)}`);
  console.log(`  hedger's short: ${r.hedges} hedges, below maintenance on ${r.hedgerLiquidatableDays.length} days, funding paid $${usd(r.hedgerFundingPaidUsd)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
