/**
 * The relayer as a process of its own:
 *
 *   npx tsx bridge/src/main.ts --deployment .data/bridge.json --home-rpc http://127.0.0.1:8545 --l2-rpc http://127.0.0.1:8546
 *
 * It polls both chains (`--poll-ms`, default 250) and delivers every packet of the bridge in the
 * deployment file until SIGINT or SIGTERM. It keeps no state of its own: started again after any stop
 * (even `kill -9`), it reads each packet's state on chain and finishes what was left. Its key is
 * `LOTGRAPH_RELAYER_KEY` (hex private key), or the development account 9 on local chains.
 */
import { parseArgs } from "node:util";
import { ethers } from "ethers";
import { HOME, L2, RELAYER_INDEX, devWallet, localProvider } from "./chains";
import { readBridgeDeployment } from "./deploy";
import { Relayer } from "./relayer";

function fail(message: string): never {
  process.stderr.write(`relayer: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      deployment: { type: "string" },
      "home-rpc": { type: "string" },
      "l2-rpc": { type: "string" },
      "poll-ms": { type: "string", default: "250" },
    },
  });
  if (!values.deployment || !values["home-rpc"] || !values["l2-rpc"]) fail("--deployment, --home-rpc and --l2-rpc are required");
  const pollMs = Number(values["poll-ms"]);
  if (!Number.isInteger(pollMs) || pollMs < 10) fail(`--poll-ms: ${values["poll-ms"]} is not a whole number of milliseconds ≥ 10`);
  const deployment = readBridgeDeployment(values.deployment);
  const home = localProvider(values["home-rpc"], { ...HOME, ...deployment.home.chain });
  const l2 = localProvider(values["l2-rpc"], { ...L2, ...deployment.remote.chain });
  for (const [provider, side] of [[home, deployment.home], [l2, deployment.remote]] as const) {
    const answered = Number(await provider.send("eth_chainId", []));
    if (answered !== side.chain.chainId) fail(`${side.chain.name} RPC answers chain id ${answered}, the deployment says ${side.chain.chainId}`);
  }
  const key = process.env.LOTGRAPH_RELAYER_KEY;
  const signer = (p: ethers.JsonRpcProvider) => (key ? new ethers.Wallet(key, p) : devWallet(p, RELAYER_INDEX));
  if ((await signer(home).getAddress()) !== deployment.relayer) fail(`the key is ${await signer(home).getAddress()}, the bridge's DVN is ${deployment.relayer}`);

  const log = (m: string) => process.stdout.write(`${m}\n`);
  const relayer = new Relayer({ deployment, home: { provider: home, signer: signer(home) }, remote: { provider: l2, signer: signer(l2) }, pollMs, log });
  const stop = async () => {
    await relayer.stop();
    home.destroy();
    l2.destroy();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  relayer.start();
  log(`relayer    polling ${deployment.home.chain.name} and ${deployment.remote.chain.name} every ${pollMs} ms as ${deployment.relayer}`);
}

main().catch((err) => fail((err as Error).message));
