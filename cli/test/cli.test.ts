import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";

const bin = path.resolve(__dirname, "../../node_modules/.bin/lotgraph");

test("lotgraph --help is reachable through the workspace bin and lists itself", () => {
  const out = execFileSync(bin, ["--help"], { encoding: "utf8" });
  assert.match(out, /^Usage: lotgraph /m);
});

