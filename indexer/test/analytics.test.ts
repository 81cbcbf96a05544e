import { test } from "node:test";
import assert from "node:assert/strict";
import { impermanentLoss } from "../src/analytics/analytics";
import { D } from "../src/analytics/decimal";

test("impermanent loss of a constant-product position: 0 when unchanged, -5.72 % at 2x, -20 % at 4x, symmetric in log price", () => {
  assert.equal(impermanentLoss(new D(100), new D(100)).toString(), "0");
  assert.equal(impermanentLoss(new D(100), new D(400)).toString(), "-0.2");
  assert.equal(impermanentLoss(new D(100), new D(200)).toFixed(6), "-0.057191");
  assert.equal(impermanentLoss(new D(100), new D(50)).toFixed(6), "-0.057191");
  assert.equal(impermanentLoss(new D(100), new D(25)).toString(), "-0.2");
});
