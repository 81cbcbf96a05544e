import { test } from "node:test";
import assert from "node:assert/strict";
import { run } from "./helpers";

test("Pub. 550 example 1: loss washed by a buy within 30 days; replacement basis 1,050", () => {
  const out = run(
    ["2024-01-02,w1,XYZ,buy,100,10,0,0xa", "2024-03-01,w1,XYZ,sell,100,7.5,0,0xb", "2024-03-15,w1,XYZ,buy,100,8,0,0xc"],
    { washSales: true },
  );
  assert.equal(out.disposals.length, 1);
  const d = out.disposals[0];
  assert.deepEqual(
    [d.proceeds, d.costBasis, d.code, d.adjustment, d.gain, d.term],
    ["750.00", "1000.00", "W", "250.00", "0.00", "short"],
  );
  assert.equal(out.lots.length, 1);
  assert.equal(out.lots[0].costBasis, "1050.00");
  assert.equal(out.lots[0].acquiredAt, "2024-03-15");
  // IRC §1223(3): the sold lot's 59 days (2024-01-02 → 2024-03-01) are tacked on: 2024-03-15 − 59 days
  assert.equal(out.lots[0].holdingPeriodStart, "2024-01-16", "holding period of the sold lot is tacked on (default)");
  const byDate = run(["2024-01-02,w1,XYZ,buy,100,10,0,0xa", "2024-03-01,w1,XYZ,sell,100,7.5,0,0xb", "2024-03-15,w1,XYZ,buy,100,8,0,0xc"], { washSales: true, washHoldingPeriod: "acquisition-date" });
  assert.equal(byDate.lots[0].holdingPeriodStart, "2024-01-02", "the other accepted method: the sold lot's date acquired");
  assert.equal(byDate.lots[0].costBasis, "1050.00");
});

test("Pub. 550 example 1 without the wash-sale switch: the loss stands, no adjustment", () => {
  const out = run(["2024-01-02,w1,XYZ,buy,100,10,0,0xa", "2024-03-01,w1,XYZ,sell,100,7.5,0,0xb", "2024-03-15,w1,XYZ,buy,100,8,0,0xc"]);
  assert.deepEqual([out.disposals[0].code, out.disposals[0].adjustment, out.disposals[0].gain], ["", "0.00", "-250.00"]);
  assert.equal(out.lots[0].costBasis, "800.00");
  assert.equal(out.lots[0].holdingPeriodStart, "2024-03-15");
});

test("Reg. §1.1091-2: replacement basis = its cost + the disallowed loss (110 and 90)", () => {
  for (const [price, basis] of [["90", "110.00"], ["70", "90.00"]]) {
    const out = run(["2024-05-01,w1,T,buy,1,100,0,0xa", "2024-06-01,w1,T,sell,1,80,0,0xb", `2024-06-20,w1,T,buy,1,${price},0,0xc`], { washSales: true });
    assert.equal(out.disposals[0].adjustment, "20.00");
    assert.equal(out.lots[0].costBasis, basis);
  }
});

test("Reg. §1.1091-1 example 1: replacement bought before the sale absorbs the whole loss", () => {
  // tacking (default): the Dec 1 lot was held 33 days, so the Dec 15 lot counts from 2024-11-12;
  // the other accepted method gives it the sold lot's date, 2024-12-01
  for (const [method, start] of [["tacking", "2024-11-12"], ["acquisition-date", "2024-12-01"]] as const) {
    const out = run(
      ["2024-12-01,w1,S,buy,100,100,0,0xdec1", "2024-12-15,w1,S,buy,100,90,0,0xdec15", "2025-01-03,w1,S,sell,100,90,0,0xjan3"],
      { washSales: true, washHoldingPeriod: method },
    );
    const d = out.disposals[0];
    assert.deepEqual([d.dateAcquired, d.costBasis, d.proceeds, d.code, d.adjustment, d.gain], ["2024-12-01", "10000.00", "9000.00", "W", "1000.00", "0.00"]);
    assert.equal(out.lots.length, 1);
    assert.deepEqual([out.lots[0].tx, out.lots[0].costBasis, out.lots[0].holdingPeriodStart], ["0xdec15", "10000.00", start], method);
  }
});
