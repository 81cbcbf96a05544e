// The ledger reader and the JSON writer read and write the common forms by character (dates, short
// decimals, quantities); these tests hold those fast paths to the general rules they stand in for.
import { test } from "node:test";
import assert from "node:assert/strict";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { formatDay, longTermFrom } from "../src/engine/dates";
import { QTY_DIGITS, divRound, formatQuantity, parseDecimal, toCents, toCentsNumber } from "../src/engine/fixed";
import { parseLedgerCsv, parseLedgerTime } from "../src/ledger/csvLedger";
import { SyncWriter } from "../src/output/syncWriter";
import { HEADER } from "./helpers";

/** The rule parseDecimal implements, written the general way. */
function decimalByRule(text: string): { int: bigint; digits: number } | undefined {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return undefined;
  return { int: BigInt(m[1] + (m[2] ?? "")), digits: (m[2] ?? "").length };
}

test("parseDecimal agrees with the decimal rule on short, long, malformed and edge inputs", () => {
  const cases = ["0", "7", "12.5", "0.000001", "00012.3400", "999999999999999", "99999999999999.9", "9007199254740993", "123456789012345678.25",
    "", ".", "1.", ".5", "1..2", "1.2.3", "-1", "+1", "1e5", " 1", "1 ", "1,5", "0x10", "١٢"];
  for (const text of cases) assert.deepEqual(parseDecimal(text), decimalByRule(text), `"${text}"`);
  fc.assert(
    fc.property(fc.stringMatching(/^[0-9.]{0,20}$/), (text) => {
      assert.deepEqual(parseDecimal(text), decimalByRule(text));
    }),
    { numRuns: 2000 },
  );
});

/** The rule parseLedgerTime implements, written the general way (ISO date or UTC date-time, a real date). */
function timeByRule(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|\+00:?00))?$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  const ms = Math.floor(Number(`0.${m[7] ?? 0}`) * 1000);
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return date.getTime();
}

test("parseLedgerTime reads dates and UTC date-times by the rule, real dates only", () => {
  const cases = ["2025-06-19", "2024-02-29", "2023-02-29", "2025-13-01", "2025-00-10", "2025-06-31", "2025-06-19T14:30:00Z", "2025-06-19T23:59:59Z",
    "2025-06-19T24:00:00Z", "2025-06-19T14:60:00Z", "2025-06-19T14:30:60Z", "2025-06-19T14:30:00.5Z", "2025-06-19 14:30:00Z", "2025-06-19T14:30Z",
    "2025-06-19T14:30:00+00:00", "2025-06-19T14:30:00", "2025-6-19", "2025/06/19", "20x5-06-19", "2025-06-1x", "2025-06-19T1x:30:00Z", "1999-12-31", "2100-02-29"];
  for (const text of cases) assert.equal(parseLedgerTime(text), timeByRule(text), `"${text}"`);
  fc.assert(
    fc.property(fc.date({ min: new Date("1971-01-01T00:00:00Z"), max: new Date("2199-12-31T23:59:59Z"), noInvalidDate: true }), (d) => {
      const whole = new Date(Math.floor(d.getTime() / 1000) * 1000);
      const iso = whole.toISOString();
      assert.equal(parseLedgerTime(iso.slice(0, 10)), Date.parse(iso.slice(0, 10)));
      assert.equal(parseLedgerTime(iso.slice(0, 19) + "Z"), whole.getTime());
    }),
    { numRuns: 2000 },
  );
});

test("a ledger row's bad date or amount is still reported with file, row, column and value", () => {
  const bad = (row: string) => () => parseLedgerCsv(`${HEADER}\n${row}\n`, "f.csv");
  assert.throws(bad("2025-02-30,w,A,buy,1,1,0,0xa"), /^InputError: f\.csv row 2, column date: .*\(value "2025-02-30"\)$/);
  assert.throws(bad("2025-02-03T10:00:00Z,w,A,buy,1.,1,0,0xa"), /f\.csv row 2, column quantity: .*\(value "1\."\)/);
  assert.throws(bad("2025-02-03,w,A,buy,1,1e3,0,0xa"), /f\.csv row 2, column price: .*\(value "1e3"\)/);
  assert.throws(bad("2025-02-03,w,A,buy,1,1,-2,0xa"), /f\.csv row 2, column fee: .*\(value "-2"\)/);
  const [e] = parseLedgerCsv(`${HEADER}\n2025-02-03T10:11:12Z,w,A,buy,1234567.123456789012345678,0.5,0,0xa\n`, "f.csv");
  assert.equal(e.time, Date.UTC(2025, 1, 3, 10, 11, 12));
  assert.equal(e.quantity, 1234567123456789012345678n);
});

