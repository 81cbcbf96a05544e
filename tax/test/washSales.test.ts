import { test } from "node:test";
import assert from "node:assert/strict";
import { run } from "./helpers";

// these cases check dates under the "replacement takes the sold lot's date" method; tacking (the default) is tested below
const W = { washSales: true, washHoldingPeriod: "acquisition-date" as const };

test("partial replacement: only the replaced fraction of the loss is disallowed", () => {
  const out = run(["2024-01-01,w,A,buy,100,10,0,0xa", "2024-02-01,w,A,sell,100,7,0,0xs", "2024-02-20,w,A,buy,40,6,0,0xr"], W);
  const d = out.disposals[0];
  assert.deepEqual([d.code, d.adjustment, d.gain], ["W", "120.00", "-180.00"]);
  assert.deepEqual(out.lots.map((l) => [l.quantity, l.costBasis, l.holdingPeriodStart]), [["40", "360.00", "2024-01-01"]]);
});

test("more replacement units than sold: the earliest acquired are used, the rest keep their own basis", () => {
  const out = run(["2024-01-01,w,A,buy,10,10,0,0xa", "2024-02-01,w,A,sell,10,8,0,0xs", "2024-02-05,w,A,buy,6,9,0,0xr1", "2024-02-10,w,A,buy,10,9,0,0xr2"], W);
  assert.equal(out.disposals[0].adjustment, "20.00");
  assert.deepEqual(out.lots.map((l) => [l.tx, l.quantity, l.costBasis, l.holdingPeriodStart]), [
    ["0xr1", "6", "66.00", "2024-01-01"],
    ["0xr2", "4", "44.00", "2024-01-01"],
    ["0xr2", "6", "54.00", "2024-02-10"],
  ]);
});

test("one bite: a replacement washes only the first loss; losses in other wallets count (same taxpayer)", () => {
  const lines = [
    "2024-01-01,w1,A,buy,10,10,0,0xa",
    "2024-01-05,w2,A,buy,10,10,0,0xb",
    "2024-03-01,w1,A,sell,10,8,0,0xs1",
    "2024-03-03,w2,A,sell,10,7,0,0xs2",
    "2024-03-10,w1,A,buy,10,9,0,0xr",
  ];
  const out = run(lines, W);
  assert.deepEqual(out.disposals.map((d) => [d.tx, d.code, d.adjustment, d.gain]), [
    ["0xs1", "W", "20.00", "0.00"],
    ["0xs2", "", "0.00", "-30.00"],
  ]);
  assert.deepEqual(out.lots.map((l) => [l.wallet, l.costBasis, l.holdingPeriodStart]), [["w1", "110.00", "2024-01-01"]]);
  // without the first loss, the w1 purchase replaces w2's loss
  const cross = run(lines.filter((l) => !l.includes("0xs1")).map((l) => l), W);
  const s2 = cross.disposals.find((d) => d.tx === "0xs2")!;
  assert.deepEqual([s2.code, s2.adjustment], ["W", "30.00"]);
});

test("gains are never washed: a sale with a gain lot and a loss lot washes only the loss", () => {
  const out = run(["2024-01-01,w,A,buy,10,10,0,0xa", "2024-02-01,w,A,buy,10,20,0,0xb", "2024-03-01,w,A,sell,20,15,0,0xs", "2024-03-05,w,A,buy,10,14,0,0xr"], W);
  assert.deepEqual(out.disposals.map((d) => [d.dateAcquired, d.code, d.adjustment, d.gain]), [
    ["2024-01-01", "", "0.00", "50.00"],
    ["2024-02-01", "W", "50.00", "0.00"],
  ]);
  assert.deepEqual(out.lots.map((l) => [l.costBasis, l.holdingPeriodStart]), [["190.00", "2024-02-01"]]);
});

test("units of the sold lot's own purchase are not its replacement", () => {
  const out = run(["2024-01-01,w,A,buy,200,10,0,0xa", "2024-01-15,w,A,sell,100,8,0,0xs"], W);
  assert.deepEqual([out.disposals[0].code, out.disposals[0].gain], ["", "-200.00"]);
  assert.deepEqual(out.lots.map((l) => [l.quantity, l.costBasis]), [["100", "1000.00"]]);
});

