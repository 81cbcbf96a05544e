/**
 * Compiles the bridge's own Solidity (bridge/contracts: the concrete OFT adapter, the bridged OFT and the
 * relayer's worker) offline with the npm `solc` the contracts workspace pins, with the same settings
 * (0.8.28, optimizer 200 runs, cancun). LayerZero's and OpenZeppelin's sources are imported from
 * node_modules, never copied. The artifacts (ABI + bytecode) go to bridge/artifacts/, reused while the
 * sources, compiler and settings are unchanged.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const BRIDGE_DIR = path.resolve(__dirname, "..");
export const SOURCES_DIR = path.join(BRIDGE_DIR, "contracts");
export const ARTIFACTS_DIR = path.join(BRIDGE_DIR, "artifacts");
const SOLC_VERSION = "0.8.28";
const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: "cancun",
  outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
};

/** Where `import "pkg/…"` is looked up: the bridge workspace's node_modules, then the repository's. */
const IMPORT_ROOTS = [path.join(BRIDGE_DIR, "node_modules"), path.resolve(BRIDGE_DIR, "..", "node_modules")];

export interface BridgeArtifact {
  contractName: string;
  abi: any[];
  bytecode: string;
}

function resolveImport(importPath: string): string | undefined {
  for (const root of IMPORT_ROOTS) {
    const file = path.join(root, importPath);
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}

function ownSources(): Record<string, { content: string }> {
  const sources: Record<string, { content: string }> = {};
  for (const name of fs.readdirSync(SOURCES_DIR).filter((f) => f.endsWith(".sol")).sort()) {
    sources[`contracts/${name}`] = { content: fs.readFileSync(path.join(SOURCES_DIR, name), "utf8") };
  }
  return sources;
}

function fingerprint(sources: Record<string, { content: string }>): string {
  const h = crypto.createHash("sha256");
  h.update(SOLC_VERSION).update(JSON.stringify(SETTINGS));
  for (const [name, { content }] of Object.entries(sources)) h.update(name).update("\0").update(content);
  return h.digest("hex").slice(0, 16);
}

/** Compiles bridge/contracts unless bridge/artifacts already holds this exact build; returns the artifact dir. */
export function compileBridgeContracts(log: (m: string) => void = () => {}): string {
  const sources = ownSources();
  const stamp = fingerprint(sources);
  const stampFile = path.join(ARTIFACTS_DIR, ".build");
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, "utf8") === stamp) return ARTIFACTS_DIR;

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require("solc");
  const version: string = solc.version();
  if (!version.startsWith(`${SOLC_VERSION}+`)) {
    throw new Error(`bridge contracts need solc ${SOLC_VERSION}, the installed npm solc is ${version}`);
  }
  const t0 = Date.now();
  const input = { language: "Solidity", sources, settings: SETTINGS };
  const findImports = (p: string) => {
    const file = resolveImport(p);
    return file ? { contents: fs.readFileSync(file, "utf8") } : { error: `import not found in node_modules: ${p}` };
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  const errors = (output.errors ?? []).filter((e: { severity: string }) => e.severity === "error");
  if (errors.length) {
    throw new Error(`bridge contracts do not compile:\n${errors.map((e: { formattedMessage: string }) => e.formattedMessage).join("\n")}`);
  }
  fs.rmSync(ARTIFACTS_DIR, { recursive: true, force: true });
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  for (const source of Object.keys(sources)) {
    for (const [contractName, c] of Object.entries(output.contracts[source] as Record<string, any>)) {
      const artifact: BridgeArtifact = { contractName, abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
      fs.writeFileSync(path.join(ARTIFACTS_DIR, `${contractName}.json`), JSON.stringify(artifact, null, 1));
    }
  }
  fs.writeFileSync(stampFile, stamp);
  log(`bridge contracts compiled in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return ARTIFACTS_DIR;
}
