import { existsSync } from "node:fs";
import { openConnection } from "../store/open";
import { META } from "../store/tables";
import { hedgeSummary, incomeBySource, pnlByAsset, portfolioValueSeries, weightsVsTargets } from "./analytics";
import type { Dec } from "./decimal";

export async function loadAnalytics(flags: { db: string }) {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl && !existsSync(flags.db)) {
    throw Object.assign(new Error(`no store at ${flags.db}: run lotgraph sync first`), { exitCode: 3 });
  }
  const store = await openConnection({ file: flags.db, databaseUrl });
  try {
    const tables = new Set((await store.db.introspection.getTables()).map((t) => t.name));
    if (!tables.has(META.synced)) {
      throw Object.assign(new Error(`the store ${store.describe} holds no completed sync: run lotgraph sync`), { exitCode: 3 });
    }
    return {
      value: await portfolioValueSeries(store.db),
      weights: await weightsVsTargets(store.db),
      income: await incomeBySource(store.db),
      pnl: await pnlByAsset(store.db),
      hedges: await hedgeSummary(store.db),
    };
  } finally {
    await store.db.destroy();
  }
}

const isDec = (v: unknown): v is Dec => typeof v === "object" && v !== null && "toFixed" in v && "isZero" in v;

function jsonReady(value: unknown): unknown {
  if (isDec(value)) return value.toString();
  if (Array.isArray(value)) return value.map(jsonReady);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonReady(v)]));
  }
  return value;
}

function table(title: string, rows: Record<string, unknown>[]) {
  const lines = [`\n${title}`];
  if (rows.length === 0) return [...lines, "  (none)"].join("\n");
  const cells = rows.map((r) => Object.values(r).map((v) => (isDec(v) ? v.toFixed(4).replace(/\.?0+$/, "") : String(v ?? "-"))));
  const heads = Object.keys(rows[0]);
  const widths = heads.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  lines.push("  " + heads.map((h, i) => h.padStart(widths[i])).join("  "));
  for (const c of cells) lines.push("  " + c.map((v, i) => v.padStart(widths[i])).join("  "));
  return lines.join("\n");
}

export async function runAnalytics(flags: { db: string; format: string }) {
  if (flags.format !== "table" && flags.format !== "json") {
    throw Object.assign(new Error(`--format must be table or json, not ${flags.format}`), { exitCode: 2 });
  }
  const a = await loadAnalytics(flags);
  if (flags.format === "json") {
    process.stdout.write(JSON.stringify(jsonReady(a), null, 2) + "\n");
    return;
  }
  const lastValues = a.value.slice(-10);
  process.stdout.write(
    [
      table("Portfolio value (last 10 days)", lastValues.map((v) => ({ date: v.date, valueUsd: v.valueUsd, incomeToDateUsd: v.cumulativeIncomeUsd }))),
      table("Weights vs targets (latest day)", a.weights.filter((w) => w.date === a.weights.at(-1)?.date).map((w) => ({ ...w }))),
      table("Harvested income by source", a.income.map((i) => ({ ...i }))),
      table("P&L by asset (average cost; tax figures: lotgraph tax)", a.pnl.map((p) => ({ ...p }))),
      table("Hedges", a.hedges.map((h) => ({ ...h }))),
    ].join("\n") + "\n",
  );
}
