import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import type { Contract, ErrorFragment, FunctionFragment, ParamType } from "ethers";
import { deployedSystem } from "./fixtures";

/**
 * Every state-changing entry point of every production contract, found from its ABI (so a new one cannot be
 * forgotten), is called by a stranger and a keeper with plausible arguments and must be refused by an
 * access check. The few that are open by design are listed with the reason.
 */
const CONTRACTS = ["Vault", "OracleHub", "Rebalancer", "Harvester", "Hedger", "KeeperGateway", "Perpetual"] as const;

/** Entry points anyone may call, and why that is safe. */
const OPEN: Record<string, string> = {
  "OracleHub.update": "reads the feeds; moves the price only on a new, agreeing, in-bound round",
  "OracleHub.updateAll": "update() for every asset",
  "KeeperGateway.performUpkeep": "re-checks that the action is due; the module re-checks its own guards",
  "*.acceptManagement": "only the pending management passes (tested below)",
  "Perpetual.depositMargin": "credits the caller's own position with the caller's own stablecoin (perpetual.spec.ts)",
  "Perpetual.withdrawMargin": "the caller's own margin, within initial margin (perpetual.spec.ts)",
  "Perpetual.modifyPosition": "the caller's own position, within initial margin and a healthy oracle (perpetual.spec.ts)",
  "Perpetual.liquidate": "anyone, only below maintenance with a healthy oracle (perpetual.spec.ts)",
  "Perpetual.fund": "anyone, once per funding interval; the rate comes from the pool's TWAP and the oracle (perpetual.spec.ts)",
};

/** Entry points a keeper may call (the keeper is refused everything else). */
const KEEPER_MAY = new Set([
  "Rebalancer.updateWeights", "Rebalancer.rebalance", "Rebalancer.harvestLoss", "Rebalancer.setPurchaseLockout",
  "Harvester.allocate", "Harvester.harvest", "Harvester.harvestAll", "Hedger.hedge", "KeeperGateway.harvestLoss", "KeeperGateway.harvestLossIdentified", "KeeperGateway.rebalanceIdentified",
]);

const ACCESS_ERROR = /^(Not[A-Z]\w*|OnlySelf|InvalidInitialization|Unauthori[sz]ed\w*|AccessControl\w*)$/;

function sample(p: ParamType, who: string): unknown {
  if (p.baseType === "array") return [];
  if (p.baseType === "tuple") return p.components!.map((c) => sample(c, who));
  if (p.type === "address") return who;
  if (p.type === "bool") return true;
  if (p.type.startsWith("bytes")) return p.type === "bytes" ? "0x" : ethers.zeroPadValue("0x01", Number(p.type.slice(5)));
  if (p.type.startsWith("uint") || p.type.startsWith("int")) return 1n;
  if (p.type === "string") return "x";
  throw new Error(`no sample for ${p.type}`);
}

function entryPoints(c: Contract): FunctionFragment[] {
  const out: FunctionFragment[] = [];
  c.interface.forEachFunction((f) => {
    if (f.stateMutability !== "view" && f.stateMutability !== "pure") out.push(f);
  });
  return out;
}

function accessErrorOf(c: Contract, data: string | undefined): string | undefined {
  if (!data || data.length < 10) return undefined;
  let found: ErrorFragment | null = null;
  try {
    found = c.interface.getError(data.slice(0, 10));
  } catch {
    found = null;
  }
  return found?.name;
}

async function refusal(c: Contract, f: FunctionFragment, signer: any, who: string): Promise<string> {
  const args = f.inputs.map((p) => sample(p, who));
  try {
    // A real transaction (not an eth_call), so the refused path is executed and measured like any other.
    await (await (c.connect(signer) as any)[f.format()](...args)).wait();
    return "accepted";
  } catch (e: any) {
    // The node does not always decode the error (e.g. under a try/catch it did not trace); read the raw data.
    const data = [e?.data, e?.info?.error?.data, /return data: (0x[0-9a-fA-F]+)/.exec(String(e?.message))?.[1]].find(
      (d) => typeof d === "string" && /^0x[0-9a-fA-F]{8}/.test(d),
    );
    return accessErrorOf(c, data) ?? `reverted otherwise (${e?.shortMessage ?? e?.message})`;
  }
}

