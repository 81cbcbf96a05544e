/**
 * The world a stateful invariant sequence runs in: the whole system as deploySystem builds it (real
 * contracts behind their proxies, the mocks a local chain uses), four actors, and the ghost state the
 * invariants compare the chain against (roles as management set them, feed answers, what was traded).
 */
import { ethers } from "hardhat";
import type { Contract, Interface, Signer, TransactionReceipt, LogDescription } from "ethers";
import { deployedSystem } from "../fixtures";
import { loadArtifact } from "../../src";

export const WAD = 10n ** 18n;
export const MAX_BPS = 10_000n;

/** The contracts whose roles the "no role grows" invariant watches, by deployment key. */
export const MANAGED = ["Vault", "OracleHub", "Rebalancer", "Harvester", "Hedger", "KeeperGateway"] as const;
export type ManagedName = (typeof MANAGED)[number];

export const MODULE_ROLES = ["REBALANCER", "HARVESTER", "HEDGER"] as const;

export interface RoleModel {
  management: string;
  pendingManagement: string;
  guardian: string;
  /** isKeeper for every address the sequence knows (actors and modules). */
  keepers: Record<string, boolean>;
}

/** What the system looks like to the invariants: filled once per sequence, updated by management steps. */
export interface Ghost {
  roles: Record<ManagedName, RoleModel>;
  modules: Record<string, string>;
  implementations: Record<ManagedName, string>;
  /** Feed answers (8 decimals) per asset address, one per feed, as the harness last posted them. */
  answers: Record<string, bigint[]>;
  /** maxSlippageBps in force (the harness changes it only through management's setTradeConfig). */
  maxSlippageBps: bigint;
  /** Liquidation events the perpetual emitted for the hedger so far. */
  liquidations: number;
  /** The hedger's perp size after the previous step. */
  lastPerpSize: bigint;
}

export type System = Awaited<ReturnType<typeof deployedSystem>>;

export interface World {
  sys: System;
  /** Accounts by actor; `extra` is an address management may hand a role to. */
  owner: Signer;
  keeper: Signer;
  guardian: Signer;
  stranger: Signer;
  extra: Signer;
  /** Liquidates the hedger's short when it is below maintenance (anyone may; this account holds no role). */
  liquidator: Signer;
  addr: { owner: string; keeper: string; guardian: string; stranger: string; extra: string };
  contracts: Record<ManagedName, Contract>;
  /** Address (lower case) → interface, to decode every log of a step. */
  interfaces: Map<string, Interface>;
  assets: { address: string; symbol: string; decimals: number; feeds: Contract[]; yieldSource?: string }[];
  sources: Contract[];
  /** Which optional failure modes the mocks of this build can show. */
  can: { revertingFeed: boolean; frozenSource: boolean; brokenSource: boolean; liquidation: boolean };
  ghost: Ghost;
}

export interface DecodedLog {
  contract: string;
  address: string;
  ev: LogDescription;
}

const feedAbi = () => loadArtifact("MockAggregatorV3").abi;
const hasFunction = (abi: any[], name: string) => abi.some((f) => f.type === "function" && f.name === name);
const hasEvent = (abi: any[], name: string) => abi.some((f) => f.type === "event" && f.name === name);

