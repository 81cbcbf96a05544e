import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { chronological, computeGains } from "../src/engine/engine";
import type { EngineOptions } from "../src/engine/model";
import { parseLedgerCsv } from "../src/ledger/csvLedger";
import { buildReports } from "../src/reports/buildReports";
import type { ReportSettings } from "../src/reports/reportSet";
import { HEADER } from "./helpers";

const run = promisify(execFile);
const bin = path.resolve(__dirname, "../../node_modules/.bin/lotgraph");
const fixture = path.join(__dirname, "fixtures/report-ledger.csv");

async function reportsOf(csv: string, options: Partial<EngineOptions> = {}, settings: Partial<ReportSettings> = {}) {
  const events = chronological(parseLedgerCsv(csv, "l.csv"));
  return buildReports(events, computeGains(events, { method: "fifo", ...options }), 2025, settings);
}
const text = (files: Map<string, string | Buffer>, name: string) => files.get(name) as string;
const rows = (csv: string) => csv.trim().split("\n").filter((l) => !l.startsWith("#")).slice(1);

async function pdfText(pdf: Buffer): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "lotgraph-pdf-"));
  try {
    writeFileSync(path.join(dir, "f.pdf"), pdf);
    return (await run("pdftotext", ["-layout", path.join(dir, "f.pdf"), "-"])).stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("--allow-missing-basis invents no date: column (b) says VARIOUS and every export keeps the marker", async () => {
  const csv = [HEADER, "2025-01-02,w1,A,buy,1,10,0,0xa", "2025-03-01,w1,A,sell,3,12,0,0xs"].join("\n") + "\n";
  const { files, payload } = await reportsOf(csv, { allowMissingBasis: true });
  assert.match(text(files, "form8949-2025.csv"), /^I,I,2 A \(basis missing\),VARIOUS,2025-03-01,24.00,0.00,,0.00,24.00$/m);
  assert.match(text(files, "turbotax-2025.csv"), /^A \(basis missing\),VARIOUS,0.00,03\/01\/2025,24.00$/m);
  assert.match(text(files, "cointracking-2025.csv"), /^Trade,36.00,USD,3,A,.*missing basis: sold beyond the open lots/m);
  assert.match(text(files, "tokentax-2025.csv"), /^Trade,36.00,USD,3,A,.*missing basis: sold beyond the open lots/m);
  assert.match(text(files, "audit-trail-2025.csv"), /\(missing basis\),w1,2,VARIOUS,VARIOUS,0.00,24.00/);
  assert.equal((payload as { missingBasisRows: number }).missingBasisRows, 1);
  const gains = (payload.gains as { disposals: { dateAcquired: string; lots: { acquiredAt: string | null }[] }[] }).disposals;
  assert.deepEqual(gains.map((d) => d.dateAcquired), ["2025-01-02", "VARIOUS"]);
  assert.match(await pdfText(files.get("form8949-2025.pdf") as Buffer), /2 A \(basis missing\)\s+VARIOUS\s+03\/01\/2025/);
});

test("CoinTracking and TokenTax include transfers between the taxpayer's wallets; CoinTracking income carries its USD value", async () => {
  const csv = ["date,wallet,asset,action,quantity,price,fee,tx,lot,to", "2025-01-02,w1,A,buy,2,10,0,0xa,,", "2025-01-05,w1,A,income,1,11,0,0xi,,", "2025-02-01,w1,A,transfer,2,0,0,0xt,,w2", "2025-03-01,w2,A,sell,2,12,0,0xs,,"].join("\n") + "\n";
  const { files } = await reportsOf(csv);
  const ct = rows(text(files, "cointracking-2025.csv"));
  assert.deepEqual(ct.map((r) => r.split(",").slice(0, 8).join(",")), [
    "Trade,2,A,20.00,USD,,,w1",
    "Income,1,A,,,,,w1",
    "Withdrawal,,,2,A,,,w1",
    "Deposit,2,A,,,,,w2",
    "Trade,24.00,USD,2,A,,,w2",
  ]);
  assert.match(ct[1], /,0xi,11.00,$/, "income's USD value in Buy Value in Account Currency");
  const tt = rows(text(files, "tokentax-2025.csv"));
  assert.deepEqual(tt.map((r) => r.split(",").slice(0, 8).join(",")), ["Trade,2,A,20.00,USD,,,w1", "Income,1,A,,,,,w1", "Withdrawal,,,2,A,,,w1", "Deposit,2,A,,,,,w2", "Trade,24.00,USD,2,A,,,w2"]);
});

/** A year of `n` sales of one unit each, every one a loss half of which a later buy washes. */
function busyLedger(n: number): string {
  const lines = [HEADER];
  for (let i = 0; i < n; i++) {
    const day = String(1 + (i % 28)).padStart(2, "0");
    const month = String(1 + Math.floor(i / 28)).padStart(2, "0");
    lines.push(`2025-${month}-${day}T01:00:00Z,w1,A,buy,2,${100 + i},0,0xb${i}`, `2025-${month}-${day}T02:00:00Z,w1,A,sell,2,${90 + i},0,0xs${i}`, `2025-${month}-${day}T03:00:00Z,w1,A,buy,1,${95 + i},0,0xr${i}`);
  }
  return lines.join("\n") + "\n";
}

test("a year with more rows than --max-form-rows: Form 8949 takes Exception 2 (see attached statement, code M, totals) and the summary says so", async () => {
  const csv = busyLedger(30);
  const small = await reportsOf(csv, { washSales: true }, { maxFormRows: 1000 });
  const big = await reportsOf(csv, { washSales: true }, { maxFormRows: 10 });
  const form = rows(text(big.files, "form8949-2025.csv"));
  assert.ok(form.length > 10);
  assert.deepEqual(big.files.get("form8949-2025.csv"), small.files.get("form8949-2025.csv"), "the statement holds every row either way");
  const page = await pdfText(big.files.get("form8949-2025.pdf") as Buffer);
  assert.equal(page.split("\f").filter((p) => p.trim()).length, 2, "one page for box I and the summary");
  const s = (big.payload.scheduleD as { boxes: { rows: number; proceeds: string; costBasis: string; adjustment: string; gain: string }[] }).boxes[0];
  const flat = page.replace(/\s+/g, " ");
  assert.match(flat, new RegExp(`See attached statement ${s.proceeds} ${s.costBasis} MW ${s.adjustment} ${s.gain}`.replaceAll(".", "\\.")));
  assert.match(flat, new RegExp(`Attached statement: form8949-2025\\.csv, its ${s.rows} rows in box I`));
  assert.match(flat, /attached statement \(Exception 2\)/);
  assert.equal((big.payload.form8949 as { route: string }).route, "attached statement (Exception 2)");
  assert.equal((small.payload.form8949 as { route: string }).route, "every row on the form");
  const pages = (await pdfText(small.files.get("form8949-2025.pdf") as Buffer)).split("\f").filter((p) => p.trim());
  assert.equal(pages.length, Math.ceil(s.rows / 14) + 1, "14 rows per page, then the summary");
});

test("TurboTax: files split at --turbotax-max-rows, every row kept once, the summary lists the files", async () => {
  const csv = busyLedger(10);
  const { files, payload } = await reportsOf(csv, { washSales: true }, { turboTaxMaxRows: 4 });
  const parts = [...files.keys()].filter((n) => n.startsWith("turbotax-")).sort();
  const form = rows(text(files, "form8949-2025.csv"));
  assert.equal(parts.length, Math.ceil(form.length / 4));
  assert.deepEqual((payload.turbotax as { files: string[] }).files, parts);
  const all = parts.flatMap((p) => {
    const r = rows(text(files, p));
    assert.ok(r.length <= 4 && text(files, p).startsWith("Currency Name,Purchase Date,Cost Basis,Date Sold,Proceeds\n"), p);
    return r;
  });
  assert.equal(all.length, form.length);
  assert.match((payload.notes as string[]).join(" "), new RegExp(`Split into ${parts.length} files of at most 4 rows`));
  const one = await reportsOf(csv, { washSales: true });
  assert.deepEqual([...one.files.keys()].filter((n) => n.startsWith("turbotax-")), ["turbotax-2025.csv"]);
});

async function fails(args: string[], timeoutMs = 30_000, options: { uid?: number; gid?: number } = {}) {
  return run(bin, args, { timeout: timeoutMs, ...options }).then(
    () => assert.fail(`lotgraph ${args.join(" ")} succeeded`),
    (e) => e as { code: number; stderr: string; killed: boolean },
  );
}

test("--out onto an existing file, under a file, on /proc or in a directory without write permission: a clear error and its exit code, nothing written, no hang", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "lotgraph-out-"));
  chmodSync(dir, 0o755);
  const base = ["tax", "report", "--ledger", fixture, "--year", "2025"];
  try {
    const file = path.join(dir, "taken");
    writeFileSync(file, "x");
    let e = await fails([...base, "--out", file]);
    assert.equal(e.code, 2);
    assert.match(e.stderr, /^lotgraph: --out .*taken: is an existing file, not a directory$/m);
    assert.doesNotMatch(e.stderr, /unexpected|\n\s+at /);
    assert.equal(readFileSync(file, "utf8"), "x");

    e = await fails([...base, "--out", path.join(file, "sub")]);
    assert.equal(e.code, 2);
    assert.match(e.stderr, /--out .*taken\/sub: .*taken is a file, not a directory/);

    e = await fails([...base, "--out", "/proc/lotgraph-reports"], 20_000);
    assert.equal(e.killed, false, "no hang");
    assert.equal(e.code, 5);
    assert.match(e.stderr, /^lotgraph: --out \/proc\/lotgraph-reports: cannot create directory \/proc\/lotgraph-reports \(E[A-Z]+\)$/m);

    const locked = path.join(dir, "locked");
    mkdirSync(locked, 0o555);
    chmodSync(locked, 0o555);
    // as root permissions do not apply: run the command as nobody
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    e = await fails([...base, "--out", path.join(locked, "reports")], 30_000, asUser);
    assert.equal(e.code, 5);
    assert.match(e.stderr, /--out .*locked\/reports: cannot create directory .*locked\/reports \(EACCES\)/);
    assert.deepEqual(readdirSync(locked), []);
    e = await fails([...base, "--out", locked], 30_000, asUser);
    assert.equal(e.code, 5);
    assert.match(e.stderr, /--out .*locked: cannot write in .*locked \(EACCES\)/);
    assert.deepEqual(readdirSync(locked), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a failure while the reports stream (a sale without basis) leaves no file and no directory behind", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "lotgraph-out-"));
  try {
    const ledger = path.join(dir, "l.csv");
    writeFileSync(ledger, [HEADER, "2025-01-02,w1,A,buy,1,10,0,0xa", "2025-02-01,w1,A,sell,1,12,0,0xs", "2025-03-01,w1,A,sell,1,12,0,0xs2"].join("\n") + "\n");
    const out = path.join(dir, "new", "reports");
    const e = await fails(["tax", "report", "--ledger", ledger, "--year", "2025", "--out", out]);
    assert.equal(e.code, 3);
    assert.equal(existsSync(path.join(dir, "new")), false, "the directories this run created are gone");
    const existing = path.join(dir, "existing");
    mkdirSync(existing);
    await fails(["tax", "report", "--ledger", ledger, "--year", "2025", "--out", existing]);
    assert.deepEqual(readdirSync(existing), [], "no temporary file left");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
