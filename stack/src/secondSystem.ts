/**
 * The portfolio system on the second chain (`chains: 2`): its own feeds, Uniswap v3 venues, vault and modules,
 * and its own Safe and timelock with the home Safe's owners, on the bridged stablecoin. Every stablecoin it
 * holds came from the home chain through the bridge and the running relayer: the home owner locks home USDC in
 * the OFT adapter, the relayer delivers, the second chain's OFT mints it to the same owner, who then deploys
 * (deploySystem with `stablecoin`: transfers, never mints). Then its deployment file, its subgraph (the full
 * manifest on network "l2") and a second gnd serving it (own ports, own database in the same Postgres).
 */
import fs from "node:fs";
import path from "node:path";
import { JsonRpcProvider } from "ethers";
import type { Deployment, DeployOptions } from "@lotgraph/contracts";
import { StackError } from "./errors";
import { GraphNode } from "./gnd";
import { freePort } from "./ports";
import type { Stack } from "./stack";
import type { RunningBridge } from "./system";

/** The second chain's graph network: its deployment file's `network` and gnd's `--ethereum-rpc` name (bridge's L2.name). */
export const SECOND_NETWORK = "l2";

/**
 * The second chain carries the stablecoin and WETH only: WETH alone gives every module something to do (the
 * rebalancer's risk asset, the yield source, the hedged LP position, the perpetual and the liquidity manager
 * on its pools), while each further asset would add 5 feeds, its pools and its daily writes to a chain whose
 * job here is to show the same system twice, not a second portfolio mix. Smaller deposits than home's. The
 * stablecoin has no yield source there: the mock sources pay interest by minting their underlying, and the
 * bridged stablecoin is minted only by the bridge.
 */
export const SECOND_CHAIN_ASSETS = ["USDC", "WETH"];
export const SECOND_CHAIN_DEPOSITS: Record<string, string> = { USDC: "100000", WETH: "20" };
export const SECOND_CHAIN_YIELD: Record<string, string> = { WETH: "4" };
export const SECOND_CHAIN_LP_ASSET = "2";

/**
 * Whole USDC bridged from home before the deployment: the deployment's market maker seeds the three WETH/USDC
 * pools (about 45M of their 82M virtual depth is stablecoin in range), the perpetual's collateral (10M), the
 * deposits and the LP position; the market's trader keeps half of what is left for arbitrage.
 */
export const SECOND_CHAIN_BRIDGED_USDC = 200_000_000n;

export interface SecondSystem {
  deployment: Deployment;
  /** `<data>/deployment-l2.json` */
  deploymentFile: string;
  /** the bridge transfer that funded it */
  funding: { guid: string; amount: bigint; deliveredMs: number };
  /** the deployment's blocks on the second chain and the gas they used (every transaction in them is the deployment's) */
  gas: { fromBlock: number; toBlock: number; gasUsed: bigint };
}

/** The deployment options of the second chain: its assets and amounts, the home Safe's owners and threshold, network "l2". */
export function secondChainDeployOptions(home: Deployment, stablecoin: string, homeOptions: DeployOptions = {}): DeployOptions {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const specs = homeOptions.assets ?? (require("@lotgraph/contracts") as typeof import("@lotgraph/contracts")).DEFAULT_ASSETS;
  const assets = specs.filter((s) => SECOND_CHAIN_ASSETS.includes(s.symbol)).map((s) => (s.isStable ? { ...s, yieldSource: undefined } : s));
  if (!assets.some((a) => a.isStable) || !assets.some((a) => a.symbol === "WETH")) {
    throw new StackError(`the second chain deploys ${SECOND_CHAIN_ASSETS.join(" and ")}, but the home deployment's assets are ${specs.map((s) => s.symbol).join(", ")}`, {
      fix: "keep WETH among --assets with --chains 2",
    });
  }
  const gov = home.governance;
  return {
    network: SECOND_NETWORK,
    assets,
    stablecoin: { address: stablecoin },
    deposits: SECOND_CHAIN_DEPOSITS,
    yieldAllocations: SECOND_CHAIN_YIELD,
    lpAssetAmount: SECOND_CHAIN_LP_ASSET,
    keeper: home.accounts.keeper,
    guardian: home.accounts.guardian,
    ...(gov ? { governance: { safeOwners: gov.safeOwners, safeThreshold: gov.safeThreshold, timelockDelay: gov.timelockDelay } } : {}),
  };
}

/**
 * Bridges `amount` (base units) of the home stablecoin from the home owner to the same address on the second
 * chain (the home stablecoin is the home deployment's mock, minted there first) and waits for the running
 * relayer to deliver it.
 */