/** Builds the world on a fresh deployment; call once, then `resetWorld` for each sequence. */
export async function buildWorld(sys: System): Promise<World> {
  const signers = await ethers.getSigners();
  const [owner, keeper, guardian, stranger] = [sys.owner, sys.keeper, sys.guardian, sys.stranger];
  const extra = signers[4];
  const liquidator = signers[5];
  const addr = {
    owner: await owner.getAddress(),
    keeper: await keeper.getAddress(),
    guardian: await guardian.getAddress(),
    stranger: await stranger.getAddress(),
    extra: await extra.getAddress(),
  };
  const contracts = {
    Vault: sys.vault,
    OracleHub: sys.oracle,
    Rebalancer: sys.rebalancer,
    Harvester: sys.harvester,
    Hedger: sys.hedger,
    KeeperGateway: sys.gateway,
  } as Record<ManagedName, Contract>;
  const interfaces = new Map<string, Interface>();
  for (const c of Object.values(sys.dep.instances)) interfaces.set((c.target as string).toLowerCase(), c.interface);
  const assets = sys.dep.assets.map((a) => ({
    address: a.address,
    symbol: a.symbol,
    decimals: a.decimals,
    feeds: a.feeds.map((f) => new ethers.Contract(f, feedAbi(), owner)),
    yieldSource: a.yieldSource,
  }));
  const sourceAbi = loadArtifact("MockYieldSource").abi;
  const sources = assets.filter((a) => a.yieldSource).map((a) => new ethers.Contract(a.yieldSource!, sourceAbi, owner));
  const perpAbi = loadArtifact("Perpetual").abi;
  const can = {
    revertingFeed: hasFunction(feedAbi(), "setReverting"),
    frozenSource: hasFunction(sourceAbi, "setWithdrawalsPaused"),
    brokenSource: hasFunction(sourceAbi, "setBroken"),
    liquidation: hasEvent(perpAbi, "Liquidated"),
  };
  const world: World = {
    sys, owner, keeper, guardian, stranger, extra, liquidator, addr, contracts, interfaces, assets, sources, can,
    ghost: undefined as unknown as Ghost,
  };
  world.ghost = await readGhost(world);
  return world;
}

/** Every address whose keeper flag the role invariant follows. */
export function watchedAccounts(w: World): string[] {
  return [w.addr.owner, w.addr.keeper, w.addr.guardian, w.addr.stranger, w.addr.extra, w.sys.gateway.target as string];
}

/** The role state of the chain, in the ghost's shape (the start of a sequence, and what the end is compared to). */
export async function readRoles(w: World): Promise<{ roles: Record<ManagedName, RoleModel>; modules: Record<string, string>; implementations: Record<ManagedName, string> }> {
  const roles = {} as Record<ManagedName, RoleModel>;
  const implementations = {} as Record<ManagedName, string>;
  const implSlot = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";
  for (const name of MANAGED) {
    const c = w.contracts[name];
    const keepers: Record<string, boolean> = {};
    for (const a of watchedAccounts(w)) keepers[a] = await c.isKeeper(a);
    roles[name] = {
      management: await c.management(),
      pendingManagement: await c.pendingManagement(),
      guardian: await c.guardian(),
      keepers,
    };
    implementations[name] = await ethers.provider.getStorage(c.target as string, implSlot);
  }
  const modules: Record<string, string> = {};
  for (const r of MODULE_ROLES) modules[r] = await w.sys.vault.moduleOf(ethers.id(r));
  return { roles, modules, implementations };
}

async function readGhost(w: World): Promise<Ghost> {
  const { roles, modules, implementations } = await readRoles(w);
  const answers: Record<string, bigint[]> = {};
  for (const a of w.assets) answers[a.address] = await Promise.all(a.feeds.map((f) => f.latestAnswer()));
  const tc = await w.sys.rebalancer.tradeConfig();
  return { roles, modules, implementations, answers, maxSlippageBps: tc.maxSlippageBps, liquidations: 0, lastPerpSize: 0n };
}

/** A deep copy of the ghost as the fixture left it (each sequence starts from the same snapshot). */
export function cloneGhost(g: Ghost): Ghost {
  return {
    roles: Object.fromEntries(
      Object.entries(g.roles).map(([k, v]) => [k, { ...v, keepers: { ...v.keepers } }]),
    ) as Record<ManagedName, RoleModel>,
    modules: { ...g.modules },
    implementations: { ...g.implementations },
    answers: Object.fromEntries(Object.entries(g.answers).map(([k, v]) => [k, [...v]])),
    maxSlippageBps: g.maxSlippageBps,
    liquidations: g.liquidations,
    lastPerpSize: g.lastPerpSize,
  };
}

/** Every log of `receipt` that one of the system's contracts emitted, decoded. */
export function decodeLogs(w: World, receipt: TransactionReceipt | null | undefined): DecodedLog[] {
  if (!receipt) return [];
  const out: DecodedLog[] = [];
  for (const log of receipt.logs) {
    const itf = w.interfaces.get(log.address.toLowerCase());
    if (!itf) continue;
    const ev = itf.parseLog(log);
    if (!ev) continue;
    const name = [...Object.entries(w.sys.dep.instances)].find(([, c]) => (c.target as string).toLowerCase() === log.address.toLowerCase())?.[0] ?? log.address;
    out.push({ contract: name, address: log.address, ev });
  }
  return out;
}
