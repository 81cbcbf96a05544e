/**
 * Real deployments per network, each entry with the published source it was read from, or a stated gap
 * (never a guessed address). src/networkPlan.ts reads it: a deploy to one of these networks plans to reuse the
 * book's venues, tokens and feeds instead of deploying them, and is refused while the plan has gaps.
 *
 * Sources:
 * - SDK_CORE: @uniswap/sdk-core 7.19.4 — CHAIN_TO_ADDRESSES_MAP, SWAP_ROUTER_02_ADDRESSES, WETH9, UNI_ADDRESSES.
 * - CHAINLINK_DATA: @chainlink/mcp-server 0.0.1-alpha.17, data/feeds/{ethereum,arbitrum}.json (Chainlink's own
 *   feed list, a prototype package: proxy addresses with pair names and decimals, no heartbeats). Where it lists
 *   more than one proxy for a pair on a network it does not tell the standard feed from its variants; such a
 *   pair is a gap listing the candidates, to be settled from docs.chain.link's feed page.
 */

export const SDK_CORE = "@uniswap/sdk-core@7.19.4";
export const CHAINLINK_DATA = "@chainlink/mcp-server@0.0.1-alpha.17 data/feeds";

export interface Sourced {
  address: string;
  source: string;
}

export interface Gap {
  gap: string;
  /** addresses the source offers without saying which one is meant */
  candidates?: string[];
}

export type BookEntry = Sourced | Gap;

export const isGap = (e: BookEntry): e is Gap => "gap" in e;

export interface NetworkBook {
  chainId: number;
  uniswapV3: {
    UniswapV3Factory: BookEntry;
    NonfungiblePositionManager: BookEntry;
    SwapRouter02: BookEntry;
    /** sdk-core's `quoterAddress` (the first Quoter on the original networks) */
    Quoter: BookEntry;
  };
  WETH9: BookEntry;
  /** the risk assets and the stablecoin of the local stack */
  tokens: Record<"USDC" | "WBTC" | "LINK" | "UNI", BookEntry>;
  /** Chainlink USD feeds (8 decimals) the oracle hub reads, one per asset (quorum 1 on a real network) */
  chainlinkUsdFeeds: Record<"ETH" | "BTC" | "LINK" | "UNI" | "USDC", BookEntry>;
}

const sdk = (address: string): Sourced => ({ address, source: SDK_CORE });
const cl = (file: string, address: string): Sourced => ({ address, source: `${CHAINLINK_DATA}/${file}` });
const NO_TOKEN_SOURCE: Gap = { gap: "no npm package read here lists this token's address on this network" };
const UNI_NOT_L1: Gap = { gap: "sdk-core's UNI_ADDRESSES maps every chain to the Ethereum address; not taken for this network" };

