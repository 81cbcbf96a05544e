import { test } from "node:test";
import assert from "node:assert/strict";
import { formatTimings, PlainProgress } from "../src/progress";

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("plain progress: overlapping phases say when they start, that they still run, and when they end; failures are not timed", async () => {
  const lines: string[] = [];
  const p = new PlainProgress((l) => lines.push(l), 40);
  await Promise.all([p.phase("compile contracts", () => wait(130)), p.phase("start chain", () => wait(20))]);
  await assert.rejects(p.phase("deploy contracts", async () => Promise.reject(new Error("no chain"))), /no chain/);
  const end = p.begin("indexer sync");
  end();
  end(); // ending twice records once
  p.close();

  assert.deepEqual(lines.slice(0, 2), ["… compile contracts", "… start chain"]);
  assert.match(lines[2], /^✓ start chain in \d\.\d s$/);
  assert.ok(lines.some((l) => /^… still running: compile contracts \(0:00\)$/.test(l)), lines.join("\n"));
  assert.ok(!lines.slice(3).some((l) => /still running: .*start chain/.test(l)), "a finished phase is not reported as running");
  assert.ok(lines.some((l) => /^✓ compile contracts in \d\.\d s$/.test(l)));
  assert.ok(lines.includes("… deploy contracts"));
  assert.ok(lines.some((l) => /^✗ deploy contracts failed after 0\.0 s$/.test(l)));
  assert.deepEqual(p.timings.map((t) => t.name), ["start chain", "compile contracts", "indexer sync"]);
  assert.match(formatTimings(p.timings), /^start chain \d\.\d s · compile contracts \d\.\d s · indexer sync 0\.0 s$/);
});

test("plain progress: a bar prints a line at each tenth with the position, the detail and an ETA, and is timed", async () => {
  const lines: string[] = [];
  const p = new PlainProgress((l) => lines.push(l), 0);
  const bar = p.bar("simulated days", 365, "days");
  for (let day = 1; day <= 365; day++) bar.update(day, `2025-day-${day}`);
  bar.stop();
  assert.equal(lines[0], "… simulated days: 365 days");
  const steps = lines.slice(1);
  assert.equal(steps.length, 10, steps.join("\n"));
  assert.match(steps[0], /^ {2}simulated days: 37\/365 days \(10 %\) 2025-day-37, 0:00 elapsed, ETA 0:00$/);
  assert.match(steps[4], /^ {2}simulated days: 183\/365 days \(50 %\) 2025-day-183, /);
  assert.match(steps[9], /^ {2}simulated days: 365\/365 days \(100 %\) 2025-day-365, 0:00 elapsed, done$/);
  assert.deepEqual(p.timings.map((t) => t.name), ["simulated days"]);

  // A short bar (fewer steps than tenths) prints each step once.
  const few: string[] = [];
  const q = new PlainProgress((l) => few.push(l), 0).bar("days", 3, "days");
  for (let day = 1; day <= 3; day++) q.update(day);
  assert.deepEqual(few.slice(1).map((l) => l.split(",")[0]), ["  days: 1/3 days (33 %)", "  days: 2/3 days (66 %)", "  days: 3/3 days (100 %)"]);
});
