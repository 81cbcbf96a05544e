import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { chronological, computeGains } from "../src/engine/engine";
import { parseLedgerCsv } from "../src/ledger/csvLedger";
import { buildReports } from "../src/reports/buildReports";
import { pushWebhook } from "../src/reports/webhook";

const run = promisify(execFile);
const bin = path.resolve(__dirname, "../../node_modules/.bin/lotgraph");
const fixture = path.join(__dirname, "fixtures/report-ledger.csv");
const goldenDir = path.join(__dirname, "golden");

async function reports() {
  const events = chronological(parseLedgerCsv(readFileSync(fixture, "utf8"), "report-ledger.csv"));
  return buildReports(events, computeGains(events, { method: "hifo", washSales: true }), 2025);
}

test("reports match the golden files (Form 8949, Schedule D, income, TurboTax, CoinTracking, TokenTax, audit trail)", async () => {
  const { files } = await reports();
  const textFiles = [...files.keys()].filter((n) => !n.endsWith(".pdf"));
  if (process.env.UPDATE_GOLDEN) for (const n of textFiles) writeFileSync(path.join(goldenDir, n), files.get(n) as string);
  for (const name of textFiles) {
    assert.equal(files.get(name), readFileSync(path.join(goldenDir, name), "utf8"), `${name} differs from its golden file`);
  }
  assert.deepEqual(readdirSync(goldenDir).sort(), textFiles.sort());
});

test("every report says it is not tax advice; 2025 rows go to boxes I and L; the washed row is coded W", async () => {
  const { files, payload } = await reports();
  for (const [name, content] of files) {
    if (name.startsWith("turbotax") || name.endsWith(".pdf")) continue; // turbotax's import format has no room for a note; the PDF is checked below
    assert.match(content.toString(), /Not tax advice/, name);
  }
  const f8949 = files.get("form8949-2025.csv") as string;
  assert.match(f8949, /^I,I,1 WETH,2024-06-19,2025-02-10,2696.50,3503.00,W,403.25,-403.25$/m);
  // the replacement (bought 2025-02-20) tacks on the 236 days the sold lot was held: 2024-06-29, still short-term on 2025-06-20
  assert.match(f8949, /^I,I,0.5 WETH,2024-06-29,2025-06-20,1549.00,1729.25,,0.00,-180.25$/m, "replacement keeps the tacked holding period");
  assert.equal((payload.scheduleD as { netGain: string }).netGain, "93.59");
  const audit = files.get("audit-trail-2025.csv") as string;
  assert.match(audit, /0x4444444444444444444444444444444444444444444444444444444444444444,2,report-ledger.csv:5,0x2222[0-9]+:1,vault,1,2024-06-19/);
});

