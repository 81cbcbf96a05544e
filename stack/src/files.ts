import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Feeds every file under `dir` (relative names and contents, in a stable order) into `hash`, skipping `skip` names. */
export function hashTree(hash: crypto.Hash, dir: string, skip: ReadonlySet<string> = new Set()): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (skip.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      hash.update(`${entry.name}/`);
      hashTree(hash, full, skip);
    } else hash.update(entry.name).update(fs.readFileSync(full));
  }
}
