/**
 * The invariants. `checkStep` runs after every step on what that step emitted; `checkEnd` runs once at the
 * end of a sequence on the chain's state. Each returns the violations it found, as sentences naming the
 * invariant, the contract and the values; an empty list means the step kept every invariant.
 */
import { ethers } from "hardhat";
import { MANAGED, MAX_BPS, MODULE_ROLES, WAD, decodeLogs, readRoles, watchedAccounts, type DecodedLog, type World } from "./world";
import type { Outcome } from "./actions";

/** Invariants that can be left out by name (FUZZ_SKIP=a,b), each with why it would be. */
export const INVARIANTS = {
  "trade-loss": "NAV lost by a trade (Trade, LossHarvested, Rebalance) ≤ its fee + the configured slippage bound",
  "locked-never-bought": "a locked asset is never bought",
  "weights-sum": "target weights sum to exactly 1e18",
  "exit-succeeds": "the guardian's emergency exit always succeeds and leaves the vault paused",
  "hedge-maintenance": "hedge equity never goes below maintenance without a liquidation event",
  "no-role-grows": "no role changes except by management; no role event from anyone else",
  "stranger-trades-nothing": "a stranger never triggers a trade",
  "lockout-bounded": "a purchase lockout never ends more than maxLockout ahead",
  "stranger-gains-nothing": "a stranger's balances never grow",
  "oracle-never-reverts": "an oracle update (one asset or all) never reverts while the hub is not paused, whatever its feeds do",
  "owner-withdraws": "the owner's withdrawal always succeeds, paused or not",
} as const;
export type InvariantName = keyof typeof INVARIANTS;

const ROLE_EVENTS = new Set([
  "KeeperSet", "GuardianSet", "ManagementTransferStarted", "ManagementTransferred", "ModuleSet", "Upgraded",
  "OwnershipTransferStarted", "OwnershipTransferred",
]);

/** The symbol of a vault asset (or the address, for anything else). */
export function sym(w: World, token: string): string {
  return w.assets.find((x) => x.address.toLowerCase() === token.toLowerCase())?.symbol ?? token;
}

function decimalsOf(w: World, token: string): bigint {
  const a = w.assets.find((x) => x.address.toLowerCase() === token.toLowerCase());
  if (!a) throw new Error(`unknown token ${token}`);
  return BigInt(a.decimals);
}

const usd = (amount: bigint, decimals: bigint, price: bigint) => (amount * price) / 10n ** decimals;

/** Loss of one swap against oracle value, its allowed bound, and a rounding tolerance of one base unit each side. */
function swapLoss(w: World, tokenIn: string, tokenOut: string, amountIn: bigint, amountOut: bigint, pIn: bigint, pOut: bigint, fee: bigint, slipBps: bigint) {
  const dIn = decimalsOf(w, tokenIn);
  const dOut = decimalsOf(w, tokenOut);
  const inUsd = usd(amountIn, dIn, pIn);
  const outUsd = usd(amountOut, dOut, pOut);
  const feeUsd = usd(fee, dIn, pIn);
  const tolerance = usd(1n, dIn, pIn) + usd(1n, dOut, pOut) + 2n;
  const bound = feeUsd + (inUsd * slipBps) / MAX_BPS + tolerance;
  return { loss: inUsd > outUsd ? inUsd - outUsd : 0n, bound, inUsd, outUsd, feeUsd };
}

