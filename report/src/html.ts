import { barChart, rangePositionChart, valueChart, weightPanel, weightPanelsScale } from "./charts";
import type { CrossChainReport, LiquidityFigures, LiquidityPositionReport, ReportData } from "./data";

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The whole part of a decimal string with thousands separators. */
const grouped = (int: string) => int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** Formats a decimal string as dollars with thousands separators, without going through a float. */
export function dollars(value: string): string {
  const negative = value.startsWith("-");
  const [int, frac = ""] = (negative ? value.slice(1) : value).split(".");
  const cents = (frac + "00").slice(0, 2);
  return `${negative ? "−" : ""}$${grouped(int)}.${cents}`;
}

/** "1234.56" → 123456n cents (the strings come from exact decimal arithmetic, already rounded to cents). */
function cents(value: string): bigint {
  const negative = value.startsWith("-");
  const [int, frac = ""] = (negative ? value.slice(1) : value).split(".");
  const c = BigInt(int) * 100n + BigInt((frac + "00").slice(0, 2));
  return negative ? -c : c;
}

const centsText = (c: bigint) => `${c < 0n ? "-" : ""}${(c < 0n ? -c : c) / 100n}.${String((c < 0n ? -c : c) % 100n).padStart(2, "0")}`;

/** A transaction reference shortened for reading: 0x1234…cdef:7 (the full one is in the audit trail). */
const shortTx = (tx: string) => tx.replace(/^(0x[0-9a-f]{6})[0-9a-f]{52}([0-9a-f]{6})/i, "$1…$2");

const WASH_ROWS_SHOWN = 10;

function washSection(d: ReportData): string {
  const rows = d.washSales.rows.filter((r) => r.asset !== d.stablecoin);
  const stableRows = d.washSales.rows.filter((r) => r.asset === d.stablecoin);
  const byAsset = new Map<string, { sales: number; adjustment: bigint }>();
  for (const r of rows) {
    const a = byAsset.get(r.asset) ?? { sales: 0, adjustment: 0n };
    a.sales++;
    a.adjustment += cents(r.adjustmentUsd);
    byAsset.set(r.asset, a);
  }
  const largest = [...rows].sort((a, b) => (cents(b.adjustmentUsd) > cents(a.adjustmentUsd) ? 1 : -1)).slice(0, WASH_ROWS_SHOWN);
  const more = rows.length - largest.length;
  return [
    table(["asset", "sales washed", "loss disallowed"], [...byAsset].map(([asset, a]) => [asset, String(a.sales), dollars(centsText(a.adjustment))]), stableRows.length ? `No sale of a risk asset would be washed.` : "No sale would be washed."),
    largest.length ? `<p>The largest ${largest.length === 1 ? "one" : largest.length}:</p>` : "",
    largest.length ? table(["date sold", "asset", "quantity", "disallowed", "tx"], largest.map((r) => [r.dateSold, r.asset, r.quantity, dollars(r.adjustmentUsd), shortTx(r.tx)]), "") : "",
    more > 0 ? `<p class="meta">${more} more in the what-if; every sale and its lots are in the audit trail.</p>` : "",
    stableRows.length
      ? expandable(
          "stablecoin-washes",
          `${escape(d.stablecoin)} (stablecoin): ${stableRows.length} ${stableRows.length === 1 ? "sale" : "sales"} would be washed, ${dollars(centsText(sumCents(stableRows.map((r) => r.adjustmentUsd))))} disallowed in all (stablecoin spent on buys and bought back within 30 days; the losses are mostly swap fees)`,
          table(["date sold", "quantity", "disallowed", "tx"], stableRows.map((r) => [r.dateSold, r.quantity, dollars(r.adjustmentUsd), shortTx(r.tx)]), ""),
        )
      : "",
  ].join("\n");
}

const sumCents = (values: string[]) => values.reduce((total, v) => total + cents(v), 0n);

/** A one-line summary that opens to show its detail (no script: the browser's own details element). */
function expandable(id: string, summaryHtml: string, detailHtml: string): string {
  return `<details class="summary-row" id="${id}"><summary>${summaryHtml}</summary>\n${detailHtml}\n</details>`;
}

