import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import type { Contract } from "ethers";

/**
 * CrossChainMover in process, against MockOFT (an adapter that locks with approval, or an OFT that burns) and a
 * vault on FixedPriceOracle: every refusal, the in-flight accounting in NAV, settlement, exit and replacement. The
 * same module against LayerZero's real OFTs on two chains with the relayer: bridge/test/coordinator.test.ts.
 */
const USDC = (n: bigint) => n * 1_000_000n;
const WAD = 10n ** 18n;
const DST = 39002;
const FEE = ethers.parseEther("0.0003");
const CONFIG = { maxPerMove: USDC(5_000n), minInterval: 3600n, maxSlippageBps: 10n, maxNativeFee: ethers.parseEther("0.001") };
const MOVER = ethers.id("CHAIN_MOVER");
const PEER_VAULT = "0x000000000000000000000000000000000000bEEF";

async function proxy(name: string, args: unknown[]): Promise<Contract> {
  const impl = await (await ethers.getContractFactory(name)).deploy();
  const data = impl.interface.encodeFunctionData("initialize", args);
  const p = await (await ethers.getContractFactory("ERC1967Proxy")).deploy(await impl.getAddress(), data);
  return (await ethers.getContractAt(name, await p.getAddress())) as unknown as Contract;
}

async function system(approvalRequired = true) {
  const [management, keeper, guardian, stranger] = await ethers.getSigners();
  const usdc = (await (await ethers.getContractFactory("MockERC20")).deploy("USD Coin", "USDC", 6)) as unknown as Contract;
  const oracle = (await (await ethers.getContractFactory("FixedPriceOracle")).deploy()) as unknown as Contract;
  const vault = await proxy("Vault", [management.address, guardian.address, await oracle.getAddress(), await usdc.getAddress()]);
  const oft = (await (await ethers.getContractFactory("MockOFT")).deploy(await usdc.getAddress(), approvalRequired, FEE)) as unknown as Contract;
  await oft.setPeer(DST, true);
  const mover = await proxy("CrossChainMover", [management.address, guardian.address, await vault.getAddress(), await oft.getAddress(), DST, PEER_VAULT, CONFIG]);
  await mover.setKeeper(keeper.address, true);
  await mover.setFeeBudget(ethers.parseEther("0.01"));
  await mover.fundFees({ value: ethers.parseEther("0.01") });
  await vault.setModule(MOVER, await mover.getAddress());
  await usdc.mint(management.address, USDC(10_000n));
  await usdc.approve(await vault.getAddress(), USDC(10_000n));
  await vault.deposit(await usdc.getAddress(), USDC(10_000n));
  return { management, keeper, guardian, stranger, usdc, oracle, vault, oft, mover, asKeeper: mover.connect(keeper) as Contract };
}
const lockingSystem = () => system(true);
const burningSystem = () => system(false);

