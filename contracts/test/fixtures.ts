import { ethers } from "hardhat";
import type { Contract } from "ethers";
import { deploySystem, type Deployment } from "../src";

export const WAD = 10n ** 18n;

/**
 * The full system as deploySystem builds it, with named signers, and the owner still management (every
 * setter immediate, `governance: false`): the modules' own specs. governance.spec.ts uses governedSystem.
 * Use through loadFixture.
 */
export async function deployedSystem() {
  return systemWith(false);
}

/** The system as the stack deploys it: management is the timelock, driven by a 2-of-3 Safe and the Governor. */
export async function governedSystem() {
  return systemWith(undefined);
}

async function systemWith(governance: false | undefined) {
  const [owner, keeper, guardian, stranger] = await ethers.getSigners();
  const dep: Deployment = await deploySystem(owner, {
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
    router: c.SwapRouter,
    harvester: c.Harvester,
    hedger: c.Hedger,
    perp: c.Perpetual,
    lp: c.LPPool,
    gateway: c.KeeperGateway,
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
