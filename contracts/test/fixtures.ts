import { ethers } from "hardhat";
import type { Contract } from "ethers";
import { DEFAULT_DEPOSITS, deploySystem, type DeployOptions, type Deployment } from "../src";

export const WAD = 10n ** 18n;

/**
 * The full system as deploySystem builds it, with named signers, and the owner still management (every
 * setter immediate, `governance: false`), its rebalancer switched to the test venue MockSwapRouter (fills at
 * the oracle price; its fee, skew, depth and slippage are set by a test to make the failures the modules must
 * survive): the modules' own specs. The system as deployed, trading on Uniswap: deployedOnPools.
 * governance.spec.ts uses governedSystem. Without the liquidity manager unless `options` asks for it (its
 * specs wire their own: liquidity-fixtures.ts). Use through loadFixture.
 */
export async function deployedSystem(options: Partial<DeployOptions> = {}) {
  const sys = await systemWith(false, { liquidityManager: false, ...options });
  const mock = await (await ethers.getContractFactory("MockSwapRouter")).deploy(await sys.oracle.getAddress(), 50_000_000n * WAD);
  await mock.waitForDeployment();
  const router = mock as unknown as Contract;
  // liquidity for the test venue: 100× the deposit of each asset
  for (const a of sys.dep.assets) {
    const deposit = ethers.parseUnits(DEFAULT_DEPOSITS[a.symbol] ?? "0", a.decimals);
    await (await sys.tokens[a.symbol].mint(await router.getAddress(), deposit * 100n + 10n ** BigInt(a.decimals) * 1000n)).wait();
  }
  await (await sys.rebalancer.setRouter(await router.getAddress())).wait();
  return { ...sys, router };
}

/** The system as deploySystem builds it (the rebalancer on UniswapV3Venue over the dev market's pools), ungoverned. */
export async function deployedOnPools() {
  return systemWith(false);
}

/** The system as the stack deploys it: management is the timelock, driven by a 2-of-3 Safe and the Governor. */
export async function governedSystem() {
  return systemWith(undefined);
}

async function systemWith(governance: false | undefined, options: Partial<DeployOptions> = {}) {
  const [owner, keeper, guardian, stranger] = await ethers.getSigners();
  const dep: Deployment = await deploySystem(owner, {
    ...options,
    keeper: await keeper.getAddress(),
    guardian: await guardian.getAddress(),
    governance,
  });
  const c = dep.instances;
  return {
    dep,
    owner,
    keeper,
    guardian,
    stranger,
    vault: c.Vault,
    oracle: c.OracleHub,
    rebalancer: c.Rebalancer,
    venue: c.Venue,
    harvester: c.Harvester,
    hedger: c.Hedger,
    perp: c.Perpetual,
    lp: c.LPPool,
    gateway: c.KeeperGateway,
    /** absent when deployed with `liquidityManager: false` */
    manager: c.LiquidityManager,
    tokens: dep.tokens,
    asset: (symbol: string) => {
      const a = dep.assets.find((x) => x.symbol === symbol);
      if (!a) throw new Error(`no asset ${symbol}`);
      return a;
    },
  };
}

/** `contract` connected to `signer`, keeping the Contract type. */
export function as(contract: Contract, signer: unknown): Contract {
  return contract.connect(signer as any) as Contract;
}
