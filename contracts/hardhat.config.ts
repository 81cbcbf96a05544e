import { subtask } from "hardhat/config";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import type { HardhatUserConfig } from "hardhat/types";
import "@nomicfoundation/hardhat-toolbox";
import "@openzeppelin/hardhat-upgrades";

const SOLC_VERSION = "0.8.28";

// Compile offline with the npm `solc` package instead of Hardhat's download.
subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }) => {
  const solc = require("solc");
  const longVersion: string = solc.version();
  if (!longVersion.startsWith(`${args.solcVersion}+`)) {
    throw new Error(
      `hardhat.config asks for solc ${args.solcVersion} but the installed npm solc is ${longVersion}; ` +
        `pin "solc": "${args.solcVersion}" in contracts/package.json`,
    );
  }
  return {
    compilerPath: require.resolve("solc/soljson.js"),
    isSolcJs: true,
    version: args.solcVersion,
    longVersion: longVersion.replace(/\.Emscripten\.clang$/, ""),
  };
});

const config: HardhatUserConfig = {
  solidity: {
    version: SOLC_VERSION,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: "cancun",
      viaIR: false,
    },
  },
  networks: {
    // LOTGRAPH_CHAIN_START (ISO date) sets the genesis time, so a simulated year can fall in a chosen tax year.
    hardhat: { chainId: 31337, hardfork: "cancun", ...(process.env.LOTGRAPH_CHAIN_START ? { initialDate: process.env.LOTGRAPH_CHAIN_START } : {}) },
    localhost: { url: process.env.LOTGRAPH_RPC_URL ?? "http://127.0.0.1:8545", chainId: 31337 },
    // Networks of the address book (src/venues/addresses.ts): scripts/deploy.ts prints their plan and refuses
    // while it has gaps, before contacting the node; LOTGRAPH_RPC_URL_<NETWORK> names the node.
    ethereum: { url: process.env.LOTGRAPH_RPC_URL_ETHEREUM ?? "http://127.0.0.1:1", chainId: 1 },
    arbitrum: { url: process.env.LOTGRAPH_RPC_URL_ARBITRUM ?? "http://127.0.0.1:1", chainId: 42161 },
    sepolia: { url: process.env.LOTGRAPH_RPC_URL_SEPOLIA ?? "http://127.0.0.1:1", chainId: 11155111 },
  },
  gasReporter: { enabled: false },
  mocha: { timeout: 120_000 },
};

export default config;