describe("Entry points: every state-changing function asks who is calling", () => {
  for (const name of CONTRACTS) {
    it(`${name}: a stranger is refused everywhere, a keeper everywhere but its own actions`, async () => {
      const s = await loadFixture(deployedSystem);
      const c = (s.dep.instances as Record<string, Contract>)[name];
      const problems: string[] = [];
      for (const f of entryPoints(c)) {
        const key = `${name}.${f.name}`;
        if (OPEN[key] || OPEN[`*.${f.name}`]) continue;
        const byStranger = await refusal(c, f, s.stranger, s.stranger.address);
        if (!ACCESS_ERROR.test(byStranger)) problems.push(`${key} by a stranger: ${byStranger}`);
        if (!KEEPER_MAY.has(key)) {
          const byKeeper = await refusal(c, f, s.keeper, s.keeper.address);
          if (!ACCESS_ERROR.test(byKeeper)) problems.push(`${key} by the keeper: ${byKeeper}`);
        }
      }
      expect(problems, problems.join("\n")).to.deep.equal([]);
    });
  }

  it("acceptManagement passes only for the pending management, and a hand-over completes in two steps", async () => {
    const s = await loadFixture(deployedSystem);
    for (const name of CONTRACTS) {
      const c = (s.dep.instances as Record<string, Contract>)[name];
      await expect((c.connect(s.stranger) as Contract).acceptManagement()).to.be.revertedWithCustomError(c, "NotPendingManagement");
      await (await c.transferManagement(s.stranger.address)).wait();
      expect(await c.management()).to.equal(s.owner.address);
      await expect((c.connect(s.keeper) as Contract).acceptManagement()).to.be.revertedWithCustomError(c, "NotPendingManagement");
      await (await (c.connect(s.stranger) as Contract).acceptManagement()).wait();
      expect(await c.management()).to.equal(s.stranger.address);
      expect(await c.pendingManagement()).to.equal(ethers.ZeroAddress);
      await expect(c.setKeeper(s.owner.address, true)).to.be.revertedWithCustomError(c, "NotManagement");
    }
  });

  it("role setters refuse the zero address", async () => {
    const s = await loadFixture(deployedSystem);
    for (const name of CONTRACTS) {
      const c = (s.dep.instances as Record<string, Contract>)[name];
      await expect(c.transferManagement(ethers.ZeroAddress)).to.be.revertedWithCustomError(c, "ZeroAddress");
      await expect(c.setKeeper(ethers.ZeroAddress, true)).to.be.revertedWithCustomError(c, "ZeroAddress");
      await expect(c.setGuardian(ethers.ZeroAddress)).to.be.revertedWithCustomError(c, "ZeroAddress");
    }
  });

  it("the guardian pauses but only management unpauses; a stranger does neither", async () => {
    const s = await loadFixture(deployedSystem);
    for (const name of CONTRACTS) {
      const c = (s.dep.instances as Record<string, Contract>)[name];
      await expect((c.connect(s.stranger) as Contract).pause()).to.be.revertedWithCustomError(c, "NotGuardian");
      await (await (c.connect(s.guardian) as Contract).pause()).wait();
      expect(await c.paused()).to.equal(true);
      await expect((c.connect(s.guardian) as Contract).unpause()).to.be.revertedWithCustomError(c, "NotManagement");
      await (await c.unpause()).wait();
      expect(await c.paused()).to.equal(false);
      await (await c.setGuardian(s.keeper.address)).wait();
      await expect((c.connect(s.guardian) as Contract).pause()).to.be.revertedWithCustomError(c, "NotGuardian");
      expect(await c.guardian()).to.equal(s.keeper.address);
    }
  });
});
