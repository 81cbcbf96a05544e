import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import DecimalJs from "decimal.js";
import { loadCapturedEntities, openConnection } from "@lotgraph/indexer";
import { createTables, META } from "@lotgraph/indexer/src/store/tables";
import { storeRowsToLedger, parseBigDecimalMoney, type StoreRow } from "../src/ledger/storeEvents";
import { MONEY_DIGITS } from "../src/engine/fixed";
import { VAULT, USDC, WETH, E18, hash, id, at } from "./storeRows";

// The store path on hand-built SQLite stores whose tables are made exactly as lotgraph sync makes them.
const exec = promisify(execFile);
const Decimal = DecimalJs.clone({ precision: 80 });
const bin = path.resolve(__dirname, "../../node_modules/.bin/lotgraph");
const entities = loadCapturedEntities();

const OWNER = "0x" + "0b".repeat(20);
const UNI = "0x" + "03".repeat(20);


function lot(block: number, log: number, day: number, asset: string, source: string, quantity: bigint, unitCostRaw: bigint, decimals: number): StoreRow {
  return { ...at(block, log, day), asset, source, quantity: String(quantity), unitCostRaw: String(unitCostRaw), decimals, position: `${VAULT}-${asset}`, unitCostUsd: "0", costBasisUsd: "0" };
}

function disposal(block: number, log: number, day: number, asset: string, kind: string, quantity: bigint, proceedsUsd: string, decimals: number, positionShortfall = 0n): StoreRow {
  return { ...at(block, log, day), asset, kind, quantity: String(quantity), proceedsUsd, decimals, positionShortfall: String(positionShortfall), feeQuantity: "0", feeUsd: "0", unitPriceUsd: "0", unitPriceRaw: "0", position: `${VAULT}-${asset}` };
}

interface Scenario {
  Asset: StoreRow[];
  Lot: StoreRow[];
  Disposal: StoreRow[];
  Withdrawal: StoreRow[];
}

/** A deposit of USDC, a trade USDC → WETH, a harvest, a loss harvest WETH → USDC and a withdrawal. */
function scenario(): Scenario {
  return {
    Asset: [
      { id: USDC, symbol: "USDC", decimals: 6, isStable: 1, registered: 1 },
      { id: WETH, symbol: "WETH", decimals: 18, isStable: 0, registered: 1 },
      { id: UNI, symbol: "UNI", decimals: 18, isStable: 0, registered: 1 },
    ],
    Lot: [
      lot(1, 0, 0, USDC, "DEPOSIT", 10_000n * 10n ** 6n, E18, 6),
      // the trade's lot is listed before its disposal: the order must come from the mapping, not the rows
      lot(2, 1, 1, WETH, "REBALANCE_BUY", E18, 3000n * E18, 18),
      lot(3, 0, 2, USDC, "HARVEST_INCOME", 12_500_000n, E18, 6),
      lot(5, 2, 40, USDC, "LOSS_HARVEST_PROCEEDS", 1_250_500_000n, E18, 6),
    ],
    Disposal: [
      // 3,003 USDC left the vault (3 USDC DEX fee inside); 1 WETH worth 3,000 came back
      disposal(2, 1, 1, USDC, "TRADE", 3_003n * 10n ** 6n, "3000", 6),
      disposal(5, 2, 40, WETH, "LOSS_HARVEST", E18 / 2n, "1250.5", 18),
    ],
    Withdrawal: [{ ...at(6, 0, 41), asset: USDC, to: OWNER, amount: String(100n * 10n ** 6n), priceUsd: "1", valueUsd: "100", positionShortfall: "0" }],
  };
}

