/**
 * Three LP policies on the same seeded paths of the exact bigint Uniswap v3 pool replica (src/uniswap/):
 * (a) passive full range, (b) the manager's opening range never moved, (c) the liquidity manager's rule. Per
 * policy: fee APR, impermanent loss vs holding, gas, swap costs, net vs holding, with 95 % intervals over the
 * paths; then whether the manager beats full range net of costs, and on how many paths.
 *   npm run bench:lp -w sim -- [--paths 50] [--days 365] [--sigma 0.03] [--noise 50000] [--gwei 5] [--seed 1]
 * With --onchain it then plays the first few paths (--onchain-paths 3, --onchain-days 90) on a real chain as well
 * (anvil, Uniswap v3's own bytecode, the LiquidityManager contract) and sets them beside the replica's: per path
 * and policy net vs holding, the manager's edge over full range and whether both give the same verdict.
 *   npm run bench:lp -w sim -- --onchain [--onchain-paths 3] [--onchain-days 90]   (--paths 0: the on-chain run only)
 */
import { DEFAULT_PATH, POLICIES, runPath, type PathResult } from "../src/lp/run";
import { ROWS, column, summarise, type Stat } from "../src/lp/compare";
import { agreementLines, runAgreement } from "../src/lp/chain/agreement";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const paths = Number(arg("--paths", "50"));
const seed = Number(arg("--seed", "1"));
const cfg = {
  ...DEFAULT_PATH,
  days: Number(arg("--days", String(DEFAULT_PATH.days))),
  sigmaDaily: Number(arg("--sigma", String(DEFAULT_PATH.sigmaDaily))),
  noisePerHour: Number(arg("--noise", String(DEFAULT_PATH.noisePerHour))),
  gasPriceWei: BigInt(arg("--gwei", "5")) * 10n ** 9n,
};

const sigma = `σ ${(cfg.sigmaDaily * 100).toFixed(1)} %/day`;

async function onChain(): Promise<void> {
  const n = Number(arg("--onchain-paths", "3"));
  const days = Number(arg("--onchain-days", "90"));
  console.log(`\non-chain agreement: ${n} paths × ${days} days (seeds ${seed}–${seed + n - 1}), ${sigma}, on anvil: v3-core's pool, the NonfungiblePositionManager and SwapRouter from their npm bytecode, the LiquidityManager contract deciding its own re-ranges and collections; the same paths on the replica\n`);
  const t = Date.now();
  const a = await runAgreement({ ...cfg, days }, seed, n, (line) => process.stderr.write(`${line}\n`));
  for (const line of agreementLines(a)) console.log(line);
  const perPath = a.pathMs.map((ms) => (ms / 1000).toFixed(1)).join(", ");
  console.log(`(on-chain run ${((Date.now() - t) / 1000).toFixed(1)} s: set-up ${(a.setupMs / 1000).toFixed(1)} s, paths ${perPath} s)`);
}

/** The replica's table over `paths` paths, its verdict and the closing line. */
function replicaBench(): void {
  const started = Date.now();
  const results: PathResult[] = [];
  for (let i = 0; i < paths; i++) results.push(runPath({ ...cfg, seed: seed + i }));
  const elapsed = (Date.now() - started) / 1000;
  const fmt = (s: Stat, dp: number) => `${s.mean.toFixed(dp)} ± ${s.half.toFixed(dp)}`;
  console.log(`${paths} paths × ${cfg.days} days (seeds ${seed}–${seed + paths - 1}), ${sigma}, up to $${cfg.noisePerHour} of round-trip volume an hour, gas ${cfg.gasPriceWei / 10n ** 9n} gwei; $60,000 (10 asset + 30,000 stable) each, 0.3 % pool; fees collected and reinvested every ${cfg.rule.collectIntervalSeconds / 86_400} days by all three`);
  console.log(`\n| per path, mean ± 95 % interval | (a) full range | (b) fixed range | (c) manager |`);
  console.log(`| --- | ---: | ---: | ---: |`);
  for (const [label, f] of ROWS) {
    const dp = label.includes("%") ? 2 : label === "re-ranges" ? 1 : 0;
    console.log(`| ${label} | ${POLICIES.map((p) => fmt(column(results, p, f), dp)).join(" | ")} |`);
  }
  const s = summarise(results);
  const edge = `${s.edge.mean >= 0 ? "+" : ""}${s.edge.mean.toFixed(2)} ± ${s.edge.half.toFixed(2)} %/yr`;
  console.log(`\n(${elapsed.toFixed(1)} s)`);
  if (s.edge.mean - s.edge.half > 0) {
    console.log(`verdict: the manager beats passive full range net of gas and swap costs at ${sigma}: ${edge}, ahead on ${s.ahead} of ${s.paths} paths.`);
  } else if (s.edge.mean > 0) {
    console.log(`verdict: the manager does NOT clearly beat passive full range at ${sigma}: ${edge} net of gas and swap costs, an interval that includes 0; ahead on ${s.ahead} of ${s.paths} paths.`);
  } else {
    console.log(`verdict: the manager does NOT beat passive full range net of gas and swap costs at ${sigma}: ${edge}, ahead on only ${s.ahead} of ${s.paths} paths — not worth building as it stands.`);
  }
  console.log(s.line);
}

async function main(): Promise<void> {
  if (paths > 0) replicaBench();
  if (process.argv.includes("--onchain")) await onChain();
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
