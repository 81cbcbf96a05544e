import type { Command } from "commander";

const port = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`not a port: ${value}`);
  return n;
};

/** Registers `lotgraph start`; the stack itself is loaded only when the command runs. */
export function registerStackCommands(program: Command): void {
  program
    .command("start")
    .description(
      "Start the local stack (hardhat chain, Postgres, IPFS endpoint, graph-node), deploy the contracts, index them, run the scripted scenario and show what graph-node indexed",
    )
    .option("--keep", "leave the stack running after the scenario (Ctrl-C stops it)")
    .option("--data-dir <dir>", "Postgres cluster, IPFS blocks, logs and the subgraph build (default: .data/ at the repository root)")
    .option("--free-ports", "pick free ports instead of the defaults")
    .option("--chain-port <port>", "hardhat node JSON-RPC port (default 8545)", port)
    .option("--pg-port <port>", "Postgres port (default 5433)", port)
    .option("--ipfs-port <port>", "IPFS RPC endpoint port (default 5001)", port)
    .option("--graphql-port <port>", "graph-node GraphQL port (default 8000)", port)
    .option("--index-node-port <port>", "graph-node index-node port (default 8030)", port)
    .option("--admin-port <port>", "graph-node admin port (default 8020)", port)
    .option("--metrics-port <port>", "graph-node metrics port (default 8040)", port)
    .action(async (opts) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runStart } = require("./start") as typeof import("./start");
      const ports = Object.fromEntries(
        Object.entries({
          chain: opts.chainPort,
          postgres: opts.pgPort,
          ipfs: opts.ipfsPort,
          http: opts.graphqlPort,
          indexNode: opts.indexNodePort,
          admin: opts.adminPort,
          metrics: opts.metricsPort,
        }).filter(([, v]) => v !== undefined),
      );
      await runStart({ keep: opts.keep, dataDir: opts.dataDir, freePorts: opts.freePorts, ports });
    });
}
