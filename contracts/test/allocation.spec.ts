import { expect } from "chai";
import { ethers } from "hardhat";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { WAD } from "./fixtures";

async function harness() {
  const f = await ethers.getContractFactory("InverseVolatilityHarness");
  const h = await f.deploy();
  return { h };
}

/** Exact rational reference: w_i = (1/σ_i) / Σ 1/σ_j = Π_{j≠i} σ_j / Σ_k Π_{j≠k} σ_j, floored to wei. */
function rationalWeights(sigmas: bigint[]): bigint[] {
  const others = sigmas.map((_, i) => sigmas.reduce((p, s, j) => (j === i ? p : p * s), 1n));
  const den = others.reduce((a, b) => a + b, 0n);
  return others.map((num) => (num * WAD) / den);
}

/** The documented integer algorithm: floor each weight, remainder to the largest (lowest index on ties). */
function documentedWeights(sigmas: bigint[]): bigint[] {
  const inv = sigmas.map((s) => (WAD * WAD) / s);
  const sum = inv.reduce((a, b) => a + b, 0n);
  const w = inv.map((x) => (x * WAD) / sum);
  let largest = 0;
  w.forEach((x, i) => {
    if (x > w[largest]) largest = i;
  });
  w[largest] += WAD - w.reduce((a, b) => a + b, 0n);
  return w;
}

const sigmaArb = fc.bigInt({ min: 10n ** 15n, max: 5n * 10n ** 17n });

describe("InverseVolatility (allocation engine)", () => {
  it("matches the off-chain reference on random volatilities and sums to exactly 1e18", async () => {
    const { h } = await loadFixture(harness);
    await fc.assert(
      fc.asyncProperty(fc.array(sigmaArb, { minLength: 1, maxLength: 8 }), async (sigmas) => {
        const w: bigint[] = [...(await h.riskWeights(sigmas))];
        expect(w.reduce((a, b) => a + b, 0n)).to.equal(WAD);
        expect(w).to.deep.equal(documentedWeights(sigmas));
        const ref = rationalWeights(sigmas);
        for (let i = 0; i < w.length; i++) {
          const diff = w[i] > ref[i] ? w[i] - ref[i] : ref[i] - w[i];
          expect(diff <= BigInt(sigmas.length)).to.equal(true, `weight ${i}: ${w[i]} vs reference ${ref[i]}`);
        }
        // Lower volatility never gets a smaller weight (beyond the remainder).
        for (let i = 0; i < w.length; i++)
          for (let j = 0; j < w.length; j++)
            if (sigmas[i] < sigmas[j]) expect(w[i] + BigInt(w.length) >= w[j]).to.equal(true);
      }),
      { numRuns: 60 },
    );
  });

  it("splits a stablecoin share off and still sums to exactly 1e18", async () => {
    const { h } = await loadFixture(harness);
    await fc.assert(
      fc.asyncProperty(
        fc.array(sigmaArb, { minLength: 1, maxLength: 6 }),
        fc.bigInt({ min: 0n, max: WAD }),
        async (sigmas, share) => {
          const w: bigint[] = [...(await h.riskWeights(sigmas))];
          const t: bigint[] = [...(await h.targets(w, share))];
          expect(t.reduce((a, b) => a + b, 0n)).to.equal(WAD);
          expect(t[0] >= share).to.equal(true);
          for (let i = 0; i < sigmas.length; i++) {
            const exact = (w[i] * (WAD - share)) / WAD;
            expect(t[i + 1] - exact <= BigInt(sigmas.length + 1)).to.equal(true);
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it("computes portfolio σ as Σ w·σ (perfect-correlation bound)", async () => {
    const { h } = await loadFixture(harness);
    const sigmas = [WAD / 50n, WAD / 25n];
    const w: bigint[] = [...(await h.riskWeights(sigmas))];
    // w = (2/3, 1/3) → σ_p = 2/3·0.02 + 1/3·0.04 = 0.02667
    expect(Number(await h.portfolioSigma(w, sigmas)) / 1e18).to.be.closeTo(0.026667, 1e-6);
  });

  it("guards zero, missing and extreme σ", async () => {
    const { h } = await loadFixture(harness);
    const [minS, fallback, min, max] = [3n, WAD / 50n, WAD / 1000n, WAD / 2n];
    expect(await h.clampSigma(0n, 10n, minS, fallback, min, max)).to.equal(fallback); // zero
    expect(await h.clampSigma(WAD / 10n, 2n, minS, fallback, min, max)).to.equal(fallback); // too few samples
    expect(await h.clampSigma(1n, 10n, minS, fallback, min, max)).to.equal(min); // tiny
    expect(await h.clampSigma(5n * WAD, 10n, minS, fallback, min, max)).to.equal(max); // extreme
    expect(await h.clampSigma(WAD / 30n, 10n, minS, fallback, min, max)).to.equal(WAD / 30n);
    await expect(h.riskWeights([])).to.be.revertedWithCustomError(h, "EmptyInput");
    await expect(h.riskWeights([WAD, 0n])).to.be.revertedWithCustomError(h, "ZeroSigma").withArgs(1);
  });
});
