/** Shared pieces of indexed-store rows for the store tests: addresses, time, and the subgraph's event ids. */

export const VAULT = "0x" + "aa".repeat(20);
export const USDC = "0x" + "01".repeat(20);
export const WETH = "0x" + "02".repeat(20);
export const E18 = 10n ** 18n;
export const DAY = 86_400;
export const T0 = Date.UTC(2025, 0, 10) / 1000;

/** A transaction hash per block. */
export const hash = (n: number) => "0x" + n.toString(16).padStart(64, "0");
/** The subgraph's event id: zero-padded block and log index. */
export const id = (block: number, log: number) => `${String(block).padStart(12, "0")}-${String(log).padStart(6, "0")}`;
/** The event fields every store row carries, for the log at (block, log) on day `day` after T0. */
export const at = (block: number, log: number, day: number) => ({
  id: id(block, log),
  vault: VAULT,
  blockNumber: String(block),
  logIndex: String(log),
  timestamp: String(T0 + day * DAY),
  transactionHash: hash(block),
});
