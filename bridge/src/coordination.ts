/**
 * Deploys the cross-chain allocation's contracts beside a deployed bridge and one vault per chain:
 * - a `ShareCoordinator` OApp on each chain (the home one holds the target shares governance sets, the other
 *   applies what the home one relays), each the other's peer, with an enforced lzReceive gas option;
 * - a `CrossChainMover` vault module (contracts/, behind an ERC1967 proxy) on each chain, routed to the
 *   other chain's vault through that chain's side of the bridge (adapter at home, bridged OFT on L2),
 *   with its keeper, fee budget and native coin for fees, and registered as the vault's CHAIN_MOVER.
 *
 * The signer of each side must be its vault's management (an ungoverned deployment, or the deployer before
 * the hand-over), unless `registerModule: false` leaves the vault's registration to its governance; `owner` hands the coordinator (one step, OApp's Ownable) and the mover's management (two
 * steps: the new management must call `acceptManagement`) to the chain's timelock afterwards.
 */
import { ethers } from "ethers";
import { loadArtifact } from "@lotgraph/contracts/src/artifacts";
import { ownArtifact } from "./artifacts";
import { addressToBytes32 } from "./chains";
import type { BridgeDeployment, BridgeSide } from "./deploy";
import { lzReceiveOption } from "./packet";

/** The coordinator's message type for a shares set (ShareCoordinator.MSG_SHARES). */
export const MSG_SHARES = 1;
/** lzReceive gas for a shares message (up to 8 chains stored): its whole delivery transaction took 209k for two chains, endpoint and calldata included. */
export const SHARES_LZ_RECEIVE_GAS = 250_000n;
export const CHAIN_MOVER_ROLE = ethers.id("CHAIN_MOVER");

export interface MoveConfig {
  /** Largest amount one move sends (stablecoin base units). */
  maxPerMove: bigint;
  /** Seconds between two moves. */
  minInterval: bigint;
  /** Largest shortfall of what the peer vault receives, in bps of the amount. */
  maxSlippageBps: bigint;
  /** Largest native fee (wei) of one move. */
  maxNativeFee: bigint;
}

export const DEFAULT_MOVE_CONFIG: MoveConfig = {
  maxPerMove: 100_000n * 1_000_000n, // 100,000 USDC
  minInterval: 3600n,
  maxSlippageBps: 10n,
  maxNativeFee: ethers.parseEther("0.001"),
};

export interface CoordinationSide {
  coordinator: string;
  mover: string;
  vault: string;
  fromBlock: number;
}

export interface CoordinationDeployment {
  home: CoordinationSide;
  remote: CoordinationSide;
  sharesLzReceiveGas: string;
}

export interface CoordinationSideInput {
  /** The vault's management: deploys and wires. */
  signer: ethers.Signer;
  vault: string;
  /** The mover's keeper (the keeper process's key). */
  keeper: string;
  /** The mover's guardian; default the signer. */
  guardian?: string;
  /** Hand the coordinator and the mover's management to this address (the chain's timelock) at the end. */
  owner?: string;
  moveConfig?: MoveConfig;
  /** Wei the mover may spend on fees (its budget); default 0.01 ETH. */
  feeBudget?: bigint;
  /** Wei sent to the mover for fees; default the budget. */
  fund?: bigint;
  /**
   * Register the mover as the vault's CHAIN_MOVER here (default true). False for a governed vault (the signer is
   * not its management): the caller registers it through the vault's timelock.
   */
  registerModule?: boolean;
}

export interface DeployCoordinationOptions {
  bridge: BridgeDeployment;
  home: CoordinationSideInput;
  remote: CoordinationSideInput;
  log?: (m: string) => void;
}

async function mined(what: string, tx: Promise<ethers.TransactionResponse>): Promise<ethers.TransactionReceipt> {
  const receipt = await (await tx).wait();
  if (receipt?.status !== 1) throw new Error(`coordination deploy: ${what} failed`);
  return receipt;
}

async function deployContract(signer: ethers.Signer, abi: any[], bytecode: string, args: unknown[]): Promise<ethers.Contract> {
  const c = await new ethers.ContractFactory(abi, bytecode, signer).deploy(...args);
  await c.waitForDeployment();
  return c as unknown as ethers.Contract;
}

