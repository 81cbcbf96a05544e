/**
 * The steps of a stateful sequence: what the market and the feeds do, and what the keeper, a stranger,
 * the guardian and management try. Each step is data (so fast-check can generate, print and shrink it)
 * and `runStep` carries it out against the chain, returning the receipts the invariants read.
 * Hostile steps are expected to revert; a revert is an outcome, not a failure.
 */
import fc from "fast-check";
import { ethers } from "hardhat";
import type { Contract, ContractTransactionResponse, Signer, TransactionReceipt } from "ethers";
import { MANAGED, MAX_BPS, WAD, type ManagedName, type World } from "./world";

export type Actor = "keeper" | "stranger" | "guardian" | "management";
const HOSTILE: Actor[] = ["keeper", "stranger", "guardian"];

export type Step =
  | { t: "price"; asset: number; bps: number }
  | { t: "feedLie"; asset: number; feed: number; bps: number }
  | { t: "feedStale"; asset: number; feed: number; age: number }
  | { t: "feedRevert"; asset: number; feed: number; on: boolean }
  | { t: "time"; seconds: number; refresh: boolean }
  | { t: "oracleUpdate"; who: Actor; all: boolean; asset: number }
  | { t: "pool"; bps: number }
  | { t: "depth"; millionsUsd: number }
  | { t: "yield"; source: number; bps: number }
  | { t: "funding" }
  | { t: "freeze"; source: number; on: boolean }
  | { t: "breakSource"; source: number; on: boolean }
  | { t: "upkeep"; who: Actor; action: number }
  | { t: "module"; who: Actor; op: "rebalance" | "updateWeights" | "hedge" | "harvestAll" }
  | { t: "harvestLoss"; who: Actor; via: "gateway" | "rebalancer"; asset: number; fractionBps: number; minOut: "one" | "floor" | "tight"; lockDays: number }
  | { t: "lockout"; who: Actor; asset: number; days: number }
  | { t: "allocate"; who: Actor; source: number; fractionBps: number }
  | { t: "grab"; who: Actor; target: number; op: "setKeeper" | "setGuardian" | "transferManagement" | "acceptManagement" | "upgrade" | "setModule" | "unpause" | "withdraw" | "moduleTransfer" | "exitAll" | "transferOwnership" | "acceptOwnership" }
  | { t: "pause"; who: Actor; target: number }
  | { t: "exit"; who: Actor }
  | { t: "mgmt"; op: "unpause" | "slippage" | "setKeeper" | "setGuardian" | "acceptCandidate" | "substitute" | "feeTier" | "handOver"; target: number; n: number; flag: boolean }
  | { t: "owner"; op: "withdraw" | "deposit"; asset: number; fractionBps: number };

export interface Outcome {
  step: Step;
  actor: Actor | "market";
  ok: boolean;
  receipts: TransactionReceipt[];
  error?: string;
}

// ---- generation ----

const riskAsset = fc.integer({ min: 1, max: 4 });
const anyAsset = fc.integer({ min: 0, max: 4 });
const feedIdx = fc.integer({ min: 0, max: 4 });
const hostile = fc.constantFrom<Actor>(...HOSTILE);
const target = fc.integer({ min: 0, max: MANAGED.length - 1 });

/** Price moves: mostly small, sometimes a crash through the circuit breaker, sometimes a spike. */
const priceBps = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -300, max: 300 }) },
  { weight: 2, arbitrary: fc.integer({ min: -1500, max: 1500 }) },
  { weight: 1, arbitrary: fc.integer({ min: -6000, max: -2600 }) },
  { weight: 1, arbitrary: fc.integer({ min: 2600, max: 5000 }) },
);

