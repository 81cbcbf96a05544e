import { ProposalCanceled, ProposalCreated, ProposalExecuted, ProposalQueued, VoteCast } from "../../generated/Governor/Governor";
import { castVote, createProposal, setProposalStatus } from "../entities/proposal";

export function handleProposalCreated(event: ProposalCreated): void {
  const p = event.params;
  createProposal(event, p.proposalId, p.proposer, p.targets, p.values, p.calldatas, p.voteStart, p.voteEnd, p.description);
}

export function handleVoteCast(event: VoteCast): void {
  const p = event.params;
  castVote(event, p.voter, p.proposalId, p.support, p.weight, p.reason);
}

export function handleProposalQueued(event: ProposalQueued): void {
  setProposalStatus(event, event.params.proposalId, "QUEUED", event.params.etaSeconds);
}

export function handleProposalExecuted(event: ProposalExecuted): void {
  setProposalStatus(event, event.params.proposalId, "EXECUTED", null);
}

export function handleProposalCanceled(event: ProposalCanceled): void {
  setProposalStatus(event, event.params.proposalId, "CANCELED", null);
}
