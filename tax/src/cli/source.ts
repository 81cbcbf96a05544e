import { parseChain } from "../engine/chains";
import { InputError } from "../errors";
import type { LedgerEvent } from "../engine/model";
import { checkLedgerRows } from "../ledger/checks";
import { CsvLedgerSource } from "../ledger/csvLedger";
import { DEFAULT_STORE } from "./register";
import { parseLpReading, type LpReading } from "../ledger/liquidity/reading";


export interface SourceOptions {
  ledger?: string;
  /** true when --db was given without a file */
  db?: string | boolean;
  stablecoinsAsCash?: boolean;
  /** --chain: the store's chain (id or name) */
  chain?: string;
  /** --lp-reading (with --db) */
  lpReading?: string;
}

/** The --lp-reading option, checked (the default reading when absent); only meaningful with --db. */
export function lpReadingOption(opts: SourceOptions): LpReading {
  try {
    return parseLpReading(opts.lpReading);
  } catch (err) {
    throw new InputError(`--lp-reading: "${opts.lpReading}" is ${(err as Error).message}`);
  }
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
    if (opts.chain !== undefined) throw new InputError("--chain applies to --db only (a ledger CSV names its chains in its chain column)");
    if (opts.lpReading !== undefined) throw new InputError("--lp-reading applies to --db only");
    const events = await new CsvLedgerSource(opts.ledger as string).read();
    if (events.length === 0) process.stderr.write(`lotgraph: note: ${opts.ledger}: the ledger has a header but no rows: nothing to report\n`);
    return checked(events);
  }
  const chain = opts.chain === undefined ? undefined : parseChain(opts.chain);
  if (opts.chain !== undefined && chain === undefined) throw new InputError(`--chain: "${opts.chain}" is not a chain id or a known chain name`);
  const { StoreLedgerSource } = require("../ledger/storeLedger") as typeof import("../ledger/storeLedger");
  const source = new StoreLedgerSource({
    file: typeof opts.db === "string" ? opts.db : DEFAULT_STORE,
    databaseUrl: process.env.DATABASE_URL || undefined,
    stablecoinsAsCash: !!opts.stablecoinsAsCash,
    chain,
    lpReading: lpReadingOption(opts),
  });
  const events = await source.read();
  for (const n of source.notes) process.stderr.write(`lotgraph: note: ${source.describe()}: ${n.entity} ${n.id}: ${n.message}\n`);
  return checked(events);
}

/** Refuses duplicate lot ids; warns on stderr about identical rows (the first 20, then a count). */
function checked(events: LedgerEvent[]): LedgerEvent[] {
  const warnings = checkLedgerRows(events);
  for (const w of warnings.slice(0, 20)) process.stderr.write(`lotgraph: warning: ${w}\n`);
  if (warnings.length > 20) process.stderr.write(`lotgraph: warning: ${warnings.length - 20} more pairs of identical rows\n`);
  return events;
}
