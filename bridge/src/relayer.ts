/**
 * The relayer: the DVN and executor of the bridge's ULN302 path, in one process of ours. It watches the
 * endpoint's `PacketSent` on each chain and takes every packet bound for the other chain through the
 * three steps LayerZero V2 requires there:
 *
 *   verify   ReceiveUln302.verify(header, payloadHash, confirmations), sent with the relayer's key (the
 *            receive library's required DVN);
 *   commit   ReceiveUln302.commitVerification(header, payloadHash): the library checks the DVN's
 *            verification and calls EndpointV2.verify, which stores the payload hash (`PacketVerified`);
 *   deliver  EndpointV2.lzReceive(origin, receiver, guid, message, ""): the endpoint clears the stored hash
 *            and calls the OApp (`PacketDelivered`; the OFT emits `OFTReceived` with the same guid).
 *
 * The relayer keeps no state of its own that matters: before each step it reads the packet's state on the
 * destination chain (`packetState`) and does only the next step. So it can stop at any point (between two
 * steps, mid-way through a batch) and a new relayer, started later from the bridge's first block, finishes
 * what was left and never delivers a packet twice; the endpoint refuses a second delivery in any case.
 * A step that reverts (a path the OApp does not accept yet, a receiver that reverts) leaves the packet
 * pending: it is retried on every pass and reported in `failures` until it goes through.
 */
import { ethers } from "ethers";
import { layerZeroArtifact, ownArtifact } from "./artifacts";
import type { BridgeDeployment, BridgeSide } from "./deploy";
import { decodePacket, executorLzReceive, type Packet } from "./packet";

/** Where a packet stands on its destination chain. */
export type PacketState = "sent" | "verified" | "committed" | "delivered";

/**
 * One chain as the relayer sees it: a provider to read and the relayer's key to send. The relayer sends
 * one transaction at a time, so a plain wallet is right (no nonce manager to fall out of step).
 */
export interface RelayerChain {
  provider: ethers.Provider;
  signer: ethers.Signer;
}

/** A packet seen in `PacketSent` on its source chain. */
export interface SentPacket extends Packet {
  /** Executor options the OApp sent (enforced + caller's). */
  options: string;
  lzReceiveGas: bigint;
  lzReceiveValue: bigint;
  sourceBlock: number;
  sourceTx: string;
}

/** The transactions the relayer sent for one packet, with their gas. */
export interface DeliveryStep {
  step: "verify" | "commit" | "deliver";
  tx: string;
  gasUsed: bigint;
  block: number;
}

export interface Delivery {
  packet: SentPacket;
  steps: DeliveryStep[];
  /** Wall-clock ms at which the relayer saw the delivery mined. */
  deliveredAt: number;
}

export interface RelayerFailure {
  guid: string;
  nonce: bigint;
  srcEid: number;
  step: DeliveryStep["step"];
  reason: string;
}

export interface RelayerOptions {
  deployment: BridgeDeployment;
  home: RelayerChain;
  remote: RelayerChain;
  /** Poll interval in ms (default 250). */
  pollMs?: number;
  /** Largest block range per log query (default 2,000). */
  maxBlockRange?: number;
  log?: (m: string) => void;
  onDelivered?: (delivery: Delivery) => void;
}

const ENDPOINT_ABI = layerZeroArtifact("EndpointV2").abi;
const RECEIVE_LIBRARY_ABI = layerZeroArtifact("ReceiveUln302").abi;
/** Every custom error a step can revert with: the endpoint's, the receive library's and the OFTs'. */
const STEP_ERRORS = new ethers.Interface(
  dedupeErrors([...ENDPOINT_ABI, ...RECEIVE_LIBRARY_ABI, ...ownArtifact("BridgedStablecoin").abi, ...ownArtifact("StablecoinOFTAdapter").abi]),
);

function dedupeErrors(abi: any[]): any[] {
  const seen = new Set<string>();
  return abi.filter((f) => f.type === "error" && !seen.has(ethers.ErrorFragment.from(f).format()) && seen.add(ethers.ErrorFragment.from(f).format()));
}

/** One direction of the bridge: packets sent on `source`, delivered on `destination`. */
class Lane {
  /** The highest source block whose packets have all been seen. */
  private scannedTo: number;
  /** Packets seen but not delivered yet, by guid (in nonce order of arrival). */
  private readonly pending = new Map<string, SentPacket>();
  private readonly sourceEndpoint: ethers.Contract;
  private readonly endpoint: ethers.Contract;
  private readonly receiveLibrary: ethers.Contract;

