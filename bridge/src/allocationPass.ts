/**
 * One keeper pass of the cross-chain allocation, over the two chains:
 * 1. settle: every move still in flight on either mover whose `OFTReceived` (same guid, from the mover's chain,
 *    to the peer vault, the recorded amount) is on the destination chain is settled, so no amount is counted on
 *    both chains when the values are read;
 * 2. decide: the home coordinator's shares, both vaults' `navUsd`, the bridge fee the source OFT quotes and the
 *    gas of a move, a settle and a delivery at each chain's gas price go through `decideMove` (allocation.ts);
 *    the decision and its figures are logged. Every cost is bigint USD WAD, exact: wei × the native coin's USD
 *    price (WAD) / 1e18, rounded up (so a cost is never under-stated), with wei = the quoted native fee, or the
 *    leg's gas × the chain's current max fee per gas (else its gas price);
 * 3. move: when the verdict is "move", the source chain's mover sends the amount (capped at its maxPerMove and at
 *    the source vault's idle stablecoin less what its hedger may draw: `marginReserve`), with the mover's own
 *    slippage floor as the minimum received.
 */
import { ethers } from "ethers";
import { loadArtifact } from "@lotgraph/contracts/src/artifacts";
import { ownArtifact } from "./artifacts";
import { addressToBytes32 } from "./chains";
import type { BridgeSide } from "./deploy";
import type { CoordinationSide } from "./coordination";
import { decideMove, formatDecision, type ChainFigures, type MoveCosts, type MoveDecision } from "./allocation";

/** Gas of each leg, measured in test/coordinator.test.ts (anvil), rounded up: what the rule prices. */
export const MOVE_GAS = { send: 375_000n, settle: 35_000n, delivery: 240_000n };

export interface AllocationChain {
  bridge: BridgeSide;
  side: CoordinationSide;
  /** The keeper's key on this chain (a keeper of its mover). */
  keeper: ethers.Signer;
  /** The chain's yield, volatility and keeper gas a year (the keeper's own estimates). */
  figures: Omit<ChainFigures, "eid">;
  /** USD per whole native coin (18 decimals), WAD (to price fees and gas). */
  nativeUsd: bigint;
}

export interface AllocationPassOptions {
  home: AllocationChain;
  remote: AllocationChain;
  thresholdBps?: number;
  horizonDays?: number;
  riskAversion?: number;
  /** Send the move the rule decides (default true); false decides, logs and returns, sending nothing. */
  execute?: boolean;
  log?: (m: string) => void;
}

export interface AllocationPassResult {
  settled: { eid: number; guid: string; amount: bigint }[];
  decision: MoveDecision;
  moved?: { eid: number; guid: string; amount: bigint; tx: string };
  /** A move the rule wants but the source mover's interval does not allow yet: the time it does (unix s). */
  deferredUntil?: number;
}

const moverAbi = () => loadArtifact("CrossChainMover").abi;
const oftEvents = new ethers.Interface([
  "event OFTReceived(bytes32 indexed guid, uint32 srcEid, address indexed toAddress, uint256 amountReceivedLD)",
]);

/** Settles the moves of `src`'s mover that arrived on `dst` (checked: guid, source, recipient, amount). */
export async function settleArrived(src: AllocationChain, dst: AllocationChain): Promise<{ eid: number; guid: string; amount: bigint }[]> {
  const mover = new ethers.Contract(src.side.mover, moverAbi(), src.keeper);
  if ((await mover.inFlightTotal()) === 0n) return [];
  const sent = await mover.queryFilter(mover.filters.MoveSent(), src.side.fromBlock);
  const settled: { eid: number; guid: string; amount: bigint }[] = [];
  const provider = dst.keeper.provider!;
  for (const log of sent as ethers.EventLog[]) {
    const guid: string = log.args.guid;
    const amount: bigint = await mover.inFlight(guid);
    if (amount === 0n) continue;
    const arrivals = await provider.getLogs({
      address: dst.bridge.oft,
      topics: [oftEvents.getEvent("OFTReceived")!.topicHash, guid],
      fromBlock: dst.bridge.fromBlock,
    });
    const arrival = arrivals.map((l) => oftEvents.parseLog(l)!).find(
      (e) => Number(e.args.srcEid) === src.bridge.chain.eid && e.args.toAddress === dst.side.vault && e.args.amountReceivedLD === amount,
    );
    if (!arrival) continue;
    await (await mover.settle(guid)).wait();
    settled.push({ eid: src.bridge.chain.eid, guid, amount });
  }
  return settled;
}

const WAD = 10n ** 18n;

