/**
 * A store synced from several chains' subgraphs (the indexer's `chain` column) as one ledger.
 *
 * - Each chain's rows are mapped as a one-chain store of that chain (storeEvents.ts): every event is on its
 *   row's chain, so a wallet is (chain, vault address) and lot ids off the home chain carry the chain.
 * - The chains' events are merged by time; at the same second the lower chain id's come first, each
 *   chain's own in chain order.
 * - The bridge's BridgeTransfer rows (keyed by LayerZero's guid, one row per chain that saw a side: the
 *   sending side from OFTSent, the receiving side from OFTReceived) become the engine's bridge events
 *   (engine/bridges.ts): from `sender` on the sending chain to `recipient` on the receiving chain, the units
 *   sent and received, both legs' "<hash>:<logIndex>" and the guid. A transfer a vault's cross-chain mover sent
 *   has `senderVault` (the subgraph's MoveSent): the sending wallet is that vault, whose lots go across, not the
 *   mover, the OFT's sender, which held the units only for the call. A transfer with one side in the store
 *   (a delivery not indexed yet, or the other chain not synced) is refused, naming the guid and the side
 *   seen: its units are neither guessed to have arrived nor left where they were.
 * - The bridge moves the stablecoin (bridge/README.md: the OFT adapter locks the home stablecoin, and the
 *   bridged coin has the same six decimals), the store's one Asset with isStable; it is valued at the last
 *   accepted PriceUpdate of that asset at or before the send.
 */
import { HOME_CHAIN } from "../engine/chains";
import { divRound, MONEY_DIGITS } from "../engine/fixed";
import type { LedgerEvent } from "../engine/model";
import { InputError } from "../errors";
import { LIQUIDITY_TABLES } from "./liquidity/liquidityEvents";
import { RowReader, storeRowsToLedger, type StoreLedger, type StoreMappingOptions, type StoreRow, type StoreRows } from "./storeEvents";

/** The store's column naming a row's chain (the indexer's CHAIN_COLUMN). */
export const CHAIN_FIELD = "chain";

/** Maps a store's rows, of one chain or several, to ledger events. */
export function storeChainsToLedger(rows: StoreRows, options: StoreMappingOptions = {}): StoreLedger {
  const store = options.store ?? "store";
  const bridges = bridgeEvents(rows, store, options);
  const byChain = splitByChain(rows, [...bridges.keys()]);
  const chains = [...byChain.keys()];
  if (options.chain !== undefined && chains.length > 0 && !(chains.length === 1 && chains[0] === options.chain)) {
    throw new InputError(
      `store ${store}: --chain ${options.chain} names the chain of a one-chain store, but its rows are on chain${chains.length > 1 ? "s" : ""} ${chains.join(", ")} ` +
        `(the chain each row was synced from); leave --chain out`,
    );
  }
  const ledgers: { chain: number; ledger: StoreLedger }[] = [];
  for (const [chain, subset] of byChain) {
    ledgers.push({ chain, ledger: storeRowsToLedger(subset, { ...options, chain, bridges: bridges.get(chain) }) });
  }
  if (ledgers.length === 0) return storeRowsToLedger(rows, options);
  return mergeLedgers(ledgers, bridges);
}

const ROW_TABLES = ["Asset", "Lot", "Disposal", "Withdrawal", "LotIdentification", ...LIQUIDITY_TABLES] as const;

/**
 * The rows of each chain (by their chain column), in chain id order, with an entry for each chain a bridge
 * was sent from even if the store has no other row of it (a chain whose subgraph indexes the bridge alone).
 * Rows without a chain column are not split.
 */
function splitByChain(rows: StoreRows, bridgeChains: number[]): Map<number, StoreRows> {
  const out = new Map<number, StoreRows>();
  const chainOfRow = (row: StoreRow) => (row[CHAIN_FIELD] === undefined || row[CHAIN_FIELD] === null ? undefined : Number(row[CHAIN_FIELD]));
  for (const table of ROW_TABLES) {
    const list = (rows as unknown as Record<string, StoreRow[] | undefined>)[table];
    for (const row of list ?? []) {
      const chain = chainOfRow(row);
      if (chain === undefined) return new Map();
      if (!out.has(chain)) out.set(chain, { Asset: [], Lot: [], Disposal: [], Withdrawal: [] });
      const subset = out.get(chain)! as unknown as Record<string, StoreRow[]>;
      (subset[table] ??= []).push(row);
    }
  }
  for (const chain of bridgeChains) if (!out.has(chain)) out.set(chain, { Asset: [], Lot: [], Disposal: [], Withdrawal: [] });
  // every chain sees the Asset rows of its own subgraph; a chain with lots but without assets reads the others'
  for (const subset of out.values()) {
    if (subset.Asset.length === 0) subset.Asset = rows.Asset;
    if (rows.LotIdentification && !subset.LotIdentification) subset.LotIdentification = [];
  }
  return new Map([...out.entries()].sort((a, b) => a[0] - b[0]));
}

