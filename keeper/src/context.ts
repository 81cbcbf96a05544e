/** Builds a keeper context from command-line style settings. */
import path from "node:path";
import { ethers } from "ethers";
import { readDeployment } from "@lotgraph/contracts";
import type { RetryPolicy } from "@lotgraph/indexer";
import { Journal } from "./journal";
import { DEFAULT_KEEPER_OPTIONS, type KeeperContext, type KeeperOptions } from "./keeper";

/** The well-known development mnemonic of hardhat and anvil; only ever used on a local chain (LOCAL_CHAIN_IDS). */
export const LOCAL_DEV_MNEMONIC = "test test test test test test test test test test test junk";
export const LOCAL_CHAIN_ID = 31337n;
/** The stack's local chains: the home chain and the second one of `--chains 2` (412346, see bridge/src/chains.ts). */
export const LOCAL_CHAIN_IDS: readonly bigint[] = [LOCAL_CHAIN_ID, 412346n];

/** Retries of graph-node failures within one pass's sync: a few seconds, then the pass refuses to act. */
export const KEEPER_SYNC_RETRY: RetryPolicy = { attempts: 4, baseMs: 250, maxMs: 2_000 };

export interface KeeperSettings {
  rpcUrl: string;
  subgraphUrl: string;
  /** graph-node's index-node status API; default: the subgraph's host, port 8030 */
  statusUrl?: string;
  deploymentFile: string;
  /** default: beside the deployment file, keeper-journal.jsonl */
  journalFile?: string;
  /** the keeper's SQLite store of the subgraph; default: beside the deployment file, keeper.db */
  storeFile?: string;
  syncRetry?: RetryPolicy;
  /** a hex private key; default on a local chain: the development account `localAccount` */
  privateKey?: string;
  localAccount?: number;
  options?: Partial<KeeperOptions>;
  log?: (line: string) => void;
}

export async function keeperContext(s: KeeperSettings): Promise<KeeperContext> {
  const provider = new ethers.JsonRpcProvider(s.rpcUrl, undefined, { staticNetwork: true, pollingInterval: 100, cacheTimeout: -1 });
  const log = s.log ?? ((line: string) => console.log(`${new Date().toISOString()} keeper: ${line}`));
  const { chainId } = await provider.getNetwork().catch((e: Error) => {
    throw new Error(`--rpc ${s.rpcUrl}: no JSON-RPC node answers (${e.message})`);
  });
  let wallet: ethers.Wallet | ethers.HDNodeWallet;
  if (s.privateKey) wallet = new ethers.Wallet(s.privateKey, provider);
  else if (LOCAL_CHAIN_IDS.includes(chainId)) {
    const index = s.localAccount ?? 0;
    wallet = ethers.HDNodeWallet.fromPhrase(LOCAL_DEV_MNEMONIC, undefined, `m/44'/60'/0'/0/${index}`).connect(provider);
    log(`no keeper key given: using local development account #${index} (${wallet.address}) on chain ${chainId}`);
  } else throw new Error(`chain ${chainId} is not a local chain: give the keeper's private key (LOTGRAPH_KEEPER_KEY)`);
  const deployment = readDeployment(s.deploymentFile);
  if (BigInt(deployment.chainId) !== chainId) throw new Error(`${s.deploymentFile}: deployment is for chain ${deployment.chainId} but --rpc serves chain ${chainId}`);
  const beside = (name: string) => path.join(path.dirname(path.resolve(s.deploymentFile)), name);
  const journal = new Journal(s.journalFile ?? beside("keeper-journal.jsonl"));
  const store = { file: s.storeFile ?? beside("keeper.db"), subgraphUrl: s.subgraphUrl, statusUrl: s.statusUrl, retry: s.syncRetry ?? KEEPER_SYNC_RETRY };
  return { provider, wallet, deployment, store, journal, options: { ...DEFAULT_KEEPER_OPTIONS, ...s.options }, log };
}