  constructor(
    readonly source: BridgeSide,
    private readonly sourceChain: RelayerChain,
    readonly destination: BridgeSide,
    private readonly destinationChain: RelayerChain,
    private readonly relayerAddress: string,
    private readonly maxBlockRange: number,
  ) {
    this.scannedTo = source.fromBlock - 1;
    this.sourceEndpoint = new ethers.Contract(source.endpoint, ENDPOINT_ABI, sourceChain.provider);
    this.endpoint = new ethers.Contract(destination.endpoint, ENDPOINT_ABI, destinationChain.signer);
    this.receiveLibrary = new ethers.Contract(destination.receiveLibrary, RECEIVE_LIBRARY_ABI, destinationChain.signer);
  }

  get name(): string {
    return `${this.source.chain.name}→${this.destination.chain.name}`;
  }

  get pendingPackets(): SentPacket[] {
    return [...this.pending.values()];
  }

  /** Reads `PacketSent` logs up to the source chain's head and queues the packets bound for the destination. */
  async scan(): Promise<number> {
    const head = await this.sourceChain.provider.getBlockNumber();
    let found = 0;
    while (this.scannedTo < head) {
      const from = this.scannedTo + 1;
      const to = Math.min(head, from + this.maxBlockRange - 1);
      const logs = await this.sourceEndpoint.queryFilter(this.sourceEndpoint.filters.PacketSent(), from, to);
      for (const log of logs) {
        const packet = sentPacket(log as ethers.EventLog);
        if (packet.dstEid !== this.destination.chain.eid || packet.srcEid !== this.source.chain.eid) continue;
        if (!this.pending.has(packet.guid)) {
          this.pending.set(packet.guid, packet);
          found++;
        }
      }
      this.scannedTo = to;
    }
    return found;
  }

  /** Where `packet` stands on the destination chain, read from the endpoint and the receive library. */
  async state(packet: Packet): Promise<PacketState> {
    const { receiver, srcEid, sender, nonce, payloadHash, header } = packet;
    const stored: string = await this.endpoint.inboundPayloadHash(receiver, srcEid, sender, nonce);
    if (stored === payloadHash) return "committed";
    const lazyNonce: bigint = await this.endpoint.lazyInboundNonce(receiver, srcEid, sender);
    if (stored === ethers.ZeroHash && nonce <= lazyNonce) return "delivered";
    const verification = await this.receiveLibrary.hashLookup(ethers.keccak256(header), payloadHash, this.relayerAddress);
    return verification.submitted ? "verified" : "sent";
  }

  /** Takes one packet as far as it goes; returns the steps sent, or throws with the step that failed. */
  async advance(packet: SentPacket, onlyOneStep = false): Promise<{ steps: DeliveryStep[]; state: PacketState }> {
    const steps: DeliveryStep[] = [];
    for (;;) {
      const state = await this.state(packet);
      if (state === "delivered" || (onlyOneStep && steps.length > 0)) return { steps, state };
      const step: DeliveryStep["step"] = state === "sent" ? "verify" : state === "verified" ? "commit" : "deliver";
      try {
        steps.push(await this.send(step, packet));
      } catch (err) {
        throw Object.assign(new Error(`${this.name} nonce ${packet.nonce} ${step}: ${reason(err)}`), { step, steps });
      }
    }
  }

  /**
   * Sends one step. It is simulated first (`staticCall`), so a step that would revert fails with its reason
   * before any transaction is signed: no gas is spent and the key's nonce does not move.
   */
  private async send(step: DeliveryStep["step"], packet: SentPacket): Promise<DeliveryStep> {
    let method: ethers.BaseContractMethod;
    let args: unknown[];
    if (step === "verify") {
      const head = await this.sourceChain.provider.getBlockNumber();
      method = this.receiveLibrary.verify;
      args = [packet.header, packet.payloadHash, BigInt(head - packet.sourceBlock + 1)];
    } else if (step === "commit") {
      method = this.receiveLibrary.commitVerification;
      args = [packet.header, packet.payloadHash];
    } else {
      const origin = { srcEid: packet.srcEid, sender: packet.sender, nonce: packet.nonce };
      method = this.endpoint.lzReceive;
      args = [origin, packet.receiver, packet.guid, packet.message, "0x", { value: packet.lzReceiveValue }];
    }
    await method.staticCall(...args);
    const tx = (await method.send(...args)) as ethers.ContractTransactionResponse;
    const receipt = await tx.wait();
    if (!receipt || receipt.status !== 1) throw new Error(`${step} transaction ${tx.hash} reverted`);
    return { step, tx: receipt.hash, gasUsed: receipt.gasUsed, block: receipt.blockNumber };
  }

