export { renderReport, dollars } from "./html";
export { renderSvg, valueChart, weightPanel, weightPanelsScale, barChart, rangePositionChart } from "./charts";
export type { ReportData, LiquidityReport, LiquidityPositionReport, LiquidityFigures, CrossChainReport } from "./data";
