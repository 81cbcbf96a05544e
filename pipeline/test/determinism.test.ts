/**
 * Same seed, same reports, byte for byte: the main job runs 21 simulated days twice (keeper passes on
 * days 1, 7, 14 and 21) and every file it wrote is compared. Only the HTML's "generated" time is left
 * out; the PDF carries its fixed creation date.
 *
 * Each run is a process of its own, as `npm start` is. Both use the same data and report directories (moved aside in between) and the same ports (free
 * ones, picked once), as a user's second `npm start` does: the second run meets what the first left
 * behind (the Postgres cluster, the subgraph build, the keeper's store and journal of the earlier
 * chain), and every path and URL written into a report is the same.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { freePorts } from "@lotgraph/stack";
import type { MainJobOptions, MainJobResult } from "../src";

const DAYS = 21;
const GENERATED = /generated \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g;

/** One `npm start`: the main job in a process of its own (as a user runs it), its result and what it logged. */
async function mainJobProcess(options: MainJobOptions): Promise<{ result: MainJobResult; lines: string[] }> {
  const script = path.join(__dirname, "support/mainJobProcess.ts");
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", script, JSON.stringify(options)], {
    cwd: path.join(__dirname, ".."),
    maxBuffer: 64 * 1024 * 1024,
  });
  return { result: JSON.parse(stdout.trim().split("\n").pop()!) as MainJobResult, lines: stderr.split("\n") };
}

/** What the drive did, without how long it took. */
function decisions(result: MainJobResult): Record<string, unknown> {
  const { elapsedMs, msPerDay, timings, ...rest } = result.drive as MainJobResult["drive"] & { elapsedMs?: number; msPerDay?: number };
  void [elapsedMs, msPerDay, timings];
  return rest;
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** The first line where two texts differ, for the failure message. */
function firstDifference(a: string, b: string): string {
  const la = a.split("\n");
  const lb = b.split("\n");
  const i = la.findIndex((l, k) => l !== lb[k]);
  const at = i < 0 ? la.length : i;
  return `line ${at + 1}:\n  first:  ${(la[at] ?? "<end>").slice(0, 300)}\n  second: ${(lb[at] ?? "<end>").slice(0, 300)}`;
}

test(`the main job twice with seed 2025 for ${DAYS} days: every report file is identical`, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-same-seed-"));
  const dataDir = path.join(dir, "data");
  const reportsDir = path.join(dir, "reports");
  const runs: { reports: string; result: MainJobResult; lines: string[] }[] = [];
  try {
    const ports = await freePorts();
    for (const name of ["first", "second"]) {
      const { result, lines } = await mainJobProcess({ days: DAYS, seed: 2025, dataDir, reportsDir, ports });
      const kept = path.join(dir, `reports-${name}`);
      fs.renameSync(reportsDir, kept);
      runs.push({ reports: kept, result, lines });
    }
    const [a, b] = runs;
    assert.equal(a.result.drive.days, DAYS);
    assert.ok(a.result.drive.keeperActions >= 4, "the keeper ran upkeeps");
    assert.deepEqual(decisions(b.result), decisions(a.result), "the same transactions, keeper actions and harvests");

    const files = filesUnder(a.reports);
    assert.deepEqual(filesUnder(b.reports), files, "the same report files");
    for (const f of ["lotgraph-report.html", "2025/form8949-2025.csv", "2025/form8949-2025.pdf", "2025/schedule-d-2025.csv", "2025/income-2025.csv", "2025/audit-trail-2025.csv"]) {
      assert.ok(files.includes(f), `${f} written`);
    }
    let compared = 0;
    for (const f of files) {
      let first = fs.readFileSync(path.join(a.reports, f));
      let second = fs.readFileSync(path.join(b.reports, f));
      if (f.endsWith(".html")) {
        const [ta, tb] = [first.toString("utf8"), second.toString("utf8")];
        assert.equal(ta.match(GENERATED)?.length, 1, `${f} states when it was generated, once`);
        first = Buffer.from(ta.replace(GENERATED, "generated <time>"));
        second = Buffer.from(tb.replace(GENERATED, "generated <time>"));
      }
      if (!first.equals(second)) {
        assert.fail(`${f} differs between two runs of the same seed at ${f.endsWith(".pdf") ? "some byte" : firstDifference(first.toString("utf8"), second.toString("utf8"))}`);
      }
      compared++;
    }
    assert.equal(compared, files.length);
    const simulatedFrom = (lines: string[]) => lines.find((l) => l.startsWith("market: "));
    assert.equal(simulatedFrom(b.lines), simulatedFrom(a.lines), "the simulated year starts at the same chain time");
    process.stdout.write(`# ${files.length} report files identical; timings: ${JSON.stringify(a.result.timings)} / ${JSON.stringify(b.result.timings)}\n`);
  } catch (e) {
    // both runs' keeper logs, one after the other, for finding what differed
    const log = path.join(dataDir, "keeper.log");
    if (fs.existsSync(log)) fs.copyFileSync(log, path.join(os.tmpdir(), "lotgraph-same-seed-keeper.log"));
    throw e;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
