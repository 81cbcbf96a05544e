/** Adapters from the tax engine's lots and ledger events to the advisor's inputs. */
import { walletName } from "../engine/chains";
import { ACQUISITION_KINDS, type LedgerEvent, type Lot } from "../engine/model";
import type { Acquisition, OpenLot } from "./types";

/**
 * Open lots of an engine run (`TaxEngine.run(...).lots` or `openLots()`) as advisor lots. A wallet is
 * (chain, address): off the home chain a lot's wallet is named with its chain ("0xabc on chain 412346"),
 * so the same address on two chains is advised as two wallets.
 */
export function openLotsFromEngine(lots: readonly Lot[]): OpenLot[] {
  return lots
    .filter((l) => l.remaining > 0n)
    .map((l) => ({
      id: l.id,
      wallet: walletName(l.chain, l.wallet),
      asset: l.asset,
      quantity: l.remaining,
      basis: l.basisRemaining,
      acquiredDay: l.acquiredDay,
      holdingPeriodStartDay: l.holdingPeriodStartDay,
    }));
}

/** The acquisitions (buys, income, deposits) among ledger events at or after `sinceSeconds`. */
export function acquisitionsFromLedger(events: readonly LedgerEvent[], sinceSeconds = 0): Acquisition[] {
  const out: Acquisition[] = [];
  for (const e of events) {
    if (!ACQUISITION_KINDS.has(e.kind)) continue;
    const time = Math.floor(e.time / 1000);
    if (time < sinceSeconds) continue;
    out.push({ wallet: e.wallet, asset: e.asset, time, quantity: e.quantity, kind: e.kind });
  }
  return out;
}
