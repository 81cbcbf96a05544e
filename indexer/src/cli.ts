import type { Command } from "commander";

export const DEFAULT_SUBGRAPH_URL = "http://127.0.0.1:8000/subgraphs/name/lotgraph";
export const DEFAULT_DB = ".data/lotgraph.db";

interface StoreFlags {
  db: string;
}

/** `lotgraph sync`, `lotgraph status` and `lotgraph analytics`. */
export function registerIndexerCommands(program: Command) {
  program
    .command("sync")
    .description("pull the subgraph's entities from graph-node into the local store (resumable, reorg-safe)")
    .option("--url <url>", "the subgraph's GraphQL endpoint", DEFAULT_SUBGRAPH_URL)
    .option("--db <file>", "SQLite store (ignored when DATABASE_URL names a Postgres database)", DEFAULT_DB)
    .option("--rebuild", "drop the store's tables and sync from scratch")
    .option("--status-url <url>", "graph-node's index-node status API (default: the subgraph's host, port 8030)")
    .option("--page-size <rows>", "rows per GraphQL page (1-1000)", (v) => Number(v), 1000)
    .action(async (flags: StoreFlags & { url: string; statusUrl?: string; rebuild?: boolean; pageSize: number }) => {
      const { runSync } = require("./commands") as typeof import("./commands");
      await runSync(flags);
    });
  program
    .command("status")
    .description("what the local store holds, and how far behind graph-node it is")
    .option("--url <url>", "the subgraph's GraphQL endpoint", DEFAULT_SUBGRAPH_URL)
    .option("--db <file>", "SQLite store (ignored when DATABASE_URL names a Postgres database)", DEFAULT_DB)
    .option("--status-url <url>", "graph-node's index-node status API (default: the subgraph's host, port 8030)")
    .action(async (flags: StoreFlags & { url: string; statusUrl?: string }) => {
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
