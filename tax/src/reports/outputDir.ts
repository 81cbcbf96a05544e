import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmdirSync, rmSync, statSync, writeSync } from "node:fs";
import path from "node:path";
import { InputError, TaxUserError } from "../errors";
import { SyncWriter } from "../output/syncWriter";

/** The output directory cannot be created or written (permissions, a read-only or special file system, a full disk). */
export class OutputError extends TaxUserError {
  constructor(message: string) {
    super(message, 5);
  }
}

/** Where report files go, one append-only file at a time (a directory, or memory for callers that keep them). */
export interface ReportOutput {
  open(name: string): ReportFile;
  /** gives a file opened earlier its final name */
  rename(from: string, to: string): void;
}

export interface ReportFile {
  write(text: string): void;
  writeBytes(data: Buffer): void;
}

/** Report files kept in memory (small report sets: tests, the main job's yearly reports). */
export class MemoryOutput implements ReportOutput {
  readonly files = new Map<string, string | Buffer>();

  open(name: string): ReportFile {
    this.files.set(name, "");
    return {
      write: (text) => this.files.set(name, (this.files.get(name) as string) + text),
      writeBytes: (data) => this.files.set(name, data),
    };
  }

  rename(from: string, to: string): void {
    const content = this.files.get(from) as string | Buffer;
    this.files.delete(from);
    this.files.set(to, content);
  }
}

const why = (err: unknown) => (err as NodeJS.ErrnoException).code ?? String(err);

/**
 * A directory of report files written so that none is ever seen half-written: each is streamed to a
 * hidden temporary file in the directory and all are renamed into place by commit(); abort() (or any
 * failure) removes the temporary files and the directories this run created. The directory is checked
 * and created before anything is computed, one level at a time (no recursive mkdir, which loops on
 * /proc), and every failure names --out and the cause.
 */
export class OutputDir implements ReportOutput {
  private readonly created: string[] = [];
  private readonly open_ = new Map<string, { temp: string; fd: number; out: SyncWriter; final: string }>();
  private done = false;

  private constructor(readonly dir: string) {}

  static prepare(dir: string): OutputDir {
    const out = new OutputDir(path.resolve(dir));
    out.makeDir(dir);
    return out;
  }

  private makeDir(given: string): void {
    const missing: string[] = [];
    let at = this.dir;
    for (;;) {
      let st;
      try {
        st = statSync(at);
      } catch (err) {
        if (why(err) !== "ENOENT" && why(err) !== "ENOTDIR") throw new OutputError(`--out ${given}: cannot use ${at} (${why(err)})`);
        const parent = path.dirname(at);
        if (parent === at) throw new OutputError(`--out ${given}: no such file system root`);
        missing.unshift(at);
        at = parent;
        continue;
      }
      if (!st.isDirectory()) {
        throw new InputError(`--out ${given}: ${at === this.dir ? "is an existing file, not a directory" : `${at} is a file, not a directory`}`);
      }
      break;
    }
    for (const d of missing) {
      try {
        mkdirSync(d);
      } catch (err) {
        this.removeCreated();
        throw new OutputError(`--out ${given}: cannot create directory ${d} (${why(err)})`);
      }
      this.created.push(d);
    }
    // a probe file tells write permission and read-only file systems apart from the rest before any work
    const probe = path.join(this.dir, `.lotgraph-probe.${process.pid}.tmp`);
    try {
      closeSync(openSync(probe, "wx"));
      rmSync(probe, { force: true });
    } catch (err) {
      this.removeCreated();
      throw new OutputError(`--out ${given}: cannot write in ${this.dir} (${why(err)})`);
    }
  }

  open(name: string): ReportFile {
    const temp = path.join(this.dir, `.${name}.${process.pid}.tmp`);
    let fd: number;
    try {
      fd = openSync(temp, "w");
    } catch (err) {
      throw new OutputError(`--out ${this.dir}: cannot write ${name} (${why(err)})`);
    }
    const out = new SyncWriter(fd, 1 << 18);
    this.open_.set(name, { temp, fd, out, final: name });
    const guard = (fn: () => void) => {
      try {
        fn();
      } catch (err) {
        throw new OutputError(`--out ${this.dir}: cannot write ${name} (${why(err)})`);
      }
    };
    return {
      write: (text) => guard(() => out.write(text)),
      writeBytes: (data) =>
        guard(() => {
          out.flush();
          let off = 0;
          while (off < data.length) off += writeSync(fd, data, off, data.length - off);
        }),
    };
  }

  rename(from: string, to: string): void {
    const f = this.open_.get(from);
    if (f) f.final = to;
  }

  /** Flushes and closes every file and moves them into place; returns their paths. */
  commit(): string[] {
    const files = [...this.open_.values()];
    try {
      for (const f of files) {
        f.out.flush();
        closeSync(f.fd);
        f.fd = -1;
      }
      for (const f of files) renameSync(f.temp, path.join(this.dir, f.final));
    } catch (err) {
      this.abort();
      throw new OutputError(`--out ${this.dir}: cannot finish writing the reports (${why(err)})`);
    }
    this.done = true;
    return files.map((f) => path.join(this.dir, f.final));
  }

  /** Removes every temporary file and the directories this run created. Safe to call twice. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    for (const f of this.open_.values()) {
      if (f.fd >= 0) {
        try {
          closeSync(f.fd);
        } catch {
          // already closed
        }
      }
      rmSync(f.temp, { force: true });
    }
    this.removeCreated();
  }

  private removeCreated(): void {
    for (const d of [...this.created].reverse()) {
      try {
        if (existsSync(d)) rmdirSync(d);
      } catch {
        // not empty (something else wrote there): leave it
      }
    }
    this.created.length = 0;
  }
}
