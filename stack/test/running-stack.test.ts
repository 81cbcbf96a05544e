import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { LOCK_FILE, postmasterOf, readLock } from "../src/claim";
import { StackError } from "../src/errors";
import { REPO_ROOT } from "../src/paths";
import { Postgres } from "../src/postgres";
import { freePort } from "../src/ports";
import { freePorts, Stack, stackConfig } from "../src/stack";
import { buildCounterSubgraph, deployCounter, type DeployedCounter } from "./support/counter-fixture";

// What other commands do to a running stack: a real stack (chain, Postgres, IPFS, gnd on the counter
// fixture) runs in this process. Second starts, as separate `lotgraph start` processes, are refused and
// leave it serving; `lotgraph subgraph deploy` replaces its subgraph while it keeps running.
let root: string;
let dataDir: string;
let stack: Stack;
let counter: DeployedCounter;
let manifest: string;

const CLI = path.join(REPO_ROOT, "cli/bin/lotgraph.js");

/** `lotgraph ARGS` as a user would run it, in another process (this one keeps serving meanwhile). */
function lotgraph(args: string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 300_000 }, (err, stdout, stderr) => {
      resolve({ status: err ? ((err as { code?: number }).code ?? 1) : 0, output: `${stdout}\n${stderr}` });
    });
  });
}

/** `lotgraph start ARGS`: a second start of the main job. */
const lotgraphStart = (args: string[]) => lotgraph(["start", "--days", "1", ...args]);

async function bumpsIndexed(): Promise<{ amount: string }[]> {
  return (await stack.graphNode!.query<{ bumps: { amount: string }[] }>("{ bumps(first: 1000, orderBy: blockNumber) { amount } }")).bumps;
}

/** The first stack still serves: a new event is indexed and queryable, and everything indexed before is there. */
async function assertStillServing(before: { amount: string }[]): Promise<void> {
  assert.deepEqual((await bumpsIndexed()).slice(0, before.length), before, "data indexed before is intact");
  await (await counter.contract.bump(13)).wait();
  await stack.waitSynced(30_000);
  const after = await bumpsIndexed();
  assert.equal(after.length, before.length + 1);
  assert.equal(after[after.length - 1].amount, "13");
  assert.equal(await stack.postgres.health(), true);
  assert.equal(readLock(dataDir)?.pid, process.pid, "the running stack's lock is untouched");
}

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-claim-"));
  dataDir = path.join(root, "running");
  stack = new Stack(stackConfig({ dataDir, ports: await freePorts() }));
  await stack.startServices();
  counter = await deployCounter(stack.chain.url);
  manifest = buildCounterSubgraph(counter.address, counter.startBlock).manifest;
  await stack.startGraphNode(manifest);
  for (const amount of [2, 3]) await (await counter.contract.bump(amount)).wait();
  await stack.waitSynced();
});

after(async () => {
  await stack?.stop();
  fs.rmSync(root, { recursive: true, force: true });
  if (manifest) fs.rmSync(path.dirname(manifest), { recursive: true, force: true });
});

test("a second start on the running stack's data directory (other ports) is refused, names the stack, and touches nothing", async () => {
  const before = await bumpsIndexed();
  const logsBefore = fs.readdirSync(path.join(dataDir, "logs")).sort();
  const { status, output } = await lotgraphStart(["--data-dir", dataDir, "--free-ports"]);
  assert.notEqual(status, 0, output);
  assert.match(output, new RegExp(`the stack cannot start with data directory ${dataDir}`));
  assert.match(output, new RegExp(`a lotgraph stack runs in this data directory: pid ${process.pid} \\(`));
  assert.match(output, /nothing was started, stopped or wiped/);
  assert.doesNotMatch(output, /postgres {3}|chain {6}/, "no service was started");
  assert.deepEqual(fs.readdirSync(path.join(dataDir, "logs")).sort(), logsBefore, "logs not rotated");
  await assertStillServing(before);
});

test("a second start with another data directory on the same ports is refused, naming each port's process", async () => {
  const before = await bumpsIndexed();
  const other = path.join(root, "other");
  const p = stack.config.ports;
  const { status, output } = await lotgraphStart([
    "--data-dir", other,
    "--chain-port", String(p.chain), "--pg-port", String(p.postgres), "--ipfs-port", String(p.ipfs),
    "--graphql-port", String(p.http), "--index-node-port", String(p.indexNode), "--admin-port", String(p.admin), "--metrics-port", String(p.metrics),
  ]);
  assert.notEqual(status, 0, output);
  assert.match(output, new RegExp(`port ${p.chain} \\(chain JSON-RPC, --chain-port\\) is in use by pid \\d+ \\(\\S*(node|anvil)`));
  assert.match(output, new RegExp(`port ${p.postgres} \\(Postgres, --pg-port\\) is in use by pid \\d+ \\(\\S*postgres`));
  assert.match(output, new RegExp(`port ${p.ipfs} \\(IPFS endpoint, --ipfs-port\\) is in use by pid ${process.pid} `));
  assert.match(output, new RegExp(`port ${p.http} \\(graph-node GraphQL, --graphql-port\\) is in use by pid \\d+ \\(\\S*gnd dev`));
  assert.equal(fs.existsSync(other), false, "the other data directory was not even created");
  await assertStillServing(before);
});

