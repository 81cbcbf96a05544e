/**
 * The agreement run's chain: a system deployed by deploySystem (two assets: USDC and WETH, ungoverned, the vault
 * holding the manager's 10 WETH + 30,000 USDC), a fresh Uniswap v3 from its npm bytecode with the path's one
 * WETH/USDC 0.3 % pool, seeded by the market maker as the replica's is, and the LiquidityManager on that pool
 * with the rule's configuration. WETH sorts before USDC (the deployer's nonce is moved on until it does), so the
 * pool's token0 is the asset, as in the replica. The oracle's σ starts near the path's (two warm-up samples).
 */
import { ethers } from "ethers";
import { DEFAULT_ASSETS, deployLiquidityManager, deploySystem, loadArtifact, LIQUIDITY_RANGE_CONFIG, type Deployment } from "@lotgraph/contracts";
import { deployUniswapV3, uniswapArtifact } from "@lotgraph/contracts/src/venues/uniswap";
import { sqrtRatioAtTick } from "../../uniswap";
import { ratioSwapFor, type Holdings, type PoolPrice } from "../position";
import { answerAt, answerToWad, DEPLOY_ANSWER, warmUpAnswer } from "../sigma";
import { FULL, MM_CAPITAL, START, START_TICK, marketMakerBand, marketMakerBudget, type PathConfig } from "../run";
import { call, Chain, eventsIn, type Call, type Receipt } from "./rpc";

const WAD = 10n ** 18n;
const FEEDS = 3;
const FEE = 3000;
export const FAR = 1n << 40n;
/** The dev accounts the path's parties use (deploySystem's market maker is #12). */
const ACCOUNT = { trader: 15, marketMaker: 16, full: 17, fixed: 18 } as const;

export interface Contracts {
  pool: ethers.Contract;
  npm: ethers.Contract;
  router: ethers.Contract;
  manager: ethers.Contract;
  oracle: ethers.Contract;
  vault: ethers.Contract;
  weth: ethers.Contract;
  usdc: ethers.Contract;
  wethFeeds: ethers.Contract[];
  usdcFeeds: ethers.Contract[];
}

export interface Accounts {
  owner: string;
  trader: string;
  marketMaker: string;
  full: string;
  fixed: string;
}

export interface AgreementChain {
  chain: Chain;
  c: Contracts;
  a: Accounts;
  /** the path's hour 0 (the oracle's last warm-up sample) */
  t0: number;
  /** the market maker's band and its position */
  band: { lower: number; upper: number; tokenId: bigint };
  snapshot: string;
}


/** Moves the deployer's nonce on until deploySystem's WETH (after USDC and its feeds) sorts before USDC. */
async function orderAssetBeforeStable(chain: Chain, owner: string): Promise<void> {
  const n = Number(await chain.rpc<string>("eth_getTransactionCount", [owner, "latest"]));
  let skip = 0;
  const at = (nonce: number) => BigInt(ethers.getCreateAddress({ from: owner, nonce }));
  while (at(n + skip + FEEDS + 1) > at(n + skip)) skip++;
  for (let i = 0; i < skip; i++) {
    const h = await chain.rpc<string>("eth_sendTransaction", [{ from: owner, to: owner, value: "0x0" }]);
    await chain.mined(h, "agreement set-up: a nonce filler");
  }
}

async function deployBase(signer: ethers.JsonRpcSigner, chain: Chain, owner: string): Promise<Deployment> {
  await orderAssetBeforeStable(chain, owner);
  return deploySystem(signer, {
    assets: DEFAULT_ASSETS.filter((s) => s.symbol === "USDC" || s.symbol === "WETH"),
    feedsPerAsset: FEEDS,
    governance: false,
    deposits: { USDC: "30000", WETH: "10" },
    yieldAllocations: {},
    lpAssetAmount: "0",
    marketPools: [],
    // the run deploys its own manager on the path's pool
    liquidityManager: false,
  });
}

/**
 * The rule's configuration as the contract takes it (σ bounds as the replica clamps them). The price guards are
 * at the contract's widest, 1,000 ticks and 5 % slippage: the path's market maker re-centres its band each day
 * with a swap that can push the pool 2-4 % off the oracle for the hour, and the replica, which has no guard,
 * decides and swaps at that price.
 */
