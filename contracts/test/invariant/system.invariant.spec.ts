/**
 * Stateful invariants of the whole system: fast-check generates sequences of market moves (price paths with
 * crashes, stale, lying and reverting feeds, a pushed venue, frozen sources) and of what the keeper, a
 * stranger, the guardian and management try; every step runs against the real contracts on the in-process
 * hardhat chain, and the invariants of ./checks.ts are checked after each step and at the end.
 *
 * FUZZ_RUNS (sequences, default 200), FUZZ_STEPS (steps per sequence, default 50), FUZZ_SEED (default
 * fixed, so a run is reproducible) and FUZZ_SKIP (comma-separated invariant names) tune a run.
 * A failure prints the shrunk sequence, the seed and the path to replay it.
 */
import { expect } from "chai";
import fc from "fast-check";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deployedSystem } from "../fixtures";
import { buildWorld, cloneGhost, type Ghost, type World } from "./world";
import { runStep, stepArbitrary, StepFailure, type Step } from "./actions";
import { checkEnd, checkStep, INVARIANTS, type InvariantName } from "./checks";

const underCoverage = (hre as any).__SOLIDITY_COVERAGE_RUNNING === true;
const RUNS = Number(process.env.FUZZ_RUNS ?? (underCoverage ? 4 : 200));
const STEPS = Number(process.env.FUZZ_STEPS ?? 50);
const SEED = Number(process.env.FUZZ_SEED ?? 1313);

/** Invariants a run leaves out, each with the reason (kept here, so the suite says what it does not prove). */
export const SKIPPED: Partial<Record<InvariantName, string>> = {

};

function activeInvariants(): Set<InvariantName> {
  const skip = new Set([...(process.env.FUZZ_SKIP ?? "").split(",").filter(Boolean), ...Object.keys(SKIPPED)]);
  return new Set((Object.keys(INVARIANTS) as InvariantName[]).filter((n) => !skip.has(n)));
}

interface Tally {
  sequences: number;
  steps: number;
  succeeded: number;
  reverted: number;
  byKind: Record<string, { ok: number; reverted: number; ms: number }>;
}

async function runSequence(w: World, start: Ghost, steps: Step[], active: Set<InvariantName>, tally: Tally): Promise<void> {
  await loadFixture(deployedSystem);
  w.ghost = cloneGhost(start);
  const trace: string[] = [];
  for (const [i, step] of steps.entries()) {
    let outcome;
    const t0 = Date.now();
    try {
      outcome = await runStep(w, step);
    } catch (e) {
      if (!(e instanceof StepFailure)) throw e;
      if (active.has(e.invariant)) throw new Error(`step ${i}: ${e.message}\n  sequence: ${[...trace, `${i}: ${JSON.stringify(step)}`].join("\n            ")}`);
      continue;
    }
    const kind = step.t === "module" || step.t === "grab" || step.t === "mgmt" ? `${step.t}.${(step as any).op}` : step.t;
    const k = (tally.byKind[kind] ??= { ok: 0, reverted: 0, ms: 0 });
    if (outcome.ok) {
      tally.succeeded++;
      k.ok++;
    } else {
      tally.reverted++;
      k.reverted++;
    }
    tally.steps++;
    trace.push(`${i}: ${JSON.stringify(step)} → ${outcome.ok ? "ok" : `reverted ${outcome.error}`}`);
    const bad = await checkStep(w, outcome, active);
    k.ms += Date.now() - t0;
    if (bad.length) throw new Error(`step ${i}: ${bad.join("; ")}\n  sequence: ${trace.join("\n            ")}`);
  }
  // However the sequence left the system, the guardian can still exit.
  const end = await runStep(w, { t: "exit", who: "guardian" }).catch((e) => {
    if (!(e instanceof StepFailure)) throw e;
    if (active.has(e.invariant)) throw new Error(`end of sequence: ${e.message}\n  sequence: ${trace.join("\n            ")}`);
    return undefined;
  });
  if (end) {
    const bad = [...(await checkStep(w, end, active)), ...(await checkEnd(w, active))];
    if (bad.length) throw new Error(`end of sequence: ${bad.join("; ")}\n  sequence: ${trace.join("\n            ")}`);
  }
  tally.sequences++;
}

describe("System invariants (stateful, random sequences of keeper, stranger, guardian and management steps)", function () {
  this.timeout(0);

  it(`keeps every invariant over ${RUNS} sequences × ${STEPS} steps`, async () => {
    const sys = await loadFixture(deployedSystem);
    const w = await buildWorld(sys);
    const start = cloneGhost(w.ghost);
    const active = activeInvariants();
    const tally: Tally = { sequences: 0, steps: 0, succeeded: 0, reverted: 0, byKind: {} };
    const t0 = Date.now();
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary(w.can), { minLength: STEPS, maxLength: STEPS }), (steps) => runSequence(w, start, steps, active, tally)),
      { numRuns: RUNS, seed: SEED, verbose: fc.VerbosityLevel.None },
    );
    const seconds = ((Date.now() - t0) / 1000).toFixed(1);
    console.log(
      `      invariants: ${tally.sequences} sequences × ${STEPS} steps = ${tally.steps} steps (${tally.succeeded} succeeded, ` +
        `${tally.reverted} reverted) in ${seconds} s, seed ${SEED}; mocks can show: ${Object.entries(w.can).filter(([, v]) => v).map(([k]) => k).join(", ") || "none of the optional failures"}`,
    );
    console.log(`      checked: ${[...active].join(", ")}`);
    for (const [name, why] of Object.entries(SKIPPED)) console.log(`      skipped: ${name} (${why})`);
    if (process.env.FUZZ_VERBOSE) console.table(tally.byKind);
    expect(tally.sequences).to.equal(RUNS);
    // The sequences must reach the interesting states, not just revert: trades and exits happened.
    expect(tally.byKind["upkeep"]?.ok ?? 0).to.be.greaterThan(0);
    expect(tally.byKind["exit"]?.ok ?? 0).to.be.greaterThan(0);
  });
});
