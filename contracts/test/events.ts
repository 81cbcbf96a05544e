import type { Contract, TransactionReceipt } from "ethers";

/** The `name` events `c` emitted in `receipt`, with their log index. */
export function eventsOf(c: Contract, receipt: TransactionReceipt | null, name: string) {
  return receipt!.logs
    .filter((l) => l.address.toLowerCase() === (c.target as string).toLowerCase())
    .map((l) => ({ ev: c.interface.parseLog(l), index: l.index }))
    .filter((e) => e.ev?.name === name)
    .map((e) => ({ name, args: e.ev!.args as any, index: e.index }));
}
