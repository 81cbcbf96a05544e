import { test } from "node:test";
import assert from "node:assert/strict";
import { storeRowsToLedger, type StoreRow, type StoreRows } from "../src/ledger/storeEvents";
import { TaxEngine } from "../src/engine/engine";
import { InputError, InsufficientBasisError } from "../src/errors";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { disposalJson, disposalJsonText, writeDisposalJson } from "../src/output/gainsJson";
import { SyncWriter } from "../src/output/syncWriter";
import { USDC, WETH, E18, hash, id, at } from "./storeRows";

// Specific identification recorded at the sale (the subgraph's LotIdentification rows) on store input:
// the engine relieves exactly the named lots, HIFO for sales that named none, and refuses an
// identification of a lot that does not exist, naming the sale and the lot. A named lot this computation had
// already relieved gives what it still holds; the rest goes by the default order, recorded as a shortfall.



function lot(block: number, day: number, quantity: bigint, unitUsd: bigint): StoreRow {
  return { ...at(block, 0, day), asset: WETH, source: "REBALANCE_BUY", quantity: String(quantity), unitCostRaw: String(unitUsd * E18), decimals: 18 };
}

function sale(block: number, day: number, quantity: bigint, proceedsUsd: string): StoreRow {
  return { ...at(block, 2, day), asset: WETH, kind: "LOSS_HARVEST", quantity: String(quantity), proceedsUsd, decimals: 18, positionShortfall: "0" };
}

/** The identification the gateway logs after the sale (log 4 of the sale's block), naming `lot` for `quantity`. */
function named(saleBlock: number, position: number, lotId: string, quantity: bigint, disposal: string | null = id(saleBlock, 2)): StoreRow {
  return { ...at(saleBlock, 4, 0), id: `${id(saleBlock, 4)}-${String(position).padStart(3, "0")}`, asset: WETH, disposal, lot: lotId, lotKey: `31337-${lotId}`, chainId: "31337", quantity: String(quantity), position };
}

/** Three WETH lots: $1,000 (block 1), $3,000 (block 2), $2,000 (block 3); a sale of 1.5 WETH in block 5, another of 1 in block 7. */
function rows(identifications: StoreRow[]): StoreRows {
  return {
    Asset: [
      { id: USDC, symbol: "USDC", decimals: 6, isStable: 1 },
      { id: WETH, symbol: "WETH", decimals: 18, isStable: 0 },
    ],
    Lot: [lot(1, 0, E18, 1000n), lot(2, 1, E18, 3000n), lot(3, 2, E18, 2000n)],
    Disposal: [sale(5, 10, (3n * E18) / 2n, "3000"), sale(7, 12, E18, "2000")],
    Withdrawal: [],
    LotIdentification: identifications,
  };
}

function run(r: StoreRows) {
  const { events, counts } = storeRowsToLedger(r, { store: "t.db" });
  return { result: new TaxEngine({ method: "specific", specificFallback: "hifo" }).run(events), counts };
}

const lotsOf = (row: { lots: { lotId: string | null; quantity: bigint; identifiedAt?: { raw: string } }[] }) =>
  row.lots.map((m) => [m.lotId, m.quantity, m.identifiedAt?.raw ?? null]);

test("a sale that named its lots relieves exactly those, in the order named, each tracing to the identification's tx and log", () => {
  // the $1,000 lot whole and half of the $2,000 lot: neither FIFO nor HIFO would pick these
  const { result, counts } = run(rows([named(5, 1, id(3, 0), E18 / 2n), named(5, 0, id(1, 0), E18)]));
  assert.equal(counts.identifiedDisposals, 1);
  const first = result.disposals.filter((d) => d.tx.raw === `${hash(5)}:2`);
  assert.deepEqual(first.flatMap(lotsOf), [
    [id(1, 0), E18, `${hash(5)}:4`],
    [id(3, 0), E18 / 2n, `${hash(5)}:4`],
  ]);
  assert.equal(first.reduce((s, d) => s + d.costBasis, 0n), 2000n * 10n ** 12n, "$1,000 + half of $2,000");
  // the second sale named nothing: HIFO takes the $3,000 lot, and nothing traces to an identification
  const second = result.disposals.filter((d) => d.tx.raw === `${hash(7)}:2`);
  assert.deepEqual(second.flatMap(lotsOf), [[id(2, 0), E18, null]]);
});

