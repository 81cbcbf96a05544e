import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";

const bin = path.resolve(__dirname, "../../node_modules/.bin/lotgraph");

test("lotgraph --help is reachable through the workspace bin and lists itself", () => {
  const out = execFileSync(bin, ["--help"], { encoding: "utf8" });
  assert.match(out, /^Usage: lotgraph /m);
});


test("lotgraph subgraph deploy --help says what `graph deploy` needs and why it fails against the local stack", () => {
  const out = execFileSync(bin, ["subgraph", "deploy", "--help"], { encoding: "utf8" }).replace(/\s+/g, " ");
  assert.match(out, /deploy it to the running stack/);
  assert.match(out, /gnd dev\), which loads subgraphs by file path only/);
  assert.match(out, /answers "internal error"/);
  assert.match(out, /`graph deploy` needs a full graph-node that reads subgraphs from IPFS: docker-compose\.yml runs one/);
});
