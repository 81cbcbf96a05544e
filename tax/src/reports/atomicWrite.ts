import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Writes a set of files so that none is ever seen half-written: each goes to a temporary name in the
 * same directory and is renamed into place once all of them are written.
 */
export function writeFilesAtomically(dir: string, files: ReadonlyMap<string, string | Buffer>): string[] {
  mkdirSync(dir, { recursive: true });
  const temps: [string, string][] = [];
  try {
    for (const [name, content] of files) {
      const final = path.join(dir, name);
      const temp = path.join(dir, `.${name}.${process.pid}.tmp`);
      writeFileSync(temp, content);
      temps.push([temp, final]);
    }
  } catch (err) {
    for (const [temp] of temps) rmSync(temp, { force: true });
    throw err;
  }
  for (const [temp, final] of temps) renameSync(temp, final);
  return temps.map(([, final]) => final);
}