test("without any identification, specific ID on the store is HIFO (and FIFO only where asked)", () => {
  const { result, counts } = run(rows([]));
  assert.equal(counts.identifiedDisposals, 0);
  assert.deepEqual(result.disposals.flatMap(lotsOf), [
    [id(2, 0), E18, null],
    [id(3, 0), E18 / 2n, null],
    [id(3, 0), E18 / 2n, null],
    [id(1, 0), E18 / 2n, null],
  ]);
  const fifo = new TaxEngine({ method: "specific" }).run(storeRowsToLedger(rows([]), { store: "t.db" }).events);
  assert.equal(fifo.disposals[0].lots[0].lotId, id(1, 0), "the CSV path's fallback stays FIFO");
});

test("naming a lot that does not exist is an error naming the sale and the lot", () => {
  assert.throws(
    () => run(rows([named(5, 0, id(1, 0), E18), named(5, 1, id(4, 0), E18 / 2n)])),
    (e: Error) => e instanceof InputError && e.message.includes(`tx ${hash(5)}:2`) && e.message.includes(`lot "${id(4, 0)}"`) && e.message.includes("does not exist") && e.message.includes(`${hash(5)}:4`),
  );
});

test("a named lot this computation already relieved gives nothing; its units go by the default order and the shortfall is recorded", () => {
  // the first sale takes the $1,000 lot whole; the second names it again: HIFO takes the $3,000 lot instead
  const twice = [named(5, 0, id(1, 0), E18), named(5, 1, id(2, 0), E18 / 2n), named(7, 0, id(1, 0), E18)];
  const { result } = run(rows(twice));
  const second = result.disposals.filter((d) => d.tx.raw === `${hash(7)}:2`);
  assert.deepEqual(second.flatMap(lotsOf), [[id(2, 0), E18 / 2n, null], [id(3, 0), E18 / 2n, null]]);
  assert.deepEqual(result.identificationShortfalls, [
    { tx: `${hash(7)}:2`, identificationTx: `${hash(7)}:4`, chain: 31337, wallet: result.identificationShortfalls![0].wallet, asset: "WETH", lot: id(1, 0), named: E18, held: 0n },
  ]);
  assert.equal(run(rows([named(5, 0, id(1, 0), E18), named(5, 1, id(2, 0), E18 / 2n)])).result.identificationShortfalls, undefined, "none when every identification held");
});

test("naming more of a lot than it holds takes what it holds and the rest by the default order; quantities that do not add up to the sale are refused", () => {
  const { result } = run(rows([named(5, 0, id(1, 0), E18 + E18 / 2n)]));
  const first = result.disposals.filter((d) => d.tx.raw === `${hash(5)}:2`);
  assert.deepEqual(first.flatMap(lotsOf), [[id(1, 0), E18, `${hash(5)}:4`], [id(2, 0), E18 / 2n, null]]);
  assert.deepEqual(result.identificationShortfalls!.map((s) => [s.lot, s.named, s.held]), [[id(1, 0), E18 + E18 / 2n, E18]]);
  assert.throws(
    () => run(rows([named(5, 0, id(1, 0), E18)])),
    (e: Error) => e instanceof InputError && e.message.includes(`tx ${hash(5)}:2`) && e.message.includes("not the 1.5 sold"),
  );
});

