import { test } from "node:test";
import assert from "node:assert/strict";
import { computeGains } from "../src/engine/engine";
import { InputError, InsufficientBasisError } from "../src/errors";
import { parseLedgerCsv } from "../src/ledger/csvLedger";
import { storeRowsToLedger, type StoreRow, type StoreRows } from "../src/ledger/storeEvents";
import { gainsJson } from "../src/output/gainsJson";
import { gainsCsvChunks } from "../src/output/gainsText";
import { run } from "./helpers";
import { at, E18, id, USDC, WETH } from "./storeRows";

// A wallet is (chain, address): the same address on two chains holds two sets of lots (per-wallet basis).

const H = "date,wallet,asset,action,quantity,price,fee,tx,chain";
const TWO_CHAINS = [
  H,
  "2024-01-10,0xaa,A,buy,10,100,0,0x01:1,home",
  "2024-02-10,0xaa,A,buy,10,50,0,0x02:1,l2",
  // FIFO over one pooled wallet would take the $100 lot of 2024-01-10; the l2 wallet holds only the $50 lot
  "2024-03-01,0xaa,A,sell,5,80,0,0x03:1,412346",
];
const parse = (lines: string[]) => parseLedgerCsv(lines.join("\n") + "\n", "c.csv");

test("the same address on two chains is two wallets: a sale relieves only its own chain's lots", () => {
  const out = run(TWO_CHAINS);
  assert.deepEqual(
    out.disposals.map((d) => [d.wallet, d.chain, d.quantity, d.dateAcquired, d.proceeds, d.costBasis, d.gain, d.lots.map((l) => [l.id, l.chain])]),
    [["0xaa", 412346, "5", "2024-02-10", "400.00", "250.00", "150.00", [["412346:0x02:1", 412346]]]],
  );
  // lot ids carry the chain off the home chain; home-chain ids are the transaction as before
  assert.deepEqual(
    out.lots.map((l) => [l.wallet, l.chain, l.quantity, l.costBasis, l.tx]),
    [
      ["0xaa", 31337, "10", "1000.00", "0x01:1"],
      ["0xaa", 412346, "5", "250.00", "0x02:1"],
    ],
  );
});

test("a sale beyond its chain's lots fails naming the wallet with its chain, although the address holds more on another chain", () => {
  const events = parse([...TWO_CHAINS, "2024-03-02,0xaa,A,sell,6,80,0,0x04:1,l2"]);
  assert.throws(() => computeGains(events, { method: "fifo" }), (e: Error) => {
    assert.ok(e instanceof InsufficientBasisError);
    assert.match(e.message, /c\.csv row 5: not enough basis for a sale of 6 A from wallet 0xaa on chain 412346 on 2024-03-02: 5 held/);
    return true;
  });
});

test("universal pooling pools across chains too (the option's meaning: one pool per asset)", () => {
  const out = run(TWO_CHAINS, { pooling: "universal" });
  assert.deepEqual(out.disposals.map((d) => [d.costBasis, d.gain]), [["500.00", "-100.00"]]);
});

test("a ledger on one chain reads the same with or without the chain column, and its output names no chain", () => {
  const plain = ["date,wallet,asset,action,quantity,price,fee,tx", "2024-01-10,w,A,buy,10,100,0,0x01:1", "2024-03-01,w,A,sell,5,80,0,0x03:1"];
  const tagged = [H, "2024-01-10,w,A,buy,10,100,0,0x01:1,31337", "2024-03-01,w,A,sell,5,80,0,0x03:1,"];
  const a = computeGains(parse(plain), { method: "fifo" });
  const b = computeGains(parse(tagged), { method: "fifo" });
  assert.equal(JSON.stringify(gainsJson(b)), JSON.stringify(gainsJson(a)));
  assert.ok(!JSON.stringify(gainsJson(a)).includes("chain"));
  assert.deepEqual(a.chains, [31337]);
  // every chain of another single-chain ledger keeps the plain form too: chains show when there are two
  const l2 = computeGains(parse([H, "2024-01-10,w,A,buy,10,100,0,0x01:1,l2", "2024-03-01,w,A,sell,5,80,0,0x03:1,l2"]), { method: "fifo" });
  assert.deepEqual([l2.chains, Object.keys(gainsJson(l2).disposals[0])[1]], [[412346], "asset"]);
});

test("with two chains every JSON object and CSV row carries the chain", () => {
  const result = computeGains(parse([...TWO_CHAINS, "2024-04-01,0xaa,A,income,1,90,0,0x05:1,home"]), { method: "fifo" });
  const json = gainsJson(result);
  assert.deepEqual(Object.keys(json.disposals[0]).slice(0, 3), ["wallet", "chain", "asset"]);
  assert.deepEqual([json.income[0].chain, json.lots.map((l) => l.chain)], [31337, [31337, 31337, 412346]]);
  const csv = [...gainsCsvChunks(result)].join("");
  assert.match(csv, /^wallet,asset,.*,missingBasis,chain\n0xaa,A,5,.*,412346\n$/);
});

