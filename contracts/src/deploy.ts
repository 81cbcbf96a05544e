import fs from "node:fs";
import path from "node:path";
import { ethers } from "ethers";
import { loadArtifact } from "./artifacts";
import { PERP_MARKET_CONFIG, deployPerpPool } from "./perp";
import { MARKET_MAKER_INDEX, deployMarket, findPool, marketPoolsFor, type MarketInfo, type PoolLayout } from "./venues/market";
import { BOOK_NETWORKS, planDeploy } from "./networkPlan";
import {
  DEFAULT_VOTES_PER_OWNER, DEV_GOVERNOR, DEV_TIMELOCK_DELAY, deployGovernor, deploySafe, deployTimelock, handOverToTimelock,
  loadSafeArtifact, type GovernanceInfo, type GovernanceOptions,
} from "./governance";
import type { UniswapV3 } from "./venues/uniswap";
import { ensurePool, fullRangeTicks, fundLiquidityPosition } from "./venues/liquidityPosition";
import { deployManager, managerTiers, LIQUIDITY_COST_CONFIG } from "./liquidity";

/** One deployed contract: its address and the block it was deployed in (the subgraph's startBlock). */
export interface DeployedContract {
  address: string;
  startBlock: number;
  /** The liquidity manager's pair and its pools' factory: addresses its subgraph data source needs and no event carries. */
  asset?: string;
  stable?: string;
  factory?: string;
}

export interface DeployedAsset {
  symbol: string;
  address: string;
  decimals: number;
  isStable: boolean;
  /** AggregatorV3 mock feeds (8 decimals) the oracle hub reads for this asset. */
  feeds: string[];
  /** ERC4626 yield source whose underlying is this asset, if any. */
  yieldSource?: string;
  /**
   * A token that existed before the deployment (the bridged stablecoin on a second chain), not a mock: nothing
   * mints it; the deployer hands out what it holds.
   */
  existing?: boolean;
}

/** What the deployment file holds (JSON-serialisable). */
export interface DeploymentFile {
  network: string;
  chainId: number;
  contracts: Record<string, DeployedContract>;
  assets: DeployedAsset[];
  /** owner = the taxpayer (deposits, withdrawals); management = the timelock, or the owner in an ungoverned dev deploy. */
  accounts: { owner: string; keeper: string; guardian: string; management?: string };
  /** The Safe, timelock and Governor that manage the modules (absent in an ungoverned dev deploy). */
  governance?: GovernanceInfo;
  /** The dev chain's Uniswap v3 market: its contracts, pools and market maker (absent outside a dev deploy). */
  market?: MarketInfo;
}

/** A deployment plus live ethers contracts bound to the deploying signer (the owner). */
export interface Deployment extends DeploymentFile {
  signer: ethers.Signer;
  /** Contract instances by the same names as `contracts`, plus each asset's token by symbol under `tokens`. */
  instances: Record<string, ethers.Contract>;
  tokens: Record<string, ethers.Contract>;
}

export interface AssetSpec {
  symbol: string;
  name: string;
  decimals: number;
  /** Starting price in USD per whole token, as a decimal string. */
  priceUsd: string;
  isStable?: boolean;
  /** Yield-source style to create for this asset, if any. */
  yieldSource?: { name: string; symbol: string; aprBps: number };
}

export interface DeployOptions {
  /** Keeper and guardian addresses; on a dev chain they default to the signer, elsewhere they must be given. */
  keeper?: string;
  guardian?: string;
  /** The network's name, written into the deployment file (default "hardhat" on chain 31337, else required). */
  network?: string;
  /**
   * Management behind a Safe and a timelock (the default: dev defaults on a dev chain). `false` keeps the
   * signer as management with every setter immediate: for unit tests of the modules on a dev chain only.
   */
  governance?: GovernanceOptions | false;
  assets?: AssetSpec[];
  feedsPerAsset?: number;
  /** Whole-token amounts the owner deposits into the vault at the end, by symbol (default DEFAULT_DEPOSITS). */
  deposits?: Record<string, string>;
  /** Whole tokens per symbol put into yield sources after the deposits (default DEFAULT_YIELD_ALLOCATIONS). */
  yieldAllocations?: Record<string, string>;
  /** Whole tokens of the hedged asset in the vault's LP position; "0" for none. */
  lpAssetAmount?: string;
  /**
   * The liquidity manager of the hedged asset (default: deployed, opening with MANAGER_OPEN of the vault's holdings);
   * `false`: none (for tests that wire one themselves with deployLiquidityManager).
   */
  liquidityManager?: { assetShareBps?: bigint } | false;
  /** The market's pools on the dev chain (default: DEFAULT_MARKET_POOLS for the deployed assets, marketPoolsFor). */
  marketPools?: readonly PoolLayout[];
  /** Who seeds the pools (default: the dev chain's account MARKET_MAKER_INDEX, or the signer when it has fewer accounts). */
  marketMaker?: ethers.Signer;
  /**
   * The stablecoin is this existing ERC-20 (e.g. the bridge's `BridgedStablecoin` on a second chain) instead of a
   * MockERC20. Nothing is minted of it: every amount the deployment hands out (pools, deposits, the perpetual's
   * collateral, the LP position) is transferred from the signer, which must hold it (a shortfall is refused
   * naming the amount). Its decimals must be the stable asset spec's.
   */
  stablecoin?: { address: string };
  /** Print progress. */
  log?: (line: string) => void;
}