/** The chains' events merged by time (stable: a chain's own order is kept), lower chain ids first at a tie. */
function mergeLedgers(ledgers: { chain: number; ledger: StoreLedger }[], bridges: Map<number, unknown[]>): StoreLedger {
  const tagged = ledgers.flatMap(({ chain, ledger }) => ledger.events.map((event, i) => ({ chain, i, event })));
  tagged.sort((a, b) => a.event.time - b.event.time || a.chain - b.chain || a.i - b.i);
  const counts: StoreLedger["counts"] = { lots: 0, disposals: 0, withdrawals: 0, skippedStable: 0, identifiedDisposals: 0 };
  let liquidity = 0;
  for (const { ledger } of ledgers) {
    for (const k of ["lots", "disposals", "withdrawals", "skippedStable", "identifiedDisposals"] as const) counts[k] += ledger.counts[k];
    liquidity += ledger.counts.liquidityEvents ?? 0;
  }
  if (liquidity > 0) counts.liquidityEvents = liquidity;
  const bridged = [...bridges.values()].reduce((n, list) => n + list.length, 0);
  if (bridged > 0) counts.bridges = bridged;
  return { events: tagged.map((t) => t.event), notes: ledgers.flatMap((l) => l.ledger.notes), counts, lpReading: ledgers[0].ledger.lpReading };
}

interface Side {
  chain: number;
  reader: RowReader;
}

/** The bridge's transfers as bridge events, by the chain that sent them. */
export function bridgeEvents(rows: StoreRows, store: string, options: StoreMappingOptions): Map<number, { block: bigint; logIndex: bigint; event: LedgerEvent }[]> {
  const out = new Map<number, { block: bigint; logIndex: bigint; event: LedgerEvent }[]>();
  const list = rows.BridgeTransfer ?? [];
  if (list.length === 0) return out;
  const sides = new Map<string, { sent?: Side; received?: Side }>();
  list.forEach((row, i) => {
    const reader = new RowReader("BridgeTransfer", row, i, store);
    const chain = row[CHAIN_FIELD] === undefined || row[CHAIN_FIELD] === null ? reader.fail(CHAIN_FIELD, "missing: a bridge transfer's chain is the chain its row was synced from") : Number(row[CHAIN_FIELD]);
    const guid = reader.id.toLowerCase();
    const entry = sides.get(guid) ?? {};
    for (const side of ["sent", "received"] as const) {
      if (!present(row[`${side}TransactionHash`])) continue;
      const before = entry[side];
      if (before) reader.fail(`${side}TransactionHash`, `the ${side === "sent" ? "sending" : "receiving"} side is also on chain ${before.chain}`);
      entry[side] = { chain, reader };
    }
    sides.set(guid, entry);
  });
  const stable = stablecoin(rows, store);
  for (const [guid, { sent, received }] of sides) {
    if (!sent || !received) {
      const what = sent ? `sent on chain ${sent.chain} (tx ${sent.reader.text("sentTransactionHash")}) and not yet received` : `received on chain ${received!.chain} (tx ${received!.reader.text("receivedTransactionHash")}) without its sending side`;
      throw new InputError(
        `store ${store}: BridgeTransfer ${guid} is ${what}: the store holds one side of it, so where its units are is not known ` +
          `(sync the ${sent ? "receiving" : "sending"} chain's subgraph once the delivery is indexed)`,
      );
    }
    if (sent.chain === received.chain) sent.reader.fail("receivedTransactionHash", `both sides are on chain ${sent.chain}`);
    if (options.stablecoinsAsCash) continue;
    const event = bridgeEvent(guid, sent, received, stable, rows.PriceUpdate ?? [], store, options.label);
    const block = sent.reader.natural("sentBlock");
    const logIndex = sent.reader.natural("sentLogIndex");
    const forChain = out.get(sent.chain) ?? [];
    forChain.push({ block, logIndex, event });
    out.set(sent.chain, forChain);
  }
  return out;
}

