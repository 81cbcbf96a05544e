import { test } from "node:test";
import assert from "node:assert/strict";
import { computeGains } from "../src/engine/engine";
import { parseLedgerCsv } from "../src/ledger/csvLedger";
import { disposalJson, disposalJsonText } from "../src/output/gainsJson";
import { HEADER } from "./helpers";

test("the streamed JSON text of a row equals JSON.stringify of its object form", () => {
  const events = parseLedgerCsv(
    [HEADER, '2024-01-01,"w ""1""",A,buy,1.5,10,0.5,0xa:1', "2024-01-02,w2,A,buy,1,9,0,0xb", '2024-01-05,"w ""1""",A,sell,2,8,0.25,0xc', "2024-01-06,w2,A,sell,1,7,0,0xd", "2024-01-07,w2,A,buy,3,8,0,0xe"].join("\n"),
    "t.csv",
  );
  const r = computeGains(events, { method: "fifo", washSales: true, allowMissingBasis: true });
  assert.ok(r.disposals.some((d) => d.missingBasis) && r.disposals.some((d) => d.adjustment > 0n));
  for (const d of r.disposals) assert.equal(disposalJsonText(d), JSON.stringify(disposalJson(d)));
});
