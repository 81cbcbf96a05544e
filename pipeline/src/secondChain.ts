/**
 * The second chain's part of the simulated year (`--chains 2`): each day, once the home chain's market is
 * written, the second chain follows the day's prices (sim's FollowerChain: its feeds post the same answers, its
 * pools are arbitraged to them), and on the home keeper's days (day 1, every 7th, the last) its own keeper runs
 * a pass on its own subgraph (the second gnd), with its own log, store and journal (`keeper-l2.*`). This runs
 * beside the home keeper's pass (the driver awaits it before the next day), so it costs the drive little.
 */
import fs from "node:fs";
import { CHAIN_COLUMN, openConnection } from "@lotgraph/indexer";
import type { RunningSystem } from "@lotgraph/stack";
import type { DayReport, DriveKeeper, FollowerChain } from "@lotgraph/sim";

/** How often the second chain's keeper runs: on the home keeper's days (the sim driver's default cadence). */
export const SECOND_KEEPER_EVERY_DAYS = 7;
/** The second chain's keeper files beside the deployment files: keeper-l2.log, keeper-l2.db, keeper-l2-journal.jsonl. */
export const SECOND_KEEPER_NAME = "keeper-l2";
const SYNC_TIMEOUT_MS = 120_000;

export interface SecondChainDrive {
  afterDay: (day: DayReport) => Promise<void>;
  /** the second chain's part of the latest day (its prices followed, its keeper's pass): settles, never rejects */
  dayDone: () => Promise<void>;
  /** the latest day handed to afterDay */
  day: () => number;
  close: () => void;
  /** what it did, for the job's log */
  summary: () => string;
}

export async function driveSecondChain(system: RunningSystem, days: number, seed: number, log: (m: string) => void): Promise<SecondChainDrive> {
  const second = system.second;
  if (!second) throw new Error("driveSecondChain: the system runs on one chain");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sim = require("@lotgraph/sim") as typeof import("@lotgraph/sim");
  const provider = second.deployment.signer.provider!;
  const waitSynced = async (_timeoutMs?: number, lagBlocks = 0) => second.graphNode.waitSynced((await provider.getBlockNumber()) - lagBlocks, SYNC_TIMEOUT_MS);
  const secondSystem = {
    stack: { chain: { url: system.stack.secondChain!.url }, waitSynced },
    deploymentFile: second.deploymentFile,
    graphNode: second.graphNode,
  };
  const keeper: DriveKeeper = await sim.keeperForSystem(secondSystem, second.deployment, (l) => log(`chain 2 ${l}`), SECOND_KEEPER_NAME);
  const follower: FollowerChain = await sim.FollowerChain.open(second.deployment, seed);
  const counts = { passes: 0, upkeeps: 0, harvests: 0, errors: 0 };

  async function keeperPass(day: number): Promise<void> {
    await waitSynced(SYNC_TIMEOUT_MS, keeper.lagBlocks ?? 0);
    try {
      const r = await keeper.runPass();
      counts.passes++;
      counts.upkeeps += r.upkeeps.length;
      counts.harvests += r.harvested.length;
    } catch (e) {
      // as on the home chain: a pass the chain cannot serve that day is retried on the next one
      counts.passes++;
      counts.errors++;
      log(`chain 2 day ${day}: keeper pass failed: ${(e as Error).message.split("\n")[0]}`);
    }
  }

  let current: Promise<void> = Promise.resolve();
  let latest = 0;
  return {
    day: () => latest,
    afterDay: (day) => {
      latest = day.day;
      current = (async () => {
        await follower.followDay(day);
        if (day.day === 1 || day.day % SECOND_KEEPER_EVERY_DAYS === 0 || day.day === days) await keeperPass(day.day);
      })();
      return current;
    },
    dayDone: () => current.catch(() => {}),
    close: () => follower.close(),
    summary: () => {
      const f = follower.stats;
      return `chain 2 followed ${f.days} days (${f.blocks} blocks, ${f.transactions} transactions, ${f.arbitrageSwaps} arbitrage swaps); its keeper: ${counts.passes} passes, ${counts.upkeeps} upkeeps, ${counts.harvests} loss harvests, ${counts.errors} failed passes`;
    },
  };
}

/**
 * A copy of the store (`<store>-chain-<id>.db`) holding only `chain`'s rows: the HTML report's portfolio panels
 * (value, weights, hedges, ranges) are one vault's, and the indexer's analytics read every row of the store. The
 * tax figures the report shows come from the tax run over both chains, not from this copy.
 */
export async function oneChainStore(storeFile: string, chain: number): Promise<string> {
  const file = `${storeFile.replace(/\.db$/, "")}-chain-${chain}.db`;
  fs.rmSync(file, { force: true });
  const source = await openConnection({ file: storeFile });
  try {
    source.sqlite!.prepare("VACUUM INTO ?").run(file);
  } finally {
    await source.db.destroy();
  }
  const copy = await openConnection({ file });
  try {
    const db = copy.sqlite!;
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    for (const { name } of tables) {
      if (db.prepare("SELECT 1 FROM pragma_table_info(?) WHERE name = ?").get(name, CHAIN_COLUMN)) {
        db.prepare(`DELETE FROM "${name}" WHERE "${CHAIN_COLUMN}" != ?`).run(chain);
      }
    }
  } finally {
    await copy.db.destroy();
  }
  return file;
}
