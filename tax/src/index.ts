export * from "./engine/model";
export { computeGains, TaxEngine, chronological } from "./engine/engine";
export { isLongTerm, formatDay } from "./engine/dates";
export * from "./engine/fixed";
export { CsvLedgerSource, parseLedgerCsv } from "./ledger/csvLedger";
export { gainsJson, filterYear } from "./output/gainsJson";
export { TaxUserError, InputError, InsufficientBasisError } from "./errors";
export * from "./advisor";
