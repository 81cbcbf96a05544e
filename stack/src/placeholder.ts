/**
 * The placeholder subgraph `gnd dev` is started with. `gnd dev` drops and re-creates every subgraph named
 * in `--manifests` each time it starts, so the project's subgraph is never named there: gnd gets this
 * placeholder instead (one data source on the zero address, an event nobody emits, nothing stored), and
 * the real subgraph is deployed through graph-node's admin API, where a restarted graph-node resumes it.
 */
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { StackError } from "./errors";
import { BIN_DIR, REPO_ROOT } from "./paths";

const run = promisify(execFile);

/** The directory the placeholder is built in, under the stack's data directory. */
export const PLACEHOLDER_DIR_NAME = "gnd-placeholder";

function sources(network: string): Record<string, string> {
  return {
    "subgraph.yaml": `specVersion: 1.0.0
description: Placeholder that gnd dev re-creates on every start; it indexes nothing.
schema:
  file: ./schema.graphql
dataSources:
  - kind: ethereum/contract
    name: Placeholder
    network: ${network}
    source:
      address: "0x0000000000000000000000000000000000000000"
      abi: Placeholder
      startBlock: 0
    mapping:
      kind: ethereum/events
      apiVersion: 0.0.9
      language: wasm/assemblyscript
      entities:
        - Placeholder
      abis:
        - name: Placeholder
          file: ./abis/Placeholder.json
      eventHandlers:
        - event: Never()
          handler: handleNever
      file: ./src/placeholder.ts
`,
    "schema.graphql": "type Placeholder @entity(immutable: true) {\n  id: Bytes!\n}\n",
    "abis/Placeholder.json": `${JSON.stringify([{ type: "event", name: "Never", inputs: [], anonymous: false }], null, 2)}\n`,
    "src/placeholder.ts": 'import { ethereum } from "@graphprotocol/graph-ts";\n\nexport function handleNever(event: ethereum.Event): void {}\n',
  };
}

/**
 * Writes and builds the placeholder subgraph for `network` under `dataDir` (once: a build whose sources
 * are unchanged is reused) and returns its manifest path, with `build/` beside it.
 */
export async function buildPlaceholderSubgraph(dataDir: string, network: string): Promise<string> {
  const dir = path.join(dataDir, PLACEHOLDER_DIR_NAME);
  const files = sources(network);
  const digest = crypto.createHash("sha256").update(JSON.stringify(files)).digest("hex");
  const manifest = path.join(dir, "subgraph.yaml");
  const stamp = path.join(dir, "build", ".sources-sha256");
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === digest) return manifest;

  fs.rmSync(dir, { recursive: true, force: true });
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"));
  try {
    await run(path.join(BIN_DIR, "graph"), ["build", "subgraph.yaml", "--skip-migrations"], {
      cwd: dir,
      env: { ...process.env, GRAPH_CLI_TELEMETRY: "0" },
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new StackError(`building graph-node's placeholder subgraph in ${dir} failed:\n${`${e.stdout ?? ""}\n${e.stderr ?? ""}`.trim() || e.message}`, {
      fix: "check that `npm ci` installed @graphprotocol/graph-cli and @graphprotocol/graph-ts",
    });
  }
  fs.writeFileSync(stamp, digest);
  return manifest;
}
