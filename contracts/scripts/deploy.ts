// Deploys the system with its mocks to the selected network and writes deployments/<network>.json.
//   npx hardhat run scripts/deploy.ts --network localhost
import path from "node:path";
import hre from "hardhat";
import { deploySystem, writeDeployment } from "../src";

async function main(): Promise<void> {
  const [owner, keeper, guardian] = await hre.ethers.getSigners();
  const dep = await deploySystem(owner, {
    keeper: await keeper.getAddress(),
    guardian: await guardian.getAddress(),
    network: "hardhat",
    log: (line) => console.log(line),
  });
  const file = path.join(__dirname, "..", "deployments", `${hre.network.name}.json`);
  writeDeployment(dep, file);
  console.log(`deployment written to ${file}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
