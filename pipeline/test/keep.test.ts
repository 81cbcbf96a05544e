import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";

const CLI = path.resolve(__dirname, "../../cli/bin/lotgraph.js");

async function query<T>(url: string, q: string): Promise<T> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: q }) });
  const body = (await res.json()) as { data: T };
  return body.data;
}

// `lotgraph start --keep` as a user runs it (stdout a pipe, so plain lines): it says that indexing goes on
// while the simulation runs, and ends with one READY line once every simulated day is indexed; the URL
// it names then answers at that block, and Ctrl-C stops everything.
test("lotgraph start --keep: says indexing goes on during the simulation, then one READY line at the synced block", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-keep-"));
  const dataDir = path.join(dir, "data");
  const child = spawn(process.execPath, [CLI, "start", "--keep", "--days", "3", "--free-ports", "--data-dir", dataDir, "--reports", path.join(dir, "reports")], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  t.after(async () => {
    if (child.exitCode === null) child.kill("SIGINT");
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  });
  let stderr = "";
  child.stderr.on("data", (c) => (stderr += c));
  const lines: string[] = [];
  const ready = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).on("line", (line) => {
      lines.push(line);
      if (line.startsWith("READY")) resolve(line);
    });
    exited.then((code) => reject(new Error(`lotgraph start exited (${code}) before READY:\n${lines.join("\n")}\n${stderr}`)));
  });

  const early = lines.findIndex((l) => l.includes("graph-node indexes the simulated year while it runs"));
  const simulated = lines.findIndex((l) => l.startsWith("simulated 3 days"));
  assert.ok(early >= 0 && early < simulated, "said before the simulation that indexing goes on while it runs");
  assert.equal(lines.filter((l) => l.startsWith("READY")).length, 1);
  const [, url, block] = /^READY: GraphQL (\S+) — synced to block (\d+), every simulated day indexed$/.exec(ready) ?? [];
  assert.ok(url && block, ready);

  const data = await query<{ _meta: { block: { number: number } } }>(url, "{ _meta { block { number } } }");
  assert.equal(data._meta.block.number, Number(block), "the READY block is what graph-node serves");
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(lines[lines.length - 1], ready, "nothing follows the READY line");

  child.kill("SIGINT");
  assert.equal(await exited, 130);
  const left = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" }).split("\n").filter((l) => l.includes(dataDir));
  assert.deepEqual(left, [], "no process of the stack is left");
  assert.equal(fs.existsSync(path.join(dataDir, "stack.lock")), false, "the lock is released");
});
