import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import type { Contract } from "ethers";
import { deployedSystem, as } from "./fixtures";
import { HEDGE_CONFIG } from "../src";

const HEDGER = ethers.id("HEDGER");
const HARVESTER = ethers.id("HARVESTER");
const REBALANCER = ethers.id("REBALANCER");

/** A second Hedger behind its own proxy, on the same vault, LP and perp. */
async function freshHedger(vault: Contract, lp: Contract, perp: Contract, management: string, guardian: string): Promise<Contract> {
  const impl = await (await ethers.getContractFactory("Hedger")).deploy();
  const data = impl.interface.encodeFunctionData("initialize", [
    management, guardian, await vault.getAddress(), await lp.getAddress(), await perp.getAddress(), HEDGE_CONFIG.bandBps, HEDGE_CONFIG.marginBps,
  ]);
  const proxy = await (await ethers.getContractFactory("ERC1967Proxy")).deploy(await impl.getAddress(), data);
  return ethers.getContractAt("Hedger", await proxy.getAddress()) as unknown as Promise<Contract>;
}

describe("Vault modules: replacing one", () => {
  it("unwinds a replaced hedger's perp short and margin into the vault instead of stranding them", async () => {
    const { dep, vault, hedger, perp, lp, keeper, owner, guardian, asset } = await loadFixture(deployedSystem);
    await (await as(hedger, keeper).hedge()).wait();
    const weth = asset("WETH").address;
    const [sizeBefore, , marginBefore] = await perp.positionOf(await hedger.getAddress(), weth);
    expect(sizeBefore < 0n && marginBefore > 0n).to.equal(true, "the old hedger holds a short with margin");
    const usdcBefore: bigint = await dep.tokens.USDC.balanceOf(await vault.getAddress());
    const next = await freshHedger(vault, lp, perp, owner.address, guardian.address);

    await expect(vault.setModule(HEDGER, await next.getAddress())).to.emit(vault, "ModuleSet").withArgs(HEDGER, await next.getAddress());

    const [sizeAfter, , marginAfter] = await perp.positionOf(await hedger.getAddress(), weth);
    expect(sizeAfter).to.equal(0n);
    expect(marginAfter).to.equal(0n);
    expect(await hedger.positionValueUsd()).to.equal(0n);
    expect((await dep.tokens.USDC.balanceOf(await vault.getAddress())) > usdcBefore).to.equal(true, "the margin came back to the vault");
    expect(await vault.isModule(await hedger.getAddress())).to.equal(false);
    expect(await vault.isModule(await next.getAddress())).to.equal(true);
    // The old module can no longer move vault tokens.
    await expect(as(vault, keeper).moduleTransfer(weth, keeper.address, 1n)).to.be.revertedWithCustomError(vault, "NotModule");
  });

  it("keeps an address that holds two module roles a module when one of them is replaced", async () => {
    const { vault, rebalancer, harvester, keeper, asset } = await loadFixture(deployedSystem);
    const h = await harvester.getAddress();
    const usdcSource = asset("USDC").yieldSource!;
    await (await vault.setModule(REBALANCER, h)).wait(); // the harvester now also holds the rebalancer role
    expect(await vault.moduleRoleCount(h)).to.equal(2n);
    await (await vault.setModule(REBALANCER, await rebalancer.getAddress())).wait();
    expect(await vault.isModule(h)).to.equal(true);
    expect(await vault.moduleRoleCount(h)).to.equal(1n);
    // Still a module: it moves vault tokens into its source.
    await expect(as(harvester, keeper).allocate(usdcSource, 1_000_000n)).to.emit(harvester, "Allocated");
    await (await vault.setModule(HARVESTER, ethers.ZeroAddress)).wait();
    expect(await vault.isModule(h)).to.equal(false);
    expect(await harvester.positionValueUsd()).to.equal(0n, "its yield shares were redeemed into the vault");
  });

  it("re-setting a module to itself changes nothing", async () => {
    const { vault, hedger, keeper } = await loadFixture(deployedSystem);
    await (await as(hedger, keeper).hedge()).wait();
    const value: bigint = await hedger.positionValueUsd();
    await (await vault.setModule(HEDGER, await hedger.getAddress())).wait();
    expect(await vault.moduleRoleCount(await hedger.getAddress())).to.equal(1n);
    expect(await hedger.positionValueUsd()).to.equal(value);
    expect(await hedger.perpSize()).to.not.equal(0n);
  });
});
