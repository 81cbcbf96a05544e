/**
 * Deploys the stablecoin bridge on two chains: on each, LayerZero V2's EndpointV2 with the ULN302 send
 * and receive libraries as its defaults towards the other chain, and the relayer's worker as the
 * send-side DVN and executor; the home chain's stablecoin gets an OFT adapter (lock / release), the other
 * chain a bridged OFT (mint / burn); each is the other's peer, with an enforced lzReceive gas option.
 */
import fs from "node:fs";
import path from "node:path";
import { ethers } from "ethers";
import { layerZeroArtifact, ownArtifact, type LayerZeroContract, type OwnContract } from "./artifacts";
import { addressToBytes32, type BridgeChain } from "./chains";
import { lzReceiveOption } from "./packet";

/** The bridge's contracts on one chain. */
export interface BridgeSide {
  chain: BridgeChain;
  endpoint: string;
  sendLibrary: string;
  receiveLibrary: string;
  /** RelayerWorker: the send library's DVN and executor for packets leaving this chain. */
  worker: string;
  /** The OApp: StablecoinOFTAdapter on the home chain, BridgedStablecoin on the other. */
  oft: string;
  /** The ERC-20 users hold on this chain: the home stablecoin, or the bridged OFT itself. */
  token: string;
  /** The first block that holds bridge contracts (the relayer scans from here). */
  fromBlock: number;
}

export interface BridgeDeployment {
  home: BridgeSide;
  remote: BridgeSide;
  /** The relayer's key: the required DVN of both receive libraries (it signs `verify` on the destination). */
  relayer: string;
  /** Gas the receiver's lzReceive gets, enforced on every transfer (options type 3, executor option). */
  lzReceiveGas: string;
  /** The relayer's fees (wei per packet) on each chain. */
  fees: { verify: string; delivery: string };
}

export interface BridgeSideInput {
  chain: BridgeChain;
  /** The deployer: owner of the endpoint, libraries, worker and OApp. */
  signer: ethers.Signer;
}

export interface DeployBridgeOptions {
  home: BridgeSideInput & { /** the home chain's stablecoin (6 decimals) */ stablecoin: string };
  remote: BridgeSideInput;
  /** The relayer's address (same key on both chains). */
  relayer: string;
  /** wei per packet for each job; default 0.0001 ETH verify, 0.0002 ETH delivery. */
  fees?: { verify: bigint; delivery: bigint };
  /** Gas for the receiver's lzReceive; default 100,000 (an OFT credit uses ~50,000). */
  lzReceiveGas?: bigint;
  /** Write the deployment here as JSON. */
  file?: string;
  log?: (m: string) => void;
}

/** The OFT's send message type (OFTCore.SEND), for enforced options. */
const OFT_SEND = 1;
/** Blocks the relayer reports having waited (local chains do not reorganise). */
export const CONFIRMATIONS = 1n;
/** Largest message the executor carries (bytes); an OFT transfer without compose is 40. */
const MAX_MESSAGE_SIZE = 10_000;
export const DEFAULT_FEES = { verify: ethers.parseEther("0.0001"), delivery: ethers.parseEther("0.0002") };
export const DEFAULT_LZ_RECEIVE_GAS = 100_000n;

async function deploy(signer: ethers.Signer, artifact: { abi: any[]; bytecode: string; contractName: string }, args: unknown[]): Promise<ethers.Contract> {
  const factory = new ethers.ContractFactory(artifact.abi, artifact.bytecode, signer);
  const contract = await factory.deploy(...args);
  await contract.waitForDeployment();
  return contract as unknown as ethers.Contract;
}

const deployLayerZero = (signer: ethers.Signer, name: LayerZeroContract, args: unknown[]) => deploy(signer, layerZeroArtifact(name), args);
const deployOwn = (signer: ethers.Signer, name: OwnContract, args: unknown[]) => deploy(signer, ownArtifact(name), args);

async function send(what: string, tx: Promise<ethers.ContractTransactionResponse>): Promise<void> {
  const receipt = await (await tx).wait();
  if (receipt?.status !== 1) throw new Error(`bridge deploy: ${what} failed`);
}

/** ULN302 configuration with one required DVN. */
function ulnConfig(dvn: string) {
  return { confirmations: CONFIRMATIONS, requiredDVNCount: 1, optionalDVNCount: 0, optionalDVNThreshold: 0, requiredDVNs: [dvn], optionalDVNs: [] };
}

interface Messaging {
  endpoint: ethers.Contract;
  sendLibrary: ethers.Contract;
  receiveLibrary: ethers.Contract;
  worker: ethers.Contract;
  fromBlock: number;
}

