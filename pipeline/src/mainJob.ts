/**
 * The main job (`npm start`): the local stack with the real graph-node, a simulated year of the
 * automated portfolio with the keeper and the harvesting advisor live, the indexer's sync, the tax
 * reports of each simulated year, and the HTML report.
 */
import fs from "node:fs";
import path from "node:path";
import { GraphNode, Stack, freePorts, stackConfig, startSystem, stopOnSignals, type StackPorts, type RunningSystem, type ChainCount } from "@lotgraph/stack";
import { PlainProgress, consoleProgress, formatTimings, type Progress } from "@lotgraph/stack/src/progress";
import { SubgraphClient, loadCapturedEntities, openConnection, sync, syncChains } from "@lotgraph/indexer";
import { renderReport } from "@lotgraph/report";
import { crossChainReport } from "./crossChainReport";
import type { Deployment } from "@lotgraph/contracts";
import type { DayReport, DriveKeeper, MarketConfig } from "@lotgraph/sim";
import { RISK_ASSETS, deploymentFor, marketFor } from "./assets";
import { assembleReport } from "./reportData";
import { runTax, writeTaxReports } from "./taxYears";
import { SECOND_KEEPER_NAME, driveSecondChain, oneChainStore, type SecondChainDrive } from "./secondChain";
import { startAllocation, type Allocation } from "./allocation";

/** What drives the chain through the simulated period (the market, the feeds, the keeper). */
export interface DriveContext {
  system: RunningSystem;
  deployment: Deployment;
  days: number;
  seed: number;
  market: MarketConfig;
  log: (m: string) => void;
  /** called after each simulated day (`day` of `days`), for the progress bar */
  onDay?: (day: { day: number; timestamp: number }) => void;
  /** with two chains: the second chain follows each day's prices (awaited before the next day) */
  afterDay?: (day: DayReport) => Promise<void>;
  /** with two chains: the home keeper, whose passes are followed by the cross-chain allocation's */
  keeper?: DriveKeeper;
}
export interface DriveSummary {
  days: number;
  transactions: number;
  keeperActions: number;
  harvests: number;
  /** where the simulation's time went (ms), when the driver measures it */
  timings?: { marketMs: number; syncMs: number; keeperMs: number };
}
export type Driver = (ctx: DriveContext) => Promise<DriveSummary>;

export interface MainJobOptions {
  years?: number;
  /** simulate only this many days (default: 365 × years) */
  days?: number;
  seed?: number;
  /** the risk assets to hold (default: all of WETH, WBTC, LINK, UNI) */
  assets?: string[];
  /** first day of the simulation (the chain's genesis); its year is the first tax year */
  start?: string;
  keep?: boolean;
  dataDir?: string;
  reportsDir?: string;
  freePorts?: boolean;
  ports?: Partial<StackPorts>;
  /** With two chains: the keeper sends the cross-chain moves its allocation passes decide (default true; false decides and logs only). */
  allocationMoves?: boolean;
  /** 2: a second chain beside the home chain, the stablecoin bridged to it and the relayer running (default 1) */
  chains?: ChainCount;
  /** plain lines through this instead of the console's spinners and bar */
  log?: (m: string) => void;
  /** how phases and the simulated year are shown (default: the console's, or plain lines through `log`) */
  progress?: Progress;
  driver?: Driver;
}

