import { test } from "node:test";
import assert from "node:assert/strict";
import { computeGains } from "../src/engine/engine";
import { InputError, InsufficientBasisError } from "../src/errors";
import { parseLedgerCsv } from "../src/ledger/csvLedger";
import { run } from "./helpers";

// Transfers between two wallets of the taxpayer: lots move with their basis and dates, nothing is realized.
const HEADER_TO = "date,wallet,asset,action,quantity,price,fee,tx,lot,to";

const lotsOf = (out: ReturnType<typeof run>) => out.lots.map((l) => [l.wallet, l.quantity, l.costBasis, l.acquiredAt, l.holdingPeriodStart, l.tx]);
const rowsOf = (out: ReturnType<typeof run>) => out.disposals.map((d) => [d.wallet, d.quantity, d.dateAcquired, d.dateSold, d.proceeds, d.costBasis, d.code, d.adjustment, d.gain, d.term]);

const SPLIT = [
  HEADER_TO,
  "2023-01-10,w1,A,buy,100,10,1,0xL1,,",
  "2024-03-01,w1,A,buy,50,20,0,0xL2,,",
  "2024-06-01,w1,A,transfer,120,0,,0xT,,w2",
];

test("a transfer relieves the source wallet's lots by the method and re-opens them in the receiving wallet, exactly", () => {
  const out = run(SPLIT, { method: "fifo" });
  assert.deepEqual(out.disposals, [], "a transfer realizes nothing");
  assert.deepEqual(lotsOf(out), [
    ["w1", "30", "600.00", "2024-03-01", "2024-03-01", "0xL2"],
    ["w2", "100", "1001.00", "2023-01-10", "2023-01-10", "0xL1"],
    ["w2", "20", "400.00", "2024-03-01", "2024-03-01", "0xL2"],
  ]);
});

test("a later sale from the receiving wallet uses the moved lots with their acquisition dates and term", () => {
  const out = run([...SPLIT, "2024-06-10,w2,A,sell,110,15,0,0xS,,"], { method: "fifo" });
  assert.deepEqual(rowsOf(out), [
    // held since 2023-01-10 in w1: long-term although it reached w2 nine days before the sale
    ["w2", "100", "2023-01-10", "2024-06-10", "1500.00", "1001.00", "", "0.00", "499.00", "long"],
    ["w2", "10", "2024-03-01", "2024-06-10", "150.00", "200.00", "", "0.00", "-50.00", "short"],
  ]);
  assert.deepEqual(lotsOf(out), [
    ["w1", "30", "600.00", "2024-03-01", "2024-03-01", "0xL2"],
    ["w2", "10", "200.00", "2024-03-01", "2024-03-01", "0xL2"],
  ]);
});

test("moved lots keep their basis to the 1e-12 dollar: sub-cent shares add up across both wallets", () => {
  const lines = [HEADER_TO, "2024-01-01,w1,A,buy,3,1,0.01,0xL,,", "2024-02-01,w1,A,transfer,1,0,0,0xT,,w2"];
  const engine = computeGains(parseLedgerCsv(lines.join("\n") + "\n", "t.csv"), { method: "fifo" });
  const byWallet = Object.fromEntries(engine.lots.map((l) => [l.wallet, l.basisRemaining]));
  assert.equal(byWallet.w1 + byWallet.w2, 3_010_000_000_000n, "basis conserved exactly");
  assert.equal(byWallet.w2, 1_003_333_333_333n, "a third of $3.01, rounded once at 1e-12");
});

test("HIFO and specific identification choose which lots a transfer moves", () => {
  const buys = [HEADER_TO, "2024-01-01,w1,A,buy,10,10,0,0xL1,a1,", "2024-01-02,w1,A,buy,10,20,0,0xL2,a2,", "2024-01-03,w1,A,buy,10,15,0,0xL3,a3,"];
  const hifo = run([...buys, "2024-02-01,w1,A,transfer,12,0,0,0xT,,w2"], { method: "hifo" });
  assert.deepEqual(
    hifo.lots.filter((l) => l.wallet === "w2").map((l) => [l.tx, l.quantity, l.costBasis]),
    [["0xL2", "10", "200.00"], ["0xL3", "2", "30.00"]],
  );
  const specific = run([...buys, "2024-02-01,w1,A,transfer,4,0,0,0xT,a3;a1,w2"], { method: "specific" });
  assert.deepEqual(
    specific.lots.filter((l) => l.wallet === "w2").map((l) => [l.tx, l.quantity, l.costBasis]),
    [["0xL3", "4", "60.00"]],
  );
  // a sale from the source wallet can no longer name the moved units of a3
  assert.throws(
    () => run([...buys, "2024-02-01,w1,A,transfer,10,0,0,0xT,a3,w2", "2024-02-02,w1,A,sell,1,30,0,0xS,a3,"], { method: "specific" }),
    /lot "a3" is not an open lot of A in wallet w1/,
  );
});

test("a wash-sale holding period and adjusted basis travel with the moved lot", () => {
  const out = run(
    [
      HEADER_TO,
      "2024-01-01,w1,A,buy,10,100,0,0xL1,,",
      "2024-02-01,w1,A,sell,10,80,0,0xS1,,",
      "2024-02-10,w1,A,buy,10,90,0,0xL2,,",
      "2024-03-01,w1,A,transfer,10,0,0,0xT,,w2",
      "2025-01-05,w2,A,sell,10,120,0,0xS2,,",
    ],
    { method: "fifo", washSales: true, washHoldingPeriod: "acquisition-date" },
  );
  assert.deepEqual(rowsOf(out), [
    ["w1", "10", "2024-01-01", "2024-02-01", "800.00", "1000.00", "W", "200.00", "0.00", "short"],
    // basis 900 + 200 disallowed; held from 2024-01-01 (tacked), so long-term on 2025-01-05
    ["w2", "10", "2024-01-01", "2025-01-05", "1200.00", "1100.00", "", "0.00", "100.00", "long"],
  ]);
});

