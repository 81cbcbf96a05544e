import { InputError } from "../errors";
import type { LedgerEvent } from "../engine/model";
import { CsvLedgerSource } from "../ledger/csvLedger";
import { DEFAULT_STORE } from "./register";


export interface SourceOptions {
  ledger?: string;
  /** true when --db was given without a file */
  db?: string | boolean;
  stablecoinsAsCash?: boolean;
}

/**
 * Reads the ledger from exactly one input: --ledger FILE (a ledger CSV) or --db [FILE] (the indexer's
 * store; DATABASE_URL, when set, names a Postgres store instead, as for lotgraph sync). Notes about what
 * the store path left out go to stderr.
 */
export async function readLedger(opts: SourceOptions): Promise<LedgerEvent[]> {
  const hasDb = opts.db !== undefined && opts.db !== false;
  if ((opts.ledger === undefined) === !hasDb) {
    throw new InputError("give exactly one input: --ledger FILE (a ledger CSV) or --db [FILE] (the indexer's store; DATABASE_URL for Postgres)");
  }
  if (!hasDb) {
    if (opts.stablecoinsAsCash) throw new InputError("--stablecoins-as-cash applies to --db only");
    return new CsvLedgerSource(opts.ledger as string).read();
  }
  const { StoreLedgerSource } = require("../ledger/storeLedger") as typeof import("../ledger/storeLedger");
  const source = new StoreLedgerSource({
    file: typeof opts.db === "string" ? opts.db : DEFAULT_STORE,
    databaseUrl: process.env.DATABASE_URL || undefined,
    stablecoinsAsCash: !!opts.stablecoinsAsCash,
  });
  const events = await source.read();
  for (const n of source.notes) process.stderr.write(`lotgraph: note: ${source.describe()}: ${n.entity} ${n.id}: ${n.message}\n`);
  return events;
}
