/**
 * What the user sees while the stack starts and the main job runs: every phase longer than a moment
 * shows that it is running and for how long, and a long loop (the simulated year) shows a bar with an
 * ETA. On a terminal: an `ora` spinner naming the running phases with their elapsed time, and a
 * `cli-progress` bar. Elsewhere (CI logs, pipes, tests): plain lines only, no escape codes — a line when a
 * phase starts, a heartbeat while it runs long, a line when it ends, and the bar as a line every tenth.
 * Each phase's duration is kept for the timings printed at the end.
 */
import cliProgress from "cli-progress";
import ora, { type Ora } from "ora";

export interface ProgressBar {
  /** `done` of the bar's total steps are finished; `detail` says where (e.g. the simulated date) */
  update(done: number, detail?: string): void;
  stop(): void;
}

export interface Progress {
  /** a line of output, printed above any spinner or bar */
  log(line: string): void;
  /** runs `work` as the named phase (phases may overlap) and records how long it took */
  phase<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** starts the named phase; the returned function ends it (`close` ends whatever is left on failure) */
  begin(name: string): () => void;
  /** a bar of `total` steps named `name`, with an ETA; its duration is recorded as the phase `name` */
  bar(name: string, total: number, unit: string): ProgressBar;
  /** each finished phase and bar, in the order they finished */
  readonly timings: { name: string; ms: number }[];
  /** stops any spinner or bar still drawn (on failure) */
  close(): void;
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const clock = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

/** `services 3.1 s · compile 7.2 s · …`: the finished phases, for the closing summary. */
export function formatTimings(timings: { name: string; ms: number }[]): string {
  return timings.map((t) => `${t.name} ${seconds(t.ms)}`).join(" · ");
}

/** Shared bookkeeping: which phases run since when, and how long finished ones took. */
abstract class PhaseClock implements Progress {
  readonly timings: { name: string; ms: number }[] = [];
  protected readonly running = new Map<string, number>();

  abstract log(line: string): void;
  abstract bar(name: string, total: number, unit: string): ProgressBar;
  abstract close(): void;
  protected abstract started(name: string): void;
  protected abstract finished(name: string, ms: number, failed: boolean): void;

  async phase<T>(name: string, work: () => Promise<T>): Promise<T> {
    const t0 = this.start(name);
    try {
      const result = await work();
      this.end(name, t0, false);
      return result;
    } catch (err) {
      this.end(name, t0, true);
      throw err;
    }
  }

  begin(name: string): () => void {
    const t0 = this.start(name);
    return () => this.end(name, t0, false);
  }

  private start(name: string): number {
    const t0 = Date.now();
    this.running.set(name, t0);
    this.started(name);
    return t0;
  }

  private end(name: string, t0: number, failed: boolean): void {
    if (!this.running.has(name)) return;
    const ms = Date.now() - t0;
    this.running.delete(name);
    if (!failed) this.timings.push({ name, ms });
    this.finished(name, ms, failed);
  }

  protected record(name: string, ms: number): void {
    this.timings.push({ name, ms });
  }
}

/** Plain lines through `write` (one line per call): for pipes, CI logs and tests. */
export class PlainProgress extends PhaseClock {
  private heartbeat?: NodeJS.Timeout;

  /** `heartbeatMs`: how often a still-running phase says so (0: never) */
  constructor(
    private readonly write: (line: string) => void,
    private readonly heartbeatMs = 15_000,
  ) {
    super();
  }

  log(line: string): void {
    this.write(line);
  }

  protected started(name: string): void {
    this.write(`… ${name}`);
    if (this.heartbeatMs > 0 && !this.heartbeat) {
      this.heartbeat = setInterval(() => {
        const now = Date.now();
        const list = [...this.running].map(([n, t0]) => `${n} (${clock(now - t0)})`).join(", ");
        if (list) this.write(`… still running: ${list}`);
      }, this.heartbeatMs);
      this.heartbeat.unref();
    }
  }