test("a replacement later sold carries the adjusted basis and the tacked holding period", () => {
  const out = run(
    ["2023-01-01,w,A,buy,10,10,0,0xa", "2024-06-01,w,A,sell,10,8,0,0xs", "2024-06-10,w,A,buy,10,8,0,0xr", "2024-07-01,w,A,sell,10,9,0,0xs2"],
    W,
  );
  assert.deepEqual(out.disposals.map((d) => [d.tx, d.dateAcquired, d.term, d.costBasis, d.code, d.adjustment, d.gain]), [
    ["0xs", "2023-01-01", "long", "100.00", "W", "20.00", "0.00"],
    ["0xs2", "2023-01-01", "long", "100.00", "", "0.00", "-10.00"],
  ]);
  assert.equal(out.lots.length, 0);
});

test("window edges: 30 days before and after count, 31 do not", () => {
  const adj = (buyDate: string) => run(["2024-01-01,w,A,buy,1,10,0,0xa", "2024-03-01,w,A,sell,1,8,0,0xs", `${buyDate},w,A,buy,1,8,0,0xr`], W).disposals[0].adjustment;
  assert.equal(adj("2024-03-31"), "2.00");
  assert.equal(adj("2024-04-01"), "0.00");
  assert.equal(adj("2024-01-31"), "2.00");
  assert.equal(adj("2024-01-30"), "0.00");
});

test("income received in the window is a replacement acquisition", () => {
  const out = run(["2024-01-01,w,A,buy,1,10,0,0xa", "2024-03-01,w,A,sell,1,8,0,0xs", "2024-03-02,w,A,income,1,8,0,0xi"], W);
  assert.deepEqual([out.disposals[0].code, out.disposals[0].adjustment, out.lots[0].costBasis], ["W", "2.00", "10.00"]);
  assert.equal(out.income[0].value, "8.00", "income stays at fair market value");
});

test("replacement units disposed of before the loss sale do not count", () => {
  const out = run(["2024-01-01,w1,A,buy,1,10,0,0xa", "2024-02-20,w2,A,buy,1,9,0,0xb", "2024-02-25,w2,A,sell,1,9.5,0,0xg", "2024-03-01,w1,A,sell,1,8,0,0xs"], W);
  assert.deepEqual(out.disposals.map((d) => [d.tx, d.code, d.gain]), [["0xg", "", "0.50"], ["0xs", "", "-2.00"]]);
});

test("with the switch off, nothing is washed", () => {
  const out = run(["2024-01-01,w,A,buy,1,10,0,0xa", "2024-03-01,w,A,sell,1,8,0,0xs", "2024-03-02,w,A,buy,1,8,0,0xr"]);
  assert.deepEqual([out.disposals[0].code, out.disposals[0].adjustment, out.lots[0].costBasis], ["", "0.00", "8.00"]);
});

test("wash-sale holding period: tacking is the default; the replacement's term follows the tacked days", () => {
  // sold lot held 200 days (2024-01-01 → 2024-07-19); replacement bought 2024-08-01, sold 2025-02-01
  const lines = ["2024-01-01,w1,A,buy,1,100,0,0xa", "2024-07-19,w1,A,sell,1,60,0,0xb", "2024-08-01,w1,A,buy,1,60,0,0xc", "2025-02-01,w1,A,sell,1,70,0,0xd"];
  const tacked = run(lines, { washSales: true });
  // 2024-08-01 − 200 days = 2024-01-14; long-term from 2025-01-15, so the 2025-02-01 sale is long-term
  assert.deepEqual(tacked.disposals.map((d) => [d.dateAcquired, d.term, d.costBasis, d.gain]), [["2024-01-01", "short", "100.00", "0.00"], ["2024-01-14", "long", "100.00", "-30.00"]]);
  const byDate = run(lines, { washSales: true, washHoldingPeriod: "acquisition-date" });
  assert.deepEqual(byDate.disposals.map((d) => [d.dateAcquired, d.term]), [["2024-01-01", "short"], ["2024-01-01", "long"]]);
  // a replacement bought before the sale: tacking moves its own date back by the sold lot's days
  const before = run(["2024-03-01,w1,A,buy,1,100,0,0xa", "2024-03-20,w1,A,buy,1,90,0,0xb", "2024-04-10,w1,A,sell,1,80,0,0xs"], { washSales: true });
  assert.deepEqual(before.lots.map((l) => [l.tx, l.holdingPeriodStart]), [["0xb", "2024-02-09"]]);
});
