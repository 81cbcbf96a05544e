import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parseLedgerCsv } from "../src/ledger/csvLedger";
import { HEADER } from "./helpers";

const run = promisify(execFile);
const bin = path.resolve(__dirname, "../../node_modules/.bin/lotgraph");

function withLedger(lines: string[], fn: (file: string) => Promise<void>) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "lotgraph-gains-"));
  const file = path.join(dir, "ledger.csv");
  writeFileSync(file, (lines[0]?.startsWith("date,") ? lines : [HEADER, ...lines]).join("\n") + "\n");
  return fn(file).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test("tax gains --format json has exactly the documented shape", () =>
  withLedger(["2024-01-02,w1,XYZ,buy,100,10,0,0xa:1", "2024-03-01T12:00:00Z,w1,XYZ,sell,100,7.5,0,0xb:2", "2024-03-15,w1,XYZ,buy,100,8,0,0xc", "2024-04-01,w1,ETH,income,0.5,3000,0,0xd"], async (file) => {
    const { stdout } = await run(bin, ["tax", "gains", "--ledger", file, "--method", "fifo", "--wash-sales", "--format", "json"]);
    const out = JSON.parse(stdout);
    assert.deepEqual(Object.keys(out), ["disposals", "lots", "income"]);
    assert.deepEqual(Object.keys(out.disposals[0]), ["wallet", "asset", "quantity", "dateAcquired", "dateSold", "proceeds", "costBasis", "code", "adjustment", "gain", "term", "lots", "tx"]);
    assert.deepEqual(Object.keys(out.lots[0]), ["wallet", "asset", "quantity", "costBasis", "holdingPeriodStart", "acquiredAt", "tx"]);
    assert.deepEqual(Object.keys(out.income[0]), ["wallet", "asset", "date", "quantity", "value", "tx"]);
    assert.deepEqual([out.disposals[0].code, out.disposals[0].adjustment, out.disposals[0].tx], ["W", "250.00", "0xb:2"]);
    const table = await run(bin, ["tax", "gains", "--ledger", file, "--method", "hifo", "--format", "table", "--year", "2024"]);
    assert.match(table.stdout, /Not tax advice/);
    const csv = await run(bin, ["tax", "gains", "--ledger", file, "--method", "lifo", "--format", "csv"]);
    assert.match(csv.stdout, /^wallet,asset,quantity,dateAcquired,dateSold,proceeds,costBasis,code,adjustment,gain,term,tx,lots,missingBasis\nw1,XYZ,100,2024-01-02,2024-03-01,750.00,1000.00,,0.00,-250.00,short,0xb:2,0xa:1:100,\n$/);
  }));

test("a sale without enough basis exits non-zero naming wallet, asset and row; --allow-missing-basis flags it", () =>
  withLedger(["2024-01-02,w1,XYZ,buy,1,10,0,0xa", "2024-01-03,w2,XYZ,sell,1,12,0,0xb"], async (file) => {
    const err = await run(bin, ["tax", "gains", "--ledger", file, "--method", "fifo", "--format", "json"]).then(() => null, (e) => e);
    assert.equal(err.code, 3);
    assert.match(err.stderr, /^lotgraph: .*ledger\.csv row 3: .*XYZ from wallet w2/m);
    const ok = await run(bin, ["tax", "gains", "--ledger", file, "--method", "fifo", "--format", "json", "--allow-missing-basis"]);
    const d = JSON.parse(ok.stdout).disposals[0];
    assert.deepEqual([d.costBasis, d.gain, d.lots[0].missingBasis], ["0.00", "12.00", true]);
    assert.match(ok.stderr, /row 3: wallet w2, asset XYZ: reported at zero basis/);
  }));

test("bad options are user errors", () =>
  withLedger(["2024-01-02,w1,XYZ,buy,1,10,0,0xa"], async (file) => {
    for (const [args, re] of [
      [["--method", "avg"], /--method: "avg" is not one of fifo, lifo, hifo, specific/],
      [["--method", "fifo", "--year", "24"], /--year: "24"/],
      [["--method", "fifo", "--format", "xml"], /--format: "xml"/],
    ] as const) {
      const err = await run(bin, ["tax", "gains", "--ledger", file, ...args]).then(() => null, (e) => e);
      assert.equal(err.code, 2);
      assert.match(err.stderr, re);
    }
  }));