/** Steps the current build's mocks can show (a reverting feed or a frozen source only where they exist). */
export function stepArbitrary(can: World["can"]): fc.Arbitrary<Step> {
  const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
  const entries: { weight: number; arbitrary: fc.Arbitrary<Step> }[] = [
    w(10, fc.record({ t: fc.constant("price" as const), asset: riskAsset, bps: priceBps })),
    w(2, fc.record({ t: fc.constant("feedLie" as const), asset: anyAsset, feed: feedIdx, bps: fc.integer({ min: -9000, max: 9000 }) })),
    w(2, fc.record({ t: fc.constant("feedStale" as const), asset: anyAsset, feed: feedIdx, age: fc.integer({ min: 3601, max: 86_400 }) })),
    w(6, fc.record({ t: fc.constant("time" as const), seconds: fc.integer({ min: 60, max: 2 * 86_400 }), refresh: fc.boolean() })),
    w(3, fc.record({ t: fc.constant("oracleUpdate" as const), who: hostile, all: fc.boolean(), asset: anyAsset })),
    w(2, fc.record({ t: fc.constant("pool" as const), bps: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5000 })) })),
    w(1, fc.record({ t: fc.constant("depth" as const), millionsUsd: fc.integer({ min: 1, max: 50 }) })),
    w(2, fc.record({ t: fc.constant("yield" as const), source: fc.integer({ min: 0, max: 2 }), bps: fc.integer({ min: 1, max: 300 }) })),
    w(1, fc.record({ t: fc.constant("funding" as const) })),
    w(10, fc.record({ t: fc.constant("upkeep" as const), who: fc.constantFrom<Actor>("keeper", "keeper", "stranger"), action: fc.integer({ min: 0, max: 4 }) })),
    w(5, fc.record({ t: fc.constant("module" as const), who: hostile, op: fc.constantFrom("rebalance" as const, "updateWeights" as const, "hedge" as const, "harvestAll" as const) })),
    w(4, fc.record({
      t: fc.constant("harvestLoss" as const),
      who: fc.constantFrom<Actor>("keeper", "keeper", "stranger"),
      via: fc.constantFrom("gateway" as const, "rebalancer" as const),
      asset: riskAsset,
      fractionBps: fc.integer({ min: 1, max: 10_000 }),
      minOut: fc.constantFrom("one" as const, "floor" as const, "tight" as const),
      lockDays: fc.integer({ min: 0, max: 90 }),
    })),
    w(2, fc.record({ t: fc.constant("lockout" as const), who: hostile, asset: fc.integer({ min: 0, max: 4 }), days: fc.integer({ min: 0, max: 100_000 }) })),
    w(2, fc.record({ t: fc.constant("allocate" as const), who: hostile, source: fc.integer({ min: 0, max: 2 }), fractionBps: fc.integer({ min: 1, max: 10_000 }) })),
    w(5, fc.record({
      t: fc.constant("grab" as const), who: hostile, target,
      op: fc.constantFrom("setKeeper" as const, "setGuardian" as const, "transferManagement" as const, "acceptManagement" as const,
        "upgrade" as const, "setModule" as const, "unpause" as const, "withdraw" as const, "moduleTransfer" as const, "exitAll" as const,
        "transferOwnership" as const, "acceptOwnership" as const),
    })),
    w(2, fc.record({ t: fc.constant("pause" as const), who: hostile, target })),
    w(2, fc.record({ t: fc.constant("exit" as const), who: fc.constantFrom<Actor>("guardian", "guardian", "stranger", "keeper") })),
    w(5, fc.record({
      t: fc.constant("mgmt" as const),
      op: fc.constantFrom("unpause" as const, "unpause" as const, "slippage" as const, "setKeeper" as const, "setGuardian" as const,
        "acceptCandidate" as const, "substitute" as const, "feeTier" as const, "handOver" as const),
      target, n: fc.integer({ min: 0, max: 1000 }), flag: fc.boolean(),
    })),
    w(2, fc.record({ t: fc.constant("owner" as const), op: fc.constantFrom("withdraw" as const, "deposit" as const), asset: anyAsset, fractionBps: fc.integer({ min: 1, max: 5000 }) })),
  ];
  if (can.revertingFeed) {
    entries.push(w(3, fc.record({ t: fc.constant("feedRevert" as const), asset: anyAsset, feed: feedIdx, on: fc.boolean() })));
  }
  if (can.frozenSource) {
    entries.push(w(2, fc.record({ t: fc.constant("freeze" as const), source: fc.integer({ min: 0, max: 2 }), on: fc.boolean() })));
  }
  if (can.brokenSource) {
    entries.push(w(1, fc.record({ t: fc.constant("breakSource" as const), source: fc.integer({ min: 0, max: 2 }), on: fc.boolean() })));
  }
  return fc.oneof(...entries);
}

// ---- execution ----

type Sent = Promise<ContractTransactionResponse>;

