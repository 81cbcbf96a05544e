import fs from "node:fs";
import path from "node:path";

/** A compiled contract as hardhat writes it to contracts/artifacts. */
export interface Artifact {
  contractName: string;
  sourceName: string;
  abi: any[];
  bytecode: string;
}

/** contracts/artifacts, produced by `npx hardhat compile` (the contracts workspace's `compile` script). */
export const ARTIFACTS_DIR = path.resolve(__dirname, "..", "artifacts");

let index: Map<string, string[]> | undefined;

function buildIndex(dir: string, into: Map<string, string[]>): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "build-info") buildIndex(full, into);
    } else if (entry.name.endsWith(".json") && !entry.name.endsWith(".dbg.json")) {
      const name = entry.name.slice(0, -".json".length);
      into.set(name, [...(into.get(name) ?? []), full]);
    }
  }
}

/**
 * Loads a contract's ABI and bytecode by contract name (e.g. "Vault", "ERC1967Proxy") from the hardhat
 * artifacts directory, without hardhat's runtime, so any ethers v6 program can deploy or attach.
 */
export function loadArtifact(contractName: string, artifactsDir: string = ARTIFACTS_DIR): Artifact {
  if (!fs.existsSync(artifactsDir)) {
    throw new Error(`no compiled artifacts at ${artifactsDir}: run "npm run compile -w contracts" first`);
  }
  if (!index || artifactsDir !== ARTIFACTS_DIR) {
    const fresh = new Map<string, string[]>();
    buildIndex(artifactsDir, fresh);
    if (artifactsDir !== ARTIFACTS_DIR) return pick(fresh, contractName, artifactsDir);
    index = fresh;
  }
  return pick(index, contractName, artifactsDir);
}

function pick(idx: Map<string, string[]>, contractName: string, dir: string): Artifact {
  const files = idx.get(contractName) ?? [];
  if (files.length === 0) throw new Error(`artifact "${contractName}" not found under ${dir}`);
  if (files.length > 1) throw new Error(`artifact name "${contractName}" is ambiguous: ${files.join(", ")}`);
  return JSON.parse(fs.readFileSync(files[0], "utf8")) as Artifact;
}
