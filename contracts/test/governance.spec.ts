import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import type { Contract, Signer } from "ethers";
import { governedSystem, as } from "./fixtures";
import {
  execSafeTransaction, executeThroughSafe, scheduleThroughSafe, timelockBatch, TIMELOCK_ROLES, HEDGE_CONFIG, scenario,
} from "../src";

const MANAGED = ["OracleHub", "Vault", "Rebalancer", "Harvester", "Hedger", "KeeperGateway", "LiquidityManager"];

/** Governor.ProposalState */
const STATE = { Pending: 0n, Active: 1n, Canceled: 2n, Defeated: 3n, Succeeded: 4n, Queued: 5n, Expired: 6n, Executed: 7n };

async function governed() {
  const f = await governedSystem();
  const c = f.dep.instances;
  return { ...f, safe: c.Safe, timelock: c.Timelock, governor: c.Governor };
}

describe("Governance: management behind a Safe and a timelock", () => {
  it("makes the timelock every module's management, driven by a 2-of-3 Safe and the Governor; the deployer keeps no role", async () => {
    const { dep, owner, keeper, guardian, safe, timelock, governor } = await loadFixture(governed);
    const g = dep.governance!;
    expect(await safe.getOwners()).to.deep.equal([owner.address, keeper.address, guardian.address]);
    expect(await safe.getThreshold()).to.equal(2n);
    expect(await timelock.getMinDelay()).to.equal(60n);
    for (const name of MANAGED) expect(await dep.instances[name].management(), name).to.equal(g.timelock);
    expect(dep.accounts.management).to.equal(g.timelock);
    for (const [role, holder, has] of [
      [TIMELOCK_ROLES.PROPOSER, g.safe, true], [TIMELOCK_ROLES.EXECUTOR, g.safe, true], [TIMELOCK_ROLES.CANCELLER, g.safe, true],
      [TIMELOCK_ROLES.PROPOSER, await governor.getAddress(), true], [TIMELOCK_ROLES.EXECUTOR, await governor.getAddress(), true],
      [TIMELOCK_ROLES.PROPOSER, owner.address, false], [TIMELOCK_ROLES.EXECUTOR, owner.address, false],
      [TIMELOCK_ROLES.CANCELLER, owner.address, false], [TIMELOCK_ROLES.ADMIN, owner.address, false],
      [TIMELOCK_ROLES.ADMIN, g.timelock, true],
    ] as [string, string, boolean][]) {
      expect(await timelock.hasRole(role, holder), `${role} of ${holder}`).to.equal(has);
    }
    // The owner is still the vault's owner (the taxpayer), no longer its management.
    expect(await dep.instances.Vault.owner()).to.equal(owner.address);
  });

  it("runs a real Safe transaction only with 2 owner signatures (1 refused: GS020)", async () => {
    const { safe, timelock, hedger, owner, keeper, stranger } = await loadFixture(governed);
    const batch = timelockBatch([{ to: await hedger.getAddress(), data: hedger.interface.encodeFunctionData("setConfig", [1500n, HEDGE_CONFIG.marginBps]) }]);
    await expect(scheduleThroughSafe(safe, [owner], timelock, batch)).to.be.revertedWith("GS020");
    // A stranger's signature does not count towards the threshold.
    await expect(scheduleThroughSafe(safe, [owner, stranger], timelock, batch)).to.be.revertedWith("GS026");
    const nonce: bigint = await safe.nonce();
    const receipt = await scheduleThroughSafe(safe, [keeper, owner], timelock, batch);
    expect(await safe.nonce()).to.equal(nonce + 1n);
    const id = await timelock.hashOperationBatch(batch.targets, batch.values, batch.payloads, batch.predecessor, batch.salt);
    expect(await timelock.isOperationPending(id)).to.equal(true);
    expect(receipt.logs.some((l) => l.address === safe.target && safe.interface.parseLog(l)?.name === "ExecutionSuccess")).to.equal(true);
  });

  it("puts a risk-parameter setter behind the timelock's delay: refused directly, refused early, applied after the delay", async () => {
    const { safe, timelock, hedger, owner, keeper } = await loadFixture(governed);
    const setConfig = hedger.interface.encodeFunctionData("setConfig", [1500n, 2500n]);
    // Neither the former management (the deployer) nor the Safe itself may call the setter directly.
    await expect(hedger.setConfig(1500n, 2500n)).to.be.revertedWithCustomError(hedger, "NotManagement").withArgs(owner.address);
    await expect(execSafeTransaction(safe, [owner, keeper], { to: await hedger.getAddress(), data: setConfig })).to.be.revertedWith("GS013");
    const batch = timelockBatch([{ to: await hedger.getAddress(), data: setConfig }], ethers.id("hedge band 15 %"));
    await scheduleThroughSafe(safe, [owner, keeper], timelock, batch);
    await expect(executeThroughSafe(safe, [owner, keeper], timelock, batch)).to.be.revertedWith("GS013");
    await time.increase(50);
    await expect(executeThroughSafe(safe, [owner, keeper], timelock, batch)).to.be.revertedWith("GS013");
    expect(await hedger.bandBps()).to.equal(HEDGE_CONFIG.bandBps);
    await time.increase(10);
    await expect(executeThroughSafe(safe, [owner, keeper], timelock, batch)).to.emit(hedger, "ConfigSet").withArgs(1500n, 2500n);
    expect(await hedger.bandBps()).to.equal(1500n);
    // A stranger cannot execute a scheduled operation on the timelock itself.
    await expect(timelock.executeBatch(batch.targets, batch.values, batch.payloads, batch.predecessor, batch.salt))
      .to.be.revertedWithCustomError(timelock, "AccessControlUnauthorizedAccount");
  });

  it("changes roles and upgrades only through the timelock (scenario.manage), and the Safe can cancel a scheduled change", async () => {
    const { dep, safe, timelock, rebalancer, vault, owner, keeper, stranger } = await loadFixture(governed);
    await expect(rebalancer.setKeeper(stranger.address, true)).to.be.revertedWithCustomError(rebalancer, "NotManagement");
    await scenario.manage(dep, [{ to: await rebalancer.getAddress(), data: rebalancer.interface.encodeFunctionData("setKeeper", [stranger.address, true]) }]);
    expect(await rebalancer.isKeeper(stranger.address)).to.equal(true);

    const v2 = await (await ethers.getContractFactory("VaultV2Mock")).deploy();
    await expect(vault.upgradeToAndCall(await v2.getAddress(), "0x")).to.be.revertedWithCustomError(vault, "NotManagement");
    await scenario.manage(dep, [{ to: await vault.getAddress(), data: vault.interface.encodeFunctionData("upgradeToAndCall", [await v2.getAddress(), "0x"]) }]);
    expect(await (await ethers.getContractAt("VaultV2Mock", await vault.getAddress())).version()).to.equal(2n);

    const batch = timelockBatch([{ to: await rebalancer.getAddress(), data: rebalancer.interface.encodeFunctionData("setGuardian", [stranger.address]) }], ethers.id("guardian"));
    await scheduleThroughSafe(safe, [owner, keeper], timelock, batch);
    const id = await timelock.hashOperationBatch(batch.targets, batch.values, batch.payloads, batch.predecessor, batch.salt);
    await execSafeTransaction(safe, [owner, keeper], { to: await timelock.getAddress(), data: timelock.interface.encodeFunctionData("cancel", [id]) });
    await time.increase(61);
    await expect(executeThroughSafe(safe, [owner, keeper], timelock, batch)).to.be.revertedWith("GS013");
    expect(await rebalancer.guardian()).to.not.equal(stranger.address);
  });

  it("keeps what must never wait immediate: the owner's deposits and withdrawals, the guardian's pause and exit, the keeper's upkeeps", async () => {
    const { dep, owner, keeper, guardian, vault, gateway, rebalancer, asset } = await loadFixture(governed);
    const usdc = asset("USDC").address;
    await (await dep.tokens.USDC.mint(owner.address, 1_000_000n)).wait();
    await (await dep.tokens.USDC.approve(await vault.getAddress(), 1_000_000n)).wait();
    await expect(vault.deposit(usdc, 1_000_000n)).to.emit(vault, "Deposited");
    const [needed, performData] = await gateway.checkUpkeep("0x");
    expect(needed).to.equal(true);
    await expect(as(gateway, keeper).performUpkeep(performData)).to.emit(gateway, "UpkeepPerformed");
    await expect(as(rebalancer, guardian).pause()).to.emit(rebalancer, "Paused");
    await expect(as(vault, guardian).emergencyExit()).to.emit(vault, "EmergencyExit");
    expect(await vault.paused()).to.equal(true);
    await expect(vault.withdraw(usdc, 1_000_000n, owner.address)).to.emit(vault, "Withdrawn");
    // Unpausing is management's, so it waits for the timelock.
    await expect(as(vault, guardian).unpause()).to.be.revertedWithCustomError(vault, "NotManagement");
    await scenario.manage(dep, [{ to: await vault.getAddress(), data: vault.interface.encodeFunctionData("unpause") }]);
    expect(await vault.paused()).to.equal(false);
  });
});

