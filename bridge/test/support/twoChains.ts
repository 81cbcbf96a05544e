/**
 * Two real anvil chains (home 31337, L2 412346) on free ports, the project's MockERC20 as the home
 * stablecoin (6 decimals), and the bridge deployed between them. Every test file starts its own pair.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ethers } from "ethers";
import { AnvilNode } from "@lotgraph/stack/src/anvil";
import { freePort } from "@lotgraph/stack/src/ports";
import { loadArtifact } from "@lotgraph/contracts/src/artifacts";
import { DEPLOYER_INDEX, HOME, L2, RELAYER_INDEX, devSigner, devWallet, localProvider, type BridgeChain } from "../../src/chains";
import { deployBridge, type BridgeDeployment } from "../../src/deploy";
import { Relayer, type RelayerOptions } from "../../src/relayer";

export const USER_INDEX = 1;
export const STRANGER_INDEX = 2;
/** 1,000,000 USDC in base units. */
export const USER_FUNDS = 1_000_000_000_000n;

export interface ChainHandle {
  chain: BridgeChain;
  node: AnvilNode;
  provider: ethers.JsonRpcProvider;
  deployer: ethers.NonceManager;
  relayer: ethers.HDNodeWallet;
  user: ethers.NonceManager;
  stranger: ethers.NonceManager;
}

export interface TwoChains {
  home: ChainHandle;
  l2: ChainHandle;
  deployment: BridgeDeployment;
  homeStablecoin: ethers.Contract;
  relayer(options?: Partial<RelayerOptions>): Relayer;
  stop(): Promise<void>;
}

async function startChain(chain: BridgeChain, logDir: string): Promise<ChainHandle> {
  const node = new AnvilNode({ port: await freePort(), logDir, chainId: chain.chainId, logName: `anvil-${chain.name}` });
  await node.start();
  const provider = localProvider(node.url, chain);
  return {
    chain,
    node,
    provider,
    deployer: devSigner(provider, DEPLOYER_INDEX),
    relayer: devWallet(provider, RELAYER_INDEX),
    user: devSigner(provider, USER_INDEX),
    stranger: devSigner(provider, STRANGER_INDEX),
  };
}

export async function startTwoChains(): Promise<TwoChains> {
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-bridge-"));
  const [home, l2] = await Promise.all([startChain(HOME, logDir), startChain(L2, logDir)]);
  const stop = async () => {
    home.provider.destroy();
    l2.provider.destroy();
    await Promise.all([home.node.stop(), l2.node.stop()]);
    fs.rmSync(logDir, { recursive: true, force: true });
  };
  try {
    const token = loadArtifact("MockERC20");
    const factory = new ethers.ContractFactory(token.abi, token.bytecode, home.deployer);
    const stablecoin = (await (await factory.deploy("USD Coin (mock)", "USDC", 6)).waitForDeployment()) as unknown as ethers.Contract;
    await (await stablecoin.mint(await home.user.getAddress(), USER_FUNDS)).wait();
    const deployment = await deployBridge({
      home: { chain: HOME, signer: home.deployer, stablecoin: await stablecoin.getAddress() },
      remote: { chain: L2, signer: l2.deployer },
      relayer: await home.relayer.getAddress(),
    });
    const relayer = (options: Partial<RelayerOptions> = {}) =>
      new Relayer({
        deployment,
        home: { provider: home.provider, signer: home.relayer },
        remote: { provider: l2.provider, signer: l2.relayer },
        pollMs: 100,
        ...options,
      });
    return { home, l2, deployment, homeStablecoin: stablecoin.connect(home.provider) as ethers.Contract, relayer, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Decoded events of `receipt` for `iface` (others skipped). */
export function eventsOf(iface: ethers.Interface, logs: readonly ethers.Log[]): ethers.LogDescription[] {
  return logs.map((log) => iface.parseLog(log)).filter((e): e is ethers.LogDescription => e !== null);
}

/** Waits until `check` holds, polling every 50 ms; fails after `timeoutMs`. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
