import type { Command } from "commander";

/** The store `--db` reads when given without a file: the indexer's default. */
export const DEFAULT_STORE = ".data/lotgraph.db";

/**
 * `lotgraph tax …`. Only options are declared here; each action loads its implementation on use.
 * Ledger input comes from a LedgerSource: --ledger FILE (a CSV) or --db [FILE] (the indexer's store).
 */
export function registerTaxCommands(program: Command): void {
  const tax = program.command("tax").description("Cost basis, realized gains, wash sales, income and Form 8949 reports (not tax advice)");

  tax
    .command("gains")
    .description("Match every disposal to its lots and print realized gains, open lots and income")
    .option("--ledger <file>", "ledger CSV: date,wallet,asset,action,quantity,price,fee,tx[,lot][,to][,chain][,to_chain,to_tx,received]")
    .option("--db [file]", `the indexer's store instead of --ledger (default ${DEFAULT_STORE}; DATABASE_URL names a Postgres store)`)
    .option("--stablecoins-as-cash", "with --db: leave the stablecoin's lots and disposals out (treated as cash)", false)
    .option("--lp-reading <reading>", "with --db: liquidity entries and exits as disposals at fair market value (disposal, the default) or carrying basis with the token-mix change taxed (carryover)")
    .requiredOption("--method <method>", "fifo | lifo | hifo | specific")
    .option("--wash-sales", "apply the wash-sale rule (IRC §1091) across all wallets", false)
    .option("--wash-holding-period <how>", "wash-sale replacement's holding period (IRC §1223(3)): tacking (default) | acquisition-date", "tacking")
    .option("--bridged-tokens <rule>", "a bridge's received units: transfer (default: basis and holding period carried) | disposal (sold at FMV, bought anew on the other chain)", "transfer")
    .option("--chain <id|name>", "with --db: the chain the store's subgraph indexes (default: its lot identifications' chainId, else the home chain 31337)")
    .option("--year <yyyy>", "only disposals and income of this tax year")
    .option("--pooling <pooling>", "wallet (default) | universal", "wallet")
    .option("--allow-missing-basis", "report sales beyond the open lots at zero basis, flagged", false)
    .option("--format <format>", "json | csv | table", "table")
    .action(async (opts) => {
      const { runGainsCommand } = require("./gainsCommand") as typeof import("./gainsCommand");
      await runGainsCommand(opts);
    });

  tax
    .command("report")
    .description("Write Form 8949 (CSV, PDF), Schedule D, income, TurboTax/CoinTracking/TokenTax CSVs and an audit trail")
    .option("--ledger <file>", "ledger CSV: date,wallet,asset,action,quantity,price,fee,tx[,lot][,to][,chain][,to_chain,to_tx,received]")
    .option("--db [file]", `the indexer's store instead of --ledger (default ${DEFAULT_STORE}; DATABASE_URL names a Postgres store)`)
    .option("--stablecoins-as-cash", "with --db: leave the stablecoin's lots and disposals out (treated as cash)", false)
    .option("--lp-reading <reading>", "with --db: liquidity entries and exits as disposals at fair market value (disposal, the default) or carrying basis with the token-mix change taxed (carryover)")
    .requiredOption("--year <yyyy>", "tax year")
    .requiredOption("--out <dir>", "output directory")
    .option("--method <method>", "fifo | lifo | hifo | specific", "fifo")
    .option("--wash-sales", "apply the wash-sale rule (IRC §1091) across all wallets", false)
    .option("--wash-holding-period <how>", "wash-sale replacement's holding period (IRC §1223(3)): tacking (default) | acquisition-date", "tacking")
    .option("--bridged-tokens <rule>", "a bridge's received units: transfer (default: basis and holding period carried) | disposal (sold at FMV, bought anew on the other chain)", "transfer")
    .option("--chain <id|name>", "with --db: the chain the store's subgraph indexes (default: its lot identifications' chainId, else the home chain 31337)")
    .option("--pooling <pooling>", "wallet (default) | universal", "wallet")
    .option("--allow-missing-basis", "report sales beyond the open lots at zero basis, flagged", false)
    .option("--webhook <url>", "POST the results as JSON (retried, with an idempotency key)")
    .option("--max-form-rows <n>", "above n rows the Form 8949 PDF refers to an attached statement (Exception 2) instead of listing them", "1000")
    .option("--turbotax-max-rows <n>", "rows per TurboTax CSV; more are split over numbered files", "4000")
    .option("--taxpayer-name <name>", "name printed in the Form 8949 header (blank if not given)")
    .option("--taxpayer-id <ssn-or-tin>", "identifying number printed in the Form 8949 header (blank if not given)")
    .action(async (opts) => {
      const { runReportCommand } = require("./reportCommand") as typeof import("./reportCommand");
      await runReportCommand(opts);
    });
}
