import { csvLine } from "../ledger/csv";
import type { GainsResult } from "../engine/model";
import { disposalJson, incomeJson, lotJson } from "./gainsJson";

export const NOT_TAX_ADVICE = "Not tax advice: figures computed by lotgraph from the ledger given; check them with a tax professional.";

const DISPOSAL_COLUMNS = ["wallet", "asset", "quantity", "dateAcquired", "dateSold", "proceeds", "costBasis", "code", "adjustment", "gain", "term", "tx", "lots", "missingBasis"];

/** Disposal rows as CSV; lots as `id:quantity` joined by ";". */
export function* gainsCsvChunks(result: GainsResult): Generator<string> {
  yield csvLine(DISPOSAL_COLUMNS);
  for (const row of result.disposals) {
    const j = disposalJson(row);
    yield csvLine([
      j.wallet, j.asset, j.quantity, j.dateAcquired, j.dateSold, j.proceeds, j.costBasis, j.code, j.adjustment, j.gain, j.term, j.tx,
      j.lots.map((l) => `${l.id ?? "none"}:${l.quantity}`).join(";"),
      row.missingBasis ? "yes" : "",
    ]);
  }
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  return [fmt(headers), fmt(widths.map((w) => "-".repeat(w))), ...rows.map(fmt)].join("\n") + "\n";
}

export function gainsTable(result: GainsResult): string {
  const d = result.disposals.map(disposalJson);
  let out = "Disposals\n";
  out += table(
    ["wallet", "asset", "quantity", "acquired", "sold", "proceeds", "basis", "code", "adj", "gain", "term"],
    d.map((j, i) => [j.wallet, j.asset, j.quantity, j.dateAcquired, j.dateSold, j.proceeds, j.costBasis, j.code, j.adjustment, j.gain, j.term + (result.disposals[i].missingBasis ? " (missing basis)" : "")]),
  );
  out += "\nOpen lots\n";
  out += table(["wallet", "asset", "quantity", "basis", "holding from", "acquired", "tx"], result.lots.map(lotJson).map((l) => [l.wallet, l.asset, l.quantity, l.costBasis, l.holdingPeriodStart, l.acquiredAt, l.tx]));
  out += "\nIncome\n";
  out += table(["wallet", "asset", "date", "quantity", "value", "tx"], result.income.map(incomeJson).map((r) => [r.wallet, r.asset, r.date, r.quantity, r.value, r.tx]));
  return out + "\n" + NOT_TAX_ADVICE + "\n";
}
