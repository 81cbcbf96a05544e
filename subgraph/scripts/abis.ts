// Writes abis/<DataSource>.json for each data source of the manifest: the merged ABIs of the event
// interfaces (contracts/contracts/interfaces/I*Events.sol) that contract may emit. Compiles only the
// interfaces, with the solc-js the contracts pin, so the subgraph builds whatever state the contract
// implementations are in. Events a contract declares in its own body (Harvester.Allocated,
// Hedger.MarginMoved) have a one-event interface in subgraph/interfaces/, checked against the contract's
// source by scripts/module-events.test.ts.
import * as fs from "fs";
import * as path from "path";
import { DATA_SOURCES } from "./manifest";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const solc = require("solc");

const interfacesDir = path.resolve(__dirname, "../../contracts/contracts/interfaces");
/** one-event interfaces for events the contracts declare in their own bodies */
export const moduleEventsDir = path.resolve(__dirname, "../interfaces");
const outDir = path.resolve(__dirname, "../abis");

interface AbiItem {
  type: string;
  name?: string;
}

/** "IFoo" → IFoo.sol declares interface IFoo; "IFile.IFoo" → IFile.sol declares interface IFoo. */
function locate(name: string): { file: string; iface: string } {
  const dot = name.indexOf(".");
  return dot < 0 ? { file: name, iface: name } : { file: name.slice(0, dot), iface: name.slice(dot + 1) };
}

function compileInterfaces(names: string[]): Map<string, AbiItem[]> {
  const sources: Record<string, { content: string }> = {};
  for (const { file: base } of names.map(locate)) {
    const file = [interfacesDir, moduleEventsDir].map((dir) => path.join(dir, `${base}.sol`)).find((f) => fs.existsSync(f));
    if (!file) throw new Error(`abis: missing interface source ${base}.sol in ${interfacesDir} or ${moduleEventsDir}`);
    sources[`${base}.sol`] = { content: fs.readFileSync(file, "utf8") };
  }
  const input = { language: "Solidity", sources, settings: { outputSelection: { "*": { "*": ["abi"] } } } };
  const output = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (output.errors ?? []).filter((e: { severity: string }) => e.severity === "error");
  if (errors.length > 0) {
    throw new Error(`abis: solc failed:\n${errors.map((e: { formattedMessage: string }) => e.formattedMessage).join("\n")}`);
  }
  const abis = new Map<string, AbiItem[]>();
  for (const name of names) {
    const { file, iface } = locate(name);
    const abi = output.contracts?.[`${file}.sol`]?.[iface]?.abi;
    if (!abi) throw new Error(`abis: solc produced no ABI for ${name} (${file}.sol must declare interface ${iface})`);
    abis.set(name, abi);
  }
  return abis;
}

function main(): void {
  const names = [...new Set(DATA_SOURCES.flatMap((ds) => ds.interfaces))];
  const abis = compileInterfaces(names);
  fs.mkdirSync(outDir, { recursive: true });
  for (const ds of DATA_SOURCES) {
    const merged: AbiItem[] = [];
    const seen = new Set<string>();
    for (const iface of ds.interfaces) {
      for (const item of abis.get(iface)!) {
        const key = `${item.type}:${item.name ?? ""}`;
        if (seen.has(key)) throw new Error(`abis: ${ds.name} merges two ${item.type} items named ${item.name}`);
        seen.add(key);
        merged.push(item);
      }
    }
    fs.writeFileSync(path.join(outDir, `${ds.name}.json`), JSON.stringify(merged, null, 2) + "\n");
  }
  console.log(`abis: wrote ${DATA_SOURCES.length} data-source ABIs from ${names.length} interfaces`);
}

main();