/** Resolves once something accepts connections on `port` (a child's listen takes its start-up time, longer under load). */
async function listening(port: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listened on port ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test("a foreign process on the chain port: refused before Postgres starts; the data directory's database is not wiped", async (t) => {
  // A stopped stack's data directory whose graph-node database holds data.
  const kept = path.join(root, "kept");
  const pg = new Postgres({ clusterDir: path.join(kept, "postgres"), port: await freePort(), user: "graph", password: "let-me-in", database: "graph-node" });
  await pg.start();
  await pg.ensureDatabase();
  await pg.sql("CREATE TABLE indexed_before (v int); INSERT INTO indexed_before VALUES (7)", "graph-node");
  await pg.stop();
  fs.mkdirSync(path.join(kept, "logs"));
  fs.writeFileSync(path.join(kept, "logs/hardhat.log"), "the earlier run\n");

  const chainPort = await freePort();
  const foreign: ChildProcess = spawn(process.execPath, ["-e", `require("net").createServer().listen(${chainPort}, "127.0.0.1"); setInterval(() => {}, 1000)`], { stdio: "ignore" });
  t.after(() => foreign.kill());
  await listening(chainPort);

  const { status, output } = await lotgraphStart(["--data-dir", kept, "--free-ports", "--chain-port", String(chainPort), "--pg-port", String(pg.options.port)]);
  assert.notEqual(status, 0, output);
  assert.match(output, new RegExp(`port ${chainPort} \\(chain JSON-RPC, --chain-port\\) is in use by pid ${foreign.pid} \\(\\S*node -e require\\("net"\\)`));
  assert.equal(postmasterOf(pg.options.clusterDir).live, undefined, "Postgres was not started");
  assert.equal(fs.readFileSync(path.join(kept, "logs/hardhat.log"), "utf8"), "the earlier run\n", "logs not rotated");
  assert.equal(fs.existsSync(path.join(kept, LOCK_FILE)), false);
  await pg.start();
  try {
    assert.equal(await pg.sql("SELECT v FROM indexed_before", "graph-node"), "7", "graph-node's database was not wiped");
  } finally {
    await pg.stop();
  }
});

test("in one process too: a second Stack on a claimed data directory is refused and its stop() leaves the first alone", async () => {
  const before = await bumpsIndexed();
  const second = new Stack(stackConfig({ dataDir, ports: await freePorts() }));
  await assert.rejects(second.startServices(), (err: unknown) => err instanceof StackError && /already runs a stack in this data directory/.test(err.message));
  await second.stop();
  await assertStillServing(before);
});

/** A pid that no process has now (a child that has exited). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(r.stdout);
}

test("what an interrupted run left without an owner is reclaimed: its Postgres server, a stale postmaster.pid, its logs", async () => {
  const crashed = path.join(root, "crashed");
  const ports = await freePorts();
  const pg = new Postgres({ clusterDir: path.join(crashed, "postgres"), port: ports.postgres, user: "graph", password: "let-me-in", database: "graph-node" });
  await pg.start(); // the orphan: its stack was killed, the server runs on
  const orphan = postmasterOf(pg.options.clusterDir).live!;
  const gone = deadPid();
  fs.writeFileSync(
    path.join(crashed, LOCK_FILE),
    JSON.stringify({ pid: gone, command: "node lotgraph start", startedAt: "2026-01-01T00:00:00.000Z", ports, postmasterPid: orphan.pid }),
  );
  fs.mkdirSync(path.join(crashed, "logs"));
  fs.writeFileSync(path.join(crashed, "logs/graph-node.log"), "the interrupted run\n");

  const lines: string[] = [];
  const next = new Stack(stackConfig({ dataDir: crashed, ports, log: (m) => lines.push(m) }));
  try {
    const leftovers = await next.claim();
    assert.equal(leftovers.orphanPostmaster?.pid, orphan.pid);
    assert.equal(postmasterOf(pg.options.clusterDir).live, undefined, "the orphan server was stopped");
    assert.match(lines.join("\n"), new RegExp(`stopping pid ${orphan.pid} .*interrupted stack \\(pid ${gone}, gone\\)`));
    assert.equal(readLock(crashed)?.pid, process.pid);
    assert.equal(fs.readFileSync(path.join(crashed, "logs/graph-node.previous.log"), "utf8"), "the interrupted run\n");
    assert.equal(fs.existsSync(path.join(crashed, "logs/graph-node.log")), false, "this run's log starts empty");
  } finally {
    await next.stop();
  }
  assert.equal(fs.existsSync(path.join(crashed, LOCK_FILE)), false, "stop() releases the lock");

  // A postmaster.pid naming a live process that is not a postgres (here: this test) is stale.
  fs.writeFileSync(path.join(pg.options.clusterDir, "postmaster.pid"), `${process.pid}\n${pg.options.clusterDir}\n`);
  await pg.start();
  try {
    assert.equal(await pg.health(), true);
  } finally {
    await pg.stop();
  }
  // A live Postgres on the cluster with no dead owner on record is refused, not stopped.
  await pg.start();
  try {
    await assert.rejects(new Stack(stackConfig({ dataDir: crashed, ports: await freePorts() })).claim(), (err: unknown) =>
      err instanceof StackError && new RegExp(`Postgres runs on this data directory's cluster .*pid ${postmasterOf(pg.options.clusterDir).live!.pid}`).test(err.message),
    );
    assert.equal(await pg.health(), true);
  } finally {
    await pg.stop();
  }
});

test("lotgraph subgraph deploy: a changed subgraph is built, deployed to the running stack and queried, chain and Postgres kept", async () => {
  // The fixture subgraph with one change: each Bump also stores twice its amount.
  const changed = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-changed-subgraph-"));
  try {
    const source = path.dirname(manifest);
    for (const entry of ["schema.graphql", "subgraph.yaml", "src", "abis", "node_modules"]) fs.cpSync(path.join(source, entry), path.join(changed, entry), { recursive: true });
    const schema = path.join(changed, "schema.graphql");
    fs.writeFileSync(schema, fs.readFileSync(schema, "utf8").replace("  amount: BigInt!\n", "  amount: BigInt!\n  doubled: BigInt!\n"));
    const mapping = path.join(changed, "src", fs.readdirSync(path.join(changed, "src"))[0]);
    fs.writeFileSync(mapping, fs.readFileSync(mapping, "utf8").replace("  bump.save();", "  bump.doubled = event.params.amount.times(BigInt.fromI32(2));\n  bump.save();"));
    const postmasterBefore = postmasterOf(stack.postgres.options.clusterDir).live!.pid;
    const headBefore = await stack.headBlock();

    const deploy = await lotgraph(["subgraph", "deploy", "--data-dir", dataDir, "--manifest", path.join(changed, "subgraph.yaml")]);
    assert.equal(deploy.status, 0, deploy.output);
    const ready = /READY: GraphQL (\S+) — deployment (\S+), synced to block (\d+)/.exec(deploy.output);
    assert.ok(ready, deploy.output);
    assert.equal(ready[1], stack.graphNode!.graphqlUrl);
    assert.ok(ready[2].startsWith(path.join(dataDir, "deployments")), "deployed from a content-addressed copy in the data directory");
    assert.notEqual(ready[2], stack.graphNode!.deployment!.hash);
    assert.equal(Number(ready[3]), headBefore);

    // The change is served under the same name, for every event since the start block.
    const { bumps } = await stack.graphNode!.query<{ bumps: { amount: string; doubled: string }[] }>("{ bumps(first: 1000, orderBy: blockNumber) { amount doubled } }");
    assert.ok(bumps.length >= 3);
    for (const b of bumps) assert.equal(BigInt(b.doubled), 2n * BigInt(b.amount));
    assert.equal(postmasterOf(stack.postgres.options.clusterDir).live!.pid, postmasterBefore, "Postgres kept running");
    assert.equal(await stack.headBlock(), headBefore, "the chain is the same");

    // New events are indexed by the new deployment; deploying the same build again changes nothing.
    await (await counter.contract.bump(21)).wait();
    await stack.waitSynced(30_000);
    const again = await lotgraph(["subgraph", "deploy", "--data-dir", dataDir, "--manifest", path.join(changed, "subgraph.yaml")]);
    assert.equal(again.status, 0, again.output);
    assert.match(again.output, /graph-node already serves this build/);
    const last = await stack.graphNode!.query<{ bumps: { doubled: string }[] }>("{ bumps(first: 1, orderBy: blockNumber, orderDirection: desc) { doubled } }");
    assert.equal(last.bumps[0].doubled, "42");
  } finally {
    fs.rmSync(changed, { recursive: true, force: true });
  }
});

test("lotgraph subgraph deploy without a running stack says so and how to start one", async () => {
  const { status, output } = await lotgraph(["subgraph", "deploy", "--data-dir", path.join(root, "nothing-runs-here")]);
  assert.equal(status, 1, output);
  assert.match(output, /no stack runs in data directory .*nothing-runs-here/);
  assert.match(output, /npm start -- --keep/);
});
