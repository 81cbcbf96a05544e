import fs from "node:fs";
import path from "node:path";

/** The log files of a stack in `dataDir`: the services' logs, Postgres's server log, the keeper's log. */
export function stackLogFiles(dataDir: string): string[] {
  const logDir = path.join(dataDir, "logs");
  const inLogDir = fs.existsSync(logDir)
    ? fs.readdirSync(logDir).filter((f) => f.endsWith(".log") && !f.endsWith(".previous.log")).map((f) => path.join(logDir, f))
    : [];
  return [...inLogDir, path.join(dataDir, "postgres", "server.log"), path.join(dataDir, "keeper.log")].filter((f) => fs.existsSync(f));
}

/**
 * Starts every log of the stack afresh for a new run: each `NAME.log` becomes `NAME.previous.log` (the
 * run before this one, replacing the one before that), so logs do not grow across runs. Only called once
 * the data directory is claimed: a running stack's logs are never moved.
 */
export function rotateLogs(dataDir: string): string[] {
  const rotated = stackLogFiles(dataDir);
  for (const file of rotated) fs.renameSync(file, file.replace(/\.log$/, ".previous.log"));
  return rotated;
}
