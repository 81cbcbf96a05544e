import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deployedSystem } from "./fixtures";
import { ethers } from "ethers";
import { readDeployment, writeDeployment, loadArtifact, deploySystem, DeployRefused } from "../src";

describe("deploySystem", () => {
  it("deploys the vault, modules and at least four risk assets with five feeds each", async () => {
    const { dep, vault } = await loadFixture(deployedSystem);
    expect(dep.network).to.equal("hardhat");
    expect(dep.chainId).to.equal(31337);
    for (const name of ["Vault", "OracleHub", "Rebalancer", "SwapRouter"]) {
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

  it("writes a deployment file that reads back without the live objects", async () => {
    const { dep } = await loadFixture(deployedSystem);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-dep-")), "localhost.json");
    writeDeployment(dep, file);
    const back = readDeployment(file);
    expect(Object.keys(back).sort()).to.deep.equal(["accounts", "assets", "chainId", "contracts", "network"]); // ungoverned: no "governance"
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
