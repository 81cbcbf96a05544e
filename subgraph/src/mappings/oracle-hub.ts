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