async function send(tx: () => Sent): Promise<{ ok: boolean; receipt?: TransactionReceipt; error?: string }> {
  try {
    const r = await (await tx()).wait();
    return { ok: true, receipt: r ?? undefined };
  } catch (e: any) {
    return { ok: false, error: errorName(e) };
  }
}

function errorName(e: any): string {
  const data: string | undefined = e?.data ?? e?.info?.error?.data ?? e?.error?.data;
  if (typeof data === "string" && data.length >= 10) return data.slice(0, 10);
  return String(e?.shortMessage ?? e?.message ?? e).slice(0, 120);
}

/** The signer currently holding `address` among the world's accounts. */
function signerOf(w: World, address: string): Signer {
  const a = address.toLowerCase();
  for (const [k, s] of [["owner", w.owner], ["keeper", w.keeper], ["guardian", w.guardian], ["stranger", w.stranger], ["extra", w.extra]] as const) {
    if ((w.addr as any)[k].toLowerCase() === a) return s;
  }
  throw new Error(`no signer for ${address}`);
}

/** The account an actor acts from: management and the guardian are whoever holds the role on `name` now. */
export function actorSigner(w: World, who: Actor, name: ManagedName = "Vault"): Signer {
  if (who === "keeper") return w.keeper;
  if (who === "stranger") return w.stranger;
  if (who === "guardian") return signerOf(w, w.ghost.roles[name].guardian);
  return signerOf(w, w.ghost.roles[name].management);
}

const as = (c: Contract, s: Signer) => c.connect(s) as Contract;

/** Posts feed rounds in one block (automine off while they queue), as live feeds post between two blocks. */
async function postRounds(w: World, posts: { asset: number; feed: number; answer: bigint }[]): Promise<void> {
  if (posts.length === 0) return;
  await ethers.provider.send("evm_setAutomine", [false]);
  try {
    let nonce = await ethers.provider.getTransactionCount(w.addr.owner, "pending");
    const sent = posts.map((p) => w.assets[p.asset].feeds[p.feed].setAnswer(p.answer, { nonce: nonce++, gasLimit: 200_000 }));
    await Promise.all(sent);
    await ethers.provider.send("evm_mine", []);
  } finally {
    await ethers.provider.send("evm_setAutomine", [true]);
  }
  for (const p of posts) w.ghost.answers[w.assets[p.asset].address][p.feed] = p.answer;
}

async function balance(w: World, token: string, of: string): Promise<bigint> {
  const c = new ethers.Contract(token, ["function balanceOf(address) view returns (uint256)"], w.owner);
  return c.balanceOf(of);
}

export class StepFailure extends Error {
  constructor(readonly invariant: "exit-succeeds" | "oracle-never-reverts" | "owner-withdraws", message: string) {
    super(`${invariant}: ${message}`);
  }
}

/** Carries out one step. Throws StepFailure when a step that must never fail (the guardian's exit, the
 *  owner's withdrawal, an oracle update) fails, naming the step. */
