import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { computeGains } from "../src/engine/engine";
import { InputError, InsufficientBasisError } from "../src/errors";
import { parseLedgerCsv } from "../src/ledger/csvLedger";
import { disposalJson, disposalJsonText, gainsJson, streamGainsJson, writeDisposalJson } from "../src/output/gainsJson";
import { SyncWriter } from "../src/output/syncWriter";
import { buildReports } from "../src/reports/buildReports";
import { run } from "./helpers";

// A bridge between the taxpayer's own wallets on two chains: the received units carry basis and holding
// period lot by lot (default) or are sold and bought anew (--bridged-tokens disposal); the bridge's fee in
// the token is a sale of those units at fair market value. Figures worked by hand in the comments.

const H = "date,wallet,asset,action,quantity,price,fee,tx,lot,to,chain,to_chain,to_tx,received";
const BUYS = [
  H,
  "2023-01-10,0xaa,A,buy,10,100,0,0x01:1,,,home,,,", // L1: 10 at $100 = $1,000
  "2023-06-01,0xaa,A,buy,10,200,0,0x02:1,,,home,,,", // L2: 10 at $200 = $2,000
];
// 12 sent at $150, 11.5 received on l2: the bridge kept 0.5 (its fee, $75 at market)
const OUT = "2024-02-01,0xaa,A,bridge,12,150,,0x03:4,,0xbb,home,l2,0x04:7,11.5";
// all 11.5 back to 0xaa on the home chain, no fee
const BACK = "2024-03-01,0xbb,A,bridge,11.5,160,,0x05:2,,0xaa,l2,home,0x06:3,";
const SELL = "2024-03-10,0xaa,A,sell,9.5,300,0,0x07:1,,,home,,,";
const ROUND_TRIP = [...BUYS, OUT, BACK, SELL];

const rows = (out: ReturnType<typeof run>) => out.disposals.map((d) => [d.wallet, d.chain, d.quantity, d.dateAcquired, d.dateSold, d.proceeds, d.costBasis, d.gain, d.term, d.code, d.tx]);
const lots = (out: ReturnType<typeof run>) => out.lots.map((l) => [l.wallet, l.chain, l.quantity, l.costBasis, l.acquiredAt, l.holdingPeriodStart, l.tx]);

test("the fee in the bridged token is a sale of those units at market value; the rest crosses with its lots", () => {
  const out = run([...BUYS, OUT], { method: "fifo" });
  // fee: 0.5 of L1 (basis 0.5 × $100 = $50) for 0.5 × $150 = $75: gain $25, long-term (held since 2023-01-10)
  assert.deepEqual(rows(out), [["0xaa", 31337, "0.5", "2023-01-10", "2024-02-01", "75.00", "50.00", "25.00", "long", "", "0x03:4"]]);
  assert.equal(out.disposals[0].bridge?.toTx, "0x04:7", "the fee's row names the destination leg");
  // the 11.5 received: the rest of L1 (9.5, $950) and 2 of L2 ($400) now in 0xbb on l2, dates unchanged
  assert.deepEqual(lots(out), [
    ["0xaa", 31337, "8", "1600.00", "2023-06-01", "2023-06-01", "0x02:1"],
    ["0xbb", 412346, "9.5", "950.00", "2023-01-10", "2023-01-10", "0x01:1"],
    ["0xbb", 412346, "2", "400.00", "2023-06-01", "2023-06-01", "0x02:1"],
  ]);
  assert.deepEqual(out.lots[1].bridges, [{ fromChain: 31337, fromWallet: "0xaa", tx: "0x03:4", toChain: 412346, toWallet: "0xbb", toTx: "0x04:7" }]);
  assert.equal(out.income.length, 0);
});