function managerConfig(cfg: PathConfig) {
  const r = cfg.rule;
  return {
    rangeConfig: { ...LIQUIDITY_RANGE_CONFIG, k: BigInt(Math.round(r.k * 1e6)) * 10n ** 12n, horizonRounds: BigInt(r.horizonRounds), thresholdBps: BigInt(r.thresholdBps) },
    costConfig: {
      feeHorizon: BigInt(r.feeHorizon), rerangeGas: r.rerangeGas, collectInterval: BigInt(r.collectIntervalSeconds),
      twapWindow: 1800, maxDeviationTicks: 1000n, maxSlippageBps: 500n,
    },
  };
}

export async function slot0(chain: Chain, pool: ethers.Contract): Promise<PoolPrice> {
  const s = await chain.read(pool, "slot0");
  return { sqrtPriceX96: s[0] as bigint, tick: Number(s[1]) };
}

/** A swap of `amountIn` through the router's exactInputSingle, to `limit` (0: none). */
export function swapCall(c: Contracts, from: string, zeroForOne: boolean, amountIn: bigint, limit: bigint, label: string): Call {
  const [tokenIn, tokenOut] = zeroForOne ? [c.weth.target, c.usdc.target] : [c.usdc.target, c.weth.target];
  return call(from, c.router, "exactInputSingle", [[tokenIn, tokenOut, FEE, from, FAR, amountIn, 0n, limit]], label);
}

/** The pool's signed amounts (into the pool > 0) of the Swap events in the receipts. */
export function poolDeltas(c: Contracts, receipts: Receipt[]): Holdings {
  const d = { amount0: 0n, amount1: 0n };
  for (const e of eventsIn(receipts, c.pool, "Swap")) {
    d.amount0 += e.args.amount0 as bigint;
    d.amount1 += e.args.amount1 as bigint;
  }
  return d;
}

export function mintCall(c: Contracts, from: string, lower: number, upper: number, h: Holdings, label: string): Call {
  return call(from, c.npm, "mint", [[c.weth.target, c.usdc.target, FEE, lower, upper, h.amount0, h.amount1, 0n, 0n, from, FAR]], label);
}

/**
 * The market maker mints `MM_CAPITAL` over [lower, upper) as the replica's does: half in each token at the price,
 * swapped to the range's ratio, then everything the budget buys (two blocks from `at`). Returns its position's id.
 */
export async function marketMakerMint(chain: Chain, c: Contracts, mm: string, lower: number, upper: number, at: number, baseFee?: bigint, pre: Call[] = []): Promise<bigint> {
  const budget = marketMakerBudget(await slot0(chain, c.pool), MM_CAPITAL);
  const s = ratioSwapFor(await slot0(chain, c.pool), budget, lower, upper);
  const swap = s ? [swapCall(c, mm, s.zeroForOne, s.amountIn, 0n, "market maker's ratio swap")] : [];
  const swapped = await chain.block([...pre, ...swap], at, baseFee);
  const d = poolDeltas(c, swapped);
  budget.amount0 -= d.amount0;
  budget.amount1 -= d.amount1;
  const minted = await chain.block([mintCall(c, mm, lower, upper, budget, "market maker's mint")], at + 1, baseFee);
  return eventsIn(minted, c.npm, "IncreaseLiquidity")[0].args.tokenId as bigint;
}

/** Every WETH feed posts `answer` and every USDC feed 1, then the hub updates. */
export function oracleCalls(c: Contracts, owner: string, answer: bigint): Call[] {
  return [
    ...c.wethFeeds.map((f, i) => call(owner, f, "setAnswer", [answer], `WETH feed #${i}`)),
    ...c.usdcFeeds.map((f, i) => call(owner, f, "setAnswer", [10n ** 8n], `USDC feed #${i}`)),
    call(owner, c.oracle, "updateAll", [], "oracle update"),
  ];
}

