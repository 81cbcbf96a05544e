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
  assert.equal(out.lots[0].holdingPeriodStart, "2024-01-02", "holding period of the sold lot is tacked on");
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
  const out = run(
    ["2024-12-01,w1,S,buy,100,100,0,0xdec1", "2024-12-15,w1,S,buy,100,90,0,0xdec15", "2025-01-03,w1,S,sell,100,90,0,0xjan3"],
    { washSales: true },
  );
  const d = out.disposals[0];
  assert.deepEqual([d.dateAcquired, d.costBasis, d.proceeds, d.code, d.adjustment, d.gain], ["2024-12-01", "10000.00", "9000.00", "W", "1000.00", "0.00"]);
  assert.equal(out.lots.length, 1);
  assert.deepEqual([out.lots[0].tx, out.lots[0].costBasis, out.lots[0].holdingPeriodStart], ["0xdec15", "10000.00", "2024-12-01"]);
});
