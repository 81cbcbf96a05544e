/**
 * Sending the stablecoin across: quote the native fee, approve the adapter (home chain only: the adapter
 * pulls and locks the stablecoin; the bridged OFT burns from the sender directly), send, and read the
 * message id (guid) from the OFT's `OFTSent` event.
 */
import { ethers } from "ethers";
import { ownArtifact } from "./artifacts";
import { addressToBytes32 } from "./chains";
import type { BridgeSide } from "./deploy";

export interface SentTransfer {
  guid: string;
  nonce: bigint;
  amount: bigint;
  /** Native fee paid to the send library (the relayer's verify + delivery fees). */
  nativeFee: bigint;
  tx: string;
  block: number;
  gasUsed: bigint;
  /** Gas of the approval that preceded the send (0 when none was needed). */
  approveGasUsed: bigint;
}

const ERC20_ABI = [
  "function approve(address spender, uint256 amount) returns (bool)",
  "function allowance(address owner, address spender) view returns (uint256)",
  "function balanceOf(address) view returns (uint256)",
];

/** The OApp on `side` (adapter or bridged OFT), bound to `runner`. */
export function oftContract(side: BridgeSide, runner: ethers.ContractRunner): ethers.Contract {
  const name = side.oft === side.token ? "BridgedStablecoin" : "StablecoinOFTAdapter";
  return new ethers.Contract(side.oft, ownArtifact(name).abi, runner);
}

/** The stablecoin users hold on `side`. */
export function tokenContract(side: BridgeSide, runner: ethers.ContractRunner): ethers.Contract {
  return new ethers.Contract(side.token, ERC20_ABI, runner);
}

/**
 * Sends `amount` (base units, 6 decimals) of the stablecoin from `signer` on `from` to `to` (an address)
 * on `destination`'s chain; refuses a zero amount and a sender without the balance before any transaction.
 */
export async function sendStablecoin(from: BridgeSide, destination: BridgeSide, signer: ethers.Signer, to: string, amount: bigint): Promise<SentTransfer> {
  if (amount <= 0n) throw new Error(`sendStablecoin: amount ${amount} must be positive`);
  const sender = await signer.getAddress();
  const token = tokenContract(from, signer);
  const balance: bigint = await token.balanceOf(sender);
  if (balance < amount) throw new Error(`sendStablecoin: ${sender} holds ${balance} on ${from.chain.name}, asked to send ${amount}`);
  const oft = oftContract(from, signer);
  const params = {
    dstEid: destination.chain.eid,
    to: addressToBytes32(to),
    amountLD: amount,
    minAmountLD: amount,
    extraOptions: "0x",
    composeMsg: "0x",
    oftCmd: "0x",
  };
  const [nativeFee] = (await oft.quoteSend(params, false)) as [bigint, bigint];
  let approveGasUsed = 0n;
  if (from.oft !== from.token && (await token.allowance(sender, from.oft)) < amount) {
    const approval = await (await token.approve(from.oft, amount)).wait();
    approveGasUsed = approval!.gasUsed;
  }
  const tx = await oft.send(params, { nativeFee, lzTokenFee: 0n }, sender, { value: nativeFee });
  const receipt = await tx.wait();
  if (!receipt || receipt.status !== 1) throw new Error(`sendStablecoin: send ${tx.hash} reverted`);
  const sent = receipt.logs.map((log: ethers.Log) => oft.interface.parseLog(log)).find((e: ethers.LogDescription | null) => e?.name === "OFTSent");
  if (!sent) throw new Error(`sendStablecoin: ${tx.hash} emitted no OFTSent`);
  const endpoint = new ethers.Contract(await oft.endpoint(), ["function outboundNonce(address,uint32,bytes32) view returns (uint64)"], signer);
  const nonce: bigint = await endpoint.outboundNonce(from.oft, destination.chain.eid, addressToBytes32(destination.oft), { blockTag: receipt.blockNumber });
  return { guid: sent.args.guid, nonce, amount, nativeFee, tx: receipt.hash, block: receipt.blockNumber, gasUsed: receipt.gasUsed, approveGasUsed };
}
