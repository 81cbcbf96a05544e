/**
 * What the keeper reads from the subgraph: how far it has indexed (_meta) and the vault's acquisitions
 * (Lot) and disposals (Disposal), turned into the tax engine's ledger events. Amounts are exact: token
 * base units and the 18-decimal prices exactly as emitted (unitCostRaw, unitPriceRaw).
 */
import { MONEY_DIGITS, QTY_DIGITS, type LedgerEvent } from "@lotgraph/tax";

export class SubgraphError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SubgraphError";
  }
}

async function query<T>(url: string, text: string, variables: Record<string, unknown> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: text, variables }) });
  } catch (e) {
    throw new SubgraphError(`subgraph ${url} did not answer: ${(e as Error).message}`);
  }
  if (!res.ok) throw new SubgraphError(`subgraph ${url} answered HTTP ${res.status}`);
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new SubgraphError(`subgraph ${url}: ${body.errors.map((e) => e.message).join("; ")}`);
  if (!body.data) throw new SubgraphError(`subgraph ${url}: the answer has no data`);
  return body.data;
}

/** The block the subgraph has indexed up to. */
export async function subgraphBlock(url: string): Promise<number> {
  const data = await query<{ _meta?: { block?: { number?: unknown } } }>(url, "{ _meta { block { number } } }");
  const n = data._meta?.block?.number;
  if (typeof n !== "number") throw new SubgraphError(`subgraph ${url}: _meta.block.number is missing`);
  return n;
}

interface RawLot {
  id: string;
  asset: { symbol: string };
  source: string;
  quantity: string;
  unitCostRaw: string;
  decimals: number;
  timestamp: string;
  transactionHash: string;
  logIndex: string;
}

interface RawDisposal {
  id: string;
  asset: { symbol: string };
  kind: string;
  quantity: string;
  proceedsUsd: string;
  decimals: number;
  timestamp: string;
  transactionHash: string;
  logIndex: string;
}

const PAGE = 1000;

async function all<T extends { id: string }>(url: string, entity: string, fields: string, vault: string, block: number): Promise<T[]> {
  const out: T[] = [];
  let last = "";
  for (;;) {
    const q = `query($vault: String!, $last: String!, $block: Int!) { ${entity}(first: ${PAGE}, orderBy: id, orderDirection: asc, block: { number: $block }, where: { vault: $vault, id_gt: $last }) { ${fields} } }`;
    const data = await query<Record<string, T[]>>(url, q, { vault: vault.toLowerCase(), last, block });
    const page = data[entity] ?? [];
    out.push(...page);
    if (page.length < PAGE) return out;
    last = page[page.length - 1].id;
  }
}

const LOT_KIND: Record<string, LedgerEvent["kind"]> = { REBALANCE_BUY: "buy", LOSS_HARVEST_PROCEEDS: "buy", HARVEST_INCOME: "income", DEPOSIT: "buy" };
const DISPOSAL_KIND: Record<string, LedgerEvent["kind"]> = { TRADE: "swap", LOSS_HARVEST: "harvest" };

/** raw base units with `decimals` → the engine's 1e-18 quantity units */
function toQty(raw: bigint, decimals: number): bigint {
  return decimals <= QTY_DIGITS ? raw * 10n ** BigInt(QTY_DIGITS - decimals) : raw / 10n ** BigInt(decimals - QTY_DIGITS);
}

/** A BigDecimal USD string → 1e-12 money, rounded half away from zero. */
export function usdToMoney(text: string, what: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([-+]?\d+))?$/.exec(text);
  if (!m) throw new SubgraphError(`${what}: "${text}" is not a decimal`);
  const digits = BigInt(m[2] + (m[3] ?? ""));
  const scale = (m[3]?.length ?? 0) - Number(m[4] ?? 0); // value = digits / 10^scale
  const shift = MONEY_DIGITS - scale;
  let v: bigint;
  if (shift >= 0) v = digits * 10n ** BigInt(shift);
  else {
    const d = 10n ** BigInt(-shift);
    v = (digits * 2n + d) / (2n * d);
  }
  return m[1] ? -v : v;
}

/**
 * The vault's ledger as indexed at `block`: every Lot as an acquisition (income for harvested yield) and
 * every Disposal as a swap or a loss-harvest sale, in chain order.
 */
export async function fetchLedger(url: string, vault: string, block: number): Promise<LedgerEvent[]> {
  const common = "id asset { symbol } quantity decimals timestamp transactionHash logIndex";
  const [lots, disposals] = await Promise.all([
    all<RawLot>(url, "lots", `${common} source unitCostRaw`, vault, block),
    all<RawDisposal>(url, "disposals", `${common} kind proceedsUsd`, vault, block),
  ]);
  // entity ids are "<block, 12 digits>-<logIndex, 6 digits>": chain order; a trade's disposal goes before its lot
  const keyed: { key: string; event: LedgerEvent }[] = [];
  for (const l of lots) {
    const kind = LOT_KIND[l.source];
    if (!kind) throw new SubgraphError(`Lot ${l.id}: unknown source "${l.source}"`);
    const raw = BigInt(l.quantity);
    const value = (raw * BigInt(l.unitCostRaw) * 2n + 10n ** BigInt(l.decimals + 6)) / (2n * 10n ** BigInt(l.decimals + 6));
    const ref = `${l.transactionHash}:${l.logIndex}`;
    keyed.push({ key: l.id + "|1", event: { kind, wallet: vault.toLowerCase(), asset: l.asset.symbol, time: Number(l.timestamp) * 1000, quantity: toQty(raw, l.decimals), value, fee: 0n, tx: { raw: ref, hash: l.transactionHash, logIndex: Number(l.logIndex) }, lot: l.id } });
  }
  for (const d of disposals) {
    const kind = DISPOSAL_KIND[d.kind];
    if (!kind) throw new SubgraphError(`Disposal ${d.id}: unknown kind "${d.kind}"`);
    const ref = `${d.transactionHash}:${d.logIndex}`;
    keyed.push({ key: d.id + "|0", event: { kind, wallet: vault.toLowerCase(), asset: d.asset.symbol, time: Number(d.timestamp) * 1000, quantity: toQty(BigInt(d.quantity), d.decimals), value: usdToMoney(d.proceedsUsd, `Disposal ${d.id} proceedsUsd`), fee: 0n, tx: { raw: ref, hash: d.transactionHash, logIndex: Number(d.logIndex) } } });
  }
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.event);
}
