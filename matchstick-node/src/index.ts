export { run, main, type RunOptions, type RunSummary } from "./main";
export { BigDecimal, parseBigInt } from "./numbers";
