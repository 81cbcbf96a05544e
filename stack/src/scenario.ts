/**
 * A short scripted scenario on a freshly deployed system: a deposit, oracle moves, a rebalance, a
 * harvest, a hedge and a tax-loss harvest. It returns every event the chain emitted, step by step, so
 * the caller can check that graph-node indexed each one. Later work replaces it with a simulated year.
 */
import { ethers } from "ethers";
import type { Deployment } from "@lotgraph/contracts";

export interface ChainEvent {
  contract: string;
  name: string;
  args: ethers.Result;
  blockNumber: number;
  logIndex: number;
  transactionHash: string;
}

export interface ScenarioStep {
  name: string;
  events: ChainEvent[];
}

const DAY = 86_400;

/** Decodes a receipt's logs with the deployment's contract interfaces (logs of other contracts are skipped). */
export function decodeReceipt(dep: Deployment, receipt: ethers.TransactionReceipt): ChainEvent[] {
  const byAddress = new Map<string, [string, ethers.Contract]>();
  for (const [name, c] of Object.entries(dep.instances)) byAddress.set(dep.contracts[name]?.address.toLowerCase() ?? "", [name, c]);
  const events: ChainEvent[] = [];
  for (const log of receipt.logs) {
    const found = byAddress.get(log.address.toLowerCase());
    if (!found) continue;
    const parsed = found[1].interface.parseLog(log);
    if (!parsed) continue;
    events.push({
      contract: found[0],
      name: parsed.name,
      args: parsed.args,
      blockNumber: log.blockNumber,
      logIndex: log.index,
      transactionHash: log.transactionHash,
    });
  }
  return events;
}

async function mined(tx: Promise<ethers.ContractTransactionResponse>): Promise<ethers.TransactionReceipt> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error("transaction dropped");
  return receipt;
}

export async function runScenario(dep: Deployment, log: (m: string) => void = () => {}): Promise<ScenarioStep[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { scenario, maxHarvestAmount, rebalancerVenue } = require("@lotgraph/contracts") as typeof import("@lotgraph/contracts");
  const provider = dep.signer.provider!;
  const steps: ScenarioStep[] = [];
  const record = (name: string, receipts: ethers.TransactionReceipt[]) => {
    const events = receipts.flatMap((r) => decodeReceipt(dep, r));
    steps.push({ name, events });
    log(`  ${name.padEnd(14)} ${summarise(events)}`);
  };
  /** Runs due keeper upkeeps until none is due (at most `max`). */
  const upkeeps = async (max = 6) => {
    const receipts: ethers.TransactionReceipt[] = [];
    for (let i = 0; i < max; i++) {
      const [needed, data] = await dep.instances.KeeperGateway.checkUpkeep("0x");
      if (!needed) break;
      receipts.push(await mined(dep.instances.KeeperGateway.performUpkeep(data)));
    }
    return receipts;
  };
  const spec = (symbol: string) => dep.assets.find((a) => a.symbol === symbol)!;
  const vault = dep.contracts.Vault.address;

  // 1. The owner deposits more USDC.
  const usdc = spec("USDC");
  const amount = ethers.parseUnits("25000", usdc.decimals);
  const owner = await dep.signer.getAddress();
  const deposit = [
    await mined(dep.tokens.USDC.mint(owner, amount)),
    await mined(dep.tokens.USDC.approve(vault, amount)),
    await mined(dep.instances.Vault.deposit(usdc.address, amount)),
  ];
  record("deposit", deposit);

  // 2. A day passes; WETH rallies 12 %, UNI falls 20 % (moves above 25 % would trip the oracle's circuit breaker):
  //    the pools follow (the arbitrageur), then the feeds post.
  await scenario.increaseTime(dep, DAY);
  await scenario.refreshFeeds(dep);
  record("market moves", [await scenario.moveMarket(dep, { WETH: "3360", UNI: "6.4" })]);

  // 3. The keeper rebalances (weights update, rebalance, and whatever else is due).
  record("keeper upkeep", await upkeeps());

  // 4. Yield accrues on the USDC source; the keeper harvests it. UNI slides another 15 %.
  await scenario.increaseTime(dep, DAY);
  await scenario.refreshFeeds(dep);
  await scenario.accrueYield(dep, "USDC", "1250");
  const uniSlide = await scenario.moveMarket(dep, { UNI: "5.44" });
  record("yield, upkeep", [uniSlide, ...(await upkeeps())]);

  // 5. WETH moves again: the LP's delta changes and the keeper re-hedges.
  await scenario.increaseTime(dep, 2 * 3600);
  await scenario.refreshFeeds(dep);
  const wethMove = await scenario.moveMarket(dep, { WETH: "3900" });
  record("WETH +16 %", [wethMove, ...(await upkeeps())]);

  // 6. UNI is under water: sell 80 % of it for the stablecoin (at most what the venue takes in one trade) and lock
  //    repurchases for 31 days.
  const uni = spec("UNI");
  await scenario.moveMarket(dep, {}); // the market arbitrages the upkeeps' trades away before the sale
  const balance: bigint = await dep.tokens.UNI.balanceOf(vault);
  const venue = await rebalancerVenue(dep.instances.Rebalancer, uni.address);
  const cap = await maxHarvestAmount(venue, uni, usdc.address, await dep.instances.OracleHub.priceOf(uni.address));
  const sold = (balance * 8n) / 10n < cap ? (balance * 8n) / 10n : cap;
  const now = (await provider.getBlock("latest"))!.timestamp;
  const lossHarvest = await mined(dep.instances.KeeperGateway.harvestLoss(uni.address, sold, 1n, BigInt(now + 31 * DAY), BigInt(now + 600)));
  record("loss harvest", [lossHarvest]);
  return steps;
}

function summarise(events: ChainEvent[]): string {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.name, (counts.get(e.name) ?? 0) + 1);
  return [...counts].map(([n, c]) => (c > 1 ? `${n}×${c}` : n)).join(", ") || "(no events)";
}
