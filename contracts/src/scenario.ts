/**
 * Scenario drivers for a deployed system (tests, the local stack, demos). Each one sends real transactions
 * through the deployment's signer and mines blocks; none is available on a real network's tokens.
 *
 * - setPrice(dep, "WETH", "3150.5")        every feed of WETH posts the price, then the oracle hub updates
 * - setFeedPrice(dep, "WETH", 2, "9000")   one feed posts a price (a manipulated or broken feed), hub updates
 * - makeFeedStale(dep, "WETH", 0, 7200)    one feed's last round is moved 7200 s into the past
 * - refreshFeeds(dep)                      every feed re-posts its answer now (after time travel), hub updates
 * - increaseTime(dep, seconds)             a block `seconds` after the latest (hardhat / anvil nodes)
 * - accrueYield(dep, "USDC", "1250")        the asset's yield source gains that much underlying
 * - fundPerp(dep, "WETH")                   the perp accrues funding and samples a new rate from the premium
 *                                          of its Uniswap pool's TWAP over the oracle (once its interval is due)
 * - moveMarket(dep, { WETH: "3360" })      the market moves: the arbitrageur trades every pool of the dev market
 *                                          into its fee band of the new prices, the pools' TWAP window passes,
 *                                          then every feed posts (the moved assets their new price) and the hub
 *                                          updates every asset — what the rebalancer needs to trade after a move
 * - arbitragePools(dep)                    the arbitrageur trades every pool into its fee band of the oracle
 * - manage(dep, [{ to, data }])            a management change: through the Safe and the timelock (the
 *                                          Safe's dev owners sign, the clock moves past the delay), or
 *                                          sent directly in an ungoverned deploy (governance: false)
 */
import { ethers } from "ethers";
import type { Deployment } from "./deploy";
import { FEED_DECIMALS, parseUnitsStrict } from "./deploy";
import { loadArtifact } from "./artifacts";
import { governOnDevChain, loadSafeArtifact, type SafeCall } from "./governance";
import { VENUE_TWAP_WINDOW } from "./deploy";
import {
  MARKET_TRADER_INDEX, arbitrageSwap, marketRouter, poolSqrtPrice, prepareTrader, rawPrice, swapParams, type MarketInfo,
} from "./venues/market";

function assetOf(dep: Deployment, symbol: string) {
  const a = dep.assets.find((x) => x.symbol === symbol);
  if (!a) throw new Error(`unknown asset symbol "${symbol}" (deployment has ${dep.assets.map((x) => x.symbol).join(", ")})`);
  return a;
}

function feed(dep: Deployment, address: string): ethers.Contract {
  return new ethers.Contract(address, loadArtifact("MockAggregatorV3").abi, dep.signer);
}

async function send(tx: Promise<ethers.ContractTransactionResponse>): Promise<ethers.TransactionReceipt> {
  const r = await (await tx).wait();
  if (!r) throw new Error("transaction dropped");
  return r;
}

/** Every feed of `symbol` posts `priceUsd` (decimal string), then the oracle hub takes the new round. */
export async function setPrice(dep: Deployment, symbol: string, priceUsd: string): Promise<ethers.TransactionReceipt> {
  const a = assetOf(dep, symbol);
  const answer = parseUnitsStrict(priceUsd, FEED_DECIMALS, `price of ${symbol}`);
  for (const f of a.feeds) await send(feed(dep, f).setAnswer(answer));
  return send(dep.instances.OracleHub.update(a.address));
}

/**
 * The market moves to `pricesUsd` (whole USD per whole token, by symbol): the pools follow first (the arbitrageur),
 * the TWAP window passes, then every feed posts — the moved assets their new price, the others their answer again
 * (so none ages) — and the hub updates every asset. Returns the hub's update receipt.
 */
