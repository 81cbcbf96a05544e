/**
 * The keeper: one pass (`runOnce`) and a loop (`runLoop`).
 *
 * A pass: (1) syncs the subgraph into the keeper's store (the indexer's `sync()`) and refuses to act when
 * that fails or the synced block lags the chain head by more than `maxLagBlocks`; (2) reconciles journaled
 * harvests whose outcome is unknown (receipt by hash, else re-broadcast of the journaled signed
 * transaction, else the LossHarvested event) and confirmed ones whose transaction is not on this chain; (3) waits
 * until the store holds the chain head and asks the advisor, reading the vault's ledger from the store (the
 * tax package's store mapping) through the tax engine; (4) performs the upkeeps `checkUpkeep` reports, one
 * after another, in the gateway's priority order: weights, rebalance, yield harvest, hedge, then the liquidity
 * manager's re-range (when its rule has a trigger: the manager re-ranges only if the expected fees beat gas and
 * swap cost, and logs its decision either way) and fee collection (once its interval has passed), and a hedge
 * again if the manager's move made one due; (5) when the advisor recommended a harvest, re-syncs until the store holds the upkeeps (else
 * harvests wait for the next pass, as a buy the store has not seen could be washed by a sale), asks the
 * advisor again and executes each new recommendation through `KeeperGateway.harvestLoss` with its lockout.
 * When it recommended none, the upkeeps are not waited for: they can only add acquisitions or relieve lots.
 * A due rebalance first has its trims priced (rebalanceLots.ts): when every trim may wait for its lots to turn
 * long-term (trimDeferral) the whole rebalance waits, journaled; else it goes through
 * `KeeperGateway.rebalanceIdentified` naming each sale's lots from the store, or plain `performUpkeep` when the
 * store's lots cannot cover a sale (logged).
 * Every action and every decision not to act is logged with its reason.
 */
import { ethers } from "ethers";
import { attach, maxHarvestAmount, rebalancerVenue, venuePriceOffBps, type DeploymentFile } from "@lotgraph/contracts";
import {
  acquisitionsFromLedger,
  adviseHarvests,
  DEFAULT_ADVISOR_CONFIG,
  formatUsd,
  MONEY_DIGITS,
  openLotsFromEngine,
  QTY_DIGITS,
  TaxEngine,
  type Advice,
  type AdvisorConfig,
  type HarvestCosts,
  type OpenLot,
  type Recommendation,
  type TaxRates,
} from "@lotgraph/tax";
import { Journal } from "./journal";
import { identifyLots } from "./identify";
import { identifyRebalance, plannedTrims, reviewTrims, type RebalancePlan, type PlannedTrim } from "./rebalanceLots";
import { DEFAULT_TRIM_DEFERRAL, type TrimDeferralConfig } from "./trimTax";
import { KeeperStore, type StoreSettings } from "./store";

export const ACTION_NAMES: Record<number, string> = { 1: "update weights", 2: "rebalance", 3: "harvest yield", 4: "hedge", 5: "re-range", 6: "collect fees" };
/** The gateway's actions that run the liquidity manager. */
const MANAGER_ACTIONS = new Set([5, 6]);
/** The liquidity manager's Decision reasons (ILiquidityManagerEvents.Reason), in plain words. */
export const RANGE_REASONS = ["in range", "out of range", "near an edge", "tier switch", "fees below cost"] as const;
const ACTION_REBALANCE = 2;

export interface KeeperOptions {
  /** refuse to act when the subgraph is more than this many blocks behind the chain head */
  maxLagBlocks: number;
  /** at most this many upkeeps per pass (each re-checked by checkUpkeep) */
  maxUpkeeps: number;
  /** how long to wait for a transaction's receipt before leaving it to the next pass */
  confirmTimeoutMs: number;
  /** how long to wait for graph-node to index the chain head, or the pass's upkeeps when a harvest is recommended (re-syncing the store), before harvests are left to the next pass */
  resyncTimeoutMs: number;
  advisor: AdvisorConfig;
  costs: HarvestCosts;
  rates: TaxRates;
  /** minOut = oracle value × (1 − this), in bps (the contract also enforces its own floor) */
  maxSlippageBps: number;
  /** a loss harvest not mined within this many seconds of the chain head's time is refused on-chain */
  deadlineSeconds: number;
  /** a rebalance names the lots its sales relieve (rebalanceIdentified) when the store's lots cover them */
  identifyRebalances: boolean;
  /** when a rebalance may wait for its trims' lots to turn long-term; null: never */
  trimDeferral: TrimDeferralConfig | null;
}

export const DEFAULT_KEEPER_OPTIONS: KeeperOptions = {
  maxLagBlocks: 5,
  maxUpkeeps: 8,
  confirmTimeoutMs: 60_000,
  resyncTimeoutMs: 30_000,
  advisor: DEFAULT_ADVISOR_CONFIG,
  costs: { gasUsd: 2n * 10n ** 12n, slippageBps: 20, dexFeeBps: 30 },
  rates: { shortTermBps: 3700, longTermBps: 2000 },
  maxSlippageBps: 150,
  deadlineSeconds: 1800,
  identifyRebalances: true,
  trimDeferral: DEFAULT_TRIM_DEFERRAL,
};

export interface KeeperContext {
  provider: ethers.JsonRpcProvider;
  /** the keeper account; signs locally so a transaction's hash is known (and journaled) before broadcast */
  wallet: ethers.Wallet | ethers.HDNodeWallet;
  deployment: DeploymentFile;
  /** the keeper's local store of the subgraph, synced at the start of every pass */
  store: StoreSettings;
  journal: Journal;
  options: KeeperOptions;
  log: (line: string) => void;
}

export interface PassResult {
  refused?: string;
  /** the block the keeper's store was synced to in this pass, and the entity rows the sync wrote */
  synced?: { block: number; rows: number };
  /** why this pass did not look for harvests */
  harvestsDeferred?: string;
  upkeeps: number[];
  /** what the liquidity manager's upkeeps did (and a manager's refusal, which ends the pass's upkeeps) */
  liquidity: LiquidityAction[];
  harvested: string[];
  skipped: { id?: string; asset: string; reason: string }[];
  reconciled: { id: string; state: string }[];
  /** upkeeps that were due but would have reverted, put off to a later pass while the others ran (the decoded reason) */
  putOff: { action: number; reason: string }[];
  /** each due rebalance: sent naming its lots, sent plain (why), or deferred (why) */
  rebalances: { outcome: "identified" | "plain" | "deferred" | "no sale"; reason?: string }[];
  /** ms this pass spent waiting for graph-node to index blocks (its upkeeps', the chain head) before re-syncing */
  indexWaitMs: number;
  /** where the pass's time went (ms): first sync, reconcile, upkeeps, re-sync (its wait for graph-node included), advisor and harvests */
  phasesMs: Partial<Record<PassPhase, number>>;
}

