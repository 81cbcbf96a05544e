import { Address, BigInt, Bytes, ethereum, log } from "@graphprotocol/graph-ts";
import { Proposal, ProposalVote } from "../../generated/schema";
import { eventId } from "./ids";

const AGAINST = 0;
const FOR = 1;
const ABSTAIN = 2;

export function createProposal(
  event: ethereum.Event, proposalId: BigInt, proposer: Address, targets: Address[], values: BigInt[], calldatas: Bytes[],
  voteStart: BigInt, voteEnd: BigInt, description: string,
): void {
  const p = new Proposal(proposalId.toString());
  p.governor = event.address;
  p.proposer = proposer;
  p.description = description;
  p.targets = changetype<Bytes[]>(targets);
  p.values = values;
  p.calldatas = calldatas;
  p.voteStart = voteStart;
  p.voteEnd = voteEnd;
  p.status = "ACTIVE";
  p.forVotes = BigInt.zero();
  p.againstVotes = BigInt.zero();
  p.abstainVotes = BigInt.zero();
  p.voteCount = 0;
  p.createdAt = event.block.timestamp;
  p.createdTransaction = event.transaction.hash;
  p.save();
}

/** A vote: recorded, and its weight added to its side's total. */
export function castVote(event: ethereum.Event, voter: Address, proposalId: BigInt, support: i32, weight: BigInt, reason: string): void {
  const p = Proposal.load(proposalId.toString());
  if (p == null) {
    log.warning("vote on unknown proposal {} in tx {}", [proposalId.toString(), event.transaction.hash.toHexString()]);
    return;
  }
  if (support == FOR) p.forVotes = p.forVotes.plus(weight);
  else if (support == AGAINST) p.againstVotes = p.againstVotes.plus(weight);
  else if (support == ABSTAIN) p.abstainVotes = p.abstainVotes.plus(weight);
  else log.warning("vote with unknown support {} on proposal {}", [support.toString(), proposalId.toString()]);
  p.voteCount = p.voteCount + 1;
  p.save();

  const v = new ProposalVote(eventId(event));
  v.proposal = p.id;
  v.voter = voter;
  v.support = support;
  v.weight = weight;
  v.reason = reason;
  v.blockNumber = event.block.number;
  v.timestamp = event.block.timestamp;
  v.transactionHash = event.transaction.hash;
  v.logIndex = event.logIndex;
  v.save();
}

/** ProposalQueued / ProposalExecuted / ProposalCanceled. */
export function setProposalStatus(event: ethereum.Event, proposalId: BigInt, status: string, eta: BigInt | null): void {
  const p = Proposal.load(proposalId.toString());
  if (p == null) return;
  p.status = status;
  if (status == "QUEUED") {
    p.queuedAt = event.block.timestamp;
    p.eta = eta;
  } else if (status == "EXECUTED") {
    p.executedAt = event.block.timestamp;
    p.executedTransaction = event.transaction.hash;
  } else if (status == "CANCELED") {
    p.canceledAt = event.block.timestamp;
  }
  p.save();
}
