import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { snapshotBuild } from "../src/gnd";

// graph-node resumes a deployment id as it is, so the id (the copied manifest's path) must change
// exactly when the build's content does.
test("snapshotBuild gives a build one deployment id per content", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-snapshot-"));
  try {
    const build = path.join(root, "subgraph", "build");
    fs.mkdirSync(path.join(build, "Counter"), { recursive: true });
    fs.writeFileSync(path.join(build, "subgraph.yaml"), "specVersion: 1.0.0\n");
    fs.writeFileSync(path.join(build, "Counter", "Counter.wasm"), "wasm v1");
    fs.writeFileSync(path.join(build, ".inputs-sha256"), "stamp 1");
    const deployments = path.join(root, "deployments");
    const built = path.join(build, "subgraph.yaml");

    const first = snapshotBuild(built, deployments);
    assert.equal(path.basename(first), "subgraph.yaml");
    assert.equal(fs.readFileSync(path.join(path.dirname(first), "Counter", "Counter.wasm"), "utf8"), "wasm v1");
    assert.ok(!fs.existsSync(path.join(path.dirname(first), ".inputs-sha256")), "the build stamp is not part of the deployment");

    fs.writeFileSync(path.join(build, ".inputs-sha256"), "stamp 2");
    assert.equal(snapshotBuild(built, deployments), first, "same content, same id");

    fs.writeFileSync(path.join(build, "Counter", "Counter.wasm"), "wasm v2");
    const second = snapshotBuild(built, deployments);
    assert.notEqual(second, first, "changed content, new id");
    assert.equal(fs.readFileSync(path.join(path.dirname(second), "Counter", "Counter.wasm"), "utf8"), "wasm v2");
    assert.equal(fs.readFileSync(path.join(path.dirname(first), "Counter", "Counter.wasm"), "utf8"), "wasm v1", "the earlier deployment's files stay");
    assert.deepEqual(fs.readdirSync(deployments).length, 2);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