export interface MainJobResult {
  graphqlUrl: string;
  storeFile: string;
  html: string;
  taxFiles: string[];
  timings: Record<string, number>;
  drive: DriveSummary;
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The one line that says the kept stack is ready: everything simulated is indexed and can be queried. */
export const readyLine = (graphqlUrl: string, block: number) =>
  `READY: GraphQL ${graphqlUrl} — synced to block ${block}, every simulated day indexed`;

/**
 * The chain is new on every run, so the keeper's store and journal beside the deployment file describe
 * an earlier chain: the store would claim blocks this chain has not reached, and the journal harvests it
 * has not made. The keeper starts from neither (its log stays).
 */
function forgetEarlierChain(deploymentFile: string, log: (m: string) => void): void {
  const dir = path.dirname(deploymentFile);
  const stale = ["keeper", SECOND_KEEPER_NAME].flatMap((k) => [`${k}.db`, `${k}.db-wal`, `${k}.db-shm`, `${k}-journal.jsonl`]).map((f) => path.join(dir, f)).filter((f) => fs.existsSync(f));
  for (const f of stale) fs.rmSync(f);
  if (stale.length) log(`keeper     store and journal of the earlier chain removed (${stale.map((f) => path.basename(f)).join(", ")})`);
}

/** `--chains 2` deploys WETH and the stablecoin on the second chain (stack/src/secondSystem.ts), so WETH must be held. */
function checkChains(chains: ChainCount | undefined, assets: string[]): void {
  if (chains === undefined || chains === 1) return;
  if (chains !== 2) throw Object.assign(new Error(`--chains: ${String(chains)} is not 1 or 2`), { exitCode: 2 });
  if (!assets.includes("WETH")) {
    throw Object.assign(new Error(`--chains 2: the second chain's system holds WETH and USDC, but --assets is ${assets.join(",")}; add WETH`), { exitCode: 2 });
  }
}

/**
 * The home keeper, each of whose passes is followed by the cross-chain allocation's pass: the driver mines the
 * home chain only during the keeper's pass (automine on), and the second chain's day (its prices, its keeper) is
 * awaited first, so the allocation's transactions on both chains are mined at once.
 */
async function keeperWithAllocation(system: RunningSystem, second: SecondChainDrive, allocation: Allocation, log: (m: string) => void): Promise<{ keeper: DriveKeeper }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sim = require("@lotgraph/sim") as typeof import("@lotgraph/sim");
  const home = await sim.keeperForSystem(system, system.deployment, log);
  return {
    keeper: {
      lagBlocks: home.lagBlocks,
      ...(home.everyDays !== undefined ? { everyDays: home.everyDays } : {}),
      runPass: async () => {
        try {
          return await home.runPass();
        } finally {
          await second.dayDone();
          await allocation.pass(second.day());
        }
      },
    },
  };
}

