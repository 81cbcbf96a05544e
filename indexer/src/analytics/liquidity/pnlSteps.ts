import type { Kysely } from "kysely";
import { units } from "../decimal";

/**
 * The liquidity manager's rows as the P&L book's steps, so the book's quantities follow the subgraph's
 * Position.quantity (the vault's holding, tokens inside the manager's ranges included):
 * - a fee collection acquires both tokens at the collection's oracle prices;
 * - a ratio swap disposes of tokenIn for the value of tokenOut and acquires tokenOut at that value;
 * - a close changes the vault's holding of each token by what came out less what went in (opens and
 *   reinvestments): a token the pool took is disposed of, one it gave is acquired, at the close's prices.
 * Entering and leaving a range is not itself a step: the tokens stay the vault's.
 */

export interface PnlStep {
  /** the log's id ("<block>-<logIndex>"): steps run in chain order */
  id: string;
  asset: string;
  kind: "lot" | "disposal" | "withdrawal";
  /** raw base units */
  quantity: string;
  /** USD value (cost for a lot, proceeds for a disposal), a decimal string */
  usd: string;
}

type Row = Record<string, unknown>;
const big = (v: unknown) => BigInt(String(v ?? 0));
const str = (v: unknown) => String(v ?? "");

/** units × price (18-decimal raw) in USD, as a decimal string (the analytics' decimal precision). */
function usdOf(amount: bigint, decimals: number, priceRaw: bigint): string {
  return units(amount.toString(), decimals).times(units(priceRaw.toString(), 18)).toFixed();
}

function step(id: string, asset: string, kind: "lot" | "disposal", quantity: bigint, usd: string): PnlStep {
  return { id, asset, kind, quantity: quantity.toString(), usd };
}

function feeSteps(f: Row): PnlStep[] {
  const sides = [
    { asset: str(f.asset), amount: big(f.assetAmount), decimals: Number(f.assetDecimals), price: big(f.assetPriceRaw) },
    { asset: str(f.stable), amount: big(f.stableAmount), decimals: Number(f.stableDecimals), price: big(f.stablePriceRaw) },
  ];
  return sides.filter((s) => s.amount > 0n).map((s) => step(str(f.id), s.asset, "lot", s.amount, usdOf(s.amount, s.decimals, s.price)));
}

function swapSteps(s: Row): PnlStep[] {
  const received = usdOf(big(s.amountOut), Number(s.decimalsOut), big(s.priceOutRaw));
  return [step(str(s.id), str(s.tokenIn), "disposal", big(s.amountIn), received), step(str(s.id), str(s.tokenOut), "lot", big(s.amountOut), received)];
}

function closeSteps(close: Row, wentIn: { asset: bigint; stable: bigint }): PnlStep[] {
  const sides = [
    { asset: str(close.asset), out: big(close.assetAmount), in: wentIn.asset, decimals: Number(close.assetDecimals), price: big(close.assetPriceRaw) },
    { asset: str(close.stable), out: big(close.stableAmount), in: wentIn.stable, decimals: Number(close.stableDecimals), price: big(close.stablePriceRaw) },
  ];
  return sides
    .filter((s) => s.out !== s.in)
    .map((s) => {
      const kind = s.out > s.in ? "lot" : "disposal";
      const moved = s.out > s.in ? s.out - s.in : s.in - s.out;
      return step(str(close.id), s.asset, kind, moved, usdOf(moved, s.decimals, s.price));
    });
}

/** Each position's opens and reinvestments up to its close give what went in; the close's steps follow. */
function changeSteps(changes: Row[]): PnlStep[] {
  const wentIn = new Map<string, { asset: bigint; stable: bigint }>();
  const out: PnlStep[] = [];
  for (const c of [...changes].sort((a, b) => (str(a.id) < str(b.id) ? -1 : 1))) {
    const position = str(c.position);
    const sum = wentIn.get(position) ?? { asset: 0n, stable: 0n };
    if (str(c.kind) === "CLOSE") out.push(...closeSteps(c, sum));
    else wentIn.set(position, { asset: sum.asset + big(c.assetAmount), stable: sum.stable + big(c.stableAmount) });
  }
  return out;
}

/** The manager's steps of a store (none when it has no manager tables). */
export async function managerPnlSteps(db: Kysely<any>): Promise<PnlStep[]> {
  const tables = new Set((await db.introspection.getTables()).map((t) => t.name));
  const read = async (name: string) => (tables.has(name) ? ((await db.selectFrom(name).selectAll().orderBy("id").execute()) as Row[]) : []);
  const [fees, swaps, changes] = await Promise.all([read("RangeFeeCollection"), read("RangeRatioSwap"), read("RangeLiquidityChange")]);
  return [...fees.flatMap(feeSteps), ...swaps.flatMap(swapSteps), ...changeSteps(changes)];
}
