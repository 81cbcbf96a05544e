/**
 * The cross-chain allocation on two real anvil chains with the real relayer: the coordinator's shares set by
 * the home timelock and relayed to L2; the mover sending a vault's stablecoin to the peer vault and back, the
 * guid and amounts matching on both chains; hostile callers and messages; the relayer down, then back.
 * Gas of every call is printed at the end.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ethers } from "ethers";
import { loadArtifact } from "@lotgraph/contracts/src/artifacts";
import { layerZeroArtifact, ownArtifact } from "../src/artifacts";
import { addressToBytes32, devSigner } from "../src/chains";
import { deployCoordination, MSG_SHARES, CHAIN_MOVER_ROLE, type CoordinationDeployment, type MoveConfig } from "../src/coordination";
import { lzReceiveOption } from "../src/packet";
import { allocationPass, type AllocationChain } from "../src/allocationPass";
import { eventsOf, startTwoChains, until, type TwoChains } from "./support/twoChains";

const USDC = (n: bigint) => n * 1_000_000n;
const WAD = 10n ** 18n;
const HOME_EID = 39001;
const L2_EID = 39002;
const KEEPER_INDEX = 3;
const TIMELOCK_DELAY = 60n;

const moverAbi = loadArtifact("CrossChainMover").abi;
const vaultAbi = loadArtifact("Vault").abi;
const oracleAbi = loadArtifact("FixedPriceOracle").abi;
const coordinatorAbi = ownArtifact("ShareCoordinator").abi;
const moverIface = new ethers.Interface(moverAbi);
const coordinatorIface = new ethers.Interface(coordinatorAbi);
const adapterIface = new ethers.Interface(ownArtifact("StablecoinOFTAdapter").abi);
const oftIface = new ethers.Interface(ownArtifact("BridgedStablecoin").abi);
const ERRORS = new ethers.Interface(
  [...moverAbi, ...vaultAbi, ...coordinatorAbi, ...ownArtifact("StablecoinOFTAdapter").abi, ...layerZeroArtifact("EndpointV2").abi, ...loadArtifact("TimelockController").abi].filter(
    (f, i, all) => f.type === "error" && all.findIndex((g) => g.type === "error" && g.name === f.name) === i,
  ),
);
const reverts = (name: string) => (err: { revert?: { name: string }; data?: string; info?: { error?: { data?: string } } }) => {
  const data = err.data ?? err.info?.error?.data;
  const decoded = err.revert?.name ?? (data ? ERRORS.parseError(data)?.name : undefined);
  assert.equal(decoded, name, `expected ${name}, got ${decoded ?? (err as Error).message}`);
  return true;
};

const MOVE_CONFIG: MoveConfig = { maxPerMove: USDC(5_000n), minInterval: 60n, maxSlippageBps: 10n, maxNativeFee: ethers.parseEther("0.001") };
const gas: [string, bigint][] = [];
const mined = async (what: string, tx: Promise<ethers.ContractTransactionResponse>) => {
  const receipt = (await (await tx).wait())!;
  gas.push([what, receipt.gasUsed]);
  return receipt;
};

async function deployVault(signer: ethers.Signer, stablecoin: string): Promise<{ vault: ethers.Contract; oracle: ethers.Contract }> {
  const oracleArt = loadArtifact("FixedPriceOracle");
  const oracle = (await (await new ethers.ContractFactory(oracleArt.abi, oracleArt.bytecode, signer).deploy()).waitForDeployment()) as unknown as ethers.Contract;
  const impl = loadArtifact("Vault");
  const proxy = loadArtifact("ERC1967Proxy");
  const implementation = await (await new ethers.ContractFactory(impl.abi, impl.bytecode, signer).deploy()).waitForDeployment();
  const me = await signer.getAddress();
  const init = new ethers.Interface(impl.abi).encodeFunctionData("initialize", [me, me, await oracle.getAddress(), stablecoin]);
  const deployed = await (await new ethers.ContractFactory(proxy.abi, proxy.bytecode, signer).deploy(await implementation.getAddress(), init)).waitForDeployment();
  return { vault: new ethers.Contract(await deployed.getAddress(), impl.abi, signer), oracle };
}

async function travel(provider: ethers.JsonRpcProvider, seconds: bigint): Promise<void> {
  // anvil's clock here moves one second a block (AnvilNode): a block mined at an explicit time moves it on.
  const latest = (await provider.getBlock("latest"))!;
  await provider.send("evm_mine", [latest.timestamp + Number(seconds)]);
}

describe("cross-chain allocation: coordinator and mover between two chains", () => {
  let c: TwoChains;
  let d: CoordinationDeployment;
  let homeVault: ethers.Contract;
  let l2Vault: ethers.Contract;
  let homeOracle: ethers.Contract;
  let homeMover: ethers.Contract; // as the keeper
  let l2Mover: ethers.Contract; // as the keeper
  let homeCoordinator: ethers.Contract; // as the keeper
  let l2Coordinator: ethers.Contract; // read-only
  let timelock: ethers.Contract;
  let homeKeeper: ethers.NonceManager;
  let l2Keeper: ethers.NonceManager;
  let sharesDelivery: { srcEid: number; sender: string; nonce: bigint; receiver: string; guid: string; message: string };

  const homeUsdc = (who: string) => c.homeStablecoin.balanceOf(who) as Promise<bigint>;
  const l2Usdc = (who: string) => new ethers.Contract(c.deployment.remote.token, ["function balanceOf(address) view returns (uint256)"], c.l2.provider).balanceOf(who) as Promise<bigint>;

  before(async () => {
    c = await startTwoChains();
    homeKeeper = devSigner(c.home.provider, KEEPER_INDEX);
    l2Keeper = devSigner(c.l2.provider, KEEPER_INDEX);
    ({ vault: homeVault, oracle: homeOracle } = await deployVault(c.home.deployer, c.deployment.home.token));
    ({ vault: l2Vault } = await deployVault(c.l2.deployer, c.deployment.remote.token));
    // The taxpayer's 50,000 USDC in the home vault (the deployer owns both vaults here).
    const deployer = await c.home.deployer.getAddress();
    const usdc = c.homeStablecoin.connect(c.home.deployer) as ethers.Contract;
    await (await usdc.mint(deployer, USDC(50_000n))).wait();
    await (await usdc.approve(await homeVault.getAddress(), USDC(50_000n))).wait();
    await (await homeVault.deposit(c.deployment.home.token, USDC(50_000n))).wait();

    // Home governance: a timelock (the system's Safe and Governor propose on it; here the deployer does). The
    // helper hands it the home coordinator (at once) and the home mover's management (pending its acceptance:
    // until then the deployer stays the mover's management, which the hostile specs below use).
    const tl = loadArtifact("TimelockController");
    timelock = (await (await new ethers.ContractFactory(tl.abi, tl.bytecode, c.home.deployer).deploy(TIMELOCK_DELAY, [deployer], [deployer], ethers.ZeroAddress)).waitForDeployment()) as unknown as ethers.Contract;
    d = await deployCoordination({
      bridge: c.deployment,
      home: { signer: c.home.deployer, vault: await homeVault.getAddress(), keeper: await homeKeeper.getAddress(), moveConfig: MOVE_CONFIG, owner: await timelock.getAddress() },
      remote: { signer: c.l2.deployer, vault: await l2Vault.getAddress(), keeper: await l2Keeper.getAddress(), moveConfig: MOVE_CONFIG },
    });
    homeMover = new ethers.Contract(d.home.mover, moverAbi, homeKeeper);
    l2Mover = new ethers.Contract(d.remote.mover, moverAbi, l2Keeper);
    homeCoordinator = new ethers.Contract(d.home.coordinator, coordinatorAbi, homeKeeper);
    l2Coordinator = new ethers.Contract(d.remote.coordinator, coordinatorAbi, c.l2.provider);

  });

  after(async () => {
    if (gas.length) {
      console.log("  gas per call (anvil):");
      for (const [what, used] of gas) console.log(`    ${what.padEnd(64)} ${used.toLocaleString("en-US")}`);
    }
    await c?.stop();
  });

  test("deployment: each mover is its vault's CHAIN_MOVER, routed to the other vault; the coordinators are peers", async () => {
    assert.equal(await homeVault.moduleOf(CHAIN_MOVER_ROLE), d.home.mover);
    assert.equal(await l2Vault.moduleOf(CHAIN_MOVER_ROLE), d.remote.mover);
    assert.equal(await homeMover.peerVault(), d.remote.vault);
    assert.equal(await homeMover.dstEid(), BigInt(L2_EID));
    assert.equal(await l2Mover.peerVault(), d.home.vault);
    assert.equal(await homeMover.oft(), c.deployment.home.oft);
    assert.equal(await l2Mover.oft(), c.deployment.remote.oft);
    assert.equal(await homeCoordinator.peers(L2_EID), addressToBytes32(d.remote.coordinator));
    assert.equal(await l2Coordinator.peers(HOME_EID), addressToBytes32(d.home.coordinator));
    assert.equal(await homeCoordinator.owner(), await timelock.getAddress());
    assert.equal(await homeMover.pendingManagement(), await timelock.getAddress(), "handed over, pending the timelock's acceptance");
    assert.equal(await homeMover.management(), await c.home.deployer.getAddress());
    // The keeper names no recipient: move takes an amount and a minimum received, nothing else.
    assert.deepEqual(moverIface.getFunction("move")!.inputs.map((p) => p.name), ["amount", "minReceived"]);
  });

  test("shares are set only through the home timelock, relayed, and applied on L2 with the same guid", async () => {
    const eids = [HOME_EID, L2_EID];
    const bps = [6669, 3331];
    const asDeployer = new ethers.Contract(d.home.coordinator, coordinatorAbi, c.home.deployer);
    await assert.rejects(asDeployer.setShares.staticCall(eids, bps), reverts("OwnableUnauthorizedAccount"));
    await assert.rejects(homeCoordinator.setShares.staticCall(eids, bps), reverts("OwnableUnauthorizedAccount"));

    const data = coordinatorIface.encodeFunctionData("setShares", [eids, bps]);
    const salt = ethers.id("shares-1");
    await mined("timelock.schedule(setShares)", timelock.schedule(d.home.coordinator, 0, data, ethers.ZeroHash, salt, TIMELOCK_DELAY));
    await assert.rejects(timelock.execute.staticCall(d.home.coordinator, 0, data, ethers.ZeroHash, salt), reverts("TimelockUnexpectedOperationState"));
    await travel(c.home.provider, TIMELOCK_DELAY + 1n);
    const setReceipt = await mined("timelock.execute(setShares) (2 chains)", timelock.execute(d.home.coordinator, 0, data, ethers.ZeroHash, salt));
    const set = eventsOf(coordinatorIface, setReceipt.logs).find((e) => e.name === "SharesSet")!;
    assert.equal(set.args.version, 1n);
    assert.deepEqual([...set.args.bps].map(Number), bps);

    await assert.rejects(homeCoordinator.relay.staticCall(L2_EID, { value: 1n }), reverts("LZ_InsufficientFee"));
    const fee: bigint = await homeCoordinator.quoteRelay(L2_EID);
    assert.equal(fee, BigInt(c.deployment.fees.verify) + BigInt(c.deployment.fees.delivery));
    const relayReceipt = await mined("coordinator.relay (home)", homeCoordinator.relay(L2_EID, { value: fee }));
    const relayed = eventsOf(coordinatorIface, relayReceipt.logs).find((e) => e.name === "SharesRelayed")!;
    assert.equal(relayed.args.version, 1n);
    assert.equal(await l2Coordinator.version(), 0n, "nothing applied before the relayer delivers");

    const [delivery] = await c.relayer().runOnce();
    assert.equal(delivery.packet.guid, relayed.args.guid);
    gas.push(["shares delivery: verify + commit + lzReceive (L2)", delivery.steps.reduce((s, x) => s + x.gasUsed, 0n)]);
    gas.push(["  of which lzReceive → SharesApplied (L2)", delivery.steps[2].gasUsed]);
    const deliverReceipt = (await c.l2.provider.getTransactionReceipt(delivery.steps[2].tx))!;
    const applied = eventsOf(coordinatorIface, deliverReceipt.logs).find((e) => e.name === "SharesApplied")!;
    assert.equal(applied.args.guid, relayed.args.guid, "SharesApplied on L2 carries the guid of SharesRelayed on home");
    const [version, gotEids, gotBps] = await l2Coordinator.shares();
    assert.equal(version, 1n);
    assert.deepEqual([...gotEids].map(Number), eids);
    assert.deepEqual([...gotBps].map(Number), bps);
    assert.equal(await l2Coordinator.shareOf(L2_EID), 3331n);
    sharesDelivery = { ...delivery.packet, sender: delivery.packet.sender, message: delivery.packet.message };
  });

  test("hostile messages to the coordinators: L2 sets nothing itself, a fake home peer, a direct call, a replay, a stale set", async () => {
    const l2Owned = new ethers.Contract(d.remote.coordinator, coordinatorAbi, c.l2.deployer);
    await assert.rejects(l2Owned.setShares.staticCall([HOME_EID, L2_EID], [5000, 5000]), reverts("NotHome"));
    await assert.rejects(l2Owned.relay.staticCall(HOME_EID), reverts("NotHome"));

    // A stranger's own coordinator on home, claiming L2's coordinator as its peer.
    const art = ownArtifact("ShareCoordinator");
    const fake = (await (await new ethers.ContractFactory(art.abi, art.bytecode, c.home.stranger).deploy(c.deployment.home.endpoint, await c.home.stranger.getAddress(), HOME_EID)).waitForDeployment()) as unknown as ethers.Contract;
    await assert.rejects(fake.setShares.staticCall([HOME_EID, L2_EID], [5000, 4999]), reverts("InvalidShares"));
    await assert.rejects(fake.setShares.staticCall([HOME_EID, HOME_EID], [5000, 5000]), reverts("InvalidShares"));
    await assert.rejects(fake.setShares.staticCall([0], [10_000]), reverts("InvalidShares"));
    await assert.rejects(fake.relay.staticCall(L2_EID), reverts("NothingToRelay"));
    await (await fake.setPeer(L2_EID, addressToBytes32(d.remote.coordinator))).wait();
    await (await fake.setShares([HOME_EID], [10_000])).wait();
    await assert.rejects(fake.relay.staticCall(L2_EID, { value: ethers.parseEther("0.001") }), reverts("NoEnforcedOptions"));
    await (await fake.setEnforcedOptions([{ eid: L2_EID, msgType: MSG_SHARES, options: lzReceiveOption(250_000n) }])).wait();
    const fakeReceipt = (await (await fake.relay(L2_EID, { value: await fake.quoteRelay(L2_EID) })).wait())!;
    const fakeGuid = eventsOf(coordinatorIface, fakeReceipt.logs).find((e) => e.name === "SharesRelayed")!.args.guid;
    const relayer = c.relayer();
    assert.deepEqual(await relayer.runOnce(), [], "the relayer cannot deliver it");
    // L2's coordinator does not accept the path from a sender that is not its peer: the endpoint refuses to commit it.
    assert.match(relayer.failures.get(fakeGuid)!.reason, /commit: LZ_PathNotInitializable/);
    assert.equal(await l2Coordinator.version(), 1n, "L2's shares unchanged");

    // Straight to L2's coordinator, posing as the endpoint's call.
    const asStranger = new ethers.Contract(d.remote.coordinator, coordinatorAbi, c.l2.stranger);
    const origin = { srcEid: HOME_EID, sender: addressToBytes32(d.home.coordinator), nonce: 1n };
    await assert.rejects(asStranger.lzReceive.staticCall(origin, sharesDelivery.guid, sharesDelivery.message, ethers.ZeroAddress, "0x"), reverts("OnlyEndpoint"));

    // Replaying the delivered shares packet at the endpoint.
    const endpoint = new ethers.Contract(c.deployment.remote.endpoint, layerZeroArtifact("EndpointV2").abi, c.l2.stranger);
    const replayOrigin = { srcEid: sharesDelivery.srcEid, sender: sharesDelivery.sender, nonce: sharesDelivery.nonce };
    await assert.rejects(endpoint.lzReceive.staticCall(replayOrigin, sharesDelivery.receiver, sharesDelivery.guid, sharesDelivery.message, "0x"), reverts("LZ_PayloadHashNotFound"));

    // The same set relayed again arrives as a new message but is not newer: ignored, not re-applied.
    const again = await mined("coordinator.relay (home, same version)", homeCoordinator.relay(L2_EID, { value: await homeCoordinator.quoteRelay(L2_EID) }));
    const againGuid = eventsOf(coordinatorIface, again.logs).find((e) => e.name === "SharesRelayed")!.args.guid;
    const made = await relayer.runOnce();
    const stale = made.find((x) => x.packet.guid === againGuid)!;
    const staleReceipt = (await c.l2.provider.getTransactionReceipt(stale.steps[2].tx))!;
    const ignored = eventsOf(coordinatorIface, staleReceipt.logs).find((e) => e.name === "StaleSharesIgnored")!;
    assert.equal(ignored.args.version, 1n);
    assert.equal(eventsOf(coordinatorIface, staleReceipt.logs).filter((e) => e.name === "SharesApplied").length, 0);
    assert.equal(await l2Coordinator.version(), 1n);
  });

  test("a move home → L2 and back: the guid and amounts match on both chains; NAV counts the amount in flight until settled", async () => {
    const navBefore: bigint = await homeVault.navUsd();
    assert.equal(navBefore, 50_000n * WAD);
    const out = USDC(1_000n);
    const sentReceipt = await mined("mover.move home → L2 (adapter: approve + lock + send)", homeMover.move(out, 0n));
    const moved = eventsOf(moverIface, sentReceipt.logs).find((e) => e.name === "MoveSent")!;
    const oftSent = eventsOf(adapterIface, sentReceipt.logs).find((e) => e.name === "OFTSent")!;
    const guid: string = moved.args.guid;
    assert.equal(oftSent.args.guid, guid);
    assert.equal(oftSent.args.fromAddress, d.home.mover);
    assert.equal(moved.args.amountSent, out);
    assert.equal(moved.args.amountReceived, out);
    assert.equal(moved.args.peerVault, d.remote.vault);
    assert.equal(moved.args.nativeFee, BigInt(c.deployment.fees.verify) + BigInt(c.deployment.fees.delivery));
    assert.equal(await homeUsdc(d.home.vault), USDC(49_000n));
    assert.equal(await homeUsdc(d.home.mover), 0n, "the mover keeps nothing");
    assert.equal(await homeMover.inFlight(guid), out);
    assert.equal(await homeVault.navUsd(), navBefore, "in flight: still in the home vault's NAV");

    const [delivery] = await c.relayer().runOnce();
    gas.push(["move delivery home → L2: verify + commit + lzReceive (mint)", delivery.steps.reduce((s, x) => s + x.gasUsed, 0n)]);
    const received = eventsOf(oftIface, (await c.l2.provider.getTransactionReceipt(delivery.steps[2].tx))!.logs).find((e) => e.name === "OFTReceived")!;
    assert.equal(received.args.guid, guid, "OFTReceived on L2 carries the guid of MoveSent on home");
    assert.equal(received.args.toAddress, d.remote.vault);
    assert.equal(received.args.amountReceivedLD, out);
    assert.equal(await l2Usdc(d.remote.vault), out);
    assert.equal(await l2Vault.navUsd(), 1_000n * WAD);
    // Replaying the move's packet at L2's endpoint mints nothing more.
    const p = delivery.packet;
    const l2Endpoint = new ethers.Contract(c.deployment.remote.endpoint, layerZeroArtifact("EndpointV2").abi, c.l2.stranger);
    await assert.rejects(
      l2Endpoint.lzReceive.staticCall({ srcEid: p.srcEid, sender: p.sender, nonce: p.nonce }, p.receiver, p.guid, p.message, "0x"),
      reverts("LZ_PayloadHashNotFound"),
    );

    const settled = await mined("mover.settle", homeMover.settle(guid));
    assert.equal(eventsOf(moverIface, settled.logs).find((e) => e.name === "MoveSettled")!.args.amount, out);
    assert.equal(await homeVault.navUsd(), 49_000n * WAD);
    await assert.rejects(homeMover.settle.staticCall(guid), reverts("UnknownMove"));

    // Back: L2's mover burns, home's adapter releases to the home vault.
    const back = USDC(400n);
    const backReceipt = await mined("mover.move L2 → home (OFT: burn + send)", l2Mover.move(back, back));
    const backGuid: string = eventsOf(moverIface, backReceipt.logs).find((e) => e.name === "MoveSent")!.args.guid;
    assert.equal(eventsOf(oftIface, backReceipt.logs).find((e) => e.name === "OFTSent")!.args.guid, backGuid);
    assert.equal(await l2Vault.navUsd(), 1_000n * WAD, "in flight on L2 too");
    const [backDelivery] = await c.relayer().runOnce();
    gas.push(["move delivery L2 → home: verify + commit + lzReceive (release)", backDelivery.steps.reduce((s, x) => s + x.gasUsed, 0n)]);
    const backReceived = eventsOf(adapterIface, (await c.home.provider.getTransactionReceipt(backDelivery.steps[2].tx))!.logs).find((e) => e.name === "OFTReceived")!;
    assert.equal(backReceived.args.guid, backGuid);
    assert.equal(backReceived.args.toAddress, d.home.vault);
    assert.equal(await homeUsdc(d.home.vault), USDC(49_400n));
    await mined("mover.settle (L2)", l2Mover.settle(backGuid));
    assert.equal(await l2Vault.navUsd(), 600n * WAD);
    assert.equal((await homeVault.navUsd()) + (await l2Vault.navUsd()), 50_000n * WAD, "nothing lost across the two chains");
  });

  test("hostile moves: a stranger, a route of its own, caps, the interval, slippage, fees, safe mode and pauses are refused", async () => {
    const stranger = new ethers.Contract(d.home.mover, moverAbi, c.home.stranger);
    const management = new ethers.Contract(d.home.mover, moverAbi, c.home.deployer);
    await assert.rejects(stranger.move.staticCall(USDC(1n), 0n), reverts("NotKeeper"));
    await assert.rejects(stranger.settle.staticCall(ethers.ZeroHash), reverts("NotKeeper"));
    await assert.rejects(stranger.setRoute.staticCall(L2_EID, await c.home.stranger.getAddress()), reverts("NotManagement"));
    await assert.rejects(homeMover.setRoute.staticCall(L2_EID, await c.home.stranger.getAddress()), reverts("NotManagement"));
    await assert.rejects(stranger.setMoveConfig.staticCall({ ...MOVE_CONFIG, maxPerMove: 2n ** 200n }), reverts("NotManagement"));
    await assert.rejects(stranger.setFeeBudget.staticCall(ethers.parseEther("100")), reverts("NotManagement"));
    await assert.rejects(stranger.withdrawFees.staticCall(await c.home.stranger.getAddress(), 1n), reverts("NotManagement"));
    await assert.rejects(stranger.exitAll.staticCall(), reverts("NotVault"));
    const vaultAsStranger = new ethers.Contract(d.home.vault, vaultAbi, c.home.stranger);
    await assert.rejects(vaultAsStranger.moduleTransfer.staticCall(c.deployment.home.token, await c.home.stranger.getAddress(), 1n), reverts("NotModule"));

    // The home mover moved less than a minute ago.
    await assert.rejects(homeMover.move.staticCall(USDC(1n), 0n), reverts("MoveTooSoon"));
    await travel(c.home.provider, MOVE_CONFIG.minInterval);
    await homeMover.move.staticCall(USDC(1n), 0n); // allowed again
    await assert.rejects(homeMover.move.staticCall(0n, 0n), reverts("ZeroAmount"));
    await assert.rejects(homeMover.move.staticCall(MOVE_CONFIG.maxPerMove + 1n, 0n), reverts("AboveMaxPerMove"));
    // A minimum above what the OFT delivers: the OFT's own quote refuses it (the mover's ReceivedBelowMin is a
    // second check for an OFT that would not).
    await assert.rejects(homeMover.move.staticCall(USDC(10n), USDC(10n) + 1n), reverts("SlippageExceeded"));
    // Another endpoint id with no OFT peer: the OFT itself refuses (management alone routes).
    await (await management.setRoute(39003, d.remote.vault)).wait();
    await assert.rejects(homeMover.move.staticCall(USDC(1n), 0n), reverts("NoPeer"));
    await (await management.setRoute(L2_EID, d.remote.vault)).wait();
    // Fees: the per-move cap and the budget.
    await (await management.setMoveConfig({ ...MOVE_CONFIG, maxNativeFee: 1n })).wait();
    await assert.rejects(homeMover.move.staticCall(USDC(1n), 0n), reverts("FeeAboveMax"));
    await (await management.setMoveConfig(MOVE_CONFIG)).wait();
    const budget: bigint = await homeMover.feeBudget();
    await (await management.setFeeBudget(1n)).wait();
    await assert.rejects(homeMover.move.staticCall(USDC(1n), 0n), reverts("FeeBudgetExceeded"));
    await (await management.setFeeBudget(budget)).wait();
    // Out-of-bound configuration.
    await assert.rejects(management.setMoveConfig.staticCall({ ...MOVE_CONFIG, maxSlippageBps: 101n }), reverts("InvalidConfig"));
    await assert.rejects(management.setMoveConfig.staticCall({ ...MOVE_CONFIG, maxNativeFee: ethers.parseEther("0.2") }), reverts("InvalidConfig"));
    await assert.rejects(management.setMoveConfig.staticCall({ ...MOVE_CONFIG, maxPerMove: 0n }), reverts("InvalidConfig"));
    await assert.rejects(management.setRoute.staticCall(0, d.remote.vault), reverts("InvalidConfig"));
    // Safe mode, a paused vault, a paused mover.
    await (await homeOracle.setHealthy(c.deployment.home.token, false)).wait();
    await assert.rejects(homeMover.move.staticCall(USDC(1n), 0n), reverts("StablecoinUnhealthy"));
    await (await homeOracle.setHealthy(c.deployment.home.token, true)).wait();
    await (await homeVault.pause()).wait();
    await assert.rejects(homeMover.move.staticCall(USDC(1n), 0n), reverts("VaultPaused"));
    await (await homeVault.unpause()).wait();
    await (await management.pause()).wait();
    await assert.rejects(homeMover.move.staticCall(USDC(1n), 0n), reverts("EnforcedPause"));
    await (await management.unpause()).wait();
    await homeMover.move.staticCall(USDC(1n), 0n);
  });

  test("relayer down, then back: two moves wait in flight (NAV whole), arrive once each, settle once each", async () => {
    const navBefore: bigint = await homeVault.navUsd();
    const l2Before = await l2Usdc(d.remote.vault);
    const amounts = [USDC(700n), USDC(300n)];
    const guids: string[] = [];
    for (const amount of amounts) {
      await travel(c.home.provider, MOVE_CONFIG.minInterval);
      const r = (await (await homeMover.move(amount, 0n)).wait())!;
      guids.push(eventsOf(moverIface, r.logs).find((e) => e.name === "MoveSent")!.args.guid);
    }
    assert.equal(await homeMover.inFlightTotal(), USDC(1_000n));
    assert.equal(await homeVault.navUsd(), navBefore, "no relayer: in flight, counted at home");
    assert.equal(await l2Usdc(d.remote.vault), l2Before, "no relayer, no delivery");
    const asManagement = new ethers.Contract(d.home.vault, vaultAbi, c.home.deployer);
    await assert.rejects(asManagement.setModule.staticCall(CHAIN_MOVER_ROLE, ethers.ZeroAddress), reverts("ModuleNotFlat"));

    // A relayer that dies after the first move's verify step.
    const first = c.relayer();
    await first.lanes[0].scan();
    const pending = first.lanes[0].pendingPackets.find((p) => p.guid === guids[0])!;
    assert.deepEqual((await first.lanes[0].advance(pending, true)).steps.map((s) => s.step), ["verify"]);

    // A new relayer polling: both arrive (the stranger's fake shares packet stays refused).
    const second = c.relayer();
    second.start();
    try {
      await until("both moves delivered", async () => guids.every((g) => second.delivered.some((x) => x.packet.guid === g)));
    } finally {
      await second.stop();
    }
    for (const [i, guid] of guids.entries()) {
      const delivery = second.delivered.find((x) => x.packet.guid === guid)!;
      assert.deepEqual(delivery.steps.map((s) => s.step), i === 0 ? ["commit", "deliver"] : ["verify", "commit", "deliver"]);
      const received = eventsOf(oftIface, (await c.l2.provider.getTransactionReceipt(delivery.steps.at(-1)!.tx))!.logs).find((e) => e.name === "OFTReceived")!;
      assert.equal(received.args.guid, guid);
      assert.equal(received.args.amountReceivedLD, amounts[i]);
    }
    assert.equal(await l2Usdc(d.remote.vault), l2Before + USDC(1_000n), "each arrived once");
    for (const guid of guids) await homeMover.settle(guid).then((tx: ethers.ContractTransactionResponse) => tx.wait());
    assert.equal(await homeMover.inFlightTotal(), 0n);
    assert.equal(await homeVault.navUsd(), navBefore - 1_000n * WAD);
    assert.equal((await homeVault.navUsd()) + (await l2Vault.navUsd()), 50_000n * WAD, "nothing lost or counted twice");
    const third = c.relayer();
    const again = await third.runOnce();
    assert.equal(again.filter((x) => guids.includes(x.packet.guid)).length, 0, "a later relayer delivers nothing again");
    assert.equal(await l2Usdc(d.remote.vault), l2Before + USDC(1_000n));
  });

  test("the keeper's pass: decides from the relayed shares and both NAVs, moves, and settles once the move arrived", async () => {
    const lines: string[] = [];
    const chain = (side: "home" | "remote"): AllocationChain => ({
      bridge: c.deployment[side],
      side: d[side],
      keeper: side === "home" ? homeKeeper : l2Keeper,
      figures: side === "home" ? { yield: 0.04, volatility: 0.15, gasUsdPerYear: (365n * WAD) / 10n } : { yield: 0.06, volatility: 0.25, gasUsdPerYear: (365n * WAD) / 100n },
      nativeUsd: 3000n * WAD,
    });
    const pass = () => allocationPass({ home: chain("home"), remote: chain("remote"), log: (m) => lines.push(m) });
    await travel(c.home.provider, MOVE_CONFIG.minInterval);
    assert.equal(await homeVault.navUsd(), 48_400n * WAD);
    assert.equal(await l2Vault.navUsd(), 1_600n * WAD);

    // 96.8 % at home against a 66.69 % target: home → L2, the 15,055 USDC gap capped at the mover's 5,000.
    const first = await pass();
    console.log(`  ${lines.join("\n  ")}`);
    assert.deepEqual(first.settled, []);
    assert.equal(first.decision.verdict, "move");
    assert.equal(first.decision.srcEid, HOME_EID);
    assert.equal(first.decision.maxDriftBps, 3011);
    assert.equal(first.decision.amount, MOVE_CONFIG.maxPerMove);
    // Exact, USD WAD: y = 0.04 − 36.5/50,000, 0.06 − 3.65/50,000; ΔU·T over 30 days = 248,331/7,300 dollars, rounded half away from zero.
    assert.equal(first.decision.gainUsd, 34_017_945_205_479_452_055n);
    const costs = first.decision.costs!;
    assert.equal(first.decision.costUsd, costs.bridgeFeeUsd + costs.sendGasUsd + costs.settleGasUsd + costs.deliveryGasUsd);
    assert.ok(first.decision.gainUsd > first.decision.costUsd && costs.bridgeFeeUsd > 0n && costs.deliveryGasUsd > 0n);
    assert.equal(first.moved!.amount, USDC(5_000n));
    assert.equal(await homeVault.navUsd(), 48_400n * WAD, "in flight");

    // Not delivered yet: nothing to settle, and the mover's interval defers the next move.
    lines.length = 0;
    const waiting = await pass();
    assert.deepEqual(waiting.settled, []);
    assert.equal(waiting.decision.verdict, "move");
    assert.ok(waiting.deferredUntil! > 0 && waiting.moved === undefined);

    const [delivery] = await c.relayer().runOnce();
    assert.equal(delivery.packet.guid, first.moved!.guid);
    lines.length = 0;
    const next = await pass();
    console.log(`  ${lines.join("\n  ")}`);
    assert.deepEqual(next.settled, [{ eid: HOME_EID, guid: first.moved!.guid, amount: USDC(5_000n) }]);
    assert.equal(await homeVault.navUsd(), 43_400n * WAD);
    assert.equal(await l2Vault.navUsd(), 6_600n * WAD);
    assert.equal(next.decision.maxDriftBps, 2011);
    assert.equal(next.decision.gainUsd, 20_045_342_465_753_424_658n); // 146,331/7,300 dollars
    assert.equal(next.moved, undefined, "deferred by the interval");
  });
});
