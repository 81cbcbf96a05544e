import { expect } from "chai";
import { loadArtifact, loadSafeArtifact, contractNameOf } from "../src";
import { DATA_SOURCES } from "../../subgraph/scripts/manifest";

interface AbiParam {
  type: string;
  indexed?: boolean;
  components?: AbiParam[];
}

/** An ABI type as graph-node's manifest writes it: tuples as "(a,b)", arrays kept. */
function typeOf(p: AbiParam): string {
  if (p.type.startsWith("tuple")) return `(${(p.components ?? []).map(typeOf).join(",")})${p.type.slice("tuple".length)}`;
  return p.type;
}

function signaturesOf(abi: { type: string; name?: string; inputs?: AbiParam[] }[]): Set<string> {
  return new Set(
    abi.filter((i) => i.type === "event").map((e) => `${e.name}(${(e.inputs ?? []).map((p) => `${p.indexed ? "indexed " : ""}${typeOf(p)}`).join(",")})`),
  );
}

// The subgraph's ABIs come from interface files, not from the contracts; an event whose signature drifted
// from the contract that emits it would silently stop being indexed. Every handled event must be one the
// deployed contract (its compiled artifact, or the Safe's official one) really has. UpkeepPerformed is the
// exception: it is listened for on every module with keeper entry points, whichever of them emits it.
/** Data sources on contracts another workspace compiles and deploys, checked there against their artifacts. */
const CHECKED_ELSEWHERE: Record<string, string> = {
  StablecoinBridge: "bridge/test/subgraph-events.test.ts",
  ShareCoordinator: "bridge/test/subgraph-events.test.ts",
};

describe("Events the subgraph handles", () => {
  for (const ds of DATA_SOURCES.filter((d) => !(d.name in CHECKED_ELSEWHERE))) {
    it(`are all emitted by ${ds.name} as declared`, () => {
      const artifact = ds.name === "Safe" ? loadSafeArtifact("SafeL2") : loadArtifact(contractNameOf(ds.name));
      const emitted = signaturesOf(artifact.abi);
      const missing = ds.events.filter((e) => e.handler !== "handleUpkeepPerformed").map((e) => e.signature).filter((s) => !emitted.has(s));
      expect(missing, `${ds.name} emits none of these`).to.deep.equal([]);
    });
  }
});
