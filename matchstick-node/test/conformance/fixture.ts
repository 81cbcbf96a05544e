// The conformance subgraph (test/fixtures/conformance) prepared in a scratch directory:
// `graph codegen` for the generated entity classes both sides compile against, and `graph build`
// for the wasm graph-node runs.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const FIXTURE_DIR = path.resolve(__dirname, "../fixtures/conformance");
const REPO_ROOT = path.resolve(__dirname, "../../..");
const GRAPH_CLI = path.join(REPO_ROOT, "node_modules/.bin/graph");

export interface PreparedSubgraph {
  dir: string;
  manifest: string;
}

export function prepareConformanceSubgraph(): PreparedSubgraph {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "matchstick-conformance-"));
  fs.cpSync(FIXTURE_DIR, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}.bin`) });
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"));
  for (const args of [["codegen", "subgraph.yaml"], ["build", "subgraph.yaml"]]) {
    try {
      execFileSync(GRAPH_CLI, args, { cwd: dir, stdio: "pipe", env: { ...process.env, GRAPH_CLI_TELEMETRY: "0" } });
    } catch (e) {
      const err = e as { stdout?: Buffer; stderr?: Buffer };
      throw new Error(`graph ${args[0]} failed in ${dir}:\n${err.stdout?.toString() ?? ""}${err.stderr?.toString() ?? ""}`);
    }
  }
  return { dir, manifest: path.join(dir, "subgraph.yaml") };
}
