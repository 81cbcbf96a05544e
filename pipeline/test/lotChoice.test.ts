import { test } from "node:test";
import assert from "node:assert/strict";
import { computeGains, type LedgerEvent } from "@lotgraph/tax";
import { lotChoiceCounts } from "../src/taxYears";

const E18 = 10n ** 18n;
const USD = 10n ** 12n;
const T0 = Date.UTC(2025, 0, 1);
const ref = (n: number, log = 0) => {
  const hash = "0x" + n.toString(16).padStart(64, "0");
  return { raw: `${hash}:${log}`, hash, logIndex: log };
};
const ev = (kind: LedgerEvent["kind"], day: number, n: number, usd: bigint, extra: Partial<LedgerEvent> = {}): LedgerEvent => ({
  kind, wallet: "vault", asset: "X", time: T0 + day * 86_400_000, quantity: E18, value: usd * USD, fee: 0n, tx: ref(n), lot: kind === "buy" ? `lot-${n}` : undefined, ...extra,
});

test("the main job's reports count each sale once, by whether the chain named its lots (specific ID) or HIFO chose them", () => {
  const ledger = [
    ev("buy", 0, 1, 100n),
    ev("buy", 1, 2, 300n),
    ev("buy", 2, 3, 200n, { quantity: 2n * E18 }),
    // named on chain: the $100 lot, though HIFO would take the $300 one
    ev("harvest", 10, 4, 90n, { identified: [{ lot: "lot-1", quantity: E18, tx: ref(4, 3) }] }),
    // no lots named: HIFO takes the $300 lot
    ev("swap", 11, 5, 250n),
    // named on chain, two lots' worth in one sale: still one sale
    ev("harvest", 12, 6, 150n, { quantity: 2n * E18, identified: [{ lot: "lot-3", quantity: 2n * E18, tx: ref(6, 3) }] }),
  ];
  const result = computeGains(ledger, { method: "specific", specificFallback: "hifo" });
  assert.deepEqual(result.disposals.map((d) => d.lots.map((m) => m.lotId)), [["lot-1"], ["lot-2"], ["lot-3"]]);
  assert.deepEqual(lotChoiceCounts(result.disposals), { specific: 2, hifo: 1 });
  assert.deepEqual(lotChoiceCounts([]), { specific: 0, hifo: 0 });
});
