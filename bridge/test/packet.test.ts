import { test } from "node:test";
import assert from "node:assert/strict";
import { ethers } from "ethers";
import { decodePacket, executorLzReceive, lzReceiveOption } from "../src/packet";

// A V1 packet laid out by hand (PacketV1Codec: version, nonce, srcEid, sender, dstEid, receiver, guid, message).
const sender = ethers.zeroPadValue("0x00000000000000000000000000000000000000aa", 32);
const receiver = "0x00000000000000000000000000000000000000bb";
const guid = ethers.keccak256("0x01");
const message = "0xdeadbeef";
const encoded = ethers.solidityPacked(
  ["uint8", "uint64", "uint32", "bytes32", "uint32", "bytes32", "bytes32", "bytes"],
  [1, 7, 39001, sender, 39002, ethers.zeroPadValue(receiver, 32), guid, message],
);

test("decodePacket reads every field of a V1 packet and hashes guid ‖ message", () => {
  const p = decodePacket(encoded);
  assert.equal(p.nonce, 7n);
  assert.equal(p.srcEid, 39001);
  assert.equal(p.dstEid, 39002);
  assert.equal(p.sender, sender);
  assert.equal(p.receiver, ethers.getAddress(receiver));
  assert.equal(p.guid, guid);
  assert.equal(p.message, message);
  assert.equal(ethers.dataLength(p.header), 81);
  assert.equal(p.payloadHash, ethers.keccak256(ethers.concat([guid, message])));
});

test("decodePacket names what is wrong with a bad packet", () => {
  assert.throws(() => decodePacket(ethers.dataSlice(encoded, 0, 100)), /100 bytes, a V1 packet has at least 113/);
  assert.throws(() => decodePacket(ethers.concat(["0x02", ethers.dataSlice(encoded, 1)])), /version 2, expected 1/);
});

test("lzReceive options round-trip, with and without native value, and sum when repeated", () => {
  assert.equal(lzReceiveOption(100_000n), "0x000301001101000000000000000000000000000186a0");
  assert.deepEqual(executorLzReceive(lzReceiveOption(100_000n)), { gas: 100_000n, value: 0n });
  assert.deepEqual(executorLzReceive(lzReceiveOption(60_000n, 5n)), { gas: 60_000n, value: 5n });
  const twice = ethers.concat([lzReceiveOption(60_000n), ethers.dataSlice(lzReceiveOption(40_000n), 2)]);
  assert.deepEqual(executorLzReceive(twice), { gas: 100_000n, value: 0n });
});

test("executorLzReceive refuses other option types and truncated options", () => {
  assert.throws(() => executorLzReceive("0x0001"), /type 1, the relayer reads type 3 only/);
  assert.throws(() => executorLzReceive(ethers.dataSlice(lzReceiveOption(1n), 0, 10)), /declares 17 bytes, has 5/);
});
