// Deploys the system with its mocks to a local dev chain and writes deployments/<network>.json, naming the
// network and its chain id. Management goes to a timelock driven by a Safe (2 of 3) and the Governor.
//   npx hardhat run scripts/deploy.ts --network localhost
// Environment (all optional on a dev chain, where roles default to accounts #1, #2 and Safe owners #0–#2):
//   LOTGRAPH_KEEPER, LOTGRAPH_GUARDIAN            role addresses
//   LOTGRAPH_SAFE_OWNERS (comma-separated), LOTGRAPH_SAFE_THRESHOLD, LOTGRAPH_TIMELOCK_DELAY (seconds)
//   LOTGRAPH_DEPLOYMENT_FILE                      where to write the deployment file
// Any other chain is refused: the deployment's tokens, feeds and venues are mocks with public setters. On a
// network of the address book (--network ethereum | arbitrum | sepolia) the plan of what it would deploy and
// reuse is printed first (npm run plan:deploy -- <network> prints it without hardhat); it is refused while
// the plan has gaps.
import path from "node:path";
import hre from "hardhat";
import { ethers } from "ethers";
import { BOOK_NETWORKS, DEV_CHAIN_IDS, deploySystem, formatPlan, planBookDeploy, writeDeployment, type BookNetwork, type DeployOptions } from "../src";

function address(name: string): string | undefined {
  const value = process.env[name];
  if (value === undefined || value === "") return undefined;
  if (!ethers.isAddress(value)) throw new Error(`${name}: "${value}" is not an address`);
  return ethers.getAddress(value);
}

function integer(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === "") return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`${name}: "${value}" is not a non-negative integer`);
  return Number(value);
}

/** Role addresses from the environment; on a dev chain the hardhat accounts fill what is not given. */
async function roles(dev: boolean): Promise<Pick<DeployOptions, "keeper" | "guardian" | "governance">> {
  const signers = await hre.ethers.getSigners();
  const owners = process.env.LOTGRAPH_SAFE_OWNERS?.split(",").filter((s) => s !== "").map((s, i) => {
    if (!ethers.isAddress(s.trim())) throw new Error(`LOTGRAPH_SAFE_OWNERS: entry ${i + 1} "${s}" is not an address`);
    return ethers.getAddress(s.trim());
  });
  const keeper = address("LOTGRAPH_KEEPER") ?? (dev && signers[1] ? await signers[1].getAddress() : undefined);
  const guardian = address("LOTGRAPH_GUARDIAN") ?? (dev && signers[2] ? await signers[2].getAddress() : undefined);
  return {
    keeper,
    guardian,
    governance: {
      ...(owners ? { safeOwners: owners } : {}),
      ...(integer("LOTGRAPH_SAFE_THRESHOLD") !== undefined ? { safeThreshold: integer("LOTGRAPH_SAFE_THRESHOLD") } : {}),
      ...(integer("LOTGRAPH_TIMELOCK_DELAY") !== undefined ? { timelockDelay: integer("LOTGRAPH_TIMELOCK_DELAY") } : {}),
    },
  };
}

async function main(): Promise<void> {
  if ((BOOK_NETWORKS as string[]).includes(hre.network.name)) {
    // a network of the address book: show what would be deployed and reused; refuse while the plan has gaps
    const plan = planBookDeploy(hre.network.name as BookNetwork);
    for (const line of formatPlan(plan)) console.log(line);
    if (!plan.ready) throw new Error(`network "${hre.network.name}": the address-book plan has ${plan.gaps.length} gap(s); nothing deployed`);
  }
  const [owner] = await hre.ethers.getSigners();
  const chainId = Number((await hre.ethers.provider.getNetwork()).chainId);
  const network = hre.network.name;
  const dep = await deploySystem(owner, {
    ...(await roles(DEV_CHAIN_IDS.includes(chainId))),
    network,
    log: (line) => console.log(line),
  });
  const file = process.env.LOTGRAPH_DEPLOYMENT_FILE || path.join(__dirname, "..", "deployments", `${network}.json`);
  writeDeployment(dep, file);
  console.log(`deployment for network "${network}" (chain ${dep.chainId}) written to ${file}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
