/**
 * Block → indexed latency, sampled from outside: every `intervalMs` the chain's head (eth_blockNumber)
 * and graph-node's latest indexed block are read; a block's latency is the time from the first sample
 * that saw it on the chain to the first sample that saw graph-node past it. Resolution: one interval.
 */
import { jsonRpc } from "@lotgraph/stack";

export interface IndexedStatusSource {
  indexingStatus(): Promise<{ chains: { latestBlock: { number: string } | null }[] } | undefined>;
}

export interface LatencySummary {
  blocks: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** blocks that waited more than 5 s */
  over5s: number;
}

export class IndexLatencySampler {
  private readonly seenOnChain = new Map<number, number>();
  private readonly latencies: number[] = [];
  private indexed = -1;
  private head = -1;
  private first = true;
  private running = false;
  private loop?: Promise<void>;

  constructor(
    private readonly rpcUrl: string,
    private readonly graphNode: IndexedStatusSource,
    private readonly intervalMs = 25,
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<LatencySummary> {
    this.running = false;
    await this.loop;
    return summarise(this.latencies);
  }

  private async run(): Promise<void> {
    while (this.running) {
      const [head, status] = await Promise.all([
        jsonRpc<string>(this.rpcUrl, "eth_blockNumber").then(Number, () => -1),
        this.graphNode.indexingStatus().catch(() => undefined),
      ]);
      const now = performance.now();
      const latest = Number(status?.chains[0]?.latestBlock?.number ?? -1);
      if (this.first) {
        // blocks from before the sampler started are not measured
        if (head >= 0 && latest >= 0) [this.head, this.indexed, this.first] = [head, latest, false];
      } else {
        for (let n = this.head + 1; n <= head; n++) this.seenOnChain.set(n, now);
        if (head > this.head) this.head = head;
        for (let n = this.indexed + 1; n <= latest; n++) {
          const mined = this.seenOnChain.get(n);
          if (mined !== undefined) this.latencies.push(now - mined);
          this.seenOnChain.delete(n);
        }
        if (latest > this.indexed) this.indexed = latest;
      }
      await new Promise((r) => setTimeout(r, this.intervalMs));
    }
  }
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function summarise(latencies: number[]): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    blocks: sorted.length,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.length ? sorted[sorted.length - 1] : NaN,
    over5s: sorted.filter((l) => l > 5_000).length,
  };
}
