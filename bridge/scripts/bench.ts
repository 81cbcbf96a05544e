/**
 * Bridge figures on two local anvil chains: gas of each leg (send on the source; verify, commit and
 * lzReceive on the destination) and the wall time from a send being mined to its delivery being mined,
 * with the relayer polling. Prints medians and maxima.
 *
 *   npm run bench -w bridge                 # 5 transfers each way, relayer polling every 250 ms and 1,000 ms
 *   BRIDGE_BENCH_TRANSFERS=10 npm run bench -w bridge
 */
import { Relayer, type Delivery } from "../src/relayer";
import { sendStablecoin, type SentTransfer } from "../src/transfer";
import { startTwoChains, type TwoChains } from "../test/support/twoChains";

const TRANSFERS = Number(process.env.BRIDGE_BENCH_TRANSFERS ?? 5);
const POLLS = [250, 1_000];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const max = (xs: number[]) => Math.max(...xs);

interface Leg {
  direction: string;
  sent: SentTransfer;
  delivery: Delivery;
  latencyMs: number;
}

async function oneTransfer(c: TwoChains, relayer: Relayer, outbound: boolean): Promise<Leg> {
  const [from, to] = outbound ? [c.deployment.home, c.deployment.remote] : [c.deployment.remote, c.deployment.home];
  const signer = outbound ? c.home.user : c.l2.user;
  const recipient = await (outbound ? c.l2.user : c.home.user).getAddress();
  let resolveDelivery!: (d: Delivery) => void;
  const arrived = new Promise<Delivery>((resolve) => (resolveDelivery = resolve));
  let guid = "";
  const early: Delivery[] = [];
  relayer.onDelivered = (d: Delivery) => (d.packet.guid === guid ? resolveDelivery(d) : early.push(d));
  const sent = await sendStablecoin(from, to, signer, recipient, 1_000_000n);
  const minedAt = Date.now();
  guid = sent.guid;
  const already = early.find((d) => d.packet.guid === guid) ?? relayer.delivered.find((d) => d.packet.guid === guid);
  const delivery = already ?? (await arrived);
  return { direction: outbound ? "home→l2" : "l2→home", sent, delivery, latencyMs: delivery.deliveredAt - minedAt };
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const c = await startTwoChains();
  process.stdout.write(`two anvil chains up and the bridge deployed in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  try {
    for (const pollMs of POLLS) {
      const relayer = c.relayer({ pollMs });
      relayer.start();
      const legs: Leg[] = [];
      try {
        for (let i = 0; i < TRANSFERS; i++) {
          legs.push(await oneTransfer(c, relayer, true));
          legs.push(await oneTransfer(c, relayer, false));
        }
      } finally {
        await relayer.stop();
      }
      process.stdout.write(`\nrelayer polling every ${pollMs} ms, ${TRANSFERS} transfers each way (1 USDC each):\n`);
      for (const direction of ["home→l2", "l2→home"]) {
        const ds = legs.filter((l) => l.direction === direction);
        const gas = (step: string) => ds.map((l) => Number(l.delivery.steps.find((s) => s.step === step)!.gasUsed));
        const latency = ds.map((l) => l.latencyMs);
        process.stdout.write(
          `  ${direction}: send mined → delivery mined median ${median(latency)} ms, max ${max(latency)} ms; gas median: ` +
            `send ${median(ds.map((l) => Number(l.sent.gasUsed)))}` +
            (direction === "home→l2" ? ` (+ approve ${median(ds.map((l) => Number(l.sent.approveGasUsed)))})` : "") +
            `, verify ${median(gas("verify"))}, commit ${median(gas("commit"))}, lzReceive ${median(gas("deliver"))}\n`,
        );
      }
    }
  } finally {
    await c.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
