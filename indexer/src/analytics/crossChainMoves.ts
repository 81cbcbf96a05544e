/**
 * The vaults' cross-chain moves, from a store synced from both chains: each `CrossChainMove` (the sending chain's
 * row, keyed by LayerZero's guid) with the receiving side of its `BridgeTransfer` (the other chain's row of the same
 * guid, present once the delivery is indexed). Amounts stay in the stablecoin's base units (bigint) and are
 * turned into whole tokens only with the stablecoin's decimals, at output.
 */
import type { Kysely } from "kysely";
import { CHAIN_COLUMN } from "../store/tables";
import { units } from "./decimal";

export interface CrossChainMoveRow {
  guid: string;
  fromChain: number;
  /** the receiving chain, as the store has it (null: the delivery not indexed, or that chain not synced) */
  toChain: number | null;
  sentAt: number;
  /** the stablecoin's base units the vault sent, and those the peer vault received (null: not indexed yet) */
  amountSent: bigint;
  amountReceived: bigint | null;
  /** the LayerZero fee in the sending chain's native coin, wei */
  nativeFee: bigint;
  settled: boolean;
  receivedAt: number | null;
  sentTx: string;
  receivedTx: string | null;
}

type Row = Record<string, unknown>;

/** Every move in the store, oldest first (by send time, then guid). */
export async function crossChainMoves(db: Kysely<any>): Promise<CrossChainMoveRow[]> {
  const tables = new Set((await db.introspection.getTables()).map((t) => t.name));
  if (!tables.has("CrossChainMove") || !tables.has("BridgeTransfer")) return [];
  const moves = (await db.selectFrom("CrossChainMove").selectAll().execute()) as Row[];
  const received = new Map<string, Row>();
  for (const t of (await db.selectFrom("BridgeTransfer").selectAll().where("receivedTransactionHash", "is not", null).execute()) as Row[]) {
    received.set(String(t.id).toLowerCase(), t);
  }
  return moves
    .map((m) => {
      const arrival = received.get(String(m.id).toLowerCase());
      return {
        guid: String(m.id).toLowerCase(),
        fromChain: Number(m[CHAIN_COLUMN]),
        toChain: arrival ? Number(arrival[CHAIN_COLUMN]) : null,
        sentAt: Number(m.sentTimestamp),
        amountSent: BigInt(String(m.amountSent)),
        amountReceived: arrival ? BigInt(String(arrival.amountReceived)) : null,
        nativeFee: BigInt(String(m.nativeFee)),
        settled: m.status === "SETTLED",
        receivedAt: arrival ? Number(arrival.receivedTimestamp) : null,
        sentTx: String(m.sentTransactionHash),
        receivedTx: arrival ? String(arrival.receivedTransactionHash) : null,
      };
    })
    .sort((a, b) => a.sentAt - b.sentAt || a.guid.localeCompare(b.guid));
}

/** Base units of a token with `decimals` as a whole-token decimal string with `places` places. */
export function tokenAmount(raw: bigint, decimals: number, places = 2): string {
  return units(raw.toString(), decimals).toFixed(places);
}
