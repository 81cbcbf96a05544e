import { test } from "node:test";
import assert from "node:assert/strict";
import { isLongTerm } from "../src/engine/dates";
import { dayOf } from "../src/engine/dates";
import { HEADER, run } from "./helpers";

const THREE_LOTS = [
  "2024-01-01,w1,A,buy,10,100,0,0xL1",
  "2024-02-01,w1,A,buy,10,300,0,0xL2",
  "2024-03-01,w1,A,buy,10,200,0,0xL3",
  "2024-04-01,w1,A,sell,15,250,10,0xS",
];

const rowsOf = (out: ReturnType<typeof run>) => out.disposals.map((d) => [d.dateAcquired, d.quantity, d.proceeds, d.costBasis, d.gain]);
const lotsOf = (out: ReturnType<typeof run>) => out.lots.map((l) => [l.tx, l.quantity, l.costBasis]);

test("FIFO relieves the oldest lots; proceeds net of the fee are split by quantity", () => {
  const out = run(THREE_LOTS, { method: "fifo" });
  assert.deepEqual(rowsOf(out), [
    ["2024-01-01", "10", "2493.33", "1000.00", "1493.33"],
    ["2024-02-01", "5", "1246.67", "1500.00", "-253.33"],
  ]);
  assert.deepEqual(lotsOf(out), [["0xL2", "5", "1500.00"], ["0xL3", "10", "2000.00"]]);
});

test("LIFO relieves the newest lots", () => {
  const out = run(THREE_LOTS, { method: "lifo" });
  assert.deepEqual(rowsOf(out), [
    ["2024-03-01", "10", "2493.33", "2000.00", "493.33"],
    ["2024-02-01", "5", "1246.67", "1500.00", "-253.33"],
  ]);
  assert.deepEqual(lotsOf(out), [["0xL1", "10", "1000.00"], ["0xL2", "5", "1500.00"]]);
});

test("HIFO relieves the highest unit cost first (fees count in the cost)", () => {
  const out = run(THREE_LOTS, { method: "hifo" });
  assert.deepEqual(rowsOf(out), [
    ["2024-02-01", "10", "2493.33", "3000.00", "-506.67"],
    ["2024-03-01", "5", "1246.67", "1000.00", "246.67"],
  ]);
  assert.deepEqual(lotsOf(out), [["0xL1", "10", "1000.00"], ["0xL3", "5", "1000.00"]]);
  // a fee can reorder HIFO: 10 @ 199 + $20 fee costs 200.1 a unit, above 10 @ 200
  const fee = run(["2024-01-01,w1,A,buy,10,200,0,0xa", "2024-01-02,w1,A,buy,10,199,20,0xb", "2024-01-03,w1,A,sell,1,210,0,0xs"], { method: "hifo" });
  assert.equal(fee.disposals[0].costBasis, "201.00");
});

test("specific identification relieves the named lot, by tx or by the lot column", () => {
  const lines = [
    `${HEADER},lot`,
    "2024-01-01,w1,A,buy,10,100,0,0xL1,",
    "2024-02-01,w1,A,buy,10,300,0,0xL2,cheap-not",
    "2024-03-01,w1,A,buy,10,200,0,0xL3,",
    "2024-04-01,w1,A,sell,4,250,0,0xS1,0xL3",
    "2024-04-02,w1,A,sell,2,250,0,0xS2,cheap-not",
    "2024-04-03,w1,A,sell,1,250,0,0xS3,",
  ];
  const out = run(lines, { method: "specific" });
  assert.deepEqual(rowsOf(out), [
    ["2024-03-01", "4", "1000.00", "800.00", "200.00"],
    ["2024-02-01", "2", "500.00", "600.00", "-100.00"],
    ["2024-01-01", "1", "250.00", "100.00", "150.00"], // no lot named: FIFO
  ]);
  assert.throws(() => run([...lines, "2024-04-04,w1,A,sell,7,250,0,0xS4,0xL3"], { method: "specific" }), /row 8.*wallet w1, asset A/);
  assert.throws(() => run([...lines, "2024-04-04,w1,A,sell,1,250,0,0xS4,0xNOPE"], { method: "specific" }), /lot "0xNOPE" is not an open lot/);
});