describe("Governance: the Governor proposes to the timelock", () => {
  async function proposal(hedger: Contract, band: bigint, description: string) {
    const targets = [await hedger.getAddress()];
    const values = [0n];
    const calldatas = [hedger.interface.encodeFunctionData("setConfig", [band, HEDGE_CONFIG.marginBps])];
    return { targets, values, calldatas, description, descriptionHash: ethers.id(description) };
  }

  async function propose(governor: Contract, proposer: Signer, p: Awaited<ReturnType<typeof proposal>>): Promise<bigint> {
    await (await as(governor, proposer).propose(p.targets, p.values, p.calldatas, p.description)).wait();
    return governor.hashProposal(p.targets, p.values, p.calldatas, p.descriptionHash);
  }

  it("changes a risk parameter end to end: propose, vote, queue on the timelock, execute after the delay", async () => {
    const { dep, owner, keeper, guardian, governor, timelock, hedger } = await loadFixture(governed);
    const token = await ethers.getContractAt("GovernanceToken", dep.governance!.votingToken);
    for (const s of [owner, keeper, guardian]) await (await as(token as unknown as Contract, s).delegate(s.address)).wait();
    const p = await proposal(hedger, 1200n, "Widen the hedge band to 12 %");
    const id = await propose(governor, keeper, p);
    expect(await governor.state(id)).to.equal(STATE.Pending);
    await mine(2);
    expect(await governor.state(id)).to.equal(STATE.Active);
    await expect(as(governor, owner).castVote(id, 1)).to.emit(governor, "VoteCast");
    await (await as(governor, keeper).castVote(id, 1)).wait();
    await (await as(governor, guardian).castVote(id, 0)).wait();
    const [against, forVotes] = await governor.proposalVotes(id);
    expect(forVotes).to.equal(ethers.parseEther("2000000"));
    expect(against).to.equal(ethers.parseEther("1000000"));
    await expect(governor.queue(p.targets, p.values, p.calldatas, p.descriptionHash)).to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState");
    await mine(20);
    expect(await governor.state(id)).to.equal(STATE.Succeeded);
    await expect(governor.queue(p.targets, p.values, p.calldatas, p.descriptionHash)).to.emit(timelock, "CallScheduled");
    expect(await governor.state(id)).to.equal(STATE.Queued);
    await expect(governor.execute(p.targets, p.values, p.calldatas, p.descriptionHash)).to.be.revertedWithCustomError(timelock, "TimelockUnexpectedOperationState");
    await time.increase(60);
    await expect(governor.execute(p.targets, p.values, p.calldatas, p.descriptionHash)).to.emit(hedger, "ConfigSet").withArgs(1200n, HEDGE_CONFIG.marginBps);
    expect(await governor.state(id)).to.equal(STATE.Executed);
    expect(await hedger.bandBps()).to.equal(1200n);
  });

  it("defeats a proposal that misses quorum, even with only votes in favour; it can be neither queued nor executed", async () => {
    const { dep, owner, stranger, governor, timelock, hedger } = await loadFixture(governed);
    const token = (await ethers.getContractAt("GovernanceToken", dep.governance!.votingToken)) as unknown as Contract;
    // 4 % of 3,000,000 is the quorum; the stranger holds 100,000.
    await (await token.transfer(stranger.address, ethers.parseEther("100000"))).wait();
    await (await as(token, stranger).delegate(stranger.address)).wait();
    const p = await proposal(hedger, 3000n, "Widen the hedge band to 30 %");
    const id = await propose(governor, stranger, p);
    await mine(2);
    await (await as(governor, stranger).castVote(id, 1)).wait();
    await mine(20);
    const snapshot = await governor.proposalSnapshot(id);
    expect(await governor.quorum(snapshot)).to.equal(ethers.parseEther("120000"));
    expect(await governor.state(id)).to.equal(STATE.Defeated);
    await expect(governor.queue(p.targets, p.values, p.calldatas, p.descriptionHash)).to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState");
    await time.increase(120);
    await expect(governor.execute(p.targets, p.values, p.calldatas, p.descriptionHash)).to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState");
    expect(await hedger.bandBps()).to.equal(HEDGE_CONFIG.bandBps);
    // GovernorTimelockControl's salt: the governor's address (left-aligned) xor the description hash.
    const salt = ethers.toBeHex((BigInt(await governor.getAddress()) << 96n) ^ BigInt(p.descriptionHash), 32);
    expect(await timelock.isOperation(await timelock.hashOperationBatch(p.targets, p.values, p.calldatas, ethers.ZeroHash, salt))).to.equal(false);
  });
});
