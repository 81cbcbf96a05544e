/**
 * Checks, through graph-node's GraphQL API, that every scenario event the subgraph indexes became its
 * entity with the chain's values, field by field (raw integers and addresses, not derived USD figures).
 */
import type { GraphNode } from "./gnd";
import type { ChainEvent, ScenarioStep } from "./scenario";

/** entity field (GraphQL selection) → event argument; `.id` fields are relations to an address-keyed entity. */
export const INDEXED_EVENTS: Record<string, { entity: string; fields: Record<string, string> }> = {
  Deposited: { entity: "deposit", fields: { amount: "amount", from: "from", "asset.id": "asset" } },
  PriceUpdated: { entity: "priceUpdate", fields: { priceRaw: "priceUsd", updatedAt: "updatedAt", feedsUsed: "feedsUsed", "asset.id": "asset" } },
  Trade: {
    entity: "trade",
    fields: { rebalanceId: "rebalanceId", amountIn: "amountIn", amountOut: "amountOut", feeAmountIn: "feeAmountIn", feeTier: "feeTier", "tokenIn.id": "tokenIn", "tokenOut.id": "tokenOut" },
  },
  Rebalance: { entity: "rebalance", fields: { rebalanceId: "rebalanceId", maxDriftBps: "maxDriftBps", tradesReported: "trades" } },
  Harvest: { entity: "harvest", fields: { amount: "amount", compounded: "compounded", "asset.id": "asset" } },
  Hedge: { entity: "hedge", fields: { sizeBefore: "sizeBefore", sizeAfter: "sizeAfter", "asset.id": "asset" } },
  LossHarvested: {
    entity: "lossHarvest",
    fields: { amountIn: "amountIn", amountOut: "amountOut", feeAmountIn: "feeAmountIn", lockoutUntil: "lockoutUntil", "asset.id": "asset", "tokenOut.id": "tokenOut" },
  },
};

/** The subgraph's id for the entity one log creates: "<block, 12 digits>-<logIndex, 6 digits>". */
export function eventEntityId(e: Pick<ChainEvent, "blockNumber" | "logIndex">): string {
  return `${String(e.blockNumber).padStart(12, "0")}-${String(e.logIndex).padStart(6, "0")}`;
}

function selection(fields: string[]): string {
  const plain = fields.filter((f) => !f.includes("."));
  const nested = fields.filter((f) => f.includes(".")).map((f) => `${f.split(".")[0]} { id }`);
  return ["id", "blockNumber", "logIndex", "transactionHash", ...plain, ...nested].join(" ");
}

function normalise(value: unknown): string {
  if (typeof value === "bigint" || typeof value === "number") return value.toString();
  if (typeof value === "string") return /^0x[0-9a-fA-F]+$/.test(value) ? value.toLowerCase() : value;
  return JSON.stringify(value);
}

function pick(entity: Record<string, unknown>, path: string): unknown {
  return path.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | null)?.[k], entity);
}

export interface StepCheck {
  step: string;
  /** event name → entities found matching */
  matched: Record<string, number>;
}

/** Verifies every indexable event of every step; throws with the first mismatches, naming entity and field. */
export async function verifyIndexed(graphNode: GraphNode, steps: ScenarioStep[]): Promise<StepCheck[]> {
  const checks: StepCheck[] = [];
  const problems: string[] = [];
  for (const step of steps) {
    const events = step.events.filter((e) => INDEXED_EVENTS[e.name]);
    const matched: Record<string, number> = {};
    if (events.length > 0) {
      const query = `{ ${events
        .map((e, i) => {
          const spec = INDEXED_EVENTS[e.name];
          return `e${i}: ${spec.entity}(id: "${eventEntityId(e)}") { ${selection(Object.keys(spec.fields))} }`;
        })
        .join(" ")} }`;
      const data = await graphNode.query<Record<string, Record<string, unknown> | null>>(query);
      events.forEach((e, i) => {
        const spec = INDEXED_EVENTS[e.name];
        const where = `${step.name}: ${e.name} (block ${e.blockNumber}, log ${e.logIndex}) → ${spec.entity} ${eventEntityId(e)}`;
        const entity = data[`e${i}`];
        if (!entity) {
          problems.push(`${where}: not indexed`);
          return;
        }
        const expected: Record<string, string> = {
          blockNumber: String(e.blockNumber),
          logIndex: String(e.logIndex),
          transactionHash: e.transactionHash.toLowerCase(),
        };
        for (const [field, arg] of Object.entries(spec.fields)) expected[field] = normalise(e.args[arg]);
        const wrong = Object.entries(expected).filter(([field, want]) => normalise(pick(entity, field)) !== want);
        if (wrong.length) {
          problems.push(...wrong.map(([field, want]) => `${where}: ${field} is ${normalise(pick(entity, field))}, the chain says ${want}`));
          return;
        }
        matched[e.name] = (matched[e.name] ?? 0) + 1;
      });
    }
    checks.push({ step: step.name, matched });
  }
  if (problems.length) throw new Error(`graph-node's entities differ from the chain:\n  ${problems.slice(0, 20).join("\n  ")}`);
  return checks;
}
