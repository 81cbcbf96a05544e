import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultMarket } from "@lotgraph/sim";
import { deploymentFor, marketFor, parseAssets } from "../src/assets";

test("--assets accepts known risk assets in any case and names what it refuses", () => {
  assert.deepEqual(parseAssets("weth, LINK"), ["WETH", "LINK"]);
  assert.throws(() => parseAssets("WETH,DOGE"), /--assets: DOGE is not one of WETH, WBTC, LINK, UNI/);
  assert.throws(() => parseAssets(" , "), /name at least one/);
  assert.throws(() => parseAssets("UNI,uni"), /names an asset twice/);
  assert.throws(() => parseAssets("USDC"), /USDC is not one of/);
});

test("the deployment keeps the stablecoin and the chosen assets in their default order", () => {
  assert.deepEqual(deploymentFor(["UNI", "WETH"]).assets!.map((a) => a.symbol), ["USDC", "WETH", "UNI"]);
});

test("the market keeps the chosen assets' models and their correlations, and only their feed faults", () => {
  const full = defaultMarket(7, 365);
  const m = marketFor(["LINK", "WETH"], 7, 365);
  assert.deepEqual(m.assets.map((a) => a.symbol), ["WETH", "LINK"]);
  const iWeth = full.assets.findIndex((a) => a.symbol === "WETH");
  const iLink = full.assets.findIndex((a) => a.symbol === "LINK");
  assert.deepEqual(m.correlation, [
    [1, full.correlation![iWeth][iLink]],
    [full.correlation![iLink][iWeth], 1],
  ]);
  assert.ok(m.feedFaults!.length > 0 && m.feedFaults!.every((f) => f.symbol === "WETH" || f.symbol === "LINK"));
  assert.deepEqual(marketFor(["UNI"], 7, 365).feedFaults!.filter((f) => f.symbol !== "UNI"), []);
});
