import { Address, BigInt, Bytes, dataSource, ethereum, log } from "@graphprotocol/graph-ts";
import { CrossChainMove, CrossChainMover, Vault } from "../../generated/schema";
import { debitSendingVault } from "./bridge";

export const IN_FLIGHT = "IN_FLIGHT";
export const SETTLED = "SETTLED";

/** keccak256("CHAIN_MOVER"): the vault role of the cross-chain mover (Vault.CHAIN_MOVER). */
export const CHAIN_MOVER_ROLE = Bytes.fromHexString("0xd0c7672cf1647d823edeb6ebd99e005e9c2bd0f2b1db1cef7d7df187858784f9");
/** The selector of CrossChainMover.move(uint256 amount, uint256 minReceived). */
const MOVE_SELECTOR = "0x0867408f";

export function getOrCreateMover(address: Address): CrossChainMover {
  let m = CrossChainMover.load(address);
  if (m == null) {
    m = new CrossChainMover(address);
    m.network = dataSource.network();
    m.inFlightAmount = BigInt.zero();
    m.moveCount = 0;
    m.settledCount = 0;
    m.cumulativeAmountSent = BigInt.zero();
    m.cumulativeNativeFee = BigInt.zero();
    m.cumulativeFeesFunded = BigInt.zero();
    m.cumulativeFeesWithdrawn = BigInt.zero();
    m.unmatchedSettleCount = 0;
  }
  return m;
}

/** The vault's ModuleSet for CHAIN_MOVER: the mover is that vault's (a zero module unsets nothing here). */
export function recordMoverOfVault(vault: Bytes, role: Bytes, module: Address): void {
  if (!role.equals(CHAIN_MOVER_ROLE) || module.equals(Address.zero())) return;
  const m = getOrCreateMover(module);
  m.vault = vault;
  m.save();
}

/** The keeper's minReceived when the transaction called move(amount, minReceived) on the mover itself, else null. */
function minReceivedOf(event: ethereum.Event): BigInt | null {
  const to = event.transaction.to;
  const input = event.transaction.input;
  if (to === null || !(to as Address).equals(event.address) || input.length != 68) return null;
  if (Bytes.fromUint8Array(input.subarray(0, 4)).toHexString() != MOVE_SELECTOR) return null;
  const decoded = ethereum.decode("(uint256,uint256)", Bytes.fromUint8Array(input.subarray(4)));
  if (decoded == null) return null;
  return decoded.toTuple()[1].toBigInt();
}

/** MoveSent: a move in flight under its guid, linked to the OFT transfer of the same guid and the mover's vault. */
export function recordMoveSent(
  event: ethereum.Event, guid: Bytes, dstEid: i32, peerVault: Address,
  amountSent: BigInt, amountReceived: BigInt, nativeFee: BigInt, nonce: BigInt,
): void {
  const mover = getOrCreateMover(event.address);
  if (CrossChainMove.load(guid) != null) {
    log.warning("MoveSent: guid {} already recorded (tx {}, log {}); the first is kept", [
      guid.toHexString(), event.transaction.hash.toHexString(), event.logIndex.toString(),
    ]);
    return;
  }
  if (mover.vault === null) {
    log.warning("MoveSent: mover {} has no vault (no ModuleSet CHAIN_MOVER seen); move {} has none", [
      event.address.toHexString(), guid.toHexString(),
    ]);
  }
  const move = new CrossChainMove(guid);
  move.mover = mover.id;
  move.vault = mover.vault;
  move.transfer = guid;
  move.status = IN_FLIGHT;
  move.dstEid = dstEid;
  move.peerVault = peerVault;
  move.amountSent = amountSent;
  move.amountReceived = amountReceived;
  move.minReceived = minReceivedOf(event);
  move.nativeFee = nativeFee;
  move.nonce = nonce;
  move.network = dataSource.network();
  move.sentBlock = event.block.number;
  move.sentTimestamp = event.block.timestamp;
  move.sentTransactionHash = event.transaction.hash;
  move.sentLogIndex = event.logIndex;
  move.save();
  const vaultId = mover.vault;
  if (vaultId !== null) {
    const vault = Vault.load(vaultId);
    if (vault != null) debitSendingVault(guid, vault, amountSent, event.transaction.hash);
  }

  mover.moveCount = mover.moveCount + 1;
  mover.inFlightAmount = mover.inFlightAmount.plus(amountReceived);
  mover.cumulativeAmountSent = mover.cumulativeAmountSent.plus(amountSent);
  mover.cumulativeNativeFee = mover.cumulativeNativeFee.plus(nativeFee);
  const budget = mover.feeBudget;
  if (budget !== null) mover.feeBudget = budget.ge(nativeFee) ? budget.minus(nativeFee) : BigInt.zero();
  mover.save();
}

