import { csvLine } from "../ledger/csv";
import type { GainsResult } from "../engine/model";
import { disposalJson, incomeJson, lotJson, showsChains } from "./gainsJson";

export const NOT_TAX_ADVICE = "Not tax advice: figures computed by lotgraph from the ledger given; check them with a tax professional.";

const DISPOSAL_COLUMNS = ["wallet", "asset", "quantity", "dateAcquired", "dateSold", "proceeds", "costBasis", "code", "adjustment", "gain", "term", "tx", "lots", "missingBasis"];

/** Disposal rows as CSV; lots as `id:quantity` joined by ";". A ledger spanning chains adds a last column, `chain`. */
export function* gainsCsvChunks(result: GainsResult): Generator<string> {
  const withChain = showsChains(result);
  yield csvLine(withChain ? [...DISPOSAL_COLUMNS, "chain"] : DISPOSAL_COLUMNS);
  for (const row of result.disposals) {
    const j = disposalJson(row);
    const chain = withChain ? [String(row.chain)] : [];
    yield csvLine([
      j.wallet, j.asset, j.quantity, j.dateAcquired, j.dateSold, j.proceeds, j.costBasis, j.code, j.adjustment, j.gain, j.term, j.tx,
      j.lots.map((l) => `${l.id ?? "none"}:${l.quantity}`).join(";"),
      row.missingBasis ? "yes" : "",
      ...chain,
    ]);
  }
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  return [fmt(headers), fmt(widths.map((w) => "-".repeat(w))), ...rows.map(fmt)].join("\n") + "\n";
}

/** The tables; a ledger spanning chains adds a `chain` column after `wallet` in each. */
export function gainsTable(result: GainsResult): string {
  const withChain = showsChains(result);
  const head = (names: string[]) => (withChain ? [names[0], "chain", ...names.slice(1)] : names);
  const cells = (wallet: string, chain: number, rest: string[]) => (withChain ? [wallet, String(chain), ...rest] : [wallet, ...rest]);
  const d = result.disposals.map((row) => disposalJson(row));
  let out = "Disposals\n";
  out += table(
    head(["wallet", "asset", "quantity", "acquired", "sold", "proceeds", "basis", "code", "adj", "gain", "term"]),
    d.map((j, i) =>
      cells(j.wallet, result.disposals[i].chain, [j.asset, j.quantity, j.dateAcquired, j.dateSold, j.proceeds, j.costBasis, j.code, j.adjustment, j.gain, j.term + (result.disposals[i].missingBasis ? " (missing basis)" : "")]),
    ),
  );
  out += "\nOpen lots\n";
  out += table(
    head(["wallet", "asset", "quantity", "basis", "holding from", "acquired", "tx"]),
    result.lots.map((lot) => {
      const l = lotJson(lot);
      return cells(l.wallet, lot.chain, [l.asset, l.quantity, l.costBasis, l.holdingPeriodStart, l.acquiredAt, l.tx]);
    }),
  );
  out += "\nIncome\n";
  out += table(
    head(["wallet", "asset", "date", "quantity", "value", "tx"]),
    result.income.map((i) => {
      const r = incomeJson(i);
      return cells(r.wallet, i.chain, [r.asset, r.date, r.quantity, r.value, r.tx]);
    }),
  );
  return out + "\n" + NOT_TAX_ADVICE + "\n";
}