/** A CrossChainMover behind an ERC1967 proxy, initialised; bound to `signer`. */
export async function deployMover(
  signer: ethers.Signer,
  args: { management: string; guardian: string; vault: string; oft: string; dstEid: number; peerVault: string; config: MoveConfig },
): Promise<ethers.Contract> {
  const impl = loadArtifact("CrossChainMover");
  const proxy = loadArtifact("ERC1967Proxy");
  const implementation = await deployContract(signer, impl.abi, impl.bytecode, []);
  const iface = new ethers.Interface(impl.abi);
  const init = iface.encodeFunctionData("initialize", [args.management, args.guardian, args.vault, args.oft, args.dstEid, args.peerVault, args.config]);
  const deployed = await deployContract(signer, proxy.abi, proxy.bytecode, [await implementation.getAddress(), init]);
  return new ethers.Contract(await deployed.getAddress(), impl.abi, signer);
}

async function deploySide(input: CoordinationSideInput, own: BridgeSide, other: BridgeSide, otherVault: string, homeEid: number): Promise<CoordinationSide> {
  const { signer } = input;
  const me = await signer.getAddress();
  const fromBlock = await signer.provider!.getBlockNumber();
  const art = ownArtifact("ShareCoordinator");
  const coordinator = await deployContract(signer, art.abi, art.bytecode, [own.endpoint, me, homeEid]);
  const mover = await deployMover(signer, {
    management: me,
    guardian: input.guardian ?? me,
    vault: input.vault,
    oft: own.oft,
    dstEid: other.chain.eid,
    peerVault: otherVault,
    config: input.moveConfig ?? DEFAULT_MOVE_CONFIG,
  });
  const budget = input.feeBudget ?? ethers.parseEther("0.01");
  await mined("mover.setKeeper", mover.setKeeper(input.keeper, true));
  await mined("mover.setFeeBudget", mover.setFeeBudget(budget));
  const fund = input.fund ?? budget;
  if (fund > 0n) await mined("mover.fundFees", mover.fundFees({ value: fund }));
  if (input.registerModule !== false) {
    const vault = new ethers.Contract(input.vault, loadArtifact("Vault").abi, signer);
    await mined("vault.setModule(CHAIN_MOVER)", vault.setModule(CHAIN_MOVER_ROLE, await mover.getAddress()));
  }
  return { coordinator: await coordinator.getAddress(), mover: await mover.getAddress(), vault: ethers.getAddress(input.vault), fromBlock };
}

/** Wires each coordinator to the other (peer + enforced options), then hands ownership over when asked. */
async function wireCoordinator(input: CoordinationSideInput, side: CoordinationSide, other: BridgeSide, otherCoordinator: string): Promise<void> {
  const coordinator = new ethers.Contract(side.coordinator, ownArtifact("ShareCoordinator").abi, input.signer);
  await mined("coordinator.setPeer", coordinator.setPeer(other.chain.eid, addressToBytes32(otherCoordinator)));
  await mined(
    "coordinator.setEnforcedOptions",
    coordinator.setEnforcedOptions([{ eid: other.chain.eid, msgType: MSG_SHARES, options: lzReceiveOption(SHARES_LZ_RECEIVE_GAS) }]),
  );
  if (input.owner) {
    await mined("coordinator.transferOwnership", coordinator.transferOwnership(input.owner));
    const mover = new ethers.Contract(side.mover, loadArtifact("CrossChainMover").abi, input.signer);
    await mined("mover.transferManagement", mover.transferManagement(input.owner));
  }
}

/** Deploys and wires both sides (see the file's header). */
export async function deployCoordination(options: DeployCoordinationOptions): Promise<CoordinationDeployment> {
  const { bridge, home, remote } = options;
  const homeEid = bridge.home.chain.eid;
  const [homeSide, remoteSide] = await Promise.all([
    deploySide(home, bridge.home, bridge.remote, remote.vault, homeEid),
    deploySide(remote, bridge.remote, bridge.home, home.vault, homeEid),
  ]);
  await Promise.all([
    wireCoordinator(home, homeSide, bridge.remote, remoteSide.coordinator),
    wireCoordinator(remote, remoteSide, bridge.home, homeSide.coordinator),
  ]);
  options.log?.(`coordination home coordinator ${homeSide.coordinator} mover ${homeSide.mover} ⇄ remote coordinator ${remoteSide.coordinator} mover ${remoteSide.mover}`);
  return { home: homeSide, remote: remoteSide, sharesLzReceiveGas: SHARES_LZ_RECEIVE_GAS.toString() };
}