test("a round trip carries lots and holding period: a sale after coming back is long-term from the original purchase", () => {
  const out = run(ROUND_TRIP, { method: "fifo" });
  // the sale of 9.5 relieves the L1 units that went to l2 and back (FIFO by original acquisition):
  // $950 basis, 9.5 × $300 = $2,850, gain $1,900, long-term since 2023-01-10
  assert.deepEqual(rows(out)[1], ["0xaa", 31337, "9.5", "2023-01-10", "2024-03-10", "2850.00", "950.00", "1900.00", "long", "", "0x07:1"]);
  assert.deepEqual(out.disposals[1].lots[0].bridges, [
    { fromChain: 31337, fromWallet: "0xaa", tx: "0x03:4", toChain: 412346, toWallet: "0xbb", toTx: "0x04:7" },
    { fromChain: 412346, fromWallet: "0xbb", tx: "0x05:2", toChain: 31337, toWallet: "0xaa", toTx: "0x06:3" },
  ]);
  assert.deepEqual(lots(out), [
    ["0xaa", 31337, "8", "1600.00", "2023-06-01", "2023-06-01", "0x02:1"],
    ["0xaa", 31337, "2", "400.00", "2023-06-01", "2023-06-01", "0x02:1"],
  ]);
  // basis is conserved exactly: $3,000 bought = $50 (fee) + $950 (sold) + $1,600 + $400 (open)
});

test("under the disposal rule a bridge sells at market value on one chain and buys anew on the other", () => {
  const out = run([...BUYS, OUT, BACK], { method: "fifo", bridgedTokens: "disposal" });
  assert.deepEqual(rows(out), [
    // the fee, as under the transfer rule
    ["0xaa", 31337, "0.5", "2023-01-10", "2024-02-01", "75.00", "50.00", "25.00", "long", "", "0x03:4"],
    // 11.5 sold at $150 = $1,725: 9.5 of L1 ($950 → $1,425) and 2 of L2 ($400 → $300, short-term: bought 2023-06-01)
    ["0xaa", 31337, "9.5", "2023-01-10", "2024-02-01", "1425.00", "950.00", "475.00", "long", "", "0x03:4"],
    ["0xaa", 31337, "2", "2023-06-01", "2024-02-01", "300.00", "400.00", "-100.00", "short", "", "0x03:4"],
    // the l2 lot (bought at $1,725 on 2024-02-01) sold on the way back at $160 = $1,840: $115, short-term
    ["0xbb", 412346, "11.5", "2024-02-01", "2024-03-01", "1840.00", "1725.00", "115.00", "short", "", "0x05:2"],
  ]);
  assert.deepEqual(out.disposals[3].lots[0].id, "412346:0x04:7", "the minted lot's id is the destination leg, with its chain");
  // back home: a new lot at $1,840 acquired 2024-03-01 (holding period restarted), its id the release tx
  assert.deepEqual(lots(out)[1], ["0xaa", 31337, "11.5", "1840.00", "2024-03-01", "2024-03-01", "0x06:3"]);
});

test("under the disposal rule with wash sales, the bought-anew units replace a loss the bridge realized", () => {
  const out = run([...BUYS, OUT], { method: "fifo", bridgedTokens: "disposal", washSales: true });
  // the $100 loss on 2 units of L2 is followed the same day by 11.5 units bought on l2: wholly disallowed
  const loss = out.disposals[2];
  assert.deepEqual([loss.costBasis, loss.proceeds, loss.code, loss.adjustment, loss.gain], ["400.00", "300.00", "W", "100.00", "0.00"]);
  assert.deepEqual(
    out.lots.filter((l) => l.chain === 412346).map((l) => [l.quantity, l.costBasis]),
    [["2", "400.00"], ["9.5", "1425.00"]],
    "2 replacement units carry the $100 ($300 + $100), the other 9.5 their $1,425",
  );
});

test("specific identification names the lots a bridge moves, fee first", () => {
  const ledger = [H, "2023-01-10,0xaa,A,buy,10,100,0,0x01:1,a1,,home,,,", "2023-06-01,0xaa,A,buy,10,200,0,0x02:1,a2,,home,,,", "2024-02-01,0xaa,A,bridge,4,150,,0x03:4,a2,0xaa,home,l2,0x04:7,3"];
  const out = run(ledger, { method: "specific" });
  // the fee (1 unit) and the 3 carried all come from a2 ($200 a unit)
  assert.deepEqual(rows(out).map((r) => [r[2], r[6], r[7]]), [["1", "200.00", "-50.00"]]);
  assert.deepEqual(lots(out).filter((l) => l[1] === 412346), [["0xaa", 412346, "3", "600.00", "2023-06-01", "2023-06-01", "0x02:1"]]);
});