/** Waits for the relayer to deliver what is in flight (a move of the last keeper day), so both sides of it are indexed. */
async function relayed(relayer: { pending(): unknown[] }, timeoutMs = 60_000): Promise<void> {
  const t = Date.now();
  while (relayer.pending().length > 0) {
    if (Date.now() - t > timeoutMs) throw new Error(`the relayer still has ${relayer.pending().length} packets in flight after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until graph-node has indexed the home chain's head, and the second gnd the second chain's. */
async function waitAllSynced(system: RunningSystem): Promise<unknown> {
  const home = system.stack.waitSynced(600_000);
  if (!system.second) return home;
  const head = await system.second.deployment.signer.provider!.getBlockNumber();
  return Promise.all([home, system.second.graphNode.waitSynced(head, 600_000)]);
}

/** The indexer's sync: the home subgraph alone, or both chains' subgraphs into the one store (chain ids from their networks). */
async function syncStore(system: RunningSystem, store: Awaited<ReturnType<typeof openConnection>>): Promise<string> {
  const client = (g: GraphNode) => new SubgraphClient(g.graphqlUrl, g.indexNodeUrl);
  if (!system.second) {
    const synced = await sync({ client: client(system.graphNode), store, entities: loadCapturedEntities() });
    return `${synced.rows} entities at block ${synced.block}`;
  }
  const results = await syncChains([system.graphNode, system.second.graphNode].map((g) => ({ client: client(g) })), { store, entities: loadCapturedEntities() });
  return results.map((r) => `${r.rows} entities of chain ${r.chain} at block ${r.block}`).join(", ");
}

export async function runMainJob(options: MainJobOptions = {}): Promise<MainJobResult> {
  const progress = options.progress ?? (options.log ? new PlainProgress(options.log, 0) : consoleProgress());
  const log = (m: string) => progress.log(m);
  const years = options.years ?? 1;
  const seed = options.seed ?? 2025;
  const start = new Date(`${options.start ?? "2025-01-01"}T00:00:00Z`);
  if (Number.isNaN(start.getTime())) throw Object.assign(new Error(`--start: "${options.start}" is not a date (YYYY-MM-DD)`), { exitCode: 2 });
  if (!Number.isInteger(years) || years < 1 || years > 5) throw Object.assign(new Error(`--years: ${years} is not 1 to 5`), { exitCode: 2 });
  const days = options.days ?? 365 * years;
  if (!Number.isInteger(days) || days < 1 || days > 365 * years) {
    throw Object.assign(new Error(`--days: ${options.days} is not 1 to ${365 * years} (365 × --years)`), { exitCode: 2 });
  }
  const assets = options.assets ?? RISK_ASSETS;
  checkChains(options.chains, assets);
  const reportsDir = path.resolve(options.reportsDir ?? "reports");
  const ports = options.freePorts ? { ...(await freePorts()), ...options.ports } : options.ports;
  const stack = new Stack(stackConfig({ dataDir: options.dataDir, ports, log, database: "wipe", chainStart: start, chains: options.chains }));
  const removeHandlers = stopOnSignals(stack);
  const timings: Record<string, number> = {};
  const t = Date.now();
  const lap = (name: string, since: number) => (timings[name] = Date.now() - since);
  let keepRunning = false;
  try {
    log(`lotgraph: ${days} simulated days from ${options.start ?? "2025-01-01"}, seed ${seed}, assets USDC + ${assets.join(", ")}`);
    const system = await startSystem(stack, { log, progress, deploy: deploymentFor(assets) });
    lap("startup", t);
    const p = system.phases;
    log(`stack up in ${secs(timings.startup)} (services and compile ${secs(p.services)}, deploy ${secs(p.deploy)}, subgraph ${secs(p.subgraph)}, graph-node ${secs(p.graphNode)}): GraphQL ${system.graphNode.graphqlUrl}`);
    forgetEarlierChain(system.deploymentFile, log);
    log(
      options.keep
        ? "  graph-node indexes the simulated year while it runs: until the ready line at the end, queries see only the days simulated so far"
        : "  (queryable while this job runs; the stack stops at the end — --keep leaves it running)",
    );

    const tDrive = Date.now();
    const driver = options.driver ?? (require("@lotgraph/sim").driveYear as Driver);
    const year = progress.bar("simulated days", days, "days");
    const onDay = (d: { day: number; timestamp: number }) => year.update(d.day, new Date(d.timestamp * 1000).toISOString().slice(0, 10));
    const market = marketFor(assets, seed, days);
    const second = system.second ? await driveSecondChain(system, days, seed, log) : undefined;
    const allocation = second ? await startAllocation(system, market, log, { sendMoves: options.allocationMoves !== false }) : undefined;
    const keeper = second && allocation ? await keeperWithAllocation(system, second, allocation, log) : undefined;
    const drive = await driver({ system, deployment: system.deployment, days, seed, market, log, onDay, ...(second ? { afterDay: second.afterDay } : {}), ...(keeper ? { keeper: keeper.keeper } : {}) })
      .finally(() => second?.close());
    year.stop();
    if (second) log(second.summary());
    if (allocation) log(allocation.summary());
    if (system.bridge) await relayed(system.bridge.relayer);
    await progress.phase("graph-node, index the last day", () => waitAllSynced(system));
    lap("simulation", tDrive);
    const split = drive.timings
      ? ` (market writes ${secs(drive.timings.marketMs)}, waiting for graph-node ${secs(drive.timings.syncMs)}, keeper passes ${secs(drive.timings.keeperMs)})`
      : "";
    log(`simulated ${drive.days} days in ${secs(timings.simulation)}${split}: ${drive.transactions} transactions, ${drive.keeperActions} keeper actions, ${drive.harvests} loss harvests`);

    const tSync = Date.now();
    const endSync = progress.begin("indexer sync");
    const storeFile = path.join(stack.config.dataDir, "lotgraph.db");
    fs.rmSync(storeFile, { force: true });
    const store = await openConnection({ file: storeFile });
    const synced = await syncStore(system, store).finally(() => store.db.destroy());
    lap("sync", tSync);
    endSync();
    log(`indexer synced ${synced} into ${storeFile} in ${secs(timings.sync)}`);

    const tTax = Date.now();
    const endTax = progress.begin("tax reports");
    const tax = await runTax(storeFile);
    const firstYear = start.getUTCFullYear();
    const taxYears = Array.from({ length: years }, (_, i) => firstYear + i);
    const taxFiles: string[] = [];
    for (const year of taxYears) taxFiles.push(...(await writeTaxReports(tax, year, reportsDir)));
    for (const note of tax.notes) log(`tax note: ${note}`);
    lap("tax", tTax);
    endTax();

    const tReport = Date.now();
    const endReport = progress.begin("HTML report");
    const lastYear = taxYears[taxYears.length - 1];
    const outputs = taxFiles.map((f) => ({ label: path.basename(f), path: path.relative(process.cwd(), f) }));
    const data = await assembleReport({
      // with two chains its portfolio panels show the home chain's vault; its tax figures are both chains'
      storeFile: system.second ? await oneChainStore(storeFile, system.deployment.chainId) : storeFile,
      tax,
      year: lastYear,
      vault: system.deployment.contracts.Vault.address,
      network: `${stack.chain.kind} (local)`,
      graphqlUrl: system.graphNode.graphqlUrl,
      outputs,
      journalFile: path.join(path.dirname(system.deploymentFile), "keeper-journal.jsonl"),
    });
    // the moves between the vaults are read from the store of both chains
    if (system.second) data.crossChain = await crossChainReport(storeFile);
    const html = path.join(reportsDir, "lotgraph-report.html");
    fs.mkdirSync(reportsDir, { recursive: true });
    fs.writeFileSync(`${html}.tmp`, renderReport(data));
    fs.renameSync(`${html}.tmp`, html);
    lap("report", tReport);
    endReport();
    lap("total", t);
    const indexedTo = GraphNode.latestBlock(await stack.waitSynced());
    if (!options.keep) {
      removeHandlers();
      await stack.stop();
    }

    log("");
    log(`tax reports (${taxYears.join(", ")}): ${path.relative(process.cwd(), path.join(reportsDir, String(lastYear)))}/ — Form 8949 (CSV, PDF), Schedule D, income, TurboTax, CoinTracking, TokenTax, audit trail`);
    log(`HTML report: ${path.relative(process.cwd(), html)}`);
    log(`store:       ${path.relative(process.cwd(), storeFile)} (lotgraph analytics --db ${path.relative(process.cwd(), storeFile)})`);
    if (!options.keep) log(`graph-node:  stopped with the stack (it had indexed block ${indexedTo}); npm start -- --keep leaves it running for GraphQL queries`);
    log(`done in ${secs(timings.total)}: ${formatTimings(progress.timings)}`);

    const result = { graphqlUrl: system.graphNode.graphqlUrl, storeFile, html, taxFiles, timings, drive };
    if (options.keep) {
      keepRunning = true;
      log(`\nthe stack keeps running (logs in ${stack.logDir}); Ctrl-C stops it`);
      if (system.second) log(`chain 2: GraphQL ${system.second.graphNode.graphqlUrl} (network l2), the second chain's system`);
      log(readyLine(system.graphNode.graphqlUrl, indexedTo));
      await new Promise(() => {});
    }
    return result;
  } finally {
    progress.close();
    if (!keepRunning) {
      removeHandlers();
      await stack.stop();
    }
  }
}