export const FEED_DECIMALS = 8;
const WAD = 10n ** 18n;

export const DEFAULT_ASSETS: AssetSpec[] = [
  { symbol: "USDC", name: "USD Coin (mock)", decimals: 6, priceUsd: "1", isStable: true,
    yieldSource: { name: "Aave-style aUSDC", symbol: "aUSDC", aprBps: 500 } },
  { symbol: "WETH", name: "Wrapped Ether (mock)", decimals: 18, priceUsd: "3000",
    yieldSource: { name: "Compound-style cWETH", symbol: "cWETH", aprBps: 300 } },
  { symbol: "WBTC", name: "Wrapped Bitcoin (mock)", decimals: 8, priceUsd: "60000" },
  { symbol: "LINK", name: "Chainlink Token (mock)", decimals: 18, priceUsd: "15",
    yieldSource: { name: "Curve-style LINK gauge", symbol: "gLINK", aprBps: 800 } },
  { symbol: "UNI", name: "Uniswap (mock)", decimals: 18, priceUsd: "8" },
];

export const DEFAULT_DEPOSITS: Record<string, string> = {
  USDC: "400000",
  WETH: "50",
  WBTC: "2",
  LINK: "5000",
  UNI: "10000",
};

/** Oracle hub defaults: 1 h staleness, 3-of-5 quorum within 2 %, 25 % circuit breaker, λ = 0.94. */
export const ORACLE_CONFIG = {
  stalenessSeconds: 3600n,
  quorum: 3,
  maxDeviationBps: 200n,
  breakerBps: 2500n,
  lambda: 940000000000000000n,
};

export const TRADE_CONFIG = {
  driftThresholdBps: 500n,
  maxSlippageBps: 150n,
  cooldown: 3600n,
  maxBaseFee: 500n * 10n ** 9n,
  minTradeUsd: 10n * WAD,
  feeTier: 3000,
  maxLockout: 60n * 86400n,
};

/** Half of each harvest is compounded; yield under $1 is not harvested. */
export const HARVEST_CONFIG = { compoundBps: 5000n, minHarvestUsd: WAD };

/** Re-hedge outside ±10 % of delta-neutral; margin 20 % of notional. */
export const HEDGE_CONFIG = { bandBps: 1000n, marginBps: 2000n };

/** Whole tokens of each asset the deployment puts into its yield source. */
export const DEFAULT_YIELD_ALLOCATIONS: Record<string, string> = { USDC: "100000", WETH: "10", LINK: "1000" };

/** Whole tokens of the hedged asset in the vault's LP position (plus the matching stablecoin). */
export const DEFAULT_LP_ASSET_AMOUNT = "10";
/** The vault's LP position: full range in the hedged asset's 0.3 % pool against the stablecoin. */
export const LP_FEE_TIER = 3000;
/**
 * The rebalancer's pre-trade checks on the venue: pool TWAP (over 30 min) and spot within 50 bps of the oracle, and
 * a trade at most 0.5 % of the route's depth (the rest waits for the next pass). Their worst case stays inside the
 * trade's slippage bound (TRADE_CONFIG.maxSlippageBps, 150): 35 bps of fees on a routed trade + 50 of deviation +
 * about 50 of impact.
 */
export const VENUE_CONFIG = { maxDeviationBps: 50n, twapWindow: 1800, maxDepthShareBps: 50n };
export const VENUE_TWAP_WINDOW = VENUE_CONFIG.twapWindow;
/**
 * The liquidity manager's first position: a quarter of the vault's hedged asset (after the deposits and yield
 * allocations: 10 of the default 40 WETH) and the same value of its stablecoin (30,000 of 300,000 USDC); what the
 * range does not take goes back to the vault.
 */
export const MANAGER_OPEN = { assetShareBps: 2500n };

/**
 * The system's manager trades its ratio swaps at most 2 % below the oracle net of the pool fee (the default 1 %
 * was refused by 22 of 29 collections in a year once the manager sat in the 1 % tier: the dev market's
 * arbitrageur keeps each pool only within its fee band of the oracle, so the 1 % pool may sit 1 % off before any
 * impact).
 */
export const MANAGER_COST_CONFIG = { ...LIQUIDITY_COST_CONFIG, maxSlippageBps: 200n };

/** Routed trades go through WETH's pool at 0.05 % against the other token. */
export const HUB_SYMBOL = "WETH";
export const HUB_FEE_TIER = 500;

export const RISK_CONFIG = {
  minSamples: 3n,
  fallbackSigma: WAD / 50n, // 2 % a day (σ is per oracle sample interval, 1 day)
  minSigma: WAD / 1000n, // 0.1 %
  maxSigma: WAD / 2n, // 50 %
  riskOffSigma: WAD / 20n, // 5 % a day
  baseStableShare: WAD / 10n, // 10 %
  riskOffStableShare: WAD / 2n, // 50 %
  weightsInterval: 86400n,
};

/** Whole stablecoins the deployment gives the perpetual as the counterparty's collateral. */
export const PERP_COLLATERAL_WHOLE = 10_000_000n;

