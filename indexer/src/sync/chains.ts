import type { SubgraphClient } from "../client/graph-node";

/**
 * The chain ids of the graph networks a subgraph may index (graph-cli's networks.json names): lotgraph's
 * two local chains first (the home chain's deploy file says "hardhat"; the second chain's is "l2", see
 * bridge/src/chains.ts), then public networks by their EIP-155 ids.
 */
export const NETWORK_CHAIN_IDS: Readonly<Record<string, number>> = {
  hardhat: 31337,
  localhost: 31337,
  l2: 412346,
  mainnet: 1,
  sepolia: 11155111,
  optimism: 10,
  bsc: 56,
  matic: 137,
  base: 8453,
  "arbitrum-one": 42161,
  avalanche: 43114,
};

/** EIP-2294's bound on chain ids ((2^53 − 1) / 2), so they stay exact as numbers everywhere. */
const MAX_CHAIN_ID = 4503599627370476;

/** A chain id written as a decimal number; `what` names the input in the error. */
export function parseChainId(text: string, what: string): number {
  const id = /^[1-9]\d{0,15}$/.test(text) ? Number(text) : NaN;
  if (!(id <= MAX_CHAIN_ID)) {
    throw Object.assign(new Error(`${what}: ${JSON.stringify(text)} is not a chain id (a positive whole number)`), { exitCode: 2 });
  }
  return id;
}

/** The chain id of the network graph-node indexes the subgraph on (its index-node status), by name. */
export async function chainOfSubgraph(client: SubgraphClient): Promise<number> {
  const network = await client.networkName();
  const chain = NETWORK_CHAIN_IDS[network];
  if (chain === undefined) {
    throw Object.assign(
      new Error(`${client.url}: graph-node indexes it on network "${network}", whose chain id is not known here; name the chain (--chain or --subgraph <chainId>=<url>)`),
      { exitCode: 2 },
    );
  }
  return chain;
}
