import { test } from "node:test";
import assert from "node:assert/strict";
import { run } from "./helpers";

const cents = (s: string) => Math.round(Number(s) * 100);

test("a fully washed loss has gain exactly 0.00, and each row adds up: proceeds − basis + adjustment = gain", () => {
  // proceeds 1.006 → 1.01, basis 2.004 → 2.00, loss 0.998 → 1.00: rounding each column alone gives +0.01
  const out = run(["2024-01-02,w1,A,buy,1,2.004,0,0xa", "2024-02-01,w1,A,sell,1,1.006,0,0xb", "2024-02-10,w1,A,buy,1,1,0,0xc"], { washSales: true });
  const d = out.disposals[0];
  assert.deepEqual([d.proceeds, d.costBasis, d.code, d.adjustment, d.gain], ["1.01", "2.00", "W", "0.99", "0.00"]);
  // a partial wash (half the units replaced) keeps its own rounded adjustment and a gain that adds up
  const half = run(["2024-01-02,w1,A,buy,2,2.004,0,0xa", "2024-02-01,w1,A,sell,2,1.006,0,0xb", "2024-02-10,w1,A,buy,1,1,0,0xc"], { washSales: true });
  const h = half.disposals[0];
  assert.equal(cents(h.proceeds) - cents(h.costBasis) + cents(h.adjustment), cents(h.gain));
  assert.deepEqual([h.proceeds, h.costBasis, h.adjustment, h.gain], ["2.01", "4.01", "1.00", "-1.00"]);
});

test("the Form 8949 rows of one sale add up to the sale's proceeds (the rounding remainder is allocated)", () => {
  // two lots bought on different days → two rows of 3.015 each; the sale's proceeds are 6.03
  const out = run(["2024-01-02,w1,A,buy,1,1,0,0xa", "2024-01-03,w1,A,buy,1,1,0,0xb", "2024-03-01,w1,A,sell,2,3.015,0,0xs"]);
  assert.equal(out.disposals.length, 2);
  assert.deepEqual(out.disposals.map((d) => d.proceeds), ["3.02", "3.01"]);
  assert.equal(out.disposals.reduce((a, d) => a + cents(d.proceeds), 0), 603);
  for (const d of out.disposals) assert.equal(cents(d.proceeds) - cents(d.costBasis) + cents(d.adjustment), cents(d.gain));
});