/** Endpoint + ULN302 libraries + worker on one chain, wired as the defaults towards `remote`. */
async function deployMessaging(side: BridgeSideInput, remote: BridgeChain, relayer: string, fees: { verify: bigint; delivery: bigint }): Promise<Messaging> {
  const { signer, chain } = side;
  const owner = await signer.getAddress();
  const fromBlock = await signer.provider!.getBlockNumber();
  const endpoint = await deployLayerZero(signer, "EndpointV2", [chain.eid, owner]);
  const endpointAddress = await endpoint.getAddress();
  // Treasury gas settings only matter once a treasury is set; the bridge has none (no protocol fee).
  const sendLibrary = await deployLayerZero(signer, "SendUln302", [endpointAddress, 0, 0]);
  const receiveLibrary = await deployLayerZero(signer, "ReceiveUln302", [endpointAddress]);
  const worker = await deployOwn(signer, "RelayerWorker", [await sendLibrary.getAddress(), owner, fees.verify, fees.delivery]);
  const [sendAddress, receiveAddress, workerAddress] = await Promise.all([sendLibrary.getAddress(), receiveLibrary.getAddress(), worker.getAddress()]);

  await send("worker.setDestination", worker.setDestination(remote.eid, true));
  await send("endpoint.registerLibrary(send)", endpoint.registerLibrary(sendAddress));
  await send("endpoint.registerLibrary(receive)", endpoint.registerLibrary(receiveAddress));
  await send("sendLibrary.setDefaultUlnConfigs", sendLibrary.setDefaultUlnConfigs([{ eid: remote.eid, config: ulnConfig(workerAddress) }]));
  await send(
    "sendLibrary.setDefaultExecutorConfigs",
    sendLibrary.setDefaultExecutorConfigs([{ eid: remote.eid, config: { maxMessageSize: MAX_MESSAGE_SIZE, executor: workerAddress } }]),
  );
  await send("receiveLibrary.setDefaultUlnConfigs", receiveLibrary.setDefaultUlnConfigs([{ eid: remote.eid, config: ulnConfig(relayer) }]));
  await send("endpoint.setDefaultSendLibrary", endpoint.setDefaultSendLibrary(remote.eid, sendAddress));
  await send("endpoint.setDefaultReceiveLibrary", endpoint.setDefaultReceiveLibrary(remote.eid, receiveAddress, 0));
  return { endpoint, sendLibrary, receiveLibrary, worker, fromBlock };
}

async function sideOf(chain: BridgeChain, m: Messaging, oft: ethers.Contract, token: string): Promise<BridgeSide> {
  return {
    chain,
    endpoint: await m.endpoint.getAddress(),
    sendLibrary: await m.sendLibrary.getAddress(),
    receiveLibrary: await m.receiveLibrary.getAddress(),
    worker: await m.worker.getAddress(),
    oft: await oft.getAddress(),
    token,
    fromBlock: m.fromBlock,
  };
}

/** Deploys and wires the bridge on both chains (see the file's header); writes `file` when given. */
export async function deployBridge(options: DeployBridgeOptions): Promise<BridgeDeployment> {
  const log = options.log ?? (() => {});
  const fees = options.fees ?? DEFAULT_FEES;
  const gas = options.lzReceiveGas ?? DEFAULT_LZ_RECEIVE_GAS;
  const { home, remote, relayer } = options;
  if (home.chain.eid === remote.chain.eid) throw new Error(`deployBridge: both chains have endpoint id ${home.chain.eid}`);
  const decimals = await new ethers.Contract(home.stablecoin, ["function decimals() view returns (uint8)"], home.signer).decimals();
  if (decimals !== 6n) throw new Error(`deployBridge: the home stablecoin ${home.stablecoin} has ${decimals} decimals; the bridged OFT has 6`);

  const [homeMessaging, remoteMessaging] = await Promise.all([
    deployMessaging(home, remote.chain, relayer, fees),
    deployMessaging(remote, home.chain, relayer, fees),
  ]);
  const [adapter, oft] = await Promise.all([
    deployOwn(home.signer, "StablecoinOFTAdapter", [home.stablecoin, await homeMessaging.endpoint.getAddress(), await home.signer.getAddress()]),
    deployOwn(remote.signer, "BridgedStablecoin", ["USD Coin (bridged)", "USDC", await remoteMessaging.endpoint.getAddress(), await remote.signer.getAddress()]),
  ]);
  const options3 = lzReceiveOption(gas);
  await Promise.all([
    (async () => {
      await send("adapter.setPeer", adapter.setPeer(remote.chain.eid, addressToBytes32(await oft.getAddress())));
      await send("adapter.setEnforcedOptions", adapter.setEnforcedOptions([{ eid: remote.chain.eid, msgType: OFT_SEND, options: options3 }]));
    })(),
    (async () => {
      await send("oft.setPeer", oft.setPeer(home.chain.eid, addressToBytes32(await adapter.getAddress())));
      await send("oft.setEnforcedOptions", oft.setEnforcedOptions([{ eid: home.chain.eid, msgType: OFT_SEND, options: options3 }]));
    })(),
  ]);

  const deployment: BridgeDeployment = {
    home: await sideOf(home.chain, homeMessaging, adapter, home.stablecoin),
    remote: await sideOf(remote.chain, remoteMessaging, oft, await oft.getAddress()),
    relayer: ethers.getAddress(relayer),
    lzReceiveGas: gas.toString(),
    fees: { verify: fees.verify.toString(), delivery: fees.delivery.toString() },
  };
  log(`bridge     ${home.chain.name} (eid ${home.chain.eid}) adapter ${deployment.home.oft} ⇄ ${remote.chain.name} (eid ${remote.chain.eid}) OFT ${deployment.remote.oft}`);
  if (options.file) {
    fs.mkdirSync(path.dirname(options.file), { recursive: true });
    fs.writeFileSync(options.file, `${JSON.stringify(deployment, null, 2)}\n`);
  }
  return deployment;
}

/** Reads a deployment written by `deployBridge({ file })`, naming the file and field that are wrong. */
export function readBridgeDeployment(file: string): BridgeDeployment {
  let parsed: BridgeDeployment;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`bridge deployment ${file}: ${(err as Error).message}`);
  }
  for (const side of ["home", "remote"] as const) {
    for (const key of ["endpoint", "sendLibrary", "receiveLibrary", "worker", "oft", "token"] as const) {
      if (!ethers.isAddress(parsed?.[side]?.[key])) throw new Error(`bridge deployment ${file}: ${side}.${key} is not an address`);
    }
  }
  if (!ethers.isAddress(parsed.relayer)) throw new Error(`bridge deployment ${file}: relayer is not an address`);
  return parsed;
}