/** One upkeep of the liquidity manager, as its events report it. */
export interface LiquidityAction {
  kind: "reranged" | "skipped" | "collected" | "refused";
  /** the Decision's reason (RANGE_REASONS) of a re-range or a skip; the error of a refusal */
  reason?: string;
  gasUsed?: bigint;
  /** collected fees, base units of the asset and the stablecoin */
  fees?: { asset: bigint; stable: bigint };
}

export type PassPhase = "sync" | "reconcile" | "upkeeps" | "resync" | "harvests";

/** Runs `fn` as the pass's phase `phase`, adding its duration to `result.phasesMs`. */
async function timed<T>(result: PassResult, phase: PassPhase, fn: () => Promise<T>): Promise<T> {
  const t = Date.now();
  try {
    return await fn();
  } finally {
    result.phasesMs[phase] = (result.phasesMs[phase] ?? 0) + Date.now() - t;
  }
}

/**
 * The deployment's contracts for this keeper, built once: attaching reads and parses every contract's
 * artifact and ABI, which three times a pass cost more than the pass's chain reads.
 */
const attached = new WeakMap<KeeperContext, ReturnType<typeof attach>>();
function contractsOf(ctx: KeeperContext): ReturnType<typeof attach> {
  let contracts = attached.get(ctx);
  if (!contracts) attached.set(ctx, (contracts = attach(ctx.deployment, ctx.provider)));
  return contracts;
}

/** Nonces for the one signer, fetched once per pass and counted locally. */
class Nonces {
  private next?: number;
  constructor(private readonly ctx: KeeperContext) {}
  async take(): Promise<number> {
    if (this.next === undefined) this.next = await this.ctx.provider.getTransactionCount(this.ctx.wallet.address, "pending");
    return this.next++;
  }
}

/** How often a pending transaction's receipt is asked for. */
const RECEIPT_POLL_MS = 50;

/**
 * The transaction's receipt, asked for until it comes or `confirmTimeoutMs` passes (null). Not ethers'
 * `waitForTransaction`: that looks again only when it sees a new block, and a block mined between its
 * first look and its block poller's start is never reported; with nothing else mining (a simulation, a
 * quiet chain) it then waited the whole timeout for a transaction mined long before.
 */
export async function waitReceipt(ctx: Pick<KeeperContext, "provider" | "options">, hash: string): Promise<ethers.TransactionReceipt | null> {
  const deadline = Date.now() + ctx.options.confirmTimeoutMs;
  for (;;) {
    const receipt = await ctx.provider.getTransactionReceipt(hash);
    if (receipt) return receipt;
    if (Date.now() >= deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, RECEIPT_POLL_MS));
  }
}

/** Signs with an explicit nonce and gas limit (estimated), without broadcasting. */
async function signCall(ctx: KeeperContext, nonces: Nonces, contract: ethers.Contract, method: string, args: unknown[]): Promise<{ raw: string; hash: string; nonce: number }> {
  const data = contract.interface.encodeFunctionData(method, args);
  const to = await contract.getAddress();
  // one round trip: the provider sends concurrent calls as one JSON-RPC batch
  const [gasLimit, fee, { chainId }] = await Promise.all([
    ctx.provider.estimateGas({ from: ctx.wallet.address, to, data }),
    ctx.provider.getFeeData(),
    ctx.provider.getNetwork(),
  ]);
  const nonce = await nonces.take();
  const raw = await ctx.wallet.signTransaction({
    to,
    data,
    nonce,
    chainId,
    gasLimit: (gasLimit * 12n) / 10n,
    type: 2,
    maxFeePerGas: fee.maxFeePerGas ?? fee.gasPrice ?? 10n ** 9n,
    maxPriorityFeePerGas: fee.maxPriorityFeePerGas ?? 0n,
  });
  return { raw, hash: ethers.keccak256(raw), nonce };
}

async function broadcast(ctx: KeeperContext, raw: string): Promise<void> {
  try {
    await ctx.provider.broadcastTransaction(raw);
  } catch (e) {
    const msg = (e as Error).message;
    // already known / already mined with this nonce: the journaled transaction is on its way or done
    if (/already known|nonce too low|known transaction|already imported/i.test(msg)) return;
    throw e;
  }
}

/**
 * Settles journal entries whose outcome is unknown after a crash or a timeout, then checks the confirmed
 * ones are still on this chain.
 */
async function reconcile(ctx: KeeperContext, result: PassResult): Promise<void> {
  const { instances } = contractsOf(ctx);
  for (const e of ctx.journal.unresolved()) {
    if (e.state === "sent" && e.txHash) {
      let receipt = await ctx.provider.getTransactionReceipt(e.txHash);
      if (!receipt && e.rawTx) {
        ctx.log(`reconcile ${e.id}: transaction ${e.txHash} (nonce ${e.nonce}) has no receipt; re-broadcasting the journaled transaction`);
        await broadcast(ctx, e.rawTx);
        receipt = await waitReceipt(ctx, e.txHash);
      }
      if (receipt) {
        const state = receipt.status === 1 ? "confirmed" : "failed";
        ctx.journal.write(e.id, { state, block: receipt.blockNumber, reason: state === "failed" ? "transaction reverted" : undefined });
        ctx.log(`reconcile ${e.id}: ${e.txHash} ${state} in block ${receipt.blockNumber}`);
        result.reconciled.push({ id: e.id, state });
      } else {
        ctx.log(`reconcile ${e.id}: ${e.txHash} still not mined; leaving it for the next pass (nothing new is sent for ${e.asset} meanwhile)`);
      }
      continue;
    }
    // pending without a signed transaction: look for the harvest itself before declaring it never sent
    const rebalancer = instances.Rebalancer;
    const asset = ctx.deployment.assets.find((a) => a.symbol === e.asset);
    const logs = asset ? await rebalancer.queryFilter(rebalancer.filters.LossHarvested(null, asset.address), e.fromBlock) : [];
    const match = logs.find((l) => (l as ethers.EventLog).args?.amountIn?.toString() === e.amount && Number((l as ethers.EventLog).args?.lockoutUntil) === e.lockoutUntil);
    if (match) {
      ctx.journal.write(e.id, { state: "confirmed", txHash: match.transactionHash, block: match.blockNumber });
      ctx.log(`reconcile ${e.id}: found its LossHarvested in block ${match.blockNumber}; confirmed`);
      result.reconciled.push({ id: e.id, state: "confirmed" });
    } else {
      ctx.journal.write(e.id, { state: "failed", reason: "never broadcast (no signed transaction journaled, no LossHarvested event)" });
      ctx.log(`reconcile ${e.id}: never broadcast; marked failed`);
      result.reconciled.push({ id: e.id, state: "failed" });
    }
  }
  await checkConfirmedOnChain(ctx, result);
}