  forget(guid: string): void {
    this.pending.delete(guid);
  }
}

function sentPacket(log: ethers.EventLog): SentPacket {
  const [encodedPayload, options] = log.args as unknown as [string, string, string];
  const packet = decodePacket(encodedPayload);
  const { gas, value } = executorLzReceive(options);
  return { ...packet, options, lzReceiveGas: gas, lzReceiveValue: value, sourceBlock: log.blockNumber, sourceTx: log.transactionHash };
}

function reason(err: unknown): string {
  const e = err as { shortMessage?: string; message?: string; data?: string; revert?: { name: string; args: unknown[] } };
  if (e.revert) return `${e.revert.name}(${e.revert.args.join(", ")})`;
  const decoded = e.data && e.data !== "0x" ? STEP_ERRORS.parseError(e.data) : null;
  if (decoded) return `${decoded.name}(${decoded.args.join(", ")})`;
  return e.shortMessage ?? e.message ?? String(err);
}

/** The relayer process (see the file's header). `runOnce` is one pass; `start` polls until `stop`. */
export class Relayer {
  readonly lanes: Lane[];
  readonly delivered: Delivery[] = [];
  /** The last failure of each packet still pending, by guid. */
  readonly failures = new Map<string, RelayerFailure>();
  /** Called for each delivery as it is mined (starts as `options.onDelivered`). */
  onDelivered?: (delivery: Delivery) => void;
  private readonly options: RelayerOptions;
  private loop?: Promise<void>;
  private running = false;
  private wake?: () => void;

  constructor(options: RelayerOptions) {
    this.options = options;
    this.onDelivered = options.onDelivered;
    const { deployment, home, remote } = options;
    const range = options.maxBlockRange ?? 2_000;
    this.lanes = [
      new Lane(deployment.home, home, deployment.remote, remote, deployment.relayer, range),
      new Lane(deployment.remote, remote, deployment.home, home, deployment.relayer, range),
    ];
  }

  /** Scans both chains and advances every pending packet once; returns the deliveries this pass made. */
  async runOnce(): Promise<Delivery[]> {
    const made: Delivery[] = [];
    for (const lane of this.lanes) {
      await lane.scan();
      const pending = lane.pendingPackets.sort((a, b) => (a.nonce < b.nonce ? -1 : a.nonce > b.nonce ? 1 : 0));
      for (const packet of pending) {
        try {
          const { steps, state } = await lane.advance(packet);
          if (state !== "delivered") continue;
          lane.forget(packet.guid);
          this.failures.delete(packet.guid);
          if (steps.length === 0) continue; // delivered before this relayer looked (an earlier run)
          const delivery: Delivery = { packet, steps, deliveredAt: Date.now() };
          this.delivered.push(delivery);
          made.push(delivery);
          this.options.log?.(`relayer    ${lane.name} nonce ${packet.nonce} delivered (guid ${packet.guid.slice(0, 10)}…)`);
          this.onDelivered?.(delivery);
        } catch (err) {
          const failure: RelayerFailure = {
            guid: packet.guid,
            nonce: packet.nonce,
            srcEid: packet.srcEid,
            step: (err as { step?: DeliveryStep["step"] }).step ?? "verify",
            reason: (err as Error).message,
          };
          this.failures.set(packet.guid, failure);
          this.options.log?.(`relayer    ${failure.reason} (retried next pass)`);
        }
      }
    }
    return made;
  }

  /** Packets seen and not delivered yet, on both lanes. */
  pending(): SentPacket[] {
    return this.lanes.flatMap((lane) => lane.pendingPackets);
  }

  /** Polls every `pollMs` until `stop()`. */
  start(): void {
    if (this.running) return;
    this.running = true;
    const pollMs = this.options.pollMs ?? 250;
    this.loop = (async () => {
      while (this.running) {
        try {
          await this.runOnce();
        } catch (err) {
          this.options.log?.(`relayer    pass failed: ${reason(err)} (retried next pass)`);
        }
        if (!this.running) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    })();
  }

  /** Stops polling; resolves once the pass under way has finished. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }
}
