/**
 * anvil's on-disk states stay in the node's own folder: it runs with HOME set to `<logDir>/<name>.home`, where it
 * writes the states it moves out of memory (`.foundry/anvil/tmp`); what a killed run left there is emptied when
 * the node starts, and the folder goes when it stops, so nothing accumulates in the user's home.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { AnvilNode, freePorts } from "../src";

test("anvil runs with its own HOME in the log folder, emptied at start and removed at stop", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-anvil-home-"));
  const node = new AnvilNode({ port: (await freePorts()).chain, logDir: dir, logName: "anvil-x" });
  try {
    const home = path.join(dir, "anvil-x.home");
    assert.equal(node.stateHome, home);
    // a killed run's states
    const left = path.join(home, ".foundry", "anvil", "tmp", ".tmpKILLED");
    fs.mkdirSync(left, { recursive: true });
    fs.writeFileSync(path.join(left, "state"), "x".repeat(1024));
    await node.start();
    assert.equal(fs.existsSync(left), false, "a killed run's states are emptied at start");
    const environ = fs.readFileSync(`/proc/${node.pid}/environ`, "utf8").split("\0");
    assert.ok(environ.includes(`HOME=${home}`), environ.filter((e) => e.startsWith("HOME=")).join(", "));
    assert.equal(fs.statSync(home).isDirectory(), true);
    await node.stop();
    assert.equal(fs.existsSync(home), false, "the node's HOME goes when it stops");
    assert.ok(fs.existsSync(path.join(dir, "anvil-x.log")), "its log stays");
  } finally {
    await node.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