/**
 * A confirmed harvest counts only while its transaction is on this chain: a journal left from an earlier
 * chain (the main job starts a fresh one each run, at the same addresses) or a harvest a reorg dropped
 * would otherwise block that asset's harvests for good ("not indexed yet") or pass for done.
 */
async function checkConfirmedOnChain(ctx: KeeperContext, result: PassResult): Promise<void> {
  for (const e of ctx.journal.all()) {
    if (e.state !== "confirmed" || !e.txHash) continue;
    const receipt = await ctx.provider.getTransactionReceipt(e.txHash);
    if (receipt?.status === 1) {
      if (receipt.blockNumber !== e.block) ctx.journal.write(e.id, { state: "confirmed", block: receipt.blockNumber });
      continue;
    }
    const reason = `transaction ${e.txHash}, confirmed in block ${e.block}, is not on this chain (a journal of an earlier chain, or a reorg dropped it)`;
    ctx.journal.write(e.id, { state: "failed", reason });
    ctx.log(`reconcile ${e.id}: ${reason}; marked failed`);
    result.reconciled.push({ id: e.id, state: "failed" });
  }
}

/** The first action due (checkUpkeep's order), passing over `waiting` (actions the keeper put off this pass). */
async function nextDue(gateway: ethers.Contract, waiting: ReadonlySet<number>): Promise<number | undefined> {
  if (waiting.size === 0) {
    const [needed, performData] = (await gateway.checkUpkeep("0x")) as [boolean, string];
    return needed ? Number(ethers.AbiCoder.defaultAbiCoder().decode(["uint8"], performData)[0]) : undefined;
  }
  if (await gateway.paused()) return undefined;
  for (const action of Object.keys(ACTION_NAMES).map(Number)) {
    if (!waiting.has(action) && (await gateway.isDue(action))) return action;
  }
  return undefined;
}

/** Performs due upkeeps; returns the block of the last one mined (0: none). */
async function performUpkeeps(ctx: KeeperContext, nonces: Nonces, advised: Advised | undefined, head: ethers.Block, result: PassResult): Promise<number> {
  const gateway = contractsOf(ctx).instances.KeeperGateway;
  let lastBlock = 0;
  const waiting = new Set<number>();
  for (let i = 0; i < ctx.options.maxUpkeeps; i++) {
    const action = await nextDue(gateway, waiting);
    if (action === undefined) {
      ctx.log(i === 0 ? "upkeep: checkUpkeep reports nothing due" : "upkeep: nothing more due");
      await noteManagerIdle(ctx);
      return lastBlock;
    }
    const performData = ethers.AbiCoder.defaultAbiCoder().encode(["uint8"], [action]);
    let tx: Awaited<ReturnType<typeof signCall>>;
    if (action === ACTION_REBALANCE) {
      const signed = await signRebalance(ctx, nonces, advised, head, result);
      if (!signed) {
        waiting.add(action);
        continue;
      }
      tx = signed;
    } else {
      try {
        tx = await signCall(ctx, nonces, gateway, "performUpkeep", [performData]);
      } catch (e) {
        if (!MANAGER_ACTIONS.has(action)) {
          if (!isRevert(e)) throw e;
          // One upkeep that would revert (the hedger's margin top-up while the vault's stablecoin is short, say) is
          // put off, and the upkeeps after it in the gateway's order (the manager's re-range and collection) still run.
          const reason = upkeepRevertReason(ctx, e);
          ctx.log(`upkeep: "${ACTION_NAMES[action] ?? action}" is due but would revert (${reason}); put off to a later pass, the other due upkeeps go on`);
          result.putOff.push({ action, reason });
          waiting.add(action);
          continue;
        }
        // the manager refuses while its pool is off the oracle or the oracle is unhealthy: a later pass
        const reason = revertReason(contractsOf(ctx).instances.LiquidityManager, e);
        ctx.log(`upkeep: "${ACTION_NAMES[action]}" is due but the liquidity manager refuses it (${reason}); left to a later pass`);
        result.liquidity.push({ kind: "refused", reason });
        return lastBlock;
      }
    }
    ctx.log(`upkeep: checkUpkeep says "${ACTION_NAMES[action] ?? action}" is due; performUpkeep tx ${tx.hash} (nonce ${tx.nonce})`);
    await broadcast(ctx, tx.raw);
    const receipt = await waitReceipt(ctx, tx.hash);
    if (!receipt) {
      ctx.log(`upkeep: ${tx.hash} not mined within ${ctx.options.confirmTimeoutMs} ms; stopping upkeeps for this pass`);
      return Number.MAX_SAFE_INTEGER; // its block is unknown: later than anything synced
    }
    if (receipt.status !== 1) throw new Error(`performUpkeep(${action}) reverted in ${tx.hash}`);
    result.upkeeps.push(action);
    lastBlock = receipt.blockNumber;
    ctx.log(`upkeep: ${ACTION_NAMES[action] ?? action} mined in block ${receipt.blockNumber}, gas ${receipt.gasUsed}${describeUpkeep(ctx, action, receipt, result)}`);
  }
  return lastBlock;
}