/** USD decimal string → integer with `decimals` decimals (no floats). */
export function parseUnitsStrict(value: string, decimals: number, what: string): bigint {
  try {
    return ethers.parseUnits(value, decimals);
  } catch (e) {
    throw new Error(`${what}: "${value}" is not a decimal number with at most ${decimals} decimals`);
  }
}

class Deployer {
  readonly contracts: Record<string, DeployedContract> = {};
  readonly instances: Record<string, ethers.Contract> = {};
  constructor(readonly signer: ethers.Signer, readonly log: (line: string) => void) {}

  /** Deploys a plain contract; `record` = false keeps it out of the deployment's `contracts` (tokens, feeds). */
  async deploy(name: string, contractName: string, args: unknown[] = [], record = true): Promise<ethers.Contract> {
    const art = loadArtifact(contractName);
    const factory = new ethers.ContractFactory(art.abi, art.bytecode, this.signer);
    const c = await factory.deploy(...args);
    const receipt = await c.deploymentTransaction()!.wait();
    const address = await c.getAddress();
    const instance = new ethers.Contract(address, art.abi, this.signer);
    if (record) {
      this.contracts[name] = { address, startBlock: receipt!.blockNumber };
      this.instances[name] = instance;
    }
    this.log(`${name} (${contractName}) at ${address}`);
    return instance;
  }

  /** Deploys `contractName` behind an ERC1967 (UUPS) proxy, initialised with `initArgs`. */
  async deployProxy(name: string, contractName: string, initArgs: unknown[]): Promise<ethers.Contract> {
    const art = loadArtifact(contractName);
    const implFactory = new ethers.ContractFactory(art.abi, art.bytecode, this.signer);
    const impl = await implFactory.deploy();
    await impl.deploymentTransaction()!.wait();
    const data = implFactory.interface.encodeFunctionData("initialize", initArgs);
    const proxyArt = loadArtifact("ERC1967Proxy");
    const proxyFactory = new ethers.ContractFactory(proxyArt.abi, proxyArt.bytecode, this.signer);
    const proxy = await proxyFactory.deploy(await impl.getAddress(), data);
    const receipt = await proxy.deploymentTransaction()!.wait();
    const address = await proxy.getAddress();
    this.contracts[name] = { address, startBlock: receipt!.blockNumber };
    const instance = new ethers.Contract(address, art.abi, this.signer);
    this.instances[name] = instance;
    this.log(`${name} (${contractName} behind UUPS proxy) at ${address}`);
    return instance;
  }

  /** Records a contract deployed elsewhere (the Safe, the timelock, the Governor) under `name`. */
  record(name: string, instance: ethers.Contract, startBlock: number): void {
    this.contracts[name] = { address: instance.target as string, startBlock };
    this.instances[name] = instance;
    this.log(`${name} at ${instance.target as string}`);
  }
}

async function send(tx: Promise<ethers.ContractTransactionResponse>): Promise<ethers.TransactionReceipt> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error("transaction dropped");
  return receipt;
}

/** Chains deploySystem may deploy its mocks to: hardhat / anvil (31337) and the common local 1337. */
/** …and the stack's second local chain (412346, Arbitrum's local dev node's id, see bridge/src/chains.ts). */
export const DEV_CHAIN_IDS: readonly number[] = [31337, 1337, 412346];

export class DeployRefused extends Error {}

/**
 * Refuses a deployment that would put mocks with public setters (tokens anyone can mint, feeds anyone can
 * set) or default role addresses on a chain other than a local dev chain; the error lists every problem.
 */
export function checkDeployTarget(chainId: number, network: string | undefined, options: DeployOptions): void {
  if (DEV_CHAIN_IDS.includes(chainId)) return;
  const problems: string[] = [];
  if (network && (BOOK_NETWORKS as string[]).includes(network)) {
    // a network of the address book: its venues, tokens and feeds are reused, not deployed (see planDeploy)
    const plan = planDeploy(network, chainId);
    problems.push(
      plan.ready
        ? "executing an address-book plan is not implemented; planDeploy lists what it would deploy and reuse"
        : `the address-book plan has ${plan.gaps.length} gap(s): ${plan.gaps.map((g) => `${g.role} (${g.gap})`).join("; ")}`,
    );
  } else {
    problems.push(
      `it deploys mock tokens, price feeds, a swap router, an LP pool and yield sources with public setters, which only a local dev chain (chain id ${DEV_CHAIN_IDS.join(" or ")}) may have`,
    );
  }
  const missing = [
    ...(options.keeper ? [] : ["keeper"]),
    ...(options.guardian ? [] : ["guardian"]),
    ...(options.governance && options.governance.safeOwners?.length ? [] : ["Safe owners (governance.safeOwners)"]),
    ...(network ? [] : ["network name"]),
  ];
  if (missing.length) problems.push(`a deployment outside a dev chain needs explicit ${missing.join(", ")}`);
  if (options.governance === false) problems.push("management must be a Safe and a timelock outside a dev chain (governance: false refused)");
  throw new DeployRefused(`deploySystem refuses chain ${chainId}${network ? ` (network "${network}")` : ""}: ${problems.join("; ")}`);
}

