/**
 * Who is there: live processes and the processes listening on a TCP port, read from Linux's /proc,
 * so a refusal can name what holds a port or a data directory (pid and command line).
 */
import fs from "node:fs";
import net from "node:net";
import { HOST } from "./ports";

export interface ProcessInfo {
  pid: number;
  /** the command line, or what /proc lets us see of it */
  command: string;
}

/** True while a process with this pid exists (also when it belongs to another user). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The pid's command line, or undefined when no such process exists. */
export function processInfo(pid: number): ProcessInfo | undefined {
  if (!isAlive(pid)) return undefined;
  try {
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter((a) => a !== "");
    if (argv.length) return { pid, command: argv.join(" ") };
  } catch {
    // gone meanwhile, or not ours to read
  }
  try {
    return { pid, command: `[${fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim()}]` };
  } catch {
    return { pid, command: "(command line not readable)" };
  }
}

/** The executable's name (Linux's comm), e.g. "postgres"; undefined when the process is gone. */
export function processName(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return undefined;
  }
}

/** `pid 123 (node hardhat node --port 8545)`, the command line cut at `max` characters. */
export function describeProcess(p: ProcessInfo, max = 160): string {
  const command = p.command.length > max ? `${p.command.slice(0, max - 1)}…` : p.command;
  return `pid ${p.pid} (${command})`;
}

/** Resolves true when something listens on 127.0.0.1:port (binding it fails). */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE" || err.code === "EACCES") resolve(true);
      else reject(err);
    });
    server.listen(port, HOST, () => server.close(() => resolve(false)));
  });
}

/** The socket inodes listening on `port` (any address, IPv4 and IPv6), from /proc/net/tcp{,6}. */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = fs.readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      if (f.length < 10 || f[3] !== "0A") continue; // 0A = LISTEN
      if (f[1].split(":")[1] === hexPort) inodes.add(f[9]);
    }
  }
  return inodes;
}

/** The processes holding a listening socket on `port`; empty when none is visible to this user. */
export function listenersOn(port: number): ProcessInfo[] {
  const inodes = listeningInodes(port);
  if (!inodes.size) return [];
  const found: ProcessInfo[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    const holds = fds.some((fd) => {
      try {
        const target = fs.readlinkSync(`/proc/${entry}/fd/${fd}`);
        return target.startsWith("socket:[") && inodes.has(target.slice(8, -1));
      } catch {
        return false;
      }
    });
    if (holds) {
      const info = processInfo(Number(entry));
      if (info) found.push(info);
    }
  }
  return found;
}
