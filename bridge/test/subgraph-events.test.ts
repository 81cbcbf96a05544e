/**
 * The subgraph's StablecoinBridge data source (subgraph/scripts/manifest.ts) is the home chain's adapter on one
 * network and the second chain's OFT on the other: every event it handles must be one both compiled OApps
 * really emit, or that side would silently stop being indexed. The ShareCoordinator data source is the same
 * contract on both chains. (The contracts workspace checks its own contracts' data sources the same way.)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ethers } from "ethers";
import { DATA_SOURCES } from "../../subgraph/scripts/manifest";
import { ownArtifact } from "../src/artifacts";

/** The event's signature as the manifest writes it: indexed parameters marked, types as in the ABI. */
function signaturesOf(abi: ethers.InterfaceAbi): Set<string> {
  const iface = new ethers.Interface(abi);
  const out = new Set<string>();
  iface.forEachEvent((e) => out.add(`${e.name}(${e.inputs.map((p) => `${p.indexed ? "indexed " : ""}${p.type}`).join(",")})`));
  return out;
}

test("every event the StablecoinBridge data source handles is emitted by both of the bridge's OApps", () => {
  const ds = DATA_SOURCES.find((d) => d.name === "StablecoinBridge");
  assert.ok(ds, "the manifest has a StablecoinBridge data source");
  assert.ok(ds.events.length > 0);
  for (const oapp of ["StablecoinOFTAdapter", "BridgedStablecoin"] as const) {
    const emitted = signaturesOf(ownArtifact(oapp).abi);
    const missing: string[] = ds.events.map((e) => e.signature).filter((s) => !emitted.has(s));
    assert.deepEqual(missing, [], `${oapp} emits none of these`);
  }
});

test("every event the ShareCoordinator data source handles is emitted by the compiled ShareCoordinator", () => {
  const ds = DATA_SOURCES.find((d) => d.name === "ShareCoordinator");
  assert.ok(ds, "the manifest has a ShareCoordinator data source");
  const emitted = signaturesOf(ownArtifact("ShareCoordinator").abi);
  const missing: string[] = ds.events.map((e) => e.signature).filter((s) => !emitted.has(s));
  assert.deepEqual(missing, [], "ShareCoordinator emits none of these");
  for (const name of ["SharesSet", "SharesRelayed", "SharesApplied", "StaleSharesIgnored"]) {
    assert.ok(ds.events.some((e) => e.signature.startsWith(`${name}(`)), `the data source handles ${name}`);
  }
});
