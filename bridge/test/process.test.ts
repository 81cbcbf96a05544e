/**
 * The relayer as a real process (src/main.ts): killed with SIGKILL while transfers are under way and
 * started again, it delivers everything exactly once; SIGTERM stops it cleanly.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sendStablecoin, tokenContract } from "../src/transfer";
import { startTwoChains, until, type TwoChains } from "./support/twoChains";

const MAIN = path.resolve(__dirname, "../src/main.ts");
let c: TwoChains;
let file: string;

before(async () => {
  c = await startTwoChains();
  file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-relayer-")), "bridge.json");
  fs.writeFileSync(file, JSON.stringify(c.deployment));
});
after(() => c?.stop());

function startRelayer(extra: string[] = []): { child: ChildProcess; output: () => string } {
  const args = ["--import", "tsx", MAIN, "--deployment", file, "--home-rpc", c.home.node.url, "--l2-rpc", c.l2.node.url, "--poll-ms", "100", ...extra];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  return { child, output: () => out };
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

test("the relayer process, killed and started again, delivers every transfer exactly once", async () => {
  const to = await c.l2.user.getAddress();
  const balance = () => tokenContract(c.deployment.remote, c.l2.provider).balanceOf(to) as Promise<bigint>;

  const first = startRelayer();
  try {
    await until("the relayer to poll", async () => first.output().includes("polling"));
    await sendStablecoin(c.deployment.home, c.deployment.remote, c.home.user, to, 1_000_000n);
    await until("the first delivery", async () => (await balance()) === 1_000_000n);
  } finally {
    first.child.kill("SIGKILL");
    await exited(first.child);
  }

  await sendStablecoin(c.deployment.home, c.deployment.remote, c.home.user, to, 2_000_000n);
  await sendStablecoin(c.deployment.home, c.deployment.remote, c.home.user, to, 3_000_000n);
  assert.equal(await balance(), 1_000_000n, "nothing is delivered while the relayer is down");

  const second = startRelayer();
  const delivered = () => (second.output().match(/delivered/g) ?? []).length;
  try {
    await until("both deliveries after the restart", async () => delivered() >= 2 && (await balance()) === 6_000_000n);
    await c.relayer().runOnce(); // one more pass of our own: nothing left for anyone
    assert.equal(delivered(), 2, "the restarted relayer delivered the two pending packets, not the first again");
  } finally {
    second.child.kill("SIGTERM");
  }
  assert.equal(await exited(second.child), 0);
  assert.equal(await balance(), 6_000_000n);
});

test("the relayer process refuses a key that is not the bridge's DVN and a wrong RPC, naming them", async () => {
  const args = ["--import", "tsx", MAIN, "--deployment", file, "--home-rpc", c.l2.node.url, "--l2-rpc", c.home.node.url];
  const swapped = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  swapped.stderr.on("data", (d) => (err += d));
  assert.equal(await exited(swapped), 2);
  assert.match(err, /home RPC answers chain id 412346, the deployment says 31337/);

  const stranger = spawn(process.execPath, ["--import", "tsx", MAIN, "--deployment", file, "--home-rpc", c.home.node.url, "--l2-rpc", c.l2.node.url], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, LOTGRAPH_RELAYER_KEY: "0x" + "11".repeat(32) },
  });
  let err2 = "";
  stranger.stderr.on("data", (d) => (err2 += d));
  assert.equal(await exited(stranger), 2);
  assert.match(err2, /the key is 0x[0-9a-fA-F]{40}, the bridge's DVN is 0xa0Ee7A142d267C1f36714E4a8F75612F20a79720/);
});