/**
 * Deploys the whole system on a dev chain using plain ethers v6 (works against any JSON-RPC node): mock
 * tokens and 5 mock feeds per asset, the oracle hub, the vault, Uniswap v3 from its npm artifacts with the
 * market's pools (seeded by a market maker), the UniswapV3Venue the rebalancer trades through, the yield sources
 * and harvester, the LP pool, perpetual and hedger, the liquidity manager (concentrated ranges of the hedged
 * asset on the market's pools, whose asset the hedger hedges with the LP pool's) and the keeper gateway; wires
 * roles; publishes first prices; funds the owner and deposits into the vault; sets initial weights; allocates
 * part of the yield assets to their sources, gives the vault an (unhedged) LP position and opens the manager's
 * first range from the vault's holdings (MANAGER_OPEN). A fresh deployment therefore has work for the keeper: a
 * rebalance and a hedge are due, yield accrues and the manager's fees grow with time.
 * The signer is the owner (the taxpayer, who deposits and withdraws) and management while it wires the
 * system; then (unless `governance: false`) management of every module goes to a TimelockController that a
 * 2-of-3 Safe and a Governor drive. Dev chains only (checkDeployTarget); keeper and guardian default to the
 * owner there.
 */
export async function deploySystem(signer: ethers.Signer, options: DeployOptions = {}): Promise<Deployment> {
  const log = options.log ?? (() => {});
  const provider = signer.provider;
  if (!provider) throw new Error("deploySystem: the signer has no provider");
  const chainId = Number((await provider.getNetwork()).chainId);
  checkDeployTarget(chainId, options.network, options);
  const owner = await signer.getAddress();
  const keeper = options.keeper ?? owner;
  const guardian = options.guardian ?? owner;
  const specs = options.assets ?? DEFAULT_ASSETS;
  const feedsPerAsset = options.feedsPerAsset ?? 5;
  const stableSpecs = specs.filter((s) => s.isStable);
  if (stableSpecs.length !== 1) throw new Error(`deploySystem: exactly one asset must be isStable, got ${stableSpecs.length}`);
  const ordered = [stableSpecs[0], ...specs.filter((s) => !s.isStable)];
  if (options.stablecoin && stableSpecs[0].yieldSource) {
    throw new Error(`deploySystem: ${stableSpecs[0].symbol} is an existing token (options.stablecoin), but its spec asks for a yield source: the mock sources pay interest by minting their underlying; drop its yieldSource`);
  }
  const d = new Deployer(signer, log);

  // Tokens and feeds.
  const tokens: Record<string, ethers.Contract> = {};
  const assets: DeployedAsset[] = [];
  for (const spec of ordered) {
    const existing = spec.isStable && options.stablecoin ? await existingToken(signer, options.stablecoin.address, spec) : undefined;
    const token = existing ?? (await d.deploy(`Token${spec.symbol}`, "MockERC20", [spec.name, spec.symbol, spec.decimals], false));
    tokens[spec.symbol] = token;
    const answer = parseUnitsStrict(spec.priceUsd, FEED_DECIMALS, `price of ${spec.symbol}`);
    const feeds: string[] = [];
    for (let i = 0; i < feedsPerAsset; i++) {
      const feed = await d.deploy(`Feed${spec.symbol}${i}`, "MockAggregatorV3", [FEED_DECIMALS, `${spec.symbol} / USD #${i}`, answer], false);
      feeds.push(await feed.getAddress());
    }
    assets.push({ symbol: spec.symbol, address: await token.getAddress(), decimals: spec.decimals, isStable: !!spec.isStable, feeds, ...(existing ? { existing: true } : {}) });
  }
  // a mock is minted where the deployment hands it out; an existing token is transferred from the signer
  const give = async (symbol: string, to: string, amount: bigint) => {
    if (!assets.find((a) => a.symbol === symbol)!.existing) return void (await send(tokens[symbol].mint(to, amount)));
    if (to.toLowerCase() === owner.toLowerCase()) return;
    const held: bigint = await tokens[symbol].balanceOf(owner);
    if (held < amount) throw new Error(`deploySystem: the signer ${owner} holds ${ethers.formatUnits(held, await tokens[symbol].decimals())} of the existing ${symbol}, short of the ${ethers.formatUnits(amount, await tokens[symbol].decimals())} to give ${to}; fund it first (e.g. bridge more)`);
    await send(tokens[symbol].transfer(to, amount));
  };

  // Oracle layer.
  const oc = ORACLE_CONFIG;
  const oracle = await d.deployProxy("OracleHub", "OracleHub", [
    owner, guardian, oc.stalenessSeconds, oc.quorum, oc.maxDeviationBps, oc.breakerBps, oc.lambda,
  ]);
  for (const a of assets) for (const f of a.feeds) await send(oracle.addFeed(a.address, f));
  await send(oracle.updateAll());

  // Vault and rebalancer.
  const stable = assets[0];
  const vault = await d.deployProxy("Vault", "Vault", [owner, guardian, await oracle.getAddress(), stable.address]);
  for (const a of assets.slice(1)) await send(vault.addAsset(a.address));
  const mintTo = (token: string, to: string, amount: bigint) => give(assets.find((a) => a.address.toLowerCase() === token.toLowerCase())!.symbol, to, amount);
  const { uni, market } = await deployMarket(
    signer, options.marketMaker ?? (await marketMakerOf(signer)),
    assets.map((a) => ({ ...a, priceUsd: ordered.find((s) => s.symbol === a.symbol)!.priceUsd })),
    mintTo, options.marketPools ?? marketPoolsFor(ordered.map((s) => s.symbol), stable.symbol),
  );
  for (const p of market.pools) log(`pool ${p.asset}/${p.quote} ${p.feeTier / 10_000} % at ${p.address}, depth ${p.depthQuote} ${p.quote}`);
  await letPoolsKeepHistory(signer, oracle, assets);
  const hub = assets.find((a) => a.symbol === HUB_SYMBOL) ?? assets[1];
  const venue = await d.deploy("Venue", "UniswapV3Venue", [
    uni.addresses.UniswapV3Factory, uni.addresses.SwapRouter, await oracle.getAddress(), hub.address, HUB_FEE_TIER,
  ]);
  const rebalancer = await d.deployProxy("Rebalancer", "Rebalancer", [
    owner, guardian, await vault.getAddress(), await venue.getAddress(), Object.values(TRADE_CONFIG), Object.values(RISK_CONFIG),
  ]);
  await send(rebalancer.setVenueConfig(Object.values(VENUE_CONFIG)));
  await send(vault.setModule(ethers.id("REBALANCER"), await rebalancer.getAddress()));
  const deposits = options.deposits ?? DEFAULT_DEPOSITS;

  // Yield sources and the harvester.
  const harvester = await d.deployProxy("Harvester", "Harvester", [
    owner, guardian, await vault.getAddress(), HARVEST_CONFIG.compoundBps, HARVEST_CONFIG.minHarvestUsd,
  ]);
  await send(vault.setModule(ethers.id("HARVESTER"), await harvester.getAddress()));
  for (const spec of ordered) {
    if (!spec.yieldSource) continue;
    const a = assets.find((x) => x.symbol === spec.symbol)!;
    const ys = spec.yieldSource;
    const source = await d.deploy(`YieldSource${spec.symbol}`, "MockYieldSource", [a.address, ys.name, ys.symbol, ys.aprBps]);
    a.yieldSource = await source.getAddress();
    await send(harvester.addSource(a.yieldSource));
  }

  // LP position on the first risk asset (a full-range Uniswap v3 position), hedged with a perpetual short.
  const hedged = assets[1];
  const perp = await d.deployProxy("Perpetual", "Perpetual", [owner, guardian, await oracle.getAddress(), stable.address]);
  const hedgedSpec = ordered.find((s) => s.symbol === hedged.symbol)!;
  const marketPool = findPool(market, hedged.symbol, stable.symbol, LP_FEE_TIER);
  const perpPool = marketPool ? { uni, pool: marketPool.address } : await deployPerpPool(signer, signer, hedged, stable, hedgedSpec.priceUsd, mintTo, uni);
  const pc = PERP_MARKET_CONFIG;
  await send(perp.listMarket(hedged.address, perpPool.pool, pc.twapWindow, pc.maxPremiumBps, pc.fundingInterval));
  log(`perpetual market ${hedged.symbol}: marked at the Uniswap v3 pool ${perpPool.pool} (TWAP ${pc.twapWindow} s, premium ±${pc.maxPremiumBps} bps a day, sampled every ${pc.fundingInterval} s)`);
  const lp = await deployLiquidityPosition(d, perpPool.uni, signer, hedged, stable, ordered);
  const hedger = await d.deployProxy("Hedger", "Hedger", [
    owner, guardian, await vault.getAddress(), await lp.getAddress(), await perp.getAddress(), HEDGE_CONFIG.bandBps, HEDGE_CONFIG.marginBps,
  ]);
  await send(vault.setModule(ethers.id("HEDGER"), await hedger.getAddress()));
  await give(stable.symbol, await perp.getAddress(), 10n ** BigInt(stable.decimals) * PERP_COLLATERAL_WHOLE);

  // The liquidity manager: concentrated ranges of the hedged asset against the stablecoin on the market's pools,
  // the vault's third position module, its asset hedged with the LP position's.
  const manager = options.liquidityManager === false ? undefined : await deploySystemManager(d, perpPool.uni, vault, hedged, stable, assets, owner, guardian);
  if (manager) {
    await send(vault.setModule(ethers.id("LIQUIDITY_MANAGER"), await manager.getAddress()));
    await send(hedger.setLiquidityManager(await manager.getAddress()));
  }

  // Keeper entry points; the gateway and the keeper account may both run the modules.
  const gateway = await d.deployProxy("KeeperGateway", "KeeperGateway", [
    owner, guardian, await rebalancer.getAddress(), await harvester.getAddress(), await hedger.getAddress(),
  ]);
  const modules = manager ? [rebalancer, harvester, hedger, manager] : [rebalancer, harvester, hedger];
  for (const m of modules) {
    await send(m.setKeeper(await gateway.getAddress(), true));
    await send(m.setKeeper(keeper, true));
  }
  await send(gateway.setKeeper(keeper, true));
  if (manager) await send(gateway.setLiquidityManager(await manager.getAddress()));

  // Owner's funds, deposited into the vault.
  for (const a of assets) {
    const amount = parseUnitsStrict(deposits[a.symbol] ?? "0", a.decimals, `deposit of ${a.symbol}`);
    if (amount === 0n) continue;
    await give(a.symbol, owner, amount);
    await send(tokens[a.symbol].approve(await vault.getAddress(), amount));
    await send(vault.deposit(a.address, amount));
  }
  await send(rebalancer.updateWeights());

  // Part of the yield assets goes into their sources; the owner adds an LP position owned by the vault.
  const allocations = options.yieldAllocations ?? DEFAULT_YIELD_ALLOCATIONS;
  for (const a of assets) {
    const whole = allocations[a.symbol];
    if (!whole || !a.yieldSource) continue;
    await send(harvester.allocate(a.yieldSource, parseUnitsStrict(whole, a.decimals, `yield allocation of ${a.symbol}`)));
  }
  const lpWhole = options.lpAssetAmount ?? DEFAULT_LP_ASSET_AMOUNT;
  if (lpWhole !== "0") {
    const x = parseUnitsStrict(lpWhole, hedged.decimals, "LP asset amount");
    // the stablecoin at the oracle's price, 2 % over: the position manager takes what the pool asks, the rest comes back
    const [pa, ps] = [await oracle.priceOf(hedged.address), await oracle.priceOf(stable.address)];
    const y = (x * pa * 10n ** BigInt(stable.decimals) * 102n) / (ps * 10n ** BigInt(hedged.decimals) * 100n);
    await give(hedged.symbol, owner, x);
    await give(stable.symbol, owner, y);
    await fundLiquidityPosition(lp, signer, { asset: tokens[hedged.symbol], stable: tokens[stable.symbol] }, x, y);
  }
  await send(lp.setController(await hedger.getAddress()));
  if (manager) {
    const shareBps = (options.liquidityManager || {}).assetShareBps ?? MANAGER_OPEN.assetShareBps;
    await openManager(manager, vault, hedged, stable, oracle, shareBps, owner, keeper, log);
  }

  const managed = [oracle, vault, rebalancer, harvester, hedger, gateway, perp, ...(manager ? [manager] : [])];
  const governance = options.governance === false ? undefined : await governSystem(d, managed, options.governance ?? {});

  const network = options.network ?? "hardhat";
  return {
    network,
    chainId,
    contracts: d.contracts,
    assets,
    accounts: { owner, keeper, guardian, management: governance?.timelock ?? owner },
    ...(governance ? { governance } : {}),
    market,
    signer,
    instances: d.instances,
    tokens,
  };
}