async function withStore(fill: Scenario | undefined, fn: (file: string, dir: string) => Promise<void>, opts: { synced?: boolean; tables?: boolean } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "lotgraph-tax-store-"));
  const file = path.join(dir, "store.db");
  const c = await openConnection({ file });
  try {
    if (opts.tables !== false) await createTables(c.db, entities);
    else await c.db.schema.createTable("Lot").addColumn("id", "text").execute();
    if (opts.synced !== false && opts.tables !== false) await c.db.insertInto(META.synced).values({ chain: 31337, number: 6, hash: hash(6), synced_at: "2025-03-01" }).execute();
    for (const [table, rows] of Object.entries(fill ?? {})) {
      for (const row of rows as StoreRow[]) await c.db.insertInto(table).values({ chain: 31337, ...row, _block: 6 }).execute();
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

const gains = (file: string, ...extra: string[]) => exec(bin, ["tax", "gains", "--db", file, "--method", "fifo", "--format", "json", ...extra], { env: { ...process.env, DATABASE_URL: "" } });
const fails = (p: Promise<unknown>) => p.then(() => assert.fail("expected a non-zero exit"), (e) => e as { code: number; stderr: string; stdout: string });

test("tokens the emergency exit's LP unwind returned get a lot at fair market value, which a later sale draws on", async () => {
  const s = scenario();
  const unwound = { ...s, Lot: [...s.Lot, lot(7, 3, 50, UNI, "LP_UNWIND", 40n * E18, 5n * E18, 18)], Disposal: [...s.Disposal, disposal(8, 0, 60, UNI, "TRADE", 10n * E18, "45", 18)] };
  const { events } = storeRowsToLedger(unwound, { store: "t.db" });
  const arrival = events.find((e) => e.lot === id(7, 3))!;
  assert.deepEqual([arrival.kind, arrival.quantity, arrival.carriedBasis], ["deposit", 40n * E18, 200n * 10n ** 12n]);
  await withStore(unwound, async (file) => {
    const { stdout } = await gains(file);
    const sale = JSON.parse(stdout).disposals.find((d: { asset: string }) => d.asset === "UNI");
    assert.ok(sale, "the UNI sale is computed, not refused for want of basis");
    assert.deepEqual([sale.costBasis, sale.proceeds, sale.gain], ["50.00", "45.00", "-5.00"]);
    assert.deepEqual(sale.lots.map((l: { id: string; quantity: string }) => [l.id, l.quantity]), [[id(7, 3), "10"]], "the basis traces to the LP_UNWIND lot's log");
  });
});

test("store rows map to chain-ordered events: disposal before the lot it paid for, exact quantities and values, tx = hash:logIndex", () => {
  const s = scenario();
  const { events, notes, counts } = storeRowsToLedger(s, { store: "t.db" });
  assert.deepEqual(
    events.map((e) => [e.kind, e.asset, e.tx.raw]),
    [
      ["deposit", "USDC", `${hash(1)}:0`],
      ["swap", "USDC", `${hash(2)}:1`],
      ["buy", "WETH", `${hash(2)}:1`],
      ["income", "USDC", `${hash(3)}:0`],
      ["harvest", "WETH", `${hash(5)}:2`],
      ["buy", "USDC", `${hash(5)}:2`],
      ["transfer", "USDC", `${hash(6)}:0`],
    ],
  );
  assert.deepEqual(counts, { lots: 4, disposals: 2, withdrawals: 1, skippedStable: 0, identifiedDisposals: 0 });
  assert.equal(events[0].wallet, VAULT);
  assert.equal(events[2].lot, id(2, 1), "a lot is named by its Lot entity id");
  assert.equal(events[0].carriedBasis, 10_000n * 10n ** 12n);
  assert.equal(events[1].quantity, 3003n * E18, "6-decimal raw units scale to exact 1e-18 quantities");
  assert.equal(events[1].value, 3000n * 10n ** 12n, "proceeds are proceedsUsd, not quantity × price");
  assert.equal(events[1].fee, 0n, "the DEX fee is already out of proceedsUsd");
  assert.equal(events[4].value, 1_250_500_000_000_000n);
  // the withdrawal is a transfer of 100 USDC from the vault to the owner's wallet, not a sale and not left out
  assert.equal(notes.length, 0);
  assert.deepEqual([events[6].wallet, events[6].toWallet, events[6].quantity, events[6].fee], [VAULT, OWNER, 100n * E18, 0n]);

  // Values come from the raw 18-decimal price, exactly, rounded once to 1e-12 USD (checked with decimal.js).
  const raw = 1_234_567_890_123_456_789n;
  const price = 3_123_456_789_012_345_678_901n;
  const precise = storeRowsToLedger({ ...s, Lot: [lot(9, 0, 3, WETH, "REBALANCE_BUY", raw, price, 18)], Disposal: [], Withdrawal: [] });
  const expected = new Decimal(raw.toString()).times(price.toString()).div(new Decimal(10).pow(36)).toDecimalPlaces(MONEY_DIGITS, DecimalJs.ROUND_HALF_UP);
  assert.equal(precise.events[0].value, BigInt(expected.times(new Decimal(10).pow(MONEY_DIGITS)).toFixed(0)));
  assert.equal(precise.events[0].quantity, raw);

  // graph-node may print BigDecimals with an exponent
  assert.equal(parseBigDecimalMoney("1.5E-7"), 150_000n);
  assert.equal(parseBigDecimalMoney("2e3"), 2000n * 10n ** 12n);
  assert.equal(parseBigDecimalMoney("0.0000000000005"), 1n, "half away from zero");
  assert.equal(parseBigDecimalMoney("-1"), undefined);
});

test("tax gains --db: figures from the store, every row traced to its transaction hash and log index", () =>
  withStore(scenario(), async (file) => {
    const { stdout, stderr } = await gains(file);
    const out = JSON.parse(stdout);
    assert.deepEqual(
      out.disposals.map((d: any) => [d.asset, d.quantity, d.dateAcquired, d.dateSold, d.proceeds, d.costBasis, d.gain, d.term, d.tx]),
      [
        ["USDC", "3003", "2025-01-10", "2025-01-11", "3000.00", "3003.00", "-3.00", "short", `${hash(2)}:1`],
        ["WETH", "0.5", "2025-01-11", "2025-02-19", "1250.50", "1500.00", "-249.50", "short", `${hash(5)}:2`],
      ],
    );
    assert.deepEqual(out.income, [{ wallet: VAULT, asset: "USDC", date: "2025-01-12", quantity: "12.5", value: "12.50", tx: `${hash(3)}:0` }]);
    // open lots: the withdrawal moved 100 USDC of the deposit lot (FIFO) to the owner's wallet with its basis
    // and dates, realizing nothing; the vault keeps the deposit's other 6,897 USDC, the income, half the WETH
    // and the loss-harvest USDC
    assert.deepEqual(
      out.lots.map((l: any) => [l.wallet, l.asset, l.quantity, l.costBasis, l.acquiredAt, l.holdingPeriodStart, l.tx]),
      [
        [OWNER, "USDC", "100", "100.00", "2025-01-10", "2025-01-10", `${hash(1)}:0`],
        [VAULT, "USDC", "6897", "6897.00", "2025-01-10", "2025-01-10", `${hash(1)}:0`],
        [VAULT, "USDC", "12.5", "12.50", "2025-01-12", "2025-01-12", `${hash(3)}:0`],
        [VAULT, "USDC", "1250.5", "1250.50", "2025-02-19", "2025-02-19", `${hash(5)}:2`],
        [VAULT, "WETH", "0.5", "1500.00", "2025-01-11", "2025-01-11", `${hash(2)}:1`],
      ],
    );
    assert.ok(!out.disposals.some((d: any) => d.tx === `${hash(6)}:0`), "a transfer realizes nothing");
    assert.doesNotMatch(stderr, /Withdrawal/, "the withdrawal is in the ledger, not left out with a note");

    // Stablecoin as cash: only the WETH rows remain.
    const cash = JSON.parse((await gains(file, "--stablecoins-as-cash")).stdout);
    assert.deepEqual(cash.disposals.map((d: any) => d.asset), ["WETH"]);
    assert.deepEqual(cash.income, []);
    assert.deepEqual(cash.lots.map((l: any) => [l.asset, l.quantity]), [["WETH", "0.5"]]);
  }));

test("tax report --db writes the reports; the audit trail names each sale's and lot's transaction hash and log index", () =>
  withStore(scenario(), async (file, dir) => {
    const out = path.join(dir, "reports");
    await exec(bin, ["tax", "report", "--db", file, "--year", "2025", "--out", out], { env: { ...process.env, DATABASE_URL: "" } });
    const audit = require("node:fs").readFileSync(path.join(out, "audit-trail-2025.csv"), "utf8") as string;
    const rows = audit.split("\n").filter((l) => l.startsWith("1,") || l.startsWith("2,"));
    assert.equal(rows.length, 2);
    assert.ok(rows[0].includes(`,${hash(2)},1,`) && rows[0].includes(`,${hash(1)},0,`), rows[0]);
    assert.ok(rows[1].includes(`,${hash(5)},2,`) && rows[1].includes(`,${hash(2)},1,`), rows[1]);
    const form = require("node:fs").readFileSync(path.join(out, "form8949-2025.csv"), "utf8") as string;
    assert.match(form, /WETH.*,2025-01-11,2025-02-19,1250\.50,1500\.00,,0\.00,-249\.50/);
  }));

test("exactly one of --ledger and --db", async () => {
  const neither = await fails(exec(bin, ["tax", "gains", "--method", "fifo"]));
  assert.equal(neither.code, 2);
  assert.match(neither.stderr, /exactly one input: --ledger FILE .* or --db/);
  const both = await fails(exec(bin, ["tax", "gains", "--ledger", "x.csv", "--db", "x.db", "--method", "fifo"]));
  assert.equal(both.code, 2);
  assert.match(both.stderr, /exactly one input/);
});

test("bad stores: no file, missing tables, no completed sync, no rows, a disposal with a position shortfall, a bad field", async () => {
  const missingFile = await fails(gains("/nonexistent/lotgraph.db"));
  assert.equal(missingFile.code, 2);
  assert.match(missingFile.stderr, /--db \/nonexistent\/lotgraph\.db: no such store/);
  assert.equal(existsSync("/nonexistent/lotgraph.db"), false);

  await withStore(undefined, async (file) => {
    const e = await fails(gains(file));
    assert.equal(e.code, 2);
    assert.match(e.stderr, /missing tables Asset, Disposal, Withdrawal/);
  }, { tables: false });

  await withStore(scenario(), async (file) => {
    const e = await fails(gains(file));
    assert.equal(e.code, 2);
    assert.match(e.stderr, /empty, no completed sync/);
  }, { synced: false });

  await withStore({ Asset: scenario().Asset, Lot: [], Disposal: [], Withdrawal: [] }, async (file) => {
    const e = await fails(gains(file));
    assert.equal(e.code, 2);
    assert.match(e.stderr, /empty, no Lot or Disposal rows/);
  });

  const short = scenario();
  short.Disposal[1] = disposal(5, 2, 40, WETH, "LOSS_HARVEST", E18 / 2n, "1250.5", 18, 7n);
  await withStore(short, async (file, dir) => {
    const out = path.join(dir, "reports");
    const e = await fails(exec(bin, ["tax", "report", "--db", file, "--year", "2025", "--out", out], { env: { ...process.env, DATABASE_URL: "" } }));
    assert.equal(e.code, 2);
    assert.match(e.stderr, /Disposal 000000000005-000002, field positionShortfall: the vault held less .* \(value "7"\)/);
    assert.equal(existsSync(out), false, "nothing written");
    assert.equal(e.stdout, "");
  });

  const bad = scenario();
  bad.Lot[2] = { ...bad.Lot[2], unitCostRaw: "1.5" };
  await withStore(bad, async (file) => {
    const e = await fails(gains(file));
    assert.equal(e.code, 2);
    assert.match(e.stderr, /Lot 000000000003-000000, field unitCostRaw: not a non-negative integer \(value "1\.5"\)/);
    assert.equal(e.stdout, "");
  });
});