const hedgerAbi = [
  "function perpSize() view returns (int256)",
  "function marginBps() view returns (uint256)",
  "function asset() view returns (address)",
  "function stable() view returns (address)",
];
const vaultReads = [
  "function moduleOf(bytes32) view returns (address)",
  "function decimalsOf(address) view returns (uint8)",
  "function oracle() view returns (address)",
];
const HEDGER_ROLE = ethers.id("HEDGER");

/**
 * Stablecoin base units a vault keeps back from a move for its hedger: the full margin of the hedger's short,
 * `marginBps` of its notional at the oracle's price, rounded up. That is the most the hedger can draw from the vault
 * at its next pass (it tops the perp's equity back up to that margin, and the equity cannot fall below zero); a move
 * that took it would leave the hedger's top-up reverting for want of stablecoin. 0 for a vault without a hedger.
 */
export async function marginReserve(vaultAddress: string, runner: ethers.ContractRunner): Promise<bigint> {
  const vault = new ethers.Contract(vaultAddress, vaultReads, runner);
  const hedgerAddress: string = await vault.moduleOf(HEDGER_ROLE);
  if (hedgerAddress === ethers.ZeroAddress) return 0n;
  const hedger = new ethers.Contract(hedgerAddress, hedgerAbi, runner);
  const size: bigint = await hedger.perpSize();
  if (size === 0n) return 0n;
  const [asset, stable, marginBps] = (await Promise.all([hedger.asset(), hedger.stable(), hedger.marginBps()])) as [string, string, bigint];
  const oracle = new ethers.Contract(await vault.oracle(), ["function priceOf(address) view returns (uint256)"], runner);
  const [assetDecimals, stableDecimals, price, stablePrice] = (await Promise.all([
    vault.decimalsOf(asset), vault.decimalsOf(stable), oracle.priceOf(asset), oracle.priceOf(stable),
  ])) as [bigint, bigint, bigint, bigint];
  return marginUnits({ size, price, assetDecimals: Number(assetDecimals), marginBps, stablePrice, stableDecimals: Number(stableDecimals) });
}

/**
 * The full margin of a short of `size` base units (either sign) at `price` (USD WAD a whole token): `marginBps` of its
 * notional, in stablecoin base units at `stablePrice` (USD WAD); every step rounded up, so the reserve is never short.
 */
export function marginUnits(p: { size: bigint; price: bigint; assetDecimals: number; marginBps: bigint; stablePrice: bigint; stableDecimals: number }): bigint {
  if (p.price < 0n || p.marginBps < 0n || p.stablePrice <= 0n) throw new Error(`marginUnits: price ${p.price}, marginBps ${p.marginBps} and stable price ${p.stablePrice} must be non-negative (the stable's positive)`);
  const up = (a: bigint, b: bigint) => (a + b - 1n) / b;
  const notionalUsd = up((p.size < 0n ? -p.size : p.size) * p.price, 10n ** BigInt(p.assetDecimals));
  const marginUsd = up(notionalUsd * p.marginBps, 10_000n);
  return up(marginUsd * 10n ** BigInt(p.stableDecimals), p.stablePrice);
}

/** Wei of the chain's native coin in USD WAD: wei × nativeUsd / 1e18, rounded up. */
export function weiToUsd(wei: bigint, nativeUsd: bigint): bigint {
  if (wei < 0n || nativeUsd < 0n) throw new Error(`allocation pass: negative wei ${wei} or native price ${nativeUsd}`);
  return (wei * nativeUsd + WAD - 1n) / WAD;
}

async function gasUsd(chain: AllocationChain, gas: bigint): Promise<bigint> {
  const fee = await chain.keeper.provider!.getFeeData();
  const price = fee.maxFeePerGas ?? fee.gasPrice ?? 0n;
  return weiToUsd(gas * price, chain.nativeUsd);
}

