import { ethers } from "ethers";

/** One chain of the bridge: its EVM chain id and its LayerZero endpoint id. */
export interface BridgeChain {
  name: string;
  chainId: number;
  /** LayerZero V2 endpoint id. */
  eid: number;
}

/**
 * The two local chains. The ids mirror the roles they play, not any public network: the home chain keeps
 * hardhat's 31337 (the subgraph and the deploy file assume it); the second one takes 412346, the id
 * Arbitrum's local dev node uses, so it reads as "an L2" and can never be mistaken for a public chain.
 * The endpoint ids (39001, 39002) are local ones of ours; LayerZero's public mainnet endpoints are
 * numbered from 30101, its testnets from 40101.
 */
export const HOME: BridgeChain = { name: "home", chainId: 31337, eid: 39001 };
export const L2: BridgeChain = { name: "l2", chainId: 412346, eid: 39002 };

/** The local chains' development mnemonic (anvil's and hardhat's). */
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";
/** Development account indices: the deployer (owner of everything) and the relayer's key. */
export const DEPLOYER_INDEX = 0;
export const RELAYER_INDEX = 9;

/** A JSON-RPC provider for a local chain: fixed network, fast polling, no caching of results. */
export function localProvider(rpcUrl: string, chain: BridgeChain): ethers.JsonRpcProvider {
  const network = new ethers.Network(chain.name, chain.chainId);
  return new ethers.JsonRpcProvider(rpcUrl, network, { staticNetwork: network, pollingInterval: 50, cacheTimeout: -1 });
}

/** A development account on `provider` (reads its nonce from the chain at every send). */
export function devWallet(provider: ethers.Provider, index: number): ethers.HDNodeWallet {
  return ethers.HDNodeWallet.fromPhrase(DEV_MNEMONIC, undefined, `m/44'/60'/0'/0/${index}`).connect(provider);
}

/** A development account on `provider`, wrapped so concurrent sends get consecutive nonces. */
export function devSigner(provider: ethers.Provider, index: number): ethers.NonceManager {
  return new ethers.NonceManager(devWallet(provider, index));
}

/** An address as a LayerZero bytes32 (left-padded). */
export function addressToBytes32(address: string): string {
  return ethers.zeroPadValue(ethers.getAddress(address), 32);
}

/** A LayerZero bytes32 holding an address back to the address (checksummed). */
export function bytes32ToAddress(value: string): string {
  return ethers.getAddress(ethers.dataSlice(value, 12));
}
