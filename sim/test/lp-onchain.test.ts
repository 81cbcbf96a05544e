/**
 * The LP bench's premise on a real chain: the LiquidityManager contract, deciding on v3-core's own pool (anvil,
 * the npm bytecode, the same market path as the replica's), makes the decisions the replica's decision code
 * (src/lp/rule.ts) makes. A 10-day path (seed 12: a re-range and a collection inside it), ~20 s.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_PATH, POLICIES } from "../src/lp/run";
import { runAgreement } from "../src/lp/chain/agreement";

const cfg = { ...DEFAULT_PATH, days: 10 };

describe("LP bench on chain: the LiquidityManager contract against the replica's rule", () => {
  it("decides every hour as the replica's code does on the chain's state, and re-ranges when and where the replica does", async () => {
    const { paths: [p] } = await runAgreement(cfg, 12, 1);
    const { chain, replica } = p;
    // each hour: the contract's Decision event = decide() on the real pool's state, σ and position
    assert.equal(chain.decisions.length, cfg.days * 24);
    assert.deepEqual(chain.disagreements, []);
    const reranged = chain.decisions.filter((d) => d.chain.rerange);
    assert.ok(reranged.length > 0, "the path re-ranges on chain");
    assert.ok(chain.decisions.some((d) => d.chain.reason === "FeesBelowCost" || d.chain.reason === "NearEdge"), "the cost gate is exercised");
    // the independent replica run: the same opening range, the same number of re-ranges and collections, the same final range
    assert.deepEqual(chain.manager.opened, replica.manager.opened);
    assert.deepEqual(chain.manager.reranged, replica.manager.reranged);
    assert.deepEqual(reranged.map((d) => ({ hour: d.hour, lower: d.chain.lower, upper: d.chain.upper })), replica.manager.reranged);
    assert.equal(chain.manager.collects, replica.manager.collects);
    assert.deepEqual(chain.manager.closed, replica.manager.closed);
    // and the same market: every policy's fees within a dollar of the replica's (6-decimal stablecoin units)
    for (const name of POLICIES) {
      const diff = chain[name].fees - replica[name].fees;
      assert.ok(diff < 1_000_000n && diff > -1_000_000n, `${name}: fees on chain ${chain[name].fees}, replica ${replica[name].fees}`);
    }
  });
});
