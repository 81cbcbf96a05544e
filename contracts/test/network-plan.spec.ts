import { expect } from "chai";
import { ADDRESS_BOOK, isGap, type NetworkBook } from "../src/venues";
import { planBookDeploy, planDeploy, planDevDeploy, BOOK_NETWORKS, formatPlan } from "../src/networkPlan";
import { checkDeployTarget, DeployRefused } from "../src/deploy";

const ROLES = { keeper: "0x0000000000000000000000000000000000000001", guardian: "0x0000000000000000000000000000000000000002" };

describe("Deploy plan per network (offline)", () => {
  for (const network of BOOK_NETWORKS) {
    describe(network, () => {
      const book = ADDRESS_BOOK[network];
      const plan = planDeploy(network, book.chainId);

      it("deploys only the system's own contracts and no mock; the oracle reads one Chainlink feed per asset", () => {
        expect(plan.venues).to.equal("address book");
        expect(plan.oracle).to.deep.equal({ feedsPerAsset: 1, quorum: 1 });
        expect(plan.deploy.map((d) => d.role)).to.deep.equal([
          "OracleHub", "Vault", "Rebalancer", "Harvester", "Perpetual", "Hedger", "KeeperGateway", "Safe", "Timelock", "Governor", "UniswapV3Venue",
        ]);
        expect(plan.deploy.filter((d) => /Mock|UniswapV3Factory|WETH9|Aggregator/.test(d.contract))).to.deep.equal([]);
      });

      it("reuses every sourced entry of the book with its source, and lists every gap of it (nothing guessed)", () => {
        const sourced = [
          ...Object.entries(book.uniswapV3),
          ["token WETH", book.WETH9] as const,
          ...Object.entries(book.tokens).map(([k, v]) => [`token ${k}`, v] as const),
          ...Object.entries(book.chainlinkUsdFeeds).map(([k, v]) => [`feed ${k} / USD`, v] as const),
        ];
        for (const [role, e] of sourced) {
          if (isGap(e)) {
            const g = plan.gaps.find((x) => x.role === role);
            expect(g, `${network} ${role} gap`).to.not.equal(undefined);
            expect(g!.gap).to.equal(e.gap);
            expect(g!.candidates).to.deep.equal(e.candidates);
            expect(plan.reuse.find((r) => r.role === role)).to.equal(undefined);
          } else {
            expect(plan.reuse.find((r) => r.role === role), `${network} ${role}`).to.deep.equal({ role, address: e.address, source: e.source });
          }
        }
        expect(plan.reuse.every((r) => r.address.startsWith("0x") && r.source.length > 0)).to.equal(true);
      });

      it("is not ready while anything it needs is a gap, and deploySystem refuses it naming the gaps", () => {
        expect(plan.ready).to.equal(false);
        expect(plan.gaps.map((g) => g.role)).to.include.members(["router for UniswapV3Venue", "Hedger's LP position", "yield sources"]);
        const call = () => checkDeployTarget(book.chainId, network, { ...ROLES, governance: { safeOwners: [ROLES.keeper] } });
        expect(call).to.throw(DeployRefused, /address-book plan has \d+ gap\(s\): .*token USDC/);
        expect(formatPlan(plan).filter((l) => l.includes("GAP"))).to.have.length(plan.gaps.length);
      });

      it("refuses a node whose chain id is not the book's", () => {
        expect(() => planDeploy(network, book.chainId + 1)).to.throw(/is chain \d+ in the address book, the node says/);
      });
    });
  }

  it("computes the perp's pool address by CREATE2 once WETH9 and USDC are known (Ethereum's WETH/USDC 0.3 % pool)", () => {
    // Circle's USDC on Ethereum, as an input of this check only (the book keeps it a gap until a package lists it)
    const usdc = "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48";
    const book: NetworkBook = { ...ADDRESS_BOOK.ethereum, tokens: { ...ADDRESS_BOOK.ethereum.tokens, USDC: { address: usdc, source: "test input" } } };
    const plan = planBookDeploy("ethereum", book);
    const pool = plan.reuse.find((r) => r.role.startsWith("pool WETH/USDC 3000"));
    expect(pool?.address.toLowerCase()).to.equal("0x8ad599c3a0ff1de082011efddc58f1908eb6e6d8");
  });

  it("deploys everything on a dev chain, 5 mock feeds per asset at a 3-of-5 quorum", () => {
    const plan = planDeploy("hardhat", 31337);
    expect(plan).to.deep.equal(planDevDeploy("hardhat", 31337));
    expect(plan.venues).to.equal("deploy");
    expect(plan.ready).to.equal(true);
    expect(plan.oracle).to.deep.equal({ feedsPerAsset: 5, quorum: 3 });
    expect(plan.reuse).to.deep.equal([]);
    expect(plan.deploy.filter((d) => d.contract === "MockAggregatorV3")).to.have.length(25);
    expect(plan.deploy.map((d) => d.role)).to.include.members(["UniswapV3Factory", "Perpetual", "WETH9"]);
    expect(() => checkDeployTarget(31337, "hardhat", {})).to.not.throw();
  });
});
