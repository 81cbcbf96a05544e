import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { loadCapturedEntities, openConnection } from "@lotgraph/indexer";
import { createTables, META } from "@lotgraph/indexer/src/store/tables";
import type { StoreRow } from "../src/ledger/storeEvents";
import { storeChainsToLedger } from "../src/ledger/storeChains";
import { VAULT, USDC, WETH, E18, DAY, T0, hash, id, at } from "./storeRows";

// A store synced from two chains' subgraphs (the indexer's chain column), with the bridge's transfers seen on both.
const exec = promisify(execFile);
const bin = path.resolve(__dirname, "../../node_modules/.bin/lotgraph");
const entities = loadCapturedEntities();
const HOME = 31337;
const L2 = 412346;
/** The bridged stablecoin's address on the second chain. */
const BUSDC = "0x" + "b1".repeat(20);
const GUID = "0x" + "9a".repeat(32);
const USD6 = 10n ** 6n;

type Tables = Record<string, StoreRow[]>;

function lot(chain: number, block: number, log: number, day: number, asset: string, source: string, quantity: bigint, unitCostRaw: bigint, decimals: number): StoreRow {
  return { chain, ...at(block, log, day), asset, source, quantity: String(quantity), unitCostRaw: String(unitCostRaw), decimals, position: `${VAULT}-${asset}`, unitCostUsd: "0", costBasisUsd: "0" };
}

function bridgeSides(amountSent: bigint, amountReceived: bigint): StoreRow[] {
  const sent = { chain: HOME, id: GUID, dstEid: 39002, sender: VAULT, amountSent: String(amountSent), amountToReceive: String(amountReceived), sentOApp: "0x" + "0a".repeat(20), sentNetwork: "hardhat", sentBlock: "3", sentTimestamp: String(T0 + 5 * DAY), sentTransactionHash: hash(3), sentLogIndex: "2" };
  // the receipt is in the second chain's block 3 too: its tx hash is the same as the send's here, as ids of two chains can be
  const received = { chain: L2, id: GUID, srcEid: 39001, recipient: VAULT, amountReceived: String(amountReceived), receivedOApp: BUSDC, receivedNetwork: "l2", receivedBlock: "3", receivedTimestamp: String(T0 + 5 * DAY), receivedTransactionHash: hash(3), receivedLogIndex: "1" };
  return [sent, received];
}

/** Home: 10,000 USDC and 1 WETH deposited; 4,000 USDC bridged to the second chain, sold there on day 10. The second chain also has a lot whose id is a home lot's. */
function twoChains(bridge = bridgeSides(4_000n * USD6, 4_000n * USD6)): Tables {
  return {
    Asset: [
      { chain: HOME, id: USDC, symbol: "USDC", decimals: 6, isStable: 1, registered: 1, safeMode: 0, feedCount: 1 },
      { chain: HOME, id: WETH, symbol: "WETH", decimals: 18, isStable: 0, registered: 1, safeMode: 0, feedCount: 1 },
      { chain: L2, id: BUSDC, symbol: "USDC", decimals: 6, isStable: 1, registered: 1, safeMode: 0, feedCount: 1 },
    ],
    Lot: [
      lot(HOME, 1, 0, 0, USDC, "DEPOSIT", 10_000n * USD6, E18, 6),
      lot(HOME, 2, 0, 0, WETH, "DEPOSIT", E18, 3000n * E18, 18),
      { ...lot(L2, 1, 0, 6, BUSDC, "HARVEST_INCOME", 10n * USD6, E18, 6), transactionHash: hash(101) },
    ],
    Disposal: [
      { chain: L2, ...at(4, 0, 10), transactionHash: hash(104), asset: BUSDC, kind: "TRADE", quantity: String(4_000n * USD6), proceedsUsd: "4000", decimals: 6, positionShortfall: "0", feeQuantity: "0", feeUsd: "0", unitPriceUsd: "1", unitPriceRaw: String(E18), position: `${VAULT}-${BUSDC}` },
    ],
    Withdrawal: [],
    PriceUpdate: [{ chain: HOME, id: "p1", asset: USDC, priceUsd: "1", priceRaw: String(E18), updatedAt: String(T0), feedsUsed: 1, accepted: 1, blockNumber: "1", timestamp: String(T0), transactionHash: hash(1), logIndex: "5" }],
    BridgeTransfer: bridge,
  };
}

