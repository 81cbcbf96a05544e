/**
 * LayerZero V2's packet and options encodings, read and written on the relayer's side (the layouts of
 * the protocol's PacketV1Codec and of type-3 options, as the endpoint emits them in `PacketSent`).
 */
import { ethers } from "ethers";

/** A decoded V1 packet: the header the receive library checks and the payload (guid + message). */
export interface Packet {
  nonce: bigint;
  srcEid: number;
  /** The sending OApp, bytes32. */
  sender: string;
  dstEid: number;
  /** The receiving OApp's address. */
  receiver: string;
  guid: string;
  message: string;
  /** The first 81 bytes: version, nonce, srcEid, sender, dstEid, receiver. */
  header: string;
  /** keccak256(guid ‖ message): what the DVN verifies and the endpoint stores. */
  payloadHash: string;
}

const PACKET_VERSION = 1;
const HEADER_BYTES = 81;
const GUID_END = HEADER_BYTES + 32;

/** Decodes `PacketSent.encodedPayload`; throws naming the field that does not fit. */
export function decodePacket(encoded: string): Packet {
  const bytes = ethers.getBytes(encoded);
  if (bytes.length < GUID_END) throw new Error(`packet: ${bytes.length} bytes, a V1 packet has at least ${GUID_END}`);
  if (bytes[0] !== PACKET_VERSION) throw new Error(`packet: version ${bytes[0]}, expected ${PACKET_VERSION}`);
  const slice = (from: number, to?: number) => ethers.hexlify(bytes.slice(from, to));
  return {
    nonce: BigInt(slice(1, 9)),
    srcEid: Number(BigInt(slice(9, 13))),
    sender: slice(13, 45),
    dstEid: Number(BigInt(slice(45, 49))),
    receiver: ethers.getAddress(ethers.dataSlice(slice(49, 81), 12)),
    guid: slice(HEADER_BYTES, GUID_END),
    message: slice(GUID_END),
    header: slice(0, HEADER_BYTES),
    payloadHash: ethers.keccak256(bytes.slice(HEADER_BYTES)),
  };
}

const OPTIONS_TYPE_3 = 3;
const EXECUTOR_WORKER_ID = 1;
const LZ_RECEIVE_OPTION = 1;

/** Type-3 options with one executor `lzReceive` option: gas for the receiver, and native value to pass. */
export function lzReceiveOption(gas: bigint, value = 0n): string {
  const option = value === 0n ? ethers.solidityPacked(["uint128"], [gas]) : ethers.solidityPacked(["uint128", "uint128"], [gas, value]);
  const size = ethers.dataLength(option) + 1;
  return ethers.solidityPacked(["uint16", "uint8", "uint16", "uint8", "bytes"], [OPTIONS_TYPE_3, EXECUTOR_WORKER_ID, size, LZ_RECEIVE_OPTION, option]);
}

/** The executor's `lzReceive` gas and value in type-3 options (summed over repeated options, as the protocol does). */
export function executorLzReceive(options: string): { gas: bigint; value: bigint } {
  const bytes = ethers.getBytes(options);
  if (bytes.length < 2) throw new Error(`options: ${bytes.length} bytes, too short for a type`);
  const type = (bytes[0] << 8) | bytes[1];
  if (type !== OPTIONS_TYPE_3) throw new Error(`options: type ${type}, the relayer reads type 3 only`);
  let gas = 0n;
  let value = 0n;
  let at = 2;
  while (at < bytes.length) {
    if (at + 3 > bytes.length) throw new Error(`options: truncated worker option at byte ${at}`);
    const worker = bytes[at];
    const size = (bytes[at + 1] << 8) | bytes[at + 2];
    const body = bytes.slice(at + 3, at + 3 + size);
    if (body.length !== size || size === 0) throw new Error(`options: worker option at byte ${at} declares ${size} bytes, has ${body.length}`);
    if (worker === EXECUTOR_WORKER_ID && body[0] === LZ_RECEIVE_OPTION) {
      const data = body.slice(1);
      if (data.length !== 16 && data.length !== 32) throw new Error(`options: lzReceive option of ${data.length} bytes (16 or 32 expected)`);
      gas += BigInt(ethers.hexlify(data.slice(0, 16)));
      if (data.length === 32) value += BigInt(ethers.hexlify(data.slice(16)));
    }
    at += 3 + size;
  }
  return { gas, value };
}
