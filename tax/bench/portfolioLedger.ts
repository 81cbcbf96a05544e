import { createWriteStream } from "node:fs";
import { prng, type SyntheticSpec } from "./syntheticLedger";

/**
 * Writes a ledger CSV shaped like the portfolios lotgraph runs: each wallet (a vault) holds its own
 * basket of 8–14 of the assets (popular ones shared by many wallets) at target weights and
 *
 * - rebalances: every asset more than 0.5 % of the wallet's value off its target weight is bought or
 *   sold back to target (so sales are mostly of assets that rose, purchases of assets that fell);
 * - harvests: yield paid in one of the wallet's 1–2 reward assets, booked as income at FMV;
 * - takes deposits (new money spread over the basket at target weights) and pays out withdrawals
 *   (5–30 % of every position sold).
 *
 * Prices trend: a daily geometric Brownian motion per asset over three years with its own drift
 * (−40 % … +80 % a year) and volatility (40 % … 110 % a year), plus a little intraday noise. Sales
 * never exceed what the wallet holds (holdings tracked in integer micro-units). Same seed, same file.
 */
export async function writePortfolioLedger(file: string, spec: SyntheticSpec): Promise<void> {
  const rand = prng(spec.seed);
  const gauss = () => {
    const u = Math.max(rand(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
  const DAYS = 3 * 365;
  const start = Date.UTC(2022, 0, 1);
  const span = DAYS * 86_400_000;

  // daily price paths
  const paths: Float64Array[] = [];
  for (let a = 0; a < spec.assets; a++) {
    const drift = -0.4 + rand() * 1.2;
    const vol = 0.4 + rand() * 0.7;
    const p = new Float64Array(DAYS + 1);
    p[0] = 1 + rand() * 3000;
    const dt = 1 / 365;
    for (let d = 1; d <= DAYS; d++) p[d] = p[d - 1] * Math.exp((drift - (vol * vol) / 2) * dt + vol * Math.sqrt(dt) * gauss());
    paths.push(p);
  }
  // baskets: popularity falls with the asset index, so low indices are held by many wallets; every
  // asset is in at least one basket
  const baskets = Array.from({ length: spec.wallets }, (_, w) => {
    const size = 8 + Math.floor(rand() * 7);
    const chosen = new Set<number>();
    for (let a = w; a < spec.assets; a += spec.wallets) chosen.add(a);
    while (chosen.size < Math.min(size, spec.assets)) chosen.add(Math.floor(spec.assets * rand() * rand()));
    const assets = [...chosen];
    const raw = assets.map(() => 0.5 + rand());
    const sum = raw.reduce((x, y) => x + y, 0);
    const rewards = assets.slice(0, 1 + Math.floor(rand() * 2));
    return { assets, weights: raw.map((x) => x / sum), rewards, held: new Float64Array(assets.length) /* micro-units */ };
  });

  const out = createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r())));
  await write("date,wallet,asset,action,quantity,price,fee,tx\n");
  let buf = "";
  let n = 0;
  let time = "";
  const emit = (w: number, asset: number, action: string, micro: number, price: number, fee: string) => {
    if (n >= spec.events) return;
    const tx = `0x${(n + 1).toString(16).padStart(64, "0")}:${n % 7}`;
    buf += `${time},wallet${w},ASSET${asset},${action},${(micro / 1e6).toFixed(6)},${price.toFixed(4)},${fee},${tx}\n`;
    n++;
  };
  const fee = () => (rand() * 3).toFixed(2);

  // rounds: every wallet, in turn, harvests, rebalances the assets outside the band, now and then takes
  // a deposit or pays out a withdrawal (sold pro rata); time advances with the events written
  while (n < spec.events) {
    for (let w = 0; w < spec.wallets && n < spec.events; w++) {
      const at = start + Math.floor((n / spec.events) * span);
      const day = Math.min(DAYS, Math.floor((at - start) / 86_400_000));
      time = new Date(at).toISOString().slice(0, 19) + "Z";
      const b = baskets[w];
      const prices = b.assets.map((a) => paths[a][day] * (1 + (rand() - 0.5) * 0.004));
      let value = b.held.reduce((s, q, k) => s + (q / 1e6) * prices[k], 0);
      const r = rand();
      if (value < 1000 || r < 0.03) {
        // a deposit of $2k–$50k spread over the basket at target weights
        const usd = 2000 + rand() * 48_000;
        b.assets.forEach((a, k) => {
          const micro = Math.max(1, Math.floor(((usd * b.weights[k]) / prices[k]) * 1e6));
          b.held[k] += micro;
          emit(w, a, "buy", micro, prices[k], fee());
        });
        continue;
      }
      if (r < 0.045) {
        // a withdrawal of 5 %–30 %, sold pro rata
        const share = 0.05 + rand() * 0.25;
        b.assets.forEach((a, k) => {
          const micro = Math.floor(b.held[k] * share);
          if (micro < 1) return;
          b.held[k] -= micro;
          emit(w, a, "sell", micro, prices[k], fee());
        });
        continue;
      }
      if (rand() < 0.2) {
        // harvest: 0.005 %–0.05 % of the wallet's value as reward tokens
        const k = b.assets.indexOf(b.rewards[Math.floor(rand() * b.rewards.length)]);
        const micro = Math.floor(((value * (0.00005 + rand() * 0.00045)) / prices[k]) * 1e6);
        if (micro >= 1) {
          b.held[k] += micro;
          emit(w, b.assets[k], "income", micro, prices[k], "0");
          value += (micro / 1e6) * prices[k];
        }
      }
      // rebalance: every asset more than 0.5 % of the wallet's value off its target weight
      b.assets.forEach((a, k) => {
        const gap = ((b.held[k] / 1e6) * prices[k]) / value - b.weights[k];
        if (Math.abs(gap) < 0.005) return;
        const micro = Math.floor(((Math.abs(gap) * value) / prices[k]) * 1e6);
        if (gap > 0) {
          const sell = Math.min(micro, b.held[k]);
          if (sell < 1) return;
          b.held[k] -= sell;
          emit(w, a, "sell", sell, prices[k], fee());
        } else if (micro >= 1) {
          b.held[k] += micro;
          emit(w, a, "buy", micro, prices[k], fee());
        }
      });
    }
    if (buf.length > 1 << 16) {
      await write(buf);
      buf = "";
    }
  }
  await write(buf);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}
