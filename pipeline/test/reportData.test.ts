import { test } from "node:test";
import assert from "node:assert/strict";
import { D } from "@lotgraph/indexer/src/analytics/decimal";
import type { HedgeSummary } from "@lotgraph/indexer";
import type { DisposalRow } from "@lotgraph/tax";
import { disposalsByAsset, hedgeRows, panelOrder } from "../src/reportData";

const hedge = (realized: string, funding: string): HedgeSummary => ({
  asset: "WETH",
  size: new D(-10),
  adjustments: 3,
  fundingUsd: new D(funding),
  realizedPnlUsd: new D(realized),
  netUsd: new D(realized).plus(funding),
  entryPriceUsd: new D(3000),
  lastPriceUsd: new D(3100),
  impermanentLoss: null,
});

test("hedge rows: funding keeps the vault's sign (+ received) and the net is the sum of the parts as shown", () => {
  // exact net 835.005 would round to 835.00 (half-even) while the parts shown are -3009.12 and 3844.13
  const [row] = hedgeRows([hedge("-3009.124", "3844.129")]);
  assert.deepEqual(
    { realized: row.realizedPnlUsd, funding: row.fundingUsd, net: row.netUsd },
    { realized: "-3009.12", funding: "3844.13", net: "835.01" },
  );
  const [paid] = hedgeRows([hedge("120", "-20.5")]);
  assert.equal(paid.fundingUsd, "-20.50");
  assert.equal(paid.netUsd, "99.50");
});

const USD = 10n ** 12n; // the tax engine's money unit: 1e-12 USD
const disposal = (asset: string, proceeds: bigint, basis: bigint): DisposalRow =>
  ({ asset, proceeds: proceeds * USD, costBasis: basis * USD, adjustment: 0n }) as DisposalRow;

test("disposals by asset: count and exact totals per asset, in order of first sale", () => {
  const rows = disposalsByAsset([
    disposal("WETH", 1000n, 900n),
    disposal("USDC", 500n, 501n),
    disposal("WETH", 200n, 250n),
    disposal("USDC", 100n, 100n),
    disposal("USDC", 7n, 4n),
  ]);
  assert.deepEqual(rows, [
    { asset: "WETH", disposals: 2, proceedsUsd: "1200.00", costBasisUsd: "1150.00", gainUsd: "50.00" },
    { asset: "USDC", disposals: 3, proceedsUsd: "607.00", costBasisUsd: "605.00", gainUsd: "2.00" },
  ]);
});

test("weight panels read stablecoin first, then the order of first deposit, then any other asset alphabetically", () => {
  const points = ["WETH", "USDC", "LINK", "AAVE", "ZRX", "WBTC"].flatMap((asset) =>
    ["2025-01-02", "2025-01-01"].map((date) => ({ date, asset })),
  );
  const ordered = panelOrder(points, "USDC", ["USDC", "WETH", "WBTC", "LINK"]);
  assert.deepEqual([...new Set(ordered.map((p) => p.asset))], ["USDC", "WETH", "WBTC", "LINK", "AAVE", "ZRX"]);
  assert.deepEqual(ordered.slice(0, 2).map((p) => p.date), ["2025-01-01", "2025-01-02"]);
});