export async function moveMarket(dep: Deployment, pricesUsd: Record<string, string>): Promise<ethers.TransactionReceipt> {
  for (const symbol of Object.keys(pricesUsd)) assetOf(dep, symbol); // an unknown symbol is refused before anything is sent
  const answers = new Map<string, bigint>();
  for (const a of dep.assets) {
    const given = pricesUsd[a.symbol];
    answers.set(a.symbol, given === undefined ? await feed(dep, a.feeds[0]).latestAnswer() : parseUnitsStrict(given, FEED_DECIMALS, `price of ${a.symbol}`));
  }
  await arbitrageAt(dep, answers);
  await increaseTime(dep, VENUE_TWAP_WINDOW + 60);
  for (const a of dep.assets) for (const f of a.feeds) await send(feed(dep, f).setAnswer(answers.get(a.symbol)!));
  return send(dep.instances.OracleHub.updateAll());
}

/** The arbitrageur trades every pool of the dev market into its fee band of the oracle's feed answers. */
export async function arbitragePools(dep: Deployment): Promise<number> {
  const answers = new Map<string, bigint>();
  for (const a of dep.assets) answers.set(a.symbol, await feed(dep, a.feeds[0]).latestAnswer());
  return arbitrageAt(dep, answers);
}

/** Trades each pool into its fee band of the prices `answers` (8-decimal USD by symbol); returns the swaps made. */
async function arbitrageAt(dep: Deployment, answers: Map<string, bigint>): Promise<number> {
  const market = marketOf(dep);
  const trader = await marketTrader(dep);
  await prepareMarketTrader(dep, trader);
  const router = marketRouter(market, trader);
  const me = await trader.getAddress();
  let swaps = 0;
  for (const pool of market.pools) {
    const [asset, quote] = [assetOf(dep, pool.asset), assetOf(dep, pool.quote)];
    const reference = rawPrice(answers.get(pool.asset)!, answers.get(pool.quote)!, asset.decimals, quote.decimals);
    const swap = arbitrageSwap(pool, asset.address, await poolSqrtPrice(pool, dep.signer), reference);
    if (!swap) continue;
    const latest = await dep.signer.provider!.getBlock("latest");
    await send(router.exactInputSingle(swapParams(swap, me, BigInt(latest!.timestamp) + 600n)));
    swaps++;
  }
  return swaps;
}

/** The market's trader given its inventory of the deployment's mock tokens and its router approvals (once). */
export async function prepareMarketTrader(dep: Deployment, trader: ethers.Signer): Promise<void> {
  const byAddress = new Map(dep.assets.map((a) => [a.address.toLowerCase(), a]));
  await prepareTrader(marketOf(dep), trader, (t) => byAddress.get(t.toLowerCase())!.decimals, async (token, to, amount) => {
    const asset = byAddress.get(token.toLowerCase())!;
    if (!asset.existing) return void (await send(dep.tokens[asset.symbol].mint(to, amount)));
    // an existing token (the bridged stablecoin) is not minted: the trader gets half of what the owner holds
    const held: bigint = await dep.tokens[asset.symbol].balanceOf(await dep.signer.getAddress());
    if (held === 0n) throw new Error(`the market's trader needs ${asset.symbol}, an existing token the owner ${await dep.signer.getAddress()} holds none of`);
    await send(dep.tokens[asset.symbol].transfer(to, held / 2n));
  });
}

function marketOf(dep: Deployment): MarketInfo {
  if (!dep.market) throw new Error("the deployment has no dev market (its pools are on a real network)");
  return dep.market;
}

/** The market's trader: the dev chain's account MARKET_TRADER_INDEX. */
async function marketTrader(dep: Deployment): Promise<ethers.Signer> {
  const provider = dep.signer.provider as unknown as { send(m: string, p: unknown[]): Promise<string[]>; getSigner(a: string): Promise<ethers.Signer> };
  const accounts = await provider.send("eth_accounts", []);
  if (accounts.length <= MARKET_TRADER_INDEX) throw new Error(`the dev chain unlocks ${accounts.length} accounts; the market's trader is account #${MARKET_TRADER_INDEX}`);
  return provider.getSigner(ethers.getAddress(accounts[MARKET_TRADER_INDEX]));
}

/** Feed number `index` of `symbol` posts `priceUsd`; then the hub updates. */
export async function setFeedPrice(dep: Deployment, symbol: string, index: number, priceUsd: string): Promise<ethers.TransactionReceipt> {
  const a = assetOf(dep, symbol);
  if (!(index >= 0 && index < a.feeds.length)) throw new Error(`${symbol} has no feed #${index} (it has ${a.feeds.length})`);
  await send(feed(dep, a.feeds[index]).setAnswer(parseUnitsStrict(priceUsd, FEED_DECIMALS, `price of ${symbol}`)));
  return send(dep.instances.OracleHub.update(a.address));
}

