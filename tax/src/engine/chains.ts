/**
 * Chains. A wallet is the pair (chain, address): basis is tracked wallet by wallet (Rev. Proc. 2024-28, see
 * ../shared/docs/TAX-RULES.md), and the same address on two chains holds two separate sets of tokens (its
 * own balances, its own keys' transactions), so it is two wallets whose lots never relieve one another.
 */

/** lotgraph's home chain (the local chain's id, bridge/src/chains.ts HOME): events that name no chain are on it. */
export const HOME_CHAIN = 31337;

/** Chain names a ledger may use instead of the id (the local pair first, then public networks by their EIP-155 ids). */
export const CHAIN_NAMES: Readonly<Record<string, number>> = {
  home: HOME_CHAIN,
  l2: 412346,
  ethereum: 1,
  mainnet: 1,
  optimism: 10,
  bsc: 56,
  polygon: 137,
  base: 8453,
  arbitrum: 42161,
  avalanche: 43114,
};

/** The largest chain id accepted: EIP-2294 bounds chain ids to (2^53 − 1) / 2 so they stay exact everywhere. */
export const MAX_CHAIN_ID = 4503599627370476;

/** A chain id from its decimal id or a name of CHAIN_NAMES (any case); undefined when neither. */
export function parseChain(text: string): number | undefined {
  const named = CHAIN_NAMES[text.toLowerCase()];
  if (named !== undefined) return named;
  if (!/^[1-9]\d{0,15}$/.test(text)) return undefined;
  const id = Number(text);
  return id <= MAX_CHAIN_ID ? id : undefined;
}

/** The chain id of an event (absent: the home chain). */
export function chainOf(e: { chain?: number }): number {
  return e.chain ?? HOME_CHAIN;
}

/**
 * The engine's key for the wallet (chain, address): the address alone on the home chain (so a ledger
 * without chains keys its wallets as before), "<chain>\0<address>" elsewhere.
 */
export function walletKey(chain: number, wallet: string): string {
  return chain === HOME_CHAIN ? wallet : `${chain}\u0000${wallet}`;
}

/** The wallet as people read it: "0xabc… on chain 412346" (the address alone on the home chain). */
export function walletName(chain: number, wallet: string): string {
  return chain === HOME_CHAIN ? wallet : `${wallet} on chain ${chain}`;
}