/** Deploys everything on the node at `url` for paths of `cfg` (its σ warms the oracle up) and takes a snapshot. */
export async function setUpAgreementChain(url: string, cfg: PathConfig): Promise<AgreementChain> {
  const chain = new Chain(url);
  const provider = new ethers.JsonRpcProvider(url, undefined, { staticNetwork: true, pollingInterval: 20, cacheTimeout: -1 });
  const signer = await provider.getSigner(0);
  const owner = await signer.getAddress();
  const dev: string[] = await provider.send("eth_accounts", []);
  const a: Accounts = { owner, trader: dev[ACCOUNT.trader], marketMaker: dev[ACCOUNT.marketMaker], full: dev[ACCOUNT.full], fixed: dev[ACCOUNT.fixed] };
  const dep = await deployBase(signer, chain, owner);
  const uni = await deployUniswapV3(signer);
  const weth = dep.tokens.WETH;
  const usdc = dep.tokens.USDC;
  if (BigInt(weth.target as string) > BigInt(usdc.target as string)) throw new Error("agreement chain: WETH does not sort before USDC");
  await (await uni.factory.createPool(weth.target, usdc.target, FEE)).wait();
  const pool = new ethers.Contract(await uni.factory.getPool(weth.target, usdc.target, FEE), uniswapArtifact("UniswapV3Pool").abi, signer);
  await (await pool.initialize(sqrtRatioAtTick(START_TICK))).wait();
  await (await pool.increaseObservationCardinalityNext(64)).wait();
  const lm = await deployLiquidityManager(dep, { asset: weth.target as string, positionManager: uni.addresses.NonfungiblePositionManager, swapRouter: uni.addresses.SwapRouter, feeTiers: [FEE], ...managerConfig(cfg) });
  provider.destroy();

  const feedAbi = loadArtifact("MockAggregatorV3").abi;
  const feedsOf = (symbol: string) => dep.assets.find((x) => x.symbol === symbol)!.feeds.map((f) => new ethers.Contract(f, feedAbi));
  const erc20 = loadArtifact("MockERC20").abi;
  const c: Contracts = {
    pool: new ethers.Contract(pool.target, pool.interface),
    npm: new ethers.Contract(uni.addresses.NonfungiblePositionManager, uniswapArtifact("NonfungiblePositionManager").abi),
    router: new ethers.Contract(uni.addresses.SwapRouter, uniswapArtifact("SwapRouter").abi),
    manager: new ethers.Contract(lm.manager.target, lm.manager.interface),
    oracle: new ethers.Contract(dep.instances.OracleHub.target, dep.instances.OracleHub.interface),
    vault: new ethers.Contract(dep.instances.Vault.target, dep.instances.Vault.interface),
    weth: new ethers.Contract(weth.target, erc20),
    usdc: new ethers.Contract(usdc.target, erc20),
    wethFeeds: feedsOf("WETH"),
    usdcFeeds: feedsOf("USDC"),
  };

  await chain.rpc("evm_setAutomine", [false]);
  const head = await chain.rpc<{ timestamp: string }>("eth_getBlockByNumber", ["latest", false]);
  let at = Number(head.timestamp) + 1;
  const base = cfg.gasPriceWei;
  const funding: Call[] = [];
  for (const [who, h] of [[a.trader, { amount0: 10n ** 12n * WAD, amount1: 10n ** 15n * 10n ** 6n }], [a.marketMaker, { amount0: 10n ** 12n * WAD, amount1: 10n ** 15n * 10n ** 6n }], [a.full, START], [a.fixed, START]] as const) {
    funding.push(call(owner, c.weth, "mint", [who, h.amount0], "WETH to a party"), call(owner, c.usdc, "mint", [who, h.amount1], "USDC to a party"));
    for (const t of [c.weth, c.usdc]) for (const spender of [c.router, c.npm]) funding.push(call(who, t, "approve", [spender.target, ethers.MaxUint256], "approval"));
  }
  await chain.block(funding, at++, base);
  // the market maker's liquidity, as the replica's seededPool: full range, then its band around the price
  await marketMakerMint(chain, c, a.marketMaker, FULL.lower, FULL.upper, at, base);
  at += 2;
  const band = marketMakerBand((await slot0(chain, c.pool)).tick);
  const bandId = await marketMakerMint(chain, c, a.marketMaker, band.lower, band.upper, at, base);

  // the oracle's σ: two daily samples, the second at the path's start price (hour 0)
  const startAnswer = answerAt(sqrtRatioAtTick(START_TICK));
  const last = await chain.read(c.oracle, "lastSample", [c.weth.target]);
  if (last[0] !== answerToWad(DEPLOY_ANSWER)) throw new Error(`agreement chain: the oracle's last sample is ${last[0]}, not the deployment's price`);
  const w1 = Number(last[1]) + 86_400;
  await chain.block(oracleCalls(c, owner, warmUpAnswer(cfg.sigmaDaily)), w1, base);
  const t0 = w1 + 86_400;
  await chain.block(oracleCalls(c, owner, startAnswer), t0, base);
  const snapshot = await chain.rpc<string>("evm_snapshot");
  return { chain, c, a, t0, band: { ...band, tokenId: bandId }, snapshot };
}
