/** The liquidity manager's store rows of the hand-worked LP cases (see test/liquidity.test.ts for the story). */
import type { StoreRow, StoreRows } from "../src/ledger/storeEvents";
import { parseBigDecimalMoney } from "../src/ledger/storeEvents";
import { VAULT, USDC, WETH, E18, at } from "./storeRows";

export const MANAGER = "0x" + "0c".repeat(20);
export const TOKEN_ID = 7n;
export const M6 = 10n ** 6n;
export const usd = (text: string) => parseBigDecimalMoney(text) as bigint;
export const weth = (milli: bigint) => (milli * E18) / 1000n;

export const ASSETS: StoreRow[] = [
  { id: USDC, symbol: "USDC", decimals: 6, isStable: 1, registered: 1 },
  { id: WETH, symbol: "WETH", decimals: 18, isStable: 0, registered: 1 },
];

export function deposit(block: number, log: number, asset: string, quantity: bigint, unitCostRaw: bigint, decimals: number): StoreRow {
  return { ...at(block, log, 0), asset, source: "DEPOSIT", quantity: String(quantity), unitCostRaw: String(unitCostRaw), decimals, position: `${VAULT}-${asset}` };
}

export function change(block: number, log: number, day: number, kind: string, liquidity: bigint, assetAmount: bigint, stableAmount: bigint, assetPrice: bigint, source = "EVENT"): StoreRow {
  return {
    ...at(block, log, day),
    manager: MANAGER,
    position: `${MANAGER}-${TOKEN_ID}`,
    kind,
    tokenId: String(TOKEN_ID),
    liquidity: String(liquidity),
    asset: WETH,
    stable: USDC,
    assetAmount: String(assetAmount),
    stableAmount: String(stableAmount),
    assetDecimals: 18,
    stableDecimals: 6,
    assetPriceRaw: String(assetPrice * E18),
    stablePriceRaw: String(E18),
    priceSource: source,
  };
}

export function fees(block: number, log: number, day: number, assetAmount: bigint, stableAmount: bigint, assetPrice: bigint): StoreRow {
  return {
    ...at(block, log, day),
    manager: MANAGER,
    position: `${MANAGER}-${TOKEN_ID}`,
    tokenId: String(TOKEN_ID),
    asset: WETH,
    stable: USDC,
    assetAmount: String(assetAmount),
    stableAmount: String(stableAmount),
    assetDecimals: 18,
    stableDecimals: 6,
    assetPriceRaw: String(assetPrice * E18),
    stablePriceRaw: String(E18),
  };
}

export function rows(close = change(30, 1, 400, "CLOSE", 1005n, weth(3000n), 10_480n * M6, 2200n)): StoreRows {
  return {
    Asset: ASSETS,
    Lot: [deposit(1, 0, WETH, 4n * E18, 2000n * E18, 18), deposit(1, 1, USDC, 10_000n * M6, E18, 6)],
    Disposal: [],
    Withdrawal: [],
    RangeLiquidityChange: [
      change(10, 1, 30, "OPEN", 1000n, 4n * E18, 8000n * M6, 2500n, "ORACLE_UPDATE"),
      change(20, 2, 60, "REINVEST", 5n, weth(20n), 30n * M6, 2400n, "TRANSACTION"),
      close,
    ],
    RangeFeeCollection: [fees(20, 0, 60, weth(20n), 30n * M6, 2400n)],
    RangeRatioSwap: [],
  };
}

