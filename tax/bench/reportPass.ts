// One timed command in its own process (its peak memory is its own): `gains` = tax gains --method fifo
// --format csv (stdout goes where the parent points it), `report` = tax report for one year into a directory.
// Prints one JSON line of figures on stderr.
import { runGainsCommand } from "../src/cli/gainsCommand";
import { runReportCommand } from "../src/cli/reportCommand";

async function main() {
  const [what, ledger, year, out] = process.argv.slice(2);
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  if (what === "gains") await runGainsCommand({ ledger, method: "fifo", format: "csv" });
  else await runReportCommand({ ledger, method: "fifo", year, out });
  await new Promise<void>((r) => (process.stdout.writableLength === 0 ? r() : process.stdout.once("drain", () => r())));
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  process.stderr.write(`\n${JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
}
main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