/** Disposals per asset (Form 8949 rows); the stablecoin's are one row whose detail opens on demand. */
/** How many of the year's sales relieved the lots the chain recorded at the sale, and how many went by HIFO. */
function lotChoiceLine(d: ReportData): string {
  const { specific, hifo } = d.gains.lotChoice;
  const sales = (n: number) => `${n} ${n === 1 ? "sale" : "sales"}`;
  return `<p id="lot-choice">Lots relieved: ${sales(specific)} by specific identification (the lots the sale's transaction named on chain), ${sales(hifo)} by highest cost first (HIFO, no lots named).</p>`;
}

/** Deferred trims, the lot choice's estimated tax saved, and the bench's after-tax comparison. */
function taxAwareSection(d: ReportData): string {
  const t = d.taxAware;
  const trims = t.deferredTrims;
  const c = t.lotChoiceTax;
  return `<h2 id="tax-aware">Tax-aware rebalancing and lot choice</h2>
<p id="deferred-trims">${trims.length} ${trims.length === 1 ? "trim" : "trims"} deferred by the keeper in ${d.taxYear} until the lots turn long-term (only under the drift ceiling, never in risk-off or oracle safe mode).</p>
${table(["date", "asset", "short-term gain avoided", "its tax", "lots long-term from", "drift / ceiling"], trims.map((r) => [r.date, r.asset, dollars(r.shortTermGainUsd), dollars(r.taxUsd), r.longTermFrom, `${r.driftBps} / ${r.ceilingBps} bps`]), "No trim was deferred.")}
<p id="lot-choice-tax">Estimated tax of ${d.taxYear} (net short- and long-term gains at ${d.harvesting.rates.shortTermPct} % / ${d.harvesting.rates.longTermPct} %): ${dollars(c.withChoiceUsd)} with the lots the chain recorded at each sale, ${dollars(c.hifoUsd)} had every sale gone by HIFO; the lot choice saved ${dollars(c.savedUsd)} (the tax engine run both ways on the same store).</p>
<p id="bench-source">After tax, against no harvesting (mean %/yr, 95 % interval, paths ahead / behind), from ${escape(t.bench.source)}:</p>
${table(["policy", "after-tax excess", "95 % interval", "paths ahead / behind"], t.bench.rows.map((r) => [r.policy, `${r.afterTaxExcessPct} %`, r.interval, `${r.pathsAhead} / ${r.pathsBehind}`]), "No bench figures.")}`;
}

function disposalsSection(d: ReportData): string {
  const g = d.gains;
  const risk = g.byAsset.filter((a) => a.asset !== d.stablecoin);
  const stable = g.byAsset.find((a) => a.asset === d.stablecoin);
  const row = (a: ReportData["gains"]["byAsset"][number]) => [a.asset, String(a.disposals), dollars(a.proceedsUsd), dollars(a.costBasisUsd), dollars(a.gainUsd)];
  const riskTable = table(["asset", "disposals", "proceeds", "cost basis", "gain"], risk.map(row), "No risk asset was sold.");
  if (!stable) return riskTable;
  return [
    riskTable,
    expandable(
      "stablecoin-disposals",
      `${escape(stable.asset)} (stablecoin): ${stable.disposals} ${stable.disposals === 1 ? "disposal" : "disposals"}, proceeds ${dollars(stable.proceedsUsd)}, gain ${dollars(stable.gainUsd)} — each is on Form 8949 (a stablecoin is property). They are the stablecoin spent on rebalancing buys: proceeds are what it bought, so the loss is mostly the swap fee (plus the stablecoin's drift from $1)`,
      table(["date sold", "quantity", "proceeds", "cost basis", "gain", "tx"], g.stablecoinRows.map((r) => [r.dateSold, r.quantity, dollars(r.proceedsUsd), dollars(r.costBasisUsd), dollars(r.gainUsd), shortTx(r.tx)]), ""),
    ),
  ].join("\n");
}

