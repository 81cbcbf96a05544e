import { test } from "node:test";
import assert from "node:assert/strict";
import { moveBps, priceSteps } from "../src/drive";

test("a move within the bound is one round", () => {
  assert.deepEqual(priceSteps(300000000000n, 330000000000n, 2000), [330000000000n]);
  assert.equal(moveBps(100n, 120n), 2000n);
  assert.equal(moveBps(3n, 2n), 3334n); // rounded up, as the hub does
});

test("a crash is posted as rounds each within the bound, ending exactly on the target", () => {
  for (const [from, to] of [
    [300000000000n, 150000000000n], // −50 %
    [1500000000n, 6000000000n], // ×4
    [800000000n, 799999999n * 3n],
    [100n, 31n], // tiny answers: rounding must not break the bound
  ] as [bigint, bigint][]) {
    const steps = priceSteps(from, to, 2000);
    assert.ok(steps.length > 1, `${from} → ${to}`);
    assert.equal(steps[steps.length - 1], to);
    let prev = from;
    for (const s of steps) {
      assert.ok(moveBps(prev, s) <= 2000n, `${prev} → ${s} moves ${moveBps(prev, s)} bps`);
      prev = s;
    }
  }
  // −50 % in steps of at most 20 %: ln(0.5)/ln(0.8) = 3.1 → 4 rounds
  assert.equal(priceSteps(300000000000n, 150000000000n, 2000).length, 4);
});

test("bad inputs are named", () => {
  assert.throws(() => priceSteps(100n, 0n, 2000), /target answer must be positive, got 0/);
  assert.throws(() => priceSteps(100n, 50n, 0), /maxStepBps 0/);
  assert.throws(() => moveBps(0n, 5n), /reference answer must be positive/);
});
