import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runStart } from "../src/start";

// `lotgraph demo` end to end on free ports: the real contracts on a hardhat node, the real subgraph
// in gnd, the scripted scenario, and a field-by-field check through GraphQL of every indexed event
// (runStart throws when any entity is missing or differs from the chain).
test("lotgraph demo deploys, indexes and verifies the scripted scenario", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-start-"));
  const lines: string[] = [];
  try {
    const report = await runStart({ dataDir, freePorts: true, log: (m) => lines.push(m) });
    const output = lines.join("\n");
    for (const entity of ["deposit", "priceUpdate", "trade", "rebalance", "harvest", "hedge", "lossHarvest"]) {
      assert.match(output, new RegExp(`${entity} ×\\d+`), `${entity} verified`);
    }
    assert.match(report.graphqlUrl, /^http:\/\/127\.0\.0\.1:\d+\/subgraphs\/name\/lotgraph$/);
    assert.ok(report.events > 0);
    process.stdout.write(
      `# start-up to synced ${(report.startupMs / 1000).toFixed(1)} s; scenario ${(report.scenarioMs / 1000).toFixed(1)} s on chain; ` +
        `indexed ${(report.indexingMs / 1000).toFixed(1)} s after it\n`,
    );
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
