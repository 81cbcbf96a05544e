import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import fs from "node:fs";

/**
 * A child process in its own process group, so stopping it also stops everything it started
 * (hardhat's node, gnd's workers) and nothing is left running. Its output goes to a log file;
 * the last lines are kept in memory for error messages.
 */
export class ManagedChild {
  readonly name: string;
  readonly process: ChildProcess;
  readonly logFile?: string;
  private tail: string[] = [];
  private exited = false;
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exitPromise: Promise<void>;

  constructor(name: string, command: string, args: string[], options: SpawnOptions & { logFile?: string }) {
    this.name = name;
    this.logFile = options.logFile;
    const log = options.logFile ? fs.createWriteStream(options.logFile, { flags: "a" }) : undefined;
    this.process = spawn(command, args, { ...options, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const onData = (chunk: Buffer) => {
      log?.write(chunk);
      const lines = chunk.toString("utf8").split("\n").filter((l) => l.trim() !== "");
      this.tail.push(...lines);
      if (this.tail.length > 40) this.tail.splice(0, this.tail.length - 40);
    };
    this.process.stdout?.on("data", onData);
    this.process.stderr?.on("data", onData);
    // The child runs in its own process group, so it would outlive this process if it ended without
    // stopping it (an uncaught error, a closed pipe): on exit, its whole group goes too.
    const killOnExit = () => this.killGroup("SIGKILL");
    process.once("exit", killOnExit);
    this.exitPromise = new Promise((resolve) => {
      this.process.once("exit", (code, signal) => {
        process.off("exit", killOnExit);
        this.exited = true;
        this.exitInfo = { code, signal };
        log?.end();
        resolve();
      });
      this.process.once("error", (err) => {
        this.tail.push(String(err));
        this.exited = true;
        this.exitInfo = { code: null, signal: null };
        log?.end();
        resolve();
      });
    });
  }

  get running(): boolean {
    return !this.exited;
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  /** The last lines the process printed, for error messages. */
  recentOutput(lines = 15): string {
    return this.tail.slice(-lines).join("\n");
  }

  exitDescription(): string {
    if (!this.exitInfo) return "still running";
    return this.exitInfo.signal ? `killed by ${this.exitInfo.signal}` : `exited with code ${this.exitInfo.code}`;
  }

  /**
   * Sends `signal` to the whole process group, then SIGKILL if it has not exited after `graceMs`.
   * Resolves once the process has exited.
   */
  async stop(signal: NodeJS.Signals = "SIGTERM", graceMs = 5_000): Promise<void> {
    if (this.exited) return this.killGroup("SIGKILL");
    this.killGroup(signal);
    const timedOut = await Promise.race([
      this.exitPromise.then(() => false),
      new Promise<boolean>((r) => setTimeout(() => r(true), graceMs).unref()),
    ]);
    if (timedOut) this.killGroup("SIGKILL");
    await this.exitPromise;
    // Anything the leader left behind in its group goes too.
    this.killGroup("SIGKILL");
  }

  whenExited(): Promise<void> {
    return this.exitPromise;
  }

  private killGroup(signal: NodeJS.Signals): void {
    const pid = this.process.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // group already gone
    }
  }
}
