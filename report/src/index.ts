export { renderReport, dollars } from "./html";
export { renderSvg, valueChart, weightPanel, weightPanelsScale, barChart } from "./charts";
export type { ReportData } from "./data";
