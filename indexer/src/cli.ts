import type { Command } from "commander";

export const DEFAULT_SUBGRAPH_URL = "http://127.0.0.1:8000/subgraphs/name/lotgraph";
export const DEFAULT_DB = ".data/lotgraph.db";

interface StoreFlags {
  db: string;
}

/** The flags that name the subgraph(s) to read: one (--url, --status-url, --chain) or one per chain (--subgraph). */
export interface SourceFlags {
  url?: string;
  statusUrl?: string;
  chain?: string;
  subgraph?: string[];
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function sourceOptions(command: Command): Command {
  return command
    .option("--url <url>", `the subgraph's GraphQL endpoint (default: ${DEFAULT_SUBGRAPH_URL})`)
    .option("--status-url <url>", "graph-node's index-node status API (default: the subgraph's host, port 8030)")
    .option("--chain <id>", "the chain id the subgraph indexes (default: the chain of the network graph-node reports)")
    .option(
      "--subgraph <chain=url[,statusUrl]>",
      "one chain's subgraph, as its chain id, GraphQL endpoint and index-node status API; repeat once per chain (instead of --url)",
      collect,
    );
}

/** `lotgraph sync`, `lotgraph status` and `lotgraph analytics`. */
export function registerIndexerCommands(program: Command) {
  sourceOptions(
    program
      .command("sync")
      .description("pull the subgraphs' entities (one subgraph per chain) from graph-node into the local store (resumable, reorg-safe)"),
  )
    .option("--db <file>", "SQLite store (ignored when DATABASE_URL names a Postgres database)", DEFAULT_DB)
    .option("--rebuild", "drop the store's tables and sync from scratch")
    .option("--page-size <rows>", "rows per GraphQL page (1-1000)", (v) => Number(v), 1000)
    .action(async (flags: StoreFlags & SourceFlags & { rebuild?: boolean; pageSize: number }) => {
      const { runSync } = require("./commands") as typeof import("./commands");
      await runSync(flags);
    });
  sourceOptions(program.command("status").description("what the local store holds, chain by chain, and how far behind graph-node it is"))
    .option("--db <file>", "SQLite store (ignored when DATABASE_URL names a Postgres database)", DEFAULT_DB)
    .action(async (flags: StoreFlags & SourceFlags) => {
      const { runStatus } = require("./commands") as typeof import("./commands");
      await runStatus(flags);
    });
  registerAnalyticsCommand(program);
}

export function registerAnalyticsCommand(program: Command) {
  program
    .command("analytics")
    .description("portfolio value, weights vs targets, income by source, P&L, hedge P&L and funding, impermanent loss")
    .option("--db <file>", "SQLite store (ignored when DATABASE_URL names a Postgres database)", DEFAULT_DB)
    .option("--format <format>", "table or json", "table")
    .action(async (flags: StoreFlags & { format: string }) => {
      const { runAnalytics } = require("./analytics/command") as typeof import("./analytics/command");
      await runAnalytics(flags);
    });
}
