/** Builds a keeper context from command-line style settings. */
import path from "node:path";
import { ethers } from "ethers";
import { readDeployment } from "@lotgraph/contracts";
import { Journal } from "./journal";
import { DEFAULT_KEEPER_OPTIONS, type KeeperContext, type KeeperOptions } from "./keeper";

/** The well-known development mnemonic of hardhat and anvil; only ever used on a local chain (id 31337). */
export const LOCAL_DEV_MNEMONIC = "test test test test test test test test test test test junk";
export const LOCAL_CHAIN_ID = 31337n;

export interface KeeperSettings {
  rpcUrl: string;
  subgraphUrl: string;
  deploymentFile: string;
  /** default: beside the deployment file, keeper-journal.jsonl */
  journalFile?: string;
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
  else if (chainId === LOCAL_CHAIN_ID) {
    const index = s.localAccount ?? 0;
    wallet = ethers.HDNodeWallet.fromPhrase(LOCAL_DEV_MNEMONIC, undefined, `m/44'/60'/0'/0/${index}`).connect(provider);
    log(`no keeper key given: using local development account #${index} (${wallet.address}) on chain ${chainId}`);
  } else throw new Error(`chain ${chainId} is not a local chain: give the keeper's private key (LOTGRAPH_KEEPER_KEY)`);
  const deployment = readDeployment(s.deploymentFile);
  if (BigInt(deployment.chainId) !== chainId) throw new Error(`${s.deploymentFile}: deployment is for chain ${deployment.chainId} but --rpc serves chain ${chainId}`);
  const journal = new Journal(s.journalFile ?? path.join(path.dirname(path.resolve(s.deploymentFile)), "keeper-journal.jsonl"));
  return { provider, wallet, deployment, subgraphUrl: s.subgraphUrl, journal, options: { ...DEFAULT_KEEPER_OPTIONS, ...s.options }, log };
}