export async function checkStep(w: World, o: Outcome, active: Set<InvariantName>): Promise<string[]> {
  const bad: string[] = [];
  const logs: DecodedLog[] = o.receipts.flatMap((r) => decodeLogs(w, r));
  const slip = w.ghost.maxSlippageBps;
  const blockTime = async () => {
    const r = o.receipts[o.receipts.length - 1];
    return BigInt((await ethers.provider.getBlock(r.blockNumber))!.timestamp);
  };

  // A step is by management only when the actor is management (the market's mock setters emit no role events).
  if (active.has("no-role-grows") && o.actor !== "management") {
    for (const l of logs) {
      if (ROLE_EVENTS.has(l.ev.name)) bad.push(`no-role-grows: ${l.contract}.${l.ev.name}(${l.ev.args.join(", ")}) emitted by a ${o.actor} step`);
    }
  }

  let bounds = 0n;
  for (const l of logs) {
    const a = l.ev.args as any;
    if (l.ev.name === "Trade" || l.ev.name === "LossHarvested") {
      const tokenIn = l.ev.name === "Trade" ? a.tokenIn : a.asset;
      const s = swapLoss(w, tokenIn, a.tokenOut, a.amountIn, a.amountOut, a.priceInUsd, a.priceOutUsd, a.feeAmountIn, slip);
      bounds += s.bound;
      if (active.has("trade-loss") && s.loss > s.bound) {
        bad.push(`trade-loss: ${l.contract}.${l.ev.name} sold ${a.amountIn} ${sym(w, tokenIn)} worth $${fmt(s.inUsd)} for $${fmt(s.outUsd)}: lost $${fmt(s.loss)} > fee $${fmt(s.feeUsd)} + ${slip} bps`);
      }
      if (active.has("stranger-trades-nothing") && o.actor === "stranger") {
        bad.push(`stranger-trades-nothing: a stranger's ${describe(o)} traded ${sym(w, tokenIn)} → ${sym(w, a.tokenOut)}`);
      }
      if (active.has("locked-never-bought") && l.ev.name === "Trade" && a.tokenOut.toLowerCase() !== w.assets[0].address.toLowerCase()) {
        const until: bigint = await w.sys.rebalancer.lockedUntil(a.tokenOut, { blockTag: o.receipts[o.receipts.length - 1].blockNumber });
        const now = await blockTime();
        if (until > now) bad.push(`locked-never-bought: Rebalancer bought ${a.amountOut} ${sym(w, a.tokenOut)} while it is locked until ${until} (block time ${now})`);
      }
    }
    if (l.ev.name === "Rebalance" && active.has("trade-loss")) {
      const lost: bigint = a.navBeforeUsd > a.navAfterUsd ? (a.navBeforeUsd as bigint) - (a.navAfterUsd as bigint) : 0n;
      if (lost > bounds) bad.push(`trade-loss: Rebalance #${a.rebalanceId} lost NAV $${fmt(lost)} > its trades' fees + slippage bound $${fmt(bounds)}`);
      bounds = 0n;
    }
    if (l.ev.name === "TargetWeightsUpdated" && active.has("weights-sum")) {
      const sum = (a.weights as bigint[]).reduce((x, y) => x + y, 0n);
      if (sum !== WAD) bad.push(`weights-sum: TargetWeightsUpdated weights sum to ${sum}`);
    }
    if (l.ev.name === "PurchaseLockoutSet" && active.has("lockout-bounded")) {
      const tc = await w.sys.rebalancer.tradeConfig();
      const now = await blockTime();
      if (a.until > now + tc.maxLockout) bad.push(`lockout-bounded: Rebalancer.PurchaseLockoutSet(${sym(w, a.asset)}) until ${a.until}, more than maxLockout ${tc.maxLockout} s after ${now} (by a ${o.actor} step: ${describe(o)})`);
    }
  }

  if (active.has("hedge-maintenance") && w.can.liquidation) bad.push(...(await checkHedgeMaintenance(w, o, logs)));
  return bad;
}

/**
 * Hedge equity vs maintenance margin. A market step (a price move, funding, time) may push the hedger's
 * short below maintenance; then anyone may liquidate it, and the liquidation must go through and say so
 * (Liquidated). The hedger itself never leaves its short below maintenance after a Hedge, and a short can
 * only disappear by a Hedge (the hedger) or a Liquidated event.
 */
