/**
 * The cross-chain allocation in the main job (`--chains 2`), on the coordinator and movers the stack deployed
 * (stack/src/coordination.ts):
 * - before the drive, home governance sets the target shares (bridge/'s `targetShares`) on the home coordinator
 *   through the home Safe and timelock, and relays them to the second chain (the running relayer delivers);
 * - on keeper days, after both chains' keeper passes, the keeper runs one `allocationPass`: settle what arrived,
 *   decide, move stablecoin between the vaults when the drift passes the threshold and the gain beats the cost
 *   (`sendMoves: false` decides and logs only). Each chain's subgraph takes a move's units off the sending vault's
 *   stablecoin position at MoveSent and adds them to the receiving vault's at OFTReceived, and the tax run carries
 *   their lots across (tax/src/ledger/storeChains.ts).
 *
 * Each chain's figures, read from its chain when the shares are set (and reused by every pass):
 * - yield: the vault's direct holdings' value-weighted APR of its yield sources (each asset's source's
 *   `aprBps`; 0 for an asset without one: the second chain's bridged stablecoin has none);
 * - volatility: the same holdings' value-weighted annual σ of the market model (each asset's calm-regime σ, the
 *   stablecoin's 0; diversification ignored, so an upper bound);
 * - gas a year: a stated estimate, KEEPER_GAS_PER_PASS gas × the keeper's passes a year (every 7 days) at the
 *   chain's current max fee per gas and its WETH price.
 * The module positions (yield sources held by the harvester, the hedger's LP, the perpetual) are not in "direct
 * holdings": the figures describe what the vault holds itself, which is what a move changes.
 */
import { ethers, JsonRpcProvider } from "ethers";
import type { Deployment } from "@lotgraph/contracts";
import type { RunningSystem } from "@lotgraph/stack";
import type { MarketConfig } from "@lotgraph/sim";
import type { AllocationChain, AllocationPassResult, ChainFigures, ShareFigures } from "@lotgraph/bridge";
import { MoveTimer } from "./moveTiming";

/** A keeper pass's gas, a stated estimate (its upkeeps: rebalance, hedge, harvests, LP range): not measured per run. */
export const KEEPER_GAS_PER_PASS = 1_500_000n;
/** The keeper's passes a year: every 7 days. */
export const KEEPER_PASSES_PER_YEAR = 53n;
const SHARES_DELIVERY_TIMEOUT_MS = 60_000;

type Bridge = typeof import("@lotgraph/bridge");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bridgeLib = (): Bridge => require("@lotgraph/bridge") as Bridge;

export interface ChainAllocationFigures extends Omit<ChainFigures, "eid"> {
  eid: number;
  name: string;
  navUsd: bigint;
  nativeUsd: bigint;
}

const priceAbi = ["function priceOf(address) view returns (uint256)"];
const vaultAbi = ["function holdingUsd(address) view returns (uint256)", "function navUsd() view returns (uint256)"];
const sourceAbi = ["function aprBps() view returns (uint256)"];

/** One chain's yield, σ, keeper gas a year, NAV and WETH price (see the file's header). */
export async function chainFigures(dep: Deployment, eid: number, name: string, market: MarketConfig): Promise<ChainAllocationFigures> {
  const provider = dep.signer.provider!;
  const vault = new ethers.Contract(dep.contracts.Vault.address, vaultAbi, provider);
  const oracle = new ethers.Contract(dep.contracts.OracleHub.address, priceAbi, provider);
  let held = 0n;
  let yieldWeighted = 0;
  let sigmaWeighted = 0;
  for (const a of dep.assets) {
    const usd: bigint = await vault.holdingUsd(a.address);
    held += usd;
    const apr = a.yieldSource ? Number(await new ethers.Contract(a.yieldSource, sourceAbi, provider).aprBps()) / 10_000 : 0;
    const sigma = a.isStable ? 0 : (market.assets.find((m) => m.symbol === a.symbol)?.volatility ?? 0);
    yieldWeighted += (Number(usd) / 1e18) * apr;
    sigmaWeighted += (Number(usd) / 1e18) * sigma;
  }
  const heldUsd = Number(held) / 1e18;
  const weth = dep.assets.find((a) => a.symbol === "WETH");
  if (!weth) throw new Error(`allocation: chain ${name} holds no WETH to price its gas`);
  const nativeUsd: bigint = await oracle.priceOf(weth.address);
  const fee = await provider.getFeeData();
  const gasPrice = fee.maxFeePerGas ?? fee.gasPrice ?? 0n;
  const gasUsdPerYear = bridgeLib().weiToUsd(KEEPER_GAS_PER_PASS * KEEPER_PASSES_PER_YEAR * gasPrice, nativeUsd);
  // rounded to 4 decimals: the rule reads a rate's shortest decimal form
  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  return {
    eid,
    name,
    yield: heldUsd > 0 ? round(yieldWeighted / heldUsd) : 0,
    volatility: heldUsd > 0 ? round(sigmaWeighted / heldUsd) : 0,
    gasUsdPerYear,
    navUsd: await vault.navUsd(),
    nativeUsd,
  };
}

export function formatFigures(f: ChainAllocationFigures): string {
  const b = bridgeLib();
  return `${f.name} (eid ${f.eid}): yield ${(f.yield * 100).toFixed(2)} %, σ ${(f.volatility * 100).toFixed(2)} %, keeper gas $${b.formatUsd(f.gasUsdPerYear)}/year, NAV $${b.formatUsd(f.navUsd)}, WETH $${b.formatUsd(f.nativeUsd)}`;
}