export async function bridgeFunds(home: Deployment, bridge: RunningBridge, l2Url: string, amount: bigint, timeoutMs = 60_000): Promise<SecondSystem["funding"]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const b = require("@lotgraph/bridge") as typeof import("@lotgraph/bridge");
  const stable = home.assets.find((a) => a.isStable)!;
  const owner = home.accounts.owner;
  const l2 = b.localProvider(l2Url, b.L2);
  try {
    const token = b.tokenContract(bridge.deployment.remote, l2);
    const before: bigint = await token.balanceOf(owner);
    await (await home.tokens[stable.symbol].mint(owner, amount)).wait();
    const t = Date.now();
    const sent = await b.sendStablecoin(bridge.deployment.home, bridge.deployment.remote, home.signer, owner, amount);
    while ((await token.balanceOf(owner)) < before + amount) {
      if (Date.now() - t > timeoutMs) {
        throw new StackError(`the bridge did not deliver ${amount} base units of ${stable.symbol} to ${owner} on the second chain within ${timeoutMs / 1000} s (guid ${sent.guid})`, {
          fix: `see the relayer's lines in the log; pending: ${bridge.relayer.pending().length}`,
        });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return { guid: sent.guid, amount, deliveredMs: Date.now() - t };
  } finally {
    l2.destroy();
  }
}

/** Funds the second chain through the bridge, deploys the system there on the bridged stablecoin and writes `<data>/deployment-l2.json`. */
export async function deploySecondSystem(stack: Stack, home: Deployment, bridge: RunningBridge, homeOptions: DeployOptions = {}, log: (m: string) => void = () => {}): Promise<SecondSystem> {
  if (!stack.secondChain) throw new Error("deploySecondSystem: the stack runs one chain");
  const stable = home.assets.find((a) => a.isStable)!;
  const funding = await bridgeFunds(home, bridge, stack.secondChain.url, SECOND_CHAIN_BRIDGED_USDC * 10n ** BigInt(stable.decimals));
  log(`chain 2    ${SECOND_CHAIN_BRIDGED_USDC} ${stable.symbol} bridged to the owner (guid ${funding.guid}, delivered ${funding.deliveredMs} ms after the send)`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const contracts = require("@lotgraph/contracts") as typeof import("@lotgraph/contracts");
  const provider = new JsonRpcProvider(stack.secondChain.url, undefined, { staticNetwork: true, pollingInterval: 50, cacheTimeout: -1 });
  const signer = await provider.getSigner(0);
  if ((await signer.getAddress()).toLowerCase() !== home.accounts.owner.toLowerCase()) {
    throw new StackError(`the second chain's first account ${await signer.getAddress()} is not the home owner ${home.accounts.owner}`);
  }
  const fromBlock = (await provider.getBlockNumber()) + 1;
  const deployment = await contracts.deploySystem(signer, secondChainDeployOptions(home, bridge.deployment.remote.token, homeOptions));
  const deploymentFile = path.join(stack.config.dataDir, `deployment-${SECOND_NETWORK}.json`);
  contracts.writeDeployment(deployment, deploymentFile);
  const gas = await gasOfBlocks(provider, fromBlock, await provider.getBlockNumber());
  log(`chain 2    system deployed in blocks ${gas.fromBlock}–${gas.toBlock}: ${gas.gasUsed} gas (${deploymentFile})`);
  return { deployment, deploymentFile, funding, gas };
}

/** The gas used by blocks `fromBlock` to `toBlock`. */
async function gasOfBlocks(provider: JsonRpcProvider, fromBlock: number, toBlock: number): Promise<SecondSystem["gas"]> {
  const blocks = await Promise.all(Array.from({ length: toBlock - fromBlock + 1 }, (_, i) => provider.getBlock(fromBlock + i)));
  return { fromBlock, toBlock, gasUsed: blocks.reduce((sum, b) => sum + (b?.gasUsed ?? 0n), 0n) };
}

/**
 * A second gnd for the second chain's subgraph: four free ports, its own database (`<db>_l2`, wiped: the chain
 * is new) in the stack's Postgres, logs in `<data>/logs/l2/`; stopped with the stack. Waits until it has indexed
 * the second chain's head.
 */
export async function startSecondGraphNode(stack: Stack, manifest: string): Promise<GraphNode> {
  if (!stack.secondChain) throw new Error("startSecondGraphNode: the stack runs one chain");
  const db = `${stack.config.postgres.database}_${SECOND_NETWORK}`;
  await stack.postgres.sql(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  await stack.postgres.sql(`CREATE DATABASE "${db}" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
  const logDir = path.join(stack.logDir, SECOND_NETWORK);
  fs.mkdirSync(logDir, { recursive: true });
  const graphNode = new GraphNode({
    manifest,
    workDir: path.join(stack.config.dataDir, `gnd-${SECOND_NETWORK}`),
    postgresUrl: stack.postgres.url.replace(/\/[^/]+$/, `/${db}`),
    network: SECOND_NETWORK,
    rpcUrl: stack.secondChain.url,
    ipfs: stack.ipfs.address,
    ports: { http: await freePort(), indexNode: await freePort(), admin: await freePort(), metrics: await freePort() },
    logDir,
  });
  stack.onStop(() => graphNode.stop());
  await graphNode.start();
  await graphNode.waitSynced(await secondHead(stack), 120_000);
  return graphNode;
}

/** The second chain's head block number. */
export async function secondHead(stack: Stack): Promise<number> {
  const provider = new JsonRpcProvider(stack.secondChain!.url, undefined, { staticNetwork: true });
  try {
    return await provider.getBlockNumber();
  } finally {
    provider.destroy();
  }
}
