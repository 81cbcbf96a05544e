import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { DATA_SOURCES } from "./manifest";

const moduleEventsDir = path.resolve(__dirname, "../interfaces");
const contractsDir = path.resolve(__dirname, "../../contracts/contracts");

/** The contract that declares (and emits) each event of subgraph/interfaces/. */
const DECLARED_IN: Record<string, string> = {
  IHarvesterAllocationEvents: "harvester/Harvester.sol",
  IHedgerMarginEvents: "hedger/Hedger.sol",
  IHarvesterSourceEvents: "harvester/Harvester.sol",
  IPerpetualEvents: "perp/Perpetual.sol",
  // LayerZero's OFT interface, which the bridge's contracts inherit
  IOFTEvents: "../../bridge/node_modules/@layerzerolabs/oft-evm/contracts/interfaces/IOFT.sol",
  // the bridge's share coordinator, its OApp peer event and its Ownable owner
  IShareCoordinatorEvents: "../../bridge/contracts/ShareCoordinator.sol",
  IOAppCoreEvents: "../../bridge/node_modules/@layerzerolabs/oapp-evm/contracts/oapp/interfaces/IOAppCore.sol",
  IOwnableEvents: "../../node_modules/@openzeppelin/contracts/access/Ownable.sol",
};

const events = (source: string) => [...source.replace(/\/\/[^\n]*/g, "").matchAll(/^\s*(event\s+\w+\([^)]*\);)/gm)].map((m) => m[1].replace(/\s+/g, " ").replace(/\( /g, "(").replace(/ \)/g, ")"));

test("each event the subgraph declares for a contract is declared word for word in that contract", () => {
  const files = fs.readdirSync(moduleEventsDir).filter((f) => f.endsWith(".sol"));
  assert.deepEqual(files.map((f) => f.replace(/\.sol$/, "")).sort(), Object.keys(DECLARED_IN).sort());
  for (const file of files) {
    const name = file.replace(/\.sol$/, "");
    const ours = events(fs.readFileSync(path.join(moduleEventsDir, file), "utf8"));
    assert.ok(ours.length > 0, `${file} declares an event`);
    const theirs = events(fs.readFileSync(path.join(contractsDir, DECLARED_IN[name]), "utf8"));
    for (const e of ours) assert.ok(theirs.includes(e), `${DECLARED_IN[name]} no longer declares "${e}": update subgraph/interfaces/${file} and its handler`);
  }
});

test("the Harvester and Hedger data sources listen for the events that move tokens out of the sleeve", () => {
  const handlers = (name: string) => DATA_SOURCES.find((d) => d.name === name)!.events.map((e) => e.signature);
  assert.ok(handlers("Harvester").includes("Allocated(indexed address,indexed address,indexed address,uint256,uint256)"));
  assert.ok(handlers("Hedger").includes("MarginMoved(indexed address,indexed address,int256)"));
});
