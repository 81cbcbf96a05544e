import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { postmasterOf } from "./claim";
import { StackError } from "./errors";
import { assertPortFree, HOST } from "./ports";
import { describeProcess } from "./processes";

const run = promisify(execFile);

export const POSTGRES_APT_FIX =
  "install Debian's Postgres with its contrib extensions: `sudo apt-get install -y postgresql-15 postgresql-contrib` " +
  "(or run `sudo bash scripts/install-system-deps.sh`), or point LOTGRAPH_PG_BIN at a Postgres bin directory";

export interface PostgresOptions {
  /** The cluster directory; created (initdb) when missing. */
  clusterDir: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** Directory of initdb/pg_ctl/psql; found under /usr/lib/postgresql when omitted. */
  binDir?: string;
}

/**
 * The Postgres bin directory to use: `explicit` (or LOTGRAPH_PG_BIN) when given, else the newest
 * version under `root`. Throws a StackError saying how to install Postgres when there is none.
 */
export function findPostgresBin(explicit = process.env.LOTGRAPH_PG_BIN, root = "/usr/lib/postgresql"): string {
  const hasTools = (dir: string) => ["initdb", "pg_ctl", "psql"].every((b) => fs.existsSync(path.join(dir, b)));
  if (explicit) {
    if (hasTools(explicit)) return explicit;
    throw new StackError(`LOTGRAPH_PG_BIN=${explicit} holds no initdb/pg_ctl/psql`, { fix: POSTGRES_APT_FIX });
  }
  const versions = fs.existsSync(root)
    ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))
    : [];
  const found = versions.map((v) => path.join(root, v, "bin")).find(hasTools);
  if (!found) throw new StackError(`Postgres is not installed (no initdb under ${root}/*/bin)`, { fix: POSTGRES_APT_FIX });
  return found;
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/**
 * An isolated Postgres cluster in a project directory, listening only on 127.0.0.1 at a chosen port.
 * Postgres refuses to run as root, so as root the cluster belongs to the `postgres` user and every
 * server command runs through `runuser -u postgres`.
 */
export class Postgres {
  readonly options: PostgresOptions;
  readonly binDir: string;

  constructor(options: PostgresOptions) {
    this.options = options;
    this.binDir = findPostgresBin(options.binDir);
  }

  get url(): string {
    const { user, password, port, database } = this.options;
    return `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${HOST}:${port}/${database}`;
  }

  private get logFile(): string {
    return path.join(this.options.clusterDir, "server.log");
  }

  /** Runs a server-side binary as the cluster owner. */
  private async asOwner(binary: string, args: string[]): Promise<string> {
    const bin = path.join(this.binDir, binary);
    const [cmd, argv] = isRoot() ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
    try {
      const { stdout } = await run(cmd, argv, { encoding: "utf8", cwd: "/" });
      return stdout;
    } catch (err) {
      const e = err as { stderr?: string; stdout?: string; message: string };
      throw new StackError(`${binary} ${args.join(" ")} failed: ${(e.stderr || e.stdout || e.message).trim()}`, {
        cause: err,
      });
    }
  }

  /** Creates the cluster (C locale, UTF8, password auth) unless it already exists. */
  async init(): Promise<"created" | "existing"> {
    const dir = this.options.clusterDir;
    if (fs.existsSync(path.join(dir, "PG_VERSION"))) return "existing";
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const pwfile = path.join(path.dirname(dir), `.pgpass-init-${process.pid}`);
    fs.writeFileSync(pwfile, `${this.options.password}\n`, { mode: 0o600 });
    try {
      if (isRoot()) {
        makeTraversable(path.dirname(dir));
        await run("chown", ["-R", "postgres:postgres", dir]);
        await run("chown", ["postgres:postgres", pwfile]);
      }
      await this.asOwner("initdb", [
        "-D", dir,
        "-U", this.options.user,
        `--pwfile=${pwfile}`,
        "--auth=scram-sha-256",
        "--locale=C",
        "--encoding=UTF8",
        "--no-sync",
      ]);
    } finally {
      fs.rmSync(pwfile, { force: true });
    }
    return "created";
  }

  async isRunning(): Promise<boolean> {
    try {
      await this.asOwner("pg_ctl", ["status", "-D", this.options.clusterDir]);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Starts the server. A server already running on this cluster is never stopped here (it may serve a
   * running stack): that is a StackError naming it. A postmaster.pid whose pid is dead or not a postgres
   * is stale and removed.
   */
  async start(): Promise<void> {
    await this.init();
    const { live, staleFile } = postmasterOf(this.options.clusterDir);
    if (live) {
      throw new StackError(`Postgres already runs on cluster ${this.options.clusterDir}: ${describeProcess(live)}; it was left as it is`, {
        fix: "stop the stack that runs it, or use another data directory",
      });
    }
    if (staleFile) fs.rmSync(staleFile, { force: true });
    await assertPortFree(this.options.port, "Postgres", "--pg-port");
    const serverOptions = [
      `-p ${this.options.port}`,
      `-c listen_addresses=${HOST}`,
      `-c unix_socket_directories=''`,
      // graph-node opens a pool per store; the default 100 is plenty for one subgraph but make it explicit.
      "-c max_connections=200",
      "-c fsync=off",
    ].join(" ");
    try {
      await this.asOwner("pg_ctl", ["start", "-D", this.options.clusterDir, "-l", this.logFile, "-w", "-t", "60", "-o", serverOptions]);
    } catch (err) {
      const tail = fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, "utf8").split("\n").slice(-10).join("\n") : "";
      throw new StackError(`Postgres did not start on ${HOST}:${this.options.port}: ${(err as Error).message}\n${tail}`);
    }
  }

  /** Runs one SQL statement against `db` as the cluster's superuser. */
  async sql(statement: string, db = "postgres"): Promise<string> {
    const { user, password, port } = this.options;
    try {
      const { stdout } = await run(
        path.join(this.binDir, "psql"),
        ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", HOST, "-p", String(port), "-U", user, "-d", db, "-c", statement],
        { encoding: "utf8", env: { ...process.env, PGPASSWORD: password } },
      );
      return stdout.trim();
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new StackError(`psql failed on "${statement}": ${(e.stderr || e.message).trim()}`, { cause: err });
    }
  }

  /**
   * Drops and recreates graph-node's database. The hardhat chain lives in memory, so every fresh stack
   * has a new genesis block; graph-node's store from an earlier chain would not match it.
   */
  async resetDatabase(): Promise<void> {
    const db = this.options.database;
    await this.sql(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    await this.sql(`CREATE DATABASE "${db}" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
  }

  /** Creates graph-node's database when it is missing; keeps it otherwise. */
  async ensureDatabase(): Promise<"created" | "existing"> {
    const exists = await this.sql(`SELECT 1 FROM pg_database WHERE datname = '${this.options.database}'`);
    if (exists === "1") return "existing";
    await this.resetDatabase();
    return "created";
  }

  async health(): Promise<boolean> {
    return (await this.sql("SELECT 1")) === "1";
  }

  async stop(): Promise<void> {
    if (!fs.existsSync(path.join(this.options.clusterDir, "PG_VERSION"))) return;
    if (!(await this.isRunning())) return;
    await this.asOwner("pg_ctl", ["stop", "-D", this.options.clusterDir, "-m", "fast", "-w", "-t", "30"]);
  }
}

/** Lets the `postgres` user reach the cluster directory: every ancestor needs the execute bit for others. */
function makeTraversable(dir: string): void {
  let current = path.resolve(dir);
  for (;;) {
    const mode = fs.statSync(current).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(current, mode | 0o011);
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}
