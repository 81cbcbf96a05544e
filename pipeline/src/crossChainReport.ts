/**
 * The HTML report's cross-chain section: the vaults' moves read from the store of both chains (the indexer's
 * `crossChainMoves`), in whole tokens of the stablecoin and the native coin.
 */
import { crossChainMoves, openConnection, tokenAmount, type CrossChainMoveRow } from "@lotgraph/indexer";
import type { CrossChainReport } from "@lotgraph/report";

const NATIVE_DECIMALS = 18;

function status(m: CrossChainMoveRow): string {
  if (m.settled) return "settled";
  return m.receivedTx ? "delivered" : "in flight";
}

/** The moves of `storeFile` (a store synced from both chains); undefined when it holds none. */
export async function crossChainReport(storeFile: string): Promise<CrossChainReport | undefined> {
  const store = await openConnection({ file: storeFile });
  try {
    const moves = await crossChainMoves(store.db);
    if (moves.length === 0) return undefined;
    const assets = (await store.db.selectFrom("Asset").select(["symbol", "decimals", "isStable"]).execute()) as { symbol: string; decimals: number; isStable: unknown }[];
    const stable = assets.find((a) => Boolean(a.isStable));
    if (!stable) throw new Error(`report: the store ${storeFile} has cross-chain moves but no stablecoin Asset to count them in`);
    const decimals = Number(stable.decimals);
    const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
    return {
      stablecoin: stable.symbol,
      moves: moves.map((m) => ({
        guid: m.guid,
        sentAt: new Date(m.sentAt * 1000).toISOString().replace(/\.\d+Z$/, "Z"),
        fromChain: m.fromChain,
        toChain: m.toChain,
        amountSent: tokenAmount(m.amountSent, decimals),
        amountReceived: m.amountReceived === null ? null : tokenAmount(m.amountReceived, decimals),
        nativeFee: tokenAmount(m.nativeFee, NATIVE_DECIMALS, 6),
        status: status(m),
        sentTx: m.sentTx,
        receivedTx: m.receivedTx,
      })),
      totals: {
        moves: moves.length,
        sent: tokenAmount(sum(moves.map((m) => m.amountSent)), decimals),
        received: tokenAmount(sum(moves.map((m) => m.amountReceived ?? 0n)), decimals),
        nativeFee: tokenAmount(sum(moves.map((m) => m.nativeFee)), NATIVE_DECIMALS, 6),
        settled: moves.filter((m) => m.settled).length,
        delivered: moves.filter((m) => m.receivedTx !== null).length,
        inFlight: moves.filter((m) => m.receivedTx === null).length,
      },
    };
  } finally {
    await store.db.destroy();
  }
}