/** "0.241300" − "0.220000" → "+213 bps" (exact: the weights are 6-decimal strings). */
function driftText(weight: string, target: string): string {
  const micro = (v: string) => {
    const negative = v.startsWith("-");
    const [int, frac = ""] = (negative ? v.slice(1) : v).split(".");
    const m = BigInt(int) * 1_000_000n + BigInt((frac + "000000").slice(0, 6));
    return negative ? -m : m;
  };
  const diff = micro(weight) - micro(target); // millionths; 1 bp = 100
  const bps = (diff < 0n ? -diff + 50n : diff + 50n) / 100n;
  return bps === 0n ? "on target" : `${diff < 0n ? "−" : "+"}${bps} bps`;
}

const pct = (v: string) => `${(Number(v) * 100).toFixed(1)} %`;

/** Small multiples: one panel per asset, its weight against its target, on one basis and one y-scale. */
function weightsSection(d: ReportData): string {
  if (d.weights.length === 0) return `<p class="empty">No daily positions in ${d.taxYear}.</p>`;
  const dates = [...new Set(d.weights.map((w) => w.date))];
  const scale = weightPanelsScale(d.weights);
  const lastDate = dates[dates.length - 1];
  const panels = scale.assets.map((asset, i) => {
    const last = d.weights.find((w) => w.asset === asset && w.date === lastDate);
    const locked = d.lockouts.filter((l) => l.asset === asset);
    const parking = d.lockouts.filter((l) => l.parkedIn === asset && l.asset !== asset);
    const shaded = [
      ...locked.map((l) => ({ from: l.from, until: l.until, label: "locked" })),
      ...parking.map((l) => ({ from: l.from, until: l.until, label: `${l.asset} parked` })),
    ];
    const lockedOnLastDay = locked.filter((l) => l.from <= lastDate && lastDate < l.until).map((l) => l.until).sort().at(-1);
    const parkedOnLastDay = parking.filter((l) => l.from <= lastDate && lastDate < l.until).map((l) => l.asset);
    const caption = last
      ? `<b>${escape(asset)}</b> ${pct(last.weight)}${last.target === null ? " · no target" : ` · target ${pct(last.target)} · ${driftText(last.weight, last.target)}`}` +
        (lockedOnLastDay ? ` · buying locked until ${lockedOnLastDay}` : "") +
        (parkedOnLastDay.length ? ` · holds the locked ${[...new Set(parkedOnLastDay)].map(escape).join(", ")} target` : "")
      : `<b>${escape(asset)}</b> not held on ${lastDate}`;
    return `<figure class="chart panel" id="chart-weight-${escape(asset)}" data-asset="${escape(asset)}">${weightPanel(asset, i, dates, d.weights, scale, shaded)}<figcaption>${caption}</figcaption></figure>`;
  });
  return [
    `<h3>Weights vs targets</h3>`,
    `<p class="meta" id="weight-basis">${escape(d.weightBasis)} Last day ${lastDate}; <span class="key-actual">━</span> actual, <span class="key-target">┅</span> target${
      d.lockouts.length ? `, <span class="key-lockout">▆</span> a wash-sale purchase lockout (the rebalancer does not buy the locked asset and parks its excess target in the stablecoin or a substitute, so both leave their targets by design)` : ""
    }.</p>`,
    `<div class="panels" id="weights">${panels.join("\n")}</div>`,
  ].join("\n");
}

/** One hedge's P&L as a sum a reader can check: realized P&L + funding received (or − paid) = net. */
function hedgeSentence(h: ReportData["hedges"][number]): string {
  const funding = isZero(h.fundingUsd)
    ? `+ $0.00 funding (none received or paid)`
    : h.fundingUsd.startsWith("-")
      ? `− ${dollars(h.fundingUsd.slice(1))} funding paid`
      : `+ ${dollars(h.fundingUsd)} funding received`;
  return `<li><b>${escape(h.asset)}</b>: ${dollars(h.realizedPnlUsd)} realized perp P&amp;L ${funding} = <b>${dollars(h.netUsd)} net</b></li>`;
}

const isZero = (v: string) => cents(v) === 0n;
const fundingText = (v: string) => (isZero(v) ? dollars("0") : v.startsWith("-") ? `${dollars(v)} paid` : `+${dollars(v)} received`);