test("a bridge needs the lots it moves: more than the source wallet holds fails naming both wallets with their chains", () => {
  const events = parseLedgerCsv([...BUYS, "2024-02-01,0xaa,A,bridge,25,150,,0x03:4,,0xbb,home,l2,0x04:7,"].join("\n") + "\n", "b.csv");
  assert.throws(() => computeGains(events, { method: "fifo" }), (e: Error) => {
    assert.ok(e instanceof InsufficientBasisError);
    assert.match(e.message, /b\.csv row 4: not enough lots for a bridge of 25 A from wallet 0xaa to 0xbb on chain 412346 on 2024-02-01: 20 held/);
    return true;
  });
});

test("bridge rows: bad input names the file, row and column", () => {
  const bad = (lines: string[], re: RegExp) => assert.throws(() => parseLedgerCsv(lines.join("\n") + "\n", "b.csv"), (e: Error) => e instanceof InputError && re.test(e.message), String(re));
  const row = (fields: Partial<Record<"to" | "chain" | "to_chain" | "to_tx" | "received" | "fee" | "action", string>>) =>
    `2024-02-01,0xaa,A,${fields.action ?? "bridge"},12,150,${fields.fee ?? ""},0x03:4,,${fields.to ?? "0xbb"},${fields.chain ?? "home"},${fields.to_chain ?? "l2"},${fields.to_tx ?? "0x04:7"},${fields.received ?? ""}`;
  bad([H, row({ to_chain: "" })], /b\.csv row 2, column to_chain: a bridge needs the destination chain/);
  bad([H, row({ to_chain: "home" })], /row 2, column to_chain: a bridge to the chain it comes from \(31337\); a move on one chain is a transfer row \(value "home"\)/);
  bad([H, row({ to_chain: "venus" })], /row 2, column to_chain: not a chain id/);
  bad([H, row({ to_tx: "" })], /row 2, column to_tx: a bridge needs the destination leg's transaction/);
  bad([H, row({ to: "" })], /row 2, column to: a bridge needs the receiving wallet/);
  bad([H, row({ received: "12.5" })], /row 2, column received: must be more than 0 and at most the quantity sent \(value "12\.5"\)/);
  bad([H, row({ received: "0" })], /row 2, column received: must be more than 0/);
  bad([H, row({ received: "x" })], /row 2, column received: not a non-negative decimal/);
  bad([H, row({ fee: "2" })], /row 2, column fee: a bridge carries no USD fee: its fee in A is quantity minus received/);
  bad([H, row({ action: "transfer", to_tx: "", received: "" })], /row 2, column to_chain: only bridge rows fill it, this is a transfer row \(a move to another chain is a bridge row\)/);
  bad([H, row({ action: "buy", to: "", to_chain: "", to_tx: "", received: "3" })], /row 2, column received: only bridge rows fill it, this is a buy row/);
  bad(["date,wallet,asset,action,quantity,price,fee,tx,to", "2024-02-01,0xaa,A,bridge,1,1,0,0x1,0xbb"], /row 2, column action: a bridge needs "to_chain" and "to_tx" columns/);
  // the same address on the other chain is another wallet: allowed
  assert.equal(parseLedgerCsv([H, row({ to: "0xaa" })].join("\n") + "\n", "b.csv")[0].toWallet, "0xaa");
});

test("with bridges every JSON writer gives the same bytes (object, text, streamed)", () => {
  const events = parseLedgerCsv(ROUND_TRIP.join("\n") + "\n", "b.csv");
  const result = computeGains(events, { method: "fifo" });
  for (const row of result.disposals) {
    const text = disposalJsonText(row, true);
    assert.equal(text, JSON.stringify(disposalJson(row, true)));
    const dir = mkdtempSync(path.join(os.tmpdir(), "lotgraph-bridge-json-"));
    try {
      const file = path.join(dir, "row.json");
      const fd = openSync(file, "w");
      const out = new SyncWriter(fd);
      writeDisposalJson(row, out, true);
      out.flush();
      closeSync(fd);
      assert.equal(readFileSync(file, "utf8"), text);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  let streamed = "";
  streamGainsJson(events, { method: "fifo" }, undefined, (s) => (streamed += s));
  assert.deepEqual(JSON.parse(streamed), gainsJson(result));
});

test("reports: every row shows its chain and the audit trail links both legs of each bridge", async () => {
  const events = parseLedgerCsv([...ROUND_TRIP, "2024-04-01,0xbb,B,income,2,5,0,0x08:1,,,l2,,,"].join("\n") + "\n", "b.csv");
  const { files } = await buildReports(events, computeGains(events, { method: "fifo" }), 2024);
  const form = String(files.get("form8949-2024.csv")).split("\n");
  assert.equal(form[1], "part,box,(a) description,(b) date acquired,(c) date sold,(d) proceeds,(e) cost or other basis,(f) code,(g) adjustment,(h) gain or (loss),chain");
  assert.deepEqual(form.slice(2, 4), ["II,F,0.5 A,2023-01-10,2024-02-01,75.00,50.00,,0.00,25.00,31337", "II,F,9.5 A,2023-01-10,2024-03-10,2850.00,950.00,,0.00,1900.00,31337"]);
  const audit = String(files.get("audit-trail-2024.csv")).split("\n");
  assert.match(audit[1], /,lot identified at log index,sale chain,sale bridge,lot chain,lot bridges$/);
  // the fee's row: its sale is the bridge (source leg → destination leg)
  assert.match(audit[2], /,31337,bridge 0xaa on chain 31337 tx 0x03:4 -> 0xbb on chain 412346 tx 0x04:7,31337,$/);
  // the sale after the round trip: its lot crossed twice, each crossing with both legs
  assert.match(
    audit[3],
    /,31337,,31337,bridge 0xaa on chain 31337 tx 0x03:4 -> 0xbb on chain 412346 tx 0x04:7; bridge 0xbb on chain 412346 tx 0x05:2 -> 0xaa on chain 31337 tx 0x06:3$/,
  );
  assert.match(String(files.get("income-2024.csv")), /\n2024-04-01,0xbb,B,2,10\.00,ordinary income \(rewards \/ yield\),0x08:1,412346\ntotal,,,,10\.00,,,\n$/);
  const ct = String(files.get("cointracking-2024.csv"));
  assert.match(ct, /\nTrade,75\.00,USD,0\.5,A,,,0xaa on chain 31337,,tx 0x03:4; bridge 0xaa on chain 31337 tx 0x03:4 -> 0xbb on chain 412346 tx 0x04:7,/);
  assert.match(ct, /\nWithdrawal,,,11\.5,A,,,0xaa on chain 31337,,.*\nDeposit,11\.5,A,,,,,0xbb on chain 412346,,/);
  const tt = String(files.get("tokentax-2024.csv"));
  assert.match(tt, /\nDeposit,11\.5,A,,,,,0xaa on chain 31337,,"?transfer between own wallets 0xbb on chain 412346 -> 0xaa on chain 31337; tx 0x05:2; bridge /);
  const summary = JSON.parse(String(files.get("summary-2024.json")));
  assert.deepEqual([summary.chains, summary.bridgedTokens], [[31337, 412346], "transfer"]);
  assert.match(summary.notes.at(-1), /a wallet is \(chain, address\)/);
  // TurboTax's format has no chain column: unchanged
  assert.equal(String(files.get("turbotax-2024.csv")).split("\n")[0], "Currency Name,Purchase Date,Cost Basis,Date Sold,Proceeds");
});

// --- the CLI: the option, and nothing written when a bridge cannot be made

const exec = promisify(execFile);
const bin = path.resolve(__dirname, "../../node_modules/.bin/lotgraph");

test("tax report --bridged-tokens: the rule switches, a bad value or a bridge without lots leaves nothing written", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "lotgraph-bridge-cli-"));
  try {
    const ledger = path.join(dir, "ledger.csv");
    writeFileSync(ledger, [...BUYS, OUT].join("\n") + "\n");
    const out = path.join(dir, "out");
    await exec(bin, ["tax", "report", "--ledger", ledger, "--year", "2024", "--out", out, "--bridged-tokens", "disposal"]);
    const summary = JSON.parse(readFileSync(path.join(out, "summary-2024.json"), "utf8"));
    assert.deepEqual([summary.bridgedTokens, summary.form8949.rows], ["disposal", 3]);

    const err = await exec(bin, ["tax", "report", "--ledger", ledger, "--year", "2024", "--out", path.join(dir, "o2"), "--bridged-tokens", "wrap"]).then(() => null, (e) => e);
    assert.equal(err.code, 2);
    assert.match(err.stderr, /--bridged-tokens: "wrap" is not one of transfer, disposal/);

    const short = path.join(dir, "short.csv");
    writeFileSync(short, [...BUYS, "2024-02-01,0xaa,A,bridge,25,150,,0x03:4,,0xbb,home,l2,0x04:7,", "2024-03-01,0xaa,A,sell,1,160,0,0x05:1,,,home,,,"].join("\n") + "\n");
    const o3 = path.join(dir, "o3");
    const failed = await exec(bin, ["tax", "report", "--ledger", short, "--year", "2024", "--out", o3]).then(() => null, (e) => e);
    assert.equal(failed.code, 3);
    assert.match(failed.stderr, /short\.csv row 4: not enough lots for a bridge of 25 A/);
    assert.ok(!existsSync(o3) || readdirSync(o3).length === 0, "no report file, not even a temporary one");

    const badChain = path.join(dir, "bad.csv");
    writeFileSync(badChain, [...BUYS, "2024-02-01,0xaa,A,bridge,2,150,,0x03:4,,0xbb,home,pluto,0x04:7,"].join("\n") + "\n");
    const refused = await exec(bin, ["tax", "gains", "--ledger", badChain, "--method", "fifo", "--format", "json"]).then(() => null, (e) => e);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /bad\.csv row 4, column to_chain: not a chain id .* \(value "pluto"\)/);
    assert.equal(refused.stdout, "", "nothing written before the whole ledger is checked");

    const chainOnLedger = await exec(bin, ["tax", "gains", "--ledger", ledger, "--method", "fifo", "--chain", "l2"]).then(() => null, (e) => e);
    assert.equal(chainOnLedger.code, 2);
    assert.match(chainOnLedger.stderr, /--chain applies to --db only/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a bridge's message id (LayerZero's guid) links the legs too: in the JSON and the audit trail; malformed or off a bridge it is refused", async () => {
  const HM = `${H},message`;
  const guid = "0x" + "ab".repeat(32);
  const lines = [HM, ...BUYS.slice(1).map((r) => `${r},`), `2024-02-01,0xaa,A,bridge,12,100,,0x03:4,,0xbb,home,l2,0x04:7,11.5,${guid.toUpperCase().replace("0X", "0x")}`];
  const events = parseLedgerCsv(lines.join("\n") + "\n", "m.csv");
  const result = computeGains(events, { method: "fifo" });
  const json = gainsJson(result);
  assert.equal(json.disposals[0].bridge?.message, guid, "stored in lower case");
  assert.equal(json.lots.find((l) => l.chain === 412346)?.bridges?.[0].message, guid);
  const { files } = await buildReports(events, result, 2024);
  assert.match(String(files.get("audit-trail-2024.csv")).split("\n")[2], new RegExp(`,bridge 0xaa on chain 31337 tx 0x03:4 -> 0xbb on chain 412346 tx 0x04:7 message ${guid},31337,$`));
  const bad = (row: string, re: RegExp) => assert.throws(() => parseLedgerCsv([HM, row].join("\n") + "\n", "m.csv"), (e: Error) => e instanceof InputError && re.test(e.message), String(re));
  bad("2024-02-01,0xaa,A,bridge,12,100,,0x03:4,,0xbb,home,l2,0x04:7,,0x1234", /m\.csv row 2, column message: not a 32-byte hex message id .*\(value "0x1234"\)/);
  bad(`2024-02-01,0xaa,A,buy,12,100,,0x03:4,,,home,,,,${guid}`, /row 2, column message: only bridge rows fill it, this is a buy row/);
});

test("with chains, a wash-sale replacement in the audit trail names its wallet's chain", async () => {
  const lines = [H, "2024-01-10,0xaa,A,buy,1,100,0,0x01:1,,,home,,,", "2024-02-01,0xaa,A,sell,1,60,0,0x02:1,,,home,,,", "2024-02-05,0xaa,A,buy,1,70,0,0x03:1,,,l2,,,"];
  const events = parseLedgerCsv(lines.join("\n") + "\n", "w.csv");
  const { files } = await buildReports(events, computeGains(events, { method: "fifo", washSales: true }), 2024);
  // the $40 loss at home is washed by the purchase on l2 (the rule applies to the taxpayer, across chains)
  assert.match(String(files.get("audit-trail-2024.csv")).split("\n")[2], /,"1 of lot 412346:0x03:1 \(0xaa on chain 412346, 2024-02-05, tx 0x03:1\) \+40\.00",,,31337,,31337,$/);
});