describe("CrossChainMover", () => {
  it("initialises only with an OFT of the vault's stablecoin, a route and a bounded configuration, once", async () => {
    const { management, guardian, vault, oft, mover } = await loadFixture(lockingSystem);
    const other = await (await ethers.getContractFactory("MockERC20")).deploy("X", "X", 6);
    const wrongOft = await (await ethers.getContractFactory("MockOFT")).deploy(await other.getAddress(), true, FEE);
    const args = (o: Partial<Record<string, unknown>>) =>
      [management.address, guardian.address, o.vault ?? vault.target, o.oft ?? oft.target, o.eid ?? DST, o.peer ?? PEER_VAULT, o.config ?? CONFIG];
    const factory = await ethers.getContractFactory("CrossChainMover");
    await expect(proxy("CrossChainMover", args({ oft: await wrongOft.getAddress() }))).to.be.revertedWithCustomError(factory, "OftTokenMismatch");
    await expect(proxy("CrossChainMover", args({ vault: ethers.ZeroAddress }))).to.be.revertedWithCustomError(factory, "ZeroAddress");
    await expect(proxy("CrossChainMover", args({ eid: 0 }))).to.be.revertedWithCustomError(factory, "InvalidConfig");
    await expect(proxy("CrossChainMover", args({ config: { ...CONFIG, maxPerMove: 0n } }))).to.be.revertedWithCustomError(factory, "InvalidConfig");
    await expect(mover.initialize(...args({}))).to.be.revertedWithCustomError(mover, "InvalidInitialization");
    expect(await mover.stablecoin()).to.equal(await vault.stablecoin());
    expect(await mover.peerVault()).to.equal(PEER_VAULT);
  });

  it("moves the vault's stablecoin to the peer vault: one guid, the fee from the budget, NAV whole while in flight", async () => {
    const { vault, oft, mover, asKeeper, usdc } = await loadFixture(lockingSystem);
    const navBefore = await vault.navUsd();
    const ethBefore = await ethers.provider.getBalance(await mover.getAddress());
    const tx = asKeeper.move(USDC(1_000n), 0n);
    const guid = ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["address", "uint64"], [await oft.getAddress(), 1n]));
    await expect(tx).to.emit(mover, "MoveSent").withArgs(guid, DST, PEER_VAULT, USDC(1_000n), USDC(1_000n), FEE, 1n);
    await expect(tx).to.emit(oft, "Sent").withArgs(guid, DST, ethers.zeroPadValue(PEER_VAULT, 32), USDC(1_000n), USDC(1_000n));
    expect(await usdc.balanceOf(await vault.getAddress())).to.equal(USDC(9_000n));
    expect(await usdc.balanceOf(await oft.getAddress())).to.equal(USDC(1_000n));
    expect(await usdc.allowance(await mover.getAddress(), await oft.getAddress())).to.equal(0n);
    expect(await mover.inFlight(guid)).to.equal(USDC(1_000n));
    expect(await mover.positionValueUsd()).to.equal(1_000n * WAD);
    expect(await vault.navUsd()).to.equal(navBefore);
    expect(await mover.feeBudget()).to.equal(ethers.parseEther("0.01") - FEE);
    expect(await ethers.provider.getBalance(await mover.getAddress())).to.equal(ethBefore - FEE);

    await expect(asKeeper.settle(guid)).to.emit(mover, "MoveSettled").withArgs(guid, USDC(1_000n));
    expect(await vault.navUsd()).to.equal(navBefore - 1_000n * WAD);
    await expect(asKeeper.settle(guid)).to.be.revertedWithCustomError(mover, "UnknownMove");
  });

  it("through a burning OFT: no approval, the mover's tokens burned; dust the OFT leaves goes back to the vault", async () => {
    const { vault, oft, mover, asKeeper, usdc } = await loadFixture(burningSystem);
    await oft.setFees(FEE, 0, 1_000);
    await expect(asKeeper.move(USDC(1_000n) + 500n, 0n)).to.emit(mover, "MoveSent");
    // 1,000.0005 taken from the vault, 1,000 burned, the 0.0005 of dust back: the vault holds 9,000.
    expect(await usdc.balanceOf(await vault.getAddress())).to.equal(USDC(9_000n));
    expect(await usdc.balanceOf(await mover.getAddress())).to.equal(0n);
    expect(await usdc.totalSupply()).to.equal(USDC(9_000n));
    expect(await mover.inFlightTotal()).to.equal(USDC(1_000n));
  });

  it("refuses a stranger, and every bound of a move", async () => {
    const { keeper, stranger, management, oracle, vault, oft, mover, asKeeper, usdc, guardian } = await loadFixture(lockingSystem);
    await expect((mover.connect(stranger) as Contract).move(USDC(1n), 0n)).to.be.revertedWithCustomError(mover, "NotKeeper");
    await expect((mover.connect(stranger) as Contract).settle(ethers.ZeroHash)).to.be.revertedWithCustomError(mover, "NotKeeper");
    await expect(asKeeper.move(0n, 0n)).to.be.revertedWithCustomError(mover, "ZeroAmount");
    await expect(asKeeper.move(CONFIG.maxPerMove + 1n, 0n)).to.be.revertedWithCustomError(mover, "AboveMaxPerMove").withArgs(CONFIG.maxPerMove + 1n, CONFIG.maxPerMove);
    await (vault.connect(guardian) as Contract).pause();
    await expect(asKeeper.move(USDC(1n), 0n)).to.be.revertedWithCustomError(mover, "VaultPaused");
    await (vault.connect(management) as Contract).unpause();
    await oracle.setHealthy(await usdc.getAddress(), false);
    await expect(asKeeper.move(USDC(1n), 0n)).to.be.revertedWithCustomError(mover, "StablecoinUnhealthy");
    await oracle.setHealthy(await usdc.getAddress(), true);
    await (mover.connect(guardian) as Contract).pause();
    await expect(asKeeper.move(USDC(1n), 0n)).to.be.revertedWithCustomError(mover, "EnforcedPause");
    await mover.unpause();
    // What arrives: 0.2 % kept by the OFT, the mover's floor is 0.1 %; a keeper's own floor above it too.
    await oft.setFees(FEE, 20, 1);
    await expect(asKeeper.move(USDC(1_000n), 0n)).to.be.revertedWithCustomError(mover, "ReceivedBelowMin").withArgs(USDC(998n), USDC(999n));
    await oft.setFees(FEE, 0, 1);
    await expect(asKeeper.move(USDC(1_000n), USDC(1_000n) + 1n)).to.be.revertedWithCustomError(mover, "ReceivedBelowMin");
    // Fees: above the per-move cap, above the budget, above what the mover holds.
    await oft.setFees(CONFIG.maxNativeFee + 1n, 0, 1);
    await expect(asKeeper.move(USDC(1n), 0n)).to.be.revertedWithCustomError(mover, "FeeAboveMax");
    await oft.setFees(FEE, 0, 1);
    await mover.setFeeBudget(FEE - 1n);
    await expect(asKeeper.move(USDC(1n), 0n)).to.be.revertedWithCustomError(mover, "FeeBudgetExceeded").withArgs(FEE, FEE - 1n);
    await mover.setFeeBudget(ethers.parseEther("1"));
    await mover.withdrawFees(management.address, ethers.parseEther("0.01"));
    await expect(asKeeper.move(USDC(1n), 0n)).to.be.revertedWithCustomError(mover, "FeeUnfunded").withArgs(FEE, 0n);
    // The keeper may bring the fee with the call.
    await expect(asKeeper.move(USDC(1n), 0n, { value: FEE })).to.emit(mover, "FeesFunded").withArgs(keeper.address, FEE);
    // The interval, then a route with no OFT peer (management's alone).
    await expect(asKeeper.move(USDC(1n), 0n, { value: FEE })).to.be.revertedWithCustomError(mover, "MoveTooSoon");
    await time.increase(CONFIG.minInterval);
    await mover.setRoute(39003, PEER_VAULT);
    await expect(asKeeper.move(USDC(1n), 0n, { value: FEE })).to.be.revertedWithCustomError(oft, "NoPeer").withArgs(39003);
  });

  it("management alone configures, within bounds", async () => {
    const { keeper, stranger, mover, vault } = await loadFixture(lockingSystem);
    for (const who of [keeper, stranger]) {
      const m = mover.connect(who) as Contract;
      await expect(m.setRoute(DST, who.address)).to.be.revertedWithCustomError(mover, "NotManagement");
      await expect(m.setMoveConfig(CONFIG)).to.be.revertedWithCustomError(mover, "NotManagement");
      await expect(m.setFeeBudget(1n)).to.be.revertedWithCustomError(mover, "NotManagement");
      await expect(m.withdrawFees(who.address, 1n)).to.be.revertedWithCustomError(mover, "NotManagement");
      await expect(m.exitAll()).to.be.revertedWithCustomError(mover, "NotVault");
    }
    await expect(mover.setRoute(DST, ethers.ZeroAddress)).to.be.revertedWithCustomError(mover, "InvalidConfig");
    await expect(mover.setRoute(DST, PEER_VAULT)).to.emit(mover, "RouteSet").withArgs(DST, PEER_VAULT);
    for (const bad of [{ maxPerMove: 0n }, { minInterval: 7n * 86400n + 1n }, { maxSlippageBps: 101n }, { maxNativeFee: 0n }, { maxNativeFee: ethers.parseEther("0.1") + 1n }]) {
      await expect(mover.setMoveConfig({ ...CONFIG, ...bad })).to.be.revertedWithCustomError(mover, "InvalidConfig");
    }
    const edge = { maxPerMove: 1n, minInterval: 7n * 86400n, maxSlippageBps: 100n, maxNativeFee: ethers.parseEther("0.1") };
    await expect(mover.setMoveConfig(edge)).to.emit(mover, "MoveConfigSet").withArgs(1n, 7n * 86400n, 100n, ethers.parseEther("0.1"));
    await expect(mover.setFeeBudget(5n)).to.emit(mover, "FeeBudgetSet").withArgs(5n);
    await expect(mover.withdrawFees(ethers.ZeroAddress, 1n)).to.be.revertedWithCustomError(mover, "ZeroAddress");
    await expect(mover.withdrawFees(await vault.getAddress(), 1n)).to.be.revertedWithCustomError(mover, "FeeUnfunded"); // the vault takes no ETH
    const [management] = await ethers.getSigners();
    await expect(mover.withdrawFees(management.address, 1n)).to.emit(mover, "FeesWithdrawn").withArgs(management.address, 1n);
    await expect(management.sendTransaction({ to: await mover.getAddress(), value: 7n })).to.emit(mover, "FeesFunded").withArgs(management.address, 7n);
  });

  it("settles while paused; prices in-flight at the oracle; an emergency exit returns what it holds; replacement waits for settlement", async () => {
    const { guardian, oracle, vault, mover, asKeeper, usdc } = await loadFixture(lockingSystem);
    expect(await mover.positionValueUsd()).to.equal(0n);
    const receipt = await (await asKeeper.move(USDC(2_000n), 0n)).wait();
    const guid = mover.interface.parseLog(receipt.logs.find((l: { address: string }) => l.address === mover.target)!)!.args.guid;
    await oracle.setPrice(await usdc.getAddress(), 999n * 10n ** 15n);
    expect(await mover.positionValueUsd()).to.equal(1_998n * WAD);
    await expect(vault.setModule(MOVER, ethers.ZeroAddress)).to.be.revertedWithCustomError(vault, "ModuleNotFlat");
    await usdc.mint(await mover.getAddress(), 123n); // stray tokens
    await (vault.connect(guardian) as Contract).emergencyExit();
    expect(await usdc.balanceOf(await mover.getAddress())).to.equal(0n);
    expect(await usdc.balanceOf(await vault.getAddress())).to.equal(USDC(8_000n) + 123n);
    expect(await mover.inFlightTotal()).to.equal(USDC(2_000n), "in flight cannot be recalled");
    await (mover.connect(guardian) as Contract).pause();
    await expect(asKeeper.settle(guid)).to.emit(mover, "MoveSettled");
    await expect(vault.setModule(MOVER, ethers.ZeroAddress)).to.emit(vault, "ModuleSet").withArgs(MOVER, ethers.ZeroAddress);
  });
});
