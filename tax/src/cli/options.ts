import { InputError } from "../errors";
import { METHODS, type EngineOptions, type Method } from "../engine/model";

export interface CommonOptions {
  method: string;
  washSales?: boolean;
  pooling?: string;
  allowMissingBasis?: boolean;
  year?: string;
}

export function engineOptions(opts: CommonOptions): EngineOptions {
  const method = String(opts.method).toLowerCase();
  if (!(METHODS as readonly string[]).includes(method)) throw new InputError(`--method: "${opts.method}" is not one of ${METHODS.join(", ")}`);
  const pooling = String(opts.pooling ?? "wallet").toLowerCase();
  if (pooling !== "wallet" && pooling !== "universal") throw new InputError(`--pooling: "${opts.pooling}" is not wallet or universal`);
  return { method: method as Method, washSales: !!opts.washSales, pooling, allowMissingBasis: !!opts.allowMissingBasis };
}

export function parseYear(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{4}$/.test(text)) throw new InputError(`--year: "${text}" is not a year (YYYY)`);
  return Number(text);
}