const present = (v: unknown) => v !== null && v !== undefined && String(v) !== "";

/** The stablecoin, by its symbol, with its token's address on each chain whose Asset rows the store has. */
interface StableAsset {
  ids: Set<string>;
  name: string;
  decimals: number;
}

/** The stablecoin the bridge moves: the one asset the store marks isStable (by symbol, on any chain). */
function stablecoin(rows: StoreRows, store: string): StableAsset {
  const stable = new Map<string, StableAsset>();
  rows.Asset.forEach((row, i) => {
    const r = new RowReader("Asset", row, i, store);
    if (!r.bool("isStable")) return;
    const symbol = r.text("symbol");
    const known = stable.get(symbol) ?? { ids: new Set<string>(), name: symbol, decimals: r.decimals() };
    if (known.decimals !== r.decimals()) r.fail("decimals", `the stablecoin ${symbol} has ${known.decimals} decimals on another chain`);
    known.ids.add(r.id.toLowerCase());
    stable.set(symbol, known);
  });
  if (stable.size !== 1) {
    throw new InputError(
      `store ${store}: its BridgeTransfer rows move the stablecoin, but the store has ${stable.size === 0 ? "no Asset with isStable" : `${stable.size} (${[...stable.keys()].join(", ")})`}; ` +
        `sync the home chain's subgraph (its Asset rows) into the store`,
    );
  }
  return [...stable.values()][0];
}

/** A USD value: `units` (1e-18) at the last accepted price of the asset at or before `time` (ms). */
function valueAtSend(units: bigint, asset: StableAsset, time: number, prices: StoreRow[], store: string, guid: string): bigint {
  let best: { at: bigint; raw: bigint } | undefined;
  prices.forEach((row, i) => {
    const r = new RowReader("PriceUpdate", row, i, store);
    if (!asset.ids.has(r.text("asset").toLowerCase()) || !r.bool("accepted")) return;
    const at = r.natural("timestamp");
    if (at * 1000n > BigInt(time)) return;
    if (!best || at >= best.at) best = { at, raw: r.natural("priceRaw") };
  });
  if (!best) throw new InputError(`store ${store}: BridgeTransfer ${guid}: no accepted price of ${asset.name} at or before its send, to value it`);
  // units (1e-18) × price (1e-18 USD) → 1e-12 USD
  return divRound(units * (best as { raw: bigint }).raw, 10n ** BigInt(36 - MONEY_DIGITS));
}

function bridgeEvent(guid: string, sent: Side, received: Side, asset: StableAsset, prices: StoreRow[], store: string, label?: string): LedgerEvent {
  const s = sent.reader;
  const r = received.reader;
  const quantity = s.quantity("amountSent", asset.decimals);
  const arrived = r.quantity("amountReceived", asset.decimals);
  if (arrived > quantity) r.fail("amountReceived", `more than the ${s.text("amountSent")} base units sent on chain ${sent.chain}`);
  const time = Number(s.natural("sentTimestamp")) * 1000;
  const leg = (reader: RowReader, side: "sent" | "received") => {
    const hash = reader.text(`${side}TransactionHash`).toLowerCase();
    if (!/^0x[0-9a-f]{64}$/.test(hash)) reader.fail(`${side}TransactionHash`, "not a 32-byte hex transaction hash");
    const logIndex = Number(reader.natural(`${side}LogIndex`));
    return { raw: `${hash}:${logIndex}`, hash, logIndex };
  };
  const address = (reader: RowReader, field: string) => {
    const a = reader.text(field).toLowerCase();
    if (!/^0x[0-9a-f]{40}$/.test(a)) reader.fail(field, "not a 20-byte hex address");
    return a;
  };
  const event: LedgerEvent = {
    kind: "bridge",
    wallet: present(s.row.senderVault) ? address(s, "senderVault") : address(s, "sender"),
    asset: asset.name,
    time,
    quantity,
    value: valueAtSend(quantity, asset, time, prices, store, guid),
    fee: 0n,
    tx: leg(s, "sent"),
    toWallet: address(r, "recipient"),
    toChain: received.chain,
    toTx: leg(r, "received"),
    message: guid,
    source: { file: `${label ?? store} BridgeTransfer ${guid} (chains ${sent.chain} and ${received.chain})`, line: s.index + 1 },
  };
  if (sent.chain !== HOME_CHAIN) event.chain = sent.chain;
  if (arrived < quantity) event.received = arrived;
  return event;
}
