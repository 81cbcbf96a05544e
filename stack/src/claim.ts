/**
 * Claiming a data directory and the ports for a new stack, before anything is touched.
 *
 * A running stack is never damaged by a second start: every port the stack needs is checked, and so are
 * the data directory's lock (`stack.lock`, written by the stack that runs there) and its Postgres cluster
 * (`postgres/postmaster.pid`). Anything in use is a refusal that names the process and the data
 * directory; nothing is started, stopped, wiped or written. What is reclaimed is only what has no owner:
 * a lock whose process is gone, a postmaster.pid whose pid is dead or not a postgres, and a Postgres
 * server the lock records as started by a stack whose process is gone (an interrupted run's orphan).
 */
import fs from "node:fs";
import path from "node:path";
import { StackError } from "./errors";
import { describeProcess, isAlive, listenersOn, portInUse, processInfo, processName, type ProcessInfo } from "./processes";

/** What the lock of a running stack says about it. */
export interface StackLockInfo {
  pid: number;
  /** the owner's command line when it started, to tell it from a later process with the same pid */
  command: string;
  startedAt: string;
  ports: Record<string, number>;
  /** the Postgres server this stack started (its postmaster's pid) */
  postmasterPid?: number;
}

/** A port the stack needs, with the option that changes it. */
export interface PortNeed {
  port: number;
  service: string;
  option: string;
}

/** What `claimStack` found left over without an owner, and reclaims. */
export interface Leftovers {
  /** a lock whose owner is gone */
  staleLock?: StackLockInfo;
  /** a Postgres server an interrupted stack of this data directory started: to be stopped before start */
  orphanPostmaster?: ProcessInfo;
  /** postmaster.pid names a dead pid or a process that is not a postgres: removed */
  stalePostmasterFile?: string;
}

export const LOCK_FILE = "stack.lock";

const lockPath = (dataDir: string) => path.join(dataDir, LOCK_FILE);

/** The data directory's lock, or undefined when there is none (or it is unreadable, e.g. half-written). */
export function readLock(dataDir: string): StackLockInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(lockPath(dataDir), "utf8")) as StackLockInfo;
    return Number.isInteger(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

/** The lock's owner, while that very process (same pid, same command line) still runs. */
export function lockOwner(info: StackLockInfo): ProcessInfo | undefined {
  const p = processInfo(info.pid);
  return p && p.command === info.command ? p : undefined;
}

/** The live postgres whose pid the cluster's postmaster.pid names; `stale` when the file names no live postgres. */
export function postmasterOf(clusterDir: string): { live?: ProcessInfo; staleFile?: string } {
  const file = path.join(clusterDir, "postmaster.pid");
  let pid: number;
  try {
    pid = Number(fs.readFileSync(file, "utf8").split("\n")[0]);
  } catch {
    return {};
  }
  if (isAlive(pid) && processName(pid) === "postgres") return { live: processInfo(pid) ?? { pid, command: "postgres" } };
  return { staleFile: file };
}

function portProblem(need: PortNeed, users: ProcessInfo[]): string {
  const who = users.length
    ? `in use by ${users.slice(0, 3).map((u) => describeProcess(u)).join(", ")}`
    : `in use by a process this user cannot see (\`ss -ltnp 'sport = :${need.port}'\` as root names it)`;
  return `port ${need.port} (${need.service}, ${need.option}) is ${who}`;
}

/**
 * Checks everything a new stack in `dataDir` on `ports` would use and throws one StackError listing every
 * conflict (nothing touched). Returns what is left over without an owner, for the caller to reclaim.
 */
export async function inspectStack(dataDir: string, clusterDir: string, ports: PortNeed[]): Promise<Leftovers> {
  const problems: string[] = [];
  const leftovers: Leftovers = {};
  const lock = readLock(dataDir);
  const owner = lock && lockOwner(lock);
  if (lock && owner && owner.pid !== process.pid) {
    problems.push(`a lotgraph stack runs in this data directory: ${describeProcess(owner)}, started ${lock.startedAt}`);
  } else if (lock && owner) {
    problems.push(`this process already runs a stack in this data directory (started ${lock.startedAt})`);
  } else if (lock) leftovers.staleLock = lock;

  const postmaster = postmasterOf(clusterDir);
  if (postmaster.live) {
    if (!owner && lock?.postmasterPid === postmaster.live.pid) leftovers.orphanPostmaster = postmaster.live;
    else if (!owner) {
      problems.push(`Postgres runs on this data directory's cluster ${clusterDir}: ${describeProcess(postmaster.live)}`);
    }
  } else if (postmaster.staleFile) leftovers.stalePostmasterFile = postmaster.staleFile;

  const inUse = await Promise.all(ports.map(async (p) => ((await portInUse(p.port)) ? p : undefined)));
  for (const need of inUse) {
    if (!need) continue;
    // An orphan Postgres of this data directory holds its own port; it is reclaimed, not a conflict.
    const users = listenersOn(need.port);
    if (leftovers.orphanPostmaster && users.length && users.every((u) => u.pid === leftovers.orphanPostmaster!.pid)) continue;
    problems.push(portProblem(need, users));
  }
  if (problems.length) {
    const stackPid = owner?.pid;
    throw new StackError(
      `the stack cannot start with data directory ${dataDir}; nothing was started, stopped or wiped:\n` +
        problems.map((p) => `  - ${p}`).join("\n"),
      {
        fix:
          (stackPid ? `stop that stack first (Ctrl-C where it runs, or \`kill -INT ${stackPid}\`), or ` : "stop what holds them, or ") +
          "start another stack beside it with its own --data-dir and --free-ports (or the --*-port options)",
      },
    );
  }
  return leftovers;
}

/**
 * Writes the data directory's lock for this process, atomically: when another start won the race and
 * wrote its own lock in between, that is a refusal naming it.
 */
export function writeLock(dataDir: string, info: StackLockInfo, replacing?: StackLockInfo): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = lockPath(dataDir);
  if (replacing) {
    // Only the stale lock we inspected is removed; a lock written since then stays and wins.
    const now = readLock(dataDir);
    if (now && now.pid === replacing.pid && now.startedAt === replacing.startedAt) fs.rmSync(file, { force: true });
  }
  try {
    fs.writeFileSync(file, `${JSON.stringify(info, null, 2)}\n`, { flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    const other = readLock(dataDir);
    const owner = other && lockOwner(other);
    throw new StackError(
      `another stack claimed data directory ${dataDir} just now${owner ? `: ${describeProcess(owner)}` : ""}; nothing was started`,
      { fix: "let that one run, or use another --data-dir" },
    );
  }
}

/** Records a detail (e.g. the postmaster's pid) in this process's lock. */
export function updateLock(dataDir: string, patch: Partial<StackLockInfo>): void {
  const info = readLock(dataDir);
  if (!info || info.pid !== process.pid) return;
  fs.writeFileSync(lockPath(dataDir), `${JSON.stringify({ ...info, ...patch }, null, 2)}\n`);
}

/** Removes the lock when this process holds it. */
export function releaseLock(dataDir: string): void {
  const info = readLock(dataDir);
  if (info && info.pid === process.pid) fs.rmSync(lockPath(dataDir), { force: true });
}

/** This process's command line, as its lock records it. */
export function ownCommand(): string {
  return processInfo(process.pid)?.command ?? process.argv.join(" ");
}