/** The figures of an upkeep's events, for its log line (and the manager's actions for the pass's result). */
function describeUpkeep(ctx: KeeperContext, action: number, receipt: ethers.TransactionReceipt, result: PassResult): string {
  const { instances } = contractsOf(ctx);
  if (action === 4) {
    const hedge = eventOf(instances.Hedger, receipt, "Hedge");
    return hedge ? `: short ${hedge.args.sizeBefore} → ${hedge.args.sizeAfter} (asset base units) at $${usd(hedge.args.priceUsd)}, hedge ratio ${ethers.formatUnits(hedge.args.hedgeRatio, 18)} before, margin $${usd(hedge.args.marginUsd)}` : "";
  }
  const manager = instances.LiquidityManager;
  if (!manager || !MANAGER_ACTIONS.has(action)) return "";
  const symbols = managerSymbols(ctx);
  if (action === 5) {
    const d = eventOf(manager, receipt, "Decision");
    if (!d) return "";
    const reason = RANGE_REASONS[Number(d.args.reason)] ?? String(d.args.reason);
    result.liquidity.push({ kind: d.args.rerange ? "reranged" : "skipped", reason, gasUsed: receipt.gasUsed });
    const figures = `best ${Number(d.args.fee) / 10_000} % range [${d.args.tickLower}, ${d.args.tickUpper}) at tick ${d.args.tick} expects $${usd(d.args.newFeesUsd)} of fees, staying $${usd(d.args.stayFeesUsd)}, cost $${usd(d.args.costUsd)}`;
    if (!d.args.rerange) return `: skipped (${reason}): ${figures}`;
    const opened = eventOf(manager, receipt, "RangeOpened");
    const closed = eventOf(manager, receipt, "RangeClosed");
    const moved = opened && closed ? `; position ${closed.args.positionId} closed, ${opened.args.positionId} opened with ${amount(opened.args.assetAmount, symbols.asset)} and ${amount(opened.args.stableAmount, symbols.stable)}` : "";
    return `: re-ranged (${reason}): ${figures}${moved}`;
  }
  const c = eventOf(manager, receipt, "FeesCollected");
  if (!c) return "";
  result.liquidity.push({ kind: "collected", gasUsed: receipt.gasUsed, fees: { asset: c.args.assetAmount, stable: c.args.stableAmount } });
  const r = eventOf(manager, receipt, "Reinvested");
  const reinvested = r ? `; reinvested ${amount(r.args.assetAmount, symbols.asset)} and ${amount(r.args.stableAmount, symbols.stable)} as liquidity ${r.args.liquidity}` : "; nothing to reinvest";
  return `: fees ${amount(c.args.assetAmount, symbols.asset)} and ${amount(c.args.stableAmount, symbols.stable)} at $${usd(c.args.assetPriceUsd)}${reinvested}`;
}

function eventOf(contract: ethers.Contract | undefined, receipt: ethers.TransactionReceipt, name: string): ethers.LogDescription | undefined {
  if (!contract) return undefined;
  const at = (contract.target as string).toLowerCase();
  for (const l of receipt.logs) {
    if (l.address.toLowerCase() !== at) continue;
    const parsed = contract.interface.parseLog(l);
    if (parsed?.name === name) return parsed;
  }
  return undefined;
}

/** The manager's asset and stablecoin as the deployment lists them. */
function managerSymbols(ctx: KeeperContext): { asset: { symbol: string; decimals: number }; stable: { symbol: string; decimals: number } } {
  const entry = ctx.deployment.contracts.LiquidityManager;
  const find = (address: string | undefined, fallback: (a: DeploymentFile["assets"][number]) => boolean) =>
    ctx.deployment.assets.find((a) => (address ? a.address.toLowerCase() === address.toLowerCase() : fallback(a))) ?? { symbol: "?", decimals: 18 };
  return { asset: find(entry?.asset, (a) => a.symbol === "WETH"), stable: find(entry?.stable, (a) => a.isStable) };
}

/** A WAD USD amount in dollars and cents (rounded down). */
function usd(wad: bigint): string {
  const cents = wad / 10n ** 16n;
  return `${cents / 100n}.${String(cents % 100n).padStart(2, "0")}`;
}

function amount(units: bigint, token: { symbol: string; decimals: number }): string {
  return `${ethers.formatUnits(units, token.decimals)} ${token.symbol}`;
}

/** A gas estimate or call the chain refused with a revert (not an RPC or network failure). */
function isRevert(e: unknown): boolean {
  return (e as { code?: string }).code === "CALL_EXCEPTION";
}

/** The token errors a module's transfer can revert with (OpenZeppelin's IERC20Errors), beside the deployment's own. */
const TOKEN_ERRORS = new ethers.Contract(ethers.ZeroAddress, [
  "error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)",
  "error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)",
]);

/** An upkeep's revert, decoded with the first of the deployment's contracts (or the token errors) that knows it. */
function upkeepRevertReason(ctx: KeeperContext, e: unknown): string {
  const fallback = revertReason(undefined, e);
  for (const contract of [...Object.values(contractsOf(ctx).instances), TOKEN_ERRORS]) {
    const reason = revertReason(contract as ethers.Contract, e);
    if (reason !== fallback) return reason;
  }
  return fallback;
}

/** The custom error a call's estimate reverted with, named by `contract`'s ABI when it knows it. */
function revertReason(contract: ethers.Contract | undefined, e: unknown): string {
  const data = (e as { data?: string }).data ?? (e as { info?: { error?: { data?: string } } }).info?.error?.data;
  if (contract && typeof data === "string" && data.length >= 10) {
    try {
      const parsed = contract.interface.parseError(data);
      if (parsed) return `${parsed.name}(${parsed.args.join(", ")})`;
    } catch {
      // not one of the manager's errors
    }
  }
  return (e as Error).message.split("\n")[0].slice(0, 200);
}

/**
 * Why the liquidity manager had nothing due this pass: its rule's verdict on the position and when its next
 * collection may run (read from the manager's schedule, not tried and refused).
 */
