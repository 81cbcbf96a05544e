import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import DecimalJs from "decimal.js";
import { ethers } from "ethers";
import { jsonRpc } from "@lotgraph/stack";
import { SubgraphClient, loadCapturedEntities, openConnection, sync } from "@lotgraph/indexer";
import { startLiveSystem, type LiveSystem } from "@lotgraph/indexer/test/support/system";
import { computeGains } from "../src/engine/engine";
import { MONEY_SCALE } from "../src/engine/fixed";
import { StoreLedgerSource } from "../src/ledger/storeLedger";
import { parseBigDecimalMoney } from "../src/ledger/storeEvents";

// The store path end to end: the real contracts on a hardhat chain, the real subgraph indexed by the real
// graph-node (gnd), the indexer's sync into SQLite and Postgres, then `lotgraph tax` on the store.
const exec = promisify(execFile);
const Decimal = DecimalJs.clone({ precision: 80 });
const bin = path.resolve(__dirname, "../../node_modules/.bin/lotgraph");
let system: LiveSystem;
let file: string;
let pgUrl: string;
let withdrawal: { hash: string; logIndex: number; amount: bigint; to: string };

interface Graph {
  trades: { transactionHash: string; logIndex: string; valueOutUsd: string }[];
  lossHarvests: { transactionHash: string; logIndex: string; proceedsUsd: string }[];
  harvests: { transactionHash: string; logIndex: string; incomeUsd: string }[];
  positions: { asset: { symbol: string; decimals: number }; quantity: string; cumulativeWithdrawn: string }[];
}
let graph: Graph;

async function syncInto(target: { file?: string; databaseUrl?: string }) {
  const store = await openConnection(target);
  try {
    await sync({ client: new SubgraphClient(system.graphNode.graphqlUrl, system.graphNode.indexNodeUrl), store, entities: loadCapturedEntities(), retry: { attempts: 20, baseMs: 20, maxMs: 300 } });
  } finally {
    await store.db.destroy();
  }
}

before(async () => {
  // Without the liquidity manager: its ratio swaps and liquidity entries are sales of their own, checked
  // against the chain in storeLiquidityLive.test.ts; here every sale is a Trade or a LossHarvest.
  system = await startLiveSystem({ deploy: { liquidityManager: false } });
  // After the scenario (deposit, trades, harvest, hedge, loss harvest) the owner withdraws some WETH to
  // their own wallet: a transfer, not a sale.
  const dep = system.deployment;
  const weth = dep.assets.find((a) => a.symbol === "WETH")!;
  const owner = await dep.signer.getAddress();
  const amount = ethers.parseUnits("0.25", weth.decimals);
  const receipt = await (await dep.instances.Vault.withdraw(weth.address, amount, owner)).wait();
  const log = receipt.logs.find((l: ethers.Log) => l.address.toLowerCase() === dep.contracts.Vault.address.toLowerCase())!;
  withdrawal = { hash: receipt.hash.toLowerCase(), logIndex: log.index, amount, to: owner.toLowerCase() };
  await system.stack.waitSynced();

  file = path.join(system.dataDir, "store.db");
  await syncInto({ file });
  await system.stack.postgres.sql(`CREATE DATABASE "taxstore" TEMPLATE template0 ENCODING 'UTF8'`);
  pgUrl = system.stack.postgres.url.replace(/\/[^/]+$/, "/taxstore");
  await syncInto({ databaseUrl: pgUrl });

  graph = await system.graphNode.query<Graph>(`{
    trades(first: 1000, orderBy: id) { transactionHash logIndex valueOutUsd }
    lossHarvests(first: 1000, orderBy: id) { transactionHash logIndex proceedsUsd }
    harvests(first: 1000, orderBy: id) { transactionHash logIndex incomeUsd }
    positions(first: 1000) { asset { symbol decimals } quantity cumulativeWithdrawn }
  }`);
});

after(async () => {
  await system?.stop();
});