export async function runStep(w: World, step: Step): Promise<Outcome> {
  const { sys } = w;
  const market = (receipts: TransactionReceipt[]): Outcome => ({ step, actor: "market", ok: true, receipts });
  const result = (actor: Actor, r: { ok: boolean; receipt?: TransactionReceipt; error?: string }): Outcome => ({
    step, actor, ok: r.ok, receipts: r.receipt ? [r.receipt] : [], error: r.error,
  });
  switch (step.t) {
    case "price": {
      const a = w.assets[step.asset];
      // All feeds agree on the new price (a real move); the hub takes it on its next update.
      const posts = w.ghost.answers[a.address].map((x, feed) => {
        const next = (x * (MAX_BPS + BigInt(step.bps))) / MAX_BPS;
        return { asset: step.asset, feed, answer: next > 0n ? next : 1n };
      });
      await postRounds(w, posts);
      return market([]);
    }
    case "feedLie": {
      const a = w.assets[step.asset];
      const lie = (w.ghost.answers[a.address][step.feed] * (MAX_BPS + BigInt(step.bps))) / MAX_BPS;
      // Zero and negative answers are a broken feed too.
      await postRounds(w, [{ asset: step.asset, feed: step.feed, answer: lie > 0n ? lie : -1n }]);
      return market([]);
    }
    case "feedStale": {
      const a = w.assets[step.asset];
      const block = await ethers.provider.getBlock("latest");
      const r = await (await a.feeds[step.feed].setAnswerAt(w.ghost.answers[a.address][step.feed], BigInt(block!.timestamp - step.age))).wait();
      return market(r ? [r] : []);
    }
    case "feedRevert": {
      const r = await (await w.assets[step.asset].feeds[step.feed].setReverting(step.on)).wait();
      return market(r ? [r] : []);
    }
    case "time": {
      await ethers.provider.send("evm_increaseTime", [step.seconds]);
      if (!step.refresh) {
        await ethers.provider.send("evm_mine", []);
        return market([]);
      }
      // The feeds post their rounds again, as live feeds do while time passes.
      await postRounds(w, w.assets.flatMap((a, asset) => a.feeds.map((_, feed) => ({ asset, feed, answer: w.ghost.answers[a.address][feed] }))));
      return market([]);
    }
    case "oracleUpdate": {
      const hub = as(sys.oracle, actorSigner(w, step.who));
      const r = await send(() => (step.all ? hub.updateAll() : hub.update(w.assets[step.asset].address)));
      // A paused hub refuses updates on purpose; otherwise no feed (stale, lying, reverting) may stop it.
      if (!r.ok && !(await sys.oracle.paused())) throw new StepFailure("oracle-never-reverts", `oracle ${step.all ? "updateAll()" : `update(${w.assets[step.asset].symbol})`} by ${step.who} reverted (${r.error}): one broken feed must not stop the price layer`);
      return result(step.who, r);
    }
    case "pool": {
      // A stranger pushes the venue's price against the vault (the mock's adverse slippage).
      const r = await send(() => as(sys.router, w.stranger).setExtraSlippageBps(step.bps));
      return { ...result("stranger", r), actor: "market" };
    }
    case "depth": {
      const r = await send(() => as(sys.router, w.stranger).setDepthUsd(BigInt(step.millionsUsd) * 1_000_000n * WAD));
      return { ...result("stranger", r), actor: "market" };
    }
    case "yield": {
      const src = w.sources[step.source];
      const token = await src.asset();
      const held: bigint = await balance(w, token, src.target as string);
      const amount = (held * BigInt(step.bps)) / MAX_BPS;
      if (amount === 0n) return market([]);
      const t = Object.values(sys.tokens).find((c) => (c.target as string).toLowerCase() === token.toLowerCase())!;
      const r = await (await t.mint(src.target, amount)).wait();
      return market(r ? [r] : []);
    }
    case "funding": {
      // Anyone pokes the perp's funding: a new rate from the premium of its pool's TWAP over the index, once due.
      const asset = w.assets[1].address;
      const m = await sys.perp.market(asset);
      const now = BigInt((await w.owner.provider!.getBlock("latest"))!.timestamp);
      if (now + 1n < m.lastSample + m.fundingInterval) return market([]);
      const r = await (await sys.perp.fund(asset)).wait();
      return market(r ? [r] : []);
    }
    case "freeze": {
      const src = w.sources[step.source];
      // The source pauses withdrawals (an Aave reserve frozen, a gauge killed).
      const r = await (await src.setWithdrawalsPaused(step.on)).wait();
      return market(r ? [r] : []);
    }
    case "breakSource": {
      // The source's valuation reverts (convertToAssets and friends).
      const r = await (await w.sources[step.source].setBroken(step.on)).wait();
      return market(r ? [r] : []);
    }
    case "upkeep": {
      const gw = as(sys.gateway, actorSigner(w, step.who));
      let data: string;
      if (step.action === 0) {
        const [needed, performData] = await sys.gateway.checkUpkeep("0x");
        if (!needed) return result(step.who, { ok: false, error: "nothing due" });
        data = performData;
      } else {
        data = ethers.AbiCoder.defaultAbiCoder().encode(["uint8"], [step.action]);
      }
      return result(step.who, await send(() => gw.performUpkeep(data)));
    }
    case "module": {
      const s = actorSigner(w, step.who);
      const c = step.op === "rebalance" || step.op === "updateWeights" ? sys.rebalancer : step.op === "hedge" ? sys.hedger : sys.harvester;
      return result(step.who, await send(() => (as(c, s) as any)[step.op]()));
    }
    case "harvestLoss":
      return result(step.who, await harvestLoss(w, step));
    case "lockout": {
      const until = BigInt((await ethers.provider.getBlock("latest"))!.timestamp) + BigInt(step.days) * 86_400n;
      return result(step.who, await send(() => as(sys.rebalancer, actorSigner(w, step.who)).setPurchaseLockout(w.assets[step.asset].address, until)));
    }
    case "allocate": {
      const src = w.sources[step.source];
      const held = await balance(w, await src.asset(), sys.vault.target as string);
      const amount = (held * BigInt(step.fractionBps)) / MAX_BPS;
      return result(step.who, await send(() => as(sys.harvester, actorSigner(w, step.who)).allocate(src.target, amount)));
    }
    case "grab":
      return result(step.who, await grab(w, step));
    case "pause": {
      const name = MANAGED[step.target];
      return result(step.who, await send(() => as(w.contracts[name], actorSigner(w, step.who, name)).pause()));
    }
    case "exit": {
      const r = await send(() => as(sys.vault, actorSigner(w, step.who)).emergencyExit());
      if (step.who === "guardian") {
        if (!r.ok) throw new StepFailure("exit-succeeds", `the guardian's emergencyExit reverted (${r.error})`);
        if (!(await sys.vault.paused())) throw new StepFailure("exit-succeeds", "the vault is not paused after the guardian's emergencyExit");
      }
      return result(step.who, r);
    }
    case "mgmt":
      return result("management", await manage(w, step));
    case "owner": {
      const a = w.assets[step.asset];
      const token = Object.values(sys.tokens).find((c) => (c.target as string).toLowerCase() === a.address.toLowerCase())!;
      // The vault's owner (the taxpayer) is its own role; the sequences never move it.
      const owner = w.owner;
      const ownerAddr = w.addr.owner;
      if (step.op === "withdraw") {
        const held = await balance(w, a.address, sys.vault.target as string);
        const amount = (held * BigInt(step.fractionBps)) / MAX_BPS;
        if (amount === 0n) return result("management", { ok: false, error: "empty" });
        const r = await send(() => as(sys.vault, owner).withdraw(a.address, amount, ownerAddr));
        // Funds are never trapped: the owner's withdrawal works whatever state the system is in.
        if (!r.ok) throw new StepFailure("owner-withdraws", `the owner's withdraw(${a.symbol}, ${amount}) reverted (${r.error})`);
        return result("management", r);
      }
      const held = await balance(w, a.address, ownerAddr);
      const amount = (held * BigInt(step.fractionBps)) / MAX_BPS;
      if (amount === 0n) return result("management", { ok: false, error: "empty" });
      await (await as(token, owner).approve(sys.vault.target, amount)).wait();
      return result("management", await send(() => as(sys.vault, owner).deposit(a.address, amount)));
    }
  }
}

