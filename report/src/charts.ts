import * as echarts from "echarts";

const WIDTH = 860;
const HEIGHT = 320;
const PALETTE = ["#2563eb", "#16a34a", "#dc2626", "#9333ea", "#ea580c", "#0891b2", "#4b5563"];

/** Renders one ECharts option to a static SVG string (server-side, no browser, no network). */
export function renderSvg(option: echarts.EChartsOption, height = HEIGHT): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: WIDTH, height });
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
    legend: { bottom: 0 },
    grid: { left: 70, right: 20, top: 40, bottom: 50 },
    xAxis: { type: "category", data: points.map((p) => p.date) },
    yAxis: { type: "value", scale: true },
    series: [
      { name: "lotgraph vault", type: "line", showSymbol: false, data: points.map((p) => num(p.portfolioUsd)) },
      { name: "buy and hold", type: "line", showSymbol: false, lineStyle: { type: "dashed" }, data: points.map((p) => num(p.benchmarkUsd)) },
    ],
  });
}

export function weightsChart(points: { date: string; asset: string; weight: string; target: string | null }[]): string {
  const dates = [...new Set(points.map((p) => p.date))];
  const assets = [...new Set(points.map((p) => p.asset))];
  const series = assets.flatMap((asset, i) => {
    const byDate = new Map(points.filter((p) => p.asset === asset).map((p) => [p.date, p]));
    const color = PALETTE[i % PALETTE.length];
    return [
      { name: asset, type: "line" as const, showSymbol: false, itemStyle: { color }, data: dates.map((d) => num(byDate.get(d)?.weight ?? null)) },
      {
        name: `${asset} target`,
        type: "line" as const,
        step: "end" as const,
        showSymbol: false,
        itemStyle: { color },
        lineStyle: { type: "dashed" as const, width: 1 },
        data: dates.map((d) => num(byDate.get(d)?.target ?? null)),
      },
    ];
  });
  return renderSvg({
    title: { text: "Weights vs targets", left: "center", textStyle: { fontSize: 14 } },
    legend: { bottom: 0, type: "plain" },
    grid: { left: 60, right: 20, top: 40, bottom: 70 },
    xAxis: { type: "category", data: dates },
    yAxis: { type: "value", min: 0, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)} %` } },
    series,
  }, 360);
}

export function barChart(title: string, labels: string[], series: { name: string; values: string[] }[]): string {
  return renderSvg({
    title: { text: title, left: "center", textStyle: { fontSize: 14 } },
    legend: { bottom: 0 },
    grid: { left: 80, right: 20, top: 40, bottom: 50 },
    xAxis: { type: "category", data: labels },
    yAxis: { type: "value" },
    series: series.map((s) => ({ name: s.name, type: "bar" as const, data: s.values.map(Number) })),
  }, 280);
}
