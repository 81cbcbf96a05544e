import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Interface } from "ethers";
import { GraphNode } from "../src/gnd";
import { freePorts, Stack, stackConfig } from "../src/stack";
import { buildCounterSubgraph, compileCounter, deployCounter, type DeployedCounter } from "./support/counter-fixture";

// The real stack (hardhat node, Postgres, IPFS endpoint, gnd) on a tiny fixture subgraph of its own.
let dataDir: string;
let stack: Stack;
let counter: DeployedCounter;
let manifest: string;

interface Bump {
  id: string;
  by: string;
  amount: string;
  total: string;
  blockNumber: string;
}

async function bump(amount: number): Promise<number> {
  const receipt = await (await counter.contract.bump(amount)).wait();
  return receipt.blockNumber as number;
}

/** The Bumped events as the chain recorded them, in the entity shape the subgraph should produce. */
async function bumpsOnChain(): Promise<Bump[]> {
  const iface = new Interface(compileCounter().abi as never);
  const logs = await counter.provider.getLogs({ address: counter.address, fromBlock: 0, toBlock: "latest" });
  return logs.map((log) => {
    const parsed = iface.parseLog(log)!;
    const logIndex = Buffer.alloc(4);
    logIndex.writeInt32LE(log.index);
    return {
      id: log.transactionHash + logIndex.toString("hex"),
      by: (parsed.args.by as string).toLowerCase(),
      amount: parsed.args.amount.toString(),
      total: parsed.args.total.toString(),
      blockNumber: String(log.blockNumber),
    };
  });
}

async function bumpsIndexed(): Promise<Bump[]> {
  const data = await stack.graphNode!.query<{ bumps: Bump[] }>(
    "{ bumps(first: 1000, orderBy: blockNumber) { id by amount total blockNumber } }",
  );
  return data.bumps;
}

async function startStack(): Promise<void> {
  stack = new Stack(stackConfig({ dataDir, ports: await freePorts() }));
  await stack.startServices();
  counter = await deployCounter(stack.chain.url);
}

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-stack-"));
  await startStack();
  manifest = buildCounterSubgraph(counter.address, counter.startBlock).manifest;
  const graphNode = await stack.startGraphNode(manifest);
  assert.equal(graphNode.deployment!.action, "deployed");
  assert.match(graphNode.graphqlUrl, /\/subgraphs\/name\/lotgraph$/);
});

after(async () => {
  await stack?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (manifest) fs.rmSync(path.dirname(manifest), { recursive: true, force: true });
});

test("entities match the chain's events field by field, and _meta reports the head block", async () => {
  for (const amount of [5, 7, 11]) await bump(amount);
  const status = await stack.waitSynced();
  const head = await stack.headBlock();
  assert.equal(Number(status.chains[0].latestBlock!.number), head);

  const onChain = await bumpsOnChain();
  assert.equal(onChain.length, 3);
  assert.deepEqual(await bumpsIndexed(), onChain);

  const { tally, _meta } = await stack.graphNode!.query<{ tally: { bumps: string; total: string }; _meta: { block: { number: number } } }>(
    '{ tally(id: "counter") { bumps total } _meta { block { number } } }',
  );
  assert.deepEqual(tally, { bumps: "3", total: String(await counter.contract.total()) });
  assert.equal(_meta.block.number, head);
});

test("a time-travel query returns the state as of an earlier block", async () => {
  const before = await stack.graphNode!.query<{ tally: { total: string } }>('{ tally(id: "counter") { total } }');
  const atBlock = await stack.headBlock();
  await bump(100);
  await stack.waitSynced();
  const query = "query ($b: Int!) { tally(id: \"counter\", block: { number: $b }) { total } }";
  const then = await stack.graphNode!.query<{ tally: { total: string } }>(query, { b: atBlock });
  const now = await stack.graphNode!.query<{ tally: { total: string } }>('{ tally(id: "counter") { total } }');
  assert.equal(then.tally.total, before.tally.total);
  assert.equal(BigInt(now.tally.total), BigInt(before.tally.total) + 100n);
});

test("gnd's placeholder deployment is paused: it processes none of the blocks the subgraph indexes", async () => {
  const graphNode = stack.graphNode!;
  const placeholder = (await graphNode.deploymentStatuses()).find((d) => d.subgraph.includes("gnd-placeholder"));
  assert.deepEqual(placeholder && { paused: placeholder.paused }, { paused: true });
  const logOffset = fs.statSync(graphNode.logFile).size;
  const block = await bump(3);
  await stack.waitSynced();
  const processed = (id: string) => logLinesFor(graphNode.logFile, logOffset, id).filter((l) => /Start processing block/.test(l) && l.includes(`block_number: ${block},`));
  assert.equal(processed(graphNode.deployment!.hash).length, 1, "the subgraph processed the bump's block");
  assert.deepEqual(processed(placeholder!.subgraph), []);
});

/** Postgres schema (sgdN) of each deployment in graph-node's store, by deployment id. */
async function deploymentSchemas(): Promise<Record<string, string>> {
  const rows = await stack.postgres.sql("SELECT subgraph, name FROM deployment_schemas", stack.config.postgres.database);
  return Object.fromEntries(rows.split("\n").filter(Boolean).map((row) => row.split("|") as [string, string]));
}

/** What graph-node logged from byte `offset` on, the lines naming `deployment` only. */
function logLinesFor(logFile: string, offset: number, deployment: string): string[] {
  const text = fs.readFileSync(logFile).subarray(offset).toString("utf8");
  return text.split("\n").filter((line) => line.includes(deployment));
}