const gains = (args: string[], env: Record<string, string> = { DATABASE_URL: "" }) =>
  exec(bin, ["tax", "gains", "--method", "fifo", "--format", "json", ...args], { env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
const cents = (text: string) => BigInt(new Decimal(text).times(100).toFixed(0, DecimalJs.ROUND_HALF_UP));
const ref = (e: { transactionHash: string; logIndex: string }) => `${e.transactionHash.toLowerCase()}:${e.logIndex}`;

test("tax gains --db on a synced store: proceeds, income and quantities agree with the subgraph and the chain", async () => {
  assert.ok(graph.trades.length >= 2 && graph.lossHarvests.length === 1 && graph.harvests.length >= 1, JSON.stringify(graph).slice(0, 300));
  const { stdout, stderr } = await gains(["--db", file]);
  const out = JSON.parse(stdout) as {
    disposals: { asset: string; quantity: string; proceeds: string; tx: string }[];
    lots: { wallet: string; asset: string; quantity: string; costBasis: string; tx: string }[];
    income: { value: string; tx: string }[];
  };

  // Every Trade and LossHarvest is one sale whose proceeds are the FMV received (its Form 8949 rows add up to it, each row rounded to cents).
  const sold = new Map<string, { cents: bigint; rows: number }>();
  for (const d of out.disposals) {
    const s = sold.get(d.tx) ?? { cents: 0n, rows: 0 };
    sold.set(d.tx, { cents: s.cents + cents(d.proceeds), rows: s.rows + 1 });
  }
  const expected = [...graph.trades.map((t) => [ref(t), t.valueOutUsd] as const), ...graph.lossHarvests.map((l) => [ref(l), l.proceedsUsd] as const)];
  assert.deepEqual([...sold.keys()].sort(), expected.map(([k]) => k).sort(), "one sale per Trade and LossHarvest, traced to its log");
  for (const [k, usd] of expected) {
    const s = sold.get(k)!;
    const diff = s.cents - cents(usd);
    assert.ok(diff >= -BigInt(s.rows - 1) && diff <= BigInt(s.rows - 1), `${k}: proceeds ${s.cents} cents vs ${usd}`);
  }

  // Income: one row per Harvest, at its reported income.
  assert.deepEqual(out.income.map((i) => i.tx), graph.harvests.map(ref));
  out.income.forEach((i, n) => assert.equal(cents(i.value), cents(graph.harvests[n].incomeUsd), i.tx));

  // The vault's open lots per asset = the position the subgraph holds; the withdrawal moved its lots, with
  // their basis and dates, to the owner's wallet (a transfer, not a sale).
  for (const p of graph.positions) {
    const held = out.lots.filter((l) => l.asset === p.asset.symbol && l.wallet !== withdrawal.to).reduce((a, l) => a.plus(l.quantity), new Decimal(0));
    assert.equal(held.toString(), new Decimal(p.quantity).div(new Decimal(10).pow(p.asset.decimals)).toString(), `${p.asset.symbol} open lots in the vault`);
  }
  const moved = out.lots.filter((l) => l.wallet === withdrawal.to);
  assert.ok(moved.length > 0 && moved.every((l) => l.asset === "WETH"), "the owner's wallet holds the withdrawn WETH lots");
  assert.equal(moved.reduce((a, l) => a.plus(l.quantity), new Decimal(0)).toString(), ethers.formatUnits(withdrawal.amount, 18).replace(/\.0$/, ""));
  for (const l of moved) {
    assert.notEqual(l.tx, `${withdrawal.hash}:${withdrawal.logIndex}`, "a moved lot keeps its acquisition's tx");
    assert.ok(Number(l.costBasis) > 0, "and its basis");
  }
  assert.ok(!out.disposals.some((d) => d.tx === `${withdrawal.hash}:${withdrawal.logIndex}`));
  assert.doesNotMatch(stderr, /Withdrawal/, "the withdrawal is in the ledger, not left out with a note");

  // Every sale and income row points at a real log of the chain.
  for (const tx of [...sold.keys(), ...out.income.map((i) => i.tx)]) {
    const [hash, index] = tx.split(":");
    const receipt = await jsonRpc<{ logs: { logIndex: string }[] }>(system.stack.chain.url, "eth_getTransactionReceipt", [hash]);
    assert.ok(receipt.logs.some((l) => Number(l.logIndex) === Number(index)), `${tx} is a log on chain`);
  }
});

test("exact figures: quantities and basis are conserved, sale proceeds equal proceedsUsd to 1e-12 USD", async () => {
  const source = new StoreLedgerSource({ file });
  const events = await source.read();
  const result = computeGains(events, { method: "hifo" });
  // basis: every acquisition's basis = what sales relieved + what is still open; quantity likewise
  const acquired = events.filter((e) => e.kind === "buy" || e.kind === "income" || e.kind === "deposit");
  const disposed = events.filter((e) => e.kind === "swap" || e.kind === "harvest");
  const basisIn = acquired.reduce((a, e) => a + (e.carriedBasis ?? e.value), 0n);
  const basisOut = result.disposals.reduce((a, d) => a + d.costBasis, 0n) + result.lots.reduce((a, l) => a + l.basisRemaining, 0n);
  assert.equal(basisOut, basisIn);
  const qtyIn = acquired.reduce((a, e) => a + e.quantity, 0n);
  const qtyOut = disposed.reduce((a, e) => a + e.quantity, 0n) + result.lots.reduce((a, l) => a + l.remaining, 0n);
  assert.equal(qtyOut, qtyIn);
  const transfers = events.filter((e) => e.kind === "transfer");
  assert.deepEqual(transfers.map((e) => [e.tx.raw, e.toWallet, e.quantity]), [[`${withdrawal.hash}:${withdrawal.logIndex}`, withdrawal.to, withdrawal.amount]]);
  assert.equal(result.lots.filter((l) => l.wallet === withdrawal.to).reduce((a, l) => a + l.remaining, 0n), withdrawal.amount, "HIFO moved exactly the withdrawn units");
  // each sale's rows add up exactly to the subgraph's proceedsUsd (rounded once to 1e-12)
  const byTx = new Map<string, bigint>();
  for (const d of result.disposals) byTx.set(d.tx.raw, (byTx.get(d.tx.raw) ?? 0n) + d.proceeds);
  for (const t of [...graph.trades.map((x) => [ref(x), x.valueOutUsd]), ...graph.lossHarvests.map((x) => [ref(x), x.proceedsUsd])]) {
    assert.equal(byTx.get(t[0]), parseBigDecimalMoney(t[1]), t[0]);
  }
  assert.ok(result.disposals.every((d) => d.proceeds > 0n && d.quantity > 0n));
  assert.ok(basisIn > 1000n * MONEY_SCALE);
});

test("DATABASE_URL: the Postgres store gives the same figures; tax report --db writes an audit trail with every sale's hash and log index", async () => {
  const sqlite = (await gains(["--db", file, "--wash-sales", "--stablecoins-as-cash"])).stdout;
  const postgres = (await gains(["--db", "--wash-sales", "--stablecoins-as-cash"], { DATABASE_URL: pgUrl })).stdout;
  assert.equal(postgres, sqlite);
  const parsed = JSON.parse(sqlite);
  assert.ok(parsed.disposals.length > 0 && parsed.disposals.every((d: { asset: string }) => d.asset !== "USDC"), "the stablecoin is cash");

  const year = String(new Date(Number((await jsonRpc<{ timestamp: string }>(system.stack.chain.url, "eth_getBlockByNumber", ["latest", false])).timestamp) * 1000).getUTCFullYear());
  const outDir = path.join(system.dataDir, "reports");
  await exec(bin, ["tax", "report", "--db", file, "--year", year, "--out", outDir], { env: { ...process.env, DATABASE_URL: "" } });
  const audit = readFileSync(path.join(outDir, `audit-trail-${year}.csv`), "utf8");
  for (const t of [...graph.trades, ...graph.lossHarvests]) {
    assert.ok(audit.includes(`,${t.transactionHash.toLowerCase()},${t.logIndex},`), `audit trail names ${ref(t)}`);
  }
  assert.match(readFileSync(path.join(outDir, `form8949-${year}.csv`), "utf8"), /not tax advice/i);
});

// Last, since it pauses the vault: the guardian's emergency exit unwinds the owner-funded LP position into
// the vault. The returned tokens get LP_UNWIND lots, so withdrawing every WETH afterwards is a transfer
// with basis, not a transfer of tokens nobody has a lot for.
test("after an emergency exit, the LP's returned tokens carry lots traced to their LiquidityReturned logs", async () => {
  const dep = system.deployment;
  const weth = dep.assets.find((a) => a.symbol === "WETH")!;
  const owner = (await dep.signer.getAddress()).toLowerCase();
  const provider = dep.signer.provider as ethers.JsonRpcProvider;
  const vault = dep.instances.Vault;
  const exit = await (await (vault.connect(await provider.getSigner(dep.accounts.guardian)) as typeof vault).emergencyExit()).wait();
  const hedger = dep.instances.Hedger;
  const returned = exit.logs
    .filter((l: ethers.Log) => l.address.toLowerCase() === dep.contracts.Hedger.address.toLowerCase())
    .map((l: ethers.Log) => ({ log: l, parsed: hedger.interface.parseLog(l) }))
    .filter((x: { parsed: ethers.LogDescription | null }) => x.parsed?.name === "LiquidityReturned");
  const wethBack = returned.find((x: { parsed: ethers.LogDescription }) => x.parsed.args.token.toLowerCase() === weth.address.toLowerCase());
  assert.ok(wethBack && wethBack.parsed.args.amount > 0n, "the exit returned the LP's WETH");

  const balance: bigint = await (dep.tokens.WETH as ethers.Contract).balanceOf(dep.contracts.Vault.address);
  await (await vault.withdraw(weth.address, balance, owner)).wait();
  await system.stack.waitSynced();
  const after = path.join(system.dataDir, "after-exit.db");
  await syncInto({ file: after });

  const { stdout } = await gains(["--db", after]);
  const lots = (JSON.parse(stdout) as { lots: { wallet: string; asset: string; quantity: string; tx: string }[] }).lots.filter((l) => l.asset === "WETH");
  const unwind = lots.filter((l) => l.tx === `${exit.hash.toLowerCase()}:${wethBack.log.index}`);
  const whole = (units: bigint) => new Decimal(ethers.formatUnits(units, 18)).toString();
  assert.deepEqual(unwind.map((l) => [l.wallet, l.quantity]), [[owner, whole(wethBack.parsed.args.amount)]], "the LP's WETH, withdrawn with its lot");
  assert.ok(!lots.some((l) => l.wallet !== owner), "no WETH lot is left in the emptied vault");
  const total = lots.reduce((a, l) => a.plus(l.quantity), new Decimal(0));
  assert.equal(total.toString(), whole(withdrawal.amount + balance), "the owner holds lots for every WETH withdrawn");
});
