import type { Command } from "commander";
import { DEFAULT_SUBGRAPH_URL } from "@lotgraph/indexer/src/cli";

/** `lotgraph keeper run`: options only here; the keeper's code is loaded when the command runs. */
export function registerKeeperCommands(program: Command): void {
  const keeper = program.command("keeper").description("the keeper bot: upkeeps and the advisor's tax-loss harvests, on-chain");
  keeper
    .command("run")
    .description("sync the subgraph into the keeper's store; perform due upkeeps; execute new harvest recommendations")
    .option("--once", "one pass, then exit")
    .option("--rpc <url>", "JSON-RPC endpoint", "http://127.0.0.1:8545")
    .option("--subgraph <url>", "the subgraph's GraphQL endpoint", DEFAULT_SUBGRAPH_URL)
    .option("--status-url <url>", "graph-node's index-node status API (default: the subgraph's host, port 8030)")
    .option("--deployment <file>", "deployment file (lotgraph start writes .data/deployment.json)", ".data/deployment.json")
    .option("--journal <file>", "execution journal (default: keeper-journal.jsonl beside the deployment file)")
    .option("--store <file>", "the keeper's SQLite store of the subgraph, synced every pass (default: keeper.db beside the deployment file)")
    .option("--max-lag <blocks>", "refuse to act when the subgraph is more blocks behind the chain head", "5")
    .option("--interval <seconds>", "seconds between passes (without --once)", "30")
    .action(async (opts: { once?: boolean; rpc: string; subgraph: string; statusUrl?: string; deployment: string; journal?: string; store?: string; maxLag: string; interval: string }) => {
      const maxLag = Number(opts.maxLag);
      const interval = Number(opts.interval);
      if (!Number.isInteger(maxLag) || maxLag < 0) throw new Error(`--max-lag: "${opts.maxLag}" is not a non-negative integer`);
      if (!(interval > 0)) throw new Error(`--interval: "${opts.interval}" is not a positive number of seconds`);
      const { keeperContext } = await import("./context");
      const { runOnce, runLoop } = await import("./keeper");
      const ctx = await keeperContext({
        rpcUrl: opts.rpc,
        subgraphUrl: opts.subgraph,
        statusUrl: opts.statusUrl,
        deploymentFile: opts.deployment,
        journalFile: opts.journal,
        storeFile: opts.store,
        privateKey: process.env.LOTGRAPH_KEEPER_KEY,
        options: { maxLagBlocks: maxLag },
      });
      if (opts.once) {
        const r = await runOnce(ctx);
        if (r.refused) process.exitCode = 4;
        return;
      }
      const stop = new AbortController();
      for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => stop.abort());
      await runLoop(ctx, interval * 1000, stop.signal);
    });
}