/** One pass: settle what arrived, decide, and move when the rule says so (see the file's header). */
export async function allocationPass(options: AllocationPassOptions): Promise<AllocationPassResult> {
  const { home, remote } = options;
  const log = options.log ?? (() => {});
  const settled = [...(await settleArrived(home, remote)), ...(await settleArrived(remote, home))];
  for (const s of settled) log(`allocation settled ${s.guid.slice(0, 10)}… (${s.amount} from eid ${s.eid})`);

  const chains = [home, remote];
  const coordinator = new ethers.Contract(home.side.coordinator, ownArtifact("ShareCoordinator").abi, home.keeper);
  const [version, eids, bps] = (await coordinator.shares()) as [bigint, bigint[], bigint[]];
  if (version === 0n) throw new Error("allocation pass: the home coordinator holds no shares yet");
  const targetBps = new Map(eids.map((eid, i) => [Number(eid), Number(bps[i])]));
  const vaultAbi = loadArtifact("Vault").abi;
  const valuesUsd = new Map<number, bigint>();
  for (const c of chains) valuesUsd.set(c.bridge.chain.eid, await new ethers.Contract(c.side.vault, vaultAbi, c.keeper).navUsd());
  const byEid = new Map(chains.map((c) => [c.bridge.chain.eid, c]));

  // Costs of each direction, priced now.
  const costsOf = new Map<string, MoveCosts>();
  for (const [src, dst] of [[home, remote], [remote, home]]) {
    const oft = new ethers.Contract(src.bridge.oft, ownArtifact(src.bridge.oft === src.bridge.token ? "BridgedStablecoin" : "StablecoinOFTAdapter").abi, src.keeper);
    const param = { dstEid: dst.bridge.chain.eid, to: addressToBytes32(dst.side.vault), amountLD: 1_000_000n, minAmountLD: 0n, extraOptions: "0x", composeMsg: "0x", oftCmd: "0x" };
    const fee = await oft.quoteSend(param, false);
    costsOf.set(`${src.bridge.chain.eid}>${dst.bridge.chain.eid}`, {
      bridgeFeeUsd: weiToUsd(fee.nativeFee as bigint, src.nativeUsd),
      sendGasUsd: await gasUsd(src, MOVE_GAS.send),
      settleGasUsd: await gasUsd(src, MOVE_GAS.settle),
      deliveryGasUsd: await gasUsd(dst, MOVE_GAS.delivery),
    });
  }
  // The source's mover caps the amount; the cap is known only once the source is: decide, then cap.
  const input = {
    chains: chains.map((c) => ({ eid: c.bridge.chain.eid, ...c.figures })),
    valuesUsd,
    targetBps,
    costs: (s: number, d: number) => costsOf.get(`${s}>${d}`)!,
    thresholdBps: options.thresholdBps,
    horizonDays: options.horizonDays,
    riskAversion: options.riskAversion,
  };
  let decision = decideMove(input);
  const source = byEid.get(decision.srcEid)!;
  const mover = new ethers.Contract(source.side.mover, moverAbi(), source.keeper);
  const [maxPerMove, minInterval] = (await mover.moveConfig()) as [bigint, bigint];
  // The mover takes the vault's idle stablecoin (what its other modules have not put to work), less what its hedger
  // may draw at its next pass: at most that.
  const token = new ethers.Contract(source.bridge.token, ["function balanceOf(address) view returns (uint256)"], source.keeper);
  const balance: bigint = await token.balanceOf(source.side.vault);
  const reserve = await marginReserve(source.side.vault, source.keeper);
  const idle = balance > reserve ? balance - reserve : 0n;
  const cap = idle < maxPerMove ? idle : maxPerMove;
  if (reserve > 0n) log(`allocation source vault (eid ${decision.srcEid}) holds ${balance} stablecoin units idle and keeps ${reserve} for its hedger's margin`);
  const maxPerMoveUsd = cap * 10n ** 12n; // 6-decimal stablecoin at $1, as the mover's NAV prices it
  if (decision.amountUsd > maxPerMoveUsd) decision = decideMove({ ...input, maxPerMoveUsd });
  log(`allocation ${formatDecision(decision)}`);
  if (decision.verdict !== "move" || decision.amount === 0n) return { settled, decision };
  if (options.execute === false) {
    log(`allocation move not sent (decide-only pass): ${decision.amount} from eid ${decision.srcEid} to ${decision.dstEid}`);
    return { settled, decision };
  }
  const last: bigint = await mover.lastMoveAt();
  const now = (await source.keeper.provider!.getBlock("latest"))!.timestamp;
  if (last !== 0n && BigInt(now) < last + minInterval) {
    log(`allocation move deferred: eid ${decision.srcEid}'s mover allows the next move at ${last + minInterval}`);
    return { settled, decision, deferredUntil: Number(last + minInterval) };
  }

  const receipt = (await (await mover.move(decision.amount, 0n)).wait())!;
  const sent = receipt.logs.map((l: ethers.Log) => mover.interface.parseLog(l)).find((e: ethers.LogDescription | null) => e?.name === "MoveSent")!;
  log(`allocation moved ${decision.amount} from eid ${decision.srcEid} to ${decision.dstEid} (guid ${sent.args.guid.slice(0, 10)}…)`);
  return { settled, decision, moved: { eid: decision.srcEid, guid: sent.args.guid, amount: decision.amount, tx: receipt.hash } };
}
