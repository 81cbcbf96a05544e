import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deployedOnPools as deployedSystem } from "./fixtures";
import { ethers } from "ethers";
import { readDeployment, writeDeployment, loadArtifact, deploySystem, DeployRefused, ARTIFACTS_DIR, MANAGER_COST_CONFIG } from "../src";

describe("deploySystem", () => {
  it("deploys the vault, modules and at least four risk assets with five feeds each", async () => {
    const { dep, vault } = await loadFixture(deployedSystem);
    expect(dep.network).to.equal("hardhat");
    expect(dep.chainId).to.equal(31337);
    for (const name of ["Vault", "OracleHub", "Rebalancer", "Venue"]) {
      expect(dep.contracts[name].address).to.match(/^0x[0-9a-fA-F]{40}$/);
      expect(dep.contracts[name].startBlock).to.be.greaterThan(0);
    }
    const risk = dep.assets.filter((a) => !a.isStable);
    expect(risk.length).to.be.at.least(4);
    expect(dep.assets.filter((a) => a.isStable).map((a) => a.symbol)).to.deep.equal(["USDC"]);
    for (const a of dep.assets) expect(a.feeds).to.have.length(5);
    expect(await vault.getAssets()).to.deep.equal(dep.assets.map((a) => a.address));
    expect(await vault.owner()).to.equal(dep.accounts.owner);
  });

  it("trades on Uniswap v3 from its npm bytecode: no mock venue, the rebalancer's router is UniswapV3Venue over the market's seeded pools", async () => {
    const { dep, rebalancer, venue, asset } = await loadFixture(deployedSystem);
    expect(Object.keys(dep.contracts)).to.not.include.members(["SwapRouter"]);
    expect(await rebalancer.router()).to.equal(await venue.getAddress());
    const market = dep.market!;
    expect(await venue.factory()).to.equal(market.uniswap.UniswapV3Factory);
    expect(await venue.swapRouter()).to.equal(market.uniswap.SwapRouter);
    const provider = dep.signer.provider!;
    // every deployed contract is ours or Uniswap's: none of the mocks' bytecode is on the chain's system addresses
    const mockCode = ["MockSwapRouter", "MockLPPool"].map((n) => JSON.parse(fs.readFileSync(path.join(ARTIFACTS_DIR, "contracts", "mocks", `${n}.sol`, `${n}.json`), "utf8")).deployedBytecode);
    for (const c of Object.values(dep.contracts)) expect(mockCode).to.not.include(await provider.getCode(c.address));
    // each risk asset has its pool at the rebalancer's tier (UNI through WETH), seeded and priced at the oracle
    const usdc = asset("USDC").address;
    for (const symbol of ["WETH", "WBTC", "LINK", "UNI"]) {
      const a = asset(symbol).address;
      const oracle: bigint = await dep.instances.OracleHub.priceOf(a);
      const spot: bigint = await venue.spotPrice(a, usdc, 3000);
      const twap: bigint = await venue.twapPrice(a, usdc, 3000, 1800);
      for (const p of [spot, twap]) expect(Number(((p > oracle ? p - oracle : oracle - p) * 10_000n) / oracle)).to.be.at.most(1);
      expect(await venue.depthUsd(a, usdc, 3000)).to.be.greaterThan(10n ** 18n * 1_000_000n);
    }
    expect(market.pools.map((p) => `${p.asset}/${p.quote}/${p.feeTier}`)).to.include.members(["WETH/USDC/500", "WETH/USDC/3000", "WETH/USDC/10000", "UNI/WETH/3000"]);
    // the hedger's LP position and the perpetual's mark sit in the market's WETH/USDC 0.3 % pool
    const wethPool = market.pools.find((p) => p.asset === "WETH" && p.quote === "USDC" && p.feeTier === 3000)!;
    expect(await dep.instances.LPPool.pool()).to.equal(wethPool.address);
    expect((await dep.instances.Perpetual.market(asset("WETH").address)).pool).to.equal(wethPool.address);
  });

  it("deploys the liquidity manager on the market's WETH/USDC tiers, wired like the other modules, its first range open and hedged with the LP position", async () => {
    const { dep, vault, hedger, gateway, asset } = await loadFixture(deployedSystem);
    const entry = dep.contracts.LiquidityManager;
    const manager = dep.instances.LiquidityManager;
    const market = dep.market!;
    // the deployment file carries what the subgraph's data source needs
    expect(entry.startBlock).to.be.greaterThan(0);
    expect([entry.asset, entry.stable, entry.factory]).to.deep.equal([asset("WETH").address, asset("USDC").address, market.uniswap.UniswapV3Factory]);
    expect((await manager.tiers()).map(Number)).to.deep.equal([500, 3000, 10000]);
    expect(await manager.swapRouter()).to.equal(market.uniswap.SwapRouter);
    expect((await manager.costConfig()).maxSlippageBps).to.equal(MANAGER_COST_CONFIG.maxSlippageBps);
    expect(await vault.moduleOf(ethers.id("LIQUIDITY_MANAGER"))).to.equal(entry.address);
    expect(await hedger.liquidityManager()).to.equal(entry.address);
    expect(await gateway.liquidityManager()).to.equal(entry.address);
    for (const k of [dep.accounts.keeper, await gateway.getAddress()]) expect(await manager.isKeeper(k), k).to.equal(true);
    expect(await manager.isKeeper(dep.accounts.owner)).to.equal(false); // the owner opened the first range as keeper, then lost the role
    expect(await manager.guardian()).to.equal(dep.accounts.guardian);
    // the first range: a quarter of the vault's 40 WETH (after its yield allocation) and the same value in USDC
    expect(await manager.tokenId()).to.not.equal(0n);
    const [x, y]: bigint[] = await manager.positionAmounts();
    expect(x + y * 10n ** 12n / 3000n).to.be.within(19n * 10n ** 18n, 20n * 10n ** 18n);
    const [lpX] = await dep.instances.LPPool.amounts();
    expect(await hedger.lpDelta()).to.equal(lpX + x);
    expect(await vault.navUsd()).to.be.greaterThan(await manager.positionValueUsd());
  });

  it("writes a deployment file that reads back without the live objects", async () => {
    const { dep } = await loadFixture(deployedSystem);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-dep-")), "localhost.json");
    writeDeployment(dep, file);
    const back = readDeployment(file);
    expect(Object.keys(back).sort()).to.deep.equal(["accounts", "assets", "chainId", "contracts", "market", "network"]); // ungoverned: no "governance"
    expect(back.market).to.deep.equal(dep.market);
    expect(back.contracts.Vault).to.deep.equal(dep.contracts.Vault);
    expect(back.assets[1].feeds).to.deep.equal(dep.assets[1].feeds);
  });

  it("refuses to put its mocks (or default roles) on a chain that is not a local dev chain, before sending anything", async () => {
    // A provider that says it is Optimism (not in the address book); nothing is sent, so no node needs to answer.
    const provider = new ethers.JsonRpcProvider("http://127.0.0.1:9", 10, { staticNetwork: true });
    const signer = new ethers.Wallet(ethers.id("a key nobody uses"), provider);
    let err: unknown;
    try {
      await deploySystem(signer, { network: "optimism" });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(DeployRefused);
    const message = (err as Error).message;
    expect(message).to.contain('chain 10 (network "optimism")');
    expect(message).to.contain("mock tokens, price feeds");
    expect(message).to.contain("explicit keeper, guardian, Safe owners");
    // Explicit roles do not make mocks acceptable there.
    await deploySystem(signer, { network: "optimism", keeper: signer.address, guardian: signer.address, governance: { safeOwners: [signer.address] } })
      .then(() => expect.fail("deployed mocks to Optimism"), (e: Error) => {
        expect(e.message).to.contain("mock tokens");
        expect(e.message).to.not.contain("explicit");
      });
    provider.destroy();
  });

  it("refuses a network of the address book while its plan has gaps, naming them, before sending anything", async () => {
    const provider = new ethers.JsonRpcProvider("http://127.0.0.1:9", 11155111, { staticNetwork: true });
    const signer = new ethers.Wallet(ethers.id("a key nobody uses"), provider);
    const err = await deploySystem(signer, { network: "sepolia" }).then(() => undefined, (e: Error) => e);
    expect(err).to.be.instanceOf(DeployRefused);
    expect(err!.message).to.contain('chain 11155111 (network "sepolia"): the address-book plan has');
    expect(err!.message).to.contain("token USDC");
    expect(err!.message).to.not.contain("mock tokens");
    expect(err!.message).to.contain("explicit keeper, guardian, Safe owners");
    provider.destroy();
  });

  it("names the missing artifact when asked for one that does not exist", () => {
    expect(() => loadArtifact("NoSuchContract")).to.throw(/NoSuchContract/);
  });
});