test("an identification whose transaction sold none of the asset is a note, not a lot choice", () => {
  const { notes, counts } = storeRowsToLedger(rows([named(6, 0, id(1, 0), E18, null)]), { store: "t.db" });
  assert.equal(counts.identifiedDisposals, 0);
  assert.equal(notes.length, 1);
  assert.match(notes[0].message, /disposed of no WETH/);
});

test("the gains JSON names where each identified lot was named, the same in its three writers", () => {
  const { result } = run(rows([named(5, 0, id(1, 0), E18), named(5, 1, id(3, 0), E18 / 2n)]));
  const dir = mkdtempSync(path.join(os.tmpdir(), "lotgraph-tax-ident-"));
  try {
    for (const d of result.disposals) {
      const file = path.join(dir, "row.json");
      const fd = openSync(file, "w");
      const out = new SyncWriter(fd, 1024);
      writeDisposalJson(d, out);
      out.flush();
      closeSync(fd);
      const text = disposalJsonText(d);
      assert.equal(text, JSON.stringify(disposalJson(d)));
      assert.equal(readFileSync(file, "utf8"), text);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const first = disposalJson(result.disposals[0]);
  assert.deepEqual(first.lots.map((l) => [l.id, l.identifiedAt]), [[id(1, 0), `${hash(5)}:4`]]);
  const hifo = disposalJson(result.disposals.find((d) => d.tx.raw === `${hash(7)}:2`)!);
  assert.ok(hifo.lots.every((l) => !("identifiedAt" in l)), "a lot HIFO chose names no identification");
});

test("a rebalance that sold two assets in one transaction: each TRADE disposal relieves the lots named for its asset", () => {
  // block 9: the rebalance sells 1 WETH (log 1) and 2 WBTC (log 3); the gateway names WETH's lots at log 5 (the
  // $1,000 lot, then half of the $2,000 one: the prefix of its list that covers the sale) and WBTC's at log 6
  const WBTC = "0x" + "03".repeat(20);
  const trade = (log: number, asset: string, quantity: bigint, proceedsUsd: string): StoreRow => ({ ...at(9, log, 20), asset, kind: "TRADE", quantity: String(quantity), proceedsUsd, decimals: 18, positionShortfall: "0" });
  const ident = (log: number, position: number, asset: string, disposal: string, lotId: string, quantity: bigint): StoreRow => ({
    ...at(9, log, 0), id: `${id(9, log)}-${String(position).padStart(3, "0")}`, asset, disposal, lot: lotId, lotKey: `31337-${lotId}`, chainId: "31337", quantity: String(quantity), position,
  });
  const r = rows([]);
  r.Asset.push({ id: WBTC, symbol: "WBTC", decimals: 18, isStable: 0 });
  r.Lot.push({ ...lot(4, 3, 2n * E18, 500n), asset: WBTC }, { ...at(4, 1, 3), asset: WBTC, source: "REBALANCE_BUY", quantity: String(E18), unitCostRaw: String(900n * E18), decimals: 18 });
  r.Disposal = [trade(1, WETH, (3n * E18) / 2n, "3000"), trade(3, WBTC, 2n * E18, "1400")];
  r.LotIdentification = [ident(5, 0, WETH, id(9, 1), id(1, 0), E18), ident(5, 1, WETH, id(9, 1), id(3, 0), E18 / 2n), ident(6, 0, WBTC, id(9, 3), id(4, 0), 2n * E18)];
  const { result, counts } = run(r);
  assert.equal(counts.identifiedDisposals, 2);
  const of = (log: number) => result.disposals.filter((d) => d.tx.raw === `${hash(9)}:${log}`).flatMap(lotsOf);
  assert.deepEqual(of(1), [[id(1, 0), E18, `${hash(9)}:5`], [id(3, 0), E18 / 2n, `${hash(9)}:5`]]);
  assert.deepEqual(of(3), [[id(4, 0), 2n * E18, `${hash(9)}:6`]], "the $500 lot, not HIFO's $900 one");
});
