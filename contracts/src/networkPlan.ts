import { ADDRESS_BOOK, isGap, type BookEntry, type NetworkBook } from "./venues/addresses";
import { poolAddress } from "./venues/uniswap";
import { ORACLE_CONFIG } from "./deploy";
import { PERP_POOL } from "./perp";

/**
 * What a deployment would do on a network, computed offline: which contracts it deploys, which it reuses from the
 * address book (with the source of each address), and the gaps that keep it from going ahead. The dev network
 * deploys everything (mock tokens and feeds, Uniswap v3 from its artifacts); a network of the address book
 * deploys only the system's own contracts and takes Uniswap, WETH9, the assets and one Chainlink feed per asset
 * from the book, with the oracle's quorum at one feed.
 */

export type BookNetwork = keyof typeof ADDRESS_BOOK;
export const BOOK_NETWORKS = Object.keys(ADDRESS_BOOK) as BookNetwork[];

export interface Reused {
  role: string;
  address: string;
  source: string;
}
export interface Planned {
  role: string;
  contract: string;
}
export interface PlanGap {
  role: string;
  gap: string;
  candidates?: string[];
}

export interface DeployPlan {
  network: string;
  chainId: number;
  /** "deploy": mocks and Uniswap deployed here (dev chain); "address book": reused from ADDRESS_BOOK */
  venues: "deploy" | "address book";
  oracle: { feedsPerAsset: number; quorum: number };
  deploy: Planned[];
  reuse: Reused[];
  gaps: PlanGap[];
  /** whether nothing the deployment needs is missing */
  ready: boolean;
}

/** The risk assets and the stablecoin the system runs, with the book's token and USD feed for each. */
const ASSETS = [
  { symbol: "USDC", token: "USDC", feed: "USDC" },
  { symbol: "WETH", token: "WETH9", feed: "ETH" },
  { symbol: "WBTC", token: "WBTC", feed: "BTC" },
  { symbol: "LINK", token: "LINK", feed: "LINK" },
  { symbol: "UNI", token: "UNI", feed: "UNI" },
] as const;

/** The system's own contracts, deployed on every network (behind UUPS proxies where they are upgradeable). */
const SYSTEM: Planned[] = [
  { role: "OracleHub", contract: "OracleHub" },
  { role: "Vault", contract: "Vault" },
  { role: "Rebalancer", contract: "Rebalancer" },
  { role: "Harvester", contract: "Harvester" },
  { role: "Perpetual", contract: "Perpetual" },
  { role: "Hedger", contract: "Hedger" },
  { role: "KeeperGateway", contract: "KeeperGateway" },
  { role: "Safe", contract: "SafeL2 (Safe's artifact)" },
  { role: "Timelock", contract: "TimelockController" },
  { role: "Governor", contract: "LotgraphGovernor" },
];

/** What the deployment needs that neither the book nor this repository can supply on a real network yet. */
const REAL_NETWORK_GAPS: PlanGap[] = [
  {
    role: "router for UniswapV3Venue",
    gap: "the venue calls SwapRouter (v3-periphery 1.x, a deadline in its params); the book holds SwapRouter02, whose exactInputSingle has no deadline field, and sdk-core lists no SwapRouter address",
  },
  { role: "Hedger's LP position", gap: "the full-range LP position and the liquidity manager are deployed on the dev chain's own Uniswap v3 pools; wiring them to a network's NonfungiblePositionManager and pools has not been planned yet" },
  { role: "yield sources", gap: "the harvester's sources are the dev chain's MockYieldSource; the book lists no ERC4626 source per asset" },
];

/** The dev chain's plan: everything deployed here, 5 mock feeds per asset at the hub's 3-of-5 quorum. */
export function planDevDeploy(network = "hardhat", chainId = 31337, feedsPerAsset = 5): DeployPlan {
  const deploy: Planned[] = [
    ...ASSETS.map((a) => ({ role: `token ${a.symbol}`, contract: "MockERC20" })),
    ...ASSETS.flatMap((a) => Array.from({ length: feedsPerAsset }, (_, i) => ({ role: `feed ${a.symbol} / USD #${i}`, contract: "MockAggregatorV3" }))),
    { role: "WETH9", contract: "WETH9 (canonical-weth artifact)" },
    { role: "UniswapV3Factory", contract: "UniswapV3Factory (v3-core artifact)" },
    { role: "SwapRouter", contract: "SwapRouter (v3-periphery artifact)" },
    { role: "NonfungiblePositionManager", contract: "NonfungiblePositionManager (v3-periphery artifact)" },
    { role: "QuoterV2", contract: "QuoterV2 (v3-periphery artifact)" },
    { role: `pool WETH/USDC ${PERP_POOL.feeTier} (the perp's mark)`, contract: "UniswapV3Pool (created by the factory)" },
    { role: "SwapRouter (the rebalancer's)", contract: "MockSwapRouter" },
    { role: "LPPool", contract: "UniswapV3LiquidityPosition (a full-range position on the NonfungiblePositionManager)" },
    { role: "LiquidityManager", contract: "LiquidityManager (WETH/USDC on the Uniswap v3 pools, with its RangeMath library)" },
    { role: "yield sources", contract: "MockYieldSource" },
    ...SYSTEM,
  ];
  return { network, chainId, venues: "deploy", oracle: { feedsPerAsset, quorum: ORACLE_CONFIG.quorum }, deploy, reuse: [], gaps: [], ready: true };
}