/** The existing token at `address` as the stable asset `spec`: a contract whose decimals are the spec's. */
async function existingToken(signer: ethers.Signer, address: string, spec: AssetSpec): Promise<ethers.Contract> {
  if (!ethers.isAddress(address)) throw new Error(`deploySystem: stablecoin "${address}" is not an address`);
  const token = new ethers.Contract(ethers.getAddress(address), loadArtifact("MockERC20").abi, signer);
  if ((await signer.provider!.getCode(address)) === "0x") throw new Error(`deploySystem: stablecoin ${address} has no code on this chain`);
  const decimals = Number(await token.decimals());
  if (decimals !== spec.decimals) throw new Error(`deploySystem: stablecoin ${address} has ${decimals} decimals, the ${spec.symbol} spec ${spec.decimals}`);
  return token;
}

/**
 * The vault's LP position: a full-range Uniswap v3 position (UniswapV3LiquidityPosition, controlled by the
 * deployer until it is funded, then by the hedger) in the hedged asset's LP_FEE_TIER pool against the
 * stablecoin on `uni` (the pool the market maker seeded, the perp's mark; created at the start price if absent).
 */
async function deployLiquidityPosition(
  d: Deployer, uni: UniswapV3, signer: ethers.Signer, hedged: DeployedAsset, stable: DeployedAsset, specs: AssetSpec[],
): Promise<ethers.Contract> {
  const priceOf = (symbol: string) => parseUnitsStrict(specs.find((s) => s.symbol === symbol)!.priceUsd, 18, `price of ${symbol}`);
  const price = ethers.formatUnits((priceOf(hedged.symbol) * WAD) / priceOf(stable.symbol), 18);
  const pool = await ensurePool(uni, hedged, stable, LP_FEE_TIER, price);
  const { tickLower, tickUpper } = fullRangeTicks(LP_FEE_TIER);
  return d.deploy("LPPool", "UniswapV3LiquidityPosition", [
    uni.addresses.NonfungiblePositionManager, pool, hedged.address, tickLower, tickUpper, await signer.getAddress(),
  ]);
}