export const ADDRESS_BOOK: Readonly<Record<"ethereum" | "arbitrum" | "sepolia", NetworkBook>> = {
  ethereum: {
    chainId: 1,
    uniswapV3: {
      UniswapV3Factory: sdk("0x1F98431c8aD98523631AE4a59f267346ea31F984"),
      NonfungiblePositionManager: sdk("0xC36442b4a4522E871399CD717aBDD847Ab11FE88"),
      SwapRouter02: sdk("0x68b3465833fb72A70ecDF485E0e4C7bD8665Fc45"),
      Quoter: sdk("0xb27308f9F90D607463bb33eA1BeBb41C27CE5AB6"),
    },
    WETH9: sdk("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2"),
    tokens: { USDC: NO_TOKEN_SOURCE, WBTC: NO_TOKEN_SOURCE, LINK: NO_TOKEN_SOURCE, UNI: sdk("0x1f9840a85d5aF5bf1D1762F925BDADdC4201F984") },
    chainlinkUsdFeeds: {
      ETH: {
        gap: "three ETH / USD proxies listed",
        candidates: ["0x5147eA642CAEF7BD9c1265AadcA78f997AbB9649", "0x5f4eC3Df9cbd43714FE2740f5E3616155c5b8419", "0xd82562bb17557231Cd871e1B2525F3AB8d63D409"],
      },
      BTC: {
        gap: "three BTC / USD proxies listed",
        candidates: ["0xF4030086522a5bEEa4988F8cA5B36dbC97BeE88c", "0x8adE2c8d55F7ee2C9234ad868D44a60Eb9C07f8c", "0x85355da30ee4b35F4B30759Bd49a1EBE3fc41Bdb"],
      },
      LINK: {
        gap: "three LINK / USD proxies listed",
        candidates: ["0xE5fa3A4e4208858ADdf2CDb4e12651E89f1f1A70", "0x76F8C9E423C228E83DCB11d17F0Bd8aEB0Ca01bb", "0x2c1d072e956AFFC0D435Cb7AC38EF18d24d9127c"],
      },
      UNI: cl("ethereum.json", "0x553303d460EE0afB37EdFf9bE42922D8FF63220e"),
      USDC: {
        gap: "three USDC / USD proxies listed",
        candidates: ["0x84E045745ED829c5b778aBB17104FC2600020850", "0x8fFfFfd4AfB6115b954Bd326cbe7B4BA576818f6", "0xfB6471ACD42c91FF265344Ff73E88353521d099F"],
      },
    },
  },
  arbitrum: {
    chainId: 42161,
    uniswapV3: {
      UniswapV3Factory: sdk("0x1F98431c8aD98523631AE4a59f267346ea31F984"),
      NonfungiblePositionManager: sdk("0xC36442b4a4522E871399CD717aBDD847Ab11FE88"),
      SwapRouter02: sdk("0x68b3465833fb72A70ecDF485E0e4C7bD8665Fc45"),
      Quoter: sdk("0xb27308f9F90D607463bb33eA1BeBb41C27CE5AB6"),
    },
    WETH9: sdk("0x82aF49447D8a07e3bd95BD0d56f35241523fBab1"),
    tokens: { USDC: NO_TOKEN_SOURCE, WBTC: NO_TOKEN_SOURCE, LINK: NO_TOKEN_SOURCE, UNI: UNI_NOT_L1 },
    chainlinkUsdFeeds: {
      ETH: cl("arbitrum.json", "0x639Fe6ab55C921f74e7fac1ee960C0B6293ba612"),
      BTC: cl("arbitrum.json", "0x6ce185860a4963106506C203335A2910413708e9"),
      LINK: cl("arbitrum.json", "0x86E53CF1B870786351Da77A57575e79CB55812CB"),
      UNI: cl("arbitrum.json", "0x9C917083fDb403ab5ADbEC26Ee294f6EcAda2720"),
      USDC: cl("arbitrum.json", "0x50834F3163758fcC1Df9973b6e91f0F0F0434aD3"),
    },
  },
  sepolia: {
    chainId: 11155111,
    uniswapV3: {
      UniswapV3Factory: sdk("0x0227628f3F023bb0B980b67D528571c95c6DaC1c"),
      NonfungiblePositionManager: sdk("0x1238536071E1c677A632429e3655c799b22cDA52"),
      SwapRouter02: sdk("0x3bFA4769FB09eefC5a80d6E87c3B9C650f7Ae48E"),
      Quoter: sdk("0xEd1f6473345F45b75F8179591dd5bA1888cf2FB3"),
    },
    WETH9: sdk("0xfFf9976782d46CC05630D1f6eBAb18b2324d6B14"),
    tokens: { USDC: NO_TOKEN_SOURCE, WBTC: NO_TOKEN_SOURCE, LINK: NO_TOKEN_SOURCE, UNI: UNI_NOT_L1 },
    chainlinkUsdFeeds: {
      ETH: { gap: "two ETH / USD proxies listed", candidates: ["0xD9d6f482B88C43B256fD481826890dffC8544B13", "0x694AA1769357215DE4FAC081bf1f309aDC325306"] },
      BTC: {
        gap: "three BTC / USD proxies listed",
        candidates: ["0x1b44F3514812d835EB1BDB0acB33d3fA3351Ee43", "0x38c8b98A2Cb36a55234323D7eCCD36ad3bFC5954", "0x0814104fC775A6DA92E2703ad6e3D5CCe3c178aB"],
      },
      LINK: { gap: "two LINK / USD proxies listed", candidates: ["0xc59E3633BAAC79493d908e63626716e204A45EdF", "0x0d72F186C3C7c466cF3dB553Fd359849f9795186"] },
      UNI: { gap: "no UNI / USD feed listed for Sepolia" },
      USDC: cl("ethereum.json", "0xA2F78ab2355fe2f984D808B5CeE7FD0A93D5270E"),
    },
  },
};
