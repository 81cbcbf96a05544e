/**
 * `lotgraph demo`: the stack alone in one command. Starts the stack, deploys the contracts,
 * builds the subgraph for that deployment, starts graph-node on it, runs the scripted scenario and
 * shows through GraphQL that graph-node indexed each of its events.
 */
import path from "node:path";
import { StackError } from "./errors";
import { GraphNode } from "./gnd";
import { consoleProgress, formatTimings, PlainProgress, seconds } from "./progress";
import { freePorts, Stack, stackConfig, stopOnSignals, type ChainCount, type StackPorts } from "./stack";
import { startSystem } from "./system";
import { runScenario } from "./scenario";
import { INDEXED_EVENTS, verifyIndexed } from "./verify";

export interface StartOptions {
  dataDir?: string;
  ports?: Partial<StackPorts>;
  /** Pick free ports instead of the defaults. */
  freePorts?: boolean;
  /** Leave the stack running after the scenario (until Ctrl-C). */
  keep?: boolean;
  /** 2: a second chain with the stablecoin bridge (default 1). */
  chains?: ChainCount;
  log?: (m: string) => void;
}

export interface StartReport {
  graphqlUrl: string;
  startupMs: number;
  scenarioMs: number;
  indexingMs: number;
  events: number;
  /** Start-up phases in ms: services (chain, Postgres, IPFS, contract compile), deploy, subgraph, graph-node to synced. */
  phases: { services: number; deploy: number; subgraph: number; graphNode: number };
}

export async function runStart(options: StartOptions = {}): Promise<StartReport> {
  const progress = options.log ? new PlainProgress(options.log, 0) : consoleProgress();
  const log = (m: string) => progress.log(m);
  const ports = options.freePorts ? { ...(await freePorts()), ...options.ports } : options.ports;
  const stack = new Stack(stackConfig({ dataDir: options.dataDir, ports, log, database: "wipe", chains: options.chains }));
  const removeHandlers = stopOnSignals(stack);
  const t0 = Date.now();
  let keepRunning = false;
  try {
    log(`data dir   ${stack.config.dataDir} (the chain is in memory, so graph-node's database is wiped on every start)`);
    const { deployment, graphNode, phases } = await startSystem(stack, { log, progress });
    const startupMs = Date.now() - t0;
    log(`synced     at block ${await stack.headBlock()}: start-up took ${seconds(startupMs)}`);

    log("scenario");
    const t1 = Date.now();
    const steps = await progress.phase("scenario", () => runScenario(deployment, log));
    const t2 = Date.now();
    const synced = await progress.phase("graph-node, index the scenario", () => stack.waitSynced());
    const t3 = Date.now();
    log(`indexed    block ${await stack.headBlock()}: scenario ${seconds(t2 - t1)} on chain, graph-node caught up ${seconds(t3 - t2)} after it`);

    let checks;
    try {
      checks = await verifyIndexed(graphNode, steps);
    } catch (err) {
      throw new StackError((err as Error).message, { fix: `see ${path.join(stack.logDir, "graph-node.log")}` });
    }
    log("\nverified through GraphQL (every event below is an entity with the chain's values):");
    for (const c of checks) {
      const found = Object.entries(c.matched).map(([name, n]) => `${INDEXED_EVENTS[name].entity} ×${n}`);
      log(`  ${c.step.padEnd(14)} ${found.join(", ") || "-"}`);
    }
    const missing = ["Deposited", "PriceUpdated", "Rebalance", "Trade", "Harvest", "Hedge", "LossHarvested"].filter(
      (name) => !checks.some((c) => c.matched[name]),
    );
    if (missing.length) throw new StackError(`the scenario produced no ${missing.join(", ")} event`, { fix: "check the scenario against the contracts' keeper conditions" });

    log(`\ntimings: ${formatTimings(progress.timings)}`);

    const report = {
      graphqlUrl: graphNode.graphqlUrl,
      startupMs,
      scenarioMs: t2 - t1,
      indexingMs: t3 - t2,
      events: steps.reduce((n, s) => n + s.events.length, 0),
      phases,
    };
    if (options.keep) {
      keepRunning = true;
      log(`\nthe stack keeps running (logs in ${stack.logDir}); Ctrl-C stops it. A sample query:`);
      log(`  curl -s ${graphNode.graphqlUrl} -H 'content-type: application/json' \\`);
      log(`    -d '{"query":"{ trades(first: 5, orderBy: id) { id tokenIn { symbol } tokenOut { symbol } amountIn amountOut valueOutUsd } _meta { block { number } } }"}'`);
      log(`READY: GraphQL ${graphNode.graphqlUrl} — synced to block ${GraphNode.latestBlock(synced)}`);
      await new Promise(() => {}); // until a signal stops the stack and exits
    }
    removeHandlers();
    await stack.stop();
    log("the stack is stopped (lotgraph demo --keep leaves it running for GraphQL queries)");
    return report;
  } finally {
    progress.close();
    if (!keepRunning) {
      removeHandlers();
      await stack.stop();
    }
  }
}