/**
 * The liquidity manager of `hedged` against the stablecoin on `uni`'s pools (the tiers the market has), trading
 * through its SwapRouter, gas priced in WETH (the hedged asset without WETH); recorded as "LiquidityManager" with
 * the addresses its subgraph data source needs.
 */
async function deploySystemManager(
  d: Deployer, uni: UniswapV3, vault: ethers.Contract, hedged: DeployedAsset, stable: DeployedAsset, assets: DeployedAsset[], owner: string, guardian: string,
): Promise<ethers.Contract | undefined> {
  const factory = new ethers.Contract(uni.addresses.UniswapV3Factory, ["function getPool(address,address,uint24) view returns (address)"], d.signer);
  const feeTiers = await managerTiers(factory, hedged.address, stable.address);
  if (feeTiers.length === 0) return undefined;
  const gasToken = (assets.find((a) => a.symbol === "WETH") ?? hedged).address;
  const { manager, startBlock } = await deployManager(d.signer, {
    vault: await vault.getAddress(), positionManager: uni.addresses.NonfungiblePositionManager, factory: uni.addresses.UniswapV3Factory,
    swapRouter: uni.addresses.SwapRouter, asset: hedged.address, gasToken, management: owner, guardian, feeTiers,
    costConfig: MANAGER_COST_CONFIG,
  });
  d.record("LiquidityManager", manager, startBlock);
  Object.assign(d.contracts.LiquidityManager, { asset: hedged.address, stable: stable.address, factory: uni.addresses.UniswapV3Factory });
  d.log(`liquidity manager ${hedged.symbol}/${stable.symbol} on tiers ${feeTiers.map((f) => `${f / 10_000} %`).join(", ")}`);
  return manager;
}