test("the byte writer's exact decimals are formatQuantity's text", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "lotgraph-tax-decimal-"));
  try {
    const values = [0n, 1n, 10n, 5n * 10n ** 17n, 10n ** 18n, 100n * 10n ** 18n, 12n * 10n ** 18n + 5n * 10n ** 17n, 123456789012345678901234567890n, 10n ** 18n - 1n];
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), (v) => {
        values.push(v);
      }),
      { numRuns: 500 },
    );
    const file = path.join(dir, "out.txt");
    const fd = openSync(file, "w");
    const out = new SyncWriter(fd, 1024);
    for (const v of values) {
      out.exactDecimal(v, QTY_DIGITS);
      out.ascii("\n");
    }
    out.flush();
    closeSync(fd);
    assert.deepEqual(readFileSync(file, "utf8").split("\n").slice(0, -1), values.map(formatQuantity));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("divRound rounds half away from zero, for either sign", () => {
  const byRule = (a: bigint, b: bigint) => (a < 0n ? -1n : 1n) * (((a < 0n ? -a : a) * 2n + b) / (2n * b));
  for (const [a, b] of [[5n, 10n], [-5n, 10n], [4n, 10n], [-4n, 10n], [6n, 10n], [-6n, 10n], [15n, 10n], [-15n, 10n], [0n, 7n], [-1n, 2n], [1n, 3n], [-2n, 3n]]) {
    assert.equal(divRound(a, b), byRule(a, b), `${a} / ${b}`);
  }
  fc.assert(
    fc.property(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.bigInt({ min: 1n, max: 10n ** 22n }), (a, b) => {
      assert.equal(divRound(a, b), byRule(a, b));
    }),
    { numRuns: 3000 },
  );
});

test("cents by number arithmetic are toCents exactly, on both sides of 2^53 and of every half cent", () => {
  const edges = [0n, 1n, -1n, 5_000_000_000n, -5_000_000_000n, 4_999_999_999n, 15_000_000_000n, -15_000_000_000n, 9_007_199_254_740_990n, -9_007_199_254_740_990n,
    9_007_199_254_740_991n, -9_007_199_254_740_991n, 10n ** 20n + 5_000_000_000n];
  const values = [...edges];
  fc.assert(fc.property(fc.bigInt({ min: -(2n ** 54n), max: 2n ** 54n }), (v) => void values.push(v)), { numRuns: 3000 });
  // near a half cent, where a floating-point division would round the wrong way
  fc.assert(fc.property(fc.bigInt({ min: -900_000n, max: 900_000n }), fc.integer({ min: -2, max: 2 }), (c, d) => void values.push(c * 10n ** 10n + 5_000_000_000n + BigInt(d))), { numRuns: 2000 });
  for (const v of values) {
    const byNumber = toCentsNumber(v);
    assert.equal(toCents(v), divRound(v, 10n ** 10n), `${v}`);
    if (v < 9_007_199_254_740_991n && v > -9_007_199_254_740_991n) assert.equal(byNumber === undefined ? undefined : BigInt(byNumber), toCents(v), `${v}`);
    else assert.equal(byNumber, undefined, `${v}`);
  }
});

test("the byte writer's JSON strings are JSON.stringify's text, short and long, plain and escaped", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "lotgraph-tax-jsonstring-"));
  try {
    const tx = "0x" + "ab".repeat(32) + ":7";
    const values = ["", "wallet7", "ASSET3", tx, `${tx}"`, `${tx}\\`, `${tx}\n`, `${tx}\u0141`, "ä", `${"x".repeat(40)}\u00e9`, "😀".repeat(30), "x".repeat(3000)];
    fc.assert(fc.property(fc.string({ maxLength: 80 }), fc.string({ unit: "binary", maxLength: 60 }), (a, b) => void values.push(a, b, a.padEnd(30, "z"))), { numRuns: 500 });
    const file = path.join(dir, "out.txt");
    const fd = openSync(file, "w");
    const out = new SyncWriter(fd, 1024);
    for (const v of values) {
      out.jsonString(v);
      out.ascii("\n");
    }
    out.flush();
    closeSync(fd);
    assert.deepEqual(readFileSync(file, "utf8").split("\n").slice(0, -1), values.map((v) => JSON.stringify(v)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("cached day texts and long-term start days match their computation, inside and outside the cached range", () => {
  for (const day of [-400, -1, 0, 1, 19_000, 19_782, 20_000, 73_049, 73_050, 100_000]) {
    const text = new Date(day * 86_400_000).toISOString().slice(0, 10);
    assert.equal(formatDay(day), text);
    assert.equal(formatDay(day), text); // the second call reads the cache
    const start = new Date((day + 1) * 86_400_000);
    const expected = Math.floor(Date.UTC(start.getUTCFullYear() + 1, start.getUTCMonth(), start.getUTCDate()) / 86_400_000);
    assert.equal(longTermFrom(day), expected);
    assert.equal(longTermFrom(day), expected);
  }
});