test("restarting graph-node alone (chain and Postgres kept) resumes where it stopped and loses nothing", async () => {
  const graphNode = stack.graphNode!;
  const before = await stack.waitSynced();
  const stoppedAt = GraphNode.latestBlock(before);
  const deployment = graphNode.deployment!.hash;
  const indexedBefore = await bumpsIndexed();
  assert.ok(indexedBefore.length > 0);
  const schemasBefore = await deploymentSchemas();
  const logOffset = fs.statSync(graphNode.logFile).size;

  await graphNode.stop();
  // The chain moves on while graph-node is down.
  for (const amount of [1, 2]) await bump(amount);
  const t0 = Date.now();
  const restarted = await stack.restartGraphNode();
  const restartMs = Date.now() - t0;

  assert.deepEqual(restarted.deployment, { hash: deployment, action: "resumed" });
  // The same deployment in the same Postgres schema; the placeholder gnd names in --manifests is the one
  // it dropped and re-created.
  const schemasAfter = await deploymentSchemas();
  assert.equal(schemasAfter[deployment], schemasBefore[deployment]);
  const placeholder = Object.keys(schemasAfter).find((id) => id.includes("gnd-placeholder"))!;
  assert.notEqual(schemasAfter[placeholder], schemasBefore[placeholder]);
  // graph-node neither removed nor re-deployed the subgraph, and the first block it processed after the
  // restart is the one after the block it had stopped at: nothing was indexed twice.
  const lines = logLinesFor(graphNode.logFile, logOffset, deployment);
  assert.deepEqual(lines.filter((l) => /Removing subgraph|Subgraph removed|Re-deploying subgraph|subgraph_deploy/.test(l)), []);
  const processed = lines.map((l) => /Start processing block.*block_number: (\d+)/.exec(l)?.[1]).filter((n) => n !== undefined).map(Number);
  assert.equal(processed[0], stoppedAt + 1, `first block processed after the restart (${processed.join(", ")})`);
  const after = (await restarted.currentStatus())!;
  assert.deepEqual(after.chains[0].earliestBlock, before.chains[0].earliestBlock);

  // Nothing lost: every entity from before, field by field, then the events mined while it was down.
  const indexedAfter = await bumpsIndexed();
  assert.deepEqual(indexedAfter.slice(0, indexedBefore.length), indexedBefore);
  assert.deepEqual(indexedAfter, await bumpsOnChain());
  assert.equal(indexedAfter.length, indexedBefore.length + 2);
  const { tally } = await restarted.query<{ tally: { bumps: string; total: string } }>('{ tally(id: "counter") { bumps total } }');
  assert.deepEqual(tally, { bumps: String(indexedAfter.length), total: String(await counter.contract.total()) });
  process.stdout.write(`# graph-node restart to synced: ${restartMs} ms (resumed after block ${stoppedAt}, processed ${processed.join(", ")})\n`);
});

test("a changed build is deployed as a new deployment on restart, not resumed under the old one's id", async () => {
  const old = stack.graphNode!.deployment!.hash;
  await stack.graphNode!.stop();
  // Any change to the built files (here a YAML comment) makes a different deployment.
  fs.appendFileSync(path.join(path.dirname(manifest), "build", "subgraph.yaml"), "# rebuilt\n");
  const restarted = await stack.restartGraphNode();
  assert.equal(restarted.deployment!.action, "deployed");
  assert.notEqual(restarted.deployment!.hash, old);
  const status = (await restarted.currentStatus())!;
  assert.equal(status.subgraph, restarted.deployment!.hash);
  assert.deepEqual(await bumpsIndexed(), await bumpsOnChain(), "the new deployment indexed the chain from the start block");
});

test("a graph-node port another process takes before gnd binds it fails the start at once, naming that process", async () => {
  await stack.graphNode!.stop();
  // gnd binds every address (0.0.0.0); a listener on another loopback address takes the port from it
  // while the start's own check (127.0.0.1) sees it free: as when a port is taken between check and bind.
  const port = stack.config.ports.indexNode;
  const foreign = net.createServer();
  await new Promise<void>((resolve) => foreign.listen(port, "127.0.0.2", resolve));
  try {
    await assert.rejects(stack.restartGraphNode(), (err: Error) => {
      assert.match(err.message, new RegExp(`port ${port} \\(graph-node index node, --index-node-port\\) was taken by pid ${process.pid} `));
      assert.doesNotMatch(err.message, /within 60 s/);
      return true;
    });
  } finally {
    await new Promise<void>((resolve) => foreign.close(() => resolve()));
  }
  const restarted = await stack.restartGraphNode();
  assert.deepEqual(await bumpsIndexed(), await bumpsOnChain(), "with the port free again, graph-node starts and serves");
  assert.ok(restarted.deployment);
});

test("stopping the stack leaves no process behind; a whole-stack restart starts from a fresh chain and database", async () => {
  const oldAddress = counter.address;
  await stack.stop();
  const leftovers = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })
    .split("\n")
    .filter((line) => line.includes(dataDir) || (line.includes("gnd dev") && line.includes(manifest)));
  assert.deepEqual(leftovers, []);

  await startStack();
  assert.equal(counter.startBlock, 1, "a fresh chain: the fixture deployment is again in block 1");
  assert.equal(counter.address, oldAddress, "same deployer, same nonce, same address");
  await bump(3);
  const graphNode = await stack.startGraphNode(manifest);
  assert.equal(graphNode.deployment!.action, "deployed", "the wiped database has no deployment to resume");
  const indexed = await bumpsIndexed();
  assert.deepEqual(indexed, await bumpsOnChain());
  assert.equal(indexed.length, 1, "nothing from the earlier chain survives");
});
