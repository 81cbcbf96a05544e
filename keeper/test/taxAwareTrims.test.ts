/**
 * Tax-aware rebalancing, checked against the tax engine itself: the gains a trim is priced at are the gains
 * the engine realises for that sale (HIFO, and specific identification with the lots lotChoice names), and
 * the deferral rule's bounds (ceiling, N days, risk-off, safe mode).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { computeGains, MONEY_SCALE, openLotsFromEngine, QTY_SCALE, type LedgerEvent, type Method, type OpenLot } from "@lotgraph/tax";
import { chooseLots, rankLotsForSale } from "../src/lotChoice";
import { decideTrim, priceTrim, waitForCalm } from "../src/trimTax";

const DAY_MS = 86_400_000;
const D0 = Math.floor(Date.UTC(2025, 0, 1) / DAY_MS); // 2025-01-01
const rates = { shortTermBps: 3700, longTermBps: 2000 };
const usd = (x: number) => BigInt(x) * MONEY_SCALE;
const units = (x: number) => BigInt(x) * QTY_SCALE;

let seq = 0;
function ev(kind: LedgerEvent["kind"], day: number, quantity: number, unitPrice: number, lot?: string): LedgerEvent {
  const raw = `0x${(++seq).toString(16)}`;
  return { kind, wallet: "vault", asset: "WETH", time: (D0 + day) * DAY_MS + seq, quantity: units(quantity), value: usd(quantity * unitPrice), fee: 0n, tx: { raw, hash: raw }, ...(lot ? { lot } : {}) };
}

/** Lots bought at 3000 (day 0), 1000 (day 20), 2600 (day 300), 2000 (day 330); sold on day 400 at 2500. */
function buys(): LedgerEvent[] {
  return [ev("buy", 0, 4, 3000), ev("buy", 20, 4, 1000), ev("buy", 300, 4, 2600), ev("buy", 330, 4, 2000)];
}

function realised(ledger: LedgerEvent[], method: Method) {
  const out = { st: 0n, lt: 0n };
  for (const d of computeGains(ledger, { method, washSales: false }).disposals) {
    const gain = d.proceeds - d.costBasis + d.adjustment;
    if (d.term === "short") out.st += gain;
    else out.lt += gain;
  }
  return out;
}

function openLotsOf(ledger: LedgerEvent[], method: Method): OpenLot[] {
  return openLotsFromEngine(computeGains(ledger, { method, washSales: false }).lots);
}

describe("priceTrim: a trim's gains as the engine realises them", () => {
  const today = D0 + 400;
  const price = usd(2500);

  it("HIFO: the priced short- and long-term gains equal the engine's for the same sale", () => {
    const ledger = buys();
    const trim = priceTrim(openLotsOf(ledger, "hifo"), units(10), price, today, rates, "hifo");
    const sold = realised([...ledger, ev("sell", 400, 10, 2500)], "hifo");
    assert.equal(trim.shortTermGain, sold.st);
    assert.equal(trim.longTermGain, sold.lt);
    // HIFO relieves 3000 (long, −2000), 2600 (short, −400), 2000 × 2 (short, +1000)
    assert.equal(sold.lt, usd(-2000));
    assert.equal(sold.st, usd(600));
  });

  it("least tax: the lots chooseLots names, sold by specific ID, realise exactly the priced gains", () => {
    const ledger = buys();
    const lots = openLotsOf(ledger, "specific");
    const trim = priceTrim(lots, units(10), price, today, rates, "leastTax");
    const ids = chooseLots(lots, units(10), price, today, rates).map((p) => p.lotId);
    const sold = realised([...ledger, ev("sell", 400, 10, 2500, ids.join(";"))], "specific");
    assert.equal(trim.shortTermGain, sold.st);
    assert.equal(trim.longTermGain, sold.lt);
    // per unit: the 3000 lot (long, −500 × 20 % = −100) before the 2600 lot (short, −100 × 37 % = −37); then the
    // short-term 2000 lot (500 × 37 % = 185) before the long-term 1000 lot (1500 × 20 % = 300)
    assert.deepEqual(ids, [ledger[0].tx.raw, ledger[2].tx.raw, ledger[3].tx.raw]);
    assert.equal(sold.lt, usd(-2000));
    assert.equal(sold.st, usd(-400 + 1000));
    assert.ok(trim.tax <= priceTrim(lots, units(10), price, today, rates, "hifo").tax, "least tax never prices above HIFO here");
  });

  it("ranks a short-term loss before a long-term loss of the same size, and a long-term gain before a short-term one", () => {
    const lot = (id: string, basis: number, start: number): OpenLot => ({ id, wallet: "vault", asset: "WETH", quantity: units(1), basis: usd(basis), acquiredDay: start, holdingPeriodStartDay: start });
    const ranked = rankLotsForSale([lot("stGain", 2000, D0 + 300), lot("ltGain", 2000, D0), lot("ltLoss", 3000, D0 + 10), lot("stLoss", 3000, D0 + 310)], usd(2500), today, rates);
    assert.deepEqual(ranked.map((l) => l.id), ["stLoss", "ltLoss", "ltGain", "stGain"]);
  });

  it("refuses a sale larger than the lots, naming the shortfall", () => {
    assert.throws(() => chooseLots(openLotsOf(buys(), "specific"), units(17), price, today, rates), /exceeds the open lots by 1000000000000000000/);
  });
});

