import { test } from "node:test";
import assert from "node:assert/strict";
import { dollars, renderReport } from "../src";
import { sampleReport } from "./fixture";

test("dollars are formatted from decimal strings without floats", () => {
  assert.equal(dollars("1234567.891"), "$1,234,567.89");
  assert.equal(dollars("-2500.1"), "−$2,500.10");
  assert.equal(dollars("0"), "$0.00");
  assert.equal(dollars("99999999999999999999.99"), "$99,999,999,999,999,999,999.99");
});

test("the page is self-contained: inline SVG charts, no script or remote resource", () => {
  const html = renderReport(sampleReport());
  assert.equal((html.match(/<svg /g) ?? []).length, 5);
  assert.doesNotMatch(html, /<script|https?:\/\/(?!www\.w3\.org)(?!127\.0\.0\.1)/);
  assert.match(html, /not tax advice/);
  assert.match(html, /\$777\.00/);
});

test("text from the data is escaped", () => {
  const data = sampleReport();
  data.income[0].source = "<img src=x onerror=alert(1)>";
  const html = renderReport(data);
  assert.doesNotMatch(html, /<img src=x/);
  assert.match(html, /&lt;img src=x/);
});

test("the wash-sale what-if is summarised per asset (exact cents) with only the largest rows listed", () => {
  const data = sampleReport();
  const tx = (i: number) => `0x${String(i).padStart(64, "0")}:3`;
  data.washSales.whatIfDisallowedUsd = "100.10";
  data.washSales.rows = [
    ...Array.from({ length: 11 }, (_, i) => ({ dateSold: "2025-03-01", asset: "WETH", quantity: "1", adjustmentUsd: `${i + 1}.01`, tx: tx(i) })),
    { dateSold: "2025-04-01", asset: "LINK", quantity: "2", adjustmentUsd: "33.99", tx: tx(99) },
  ];
  const html = renderReport(data);
  // WETH: 1.01 + 2.01 + … + 11.01 = 66.11
  assert.match(html, /<td>WETH<\/td><td>11<\/td><td>\$66\.11<\/td>/);
  assert.match(html, /<td>LINK<\/td><td>1<\/td><td>\$33\.99<\/td>/);
  assert.match(html, /The largest 10:/);
  assert.match(html, /2 more in the what-if/);
  assert.doesNotMatch(html, /\$1\.01</, "the smallest rows are not listed");
  assert.match(html, /0x000000…000099:3/);
});