  protected finished(name: string, ms: number, failed: boolean): void {
    this.write(`${failed ? "✗" : "✓"} ${name} ${failed ? "failed after" : "in"} ${seconds(ms)}`);
    if (!this.running.size) this.close();
  }

  bar(name: string, total: number, unit: string): ProgressBar {
    const t0 = Date.now();
    let nextTenth = 1;
    this.write(`… ${name}: ${total} ${unit}`);
    return {
      update: (done, detail) => {
        const tenth = (k: number) => Math.ceil((total * k) / 10);
        if (done < tenth(nextTenth)) return;
        while (nextTenth <= 10 && done >= tenth(nextTenth)) nextTenth++;
        const elapsed = Date.now() - t0;
        const eta = done >= total ? "done" : `ETA ${clock((elapsed / done) * (total - done))}`;
        this.write(`  ${name}: ${done}/${total} ${unit} (${Math.floor((100 * done) / total)} %)${detail ? ` ${detail}` : ""}, ${clock(elapsed)} elapsed, ${eta}`);
      },
      stop: () => this.record(name, Date.now() - t0),
    };
  }

  close(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }
}

/** A spinner and a bar on a terminal (`stream` must be a TTY). */
export class TerminalProgress extends PhaseClock {
  private spinner?: Ora;
  private ticker?: NodeJS.Timeout;
  private multibar?: cliProgress.MultiBar;

  constructor(private readonly stream: NodeJS.WriteStream = process.stdout) {
    super();
  }

  log(line: string): void {
    if (this.multibar) this.multibar.log(`${line}\n`);
    else if (this.spinner?.isSpinning) {
      this.spinner.clear();
      this.stream.write(`${line}\n`);
      this.spinner.render();
    } else this.stream.write(`${line}\n`);
  }

  private spinnerText(): string {
    const now = Date.now();
    return [...this.running].map(([n, t0]) => `${n} ${clock(now - t0)}`).join(" · ");
  }

  protected started(): void {
    if (!this.spinner) {
      this.spinner = ora({ stream: this.stream, discardStdin: false, text: this.spinnerText() }).start();
      this.ticker = setInterval(() => {
        if (this.spinner) this.spinner.text = this.spinnerText();
      }, 500);
      this.ticker.unref();
    } else this.spinner.text = this.spinnerText();
  }

  protected finished(name: string, ms: number, failed: boolean): void {
    const spinner = this.spinner!;
    const line = `${name} ${failed ? "failed after" : "in"} ${seconds(ms)}`;
    if (failed) spinner.fail(line);
    else spinner.succeed(line);
    if (this.running.size) spinner.start(this.spinnerText());
    else this.stopSpinner();
  }

  private stopSpinner(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    this.spinner?.stop();
    this.spinner = undefined;
  }

  bar(name: string, total: number, unit: string): ProgressBar {
    const t0 = Date.now();
    this.multibar = new cliProgress.MultiBar(
      {
        stream: this.stream,
        format: `${name} [{bar}] {value}/{total} ${unit} {detail} | {duration_formatted} elapsed, ETA {eta_formatted}`,
        // the cursor stays visible: a Ctrl-C exits without stopping the bar, and a hidden cursor would outlive it
        hideCursor: false,
        etaBuffer: 30,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    const bar = this.multibar.create(total, 0, { detail: "" });
    return {
      update: (done, detail) => bar.update(done, { detail: detail ?? "" }),
      stop: () => {
        this.multibar?.stop();
        this.multibar = undefined;
        this.record(name, Date.now() - t0);
      },
    };
  }

  close(): void {
    this.stopSpinner();
    this.multibar?.stop();
    this.multibar = undefined;
  }
}

/** The progress display for this process's stdout: spinners and a bar on a terminal, plain lines otherwise. */
export function consoleProgress(stream: NodeJS.WriteStream = process.stdout): Progress {
  return stream.isTTY ? new TerminalProgress(stream) : new PlainProgress((line) => stream.write(`${line}\n`));
}