function table(headers: string[], rows: string[][], empty: string): string {
  if (rows.length === 0) return `<p class="empty">${escape(empty)}</p>`;
  const head = headers.map((h) => `<th>${escape(h)}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join("")}</tr>`).join("\n");
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function figure(id: string, svg: string): string {
  return `<figure class="chart" id="${id}">${svg}</figure>`;
}

const gasText = (gasUsd: string | null) => (gasUsd === null ? "gas not recorded" : `${dollars(gasUsd)} gas`);
const inRangeText = (f: LiquidityFigures) => (f.inRangePct === null ? "time in range not observed" : `in range ${f.inRangePct} % of ${f.observedDays} observed days`);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** fees + IL − swap costs − gas = net, as a sentence whose parts add up on the page. */
function liquiditySum(f: LiquidityFigures): string {
  const gas = f.gasUsd === null ? "" : ` − ${dollars(f.gasUsd)} gas`;
  const il = f.ilUsd.startsWith("-") ? `− ${dollars(f.ilUsd.slice(1))}` : `+ ${dollars(f.ilUsd)}`;
  return `${dollars(f.feesUsd)} fees ${il} IL vs holding − ${dollars(f.swapCostUsd)} ratio-swap costs${gas} = <b>${dollars(f.netUsd)} net vs holding</b>${f.gasUsd === null ? " (gas not recorded)" : ""}`;
}

function liquidityPosition(p: LiquidityPositionReport): string {
  const caption = `<figcaption><b>#${escape(p.tokenId)}</b> ${escape(p.pair)} ${escape(p.feeTier)}, range ${escape(p.priceLower)}–${escape(p.priceUpper)}, ${escape(p.opened)} → ${escape(p.ended)}${p.open ? " (open, valued at the latest prices)" : ""}: ${liquiditySum(p)}; ${plural(p.collections, "collection", "collections")}, ${plural(p.reranges, "re-range", "re-ranges")}, ${plural(p.skipped, "decision", "decisions")} kept it; ${inRangeText(p)}.</figcaption>`;
  return `<figure class="chart" id="chart-lp-${escape(p.tokenId)}">${rangePositionChart(p)}${caption}</figure>`;
}

/** The liquidity manager: its totals, a row per position, and a chart per position. */
function liquiditySection(d: ReportData): string {
  const lp = d.liquidity;
  if (!lp || lp.positions.length === 0) return `<p class="empty">No liquidity manager positions were indexed.</p>`;
  const t = lp.totals;
  return [
    `<p id="lp-totals">The manager over ${plural(lp.positions.length, "position", "positions")}: ${liquiditySum(t)}; ${plural(t.reranges, "re-range", "re-ranges")}, ${plural(t.skipped, "decision", "decisions")} kept the range; ${inRangeText(t)}.</p>`,
    `<p class="meta">IL vs holding: the position's value at its close (or now, at the latest indexed prices) against holding the tokens put in. Time in range: the pool's tick at each of the manager's decisions, held until the next.</p>`,
    table(
      ["position", "range", "period", "fees", "IL vs holding", "swap costs", "gas", "net vs holding", "in range", "re-ranges"],
      lp.positions.map((p) => [
        `#${p.tokenId} ${p.pair} ${p.feeTier}${p.open ? " (open)" : ""}`,
        `${p.priceLower}–${p.priceUpper}`,
        `${p.opened} → ${p.ended}`,
        dollars(p.feesUsd),
        dollars(p.ilUsd),
        dollars(p.swapCostUsd),
        p.gasUsd === null ? "—" : `${dollars(p.gasUsd)}${p.gasUnits === null ? "" : ` (${Number(p.gasUnits).toLocaleString("en-US")} gas)`}`,
        dollars(p.netUsd),
        p.inRangePct === null ? "—" : `${p.inRangePct} %`,
        `${p.reranges} (${p.skipped} kept)`,
      ]),
      "",
    ),
    ...lp.positions.map(liquidityPosition),
  ].join("\n");
}

/** A token amount (decimal string) with thousands separators and its symbol, without going through a float. */
function tokens(value: string, symbol: string): string {
  const [int, frac] = value.split(".");
  return `${grouped(int)}${frac === undefined ? "" : `.${frac}`} ${symbol}`;
}

/** The vaults' moves between chains: a sentence of totals and a row per move, each tied by its guid. */
function crossChainSection(x: CrossChainReport): string {
  const t = x.totals;
  const undelivered = t.inFlight > 0 ? `; ${plural(t.inFlight, "move was", "moves were")} not yet delivered` : "";
  return `<h2>Cross-chain moves</h2>
<p id="cross-chain-totals">${plural(t.moves, "move", "moves")} of the vaults' stablecoin: ${escape(tokens(t.sent, x.stablecoin))} sent, ${escape(tokens(t.received, x.stablecoin))} received, ${escape(t.nativeFee)} in bridge fees (native coin); ${t.delivered} delivered, ${t.settled} settled${undelivered}. Each move is a transfer between the owner's own vaults: its lots cross with their basis and dates (the audit trail names both legs).</p>
${table(
    ["sent", "from → to chain", "sent", "received", "bridge fee", "status", "send tx", "receive tx", "guid"],
    x.moves.map((m) => [
      m.sentAt.replace("T", " ").replace("Z", " UTC"),
      `${m.fromChain} → ${m.toChain ?? "?"}`,
      tokens(m.amountSent, x.stablecoin),
      m.amountReceived === null ? "—" : tokens(m.amountReceived, x.stablecoin),
      m.nativeFee,
      m.status,
      shortTx(m.sentTx),
      m.receivedTx === null ? "—" : shortTx(m.receivedTx),
      shortTx(m.guid),
    ]),
    "",
  )}`;
}

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 920px; color: #111827; }
h1 { margin-bottom: 0.2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #e5e7eb; padding-bottom: 0.3rem; }
.meta { color: #6b7280; font-size: 0.9rem; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 0.8rem; margin: 1.2rem 0; }
.card { border: 1px solid #e5e7eb; border-radius: 8px; padding: 0.7rem; }
.card b { display: block; font-size: 1.2rem; } .card span { color: #6b7280; font-size: 0.8rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
th, td { border-bottom: 1px solid #f3f4f6; padding: 0.3rem 0.5rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.chart { margin: 1rem 0; } .chart figcaption { font-size: 0.85rem; } .empty { color: #6b7280; font-style: italic; }
.disclaimer { margin-top: 2.5rem; padding: 0.8rem; background: #fef3c7; border-radius: 6px; font-size: 0.85rem; }
code { font-size: 0.8rem; }
.panels { display: grid; grid-template-columns: repeat(2, 1fr); gap: 0.4rem 1rem; }
.panel { margin: 0; } .panel figcaption { font-size: 0.85rem; padding-left: 46px; }
.key-actual { color: #2563eb; } .key-target { color: #374151; } .key-lockout { color: rgba(245, 158, 11, 0.45); }
details.summary-row { margin: 0.6rem 0; border: 1px solid #e5e7eb; border-radius: 6px; padding: 0.4rem 0.6rem; font-size: 0.9rem; }
details.summary-row summary { cursor: pointer; } details.summary-row table { margin-top: 0.5rem; }
ul.sums { font-size: 0.9rem; }
`;

/** The whole report as one self-contained HTML page (inline CSS and SVG; nothing is fetched). */
export function renderReport(d: ReportData): string {
  const last = d.value.at(-1);
  const cards: [string, string][] = [
    ["Portfolio value", last ? dollars(last.portfolioUsd) : "—"],
    ["Buy and hold", last ? dollars(last.benchmarkUsd) : "—"],
    ["Harvested income", dollars(d.gains.incomeUsd)],
    ["Tax saved by harvesting (est.)", dollars(d.harvesting.taxSavedUsd)],
  ];
  const income = d.income;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(d.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body>
<h1>${escape(d.title)}</h1>
<p class="meta">Tax year ${d.taxYear} · vault <code>${escape(d.vault)}</code> on ${escape(d.network)} · generated ${escape(d.generatedAt)}${
    d.graphqlUrl ? ` · GraphQL <code>${escape(d.graphqlUrl)}</code>` : ""
  }</p>
<div class="cards">${cards.map(([k, v]) => `<div class="card"><span>${escape(k)}</span><b>${escape(v)}</b></div>`).join("")}</div>

<h2>Portfolio</h2>
${figure("chart-value", valueChart(d.value))}
${weightsSection(d)}

<h2>Harvested income</h2>
${figure("chart-income", barChart("Income by yield source (USD)", income.map((i) => `${i.asset}`), [{ name: "income", values: income.map((i) => i.incomeUsd) }]))}
${table(["source", "asset", "harvests", "income"], income.map((i) => [i.source, i.asset, String(i.harvests), dollars(i.incomeUsd)]), "No yield was harvested.")}

<h2>Realized and unrealized gains</h2>
${figure("chart-gains", barChart("Gains (USD)", ["short-term realized", "long-term realized", "unrealized"], [{ name: "USD", values: [d.gains.shortTermUsd, d.gains.longTermUsd, d.gains.unrealizedUsd] }]))}
<p>${d.gains.disposals} disposals (Form 8949 rows) in ${d.taxYear}, by asset:</p>
${lotChoiceLine(d)}
<p id="lp-reading">${d.gains.lpReading.description}</p>
${disposalsSection(d)}

<h2>Wash-sale adjustments</h2>
<p>${d.washSales.enabled
    ? `Wash-sale rule applied: ${dollars(d.washSales.whatIfDisallowedUsd)} of losses disallowed and added to replacement lots.`
    : `The figures above follow current US law, under which the wash-sale rule (§1091) does not cover crypto. What if it did: ${dollars(d.washSales.whatIfDisallowedUsd)} of losses would be disallowed, on the sales below. The advisor keeps its harvests outside the 61-day window either way.`}</p>
${washSection(d)}

<h2>Tax-loss harvesting</h2>
<p>${d.harvesting.executed} ${d.harvesting.executed === 1 ? "harvest" : "harvests"} executed by the keeper${d.harvesting.rows.length > d.harvesting.executed ? ` (${d.harvesting.rows.length} lots sold)` : ""}, realizing ${dollars(d.harvesting.harvestedLossUsd)} of losses; estimated tax saved ${dollars(d.harvesting.taxSavedUsd)} (at ${d.harvesting.rates.shortTermPct} % short-term and ${d.harvesting.rates.longTermPct} % long-term marginal rates).</p>
${table(["date", "asset", "quantity", "loss", "tax saved", "buy-back locked until", "tx"], d.harvesting.rows.map((r) => [r.date, r.asset, r.quantity, dollars(r.lossUsd), dollars(r.taxSavedUsd), r.lockoutUntil, shortTx(r.tx)]), "No harvests were executed.")}

${taxAwareSection(d)}

<h2>Hedges</h2>
${figure("chart-hedges", barChart("Hedge P&L (USD): realized + funding (received > 0, paid < 0) = net", d.hedges.map((h) => h.asset), [
    { name: "realized P&L", values: d.hedges.map((h) => h.realizedPnlUsd) },
    { name: "funding", values: d.hedges.map((h) => h.fundingUsd) },
    { name: "net", values: d.hedges.map((h) => h.netUsd) },
  ]))}
${d.hedges.length ? `<ul class="sums" id="hedge-sums">${d.hedges.map(hedgeSentence).join("")}</ul>` : ""}
${table(["asset", "realized perp P&L", "funding", "net", "impermanent loss"], d.hedges.map((h) => [h.asset, dollars(h.realizedPnlUsd), fundingText(h.fundingUsd), dollars(h.netUsd), h.impermanentLossPct === null ? "—" : `${h.impermanentLossPct} %`]), "No hedges.")}

<h2>Liquidity positions</h2>
${liquiditySection(d)}

${d.crossChain ? crossChainSection(d.crossChain) + "\n\n" : ""}<h2>Files</h2>
${table(["output", "path"], d.outputs.map((o) => [o.label, o.path]), "No other outputs.")}

<p class="disclaimer">This report is produced by lotgraph from on-chain data. It is not tax advice; check the figures with a tax professional before filing.</p>
</body></html>
`;
}