test("holding period: long-term only when held more than one year", () => {
  const term = (bought: string, sold: string) => run([`${bought},w,A,buy,1,1,0,0xa`, `${sold},w,A,sell,1,1,0,0xb`]).disposals[0].term;
  assert.equal(term("2024-06-19", "2025-06-19"), "short");
  assert.equal(term("2024-06-19", "2025-06-20"), "long");
  assert.equal(term("2024-02-29", "2025-02-28"), "short");
  assert.equal(term("2024-02-29", "2025-03-01"), "long");
  assert.equal(term("2023-02-28", "2024-02-29"), "short");
  assert.equal(term("2023-02-28", "2024-03-01"), "long");
  assert.equal(term("2023-12-31", "2024-12-31"), "short");
  assert.equal(term("2023-12-31", "2025-01-01"), "long");
  assert.equal(term("2024-06-19T23:59:59Z", "2025-06-20T00:00:00Z"), "long");
  assert.equal(isLongTerm(dayOf(2024, 3, 1), dayOf(2025, 3, 1)), false);
  assert.equal(isLongTerm(dayOf(2024, 3, 1), dayOf(2025, 3, 2)), true);
});

test("fees: added to basis on buys, deducted from proceeds on sales; income is FMV and opens a lot", () => {
  const out = run(["2024-01-01,w,A,buy,2,100,3.5,0xa", "2024-01-05,w,A,income,1,110,0,0xi", "2024-02-01,w,A,sell,2,120,1.25,0xs"]);
  assert.deepEqual(rowsOf(out), [["2024-01-01", "2", "238.75", "203.50", "35.25"]]);
  assert.deepEqual(out.income, [{ wallet: "w", asset: "A", date: "2024-01-05", quantity: "1", value: "110.00", tx: "0xi" }]);
  assert.deepEqual(lotsOf(out), [["0xi", "1", "110.00"]]);
});

test("lots are per wallet by default; universal pooling is an explicit option", () => {
  const lines = ["2024-01-01,w1,A,buy,1,100,0,0xa", "2024-01-02,w2,A,sell,1,120,0,0xb"];
  assert.throws(() => run(lines), (e: Error & { exitCode?: number }) => e.exitCode === 3 && /row 3.*wallet w2/.test(e.message) && /A/.test(e.message));
  const out = run(lines, { pooling: "universal" });
  assert.deepEqual([out.disposals[0].wallet, out.disposals[0].gain, out.disposals[0].lots[0].wallet], ["w2", "20.00", "w1"]);
  const missing = run(lines, { allowMissingBasis: true });
  assert.deepEqual([out.disposals.length, missing.disposals[0].costBasis, missing.disposals[0].gain, missing.disposals[0].lots[0].missingBasis], [1, "0.00", "120.00", true]);
});

test("tax-year filter keeps that year's disposals and income; lots are those open after the last event", () => {
  const lines = ["2023-05-01,w,A,buy,3,10,0,0xa", "2023-06-01,w,A,sell,1,12,0,0xb", "2024-06-01,w,A,sell,1,15,0,0xc", "2024-07-01,w,A,income,1,20,0,0xd"];
  const y23 = run(lines, {}, 2023);
  assert.deepEqual(y23.disposals.map((d) => d.tx), ["0xb"]);
  assert.equal(y23.income.length, 0);
  const y24 = run(lines, {}, 2024);
  assert.deepEqual([y24.disposals.map((d) => [d.tx, d.term]), y24.income.length], [[["0xc", "long"]], 1]);
  assert.deepEqual(lotsOf(y24), [["0xa", "1", "10.00"], ["0xd", "1", "20.00"]]);
});

test("quantities stay exact to 18 decimals; a lot fully relieved gives up exactly its remaining basis", () => {
  const out = run(["2024-01-01,w,A,buy,1,10,0,0xa", "2024-01-02,w,A,sell,0.333333333333333333,10,0,0xb", "2024-01-03,w,A,sell,0.666666666666666667,10,0,0xc"]);
  assert.deepEqual(out.disposals.map((d) => [d.quantity, d.costBasis]), [["0.333333333333333333", "3.33"], ["0.666666666666666667", "6.67"]]);
  assert.equal(out.lots.length, 0);
});
