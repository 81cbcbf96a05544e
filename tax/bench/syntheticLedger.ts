import { createWriteStream } from "node:fs";

/** A small seeded PRNG (mulberry32) so every run writes the same ledger. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticSpec {
  events: number;
  wallets: number;
  assets: number;
  seed: number;
}

/**
 * Writes a ledger CSV of buys, income and sales over three years, every wallet trading every asset at
 * random (the first benchmark ledger; see portfolioLedger.ts for the realistic one). Sales never exceed what the wallet
 * holds (holdings are tracked in integer micro-units), and prices follow a random walk, so losses,
 * gains and wash-sale windows all occur.
 */
export async function writeSyntheticLedger(file: string, spec: SyntheticSpec): Promise<void> {
  const rand = prng(spec.seed);
  const out = createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r())));
  await write("date,wallet,asset,action,quantity,price,fee,tx\n");
  const prices = Array.from({ length: spec.assets }, () => 1 + rand() * 3000);
  const held = new Map<string, number>(); // micro-units
  const start = Date.UTC(2022, 0, 1);
  const span = 3 * 365 * 86_400_000;
  let buf = "";
  for (let i = 0; i < spec.events; i++) {
    const time = new Date(start + Math.floor((i / spec.events) * span)).toISOString().slice(0, 19) + "Z";
    const w = Math.floor(rand() * spec.wallets);
    const a = Math.floor(rand() * spec.assets);
    prices[a] = Math.max(0.01, prices[a] * (1 + (rand() - 0.5) * 0.04));
    const key = `${w}:${a}`;
    const have = held.get(key) ?? 0;
    const r = rand();
    let action: string;
    let micro: number;
    if (have > 0 && r < 0.4) {
      action = "sell";
      micro = Math.max(1, Math.floor(have * (0.1 + rand() * 0.9)));
      held.set(key, have - micro);
    } else {
      action = r < 0.9 ? "buy" : "income";
      micro = 1 + Math.floor(rand() * 5_000_000);
      held.set(key, have + micro);
    }
    const qty = (micro / 1e6).toFixed(6);
    const fee = action === "income" ? "0" : (rand() * 5).toFixed(2);
    const tx = `0x${(i + 1).toString(16).padStart(64, "0")}:${i % 7}`;
    buf += `${time},wallet${w},ASSET${a},${action},${qty},${prices[a].toFixed(4)},${fee},${tx}\n`;
    if (buf.length > 1 << 16) {
      await write(buf);
      buf = "";
    }
  }
  await write(buf);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}
