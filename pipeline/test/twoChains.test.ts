import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openConnection, CHAIN_COLUMN } from "@lotgraph/indexer";
import { readDeployment } from "@lotgraph/contracts";
import { runMainJob, type MainJobOptions } from "../src";

const SECOND_CHAIN = 412346;

// `--chains 2`: the system on both chains, the second one on the bridged stablecoin following the home
// chain's prices with its own keeper, both subgraphs synced into one store and taxed together.
test("the main job on two chains: the second chain's system is driven and indexed, its rows reach the store as chain 412346 and the reports", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-2chains-main-"));
  const lines: string[] = [];
  try {
    const result = await runMainJob({ days: 28, chains: 2, dataDir: path.join(dir, "data"), reportsDir: path.join(dir, "reports"), freePorts: true, log: (m) => lines.push(m) });
    const l2 = readDeployment(path.join(dir, "data", "deployment-l2.json"));
    const bridge = JSON.parse(fs.readFileSync(path.join(dir, "data", "bridge.json"), "utf8"));
    const stable = l2.assets.find((a) => a.isStable)!;
    assert.equal(stable.address.toLowerCase(), bridge.remote.token.toLowerCase(), "the second chain's system holds the bridged stablecoin");
    assert.ok(lines.some((l) => /^chain 2 followed 28 days .* its keeper: \d+ passes, [1-9]\d* upkeeps/.test(l)), lines.filter((l) => l.startsWith("chain 2")).join("\n"));

    // The cross-chain allocation: a coordinator and a mover on each chain, listed in both deployment files.
    const home = readDeployment(path.join(dir, "data", "deployment.json"));
    for (const dep of [home, l2]) {
      for (const key of ["CrossChainMover", "ShareCoordinator"]) assert.match(dep.contracts[key]?.address ?? "", /^0x[0-9a-fA-F]{40}$/, `${dep.network}: ${key}`);
    }
    const allocationLines = lines.filter((l) => /allocation/.test(l));
    process.stdout.write(`\n${allocationLines.map((l) => `# ${l}\n`).join("")}`);
    assert.ok(lines.some((l) => /^allocation target shares eid 39001 \d+ bps .*, eid 39002 \d+ bps/.test(l)), "the target shares are logged");
    assert.ok(lines.some((l) => /^allocation shares version 1 set by the home timelock, relayed and applied on chain 2/.test(l)));
    // one decision on each keeper day (1, 7, 14, 21, 28), each logged with its figures
    const decisions = lines.filter((l) => /^day \d+: allocation move (move|within-threshold|gain-below-cost): /.test(l));
    assert.deepEqual(decisions.map((l) => Number(/^day (\d+)/.exec(l)![1])), [1, 7, 14, 21, 28], allocationLines.join("\n"));
    const summary = lines.find((l) => /^allocation: 5 passes /.test(l)) ?? "";
    assert.match(summary, /^allocation: 5 passes \(.*\), [1-9]\d* moves, \d+ settled, \d+ deferred, 0 failed; (\d+)\/\1 moves delivered, send → delivery min \d+ ms/, allocationLines.join("\n"));
    // moves are sent by default: every "move" verdict is sent, or deferred by the mover's interval
    const decidedMoves = decisions.filter((l) => /allocation move move: /.test(l)).length;
    const moved = lines.filter((l) => /^day \d+: allocation moved /.test(l)).length;
    const deferred = lines.filter((l) => /^day \d+: allocation move deferred/.test(l)).length;
    assert.ok(moved >= 1, allocationLines.join("\n"));
    assert.equal(moved + deferred, decidedMoves);
    assert.equal(lines.filter((l) => /decide-only pass/.test(l)).length, 0);
    // the first move, followed until both graph-nodes serve its sides
    assert.match(lines.find((l) => /^allocation move 0x[0-9a-f]{8}… timed: /.test(l)) ?? "", /timed: delivered \d+ ms after its send; indexed \d+ ms after it on the sending chain, \d+ ms on the receiving chain$/);
    // every move since the last keeper day is settled on a later pass: only the last day's can still be in flight
    const settled = Number(/, (\d+) settled/.exec(summary)![1]);
    assert.ok(settled >= moved - 1, summary);

    const store = await openConnection({ file: result.storeFile });
    try {
      for (const table of ["Deposit", "PriceUpdate", "Lot", "Upkeep"]) {
        const rows = (await store.db.selectFrom(table).select(CHAIN_COLUMN).distinct().execute()) as Record<string, unknown>[];
        assert.deepEqual(rows.map((r) => Number(r[CHAIN_COLUMN])).sort(), [31337, SECOND_CHAIN], `${table} rows of both chains`);
      }
      const l2Prices = (await store.db.selectFrom("PriceUpdate").selectAll().where(CHAIN_COLUMN, "=", SECOND_CHAIN).execute()) as Record<string, unknown>[];
      assert.ok(l2Prices.length >= 28 * 2, "the second chain's feeds posted every day");
      // the shares set at home and applied on chain 2, both indexed
      const sets = (await store.db.selectFrom("ShareSet").selectAll().execute()) as Record<string, unknown>[];
      const origin = (chain: number) => sets.filter((r) => Number(r[CHAIN_COLUMN]) === chain).map((r) => String(r.origin));
      assert.deepEqual(origin(31337), ["SET"], JSON.stringify(sets));
      assert.deepEqual(origin(SECOND_CHAIN), ["APPLIED"], JSON.stringify(sets));
      // a move is seen on both chains' rows with the same guid (id)
      // each move: its CrossChainMove on the sending chain, its BridgeTransfer's both sides, the same guid
      const moves = (await store.db.selectFrom("CrossChainMove").selectAll().execute()) as Record<string, unknown>[];
      assert.equal(moves.length, moved, JSON.stringify(moves));
      const transfers = (await store.db.selectFrom("BridgeTransfer").selectAll().execute()) as Record<string, unknown>[];
      for (const m of moves) {
        const sides = transfers.filter((t) => String(t.id) === String(m.id));
        const chainOf = (side: string) => sides.filter((t) => t[`${side}Network`] != null).map((t) => Number(t[CHAIN_COLUMN]));
        const src = Number(m[CHAIN_COLUMN]);
        assert.deepEqual(chainOf("sent"), [src], `move ${m.id}: sent side on its chain`);
        assert.deepEqual(chainOf("received"), [src === 31337 ? SECOND_CHAIN : 31337], `move ${m.id}: received side on the other chain`);
      }
      assert.equal(transfers.length, moved * 2, "only the vaults' moves: the owner's funding transfer precedes the bridge's start block");
      // the units leave the sending vault's stablecoin position and reach the receiving vault's: no lot is opened for them on chain 2
      const homeVault = home.contracts.Vault.address.toLowerCase();
      const l2Vault = l2.contracts.Vault.address.toLowerCase();
      const sentSides = transfers.filter((t) => t.sentNetwork != null);
      assert.ok(sentSides.every((t) => String(t.senderVault).toLowerCase() === homeVault), "each move's sender is the home vault, not its mover");
      const l2Position = `${l2Vault}-${stable.address.toLowerCase()}`;
      assert.ok(transfers.filter((t) => t.receivedNetwork != null).every((t) => String(t.receivedPosition).toLowerCase() === l2Position), "each move credits chain 2's stablecoin position");
      const position = (await store.db.selectFrom("Position").selectAll().where("id", "=", l2Position).executeTakeFirstOrThrow()) as Record<string, unknown>;
      const received = transfers.filter((t) => t.receivedNetwork != null).reduce((a, t) => a + BigInt(String(t.amountReceived)), 0n);
      assert.equal(BigInt(String(position.cumulativeBridgedIn)), received);
      // chain 2 spends the bridged units without a shortfall: its lots came across with them
      const short = (await store.db.selectFrom("Disposal").selectAll().where(CHAIN_COLUMN, "=", SECOND_CHAIN).execute()) as Record<string, unknown>[];
      assert.deepEqual(short.filter((d) => String(d.positionShortfall) !== "0").map((d) => d.id), []);
    } finally {
      await store.db.destroy();
    }
    // The HTML report's portfolio panels read a copy with the home chain's rows alone.
    const homeCopy = await openConnection({ file: result.storeFile.replace(/\.db$/, "-chain-31337.db") });
    try {
      const rows = (await homeCopy.db.selectFrom("VaultDailySnapshot").select(CHAIN_COLUMN).distinct().execute()) as Record<string, unknown>[];
      assert.deepEqual(rows.map((r) => Number(r[CHAIN_COLUMN])), [31337]);
    } finally {
      await homeCopy.db.destroy();
    }
    assert.ok(fs.statSync(result.html).size > 0);
    // the HTML report lists each move with both legs, from the store of both chains
    const cross = fs.readFileSync(result.html, "utf8").split("<h2>Cross-chain moves</h2>")[1]?.split("<h2>Files</h2>")[0] ?? "";
    assert.match(cross, new RegExp(`<p id="cross-chain-totals">${moved} moves of the vaults' stablecoin: [\\d,.]+ USDC sent, [\\d,.]+ USDC received, [\\d.]+ in bridge fees \\(native coin\\); ${moved} delivered, ${settled} settled\\.`));
    assert.equal((cross.match(/<td>31337 → 412346<\/td>/g) ?? []).length, moved);
    // The reports span chains: a chain column, with rows of the second chain (its keeper's yield harvests are income).
    const income = fs.readFileSync(path.join(dir, "reports/2025/income-2025.csv"), "utf8").trim().split("\n").filter((l) => !l.startsWith("#"));
    assert.match(income[0], /,chain$/);
    assert.ok(income.some((l) => l.endsWith(`,${SECOND_CHAIN}`)), "income of the second chain");
    assert.ok(income.some((l) => l.endsWith(",31337")), "income of the home chain");
    // the audit trail links the bridged lots' two legs: a chain-2 sale of a home lot names the crossing's guid
    const audit = fs.readFileSync(path.join(dir, "reports/2025/audit-trail-2025.csv"), "utf8");
    const guids = lines.filter((l) => /^day \d+: allocation moved /.test(l)).map((l) => /guid (0x[0-9a-f]{8})/.exec(l)![1]);
    assert.ok(guids.some((g) => audit.includes(g)), `the audit trail names a move's guid (${guids.join(", ")})`);
    process.stdout.write(`# main job on two chains, 28 simulated days: ${JSON.stringify(result.timings)}\n`);
  } catch (err) {
    process.stderr.write(lines.slice(-40).join("\n") + "\n");
    throw err;
  } finally {
    if (!process.env.KEEP_TEST_DIR) fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("--chains 2 is refused before anything starts when the second chain's assets are not held, and --chains takes 1 or 2", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lotgraph-2chains-bad-"));
  try {
    const base: MainJobOptions = { days: 1, dataDir: path.join(dir, "data"), reportsDir: path.join(dir, "reports"), freePorts: true, log: () => {} };
    await assert.rejects(runMainJob({ ...base, chains: 2, assets: ["WBTC"] }), (e: Error & { exitCode?: number }) => e.exitCode === 2 && /--chains 2: .*WETH and USDC.*--assets is WBTC; add WETH/.test(e.message));
    await assert.rejects(runMainJob({ ...base, chains: 3 as never }), (e: Error & { exitCode?: number }) => e.exitCode === 2 && /--chains: 3 is not 1 or 2/.test(e.message));
    assert.equal(fs.existsSync(path.join(dir, "data")), false, "nothing was started or written");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
