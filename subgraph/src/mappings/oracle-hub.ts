import { ethereum } from "@graphprotocol/graph-ts";
import { CONFIG, recordChange } from "../entities/governance";
import {
  CircuitBreakerTripped,
  FeedAdded,
  FeedRemoved,
  PriceUpdated,
  SafeModeEntered,
  SafeModeExited,
} from "../../generated/OracleHub/OracleHub";
import { recordCircuitBreaker, recordFeedChange, recordPriceUpdate, recordSafeMode } from "../entities/oracle";

export function handleSafeModeEntered(event: SafeModeEntered): void {
  recordSafeMode(event, event.params.asset, true, event.params.reason, event.params.lastGoodPriceUsd);
}

export function handleSafeModeExited(event: SafeModeExited): void {
  recordSafeMode(event, event.params.asset, false, 0, event.params.priceUsd);
}

export function handlePriceUpdated(event: PriceUpdated): void {
  recordPriceUpdate(event);
}

export function handleCircuitBreakerTripped(event: CircuitBreakerTripped): void {
  recordCircuitBreaker(event);
}

export function handleFeedAdded(event: FeedAdded): void {
  recordFeedChange(event, event.params.asset, event.params.feed, true);
}

export function handleFeedRemoved(event: FeedRemoved): void {
  recordFeedChange(event, event.params.asset, event.params.feed, false);
}

// Role, pause and upgrade events (shared by every managed module).
export {
  handleManagementTransferStarted,
  handleManagementTransferred,
  handleKeeperSet,
  handleGuardianSet,
  handlePaused,
  handleUnpaused,
  handleUpgraded,
} from "./managed";

export function handleConfigSet(event: ethereum.Event): void {
  recordChange(event, CONFIG, "ConfigSet");
}

export function handleFeedHeartbeatSet(event: ethereum.Event): void {
  recordChange(event, CONFIG, "FeedHeartbeatSet");
}

export function handleSampleIntervalSet(event: ethereum.Event): void {
  recordChange(event, CONFIG, "SampleIntervalSet");
}

export function handleSequencerUptimeFeedSet(event: ethereum.Event): void {
  recordChange(event, CONFIG, "SequencerUptimeFeedSet");
}