/** Feed number `index` of `symbol` keeps its answer but its last round is `ageSeconds` old; no hub update. */
export async function makeFeedStale(dep: Deployment, symbol: string, index: number, ageSeconds: number): Promise<void> {
  const a = assetOf(dep, symbol);
  const f = feed(dep, a.feeds[index]);
  const block = await dep.signer.provider!.getBlock("latest");
  await send(f.setAnswerAt(await f.latestAnswer(), BigInt(block!.timestamp - ageSeconds)));
}

/** Every feed re-posts its current answer with the current time; then the hub updates every asset. */
export async function refreshFeeds(dep: Deployment): Promise<void> {
  for (const a of dep.assets) {
    for (const addr of a.feeds) {
      const f = feed(dep, addr);
      await send(f.setAnswer(await f.latestAnswer()));
    }
  }
  await send(dep.instances.OracleHub.updateAll());
}

/** Advances the node's clock by `seconds` and mines a block. */
export async function increaseTime(dep: Deployment, seconds: number): Promise<void> {
  const provider = dep.signer.provider as unknown as { send(method: string, params: unknown[]): Promise<unknown> };
  // the next block's time set outright: anvil with a block-time interval ignores evm_increaseTime
  const latest = (await provider.send("eth_getBlockByNumber", ["latest", false])) as { timestamp: string };
  await provider.send("evm_setNextBlockTimestamp", [Number(latest.timestamp) + seconds]);
  await provider.send("evm_mine", []);
}

/** The yield source of `symbol` gains `amount` whole tokens of underlying (income for the vault's shares). */
export async function accrueYield(dep: Deployment, symbol: string, amount: string): Promise<void> {
  const a = assetOf(dep, symbol);
  if (!a.yieldSource) throw new Error(`asset ${symbol} has no yield source`);
  await send(dep.tokens[symbol].mint(a.yieldSource, parseUnitsStrict(amount, a.decimals, `yield of ${symbol}`)));
}

/** Anyone's poke of the perpetual's funding for `symbol`: accrues and samples a new rate from the premium (once due). */
export async function fundPerp(dep: Deployment, symbol: string): Promise<ethers.TransactionReceipt> {
  const a = assetOf(dep, symbol);
  return send(dep.instances.Perpetual.fund(a.address));
}

/** The Safe's owners as signers of the dev node (unlocked accounts), as many as its threshold. */
export async function devSafeSigners(dep: Deployment): Promise<ethers.Signer[]> {
  const g = dep.governance;
  if (!g) throw new Error("the deployment has no Safe (deployed with governance: false)");
  const provider = dep.signer.provider as unknown as { getSigner(address: string): Promise<ethers.Signer> };
  return Promise.all(g.safeOwners.slice(0, g.safeThreshold).map((o) => provider.getSigner(o)));
}

/**
 * Dev chains: makes management calls (setters, role changes, upgrades) as the deployment's management. In a
 * governed deployment the Safe schedules them on the timelock, the clock moves past the delay and the Safe
 * executes them (one Safe transaction each); in an ungoverned one the signer sends them directly. `salt` names
 * the timelock operation (random when not given).
 */
export async function manage(dep: Deployment, calls: SafeCall[], salt?: string): Promise<ethers.TransactionReceipt> {
  const g = dep.governance;
  if (!g) {
    let last: ethers.TransactionReceipt | undefined;
    for (const c of calls) last = await (await dep.signer.sendTransaction({ to: c.to, data: c.data, value: c.value ?? 0n })).wait() ?? undefined;
    if (!last) throw new Error("manage: no calls");
    return last;
  }
  const safe = new ethers.Contract(g.safe, loadSafeArtifact("SafeL2").abi, dep.signer);
  const timelock = new ethers.Contract(g.timelock, loadArtifact("TimelockController").abi, dep.signer);
  return governOnDevChain(safe, await devSafeSigners(dep), timelock, calls, salt);
}
