import { expect } from "chai";
import { ethers } from "ethers";
import * as sdk from "@uniswap/sdk-core";
import { ADDRESS_BOOK, SDK_CORE, CHAINLINK_DATA, isGap, type BookEntry, type NetworkBook } from "../src/venues";

const CHAIN_IDS: Record<keyof typeof ADDRESS_BOOK, number> = {
  ethereum: sdk.ChainId.MAINNET,
  arbitrum: sdk.ChainId.ARBITRUM_ONE,
  sepolia: sdk.ChainId.SEPOLIA,
};

function entries(book: NetworkBook): [string, BookEntry][] {
  return [
    ...Object.entries(book.uniswapV3).map(([k, v]) => [`uniswapV3.${k}`, v] as [string, BookEntry]),
    ["WETH9", book.WETH9],
    ...Object.entries(book.tokens).map(([k, v]) => [`tokens.${k}`, v] as [string, BookEntry]),
    ...Object.entries(book.chainlinkUsdFeeds).map(([k, v]) => [`chainlinkUsdFeeds.${k}`, v] as [string, BookEntry]),
  ];
}

describe("Address book (offline)", () => {
  for (const [network, book] of Object.entries(ADDRESS_BOOK) as [keyof typeof ADDRESS_BOOK, NetworkBook][]) {
    describe(network, () => {
      it("has the chain id sdk-core gives the network", () => {
        expect(book.chainId).to.equal(CHAIN_IDS[network]);
      });

      it("every entry is a checksummed address with its source, or a gap that says why", () => {
        for (const [key, e] of entries(book)) {
          if (isGap(e)) {
            expect(e.gap.length, `${network} ${key}`).to.be.greaterThan(10);
            for (const c of e.candidates ?? []) expect(ethers.getAddress(c), `${network} ${key} candidate`).to.equal(c);
            continue;
          }
          expect(ethers.getAddress(e.address), `${network} ${key}`).to.equal(e.address);
          expect(e.source === SDK_CORE || e.source.startsWith(`${CHAINLINK_DATA}/`), `${network} ${key} source ${e.source}`).to.equal(true);
        }
      });

      it("no address serves two roles", () => {
        const seen = new Map<string, string>();
        for (const [key, e] of entries(book)) {
          for (const a of isGap(e) ? e.candidates ?? [] : [e.address]) {
            expect(seen.get(a), `${network}: ${a} is both ${seen.get(a)} and ${key}`).to.equal(undefined);
            seen.set(a, key);
          }
        }
      });

      it("Uniswap's entries and WETH9 are sdk-core's", () => {
        const id = CHAIN_IDS[network];
        const m = sdk.CHAIN_TO_ADDRESSES_MAP[id as keyof typeof sdk.CHAIN_TO_ADDRESSES_MAP];
        const expected: Record<string, string> = {
          UniswapV3Factory: m.v3CoreFactoryAddress,
          NonfungiblePositionManager: m.nonfungiblePositionManagerAddress!,
          SwapRouter02: sdk.SWAP_ROUTER_02_ADDRESSES(id),
          Quoter: m.quoterAddress,
        };
        for (const [k, e] of Object.entries(book.uniswapV3)) {
          expect(isGap(e) ? e.gap : e.address.toLowerCase(), `${network} ${k}`).to.equal(expected[k].toLowerCase());
        }
        const weth = book.WETH9;
        expect(isGap(weth) ? weth.gap : weth.address.toLowerCase()).to.equal(sdk.WETH9[id].address.toLowerCase());
      });
    });
  }

  it("Arbitrum has one feed per asset (quorum 1), the gaps elsewhere are stated", () => {
    expect(Object.values(ADDRESS_BOOK.arbitrum.chainlinkUsdFeeds).every((e) => !isGap(e))).to.equal(true);
    const mainnetEth = ADDRESS_BOOK.ethereum.chainlinkUsdFeeds.ETH;
    expect(isGap(mainnetEth) && mainnetEth.candidates!.length).to.equal(3);
  });
});
