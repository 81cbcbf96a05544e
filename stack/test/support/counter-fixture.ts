import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ContractFactory, JsonRpcProvider, type Contract } from "ethers";
import { BIN_DIR, REPO_ROOT } from "../../src/paths";

const FIXTURE_DIR = path.resolve(__dirname, "../fixtures/counter");

interface Compiled {
  abi: unknown[];
  bytecode: string;
}
let compiled: Compiled | undefined;

/** Compiles fixtures/counter/Counter.sol with the offline npm solc. */
export function compileCounter(): Compiled {
  if (compiled) return compiled;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require("solc");
  const input = {
    language: "Solidity",
    sources: { "Counter.sol": { content: fs.readFileSync(path.join(FIXTURE_DIR, "Counter.sol"), "utf8") } },
    settings: { evmVersion: "cancun", outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } } },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (output.errors ?? []).filter((e: { severity: string }) => e.severity === "error");
  if (errors.length) throw new Error(`Counter.sol: ${errors.map((e: { formattedMessage: string }) => e.formattedMessage).join("\n")}`);
  const c = output.contracts["Counter.sol"].Counter;
  compiled = { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
  return compiled;
}

export interface DeployedCounter {
  contract: Contract;
  address: string;
  startBlock: number;
  provider: JsonRpcProvider;
}

export async function deployCounter(rpcUrl: string): Promise<DeployedCounter> {
  const { abi, bytecode } = compileCounter();
  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, pollingInterval: 50 });
  const signer = await provider.getSigner(0);
  const factory = new ContractFactory(abi as never, bytecode, signer);
  const contract = (await factory.deploy()) as Contract;
  const receipt = await contract.deploymentTransaction()!.wait();
  return { contract, address: await contract.getAddress(), startBlock: receipt!.blockNumber, provider };
}

/**
 * Writes the fixture subgraph for a deployed Counter into a fresh directory and runs
 * `graph codegen` and `graph build` there. Returns the manifest path (build/ next to it).
 */
export function buildCounterSubgraph(address: string, startBlock: number): { manifest: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-counter-subgraph-"));
  fs.cpSync(FIXTURE_DIR, dir, { recursive: true });
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"));
  fs.mkdirSync(path.join(dir, "abis"));
  fs.writeFileSync(path.join(dir, "abis/Counter.json"), JSON.stringify(compileCounter().abi, null, 2));
  const manifest = path.join(dir, "subgraph.yaml");
  fs.writeFileSync(
    manifest,
    fs
      .readFileSync(path.join(dir, "subgraph.template.yaml"), "utf8")
      .replace("{{address}}", address)
      .replace("{{startBlock}}", String(startBlock)),
  );
  const graph = path.join(BIN_DIR, "graph");
  for (const args of [["codegen", "subgraph.yaml"], ["build", "subgraph.yaml"]]) {
    execFileSync(graph, args, { cwd: dir, stdio: "pipe", env: { ...process.env, GRAPH_CLI_TELEMETRY: "0" } });
  }
  return { manifest, dir };
}