async function noteManagerIdle(ctx: KeeperContext): Promise<void> {
  const { instances } = contractsOf(ctx);
  const manager = instances.LiquidityManager;
  if (!manager || (await manager.tokenId()) === 0n) return;
  const [evaluation, lastCollect, cost, lastRerange, spacing, head] = await Promise.all([
    manager.evaluate().catch(() => undefined) as Promise<{ reason: bigint; tick: bigint } | undefined>,
    manager.lastCollect() as Promise<bigint>,
    manager.costConfig() as Promise<{ collectInterval: bigint }>,
    instances.KeeperGateway.lastRerangeAt() as Promise<bigint>,
    instances.KeeperGateway.RERANGE_SPACING() as Promise<bigint>,
    ctx.provider.getBlock("latest"),
  ]);
  const [lo, hi] = await Promise.all([manager.tickLower() as Promise<bigint>, manager.tickUpper() as Promise<bigint>]);
  const now = BigInt(head?.timestamp ?? 0);
  const verdict = !evaluation
    ? "its rule cannot be evaluated now"
    : Number(evaluation.reason) === 0
      ? `tick ${evaluation.tick} in range [${lo}, ${hi}), no re-range due`
      : now < lastRerange + spacing
        ? `${RANGE_REASONS[Number(evaluation.reason)]} at tick ${evaluation.tick}, decided ${now - lastRerange} s ago (re-decided at most every ${spacing} s)`
        : `${RANGE_REASONS[Number(evaluation.reason)]} at tick ${evaluation.tick}`;
  const next = lastCollect + cost.collectInterval;
  ctx.log(`liquidity manager: ${verdict}; next fee collection from ${new Date(Number(next) * 1000).toISOString()}`);
}

/** Token base units from the advisor's 1e-18 quantity (rounded down: never sell more than advised). */
function toBaseUnits(qty: bigint, decimals: number): bigint {
  return decimals >= QTY_DIGITS ? qty * 10n ** BigInt(decimals - QTY_DIGITS) : qty / 10n ** BigInt(QTY_DIGITS - decimals);
}

/** What the advisor recommends for the vault from the store as it is now, at the oracle's prices. */
interface Advised {
  advice: Advice;
  /** the block the store held when the lots were read (set by the pass) */
  storeBlock?: number;
  /** the vault's open lots of risk assets, as the tax engine reads the store's ledger (the wash-sale rule applied) */
  lots: OpenLot[];
  /**
   * the same lots as the reports' headline computes them: current law, under which the wash-sale rule does not
   * reach crypto, so no basis is adjusted for washed losses. A rebalance's lots are ranked on these, since the
   * tax its choice saves is the tax the reports compute.
   */
  headlineLots: OpenLot[];
  /** oracle prices (1e-12 USD per whole token) by symbol */
  prices: Record<string, bigint>;
}

async function adviseFromStore(ctx: KeeperContext, store: KeeperStore, head: ethers.Block): Promise<Advised> {
  const dep = ctx.deployment;
  const { instances } = contractsOf(ctx);
  const vault = dep.contracts.Vault.address;
  const { events: ledger } = await store.ledger(vault);
  // the lots the chain recorded as relieved where a sale named them (specific ID), HIFO for sales that named none
  // the stablecoin is the unit of account, never a harvest candidate
  const stables = new Set(dep.assets.filter((a) => a.isStable).map((a) => a.symbol));
  const openRiskLots = (washSales: boolean) =>
    openLotsFromEngine(new TaxEngine({ method: "specific", specificFallback: "hifo", washSales, allowMissingBasis: true }).run(ledger).lots).filter((l) => !stables.has(l.asset));
  const lots = openRiskLots(true);
  const headlineLots = openRiskLots(false);
  const now = head.timestamp;
  const prices: Record<string, bigint> = {};
  const lockouts: Record<string, number> = {};
  // every asset's price and lockout asked for at once (the provider sends them as one JSON-RPC batch)
  const read = await Promise.all(
    dep.assets.map(async (a) => {
      const [price, lockedUntil] = await Promise.all([instances.OracleHub.priceOf(a.address) as Promise<bigint>, a.isStable ? undefined : instances.Rebalancer.lockedUntil(a.address)]);
      return { price, lockedUntil: lockedUntil === undefined ? undefined : Number(lockedUntil) };
    }),
  );
  dep.assets.forEach((a, i) => {
    // oracle prices are 18-decimal USD; the advisor's money is 1e-12 USD
    prices[a.symbol] = read[i].price / 10n ** BigInt(18 - MONEY_DIGITS);
    if (read[i].lockedUntil !== undefined) lockouts[a.symbol] = read[i].lockedUntil!;
  });
  const advice = adviseHarvests({
    now,
    lots,
    prices,
    acquisitions: acquisitionsFromLedger(ledger, now - 31 * 86_400),
    lockouts,
    costs: ctx.options.costs,
    rates: ctx.options.rates,
    config: ctx.options.advisor,
  });
  return { advice, lots, headlineLots, prices };
}

function noteSkipped(ctx: KeeperContext, advice: Advice, result: PassResult): void {
  for (const s of advice.skipped) {
    ctx.log(`advisor: no harvest of ${s.asset}: ${s.reason}`);
    result.skipped.push({ asset: s.asset, reason: s.reason });
  }
}

