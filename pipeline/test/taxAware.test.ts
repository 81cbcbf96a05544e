import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Journal } from "@lotgraph/keeper/src/journal";
import { deferredTrimsIn, yearTaxEstimate } from "../src/reportData";

const USD = 10n ** 12n;
const RATES = { shortTermBps: 3700n, longTermBps: 2000n };

test("the year's tax estimate nets short- and long-term gains, each at its rate, a net loss owing nothing", () => {
  assert.equal(yearTaxEstimate(1000n * USD, 500n * USD, RATES), 370n * USD + 100n * USD);
  assert.equal(yearTaxEstimate(1000n * USD, -400n * USD, RATES), 222n * USD, "a long-term loss offsets short-term gain, taxed short-term");
  assert.equal(yearTaxEstimate(-400n * USD, 1000n * USD, RATES), 120n * USD, "a short-term loss offsets long-term gain, taxed long-term");
  assert.equal(yearTaxEstimate(-1000n * USD, 500n * USD, RATES), 0n);
});

test("the report's deferred trims are the journal's deferrals of the year, with their figures", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-deferrals-"));
  try {
    const file = path.join(dir, "keeper-journal.jsonl");
    const j = new Journal(file);
    const day = (iso: string) => Date.parse(iso) / 86_400_000;
    const deferral = (d: string, lt: string) => ({ day: day(d), shortTermGain: String(1234n * USD + USD / 2n), tax: String(456n * USD), longTermFromDay: day(lt), driftBps: 812, ceilingBps: 1500 });
    j.write("trim-WETH-a", { state: "deferred", asset: "WETH", amount: "1", lockoutUntil: 0, fromBlock: 1, deferral: deferral("2025-03-04", "2025-04-01") });
    j.write("trim-WETH-b", { state: "deferred", asset: "WETH", amount: "1", lockoutUntil: 0, fromBlock: 1, deferral: deferral("2024-12-30", "2025-01-20") });
    j.write("tlh-1", { state: "confirmed", asset: "UNI", amount: "1", lockoutUntil: 0, fromBlock: 1 });
    assert.deepEqual(deferredTrimsIn(file, 2025), [{ date: "2025-03-04", asset: "WETH", shortTermGainUsd: "1234.50", taxUsd: "456.00", longTermFrom: "2025-04-01", driftBps: 812, ceilingBps: 1500 }]);
    assert.deepEqual(deferredTrimsIn(undefined, 2025), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
