import type { Command } from "commander";
import type { ChainCount, StackPorts } from "./stack";

const port = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`not a port: ${value}`);
  return n;
};

/** `--chains`: 1 (the default) or 2. */
export const chainCount = (value: string): ChainCount => {
  if (value !== "1" && value !== "2") throw new Error(`--chains takes 1 or 2, not ${value}`);
  return Number(value) as ChainCount;
};

/** The stack's options (data dir and every port), shared by the commands that bring the stack up. */
export function withStackOptions(command: Command): Command {
  return command
    .option("--keep", "leave the stack running afterwards, for GraphQL queries (Ctrl-C stops it)")
    .option("--data-dir <dir>", "Postgres cluster, IPFS blocks, logs, the subgraph build and the store (default: .data/ at the repository root)")
    .option("--free-ports", "pick free ports instead of the defaults")
    .option("--chains <n>", "1, or 2: a second anvil chain (id 412346) with the stablecoin bridged to it over LayerZero V2 and our relayer", chainCount)
    .option("--chain-port <port>", "the chain's JSON-RPC port: anvil, or hardhat's node with LOTGRAPH_CHAIN=hardhat (default 8545)", port)
    .option("--second-chain-port <port>", "the second chain's JSON-RPC port, with --chains 2 (default 8546)", port)
    .option("--pg-port <port>", "Postgres port (default 5433)", port)
    .option("--ipfs-port <port>", "IPFS RPC endpoint port (default 5001)", port)
    .option("--graphql-port <port>", "graph-node GraphQL port (default 8000)", port)
    .option("--index-node-port <port>", "graph-node index-node port (default 8030)", port)
    .option("--admin-port <port>", "graph-node admin port (default 8020)", port)
    .option("--metrics-port <port>", "graph-node metrics port (default 8040)", port);
}

/** The ports given on the command line (the rest keep their defaults). */
export function portsFrom(opts: Record<string, number | undefined>): Partial<StackPorts> {
  const given = {
    chain: opts.chainPort,
    secondChain: opts.secondChainPort,
    postgres: opts.pgPort,
    ipfs: opts.ipfsPort,
    http: opts.graphqlPort,
    indexNode: opts.indexNodePort,
    admin: opts.adminPort,
    metrics: opts.metricsPort,
  };
  return Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
}

/** Registers `lotgraph demo` and `lotgraph subgraph deploy`; the stack itself is loaded only when the command runs. */
export function registerStackCommands(program: Command): void {
  withStackOptions(
    program
      .command("demo")
      .description(
        "the stack alone: start the chain (anvil), Postgres, the IPFS endpoint and graph-node, deploy and index the contracts, run a short scripted scenario and check through GraphQL that graph-node indexed each event",
      ),
  ).action(async (opts) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runStart } = require("./start") as typeof import("./start");
    await runStart({ keep: opts.keep, dataDir: opts.dataDir, freePorts: opts.freePorts, ports: portsFrom(opts), chains: opts.chains });
  });

  const subgraph = program.command("subgraph").description("work on the subgraph of a running stack");
  subgraph
    .command("deploy")
    .description(
      "build the subgraph (graph codegen + graph build) and deploy it to the running stack (npm start -- --keep, or lotgraph demo --keep): " +
        "graph-node serves it under the same name at once and indexes it from its start block; chain and Postgres keep running",
    )
    .option("--data-dir <dir>", "the running stack's data directory (default: .data/ at the repository root)")
    .option("--manifest <file>", "a subgraph manifest of your own (default: the project's subgraph/, for the running stack's contracts)")
    .addHelpText(
      "after",
      "\nWhy not `graph deploy`: the stack runs graph-node's developer binary (gnd dev), which loads subgraphs by file path only.\n" +
        "`graph deploy --node … --ipfs …` uploads the build to IPFS and deploys its IPFS hash, which gnd dev cannot load: it\n" +
        "answers \"internal error\". `graph deploy` needs a full graph-node that reads subgraphs from IPFS: docker-compose.yml\n" +
        "runs one (its header says how). For the same reason `_meta.deployment` on this stack is a local file path.",
    )
    .action(async (opts) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { deploySubgraphToRunningStack } = require("./subgraphDeploy") as typeof import("./subgraphDeploy");
      const log = (m: string) => process.stdout.write(`${m}\n`);
      const result = await deploySubgraphToRunningStack({ dataDir: opts.dataDir, manifest: opts.manifest, log });
      log(`READY: GraphQL ${result.graphqlUrl} — deployment ${result.deployment}, synced to block ${result.block}`);
    });
}
