import { ethers } from "ethers";
import { loadArtifact, type Artifact } from "../artifacts";
import type { Deployment } from "../deploy";
import { uniswapArtifact } from "../venues/uniswap";

/**
 * The liquidity manager (contracts/liquidity/LiquidityManager.sol): deployed behind a UUPS proxy with its linked
 * RangeMath library and given its fee tiers (deployManager). deploySystem deploys one for the hedged asset and
 * wires it into the vault, the hedger and the keeper gateway; deployLiquidityManager adds one beside a deployment
 * made without it (`liquidityManager: false`), for tests that set it up themselves.
 */

const WAD = 10n ** 18n;

/** The range rule: ±k·σ·√h in log price (k = 2, h = 7 daily rounds), re-range within 20 % of the half-width from an edge. */
export const LIQUIDITY_RANGE_CONFIG = {
  k: 2n * WAD,
  horizonRounds: 7n,
  thresholdBps: 2000n,
  minSigma: WAD / 200n, // 0.5 % a day
  maxSigma: WAD / 5n, // 20 % a day
};

/**
 * The cost side: fees expected over a week; a re-range priced at 1,000,000 gas at the block's base fee
 * (bench:gas measures 913,500 with one tier; each further tier adds its pool reads); fees collected at most
 * daily; spot and 30-minute TWAP within 200 ticks (≈ 2 %) of the oracle; ratio swaps at most 1 % below the
 * oracle's price net of the pool fee.
 */
export const LIQUIDITY_COST_CONFIG = {
  feeHorizon: 7n * 86_400n,
  rerangeGas: 1_000_000n,
  collectInterval: 86_400n,
  twapWindow: 1800,
  maxDeviationTicks: 200n,
  maxSlippageBps: 100n,
};

/** Uniswap's three standard tiers (0.05 %, 0.3 %, 1 %). */
export const LIQUIDITY_FEE_TIERS = [500, 3000, 10000] as const;

export interface LiquidityManagerOptions {
  /** The risk asset the position holds against the vault's stablecoin (default: the LP position's asset). */
  asset?: string;
  /** The token whose oracle price prices gas (default WETH of the deployment). */
  gasToken?: string;
  /** Tiers to enable; each must have a pool of asset/stablecoin (default: those of LIQUIDITY_FEE_TIERS that do). */
  feeTiers?: number[];
  /** Uniswap's NonfungiblePositionManager (default: the deployment LP position's) and a SwapRouter (default: a new one from Uniswap's npm artifact). */
  positionManager?: string;
  swapRouter?: string;
  rangeConfig?: typeof LIQUIDITY_RANGE_CONFIG;
  costConfig?: typeof LIQUIDITY_COST_CONFIG;
}

export interface DeployedLiquidityManager {
  manager: ethers.Contract;
  rangeMath: string;
  swapRouter: string;
  feeTiers: number[];
}

/** `artifact`'s creation bytecode with its library placeholders replaced by `libraries` (name → address). */
export function linkBytecode(artifact: Artifact & { linkReferences?: Record<string, Record<string, { start: number; length: number }[]>> }, libraries: Record<string, string>): string {
  let code = artifact.bytecode;
  for (const [, libs] of Object.entries(artifact.linkReferences ?? {})) {
    for (const [name, refs] of Object.entries(libs)) {
      const address = libraries[name];
      if (!address) throw new Error(`${artifact.contractName} needs library ${name}`);
      for (const { start, length } of refs) {
        const at = 2 + start * 2;
        code = code.slice(0, at) + address.toLowerCase().slice(2) + code.slice(at + length * 2);
      }
    }
  }
  return code;
}

async function send(tx: Promise<ethers.ContractTransactionResponse>): Promise<void> {
  const r = await (await tx).wait();
  if (!r) throw new Error("transaction dropped");
}

async function deployPlain(signer: ethers.Signer, abi: any[], bytecode: string, args: unknown[] = []): Promise<string> {
  const c = await new ethers.ContractFactory(abi, bytecode, signer).deploy(...args);
  await c.waitForDeployment();
  return c.getAddress();
}

/** What deployManager wires a new liquidity manager to (addresses). */
export interface ManagerWiring {
  vault: string;
  positionManager: string;
  factory: string;
  swapRouter: string;
  asset: string;
  gasToken: string;
  management: string;
  guardian: string;
  /** tiers to enable; each must have a pool of asset/stablecoin */
  feeTiers: number[];
  rangeConfig?: typeof LIQUIDITY_RANGE_CONFIG;
  costConfig?: typeof LIQUIDITY_COST_CONFIG;
}