async function checkHedgeMaintenance(w: World, o: Outcome, logs: DecodedLog[]): Promise<string[]> {
  const bad: string[] = [];
  const perp = w.sys.perp;
  const hedger = w.sys.hedger.target as string;
  const asset = w.assets[1].address;
  const hedged = logs.some((l) => l.ev.name === "Hedge");
  const liquidated = logs.filter((l) => l.ev.name === "Liquidated" && l.ev.args.account.toLowerCase() === hedger.toLowerCase());
  w.ghost.liquidations += liquidated.length;
  const [size]: [bigint] = await perp.positionOf(hedger, asset);
  if (w.ghost.lastPerpSize !== 0n && size === 0n && !hedged && liquidated.length === 0) {
    bad.push(`hedge-maintenance: the hedger's short of ${w.ghost.lastPerpSize} vanished without a Hedge or Liquidated event (${describe(o)})`);
  }
  if (size !== 0n && (await perp.isLiquidatable(hedger, asset))) {
    const equity: bigint = await perp.equityOf(hedger, asset);
    if (hedged && o.actor !== "market") bad.push(`hedge-maintenance: after the hedger's Hedge its equity $${fmt(equity)} is below maintenance (${describe(o)})`);
    // Anyone may liquidate; it must succeed and emit Liquidated.
    try {
      const r = await (await (perp.connect(w.liquidator) as any).liquidate(hedger, asset)).wait();
      const events = decodeLogs(w, r).filter((l) => l.ev.name === "Liquidated");
      if (events.length !== 1) bad.push(`hedge-maintenance: liquidating the hedger's short emitted ${events.length} Liquidated events`);
      w.ghost.liquidations += events.length;
    } catch (e: any) {
      bad.push(`hedge-maintenance: the hedger's short is below maintenance (equity $${fmt(equity)}) but liquidate reverted (${e?.shortMessage ?? e})`);
    }
  }
  const [after]: [bigint] = await perp.positionOf(hedger, asset);
  w.ghost.lastPerpSize = after;
  return bad;
}

/** End of a sequence: the guardian exits (must succeed, vault paused), then the chain is compared to the ghost. */
export async function checkEnd(w: World, active: Set<InvariantName>): Promise<string[]> {
  const bad: string[] = [];
  if (active.has("weights-sum") && (await w.sys.rebalancer.weightsSet())) {
    let sum = 0n;
    for (const a of w.assets) sum += await w.sys.rebalancer.targetWeight(a.address);
    if (sum !== WAD) bad.push(`weights-sum: Rebalancer.targetWeight sums to ${sum}`);
  }
  if (active.has("no-role-grows")) {
    const chain = await readRoles(w);
    for (const name of MANAGED) {
      const want = w.ghost.roles[name];
      const got = chain.roles[name];
      for (const field of ["management", "pendingManagement", "guardian"] as const) {
        if (got[field].toLowerCase() !== want[field].toLowerCase()) bad.push(`no-role-grows: ${name}.${field} is ${got[field]}, management set ${want[field]}`);
      }
      for (const a of watchedAccounts(w)) {
        if (got.keepers[a] !== want.keepers[a]) bad.push(`no-role-grows: ${name}.isKeeper(${a}) is ${got.keepers[a]}, management set ${want.keepers[a]}`);
      }
      if (chain.implementations[name] !== w.ghost.implementations[name]) bad.push(`no-role-grows: ${name} was upgraded to ${chain.implementations[name]}`);
    }
    // The vault's owner (the taxpayer) is never moved by anyone in these sequences.
    const owner: string = await w.sys.vault.owner();
    if (owner.toLowerCase() !== w.addr.owner.toLowerCase()) bad.push(`no-role-grows: Vault.owner() is ${owner}`);
    const pendingOwner: string = await w.sys.vault.pendingOwner();
    if (pendingOwner !== ethers.ZeroAddress) bad.push(`no-role-grows: Vault.pendingOwner() is ${pendingOwner}`);
    for (const r of MODULE_ROLES) {
      if (chain.modules[r].toLowerCase() !== w.ghost.modules[r].toLowerCase()) bad.push(`no-role-grows: Vault.moduleOf(${r}) is ${chain.modules[r]}`);
    }
  }
  if (active.has("stranger-gains-nothing")) {
    const tokens = [...w.assets.map((a) => a.address), ...w.sources.map((s) => s.target as string)];
    for (const t of tokens) {
      const c = new ethers.Contract(t, ["function balanceOf(address) view returns (uint256)"], w.owner);
      const b: bigint = await c.balanceOf(w.addr.stranger);
      if (b !== 0n) bad.push(`stranger-gains-nothing: the stranger holds ${b} of ${t}`);
    }
  }
  return bad;
}

export function describe(o: Outcome): string {
  return JSON.stringify(o.step);
}

function fmt(usdWad: bigint): string {
  const whole = usdWad / WAD;
  const cents = ((usdWad % WAD) * 100n) / WAD;
  return `${whole}.${cents.toString().padStart(2, "0")}`;
}