/**
 * Opens the manager's first range with `shareBps` of the vault's hedged asset and the same value of its
 * stablecoin at the oracle (the owner acts as its keeper for this one call when the keeper is another account).
 */
async function openManager(
  manager: ethers.Contract, vault: ethers.Contract, hedged: DeployedAsset, stable: DeployedAsset, oracle: ethers.Contract,
  shareBps: bigint, owner: string, keeper: string, log: (line: string) => void,
): Promise<void> {
  const held = new ethers.Contract(hedged.address, ["function balanceOf(address) view returns (uint256)"], manager.runner);
  const x = ((await held.balanceOf(await vault.getAddress())) as bigint) * shareBps / 10_000n;
  if (x === 0n) return;
  const [pa, ps] = [await oracle.priceOf(hedged.address), await oracle.priceOf(stable.address)];
  const y = (x * pa * 10n ** BigInt(stable.decimals)) / (ps * 10n ** BigInt(hedged.decimals));
  if (owner !== keeper) await send(manager.setKeeper(owner, true));
  const receipt = await send(manager.open(x, y));
  if (owner !== keeper) await send(manager.setKeeper(owner, false));
  const opened = receipt.logs.map((l) => manager.interface.parseLog(l)).find((e) => e?.name === "RangeOpened");
  if (opened) {
    const a = opened.args;
    log(`liquidity manager opened position ${a.positionId} in the ${Number(a.fee) / 10_000} % pool over ticks [${a.tickLower}, ${a.tickUpper}) with ${ethers.formatUnits(a.assetAmount, hedged.decimals)} ${hedged.symbol} and ${ethers.formatUnits(a.stableAmount, stable.decimals)} ${stable.symbol}`);
  }
}

/**
 * The venue prices a trade against the pools' TWAP over VENUE_TWAP_WINDOW, which a pool younger than that cannot
 * give: the chain's clock moves past the window (a dev chain), then every feed re-posts its answer so none ages.
 */
async function letPoolsKeepHistory(signer: ethers.Signer, oracle: ethers.Contract, assets: DeployedAsset[]): Promise<void> {
  const provider = signer.provider as unknown as { send(m: string, p: unknown[]): Promise<{ timestamp: string }> };
  const latest = await provider.send("eth_getBlockByNumber", ["latest", false]);
  await provider.send("evm_setNextBlockTimestamp", [Number(latest.timestamp) + VENUE_TWAP_WINDOW + 60]);
  for (const a of assets) {
    for (const f of a.feeds) {
      const feed = new ethers.Contract(f, loadArtifact("MockAggregatorV3").abi, signer);
      await send(feed.setAnswer(await feed.latestAnswer()));
    }
  }
  await send(oracle.updateAll());
}

/** The market maker of a dev deploy: the chain's account MARKET_MAKER_INDEX, or the deployer on a chain with fewer accounts. */
async function marketMakerOf(signer: ethers.Signer): Promise<ethers.Signer> {
  const provider = signer.provider as unknown as { send(m: string, p: unknown[]): Promise<string[]>; getSigner?(a: string): Promise<ethers.Signer> };
  const accounts = await provider.send("eth_accounts", []);
  if (accounts.length <= MARKET_MAKER_INDEX || !provider.getSigner) return signer;
  return provider.getSigner(ethers.getAddress(accounts[MARKET_MAKER_INDEX]));
}

/** The chain's first `n` accounts (a dev node's unlocked accounts). */
async function devAccounts(provider: ethers.Provider, n: number): Promise<string[]> {
  const accounts = (await (provider as unknown as { send(m: string, p: unknown[]): Promise<string[]> }).send("eth_accounts", [])).slice(0, n);
  if (accounts.length < n) throw new Error(`deploySystem: the dev chain has ${accounts.length} accounts, the Safe needs ${n} owners`);
  return accounts.map((a) => ethers.getAddress(a));
}

/**
 * The Safe (2 of 3 of the chain's first accounts by default), the timelock and the Governor, then hands
 * them management of `managed`. The deployer keeps no role on the timelock.
 */
