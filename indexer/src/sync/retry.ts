import { GraphNodeError } from "../client/graph-node";

export interface RetryPolicy {
  attempts: number;
  baseMs: number;
  maxMs: number;
  onRetry?: (err: GraphNodeError, attempt: number, waitMs: number) => void;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseMs: 250, maxMs: 10_000 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn`, retrying graph-node failures that may pass (unreachable, 5xx, indexing errors) with backoff. */
export async function withRetry<T>(fn: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof GraphNodeError) || !err.retryable || attempt >= policy.attempts) {
        if (err instanceof GraphNodeError && err.retryable) {
          throw new GraphNodeError(`gave up after ${attempt} attempts: ${err.message}`, false);
        }
        throw err;
      }
      const waitMs = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
      policy.onRetry?.(err, attempt, waitMs);
      await sleep(waitMs);
    }
  }
}
