import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Interface } from "ethers";
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
  await stack.startGraphNode(manifest);
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

// gnd dev re-deploys its subgraph every time it starts, so a restarted graph-node re-indexes from the
// subgraph's start block on the kept chain and Postgres; what must hold is that it catches up and loses nothing.
test("restarting graph-node alone (chain and Postgres kept) catches up with blocks mined while it was down and loses nothing", async () => {
  const indexedBefore = await bumpsIndexed();
  assert.ok(stack.graphNode!.running);
  await stack.graphNode!.stop();
  // The chain moves on while graph-node is down.
  for (const amount of [1, 2]) await bump(amount);
  await stack.restartGraphNode();
  const indexedAfter = await bumpsIndexed();
  assert.deepEqual(indexedAfter.slice(0, indexedBefore.length), indexedBefore);
  assert.deepEqual(indexedAfter, await bumpsOnChain());
  const { tally } = await stack.graphNode!.query<{ tally: { bumps: string } }>('{ tally(id: "counter") { bumps } }');
  assert.equal(tally.bumps, String(indexedAfter.length));
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
  await stack.startGraphNode(manifest);
  const indexed = await bumpsIndexed();
  assert.deepEqual(indexed, await bumpsOnChain());
  assert.equal(indexed.length, 1, "nothing from the earlier chain survives");
});
