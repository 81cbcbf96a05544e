import { createHash } from "node:crypto";
import { TaxUserError } from "../errors";

export interface WebhookOptions {
  attempts?: number;
  /** first retry delay in ms; doubles each attempt */
  backoffMs?: number;
  timeoutMs?: number;
}

/** The idempotency key of a payload: the same results always carry the same key. */
export function idempotencyKey(body: string): string {
  return createHash("sha256").update(body).digest("hex");
}

/**
 * POSTs `payload` as JSON with an `Idempotency-Key` header, retrying network errors, timeouts, 429 and
 * 5xx with exponential backoff. A receiver can drop repeats by key. Other 4xx responses are not retried.
 */
export async function pushWebhook(url: string, payload: unknown, opts: WebhookOptions = {}): Promise<{ status: number; attempts: number; key: string }> {
  const attempts = opts.attempts ?? 5;
  const backoff = opts.backoffMs ?? 250;
  const body = JSON.stringify(payload);
  const key = idempotencyKey(body);
  let lastError = "";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": key },
        body,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
      await res.arrayBuffer();
      if (res.ok) return { status: res.status, attempts: attempt, key };
      lastError = `HTTP ${res.status}`;
      if (res.status < 500 && res.status !== 429) break;
    } catch (err) {
      lastError = (err as Error).message;
    }
    if (attempt < attempts) await new Promise((r) => setTimeout(r, backoff * 2 ** (attempt - 1)));
  }
  throw new TaxUserError(`--webhook ${url}: delivery failed (${lastError}); the reports were written`, 4);
}
