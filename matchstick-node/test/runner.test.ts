import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import * as fs from "node:fs";
import { run } from "../src/main";
import { BigDecimal } from "../src/numbers";
import { serdeNumberText } from "../src/host/json";

const fixture = path.join(__dirname, "fixtures", "basic");

async function runIn(cwd: string, patterns: string[] = []) {
  const lines: string[] = [];
  const summary = await run({ cwd, patterns, write: (l) => lines.push(l) });
  return { summary, out: lines.join("\n"), last: lines[lines.length - 1] };
}

test("passing suite: hooks order, store asserts, BigDecimal, mocked ethereum.call", async () => {
  const { summary, out, last } = await runIn(fixture, ["passing"]);
  assert.equal(last, "6 passed, 0 failed");
  assert.equal(summary.exitCode, 0);
  assert.match(out, /hooks:/);
  assert.match(out, /√ missing required field fails/);
});

test("failing suite: names the test and the values, shouldFail inverted, unmocked call", async () => {
  const { summary, out, last } = await runIn(fixture, ["failing"]);
  assert.equal(last, "1 passed, 3 failed");
  assert.equal(summary.exitCode, 1);
  assert.match(out, /Expected value was 'expected-value' but actual value was 'actual-value'/);
  assert.match(out, /Expected test to fail but it passed successfully!/);
  assert.match(out, /Test "unmocked call" failed: Could not find a mocked function .*name: owner, signature owner\(\):\(address\)/);
});

test("cached wasm is reused until an input changes", async () => {
  const { out } = await runIn(fixture, ["passing"]);
  assert.match(out, /passing skipped!/);
});

test("a compile error shows asc diagnostics and names the file", async () => {
  const { summary, out } = await runIn(path.join(fixture, "bad"));
  assert.equal(summary.exitCode, 1);
  assert.match(out, /broken\.test\.ts/);
  assert.match(out, /ERROR TS2322/);
});

test("BigDecimal follows graph-node: 34 digits, half-up for positives, truncation for negatives", () => {
  const d = (s: string) => BigDecimal.parse(s);
  assert.equal(d("2").dividedBy(d("3")).toString(), "0.6666666666666666666666666666666667");
  assert.equal(d("-2").dividedBy(d("3")).toString(), "-0.66666666666666666666666666666666666");
  assert.equal(d("1.2300").toString(), "1.23");
  assert.equal(d("1e3").plus(d("0.5")).toString(), "1000.5");
  assert.equal(d("0.1").times(d("0.2")).toString(), "0.02");
  assert.throws(() => d("abc"));
});

const demo = process.env.MATCHSTICK_DEMO_SUBGRAPH;
test("LimeChain demo-subgraph passes unchanged", { skip: demo ? false : "set MATCHSTICK_DEMO_SUBGRAPH to a prepared demo-subgraph checkout (npm ci && graph codegen)" }, async () => {
  assert.ok(fs.existsSync(path.join(demo!, "generated")), `${demo} has not been prepared with graph codegen`);
  const { summary, last } = await runIn(demo!);
  assert.equal(summary.exitCode, 0, last);
  assert.match(last, /^\d+ passed, 0 failed$/);
});

test("JSON numbers reach the mapping as graph-node's serde_json prints them", () => {
  assert.equal(serdeNumberText("-0"), "0");
  assert.equal(serdeNumberText("18446744073709551615"), "18446744073709551615");
  assert.equal(serdeNumberText("-9223372036854775809"), "-9223372036854775809");
  assert.equal(serdeNumberText("1E2"), "1e+2");
  assert.equal(serdeNumberText("1.5e-3"), "1.5e-3");
  assert.equal(serdeNumberText("-0.0"), "-0.0");
});
