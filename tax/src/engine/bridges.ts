import { InputError, where } from "../errors";
import { chainOf } from "./chains";
import { mulDivRound } from "./fixed";
import type { BridgedTokenRule, BridgeLink, LedgerEvent } from "./model";

/**
 * Expands each `bridge` event into the events the engine already knows, in this order:
 * 1. the bridge's fee in the token (quantity − received units, when any): a `sell` of those units from
 *    the source wallet at fair market value (their share of the bridge's value), since a fee paid in a
 *    token is a disposal of that token (../shared/docs/TAX-RULES.md);
 * 2. the received units, by `rule`:
 *    - "transfer": a `transfer` from the source wallet to the destination wallet (another chain) that
 *      carries the lots' basis, dates and holding period;
 *    - "disposal": a `sell` of the units at fair market value from the source wallet and a `buy` of the
 *      same units at that value in the destination wallet (holding period restarts).
 * Every event made carries both legs (`bridge`). Other events are returned as they are, in order.
 */
export function expandBridges(events: readonly LedgerEvent[], rule: BridgedTokenRule): LedgerEvent[] {
  let any = false;
  for (const e of events) if (e.kind === "bridge") any = true;
  if (!any) return events as LedgerEvent[];
  const out: LedgerEvent[] = [];
  for (const e of events) {
    if (e.kind === "bridge") expandOne(e, rule, out);
    else out.push(e);
  }
  return out;
}

function expandOne(e: LedgerEvent, rule: BridgedTokenRule, out: LedgerEvent[]): void {
  const from = chainOf(e);
  if (e.toWallet === undefined || e.toChain === undefined || e.toTx === undefined) {
    throw new InputError(`${where(e.source)}: a bridge needs the receiving wallet, its chain and the destination transaction`);
  }
  if (e.toChain === from) throw new InputError(`${where(e.source)}: a bridge to the chain it comes from (${from}); a move on one chain is a transfer`);
  if (e.fee !== 0n) {
    throw new InputError(`${where(e.source)}: a bridge carries no USD fee: its fee in ${e.asset} is the units sent minus the units received; a fee paid in another token is a sale of that token`);
  }
  const received = e.received ?? e.quantity;
  if (received <= 0n || received > e.quantity) throw new InputError(`${where(e.source)}: a bridge must receive more than 0 and at most the units sent`);
  const bridge: BridgeLink = { fromChain: from, fromWallet: e.wallet, tx: e.tx, toChain: e.toChain, toWallet: e.toWallet, toTx: e.toTx, time: e.time };
  if (e.message) bridge.message = e.message;
  const base = { chain: e.chain, wallet: e.wallet, asset: e.asset, time: e.time, tx: e.tx, lot: e.lot, source: e.source, bridge };
  const feeUnits = e.quantity - received;
  const receivedValue = feeUnits === 0n ? e.value : mulDivRound(e.value, received, e.quantity);
  if (feeUnits > 0n) out.push({ ...base, kind: "sell", quantity: feeUnits, value: e.value - receivedValue, fee: 0n });
  if (rule === "transfer") {
    out.push({ ...base, kind: "transfer", quantity: received, value: receivedValue, fee: 0n, toWallet: e.toWallet, toChain: e.toChain, toTx: e.toTx });
    return;
  }
  out.push({ ...base, kind: "sell", quantity: received, value: receivedValue, fee: 0n });
  out.push({ kind: "buy", chain: e.toChain, wallet: e.toWallet, asset: e.asset, time: e.time, tx: e.toTx, source: e.source, bridge, quantity: received, value: receivedValue, fee: 0n });
}
