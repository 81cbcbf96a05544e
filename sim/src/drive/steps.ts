/**
 * Price paths within a day. Oracle feeds post many rounds a day in reality; the hub's circuit breaker
 * rejects a single round that moves more than its bound from the last good price. A simulated day whose
 * move exceeds the bound (a crash, or the catch-up after a feed outage) is therefore posted as several
 * rounds, geometrically spaced, each within `maxStepBps` of the previous one.
 */

/** |b − a| / a in bps, rounded up (the hub's own measure of a move). */
export function moveBps(from: bigint, to: bigint): bigint {
  if (from <= 0n) throw new Error(`moveBps: the reference answer must be positive, got ${from}`);
  const diff = to > from ? to - from : from - to;
  return (diff * 10_000n + from - 1n) / from;
}

/**
 * The feed answers to post, in order, to go from `from` to `to` with no round moving more than
 * `maxStepBps`; the last is exactly `to`. One element when the move is already within the bound.
 */
export function priceSteps(from: bigint, to: bigint, maxStepBps: number): bigint[] {
  if (to <= 0n) throw new Error(`priceSteps: the target answer must be positive, got ${to}`);
  if (!(maxStepBps > 0 && maxStepBps < 10_000)) throw new Error(`priceSteps: maxStepBps ${maxStepBps} is not in (0, 10000)`);
  if (moveBps(from, to) <= BigInt(maxStepBps)) return [to];
  // the tighter of the two directions bounds the log step: up by (1 + m), down by (1 − m)
  const m = maxStepBps / 10_000;
  const maxLog = Math.min(Math.log(1 + m), -Math.log(1 - m));
  const totalLog = Math.log(Number(to) / Number(from));
  // a small margin so that rounding of intermediate answers cannot push a step over the bound
  let n = Math.ceil(Math.abs(totalLog) / (maxLog * 0.98));
  for (;;) {
    const steps: bigint[] = [];
    for (let k = 1; k < n; k++) steps.push(BigInt(Math.round(Number(from) * Math.exp((totalLog * k) / n))));
    steps.push(to);
    let prev = from;
    let ok = true;
    for (const s of steps) {
      if (s <= 0n || moveBps(prev, s) > BigInt(maxStepBps)) ok = false;
      prev = s;
    }
    if (ok) return steps;
    n++;
  }
}