async function harvest(ctx: KeeperContext, nonces: Nonces, advised: Advised, subBlock: number, head: ethers.Block, result: PassResult): Promise<void> {
  const dep = ctx.deployment;
  const { instances, tokens } = contractsOf(ctx);
  const { advice, lots, prices } = advised;
  const now = head.timestamp;
  noteSkipped(ctx, advice, result);
  const skip = (rec: Recommendation, reason: string) => {
    ctx.log(`harvest ${rec.id} (${rec.asset}): skipped: ${reason}`);
    result.skipped.push({ id: rec.id, asset: rec.asset, reason });
  };
  for (const rec of advice.recommendations) {
    const seen = ctx.journal.get(rec.id);
    if (seen && seen.state !== "failed") {
      skip(rec, `already ${seen.state}${seen.txHash ? ` (${seen.txHash})` : ""}`);
      continue;
    }
    const asset = dep.assets.find((a) => a.symbol === rec.asset);
    if (!asset || asset.isStable) {
      skip(rec, `${rec.asset} is not a risk asset of this deployment`);
      continue;
    }
    if (now >= rec.expiresAt) {
      skip(rec, "expired");
      continue;
    }
    // the store must already hold every earlier harvest of this asset, or its lots are out of date
    const unindexed = ctx.journal.all().find((e) => e.asset === rec.asset && (e.state === "sent" || e.state === "pending" || (e.state === "confirmed" && (e.block ?? 0) > subBlock)));
    if (unindexed) {
      skip(rec, `an earlier harvest of ${rec.asset} (${unindexed.id}, ${unindexed.state}${unindexed.block ? ` in block ${unindexed.block}` : ""}) is not indexed yet (store synced to block ${subBlock})`);
      continue;
    }
    const balance: bigint = await tokens[rec.asset].balanceOf(dep.contracts.Vault.address);
    let amount = toBaseUnits(rec.quantity, asset.decimals);
    if (amount > balance) amount = balance;
    if (amount === 0n) {
      skip(rec, `the vault holds no ${rec.asset}`);
      continue;
    }
    const stable = dep.assets.find((a) => a.isStable)!;
    const oraclePrice: bigint = await instances.OracleHub.priceOf(asset.address);
    const stablePrice: bigint = await instances.OracleHub.priceOf(stable.address);
    const venue = await rebalancerVenue(instances.Rebalancer, asset.address);
    const offBps = await venuePriceOffBps(venue, asset.address, stable.address, (oraclePrice * 10n ** 18n) / stablePrice);
    if (offBps > venue.maxDeviationBps) {
      skip(rec, `the venue prices ${rec.asset} ${offBps} bps off the oracle (bound ${venue.maxDeviationBps}): its pool has not been arbitraged since the last trade; a later pass`);
      continue;
    }
    const cap = await maxHarvestAmount(venue, asset, stable.address, oraclePrice);
    if (amount > cap) {
      ctx.log(`harvest ${rec.id}: ${amount} ${rec.asset} is above what the venue takes in one trade (${cap}: its share of the pool's depth); selling that now, the rest on a later pass`);
      amount = cap;
    }
    const expectedOut = (amount * oraclePrice * 10n ** BigInt(stable.decimals)) / (stablePrice * 10n ** BigInt(asset.decimals));
    const minOut = (expectedOut * BigInt(10_000 - ctx.options.maxSlippageBps)) / 10_000n;
    if (minOut === 0n) {
      skip(rec, "the sale is too small to set a minimum output");
      continue;
    }
    ctx.journal.write(rec.id, { state: "pending", asset: rec.asset, amount: amount.toString(), lockoutUntil: rec.lockoutUntil, fromBlock: head.number });
    const sale = { rec, asset, amount, minOut, deadline: now + ctx.options.deadlineSeconds, price: prices[rec.asset], today: Math.floor(now / 86_400) };
    const tx = await signHarvest(ctx, nonces, sale, lots.filter((l) => l.asset === rec.asset));
    ctx.journal.write(rec.id, { state: "sent", txHash: tx.hash, nonce: tx.nonce, rawTx: tx.raw });
    ctx.log(
      `harvest ${rec.id}: harvestLoss(${rec.asset}, ${amount}, minOut ${minOut}, lockout until ${new Date(rec.lockoutUntil * 1000).toISOString()}) tx ${tx.hash} (nonce ${tx.nonce}); ` +
        `why: expected loss ${formatUsd(rec.expectedLoss)}, tax saved ${formatUsd(rec.taxSaved)}, net ${formatUsd(rec.netBenefit)}, substitute ${rec.substitute}`,
    );
    await broadcast(ctx, tx.raw);
    const receipt = await waitReceipt(ctx, tx.hash);
    if (!receipt) {
      ctx.log(`harvest ${rec.id}: ${tx.hash} not mined within ${ctx.options.confirmTimeoutMs} ms; the next pass reconciles it`);
      continue;
    }
    const state = receipt.status === 1 ? "confirmed" : "failed";
    ctx.journal.write(rec.id, { state, block: receipt.blockNumber });
    ctx.log(`harvest ${rec.id}: ${state} in block ${receipt.blockNumber}`);
    if (state === "confirmed") result.harvested.push(rec.id);
  }
}

interface HarvestSale {
  rec: Recommendation;
  asset: DeploymentFile["assets"][number];
  /** base units sold, and the least the sale must return (stablecoin base units) */
  amount: bigint;
  minOut: bigint;
  deadline: number;
  /** the asset's oracle price (1e-12 USD per whole token) and today's day number, for ranking its lots */
  price: bigint;
  today: number;
}

/**
 * Signs the loss harvest: `harvestLossIdentified` naming the lots it relieves, least tax first by the engine's
 * adjusted basis (identify.ts), so the choice is recorded in the sale's own transaction; plain `harvestLoss`
 * (the tax method then chooses) when they cannot be named, with the reason logged.
 */
async function signHarvest(ctx: KeeperContext, nonces: Nonces, sale: HarvestSale, lots: OpenLot[]): Promise<{ raw: string; hash: string; nonce: number }> {
  const gateway = contractsOf(ctx).instances.KeeperGateway;
  const { rec, asset } = sale;
  const args = [asset.address, sale.amount, sale.minOut, rec.lockoutUntil, sale.deadline];
  const choice = identifyLots(lots, sale.amount, asset.decimals, sale.price, sale.today, ctx.options.rates, BigInt(ctx.deployment.chainId));
  if ("reason" in choice) {
    ctx.log(`harvest ${rec.id}: no lots named (${choice.reason}); the tax method chooses them`);
    return signCall(ctx, nonces, gateway, "harvestLoss", args);
  }
  ctx.log(`harvest ${rec.id}: names lots ${choice.picks.map((p) => `${p.lotId} × ${p.amount}`).join(", ")} (least tax first, adjusted basis)`);
  ctx.journal.write(rec.id, { state: "pending", named: choice.picks.map((p) => ({ lotId: p.lotId, amount: p.amount.toString() })) });
  return signCall(ctx, nonces, gateway, "harvestLossIdentified", [...args, choice.keys, choice.amounts]);
}

/**
 * Lots that harvests already named but the store does not show relieved yet (sent, or confirmed after the
 * store's block): base units by lot id, per asset symbol. A rebalance must not name them again.
 */
function namedNotIndexed(journal: Journal, storeBlock: number): Map<string, bigint> {
  const named = new Map<string, bigint>();
  for (const e of journal.all()) {
    if (!e.named) continue;
    const pending = e.state === "pending" || e.state === "sent" || (e.state === "confirmed" && (e.block ?? Infinity) > storeBlock);
    if (!pending) continue;
    for (const n of e.named) named.set(n.lotId, (named.get(n.lotId) ?? 0n) + BigInt(n.amount));
  }
  return named;
}

