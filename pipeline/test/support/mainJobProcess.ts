/**
 * Runs the main job in this process with the options given as JSON in argv[2] and prints its result as
 * JSON on the last line: a test's way to run `npm start` as its own process.
 */
import { runMainJob, type MainJobOptions } from "../../src";

const options = JSON.parse(process.argv[2] ?? "{}") as MainJobOptions;
runMainJob({ ...options, log: (m) => process.stderr.write(`${m}\n`) })
  // bigint figures (gas, base units) as decimal strings, so both runs' decisions compare as text
  .then((result) => process.stdout.write(`${JSON.stringify(result, (_, v) => (typeof v === "bigint" ? v.toString() : v))}\n`))
  .catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