/** MoveSettled: the move leaves flight. An unknown or already settled guid is logged and changes nothing. */
export function recordMoveSettled(event: ethereum.Event, guid: Bytes, amount: BigInt): void {
  const mover = getOrCreateMover(event.address);
  const move = CrossChainMove.load(guid);
  if (move == null) {
    log.warning("MoveSettled: no MoveSent for guid {} on mover {} (tx {}, log {}); counted as unmatched", [
      guid.toHexString(), event.address.toHexString(), event.transaction.hash.toHexString(), event.logIndex.toString(),
    ]);
    mover.unmatchedSettleCount = mover.unmatchedSettleCount + 1;
    mover.save();
    return;
  }
  if (move.status == SETTLED) {
    log.warning("MoveSettled: move {} already settled (tx {}, log {}); the first settlement is kept", [
      guid.toHexString(), event.transaction.hash.toHexString(), event.logIndex.toString(),
    ]);
    return;
  }
  if (!amount.equals(move.amountReceived)) {
    log.warning("MoveSettled: move {} settled {} but was sent to receive {}", [guid.toHexString(), amount.toString(), move.amountReceived.toString()]);
  }
  move.status = SETTLED;
  move.settledAmount = amount;
  move.settledBlock = event.block.number;
  move.settledTimestamp = event.block.timestamp;
  move.settledTransactionHash = event.transaction.hash;
  move.settledLogIndex = event.logIndex;
  move.save();

  mover.settledCount = mover.settledCount + 1;
  // what was counted in flight for this move leaves, whatever the settle event says
  const left = mover.inFlightAmount.minus(move.amountReceived);
  mover.inFlightAmount = left.lt(BigInt.zero()) ? BigInt.zero() : left;
  mover.save();
}

export function recordRoute(mover: Address, dstEid: i32, peerVault: Address): void {
  const m = getOrCreateMover(mover);
  m.dstEid = dstEid;
  m.peerVault = peerVault;
  m.save();
}

export function recordMoveConfig(mover: Address, maxPerMove: BigInt, minInterval: BigInt, maxSlippageBps: BigInt, maxNativeFee: BigInt): void {
  const m = getOrCreateMover(mover);
  m.maxPerMove = maxPerMove;
  m.minInterval = minInterval;
  m.maxSlippageBps = maxSlippageBps;
  m.maxNativeFee = maxNativeFee;
  m.save();
}

export function recordFeeBudget(mover: Address, budget: BigInt): void {
  const m = getOrCreateMover(mover);
  m.feeBudget = budget;
  m.save();
}

export function recordFeesFunded(mover: Address, amount: BigInt): void {
  const m = getOrCreateMover(mover);
  m.cumulativeFeesFunded = m.cumulativeFeesFunded.plus(amount);
  m.save();
}

export function recordFeesWithdrawn(mover: Address, amount: BigInt): void {
  const m = getOrCreateMover(mover);
  m.cumulativeFeesWithdrawn = m.cumulativeFeesWithdrawn.plus(amount);
  m.save();
}