async function harvestLoss(w: World, step: Extract<Step, { t: "harvestLoss" }>) {
  const { sys } = w;
  const a = w.assets[step.asset];
  const stable = w.assets[0];
  const held = await balance(w, a.address, sys.vault.target as string);
  const amount = (held * BigInt(step.fractionBps)) / MAX_BPS;
  const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  const lockoutUntil = now + 5n + BigInt(step.lockDays) * 86_400n;
  let minOut = 1n;
  if (step.minOut !== "one" && amount > 0n) {
    const pIn: bigint = await sys.oracle.priceOf(a.address);
    const pOut: bigint = await sys.oracle.priceOf(stable.address);
    const expected = (amount * pIn * 10n ** BigInt(stable.decimals)) / (10n ** BigInt(a.decimals) * pOut);
    const slip = step.minOut === "floor" ? w.ghost.maxSlippageBps : w.ghost.maxSlippageBps / 2n;
    minOut = (expected * (MAX_BPS - slip)) / MAX_BPS;
  }
  const c = as(step.via === "gateway" ? sys.gateway : sys.rebalancer, actorSigner(w, step.who));
  // The fixed code takes a deadline as a fifth argument.
  const fn = c.interface.getFunction("harvestLoss")!;
  const args: unknown[] = [a.address, amount, minOut, lockoutUntil];
  if (fn.inputs.length === 5) args.push(now + 86_400n);
  return send(() => (c as any).harvestLoss(...args));
}

