import { ethers } from "hardhat";
import type { Contract } from "ethers";
import { deploySystem, type Deployment } from "../src";

export const WAD = 10n ** 18n;

/** The full system as deploySystem builds it, with named signers. Use through loadFixture. */
export async function deployedSystem() {
  const [owner, keeper, guardian, stranger] = await ethers.getSigners();
  const dep: Deployment = await deploySystem(owner, {
    keeper: await keeper.getAddress(),
    guardian: await guardian.getAddress(),
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