/**
 * Deploys RangeMath, the manager behind a UUPS proxy initialised with `w`, and enables its tiers (the signer must
 * be `w.management`). Returns the manager and the block its proxy was deployed in (the subgraph's startBlock).
 */
export async function deployManager(signer: ethers.Signer, w: ManagerWiring): Promise<{ manager: ethers.Contract; rangeMath: string; startBlock: number }> {
  const rm = loadArtifact("RangeMath");
  const rangeMath = await deployPlain(signer, rm.abi, rm.bytecode);
  const art = loadArtifact("LiquidityManager");
  const impl = await deployPlain(signer, art.abi, linkBytecode(art, { RangeMath: rangeMath }));
  const wiring = [w.vault, w.positionManager, w.factory, w.swapRouter, w.asset, w.gasToken];
  const init = new ethers.Interface(art.abi).encodeFunctionData("initialize", [
    w.management, w.guardian, wiring, Object.values(w.rangeConfig ?? LIQUIDITY_RANGE_CONFIG), Object.values(w.costConfig ?? LIQUIDITY_COST_CONFIG),
  ]);
  const proxyArt = loadArtifact("ERC1967Proxy");
  const proxy = await new ethers.ContractFactory(proxyArt.abi, proxyArt.bytecode, signer).deploy(impl, init);
  const receipt = await proxy.deploymentTransaction()!.wait();
  const manager = new ethers.Contract(await proxy.getAddress(), art.abi, signer);
  for (const fee of w.feeTiers) await send(manager.setFeeTier(fee, true));
  return { manager, rangeMath, startBlock: receipt!.blockNumber };
}

/** The tiers of LIQUIDITY_FEE_TIERS (or `wanted`, each required) with a pool of asset/stable on `factory`. */
export async function managerTiers(factory: ethers.Contract, asset: string, stable: string, wanted?: number[]): Promise<number[]> {
  const tiers: number[] = [];
  for (const fee of wanted ?? LIQUIDITY_FEE_TIERS) {
    const pool: string = await factory.getPool(asset, stable, fee);
    if (pool !== ethers.ZeroAddress) tiers.push(fee);
    else if (wanted) throw new Error(`liquidity manager: no ${fee} pool of ${asset}/${stable}`);
  }
  return tiers;
}

/**
 * Deploys and wires the liquidity manager into `dep` (the signer must be management of the vault, i.e. an
 * ungoverned dev deployment; a governed one schedules setModule through its timelock instead).
 */
export async function deployLiquidityManager(dep: Deployment, opts: LiquidityManagerOptions = {}): Promise<DeployedLiquidityManager> {
  const signer = dep.signer;
  const vault = dep.instances.Vault;
  const me = await signer.getAddress();
  if ((await vault.management()) !== me) throw new Error("deployLiquidityManager: the signer is not the vault's management (schedule setModule through the timelock)");
  const lp = dep.instances.LPPool;
  const asset = opts.asset ?? ((await lp.asset()) as string);
  const gasToken = opts.gasToken ?? dep.assets.find((a) => a.symbol === "WETH")!.address;
  const npmAddress = opts.positionManager ?? ((await lp.positionManager()) as string);
  const npm = new ethers.Contract(npmAddress, uniswapArtifact("NonfungiblePositionManager").abi, signer);
  const factory = new ethers.Contract(await npm.factory(), ["function getPool(address,address,uint24) view returns (address)"], signer);
  const router = uniswapArtifact("SwapRouter");
  const swapRouter = opts.swapRouter ?? (await deployPlain(signer, router.abi, router.bytecode, [await factory.getAddress(), await npm.WETH9()]));
  const stable = (await vault.stablecoin()) as string;
  const tiers = await managerTiers(factory, asset, stable, opts.feeTiers);
  if (tiers.length === 0) throw new Error("deployLiquidityManager: no pool of the asset against the stablecoin at any tier");
  const { manager, rangeMath } = await deployManager(signer, {
    vault: await vault.getAddress(), positionManager: npmAddress, factory: await factory.getAddress(), swapRouter, asset, gasToken,
    management: me, guardian: dep.accounts.guardian, feeTiers: tiers, rangeConfig: opts.rangeConfig, costConfig: opts.costConfig,
  });
  const proxy = await manager.getAddress();
  await send(manager.setKeeper(dep.accounts.keeper, true));
  await send(vault.setModule(ethers.id("LIQUIDITY_MANAGER"), proxy));
  return { manager, rangeMath, swapRouter, feeTiers: tiers };
}