function take(role: string, e: BookEntry, reuse: Reused[], gaps: PlanGap[]): string | undefined {
  if (isGap(e)) {
    gaps.push({ role, gap: e.gap, ...(e.candidates ? { candidates: e.candidates } : {}) });
    return undefined;
  }
  reuse.push({ role, address: e.address, source: e.source });
  return e.address;
}

/** The plan on a network of the address book: the system's contracts deployed, everything else from the book. */
export function planBookDeploy(network: BookNetwork, book: NetworkBook = ADDRESS_BOOK[network]): DeployPlan {
  if (!book) throw new Error(`no address book for network "${network}" (the book has ${BOOK_NETWORKS.join(", ")})`);
  const reuse: Reused[] = [];
  const gaps: PlanGap[] = [];
  const factory = take("UniswapV3Factory", book.uniswapV3.UniswapV3Factory, reuse, gaps);
  take("NonfungiblePositionManager", book.uniswapV3.NonfungiblePositionManager, reuse, gaps);
  take("SwapRouter02", book.uniswapV3.SwapRouter02, reuse, gaps);
  take("Quoter", book.uniswapV3.Quoter, reuse, gaps);
  const tokens: Record<string, string | undefined> = {};
  for (const a of ASSETS) {
    const entry = a.token === "WETH9" ? book.WETH9 : book.tokens[a.token];
    tokens[a.symbol] = take(`token ${a.symbol}`, entry, reuse, gaps);
  }
  for (const a of ASSETS) take(`feed ${a.feed} / USD`, book.chainlinkUsdFeeds[a.feed], reuse, gaps);
  const perpPool = `pool WETH/USDC ${PERP_POOL.feeTier} (the perp's mark)`;
  if (factory && tokens.WETH && tokens.USDC) {
    reuse.push({ role: perpPool, address: poolAddress(factory, tokens.WETH, tokens.USDC, PERP_POOL.feeTier), source: "CREATE2 from the factory and the pair (v3-periphery's PoolAddress)" });
  } else {
    gaps.push({ role: perpPool, gap: "its address follows from the factory, WETH9 and USDC, and one of them is a gap" });
  }
  gaps.push(...REAL_NETWORK_GAPS);
  return {
    network,
    chainId: book.chainId,
    venues: "address book",
    oracle: { feedsPerAsset: 1, quorum: 1 },
    deploy: [...SYSTEM, { role: "UniswapV3Venue", contract: "UniswapV3Venue" }],
    reuse,
    gaps,
    ready: gaps.length === 0,
  };
}

/** The plan for `network`: the address book's for its networks, the dev plan for a dev chain. */
export function planDeploy(network: string, chainId: number): DeployPlan {
  if ((BOOK_NETWORKS as string[]).includes(network)) {
    const plan = planBookDeploy(network as BookNetwork);
    if (plan.chainId !== chainId) throw new Error(`network "${network}" is chain ${plan.chainId} in the address book, the node says ${chainId}`);
    return plan;
  }
  return planDevDeploy(network, chainId);
}

/** One line per step of a plan, for `--dry-run` output. */
export function formatPlan(plan: DeployPlan): string[] {
  return [
    `${plan.network} (chain ${plan.chainId}): venues ${plan.venues}, oracle ${plan.oracle.quorum} of ${plan.oracle.feedsPerAsset} feed(s) per asset, ${plan.ready ? "ready" : `${plan.gaps.length} gap(s)`}`,
    ...plan.deploy.map((d) => `  deploy  ${d.role}: ${d.contract}`),
    ...plan.reuse.map((r) => `  reuse   ${r.role}: ${r.address} (${r.source})`),
    ...plan.gaps.map((g) => `  GAP     ${g.role}: ${g.gap}${g.candidates ? ` [candidates: ${g.candidates.join(", ")}]` : ""}`),
  ];
}
