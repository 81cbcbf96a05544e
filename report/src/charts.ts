import * as echarts from "echarts";

const WIDTH = 860;
const HEIGHT = 320;
const PALETTE = ["#2563eb", "#16a34a", "#dc2626", "#9333ea", "#ea580c", "#0891b2", "#4b5563"];

/** Renders one ECharts option to a static SVG string (server-side, no browser, no network). */
export function renderSvg(option: echarts.EChartsOption, height = HEIGHT, width = WIDTH): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({ animation: false, color: PALETTE, textStyle: { fontFamily: "system-ui, sans-serif" }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const num = (s: string | null) => (s === null ? null : Number(s));

export function valueChart(points: { date: string; portfolioUsd: string; benchmarkUsd: string }[]): string {
  return renderSvg({
    title: { text: "Portfolio value vs buy-and-hold (USD)", left: "center", textStyle: { fontSize: 14 } },
    legend: { bottom: 0, itemGap: 28 },
    grid: { left: 70, right: 20, top: 40, bottom: 50 },
    xAxis: { type: "category", data: points.map((p) => p.date) },
    yAxis: { type: "value", scale: true },
    series: [
      { name: "lotgraph vault", type: "line", showSymbol: false, data: points.map((p) => num(p.portfolioUsd)) },
      { name: "buy and hold", type: "line", showSymbol: false, lineStyle: { type: "dashed" }, data: points.map((p) => num(p.benchmarkUsd)) },
    ],
  });
}

const TARGET_COLOR = "#374151";
const PANEL_WIDTH = 440;
const PANEL_HEIGHT = 210;

export interface WeightPoint {
  date: string;
  asset: string;
  weight: string;
  target: string | null;
}

/**
 * The assets in order of first appearance, and the y-axis every panel shares: a round step (5, 10, 20 or
 * 25 %) and the first multiple of it above the largest weight or target.
 */
export function weightPanelsScale(points: WeightPoint[]): { assets: string[]; yMax: number; yStep: number } {
  const assets = [...new Set(points.map((p) => p.asset))];
  const largest = Math.max(0.01, ...points.flatMap((p) => [Number(p.weight), p.target === null ? 0 : Number(p.target)]));
  const yStep = [0.05, 0.1, 0.2, 0.25].find((step) => largest / step <= 4) ?? 0.25;
  return { assets, yMax: Math.min(1, Math.ceil(largest / yStep + 1e-9) * yStep), yStep };
}

/**
 * One asset's weight against its target over time: a small multiple. Every panel shares the dates and the
 * y-axis range, so panels compare at a glance; the actual weight is a solid line in the asset's colour, the
 * target a dashed grey step line.
 */
export function weightPanel(
  asset: string,
  colorIndex: number,
  dates: string[],
  points: WeightPoint[],
  y: { yMax: number; yStep: number },
  shaded: { from: string; until: string; label: string }[] = [],
): string {
  const byDate = new Map(points.filter((p) => p.asset === asset).map((p) => [p.date, p]));
  const color = PALETTE[colorIndex % PALETTE.length];
  const areas = shaded.flatMap((w) => {
    const first = dates.find((d) => d >= w.from);
    const last = [...dates].reverse().find((d) => d <= w.until);
    return first !== undefined && last !== undefined && first <= last ? [[{ name: w.label, xAxis: first }, { xAxis: last }]] : [];
  });
  return renderSvg(
    {
      title: { text: asset, left: 8, top: 4, textStyle: { fontSize: 13, color } },
      grid: { left: 46, right: 12, top: 30, bottom: 26 },
      xAxis: { type: "category", data: dates, axisLabel: { fontSize: 10 } },
      yAxis: { type: "value", min: 0, max: y.yMax, interval: y.yStep, axisLabel: { fontSize: 10, formatter: (v: number) => `${Math.round(v * 100)} %` } },
      series: [
        { name: `${asset} target`, type: "line", step: "end", showSymbol: false, itemStyle: { color: TARGET_COLOR }, lineStyle: { type: "dashed", width: 1.5 }, data: dates.map((d) => num(byDate.get(d)?.target ?? null)) },
        {
          name: `${asset} actual`,
          type: "line",
          showSymbol: false,
          itemStyle: { color },
          lineStyle: { width: 2 },
          data: dates.map((d) => num(byDate.get(d)?.weight ?? null)),
          markArea: areas.length
            ? { silent: true, itemStyle: { color: "rgba(245, 158, 11, 0.15)" }, label: { fontSize: 9, color: "#92400e", position: "insideTop" }, data: areas as never }
            : undefined,
        },
      ],
    },
    PANEL_HEIGHT,
    PANEL_WIDTH,
  );
}

export function barChart(title: string, labels: string[], series: { name: string; values: string[] }[]): string {
  return renderSvg({
    title: { text: title, left: "center", textStyle: { fontSize: 14 } },
    legend: { bottom: 0, itemGap: 28 },
    grid: { left: 80, right: 20, top: 40, bottom: 50 },
    xAxis: { type: "category", data: labels },
    yAxis: { type: "value" },
    series: series.map((s) => ({ name: s.name, type: "bar" as const, data: s.values.map(Number) })),
  }, 280);
}

export interface RangeChartInput {
  tokenId: string;
  pair: string;
  priceLower: string;
  priceUpper: string;
  series: { time: string; valueUsd: string; holdUsd: string; feesUsd: string; price: string }[];
  ticks: { time: string; price: string; inRange: boolean }[];
}

const at = (time: string) => Date.parse(time);

/**
 * One liquidity position in two panels: left, its value against holding the tokens put in, and its value
 * with the fees collected so far added; right, the asset's price (oracle at each priced log, pool tick at each
 * decision) against the range, drawn as a band.
 */
export function rangePositionChart(p: RangeChartInput): string {
  const lower = Number(p.priceLower);
  const upper = Number(p.priceUpper);
  const line = (name: string, data: [number, number][], extra: object = {}) => ({ name, type: "line" as const, showSymbol: true, symbolSize: 4, data, ...extra });
  return renderSvg(
    {
      title: [
        { text: `Position #${p.tokenId}: value vs holding (USD)`, left: "3%", textStyle: { fontSize: 13 } },
        { text: `${p.pair} price vs range`, left: "55%", textStyle: { fontSize: 13 } },
      ],
      legend: { bottom: 0, itemGap: 20, textStyle: { fontSize: 11 } },
      grid: [
        { left: 70, width: 320, top: 36, bottom: 56 },
        { left: 520, width: 320, top: 36, bottom: 56 },
      ],
      xAxis: [
        { type: "time", gridIndex: 0, axisLabel: { fontSize: 10, hideOverlap: true } },
        { type: "time", gridIndex: 1, axisLabel: { fontSize: 10, hideOverlap: true } },
      ],
      yAxis: [
        { type: "value", gridIndex: 0, scale: true, axisLabel: { fontSize: 10 } },
        { type: "value", gridIndex: 1, scale: true, min: (v: { min: number }) => Math.floor(Math.min(v.min, lower)), max: (v: { max: number }) => Math.ceil(Math.max(v.max, upper)), axisLabel: { fontSize: 10 } },
      ],
      series: [
        line("position", p.series.map((s) => [at(s.time), Number(s.valueUsd)])),
        line("holding", p.series.map((s) => [at(s.time), Number(s.holdUsd)]), { lineStyle: { type: "dashed" } }),
        line("position + fees", p.series.map((s) => [at(s.time), Number(s.valueUsd) + Number(s.feesUsd)]), { lineStyle: { type: "dotted" } }),
        line("price", p.series.map((s) => [at(s.time), Number(s.price)]), {
          xAxisIndex: 1,
          yAxisIndex: 1,
          markArea: { silent: true, itemStyle: { color: "rgba(37, 99, 235, 0.12)" }, data: [[{ yAxis: lower, name: "range" }, { yAxis: upper }]] as never, label: { fontSize: 9, position: "insideTopLeft" } },
        }),
        {
          name: "tick at a decision",
          type: "scatter" as const,
          xAxisIndex: 1,
          yAxisIndex: 1,
          symbolSize: 6,
          itemStyle: { color: TARGET_COLOR },
          data: p.ticks.map((t) => ({ value: [at(t.time), Number(t.price)], itemStyle: { color: t.inRange ? "#16a34a" : "#dc2626" } })),
        },
      ],
    },
    300,
  );
}
