import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { CAPTURED_SOURCE_HASH, loadCapturedEntities, schemaSourceHash } from "../src/schema/captured";

test("the captured graph-node schema was taken from the current schema.graphql (else: npm run capture-schema -w indexer)", () => {
  assert.equal(readFileSync(CAPTURED_SOURCE_HASH, "utf8").trim(), schemaSourceHash());
});

test("the captured schema has the entities the tax engine and analytics read", () => {
  const names = loadCapturedEntities().map((e) => e.name);
  for (const name of ["Lot", "Disposal", "Harvest", "Trade", "VaultDailySnapshot", "PositionDailySnapshot", "HedgePosition"]) {
    assert.ok(names.includes(name), name);
  }
});
