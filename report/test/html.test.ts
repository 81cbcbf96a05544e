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
