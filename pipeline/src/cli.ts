import type { Command } from "commander";
import { portsFrom, withStackOptions } from "@lotgraph/stack/src/cli";

const whole = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`${name} takes a whole number, not ${value}`);
  return n;
};

/** Registers `lotgraph start`, the main job. */
export function registerPipelineCommands(program: Command): void {
  withStackOptions(
    program
      .command("start")
      .description(
        "the main job: bring up the stack with the real graph-node, run a simulated year of the portfolio with the keeper and the harvesting advisor live, sync the indexer, write the tax reports and the HTML report",
      )
      .option("--years <n>", "simulated years (1 to 5)", whole("--years"), 1)
      .option("--days <n>", "simulate only the first N days (a quick look)", whole("--days"))
      .option("--seed <n>", "market simulation seed", whole("--seed"), 2025)
      .option("--assets <list>", "risk assets to hold, comma-separated, from WETH, WBTC, LINK, UNI (default: all)")
      .option("--start <date>", "first simulated day (YYYY-MM-DD); its year is the first tax year", "2025-01-01")
      .option("--reports <dir>", "where the tax reports and the HTML report go", "reports"),
  ).action(async (opts) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runMainJob } = require("./mainJob") as typeof import("./mainJob");
    const { parseAssets } = require("./assets") as typeof import("./assets");
    await runMainJob({
      years: opts.years,
      days: opts.days,
      assets: opts.assets === undefined ? undefined : parseAssets(opts.assets),
      seed: opts.seed,
      start: opts.start,
      reportsDir: opts.reports,
      keep: opts.keep,
      dataDir: opts.dataDir,
      freePorts: opts.freePorts,
      ports: portsFrom(opts),
      chains: opts.chains,
    });
  });
}
