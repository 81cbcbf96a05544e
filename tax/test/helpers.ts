import { computeGains } from "../src/engine/engine";
import type { EngineOptions } from "../src/engine/model";
import { parseLedgerCsv } from "../src/ledger/csvLedger";
import { filterYear, gainsJson } from "../src/output/gainsJson";

export const HEADER = "date,wallet,asset,action,quantity,price,fee,tx";

/** Runs a ledger given as CSV lines (header added when missing) and returns the public JSON form. */
export function run(lines: string[], options: Partial<EngineOptions> = {}, year?: number) {
  const text = (lines[0].startsWith("date,") ? lines : [HEADER, ...lines]).join("\n") + "\n";
  const events = parseLedgerCsv(text, "test.csv");
  return gainsJson(filterYear(computeGains(events, { method: "fifo", ...options }), year));
}