/** Rebalancer.plan() and tradeConfig().minTradeUsd, read at once; fields by position (a Result's .values() shadows one). */
async function readRebalancePlan(ctx: KeeperContext): Promise<{ plan: RebalancePlan; minTradeUsd: bigint }> {
  const r = contractsOf(ctx).instances.Rebalancer;
  const [p, tc] = await Promise.all([r.plan(), r.tradeConfig()]);
  const plan = { assets: [...p[0]], decimals: [...p[1]].map(Number), prices: [...p[2]], values: [...p[3]], targets: [...p[4]], total: p[5] };
  return { plan, minTradeUsd: tc.minTradeUsd };
}

/** Risk-off (the rebalancer's tilt to the stablecoin) and oracle safe mode of any of the vault's assets. */
async function rebalanceMode(ctx: KeeperContext, assets: readonly string[]): Promise<{ riskOff: boolean; safeMode: boolean }> {
  const { instances } = contractsOf(ctx);
  const [targets, safe] = await Promise.all([instances.Rebalancer.computeTargets(), Promise.all(assets.map((a) => instances.OracleHub.inSafeMode(a)))]);
  return { riskOff: Boolean(targets[2]), safeMode: safe.some((s) => Boolean(s[0])) };
}

/**
 * Whether the whole rebalance waits for its trims' lots to turn long-term (every trim may, under trimDeferral);
 * each deferred trim is logged and journaled with its figures.
 */
async function deferRebalance(ctx: KeeperContext, trims: PlannedTrim[], plan: RebalancePlan, advised: Advised, head: ethers.Block, result: PassResult): Promise<boolean> {
  const config = ctx.options.trimDeferral;
  if (!config || trims.length === 0) return false;
  const today = Math.floor(head.timestamp / 86_400);
  const mode = await rebalanceMode(ctx, plan.assets);
  const { defer, reviews } = reviewTrims(trims, advised.headlineLots, advised.prices, today, ctx.options.rates, mode, config);
  if (!defer) {
    for (const r of reviews) {
      const why = r.decision.defer ? `it alone could wait (${r.decision.reason.replace(/^deferred: /, "")}), not every trim may` : r.decision.reason;
      ctx.log(`rebalance: trim of ${r.trim.symbol} goes ahead: ${why}`);
    }
    return false;
  }
  for (const r of reviews) {
    const id = `trim-${r.trim.symbol}-${today}`;
    const deferral = {
      day: today,
      shortTermGain: r.tax.shortTermGain.toString(),
      tax: r.tax.tax.toString(),
      longTermFromDay: r.tax.allLongTermFromDay!,
      driftBps: r.trim.driftBps,
      ceilingBps: config.ceilingBps,
    };
    ctx.journal.write(id, { state: "deferred", asset: r.trim.symbol, amount: r.trim.amount.toString(), lockoutUntil: 0, fromBlock: head.number, deferral });
    ctx.log(
      `rebalance: trim of ${r.trim.symbol} (${r.trim.amount} base units) deferred: short-term gain $${formatUsd(r.tax.shortTermGain)} (tax $${formatUsd(r.tax.tax)}) avoided, ` +
        `its lots are long-term from ${new Date(deferral.longTermFromDay * 86_400_000).toISOString().slice(0, 10)}, drift ${r.trim.driftBps} bps < ceiling ${config.ceilingBps} bps`,
    );
  }
  result.rebalances.push({ outcome: "deferred", reason: reviews.map((r) => `${r.trim.symbol}: ${r.decision.reason}`).join("; ") });
  return true;
}

/**
 * The due rebalance, signed: deferred (undefined) when every trim may wait; else rebalanceIdentified naming each
 * sale's lots least tax first from the store, or plain performUpkeep(2) when they cannot be named (the store does
 * not hold the chain head, its lots do not cover a sale, or the call would revert), with the reason logged.
 */
async function signRebalance(ctx: KeeperContext, nonces: Nonces, advised: Advised | undefined, head: ethers.Block, result: PassResult): Promise<{ raw: string; hash: string; nonce: number } | undefined> {
  const gateway = contractsOf(ctx).instances.KeeperGateway;
  const plain = async (reason: string, outcome: "plain" | "no sale" = "plain") => {
    ctx.log(`rebalance: no lots named (${reason})${outcome === "plain" ? "; the tax method chooses them" : ""}`);
    result.rebalances.push({ outcome, reason });
    return signCall(ctx, nonces, gateway, "performUpkeep", [ethers.AbiCoder.defaultAbiCoder().encode(["uint8"], [ACTION_REBALANCE])]);
  };
  const { plan, minTradeUsd } = await readRebalancePlan(ctx);
  const symbolOf = (address: string) => ctx.deployment.assets.find((a) => a.address.toLowerCase() === address.toLowerCase())?.symbol ?? address;
  const trims = plannedTrims(plan, minTradeUsd, symbolOf);
  if (!advised) return plain(trims.length === 0 ? "the rebalance sells nothing" : "the store does not hold the chain head: no lots to price or name", trims.length === 0 ? "no sale" : "plain");
  if (await deferRebalance(ctx, trims, plan, advised, head, result)) return undefined;
  if (!ctx.options.identifyRebalances) return plain("identification is off");
  if (trims.length === 0) return plain("the rebalance sells nothing", "no sale");
  const named = namedNotIndexed(ctx.journal, advised.storeBlock ?? head.number);
  const today = Math.floor(head.timestamp / 86_400);
  const choice = identifyRebalance(trims, advised.headlineLots, advised.prices, today, ctx.options.rates, BigInt(ctx.deployment.chainId), named);
  if ("reason" in choice) return plain(choice.reason);
  try {
    const tx = await signCall(ctx, nonces, gateway, "rebalanceIdentified", [choice.assets, choice.lots, choice.available]);
    const listed = trims.map((t, i) => `${t.symbol} ${t.amount} from ${choice.lotIds[i].slice(0, 4).join(", ")}${choice.lotIds[i].length > 4 ? ", …" : ""}`);
    ctx.log(`rebalance: names lots, least tax first (adjusted basis): ${listed.join("; ")}`);
    result.rebalances.push({ outcome: "identified" });
    return tx;
  } catch (e) {
    // estimateGas refused it (e.g. LotsShort: the chain sells more than the store's lots hold)
    return plain(`rebalanceIdentified would revert: ${(e as Error).message.split("\n")[0].slice(0, 200)}`);
  }
}

/** How often graph-node's indexed block is looked at while the keeper waits for its upkeeps. */
const INDEXED_POLL_MS = 50;

