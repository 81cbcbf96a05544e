// Runs graph-node's JSON tests (tests/gnd/*.json) with `gnd test` against a throw-away Postgres:
// initdb (as the postgres user when run as root) in a temp dir, a free port, C locale, UTF8; removed after.
//   tsx scripts/gnd-test.ts [--manifest subgraph.yaml] [TEST_FILES_OR_DIRS...]
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";

const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
const PASSWORD = "lotgraph";
const DB = "subgraph_test";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

const asRoot = process.getuid?.() === 0;

/** Runs a Postgres tool, as the postgres user when we are root (initdb and postgres refuse root). */
function pgCommand(tool: string, args: string[]): { cmd: string; args: string[] } {
  const bin = path.join(PG_BIN, tool);
  return asRoot ? { cmd: "runuser", args: ["-u", "postgres", "--", bin, ...args] } : { cmd: bin, args };
}

function run(tool: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const c = pgCommand(tool, args);
  const res = spawnSync(c.cmd, c.args, { encoding: "utf8", env });
  if (res.status !== 0) {
    throw new Error(`${tool} ${args.join(" ")} failed (${res.status}):\n${res.stdout}\n${res.stderr}`);
  }
}

async function waitForPostgres(port: number, deadlineMs: number): Promise<void> {
  const start = Date.now();
  for (;;) {
    const c = pgCommand("pg_isready", ["-h", "127.0.0.1", "-p", String(port)]);
    if (spawnSync(c.cmd, c.args).status === 0) return;
    if (Date.now() - start > deadlineMs) throw new Error(`postgres did not accept connections on port ${port}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  let manifest = "subgraph.yaml";
  const mi = argv.indexOf("--manifest");
  if (mi >= 0) {
    manifest = argv[mi + 1];
    argv.splice(mi, 2);
  }
  const tests = argv.length > 0 ? argv : ["tests/gnd"];
  if (!fs.existsSync(path.join(PG_BIN, "initdb"))) {
    throw new Error(`gnd-test: no Postgres at ${PG_BIN} (install postgresql-15, see scripts/install-system-deps.sh, or set PG_BIN)`);
  }
  const gnd = require.resolve("@graphprotocol/gnd-linux-x64/bin/gnd");

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-gnd-pg-"));
  const data = path.join(dir, "data");
  const pwfile = path.join(dir, "pw");
  fs.writeFileSync(pwfile, PASSWORD + "\n");
  if (asRoot) spawnSync("chown", ["-R", "postgres:postgres", dir]);
  fs.chmodSync(dir, 0o700);
  const port = await freePort();
  let pg: ReturnType<typeof spawn> | undefined;
  try {
    run("initdb", ["-D", data, "-U", "postgres", "--pwfile", pwfile, "-A", "scram-sha-256", "-E", "UTF8", "--locale", "C"]);
    const c = pgCommand("postgres", ["-D", data, "-p", String(port), "-h", "127.0.0.1", "-k", dir, "-c", "max_connections=200", "-c", "fsync=off"]);
    pg = spawn(c.cmd, c.args, { stdio: ["ignore", "ignore", "pipe"] });
    let pgLog = "";
    pg.stderr?.on("data", (d) => (pgLog += d));
    await waitForPostgres(port, 20_000).catch((err) => {
      throw new Error(`${err.message}\n${pgLog}`);
    });
    run("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-E", "UTF8", "--locale", "C", "-T", "template0", DB], {
      ...process.env,
      PGPASSWORD: PASSWORD,
    });
    const url = `postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/${DB}`;
    console.log(`gnd-test: postgres on 127.0.0.1:${port}; running gnd test ${tests.join(" ")}`);
    const res = spawnSync(gnd, ["test", "--skip-build", "--manifest", manifest, "--postgres-url", url, ...tests], {
      stdio: "inherit",
    });
    return res.status ?? 1;
  } finally {
    if (pg && pg.exitCode === null) {
      const exited = new Promise((r) => pg!.once("exit", r));
      // SIGINT = fast shutdown; the runuser wrapper forwards it.
      pg.kill("SIGINT");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (pg.exitCode === null) pg.kill("SIGKILL");
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