export interface Allocation {
  figures: ChainAllocationFigures[];
  shares: ShareFigures[];
  /** one keeper pass of the allocation (settle, decide, move); never throws: a failure is logged and counted */
  pass: (day: number) => Promise<AllocationPassResult | undefined>;
  summary: () => string;
  counts: { passes: number; moves: number; settles: number; deferred: number; failures: number; verdicts: Record<string, number> };
}

/**
 * Sets the target shares through home governance, relays them to the second chain and waits for their
 * delivery; returns the keeper's pass over both chains.
 */
export async function startAllocation(system: RunningSystem, market: MarketConfig, log: (m: string) => void, options: { sendMoves?: boolean } = {}): Promise<Allocation> {
  const b = bridgeLib();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const stack = require("@lotgraph/stack") as typeof import("@lotgraph/stack");
  const { bridge, second, coordination } = system;
  if (!bridge || !second || !coordination) throw new Error("startAllocation: the system runs on one chain");
  const home = system.deployment;
  const homeEid = bridge.deployment.home.chain.eid;
  const l2Eid = bridge.deployment.remote.chain.eid;
  const figures = [await chainFigures(home, homeEid, "home", market), await chainFigures(second.deployment, l2Eid, "chain 2", market)];
  const capitalUsd = figures.reduce((s, f) => s + f.navUsd, 0n);
  const shares = b.targetShares(figures.map(({ eid, name, yield: y, volatility, gasUsdPerYear }) => ({ eid, name, yield: y, volatility, gasUsdPerYear })), { capitalUsd });
  for (const f of figures) log(`allocation figures ${formatFigures(f)}`);
  log(`allocation target shares ${shares.map((s) => `eid ${s.eid} ${s.bps} bps (net yield ${(s.netYield * 100).toFixed(2)} %)`).join(", ")} over NAV $${b.formatUsd(capitalUsd)}`);

  const coordinatorAbi = b.ownArtifact("ShareCoordinator").abi;
  const setShares = new ethers.Interface(coordinatorAbi).encodeFunctionData("setShares", [shares.map((s) => s.eid), shares.map((s) => s.bps)]);
  await stack.govern(home, [{ to: coordination.home.coordinator, data: setShares }], "lotgraph: the initial cross-chain target shares");
  const homeCoordinator = new ethers.Contract(coordination.home.coordinator, coordinatorAbi, home.signer);
  const t = Date.now();
  await (await homeCoordinator.relay(l2Eid, { value: await homeCoordinator.quoteRelay(l2Eid) })).wait();
  const [version] = (await homeCoordinator.shares()) as [bigint];
  const l2Coordinator = new ethers.Contract(coordination.remote.coordinator, coordinatorAbi, second.deployment.signer.provider);
  while (((await l2Coordinator.shares()) as [bigint])[0] < version) {
    if (Date.now() - t > SHARES_DELIVERY_TIMEOUT_MS) throw new Error(`allocation: the shares relayed to chain 2 were not delivered within ${SHARES_DELIVERY_TIMEOUT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  log(`allocation shares version ${version} set by the home timelock, relayed and applied on chain 2 in ${Date.now() - t} ms`);
  const sendMoves = options.sendMoves !== false;
  if (!sendMoves) log("allocation passes decide and log, and send no move (sendMoves: false)");

  const chain = async (dep: Deployment, side: typeof coordination.home, bridgeSide: typeof bridge.deployment.home, f: ChainAllocationFigures): Promise<AllocationChain> => ({
    bridge: bridgeSide,
    side,
    keeper: await (dep.signer.provider as JsonRpcProvider).getSigner(dep.accounts.keeper),
    figures: { name: f.name, yield: f.yield, volatility: f.volatility, gasUsdPerYear: f.gasUsdPerYear },
    nativeUsd: f.nativeUsd,
  });
  const homeChain = await chain(home, coordination.home, bridge.deployment.home, figures[0]);
  const l2Chain = await chain(second.deployment, coordination.remote, bridge.deployment.remote, figures[1]);
  const counts: Allocation["counts"] = { passes: 0, moves: 0, settles: 0, deferred: 0, failures: 0, verdicts: {} };
  const timer = new MoveTimer(bridge.relayer, {
    sending: (eid) => (eid === homeEid ? system.graphNode : second.graphNode),
    receiving: (eid) => (eid === homeEid ? second.graphNode : system.graphNode),
  }, log);

  return {
    figures,
    shares,
    counts,
    pass: async (day) => {
      counts.passes++;
      try {
        const r = await b.allocationPass({ home: homeChain, remote: l2Chain, execute: sendMoves, log: (l) => log(`day ${day}: ${l}`) });
        counts.settles += r.settled.length;
        if (r.moved) {
          counts.moves++;
          // a timing that cannot be read is logged, and the pass still counts as done
          await timer.sent(r.moved.guid, r.moved.eid).catch((e) => log(`day ${day}: allocation move timing not read: ${(e as Error).message.split("\n")[0]}`));
        }
        if (r.deferredUntil !== undefined) counts.deferred++;
        counts.verdicts[r.decision.verdict] = (counts.verdicts[r.decision.verdict] ?? 0) + 1;
        return r;
      } catch (e) {
        // as a keeper pass: what the chains cannot serve today is retried on the next keeper day
        counts.failures++;
        log(`day ${day}: allocation pass failed: ${(e as Error).message.split("\n")[0]}`);
        return undefined;
      }
    },
    summary: () =>
      `allocation: ${counts.passes} passes (${Object.entries(counts.verdicts).map(([v, n]) => `${n} ${v}`).join(", ") || "no decision"}), ${counts.moves} moves, ${counts.settles} settled, ${counts.deferred} deferred, ${counts.failures} failed; ${timer.summary()}`,
  };
}
