/**
 * The cross-chain allocation's contracts on a two-chain stack (`chains: 2`): a `ShareCoordinator` and a
 * `CrossChainMover` per chain (bridge/'s deployCoordination), governed like every other module of the system.
 * Both vaults are already under their timelocks (deploySystem's hand-over), so the deployer (the owner, a Safe
 * owner) deploys and wires the contracts, hands each coordinator to its chain's timelock (one step) and each
 * mover's management to it (pending), and then each chain's Safe runs one timelock batch — the vault registers
 * the mover as its CHAIN_MOVER and the timelock accepts the mover's management — waiting the timelock's delay on
 * the dev chain's clock (governOnDevChain). The mover's keeper is the deployment's keeper account, as for the
 * other modules. Both deployment files then list `CrossChainMover`, `ShareCoordinator` and `StablecoinBridge` (the
 * chain's OFT) from the coordination's first block, so both subgraphs index them and a move's two sides.
 */
import fs from "node:fs";
import { ethers } from "ethers";
import type { Deployment } from "@lotgraph/contracts";
import type { CoordinationDeployment, CoordinationSide } from "@lotgraph/bridge";
import { StackError } from "./errors";
import type { RunningBridge } from "./system";

/** The deployment file keys the subgraph's manifest looks for (subgraph/scripts/manifest.ts). */
export const COORDINATION_KEYS = { mover: "CrossChainMover", coordinator: "ShareCoordinator", bridge: "StablecoinBridge" } as const;

/** One management change on `dep`'s chain through its Safe and timelock (contracts' scenario.manage), named by `salt`. */
export async function govern(dep: Deployment, calls: { to: string; data: string }[], salt: string): Promise<ethers.TransactionReceipt> {
  if (!dep.governance) throw new StackError("the cross-chain allocation needs a governed deployment (a Safe and a timelock)");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { scenario } = require("@lotgraph/contracts") as typeof import("@lotgraph/contracts");
  return scenario.manage(dep, calls, ethers.id(salt));
}

/** Adds the coordination's entries to a deployment (in memory and in its file). */
function record(dep: Deployment, file: string, side: CoordinationSide, oft: string): void {
  const entries = {
    [COORDINATION_KEYS.mover]: { address: side.mover, startBlock: side.fromBlock },
    [COORDINATION_KEYS.coordinator]: { address: side.coordinator, startBlock: side.fromBlock },
    // the chain's side of the bridge from the coordination's first block on (fromBlock is the head before it): the
    // vaults' moves (their BridgeTransfer, the same guid on both chains), not the owner's funding transfer before
    // it (a wallet move outside the vaults, possibly in the head block itself)
    [COORDINATION_KEYS.bridge]: { address: oft, startBlock: side.fromBlock + 1 },
  };
  Object.assign(dep.contracts, entries);
  const raw = JSON.parse(fs.readFileSync(file, "utf8"));
  raw.contracts = { ...raw.contracts, ...entries };
  fs.writeFileSync(file, JSON.stringify(raw, null, 2) + "\n");
}

/** Deploys the coordination on both chains, hands it to each chain's timelock and records it in both deployment files. */
export async function deployGovernedCoordination(
  home: { deployment: Deployment; file: string },
  second: { deployment: Deployment; file: string },
  bridge: RunningBridge,
  log: (m: string) => void = () => {},
): Promise<CoordinationDeployment> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const b = require("@lotgraph/bridge") as typeof import("@lotgraph/bridge");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadArtifact } = require("@lotgraph/contracts") as typeof import("@lotgraph/contracts");
  const sides = [home, second].map(({ deployment }) => {
    if (!deployment.governance) throw new StackError("the cross-chain allocation needs governed deployments on both chains");
    return {
      signer: deployment.signer,
      vault: deployment.contracts.Vault.address,
      keeper: deployment.accounts.keeper,
      guardian: deployment.accounts.guardian,
      owner: deployment.governance.timelock,
      registerModule: false,
    };
  });
  const coordination = await b.deployCoordination({ bridge: bridge.deployment, home: sides[0], remote: sides[1], log });
  const moverIface = new ethers.Interface(loadArtifact("CrossChainMover").abi);
  const vaultIface = new ethers.Interface(loadArtifact("Vault").abi);
  await Promise.all(
    ([[home, coordination.home, bridge.deployment.home.oft], [second, coordination.remote, bridge.deployment.remote.oft]] as const).map(async ([chain, side, oft]) => {
      await govern(
        chain.deployment,
        [
          { to: side.vault, data: vaultIface.encodeFunctionData("setModule", [b.CHAIN_MOVER_ROLE, side.mover]) },
          { to: side.mover, data: moverIface.encodeFunctionData("acceptManagement") },
        ],
        "lotgraph: the cross-chain mover",
      );
      record(chain.deployment, chain.file, side, oft);
    }),
  );
  log(`allocation coordinator and mover on both chains, managed by each chain's timelock; the movers are the vaults' CHAIN_MOVER`);
  return coordination;
}
