import { test } from "node:test";
import assert from "node:assert/strict";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { computeGains } from "../src/engine/engine";
import { formatCents } from "../src/engine/fixed";
import { parseLedgerCsv } from "../src/ledger/csvLedger";
import { disposalJson, disposalJsonText, writeDisposalJson } from "../src/output/gainsJson";
import { SyncWriter } from "../src/output/syncWriter";
import { HEADER } from "./helpers";

const ledger = () =>
  parseLedgerCsv(
    [
      HEADER,
      '2024-01-01,"w ""1""",A,buy,1.5,10,0.5,0xa:1',
      "2024-01-02,w2,A,buy,1,9,0,0xb",
      '2024-01-05,"w ""1""",A,sell,2,8,0.25,0xc',
      "2024-01-06,w2,A,sell,1,7,0,0xd",
      "2024-01-07,w2,A,buy,3,8,0,0xe",
      "2024-01-08,wället,Ä\\t,buy,1000000,123456.78,0,0xf",
      "2025-03-08,wället,Ä\\t,sell,1000000,0.01,0,0xg",
      "2025-03-09,w2,A,sell,3.5,1000000000000,0,0xh",
    ].join("\n"),
    "t.csv",
  );

test("the streamed JSON text of a row equals JSON.stringify of its object form", () => {
  const r = computeGains(ledger(), { method: "fifo", washSales: true, allowMissingBasis: true });
  assert.ok(r.disposals.some((d) => d.missingBasis) && r.disposals.some((d) => d.adjustment > 0n));
  for (const d of r.disposals) assert.equal(disposalJsonText(d), JSON.stringify(disposalJson(d)));
});

test("the byte writer writes the same text: escapes, non-ASCII, negative, long and huge amounts, buffer boundaries", () => {
  const r = computeGains(ledger(), { method: "fifo", washSales: true, allowMissingBasis: true });
  assert.ok(r.disposals.some((d) => d.term === "long") && r.disposals.some((d) => d.wallet.includes('"')) && r.disposals.some((d) => d.asset.includes("\\")));
  const dir = mkdtempSync(path.join(os.tmpdir(), "lotgraph-tax-json-"));
  try {
    for (const size of [1024, 1 << 20]) {
      const file = path.join(dir, `out-${size}.json`);
      const fd = openSync(file, "w");
      const out = new SyncWriter(fd, size);
      let expected = "";
      for (let rep = 0; rep < 40; rep++) {
        for (const d of r.disposals) {
          writeDisposalJson(d, out);
          out.ascii("\n");
          expected += JSON.stringify(disposalJson(d)) + "\n";
        }
        out.cents(-123_456_789_012_345_678n, formatCents); // beyond 2^53 cents: the general path
        out.cents(-5n, formatCents);
        out.cents(7n, formatCents);
        expected += '"-1234567890123456.78""-0.05""0.07"';
      }
      out.flush();
      closeSync(fd);
      assert.equal(readFileSync(file, "utf8"), expected, `buffer of ${size} bytes`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
