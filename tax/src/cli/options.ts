import { InputError } from "../errors";
import { BRIDGED_TOKEN_RULES, METHODS, WASH_HOLDING_PERIODS, type BridgedTokenRule, type EngineOptions, type Method, type WashHoldingPeriod } from "../engine/model";

export interface CommonOptions {
  method: string;
  washSales?: boolean;
  pooling?: string;
  allowMissingBasis?: boolean;
  washHoldingPeriod?: string;
  bridgedTokens?: string;
  year?: string;
}

/**
 * The engine's options from the command line. On the indexed store (`fromStore`), specific identification
 * follows the lots each sale's transaction named and takes HIFO for sales that named none; on a ledger
 * CSV it follows the `lot` column and takes FIFO otherwise.
 */
export function engineOptions(opts: CommonOptions, fromStore = false): EngineOptions {
  const method = String(opts.method).toLowerCase();
  if (!(METHODS as readonly string[]).includes(method)) throw new InputError(`--method: "${opts.method}" is not one of ${METHODS.join(", ")}`);
  const pooling = String(opts.pooling ?? "wallet").toLowerCase();
  if (pooling !== "wallet" && pooling !== "universal") throw new InputError(`--pooling: "${opts.pooling}" is not wallet or universal`);
  const washHoldingPeriod = String(opts.washHoldingPeriod ?? "tacking").toLowerCase();
  if (!(WASH_HOLDING_PERIODS as readonly string[]).includes(washHoldingPeriod)) {
    throw new InputError(`--wash-holding-period: "${opts.washHoldingPeriod}" is not one of ${WASH_HOLDING_PERIODS.join(", ")}`);
  }
  const bridgedTokens = String(opts.bridgedTokens ?? "transfer").toLowerCase();
  if (!(BRIDGED_TOKEN_RULES as readonly string[]).includes(bridgedTokens)) {
    throw new InputError(`--bridged-tokens: "${opts.bridgedTokens}" is not one of ${BRIDGED_TOKEN_RULES.join(", ")}`);
  }
  return {
    method: method as Method,
    bridgedTokens: bridgedTokens as BridgedTokenRule,
    washSales: !!opts.washSales,
    pooling,
    allowMissingBasis: !!opts.allowMissingBasis,
    washHoldingPeriod: washHoldingPeriod as WashHoldingPeriod,
    specificFallback: fromStore ? "hifo" : "fifo",
  };
}

export function parseYear(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{4}$/.test(text)) throw new InputError(`--year: "${text}" is not a year (YYYY)`);
  return Number(text);
}

/** Says on stderr when the tax year asked for has no disposal and no income (the command still succeeds). */
export function noteIfYearEmpty(year: number | undefined, disposals: number, income: number): void {
  if (year === undefined || disposals > 0 || income > 0) return;
  process.stderr.write(`lotgraph: note: no disposals and no income in tax year ${year}: nothing to report for it\n`);
}
