import { Address, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import { afterEach, assert, clearStore, describe, test } from "matchstick-as/assembly/index";
import { ProposalCreated, ProposalExecuted, ProposalQueued, VoteCast } from "../generated/Governor/Governor";
import { handleProposalCreated, handleProposalExecuted, handleProposalQueued, handleVoteCast } from "../src/mappings/governor";
import { DAY0, HEDGER, KEEPER, OWNER } from "./fixtures/events";
import { address, governanceEvent, p, uint } from "./fixtures/governance-events";

const GOVERNOR = Address.fromString("0x00000000000000000000000000000000000a0009");
const ID: i64 = 4242;

function created(): ProposalCreated {
  const targets = [ethereum.Value.fromAddress(HEDGER)];
  return changetype<ProposalCreated>(governanceEvent(GOVERNOR, 30, 0, DAY0, [
    p("proposalId", uint(ID)), p("proposer", address(KEEPER)),
    p("targets", ethereum.Value.fromArray(targets)), p("values", ethereum.Value.fromUnsignedBigIntArray([BigInt.zero()])),
    p("signatures", ethereum.Value.fromStringArray([""])), p("calldatas", ethereum.Value.fromBytesArray([Bytes.fromHexString("0x12345678")])),
    p("voteStart", uint(31)), p("voteEnd", uint(51)), p("description", ethereum.Value.fromString("Widen the hedge band to 12 %")),
  ]));
}

function vote(logIndex: i32, voter: Address, support: i32, weight: i64): VoteCast {
  return changetype<VoteCast>(governanceEvent(GOVERNOR, 35, logIndex, DAY0 + 60, [
    p("voter", address(voter)), p("proposalId", uint(ID)), p("support", ethereum.Value.fromI32(support)),
    p("weight", uint(weight)), p("reason", ethereum.Value.fromString("")),
  ]));
}

describe("Governor proposals", () => {
  afterEach(() => {
    clearStore();
  });

  test("a proposal's votes add their weight to their own side, and it goes ACTIVE → QUEUED → EXECUTED", () => {
    handleProposalCreated(created());
    const id = ID.toString();
    assert.fieldEquals("Proposal", id, "status", "ACTIVE");
    assert.fieldEquals("Proposal", id, "proposer", KEEPER.toHexString());
    assert.fieldEquals("Proposal", id, "targets", "[" + HEDGER.toHexString() + "]");
    assert.fieldEquals("Proposal", id, "description", "Widen the hedge band to 12 %");
    handleVoteCast(vote(0, OWNER, 1, 700));
    handleVoteCast(vote(1, KEEPER, 1, 300));
    handleVoteCast(vote(2, HEDGER, 0, 250));
    handleVoteCast(vote(3, GOVERNOR, 2, 40));
    assert.fieldEquals("Proposal", id, "forVotes", "1000");
    assert.fieldEquals("Proposal", id, "againstVotes", "250");
    assert.fieldEquals("Proposal", id, "abstainVotes", "40");
    assert.fieldEquals("Proposal", id, "voteCount", "4");
    assert.fieldEquals("ProposalVote", "000000000035-000002", "weight", "250");
    assert.fieldEquals("ProposalVote", "000000000035-000002", "support", "0");
    handleProposalQueued(changetype<ProposalQueued>(governanceEvent(GOVERNOR, 60, 0, DAY0 + 300, [p("proposalId", uint(ID)), p("etaSeconds", uint(DAY0 + 360))])));
    assert.fieldEquals("Proposal", id, "status", "QUEUED");
    assert.fieldEquals("Proposal", id, "eta", (DAY0 + 360).toString());
    handleProposalExecuted(changetype<ProposalExecuted>(governanceEvent(GOVERNOR, 70, 0, DAY0 + 400, [p("proposalId", uint(ID))])));
    assert.fieldEquals("Proposal", id, "status", "EXECUTED");
    assert.fieldEquals("Proposal", id, "executedAt", (DAY0 + 400).toString());
  });

  test("a vote on an unknown proposal is ignored", () => {
    handleVoteCast(vote(0, OWNER, 1, 700));
    assert.entityCount("ProposalVote", 0);
  });
});