test("malformed ledger rows are rejected with file, row, column and value", () => {
  const bad = (line: string, re: RegExp) => assert.throws(() => parseLedgerCsv(`${HEADER}\n2024-01-01,w,A,buy,1,1,0,0xok\n${line}\n`, "l.csv"), re);
  bad("2024-02-30,w,A,buy,1,1,0,0x", /l\.csv row 3, column date: .*"2024-02-30"/);
  bad("2024-02-01T10:00:00+02:00,w,A,buy,1,1,0,0x", /column date/);
  bad("2024-02-01,,A,buy,1,1,0,0x", /row 3, column wallet: empty/);
  bad("2024-02-01,w,A,swap,1,1,0,0x", /row 3, column action: must be buy, sell, income, transfer or bridge \(value "swap"\)/);
  bad("2024-02-01,w,A,transfer,1,1,0,0x", /row 3, column action: a transfer needs the receiving wallet in a "to" column, which the header lacks \(value "transfer"\)/);
  bad("2024-02-01,w,A,buy,-1,1,0,0x", /column quantity.*"-1"/);
  bad("2024-02-01,w,A,buy,0,1,0,0x", /column quantity: must be greater than zero/);
  bad("2024-02-01,w,A,buy,0.0000000000000000001,1,0,0x", /column quantity/);
  bad("2024-02-01,w,A,buy,1,1e3,0,0x", /column price.*"1e3"/);
  bad("2024-02-01,w,A,buy,1,1,abc,0x", /column fee.*"abc"/);
  bad("2024-02-01,w,A,buy,1,1,0", /row 3: expected 8 columns, found 7/);
  assert.throws(() => parseLedgerCsv("date,wallet,asset,action,quantity,price,tx\n", "h.csv"), /h\.csv row 1: missing column "fee"/);
  const ok = parseLedgerCsv(`${HEADER},lot\n"2024-01-01",w,A,buy,1.5,"1,000.5".replace,0,0xabc:7,my-lot\n`.replace('"1,000.5".replace', "1000.5"), "l.csv");
  assert.deepEqual([ok[0].tx.hash, ok[0].tx.logIndex, ok[0].lot], ["0xabc", 7, "my-lot"]);
});

test("identical rows are counted but warned about, naming both rows; a lot id used twice is refused naming both rows", async () => {
  await withLedger(["2024-01-02,w1,XYZ,buy,1,10,0,0xa", "2024-01-03,w1,XYZ,buy,2,11,0,0xb", "2024-01-02,w1,XYZ,buy,1,10,0,0xa"], async (file) => {
    const { stdout, stderr } = await run(bin, ["tax", "gains", "--ledger", file, "--method", "fifo", "--format", "json"]);
    assert.match(stderr, /warning: .*ledger\.csv row 2 and .*ledger\.csv row 4 are identical \(both are counted/);
    assert.equal(JSON.parse(stdout).lots.length, 3, "both copies stay in the ledger");
  });
  await withLedger([`${HEADER},lot`, "2024-01-02,w1,XYZ,buy,1,10,0,0xa,L1", "2024-01-03,w1,XYZ,sell,1,11,0,0xs,L1", "2024-01-04,w2,XYZ,buy,2,11,0,0xb,L1"], async (file) => {
    const err = await run(bin, ["tax", "gains", "--ledger", file, "--method", "specific", "--format", "json"]).then(() => null, (e) => e);
    assert.equal(err.code, 2);
    assert.match(err.stderr, /ledger\.csv row 4, column lot: lot id "L1" is already the id of .*ledger\.csv row 2/);
  });
});

test("a header-only ledger and a --year without activity say so on stderr (exit 0)", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "lotgraph-gains-"));
  try {
    const file = path.join(dir, "empty.csv");
    writeFileSync(file, HEADER + "\n");
    const empty = await run(bin, ["tax", "gains", "--ledger", file, "--method", "fifo", "--format", "csv"]);
    assert.match(empty.stderr, /empty\.csv: the ledger has a header but no rows: nothing to report/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await withLedger(["2024-01-02,w1,XYZ,buy,1,10,0,0xa", "2024-03-01,w1,XYZ,sell,1,11,0,0xb"], async (file) => {
    for (const format of ["json", "csv", "table"]) {
      const r = await run(bin, ["tax", "gains", "--ledger", file, "--method", "fifo", "--format", format, "--year", "2023"]);
      assert.match(r.stderr, /no disposals and no income in tax year 2023/, format);
      const busy = await run(bin, ["tax", "gains", "--ledger", file, "--method", "fifo", "--format", format, "--year", "2024"]);
      assert.equal(busy.stderr, "", format);
    }
  });
});

test("--wash-holding-period chooses the method; anything else is refused", () =>
  withLedger(["2024-01-01,w1,A,buy,1,100,0,0xa", "2024-07-19,w1,A,sell,1,60,0,0xb", "2024-08-01,w1,A,buy,1,60,0,0xc"], async (file) => {
    const lots = async (...extra: string[]) => JSON.parse((await run(bin, ["tax", "gains", "--ledger", file, "--method", "fifo", "--wash-sales", "--format", "json", ...extra])).stdout).lots[0].holdingPeriodStart;
    assert.equal(await lots(), "2024-01-14");
    assert.equal(await lots("--wash-holding-period", "acquisition-date"), "2024-01-01");
    const err = await run(bin, ["tax", "gains", "--ledger", file, "--method", "fifo", "--wash-holding-period", "both"]).then(() => null, (e) => e);
    assert.equal(err.code, 2);
    assert.match(err.stderr, /--wash-holding-period: "both" is not one of tacking, acquisition-date/);
  }));
