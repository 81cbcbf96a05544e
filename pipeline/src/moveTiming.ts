/**
 * How long a vault's cross-chain move takes to land, measured on the running stack (wall clock):
 * - send → delivery, for every move: from the keeper's `move` receipt to the relayer seeing its delivery mined
 *   (the relayer's own record, so measuring costs the run nothing);
 * - send → indexed, for the first move only: until the sending chain's graph-node serves the transfer's sending
 *   side and the receiving chain's its receiving side (polled, so the job waits for it once).
 */

/** What the timer reads of the relayer: the deliveries it made, with the wall-clock ms each was seen mined. */
export interface DeliveryRecord {
  delivered: readonly { packet: { guid: string }; deliveredAt: number }[];
}

/** A graph-node serving the subgraph of one chain. */
export interface SubgraphQuery {
  query<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

const INDEXED_TIMEOUT_MS = 60_000;
const POLL_MS = 50;

const SIDE_QUERY = "query($id: Bytes!) { bridgeTransfer(id: $id) { sentTransactionHash receivedTransactionHash } }";

type Side = "sent" | "received";

export class MoveTimer {
  private readonly sentAt = new Map<string, number>();
  private firstTraced = false;

  constructor(
    private readonly relayer: DeliveryRecord,
    private readonly graphNodes: { sending: (srcEid: number) => SubgraphQuery; receiving: (srcEid: number) => SubgraphQuery },
    private readonly log: (m: string) => void,
  ) {}

  /** Records a move's send; the first one is followed until both chains' graph-nodes serve its sides. */
  async sent(guid: string, srcEid: number, at = Date.now()): Promise<void> {
    this.sentAt.set(guid.toLowerCase(), at);
    if (this.firstTraced) return;
    this.firstTraced = true;
    const [sending, receiving] = await Promise.all([
      this.indexed(this.graphNodes.sending(srcEid), guid, "sent"),
      this.indexed(this.graphNodes.receiving(srcEid), guid, "received"),
    ]);
    const delivered = this.deliveryMs(guid);
    this.log(
      `allocation move ${guid.slice(0, 10)}… timed: delivered ${delivered === undefined ? "(not yet)" : `${delivered} ms`} after its send; ` +
        `indexed ${ms(sending)} after it on the sending chain, ${ms(receiving)} on the receiving chain`,
    );
  }

  /** send → delivery of each move the relayer has delivered, in ms. */
  deliveries(): number[] {
    const out: number[] = [];
    for (const guid of this.sentAt.keys()) {
      const d = this.deliveryMs(guid);
      if (d !== undefined) out.push(d);
    }
    return out;
  }

  summary(): string {
    const d = this.deliveries().sort((a, b) => a - b);
    if (this.sentAt.size === 0) return "no move sent";
    if (d.length === 0) return `${this.sentAt.size} moves, none delivered yet`;
    return `${d.length}/${this.sentAt.size} moves delivered, send → delivery min ${d[0]} ms, median ${d[(d.length - 1) >> 1]} ms, max ${d[d.length - 1]} ms`;
  }

  private deliveryMs(guid: string): number | undefined {
    const sent = this.sentAt.get(guid.toLowerCase());
    const delivery = this.relayer.delivered.find((x) => x.packet.guid.toLowerCase() === guid.toLowerCase());
    return sent === undefined || delivery === undefined ? undefined : Math.max(0, delivery.deliveredAt - sent);
  }

  /** ms from the send until `node` serves the transfer's `side`; undefined when it did not within the timeout. */
  private async indexed(node: SubgraphQuery, guid: string, side: Side): Promise<number | undefined> {
    const sent = this.sentAt.get(guid.toLowerCase())!;
    while (Date.now() - sent < INDEXED_TIMEOUT_MS) {
      const data = await node.query<{ bridgeTransfer: Record<string, string | null> | null }>(SIDE_QUERY, { id: guid.toLowerCase() });
      if (data.bridgeTransfer?.[`${side}TransactionHash`]) return Date.now() - sent;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    return undefined;
  }
}

const ms = (x: number | undefined) => (x === undefined ? `(not within ${INDEXED_TIMEOUT_MS / 1000} s)` : `${x} ms`);
