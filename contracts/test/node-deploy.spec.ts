import { expect } from "chai";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ethers } from "ethers";
import { deploySystem, readDeployment, writeDeployment, attach, connectDeployment, scenario } from "../src";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForRpc(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`hardhat node exited with ${child.exitCode}`);
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`hardhat node did not answer at ${url} within ${timeoutMs} ms`);
}

describe("deploySystem against a separately started hardhat node (plain ethers, JSON-RPC)", function () {
  let node: ChildProcess | undefined;
  let url = "";

  before(async function () {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const bin = path.resolve(__dirname, "..", "..", "node_modules", ".bin", "hardhat");
    node = spawn(bin, ["node", "--hostname", "127.0.0.1", "--port", String(port)], {
      cwd: path.resolve(__dirname, ".."),
      env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true" },
      stdio: "ignore",
    });
    await waitForRpc(url, node, 60_000);
  });

  after(async () => {
    if (node && node.exitCode === null) {
      node.kill("SIGTERM");
      await new Promise((r) => node!.once("exit", r));
    }
  });

  it("deploys, writes the file, and a second process can attach and read NAV", async () => {
    const provider = new ethers.JsonRpcProvider(url, undefined, { cacheTimeout: -1 });
    const [owner, keeper, guardian] = await Promise.all([0, 1, 2].map((i) => provider.getSigner(i)));
    const dep = await deploySystem(owner, { keeper: await keeper.getAddress(), guardian: await guardian.getAddress() });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-node-")), "localhost.json");
    writeDeployment(dep, file);
    const back = readDeployment(file);
    expect(back.chainId).to.equal(31337);
    expect(back.accounts.keeper).to.equal(await keeper.getAddress());
    for (const name of ["Vault", "OracleHub", "Rebalancer", "Harvester", "Hedger", "KeeperGateway", "Venue", "Perpetual", "LPPool"]) {
      expect(back.contracts[name], name).to.not.equal(undefined);
    }
    expect(back.assets.filter((a) => a.yieldSource).map((a) => a.symbol)).to.deep.equal(["USDC", "WETH", "LINK"]);
    const other = new ethers.JsonRpcProvider(url);
    const { instances } = attach(back, other);
    expect(await instances.Vault.navUsd()).to.be.greaterThan(ethers.parseUnits("800000", 18));
    const [needed] = await instances.KeeperGateway.checkUpkeep("0x");
    expect(needed).to.equal(true);
    // Another process drives the scenario from the file alone.
    const live = connectDeployment(back, await provider.getSigner(1));
    await scenario.setPrice(live, "WETH", "3100");
    expect(await instances.OracleHub.priceOf(back.assets[1].address)).to.equal(ethers.parseUnits("3100", 18));
    provider.destroy();
    other.destroy();
  });

  it("scripts/deploy.ts names the real network and chain id in the file, with the Safe and timelock as management", async function () {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-script-")), "deployment.json");
    const bin = path.resolve(__dirname, "..", "..", "node_modules", ".bin", "hardhat");
    const result = spawnSync(bin, ["run", "scripts/deploy.ts", "--network", "localhost"], {
      cwd: path.resolve(__dirname, ".."),
      env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true", LOTGRAPH_RPC_URL: url, LOTGRAPH_DEPLOYMENT_FILE: file },
      encoding: "utf8",
    });
    expect(result.status, result.stderr + result.stdout).to.equal(0);
    const back = readDeployment(file);
    expect(back.network).to.equal("localhost");
    expect(back.chainId).to.equal(31337);
    const provider = new ethers.JsonRpcProvider(url, undefined, { cacheTimeout: -1 });
    const accounts = await Promise.all([0, 1, 2].map(async (i) => (await provider.getSigner(i)).getAddress()));
    expect(back.accounts.owner).to.equal(accounts[0]);
    expect(back.accounts.keeper).to.equal(accounts[1]);
    expect(back.accounts.guardian).to.equal(accounts[2]);
    const g = back.governance!;
    expect(g.safeOwners).to.deep.equal(accounts);
    expect(g.safeThreshold).to.equal(2);
    expect(back.accounts.management).to.equal(g.timelock);
    const { instances } = attach(back, provider);
    expect(await instances.Vault.management()).to.equal(g.timelock);
    expect(await instances.Safe.getThreshold()).to.equal(2n);
    provider.destroy();
  });
});