/**
 * Re-syncs the store once graph-node has indexed `target`, within `resyncTimeoutMs`; undefined when it
 * has not. Graph-node's `_meta` block is polled until then (a sync of every entity each time was slow to
 * notice the block and loaded graph-node while it indexed).
 */
async function resyncPast(ctx: KeeperContext, store: KeeperStore, target: number, result: PassResult): Promise<{ block: number; rows: number } | undefined> {
  if (target === Number.MAX_SAFE_INTEGER || ctx.options.resyncTimeoutMs <= 0) return undefined;
  const started = Date.now();
  const deadline = started + ctx.options.resyncTimeoutMs;
  let rows = 0;
  let waiting = true;
  for (;;) {
    const indexed = await store.indexedBlock();
    if (indexed !== undefined && indexed >= target) {
      if (waiting) result.indexWaitMs += Date.now() - started;
      waiting = false;
      const r = await store.sync();
      if (r.ok) {
        rows += r.rows;
        if (r.block >= target) return { block: r.block, rows };
      }
    }
    if (Date.now() >= deadline) {
      if (waiting) result.indexWaitMs += Date.now() - started;
      return undefined;
    }
    await new Promise((resolve) => setTimeout(resolve, INDEXED_POLL_MS));
  }
}

function deferHarvests(ctx: KeeperContext, result: PassResult, reason: string): PassResult {
  result.harvestsDeferred = reason;
  ctx.log(`harvests wait for the next pass: ${reason}`);
  return result;
}

function refuse(ctx: KeeperContext, result: PassResult, reason: string): PassResult {
  result.refused = reason;
  ctx.log(`refusing to act: ${reason}`);
  return result;
}

/** One pass of the keeper. */
export async function runOnce(ctx: KeeperContext): Promise<PassResult> {
  const result: PassResult = { upkeeps: [], liquidity: [], harvested: [], skipped: [], reconciled: [], rebalances: [], putOff: [], indexWaitMs: 0, phasesMs: {} };
  const head = await ctx.provider.getBlock("latest");
  if (!head) throw new Error("the chain returned no latest block");
  const store = await KeeperStore.open(ctx.store);
  try {
    const synced = await timed(result, "sync", () => store.sync());
    if (!synced.ok) {
      const stored = synced.storedBlock === undefined ? "the store holds no completed sync" : `the store is at block ${synced.storedBlock}, ${head.number - synced.storedBlock} behind the chain head ${head.number}`;
      return refuse(ctx, result, `cannot sync the subgraph ${ctx.store.subgraphUrl} into ${store.describe} (${synced.error}); ${stored}; not acting on stale data`);
    }
    result.synced = { block: synced.block, rows: synced.rows };
    const lag = head.number - synced.block;
    if (lag > ctx.options.maxLagBlocks) {
      return refuse(ctx, result, `subgraph synced to block ${synced.block}, chain head at ${head.number}: ${lag} blocks behind (bound ${ctx.options.maxLagBlocks}); not acting on stale data`);
    }
    ctx.log(`chain head ${head.number}, store synced to block ${synced.block} (lag ${lag} ≤ ${ctx.options.maxLagBlocks}; ${synced.rows} rows in ${synced.elapsedMs} ms)`);
    const nonces = new Nonces(ctx);
    await timed(result, "reconcile", () => reconcile(ctx, result));
    // The store lags the head by at most maxLagBlocks (else the pass refused). The advisor reads the ledger
    // as of the head it prices at, so those blocks are waited for: what it recommends then does not depend
    // on how far graph-node had got when the pass began. The upkeeps do not read the store and go ahead.
    let block = synced.block;
    if (block < head.number) {
      const fresh = await timed(result, "resync", () => resyncPast(ctx, store, head.number, result));
      if (fresh) {
        ctx.log(`store re-synced to the chain head ${fresh.block} (${fresh.rows} rows)`);
        result.synced = fresh;
        block = fresh.block;
      }
    }
    const before = block >= head.number ? await timed(result, "harvests", () => adviseFromStore(ctx, store, head)) : undefined;
    const lastUpkeep = await timed(result, "upkeeps", () => performUpkeeps(ctx, nonces, before && { ...before, storeBlock: block }, head, result));
    if (!before) return deferHarvests(ctx, result, `the store (block ${block}) does not hold the chain head ${head.number} yet`);
    let advised = before;
    if (lastUpkeep > block) {
      // Nothing to sell before the upkeeps: they only add acquisitions (a buy, compounded yield) or relieve
      // lots, so the store is not waited for. Skipping the wait can only leave a harvest to a later pass,
      // never make one on a ledger that misses a buy.
      if (before.advice.recommendations.length === 0) {
        noteSkipped(ctx, before.advice, result);
        ctx.log("harvests: none recommended before the upkeeps; not waiting for graph-node to index them");
        return result;
      }
      // the ledger predates these trades: a buy just made would not be seen, and selling now could wash it
      const fresh = await timed(result, "resync", () => resyncPast(ctx, store, lastUpkeep, result));
      if (fresh === undefined) {
        return deferHarvests(ctx, result, `this pass's upkeeps (up to block ${lastUpkeep === Number.MAX_SAFE_INTEGER ? "?, one not mined yet" : lastUpkeep}) are newer than the store (block ${block})`);
      }
      ctx.log(`store re-synced to block ${fresh.block} after the upkeeps (${fresh.rows} rows)`);
      result.synced = fresh;
      block = fresh.block;
      advised = await timed(result, "harvests", () => adviseFromStore(ctx, store, head));
    }
    await timed(result, "harvests", () => harvest(ctx, nonces, advised, block, head, result));
    return result;
  } finally {
    await store.close();
    const phases = Object.entries(result.phasesMs).map(([phase, ms]) => `${phase} ${ms} ms`);
    if (phases.length) ctx.log(`pass took ${phases.join(", ")} (of which waiting for graph-node to index ${result.indexWaitMs} ms)`);
  }
}

/** Runs passes every `intervalMs` until `signal` aborts; a failed pass is logged and retried next time. */
export async function runLoop(ctx: KeeperContext, intervalMs: number, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    try {
      await runOnce(ctx);
    } catch (e) {
      ctx.log(`pass failed: ${(e as Error).message} (retrying in ${intervalMs} ms)`);
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, intervalMs);
      signal.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
    });
  }
}