async function grab(w: World, step: Extract<Step, { t: "grab" }>) {
  const name = MANAGED[step.target];
  const signer = actorSigner(w, step.who, name);
  const me = await signer.getAddress();
  const c = as(w.contracts[name], signer);
  const vault = as(w.sys.vault, signer);
  switch (step.op) {
    case "setKeeper":
      return send(() => c.setKeeper(me, true));
    case "setGuardian":
      return send(() => c.setGuardian(me));
    case "transferManagement":
      return send(() => c.transferManagement(me));
    case "acceptManagement":
      return send(() => c.acceptManagement());
    case "upgrade":
      // Any contract address as the new implementation: only management may upgrade.
      return send(() => c.upgradeToAndCall(w.sys.router.target, "0x"));
    case "setModule":
      return send(() => vault.setModule(ethers.id("REBALANCER"), me));
    case "unpause":
      return send(() => c.unpause());
    case "withdraw":
      return send(() => vault.withdraw(w.assets[0].address, 1n, me));
    case "moduleTransfer":
      return send(() => vault.moduleTransfer(w.assets[step.target % w.assets.length].address, me, 1n));
    case "transferOwnership":
      return send(() => vault.transferOwnership(me));
    case "acceptOwnership":
      return send(() => vault.acceptOwnership());
    case "exitAll":
      return send(() => (step.target % 2 === 0 ? as(w.sys.harvester, signer) : as(w.sys.hedger, signer)).exitAll());
  }
}

async function manage(w: World, step: Extract<Step, { t: "mgmt" }>) {
  const { sys, ghost } = w;
  const name = MANAGED[step.target];
  const signer = actorSigner(w, "management", name);
  const c = as(w.contracts[name], signer);
  switch (step.op) {
    case "unpause": {
      // Mostly the vault (after an exit), otherwise the named module.
      const t = step.flag ? as(sys.vault, actorSigner(w, "management")) : c;
      return send(() => t.unpause());
    }
    case "slippage": {
      const tc = await sys.rebalancer.tradeConfig();
      const slip = BigInt(10 + (step.n % 491));
      const next = { ...tc.toObject(), maxSlippageBps: slip };
      const r = await send(() => as(sys.rebalancer, actorSigner(w, "management", "Rebalancer")).setTradeConfig(next));
      if (r.ok) ghost.maxSlippageBps = slip;
      return r;
    }
    case "setKeeper": {
      const r = await send(() => c.setKeeper(w.addr.extra, step.flag));
      if (r.ok) ghost.roles[name].keepers[w.addr.extra] = step.flag;
      return r;
    }
    case "setGuardian": {
      const next = step.flag ? w.addr.extra : w.addr.guardian;
      const r = await send(() => c.setGuardian(next));
      if (r.ok) ghost.roles[name].guardian = next;
      return r;
    }
    case "handOver": {
      // Two-step hand-over to `extra` and back: the pending party accepts.
      const next = ghost.roles[name].management.toLowerCase() === w.addr.owner.toLowerCase() ? w.addr.extra : w.addr.owner;
      const r1 = await send(() => c.transferManagement(next));
      if (!r1.ok) return r1;
      ghost.roles[name].pendingManagement = next;
      if (!step.flag) return r1;
      const r2 = await send(() => as(w.contracts[name], signerOf(w, next)).acceptManagement());
      if (r2.ok) {
        ghost.roles[name].management = next;
        ghost.roles[name].pendingManagement = ethers.ZeroAddress;
      }
      return { ok: r2.ok, receipt: r2.receipt, error: r2.error };
    }
    case "acceptCandidate":
      return send(() => as(sys.oracle, actorSigner(w, "management", "OracleHub")).acceptCandidate(w.assets[step.n % 5].address));
    case "substitute": {
      const asset = w.assets[1 + (step.n % 4)].address;
      const sub = step.flag ? w.assets[1 + ((step.n + 1) % 4)].address : ethers.ZeroAddress;
      return send(() => as(sys.rebalancer, actorSigner(w, "management", "Rebalancer")).setSubstitute(asset, sub));
    }
    case "feeTier": {
      const tiers = [0, 500, 3000, 10000];
      return send(() => as(sys.rebalancer, actorSigner(w, "management", "Rebalancer")).setFeeTier(w.assets[1 + (step.n % 4)].address, tiers[step.n % 4]));
    }
  }
}