async function governSystem(d: Deployer, managed: ethers.Contract[], options: GovernanceOptions): Promise<GovernanceInfo> {
  const provider = d.signer.provider!;
  const safeOwners = options.safeOwners ?? (await devAccounts(provider, 3));
  const safeThreshold = options.safeThreshold ?? 2;
  const timelockDelay = options.timelockDelay ?? DEV_TIMELOCK_DELAY;
  const { safe, startBlock: safeBlock } = await deploySafe(d.signer, safeOwners, safeThreshold);
  d.record("Safe", safe, safeBlock);
  const { timelock, startBlock: timelockBlock } = await deployTimelock(d.signer, await safe.getAddress());
  d.record("Timelock", timelock, timelockBlock);
  const voters = (options.voters ?? safeOwners.map((address) => ({ address, amount: DEFAULT_VOTES_PER_OWNER })))
    .map((v) => ({ address: v.address, amount: parseUnitsStrict(v.amount, 18, `votes of ${v.address}`) }));
  const settings = { ...DEV_GOVERNOR, ...pickDefined(options) };
  const { governor, token, governorStartBlock } = await deployGovernor(d.signer, timelock, voters, settings);
  d.record("Governor", governor, governorStartBlock);
  await handOverToTimelock(d.signer, timelock, managed, timelockDelay);
  d.log(`management: timelock ${await timelock.getAddress()} (delay ${timelockDelay} s), driven by the Safe ${await safe.getAddress()} (${safeThreshold} of ${safeOwners.length}) and the Governor ${await governor.getAddress()}`);
  return {
    safe: await safe.getAddress(),
    safeOwners,
    safeThreshold,
    timelock: await timelock.getAddress(),
    timelockDelay,
    governor: await governor.getAddress(),
    votingToken: await token.getAddress(),
  };
}

function pickDefined(o: GovernanceOptions): Partial<typeof DEV_GOVERNOR> {
  const out: Partial<typeof DEV_GOVERNOR> = {};
  if (o.votingDelayBlocks !== undefined) out.votingDelayBlocks = o.votingDelayBlocks;
  if (o.votingPeriodBlocks !== undefined) out.votingPeriodBlocks = o.votingPeriodBlocks;
  if (o.quorumPercent !== undefined) out.quorumPercent = o.quorumPercent;
  return out;
}

/** The JSON-serialisable part of a deployment. */
export function toDeploymentFile(dep: DeploymentFile): DeploymentFile {
  return {
    network: dep.network,
    chainId: dep.chainId,
    contracts: dep.contracts,
    assets: dep.assets,
    accounts: dep.accounts,
    ...(dep.governance ? { governance: dep.governance } : {}),
    ...(dep.market ? { market: dep.market } : {}),
  };
}

/** Writes the deployment file (creating its directory); the subgraph manifest and the stack read it. */
export function writeDeployment(dep: DeploymentFile, file: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(toDeploymentFile(dep), null, 2) + "\n");
}

/** Reads and checks a deployment file written by writeDeployment. */
export function readDeployment(file: string): DeploymentFile {
  const raw = JSON.parse(fs.readFileSync(file, "utf8"));
  for (const key of ["network", "chainId", "contracts", "assets", "accounts"]) {
    if (!(key in raw)) throw new Error(`${file}: deployment file lacks "${key}"`);
  }
  return raw as DeploymentFile;
}

/** Binds ethers contracts to a deployment file's addresses (for processes other than the deployer). */
export function attach(dep: DeploymentFile, runner: ethers.ContractRunner): { instances: Record<string, ethers.Contract>; tokens: Record<string, ethers.Contract> } {
  const instances: Record<string, ethers.Contract> = {};
  for (const [name, c] of Object.entries(dep.contracts)) {
    // the bridge's OApps (bridge/, their own artifacts) are listed for the subgraph alone
    if (name === "ShareCoordinator" || name === "StablecoinBridge") continue;
    const artifact = name === "Safe" ? loadSafeArtifact("SafeL2") : loadArtifact(contractNameOf(name));
    instances[name] = new ethers.Contract(c.address, artifact.abi, runner);
  }
  const tokens: Record<string, ethers.Contract> = {};
  for (const a of dep.assets) tokens[a.symbol] = new ethers.Contract(a.address, loadArtifact("MockERC20").abi, runner);
  return { instances, tokens };
}

/**
 * A live Deployment from a deployment file and a signer (e.g. the keeper's, in another process), so the
 * scenario drivers and contract instances work exactly as after deploySystem.
 */
export function connectDeployment(dep: DeploymentFile, signer: ethers.Signer): Deployment {
  const { instances, tokens } = attach(dep, signer);
  return { ...toDeploymentFile(dep), signer, instances, tokens };
}

/** Maps a deployment key to its contract name. */
export function contractNameOf(key: string): string {
  if (key.startsWith("YieldSource")) return "MockYieldSource";
  const fixed: Record<string, string> = {
    SwapRouter: "MockSwapRouter", Venue: "UniswapV3Venue", LPPool: "UniswapV3LiquidityPosition",
    Timelock: "TimelockController", Governor: "LotgraphGovernor", Safe: "SafeL2",
  };
  return fixed[key] ?? key;
}