test("bad chain values name the file, row and column", () => {
  const bad = (row: string, re: RegExp) => assert.throws(() => parse([H, row]), (e: Error) => e instanceof InputError && re.test(e.message));
  bad("2024-01-10,w,A,buy,1,1,0,0x1,mars", /c\.csv row 2, column chain: not a chain id .*known chain name.* \(value "mars"\)/);
  bad("2024-01-10,w,A,buy,1,1,0,0x1,0", /row 2, column chain: not a chain id/);
  bad("2024-01-10,w,A,buy,1,1,0,0x1,-5", /row 2, column chain: not a chain id .*\(value "-5"\)/);
  bad("2024-01-10,w,A,buy,1,1,0,0x1,99999999999999999", /row 2, column chain: not a chain id/);
  assert.equal(parse([H, "2024-01-10,w,A,buy,1,1,0,0x1,ARBITRUM"])[0].chain, 42161, "names in any case");
});

// --- the store: its chain comes from the deployment (or its identifications' chainId)

function storeRows(chainId: string): StoreRows {
  const buy = { ...at(1, 0, 0), asset: WETH, source: "REBALANCE_BUY", quantity: String(E18), unitCostRaw: String(2000n * E18), decimals: 18 };
  const sale = { ...at(3, 2, 5), asset: WETH, kind: "LOSS_HARVEST", quantity: String(E18), proceedsUsd: "1900", decimals: 18, positionShortfall: "0" };
  const ident: StoreRow = { ...at(3, 4, 5), id: `${id(3, 4)}-000`, asset: WETH, disposal: id(3, 2), lot: id(1, 0), lotKey: `${chainId}-${id(1, 0)}`, chainId, quantity: String(E18), position: 0 };
  return {
    Asset: [
      { id: USDC, symbol: "USDC", decimals: 6, isStable: 1 },
      { id: WETH, symbol: "WETH", decimals: 18, isStable: 0 },
    ],
    Lot: [buy],
    Disposal: [sale],
    Withdrawal: [],
    LotIdentification: [ident],
  };
}

test("a store off the home chain: events on its chain, lot ids the subgraph's chain-qualified keys, identifications matched", () => {
  const { events } = storeRowsToLedger(storeRows("412346"), { store: "l2.db", chain: 412346 });
  assert.deepEqual(events.map((e) => [e.kind, e.chain, e.lot ?? null]), [["buy", 412346, `412346-${id(1, 0)}`], ["harvest", 412346, null]]);
  const result = computeGains(events, { method: "specific", specificFallback: "hifo" });
  assert.deepEqual(result.disposals.map((d) => [d.chain, d.lots[0].lotId, d.lots[0].identifiedAt?.raw]), [[412346, `412346-${id(1, 0)}`, `${at(3, 4, 5).transactionHash}:4`]]);
  // without the deployment's chain, the identifications' chainId names it
  assert.equal(storeRowsToLedger(storeRows("412346"), { store: "l2.db" }).events[0].chain, 412346);
  // the home chain's store keeps its ids and names no chain, as before
  const home = storeRowsToLedger(storeRows("31337"), { store: "h.db", chain: 31337 }).events[0];
  assert.deepEqual([home.chain, home.lot], [undefined, id(1, 0)]);
});

test("a store whose identifications record another chain than the deployment's is refused, naming the row and field", () => {
  assert.throws(
    () => storeRowsToLedger(storeRows("412346"), { store: "x.db", chain: 31337 }),
    (e: Error) => e instanceof InputError && /x\.db: LotIdentification 000000000003-000004-000, field chainId: the store's lots are on chain 31337 \(the deployment's\) \(value "412346"\)/.test(e.message),
  );
});

test("a store off the home chain puts the liquidity manager's events on its chain too, with chain-qualified lot ids, and computes as on the home chain", async () => {
  const { rows: lpRows } = await import("./liquidityRows");
  const home = storeRowsToLedger(lpRows(), { store: "h.db", lpReading: "carryover" }).events;
  const l2 = storeRowsToLedger(lpRows(), { store: "l2.db", lpReading: "carryover", chain: 412346 }).events;
  assert.ok(l2.length > 2 && l2.every((e) => e.chain === 412346), "every event, the liquidity ones included, on the store's chain");
  assert.deepEqual(
    l2.filter((e) => e.lot).map((e) => e.lot),
    home.filter((e) => e.lot).map((e) => `412346-${e.lot}`),
  );
  const figures = (events: typeof home) => {
    const r = computeGains(events, { method: "fifo" });
    return [r.disposals.map((d) => [d.proceeds, d.costBasis]), r.income.map((i) => i.value), r.lots.map((l) => [l.wallet, l.remaining, l.basisRemaining])];
  };
  assert.deepEqual(figures(l2), figures(home), "the same wallets' figures on either chain");
});