test("wash sales: a transfer is not an acquisition, but moved units can still replace a loss", () => {
  const lossSale = ["2024-01-01,w1,A,buy,10,100,0,0xL1,,", "2024-05-10,w1,A,sell,10,60,0,0xS,,"];
  // units held in w3 since long before the window, moved into w1 two days after the loss: no new units, no wash
  const moved = run([HEADER_TO, "2023-01-01,w3,A,buy,10,50,0,0xOLD,,", ...lossSale, "2024-05-12,w3,A,transfer,10,0,0,0xT,,w1"], { method: "fifo", washSales: true, washHoldingPeriod: "acquisition-date" });
  assert.deepEqual(rowsOf(moved).map((r) => [r[6], r[7], r[8]]), [["", "0.00", "-400.00"]]);
  // units bought in w3 ten days before the loss and moved to w2 before it are still held at the sale: they wash it,
  // and the replacement lot carrying the disallowed loss is in w2, where the units are
  const replaced = run([HEADER_TO, "2024-04-30,w3,A,buy,10,50,0,0xNEW,,", "2024-05-05,w3,A,transfer,10,0,0,0xT,,w2", ...lossSale], { method: "fifo", washSales: true, washHoldingPeriod: "acquisition-date" });
  assert.deepEqual(rowsOf(replaced).map((r) => [r[6], r[7], r[8]]), [["W", "400.00", "0.00"]]);
  assert.deepEqual(lotsOf(replaced), [["w2", "10", "900.00", "2024-04-30", "2024-01-01", "0xNEW"]]);
});

test("universal pooling: a transfer moves nothing (both wallets share the asset's pool)", () => {
  const lines = [HEADER_TO, "2024-01-01,w1,A,buy,10,10,0,0xL1,,", "2024-02-01,w1,A,transfer,10,0,0,0xT,,w2", "2024-03-01,w1,A,sell,4,12,0,0xS,,"];
  const pooled = run(lines, { method: "fifo", pooling: "universal" });
  assert.deepEqual(lotsOf(pooled), [["w1", "6", "60.00", "2024-01-01", "2024-01-01", "0xL1"]]);
  // per wallet the same sale has nothing left to draw from in w1
  assert.throws(() => run(lines, { method: "fifo" }), (e: Error) => e instanceof InsufficientBasisError && /test\.csv row 4: not enough basis for a sale of 4 A from wallet w1/.test(e.message));
});

test("a transfer larger than the source wallet's lots fails naming the row, wallet and asset", () => {
  assert.throws(
    () => run([HEADER_TO, "2024-01-01,w1,A,buy,10,10,0,0xL1,,", "2024-01-01,w2,A,buy,10,10,0,0xL2,,", "2024-02-01,w1,A,transfer,12,0,0,0xT,,w2"], { method: "fifo" }),
    (e: Error) => e instanceof InsufficientBasisError && /test\.csv row 4: not enough lots for a transfer of 12 A from wallet w1 to w2 on 2024-02-01: 10 held/.test(e.message),
  );
});

test("ledger CSV: transfer rows need a to column and a receiving wallet, carry no fee; other rows name no receiver", () => {
  const bad = (lines: string[], re: RegExp) =>
    assert.throws(() => parseLedgerCsv(lines.join("\n") + "\n", "l.csv"), (e: Error) => e instanceof InputError && re.test(e.message), re.source);
  const H = "date,wallet,asset,action,quantity,price,fee,tx";
  bad([H, "2024-01-01,w1,A,transfer,1,0,0,0xT"], /l\.csv row 2, column action: a transfer needs the receiving wallet in a "to" column/);
  bad([`${H},to`, "2024-01-01,w1,A,transfer,1,0,0,0xT,"], /l\.csv row 2, column to: a transfer needs the receiving wallet/);
  bad([`${H},to`, "2024-01-01,w1,A,transfer,1,0,0,0xT,w1"], /l\.csv row 2, column to: a transfer to the wallet it comes from \(value "w1"\)/);
  bad([`${H},to`, "2024-01-01,w1,A,transfer,1,0,0.50,0xT,w2"], /l\.csv row 2, column fee: a transfer carries no fee: a fee paid in A is a disposal of those units/);
  bad([`${H},to`, "2024-01-01,w1,A,buy,1,5,0,0xB,w2"], /l\.csv row 2, column to: only transfer and bridge rows name a receiving wallet, this is a buy row/);
  bad([`${H},to,to`, "2024-01-01,w1,A,buy,1,5,0,0xB,,"], /l\.csv row 1: column "to" appears twice/);
  bad([`${H},dest`, "2024-01-01,w1,A,buy,1,5,0,0xB,"], /l\.csv row 1: unknown column "dest"/);
  bad([H, "2024-01-01,w1,A,move,1,5,0,0xB"], /column action: must be buy, sell, income, transfer or bridge/);
  // the to column may come in any position, like the others
  const ok = parseLedgerCsv(`to,${H}\nw2,2024-01-01,w1,A,transfer,1.5,0,,0xT\n`, "l.csv");
  assert.deepEqual([ok[0].kind, ok[0].wallet, ok[0].toWallet, ok[0].quantity, ok[0].fee], ["transfer", "w1", "w2", 1_500_000_000_000_000_000n, 0n]);
});
