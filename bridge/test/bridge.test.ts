/**
 * The stablecoin bridge on two real anvil chains with LayerZero V2's own EndpointV2 and ULN302 libraries
 * (from npm), oft-evm's OFT adapter and OFT, and the relayer delivering between them.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ethers } from "ethers";
import { layerZeroArtifact, ownArtifact } from "../src/artifacts";
import { addressToBytes32 } from "../src/chains";
import { decodePacket } from "../src/packet";
import { sendStablecoin, oftContract, tokenContract, type SentTransfer } from "../src/transfer";
import { eventsOf, startTwoChains, until, USER_FUNDS, type TwoChains } from "./support/twoChains";

const endpointIface = new ethers.Interface(layerZeroArtifact("EndpointV2").abi);
const adapterIface = new ethers.Interface(ownArtifact("StablecoinOFTAdapter").abi);
const oftIface = new ethers.Interface(ownArtifact("BridgedStablecoin").abi);
const USDC = (n: bigint) => n * 1_000_000n;

describe("stablecoin bridge between two chains", () => {
  let c: TwoChains;
  let user: string;
  let l2User: string;

  before(async () => {
    c = await startTwoChains();
    user = await c.home.user.getAddress();
    l2User = await c.l2.user.getAddress();
  });
  after(() => c?.stop());

  const homeBalance = (who: string) => tokenContract(c.deployment.home, c.home.provider).balanceOf(who) as Promise<bigint>;
  const l2Balance = (who: string) => tokenContract(c.deployment.remote, c.l2.provider).balanceOf(who) as Promise<bigint>;
  const l2Supply = () => oftContract(c.deployment.remote, c.l2.provider).totalSupply() as Promise<bigint>;

  test("the two chains are separate: distinct chain ids, and each endpoint knows only its own eid", async () => {
    assert.equal((await c.home.provider.send("eth_chainId", [])) as string, ethers.toQuantity(31337));
    assert.equal((await c.l2.provider.send("eth_chainId", [])) as string, ethers.toQuantity(412346));
    const homeEndpoint = new ethers.Contract(c.deployment.home.endpoint, endpointIface, c.home.provider);
    const l2Endpoint = new ethers.Contract(c.deployment.remote.endpoint, endpointIface, c.l2.provider);
    assert.equal(await homeEndpoint.eid(), 39001n);
    assert.equal(await l2Endpoint.eid(), 39002n);
    assert.equal(await c.l2.provider.getCode(c.deployment.home.oft), await c.l2.provider.getCode(ethers.ZeroAddress), "the adapter is not on L2");
  });

  test("round trip home → L2 → home: balances on both sides, events tied by the guid, fees paid to the relayer", async () => {
    const out = USDC(1_000n);
    const back = USDC(400n);
    const relayer = c.relayer();

    // home → L2: the adapter locks, the OFT mints.
    const sent = await sendStablecoin(c.deployment.home, c.deployment.remote, c.home.user, l2User, out);
    assert.equal(sent.nativeFee, BigInt(c.deployment.fees.verify) + BigInt(c.deployment.fees.delivery));
    const sendReceipt = (await c.home.provider.getTransactionReceipt(sent.tx))!;
    const packetSent = eventsOf(endpointIface, sendReceipt.logs).find((e) => e.name === "PacketSent")!;
    const packet = decodePacket(packetSent.args.encodedPayload);
    const oftSent = eventsOf(adapterIface, sendReceipt.logs).find((e) => e.name === "OFTSent")!;
    assert.equal(packet.guid, sent.guid);
    assert.equal(oftSent.args.guid, sent.guid);
    assert.equal(oftSent.args.amountSentLD, out);
    assert.equal(packet.srcEid, 39001);
    assert.equal(packet.dstEid, 39002);
    assert.equal(packet.receiver, c.deployment.remote.oft);
    assert.equal(await homeBalance(user), USER_FUNDS - out);
    assert.equal(await homeBalance(c.deployment.home.oft), out, "locked in the adapter");
    assert.equal(await l2Balance(l2User), 0n, "nothing arrives before the relayer delivers");

    const [delivery] = await relayer.runOnce();
    assert.deepEqual(delivery.steps.map((s) => s.step), ["verify", "commit", "deliver"]);
    assert.equal(delivery.packet.guid, sent.guid);
    const deliverReceipt = (await c.l2.provider.getTransactionReceipt(delivery.steps[2].tx))!;
    const commitReceipt = (await c.l2.provider.getTransactionReceipt(delivery.steps[1].tx))!;
    const verified = eventsOf(endpointIface, commitReceipt.logs).find((e) => e.name === "PacketVerified")!;
    assert.equal(verified.args.payloadHash, packet.payloadHash);
    assert.equal(verified.args.origin.nonce, sent.nonce);
    const delivered = eventsOf(endpointIface, deliverReceipt.logs).find((e) => e.name === "PacketDelivered")!;
    assert.equal(delivered.args.receiver, c.deployment.remote.oft);
    const received = eventsOf(oftIface, deliverReceipt.logs).find((e) => e.name === "OFTReceived")!;
    assert.equal(received.args.guid, sent.guid, "OFTReceived on L2 carries the guid of OFTSent on home");
    assert.equal(received.args.srcEid, 39001n);
    assert.equal(received.args.toAddress, l2User);
    assert.equal(received.args.amountReceivedLD, out);
    assert.equal(await l2Balance(l2User), out);
    assert.equal(await l2Supply(), out, "L2 supply = what the adapter locks");

    // L2 → home: the OFT burns, the adapter releases.
    const returned = await sendStablecoin(c.deployment.remote, c.deployment.home, c.l2.user, user, back);
    assert.equal(returned.approveGasUsed, 0n, "the OFT burns from the sender: no approval");
    assert.equal(await l2Balance(l2User), out - back);
    assert.equal(await l2Supply(), out - back);
    const [backDelivery] = await relayer.runOnce();
    assert.equal(backDelivery.packet.guid, returned.guid);
    const backReceipt = (await c.home.provider.getTransactionReceipt(backDelivery.steps[2].tx))!;
    const backReceived = eventsOf(adapterIface, backReceipt.logs).find((e) => e.name === "OFTReceived")!;
    assert.equal(backReceived.args.guid, returned.guid);
    assert.equal(backReceived.args.amountReceivedLD, back);
    assert.equal(await homeBalance(user), USER_FUNDS - out + back);
    assert.equal(await homeBalance(c.deployment.home.oft), out - back, "the adapter still locks exactly L2's supply");

    // The relayer's fees accrue in each send library under its worker.
    const sendLib = new ethers.Contract(c.deployment.home.sendLibrary, layerZeroArtifact("SendUln302").abi, c.home.provider);
    assert.equal(await sendLib.fees(c.deployment.home.worker), sent.nativeFee);

    // A further pass finds nothing to do.
    assert.deepEqual(await relayer.runOnce(), []);
    assert.equal(relayer.failures.size, 0);
  });

  test("delayed delivery: packets sent while the relayer is down arrive once it is back, exactly once", async () => {
    const before = await l2Balance(l2User);
    const amounts = [USDC(10n), USDC(20n), USDC(30n)];
    const sent: SentTransfer[] = [];
    for (const amount of amounts) sent.push(await sendStablecoin(c.deployment.home, c.deployment.remote, c.home.user, l2User, amount));
    assert.equal(await l2Balance(l2User), before, "no relayer, no delivery");

    // A relayer that dies after the first packet's verify step: the packet is verified, not committed.
    const first = c.relayer();
    await first.lanes[0].scan();
    const pending = first.lanes[0].pendingPackets.find((p) => p.guid === sent[0].guid)!;
    const partial = await first.lanes[0].advance(pending, true);
    assert.deepEqual(partial.steps.map((s) => s.step), ["verify"]);
    assert.equal(await first.lanes[0].state(pending), "verified");

    // A new relayer process, knowing nothing, polls from the bridge's first block.
    const second = c.relayer();
    second.start();
    try {
      await until("three deliveries", async () => second.delivered.length === 3);
    } finally {
      await second.stop();
    }
    const byGuid = new Map(second.delivered.map((d) => [d.packet.guid, d]));
    assert.deepEqual(byGuid.get(sent[0].guid)!.steps.map((s) => s.step), ["commit", "deliver"], "resumed after the verify step");
    for (const s of sent.slice(1)) assert.deepEqual(byGuid.get(s.guid)!.steps.map((x) => x.step), ["verify", "commit", "deliver"]);
    assert.equal(await l2Balance(l2User), before + USDC(60n));

    // Every relayer started again later sees all of them delivered and sends nothing.
    const third = c.relayer();
    assert.deepEqual(await third.runOnce(), []);
    assert.equal(third.pending().length, 0);
    assert.equal(await l2Balance(l2User), before + USDC(60n));
  });

  // The path is already open (earlier packets were delivered), so the endpoint commits the packet and the
  // OFT's lzReceive reverts on the unknown peer: the receiver reverts, the stored payload hash stays.
  test("failed delivery: the receiver reverts (wrong peer), the packet stays pending, then is delivered once when fixed", async () => {
    const oft = oftContract(c.deployment.remote, c.l2.deployer);
    const wrongPeer = addressToBytes32(ethers.Wallet.createRandom().address);
    await (await oft.setPeer(39001, wrongPeer)).wait();
    const before = await l2Balance(l2User);
    const sent = await sendStablecoin(c.deployment.home, c.deployment.remote, c.home.user, l2User, USDC(5n));
    const relayer = c.relayer();

    for (let pass = 0; pass < 2; pass++) {
      assert.deepEqual(await relayer.runOnce(), []);
      const failure = relayer.failures.get(sent.guid);
      assert.ok(failure, "the failure is reported");
      assert.equal(failure.step, "deliver");
      assert.match(failure.reason, /deliver: OnlyPeer\(39001, 0x/);
      assert.equal(await relayer.lanes[0].state(relayer.pending()[0]), "committed");
      assert.equal(await l2Balance(l2User), before, "nothing minted");
      assert.equal(relayer.pending().length, 1, "still pending, not dropped");
    }

    await (await oft.setPeer(39001, addressToBytes32(c.deployment.home.oft))).wait();
    const [delivery] = await relayer.runOnce();
    assert.equal(delivery.packet.guid, sent.guid);
    assert.deepEqual(delivery.steps.map((s) => s.step), ["deliver"], "the commit made before the failure is reused");
    assert.equal(relayer.failures.size, 0);
    assert.equal(await l2Balance(l2User), before + USDC(5n));

    // Replaying the delivery straight at the endpoint is refused: the payload hash was cleared.
    const endpoint = new ethers.Contract(c.deployment.remote.endpoint, endpointIface, c.l2.stranger);
    const p = delivery.packet;
    await assert.rejects(
      endpoint.lzReceive.staticCall({ srcEid: p.srcEid, sender: p.sender, nonce: p.nonce }, p.receiver, p.guid, p.message, "0x"),
      (err: { revert?: { name: string } }) => err.revert?.name === "LZ_PayloadHashNotFound",
    );
    assert.deepEqual(await relayer.runOnce(), []);
    assert.equal(await l2Balance(l2User), before + USDC(5n));
  });
});