test("the Form 8949 PDF: IRS layout, one page per box, the Schedule D summary and the disclaimer; a page renders to PNG", async () => {
  const pdf = (await reports()).files.get("form8949-2025.pdf") as Buffer;
  assert.ok(pdf.subarray(0, 5).toString() === "%PDF-");
  const dir = mkdtempSync(path.join(os.tmpdir(), "lotgraph-pdf-"));
  try {
    const file = path.join(dir, "f.pdf");
    writeFileSync(file, pdf);
    const pages = (await run("pdftotext", ["-layout", file, "-"])).stdout.split("\f").filter((p) => p.trim());
    assert.equal(pages.length, 3, "box I, box L, Schedule D summary");
    const [short, long, summary] = pages;
    for (const page of [short, long]) {
      for (const re of [/Form\s+8949/, /Sales and Other Dispositions of Capital Assets/, /OMB No\. 1545-0074/, /2025/, /Name\(s\) shown on return/, /Social security number or taxpayer identification number/, /Date acquired/, /Proceeds/, /Cost or other basis/, /Code\(s\) from/, /Amount of/, /Gain or \(loss\)/, /Totals\./, /Not tax advice/]) {
        assert.match(page, re);
      }
    }
    assert.match(short, /Part I\s+Short-Term\./);
    assert.match(short, /\(I\)\s+Short-term digital asset transactions not reported to you on Form 1099-DA/);
    assert.match(short, /1 WETH\s+06\/19\/2024\s+02\/10\/2025\s+2696\.50\s+3503\.00\s+W\s+403\.25\s+\(403\.25\)/, "the washed row (half its units replaced), dates Mo/day/yr, losses in parentheses");
    assert.match(short.replace(/\s+/g, " "), /Schedule D, line 3 \(Box I above is checked\)/);
    assert.match(short, /4293\.40\s+5298\.25\s+403\.25\s+\(601\.60\)/, "line 2 totals of the page");
    assert.match(long, /Part II\s+Long-Term\./);
    assert.match(long, /2897\.25\s+2202\.06\s+695\.19/);
    assert.match(summary, /Schedule D summary/);
    assert.match(summary, /every row on the form/);
    // the checked box is drawn as an X over box I's square: render page 1 and look at that square's pixels
    await run("pdftoppm", ["-png", "-r", "72", "-f", "1", "-l", "1", file, path.join(dir, "page")]);
    const png = readFileSync(path.join(dir, "page-1.png"));
    assert.equal(png.subarray(1, 4).toString(), "PNG");
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [612, 792], "US letter at 72 dpi");
    if (process.env.KEEP_PDF_PNG) writeFileSync(process.env.KEEP_PDF_PNG, png);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("lotgraph tax report writes every file; a malformed ledger writes nothing", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "lotgraph-report-"));
  try {
    const out = path.join(dir, "out");
    await run(bin, ["tax", "report", "--ledger", fixture, "--year", "2025", "--out", out, "--method", "hifo", "--wash-sales"]);
    assert.deepEqual(readdirSync(out).sort(), [...(await reports()).files.keys()].sort());
    assert.equal(readFileSync(path.join(out, "form8949-2025.csv"), "utf8"), readFileSync(path.join(goldenDir, "form8949-2025.csv"), "utf8"));

    const bad = path.join(dir, "bad.csv");
    writeFileSync(bad, readFileSync(fixture, "utf8") + "2025-13-01,vault,WETH,sell,1,1,0,0xbad\n");
    const out2 = path.join(dir, "out2");
    const err = await run(bin, ["tax", "report", "--ledger", bad, "--year", "2025", "--out", out2]).then(() => null, (e) => e);
    assert.equal(err.code, 2);
    assert.match(err.stderr, /bad\.csv row 10, column date: .*"2025-13-01"/);
    assert.equal(existsSync(out2), false, "nothing written");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A local receiver that fails the first `failures` deliveries with 503. */
async function receiver(failures: number) {
  const seen: { key: string | undefined; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({ key: req.headers["idempotency-key"] as string | undefined, body });
      res.statusCode = seen.length <= failures ? 503 : 200;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

test("webhook: retried until accepted, every attempt with the same idempotency key and body", async () => {
  const rx = await receiver(2);
  try {
    const { payload } = await reports();
    const sent = await pushWebhook(rx.url, payload, { backoffMs: 10 });
    assert.equal(sent.attempts, 3);
    assert.equal(rx.seen.length, 3);
    assert.equal(new Set(rx.seen.map((s) => s.key)).size, 1);
    assert.equal(rx.seen[0].key, sent.key);
    const body = JSON.parse(rx.seen[2].body);
    assert.match(body.disclaimer, /Not tax advice/);
    assert.equal(body.gains.disposals.length, 5);
    await assert.rejects(pushWebhook(rx.url.replace(/:\d+\//, ":1/"), payload, { attempts: 2, backoffMs: 5 }), /delivery failed/);
  } finally {
    await rx.close();
  }
});

test("lotgraph tax report --webhook delivers to a local receiver", async () => {
  const rx = await receiver(1);
  const dir = mkdtempSync(path.join(os.tmpdir(), "lotgraph-report-"));
  try {
    const { stdout } = await run(bin, ["tax", "report", "--ledger", fixture, "--year", "2025", "--out", dir, "--webhook", rx.url]);
    assert.match(stdout, /webhook: delivered \(HTTP 200, attempt 2/);
    assert.equal(rx.seen.length, 2);
  } finally {
    await rx.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
