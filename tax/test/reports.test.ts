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

test("the PDF is a PDF with one section per box, the Schedule D summary and the disclaimer", async () => {
  const pdf = (await reports()).files.get("form8949-2025.pdf") as Buffer;
  const text = pdf.toString("latin1");
  assert.ok(text.startsWith("%PDF-"));
  assert.equal((text.match(/\/Type \/Page\b/g) ?? []).length, 3);
  // pdfkit (uncompressed here) writes each text run as a TJ array of hex strings split at kerning points
  const runs = [...text.matchAll(/\[((?:<[0-9a-f]*>\s*-?[\d.]*\s*)+)\] TJ/g)].map((m) =>
    [...m[1].matchAll(/<([0-9a-f]*)>/g)].map((h) => Buffer.from(h[1], "hex").toString("latin1")).join(""),
  );
  const all = runs.join("\n");
  assert.match(all, /Not tax advice/);
  assert.match(all, /Box I: short-term digital asset transactions not reported to you on Form 1099-DA/);
  assert.match(all, /Box L: long-term digital asset/);
  assert.match(all, /Schedule D summary/);
  assert.ok(runs.includes("403.25") && runs.includes("W") && runs.includes("-601.60"), "the washed row and the box totals are drawn");
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
