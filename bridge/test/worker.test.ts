/**
 * Hostile callers against every entry point of the relayer's worker, and against the bridge's verify,
 * commit and deliver steps: who may call, when, and with what bound.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ethers } from "ethers";
import { layerZeroArtifact, ownArtifact } from "../src/artifacts";
import { addressToBytes32 } from "../src/chains";
import { sendStablecoin, oftContract } from "../src/transfer";
import { startTwoChains, type TwoChains } from "./support/twoChains";

/** Every custom error the bridge's contracts define, to name a revert that bubbled up from a callee. */
const ERRORS = new ethers.Interface(
  [
    ...layerZeroArtifact("EndpointV2").abi,
    ...layerZeroArtifact("SendUln302").abi,
    ...layerZeroArtifact("ReceiveUln302").abi,
    ...ownArtifact("RelayerWorker").abi,
    ...ownArtifact("BridgedStablecoin").abi,
  ].filter((f, i, all) => f.type === "error" && all.findIndex((g) => g.type === "error" && g.name === f.name) === i),
);

const reverts = (name: string) => (err: { revert?: { name: string }; data?: string }) => {
  const decoded = err.revert?.name ?? (err.data ? ERRORS.parseError(err.data)?.name : undefined);
  assert.equal(decoded, name);
  return true;
};

