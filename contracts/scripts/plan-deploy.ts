// Prints what a deployment would deploy and reuse on a network, offline (no node is contacted); exit code 2
// when the plan has gaps.
//   npm run plan:deploy -w contracts -- arbitrum        (ethereum, arbitrum, sepolia, or a dev network name)
import { BOOK_NETWORKS, formatPlan, planDeploy } from "../src/networkPlan";
import { ADDRESS_BOOK } from "../src/venues/addresses";

const network = process.argv[2];
if (!network) {
  console.error(`usage: plan-deploy <network>   (${BOOK_NETWORKS.join(", ")}, or a dev network such as hardhat)`);
  process.exit(1);
}
const chainId = (BOOK_NETWORKS as string[]).includes(network) ? ADDRESS_BOOK[network as keyof typeof ADDRESS_BOOK].chainId : 31337;
const plan = planDeploy(network, chainId);
for (const line of formatPlan(plan)) console.log(line);
process.exitCode = plan.ready ? 0 : 2;