describe("decideTrim: deferral to long-term within bounds", () => {
  // one short-term gain lot bought on day 350 (long-term from day 716 = 2026-01-17... counted by the engine's rule)
  const ledger = [ev("buy", 350, 4, 2000)];
  const lots = openLotsOf(ledger, "hifo");
  const mode = { riskOff: false, safeMode: false };
  const config = { deferDays: 60, ceilingBps: 1500, calmWindowDays: 0 };

  it("defers a short-term gain trim whose lots turn long-term within N days while drift is under the ceiling", () => {
    const today = D0 + 700; // the lot turns long-term 366 days after day 350
    const trim = priceTrim(lots, units(1), usd(2500), today, rates);
    assert.equal(trim.allLongTermFromDay, D0 + 716);
    assert.equal(decideTrim(trim, 800, today, mode, config).defer, true);
    // the same trim beyond the ceiling, in risk-off or in safe mode: never deferred
    assert.match(decideTrim(trim, 1500, today, mode, config).reason, /at or above the ceiling/);
    assert.equal(decideTrim(trim, 800, today, { riskOff: true, safeMode: false }, config).defer, false);
    assert.equal(decideTrim(trim, 800, today, { riskOff: false, safeMode: true }, config).defer, false);
  });

  it("does not defer when the lots turn long-term later than N days, or the trim realises no short-term gain", () => {
    const early = D0 + 600;
    assert.match(decideTrim(priceTrim(lots, units(1), usd(2500), early, rates), 800, early, mode, config).reason, /in 116 days, beyond 60/);
    const late = D0 + 700;
    assert.match(decideTrim(priceTrim(lots, units(1), usd(1500), late, rates), 800, late, mode, config).reason, /no short-term gain/);
  });
});

describe("waitForCalm: calm-market timing of a trim that may wait", () => {
  const sigmas = [0.03, 0.02, 0.05, 0.04, 0.06];
  it("waits while today's σ is above the window's median, for at most the window", () => {
    assert.equal(waitForCalm(sigmas, 5, 0), true); // 0.06 > median 0.04
    assert.equal(waitForCalm(sigmas, 5, 5), false); // due for the whole window: trim now
    assert.equal(waitForCalm([...sigmas, 0.01], 5, 1), false); // a calm day
    assert.equal(waitForCalm(sigmas, 0, 0), false); // off
  });
  it("marks ceiling, risk-off and safe-mode trims as forced, so no timing rule can hold them", () => {
    const trim = { shortTermGain: 1n, longTermGain: 0n, tax: 0n, allLongTermFromDay: D0 + 10 };
    const config = { deferDays: 60, ceilingBps: 1500, calmWindowDays: 5 };
    assert.equal(decideTrim(trim, 1500, D0, { riskOff: false, safeMode: false }, config).forced, true);
    assert.equal(decideTrim(trim, 10, D0, { riskOff: true, safeMode: false }, config).forced, true);
    assert.equal(decideTrim(trim, 10, D0, { riskOff: false, safeMode: true }, config).forced, true);
    assert.equal(decideTrim({ ...trim, allLongTermFromDay: D0 + 100 }, 10, D0, { riskOff: false, safeMode: false }, config).forced, false);
  });
});
