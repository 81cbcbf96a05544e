import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { loadCapturedEntities, openConnection } from "@lotgraph/indexer";
import { createTables, META } from "@lotgraph/indexer/src/store/tables";
import { StoreLedgerSource } from "../src/ledger/storeLedger";
import type { StoreRow, StoreRows } from "../src/ledger/storeEvents";
import { hash } from "./storeRows";
import { rows } from "./liquidityRows";

// The liquidity manager's rows through a SQLite store whose tables are made exactly as lotgraph sync makes
// them (from graph-node's captured schema), read by StoreLedgerSource and by the CLI under both readings.
const exec = promisify(execFile);
const bin = path.resolve(__dirname, "../../node_modules/.bin/lotgraph");
const entities = loadCapturedEntities();
const env = { ...process.env, DATABASE_URL: "" };

async function withStore(fill: StoreRows, fn: (file: string, dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "lotgraph-tax-lp-"));
  const file = path.join(dir, "store.db");
  const c = await openConnection({ file });
  try {
    await createTables(c.db, entities);
    await c.db.insertInto(META.synced).values({ chain: 31337, number: 30, hash: hash(30), synced_at: "2026-03-01" }).execute();
    for (const [table, list] of Object.entries(fill)) {
      for (const row of list as StoreRow[]) await c.db.insertInto(table).values({ chain: 31337, ...row, _block: 30 }).execute();
    }
  } finally {
    await c.db.destroy();
  }
  try {
    await fn(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("the store's liquidity tables are read and mapped under the reading asked for (disposal by default)", async () => {
  await withStore(rows(), async (file) => {
    const byDefault = new StoreLedgerSource({ file });
    const events = await byDefault.read();
    assert.equal(byDefault.lpReading, "disposal");
    assert.ok(events.some((e) => e.asset === "WETH-USDC-LP#7" && e.kind === "buy"));
    assert.equal(byDefault.counts?.liquidityEvents, events.filter((e) => e.source?.file.includes(" Range")).length);
    const carry = new StoreLedgerSource({ file, lpReading: "carryover" });
    const moved = await carry.read();
    assert.equal(carry.lpReading, "carryover");
    assert.ok(moved.some((e) => e.kind === "transfer" && e.toWallet?.endsWith("/lp#7")));
    assert.ok(!moved.some((e) => e.asset.includes("LP#")));
  });
});

test("tax gains --db --lp-reading: the fee income and the exit's sale trace to their logs; a bad reading or one without --db is refused", async () => {
  await withStore(rows(), async (file) => {
    const out = await exec(bin, ["tax", "gains", "--db", file, "--method", "fifo", "--format", "json", "--lp-reading", "carryover"], { env });
    const json = JSON.parse(out.stdout);
    const sales = json.disposals as { asset: string; proceeds: string; costBasis: string; tx: string }[];
    assert.equal(sales.length, 1);
    assert.equal(sales[0].asset, "WETH");
    assert.match(sales[0].tx, new RegExp(`${hash(30)}:1`));
    const income = json.income as { asset: string; tx: string }[];
    assert.ok(income.every((i) => i.tx.includes(`${hash(20)}:0`)), JSON.stringify(income));

    const bad = await exec(bin, ["tax", "gains", "--db", file, "--method", "fifo", "--lp-reading", "both"], { env }).then(
      () => assert.fail("expected a non-zero exit"),
      (e) => e as { code: number; stderr: string },
    );
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--lp-reading: "both" is not one of disposal, carryover/);
    const noDb = await exec(bin, ["tax", "gains", "--ledger", file, "--method", "fifo", "--lp-reading", "carryover"], { env }).then(
      () => assert.fail("expected a non-zero exit"),
      (e) => e as { code: number; stderr: string },
    );
    assert.match(noDb.stderr, /--lp-reading applies to --db only/);
  });
});

test("tax report --db names the reading in the summary", async () => {
  await withStore(rows(), async (file, dir) => {
    for (const reading of ["disposal", "carryover"]) {
      const out = path.join(dir, reading);
      const args = ["tax", "report", "--db", file, "--year", "2026", "--out", out, ...(reading === "disposal" ? [] : ["--lp-reading", reading])];
      await exec(bin, args, { env });
      const name = readdirSync(out).find((f) => f.startsWith("summary"))!;
      const summary = JSON.parse(readFileSync(path.join(out, name), "utf8"));
      assert.equal(summary.liquidityReading, reading);
      assert.ok((summary.notes as string[]).some((n) => n.startsWith(`Liquidity positions, reading ${reading === "disposal" ? 1 : 2} (${reading})`)));
    }
  });
});
