export { renderReport, dollars } from "./html";
export { renderSvg, valueChart, weightsChart, barChart } from "./charts";
export type { ReportData } from "./data";
