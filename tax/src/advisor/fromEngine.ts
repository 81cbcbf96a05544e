/** Adapters from the tax engine's lots and ledger events to the advisor's inputs. */
import { ACQUISITION_KINDS, type LedgerEvent, type Lot } from "../engine/model";
import type { Acquisition, OpenLot } from "./types";

/** Open lots of an engine run (`TaxEngine.run(...).lots` or `openLots()`) as advisor lots. */
export function openLotsFromEngine(lots: readonly Lot[]): OpenLot[] {
  return lots
    .filter((l) => l.remaining > 0n)
    .map((l) => ({
      id: l.id,
      wallet: l.wallet,
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