describe("relayer worker and bridge entry points under hostile callers", () => {
  let c: TwoChains;
  let worker: ethers.Contract; // home worker, as the stranger
  let ownerWorker: ethers.Contract;
  let stranger: string;

  before(async () => {
    c = await startTwoChains();
    const abi = ownArtifact("RelayerWorker").abi;
    worker = new ethers.Contract(c.deployment.home.worker, abi, c.home.stranger);
    ownerWorker = new ethers.Contract(c.deployment.home.worker, abi, c.home.deployer);
    stranger = await c.home.stranger.getAddress();
  });
  after(() => c?.stop());

  test("assignJob (DVN and executor) is for the send library only", async () => {
    const param = { dstEid: 39002, packetHeader: "0x", payloadHash: ethers.ZeroHash, confirmations: 1, sender: stranger };
    await assert.rejects(worker["assignJob((uint32,bytes,bytes32,uint64,address),bytes)"].staticCall(param, "0x"), reverts("OnlySendLibrary"));
    await assert.rejects(worker["assignJob(uint32,address,uint256,bytes)"].staticCall(39002, stranger, 40, "0x"), reverts("OnlySendLibrary"));
  });

  test("getFee quotes served destinations only, in both roles", async () => {
    assert.equal(await worker["getFee(uint32,uint64,address,bytes)"](39002, 1, stranger, "0x"), BigInt(c.deployment.fees.verify));
    assert.equal(await worker["getFee(uint32,address,uint256,bytes)"](39002, stranger, 40, "0x"), BigInt(c.deployment.fees.delivery));
    await assert.rejects(worker["getFee(uint32,uint64,address,bytes)"](12345, 1, stranger, "0x"), reverts("UnservedDestination"));
    await assert.rejects(worker["getFee(uint32,address,uint256,bytes)"](12345, stranger, 40, "0x"), reverts("UnservedDestination"));
  });

  test("setFees: owner only, each fee at most MAX_FEE", async () => {
    await assert.rejects(worker.setFees.staticCall(0, 0), reverts("OwnableUnauthorizedAccount"));
    const max: bigint = await worker.MAX_FEE();
    await assert.rejects(ownerWorker.setFees.staticCall(max + 1n, 0), reverts("FeeAboveMax"));
    await assert.rejects(ownerWorker.setFees.staticCall(0, max + 1n), reverts("FeeAboveMax"));
    await ownerWorker.setFees.staticCall(max, max); // the bound itself is allowed
  });

  test("setDestination: owner only, never endpoint id 0; an unserved destination cannot be sent to", async () => {
    await assert.rejects(worker.setDestination.staticCall(39002, false), reverts("OwnableUnauthorizedAccount"));
    await assert.rejects(ownerWorker.setDestination.staticCall(0, true), reverts("ZeroEid"));
    await (await ownerWorker.setDestination(39002, false)).wait();
    try {
      await assert.rejects(
        sendStablecoin(c.deployment.home, c.deployment.remote, c.home.user, stranger, 1_000_000n),
        reverts("UnservedDestination"),
      );
    } finally {
      await (await ownerWorker.setDestination(39002, true)).wait();
    }
  });

  test("withdrawFees: owner only, to a non-zero address, at most what the library holds for the worker", async () => {
    const sent = await sendStablecoin(c.deployment.home, c.deployment.remote, c.home.user, stranger, 1_000_000n);
    await assert.rejects(worker.withdrawFees.staticCall(stranger, 1), reverts("OwnableUnauthorizedAccount"));
    await assert.rejects(ownerWorker.withdrawFees.staticCall(ethers.ZeroAddress, 1), reverts("ZeroAddress"));
    await assert.rejects(ownerWorker.withdrawFees.staticCall(stranger, sent.nativeFee + 1n), reverts("LZ_MessageLib_InvalidAmount"));
    const to = ethers.Wallet.createRandom().address;
    await (await ownerWorker.withdrawFees(to, sent.nativeFee)).wait();
    assert.equal(await c.home.provider.getBalance(to), sent.nativeFee);
  });

  test("ownership moves in two steps: a new owner must accept", async () => {
    await (await ownerWorker.transferOwnership(stranger)).wait();
    assert.equal(await worker.owner(), await c.home.deployer.getAddress(), "not yet");
    await assert.rejects(worker.setFees.staticCall(0, 0), reverts("OwnableUnauthorizedAccount"));
    await (await worker.acceptOwnership()).wait();
    assert.equal(await worker.owner(), stranger);
    await (await worker.transferOwnership(await c.home.deployer.getAddress())).wait();
    await (await ownerWorker.acceptOwnership()).wait();
  });

  test("a stranger cannot verify, commit or deliver a packet in the relayer's place", async () => {
    const sent = await sendStablecoin(c.deployment.home, c.deployment.remote, c.home.user, stranger, 2_000_000n);
    const relayer = c.relayer();
    await relayer.lanes[0].scan();
    const packet = relayer.lanes[0].pendingPackets.find((p) => p.guid === sent.guid)!;
    const receiveLib = new ethers.Contract(c.deployment.remote.receiveLibrary, layerZeroArtifact("ReceiveUln302").abi, c.l2.stranger);
    const endpoint = new ethers.Contract(c.deployment.remote.endpoint, layerZeroArtifact("EndpointV2").abi, c.l2.stranger);
    // Anyone may call verify, but it records the caller's own verification, which the library ignores.
    await (await receiveLib.verify(packet.header, packet.payloadHash, 1)).wait();
    await assert.rejects(receiveLib.commitVerification.staticCall(packet.header, packet.payloadHash), reverts("LZ_ULN_Verifying"));
    const origin = { srcEid: packet.srcEid, sender: packet.sender, nonce: packet.nonce };
    await assert.rejects(endpoint.lzReceive.staticCall(origin, packet.receiver, packet.guid, packet.message, "0x"), reverts("LZ_InvalidNonce"));
    // Nor can anyone call the endpoint's verify directly: only the receive library can.
    await assert.rejects(endpoint.verify.staticCall(origin, packet.receiver, packet.payloadHash), reverts("LZ_InvalidReceiveLibrary"));
    // The stranger's verification counts for nothing: the packet is still unverified by the relayer, which delivers it.
    assert.equal(await relayer.lanes[0].state(packet), "sent");
    const deliveries = await relayer.runOnce();
    assert.ok(deliveries.some((d) => d.packet.guid === sent.guid));
  });

  test("OFT peers and enforced options are the owner's alone", async () => {
    const oft = oftContract(c.deployment.remote, c.l2.stranger);
    await assert.rejects(oft.setPeer.staticCall(39001, addressToBytes32(stranger)), reverts("OwnableUnauthorizedAccount"));
    await assert.rejects(oft.setEnforcedOptions.staticCall([]), reverts("OwnableUnauthorizedAccount"));
    const adapter = oftContract(c.deployment.home, c.home.stranger);
    await assert.rejects(adapter.setPeer.staticCall(39002, addressToBytes32(stranger)), reverts("OwnableUnauthorizedAccount"));
  });
});