async function withStore(tables: Tables, fn: (file: string) => Promise<void>) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "lotgraph-tax-chains-"));
  const file = path.join(dir, "store.db");
  const c = await openConnection({ file });
  try {
    await createTables(c.db, entities);
    for (const chain of [HOME, L2]) await c.db.insertInto(META.synced).values({ chain, number: 6, hash: hash(6), synced_at: "2025-03-01" }).execute();
    for (const [table, rows] of Object.entries(tables)) for (const row of rows) await c.db.insertInto(table).values({ ...row, _block: 6 }).execute();
  } finally {
    await c.db.destroy();
  }
  try {
    await fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const gains = (file: string, ...extra: string[]) => exec(bin, ["tax", "gains", "--db", file, "--method", "fifo", "--format", "json", ...extra], { env: { ...process.env, DATABASE_URL: "" } });
const fails = (p: Promise<unknown>) => p.then(() => assert.fail("expected a non-zero exit"), (e) => e as { code: number; stderr: string; stdout: string });

test("each row's event is on its own chain; the same ids on two chains are two lots", () => {
  const { events, counts } = storeChainsToLedger(twoChains() as never, { store: "t.db" });
  const lots = events.filter((e) => e.kind === "deposit" || e.kind === "income").map((e) => [e.chain ?? HOME, e.lot]);
  assert.deepEqual(lots, [[HOME, id(1, 0)], [HOME, id(2, 0)], [L2, `${L2}-${id(1, 0)}`]]);
  const sale = events.find((e) => e.kind === "swap")!;
  assert.deepEqual([sale.chain, sale.wallet, sale.asset], [L2, VAULT, "USDC"]);
  assert.equal(counts.bridges, 1);
});

test("a bridge transfer seen on both chains is one bridge event: sender on the sending chain, recipient on the other, both legs and the guid", () => {
  const { events } = storeChainsToLedger(twoChains(bridgeSides(4_000n * USD6, 3_990n * USD6)) as never, { store: "t.db" });
  const bridge = events.find((e) => e.kind === "bridge")!;
  assert.deepEqual(
    { chain: bridge.chain, wallet: bridge.wallet, toChain: bridge.toChain, toWallet: bridge.toWallet, quantity: bridge.quantity, received: bridge.received, tx: bridge.tx.raw, toTx: bridge.toTx!.raw, message: bridge.message, value: bridge.value },
    { chain: undefined, wallet: VAULT, toChain: L2, toWallet: VAULT, quantity: 4_000n * E18, received: 3_990n * E18, tx: `${hash(3)}:2`, toTx: `${hash(3)}:1`, message: GUID, value: 4_000n * 10n ** 12n },
  );
  assert.deepEqual(events.map((e) => e.kind), ["deposit", "deposit", "bridge", "income", "swap"], "merged by time: the bridge on day 5, the second chain's income on day 6, its sale on day 10");
});

test("a transfer a vault's mover sent leaves the vault (senderVault), not the mover that was the OFT's sender", () => {
  const mover = "0x" + "3c".repeat(20);
  const [sent, received] = bridgeSides(4_000n * USD6, 4_000n * USD6);
  const viaMover = storeChainsToLedger(twoChains([{ ...sent, sender: mover, senderVault: VAULT }, received]) as never, { store: "t.db" });
  assert.equal(viaMover.events.find((e) => e.kind === "bridge")!.wallet, VAULT);
  // without the mover's MoveSent the OFT's sender is the wallet, and its units are not the vault's
  const direct = storeChainsToLedger(twoChains([{ ...sent, sender: mover }, received]) as never, { store: "t.db" });
  assert.equal(direct.events.find((e) => e.kind === "bridge")!.wallet, mover);
});

test("a bridge sent from a chain whose subgraph has nothing but the bridge is still placed on that chain", () => {
  const home = twoChains();
  const [sentHome, receivedL2] = bridgeSides(1_000n * USD6, 1_000n * USD6);
  // the same transfer the other way: sent on the second chain, received at home
  const sent = { ...receivedL2, chain: L2, recipient: null, amountReceived: null, receivedTransactionHash: null, receivedLogIndex: null, sender: VAULT, amountSent: sentHome.amountSent, sentBlock: "3", sentTimestamp: String(T0 + 5 * DAY), sentTransactionHash: hash(203), sentLogIndex: "4" };
  const received = { ...sentHome, chain: HOME, sender: null, amountSent: null, sentTransactionHash: null, sentLogIndex: null, recipient: VAULT, amountReceived: sentHome.amountSent, receivedBlock: "9", receivedTimestamp: String(T0 + 5 * DAY), receivedTransactionHash: hash(9), receivedLogIndex: "1" };
  const tables = { ...home, Asset: home.Asset.filter((a) => a.chain === HOME), Lot: home.Lot.filter((l) => l.chain === HOME), Disposal: [], BridgeTransfer: [sent, received] };
  const { events } = storeChainsToLedger(tables as never, { store: "t.db" });
  const bridge = events.find((e) => e.kind === "bridge")!;
  assert.deepEqual([bridge.chain, bridge.toChain, bridge.tx.raw, bridge.toTx!.raw], [L2, HOME, `${hash(203)}:4`, `${hash(9)}:1`]);
});

test("tax gains on a two-chain store: the lot bridged across is sold on the second chain with its home basis and date", async () => {
  await withStore(twoChains(), async (file) => {
    const { stdout } = await gains(file);
    const result = JSON.parse(stdout);
    const sale = result.disposals.find((d: { chain?: number }) => d.chain === L2);
    assert.ok(sale, "the sale on the second chain names its chain");
    assert.deepEqual([sale.asset, sale.proceeds, sale.costBasis, sale.gain], ["USDC", "4000.00", "4000.00", "0.00"]);
    assert.deepEqual(sale.lots.map((l: { id: string; quantity: string }) => [l.id, l.quantity]), [[id(1, 0), "4000"]], "the home deposit's lot, carried across by the bridge");
    assert.equal(sale.lots[0].acquiredAt, new Date(T0 * 1000).toISOString().slice(0, 10), "with its acquisition date");
    assert.deepEqual(
      sale.lots[0].bridges,
      [{ fromChain: HOME, fromWallet: VAULT, tx: `${hash(3)}:2`, toChain: L2, toWallet: VAULT, toTx: `${hash(3)}:1`, message: GUID }],
      "the lot records both legs of the crossing and its guid",
    );
  });
});

test("a bridge transfer with one side in the store is refused, naming its guid and the side seen", async () => {
  await withStore(twoChains(bridgeSides(4_000n * USD6, 4_000n * USD6).slice(0, 1)), async (file) => {
    const err = await fails(gains(file));
    assert.equal(err.code, 2);
    assert.match(err.stderr, new RegExp(`BridgeTransfer ${GUID} is sent on chain ${HOME} \\(tx ${hash(3)}\\) and not yet received`));
  });
  assert.throws(() => storeChainsToLedger(twoChains(bridgeSides(4_000n * USD6, 4_000n * USD6).slice(1)) as never, { store: "t.db" }), /received on chain 412346 .* without its sending side/);
});

test("--chain names a one-chain store's chain: on a store of two chains it is refused", async () => {
  await withStore(twoChains(), async (file) => {
    const err = await fails(gains(file, "--chain", "31337"));
    assert.equal(err.code, 2);
    assert.match(err.stderr, /--chain 31337 names the chain of a one-chain store, but its rows are on chains 31337, 412346/);
  });
});
