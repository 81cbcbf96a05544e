import { test } from "node:test";
import assert from "node:assert/strict";
import { chronological, computeGains } from "../src/engine/engine";
import type { DisposalRow, GainsResult, LedgerEvent } from "../src/engine/model";
import { storeRowsToLedger, type StoreRows } from "../src/ledger/storeEvents";
import { positionAssetName, positionWallet } from "../src/ledger/liquidity/liquidityEvents";
import { DEFAULT_LP_READING, LP_READING_DESCRIPTIONS, parseLpReading, type LpReading } from "../src/ledger/liquidity/reading";
import { buildReports } from "../src/reports/buildReports";
import { VAULT, USDC, WETH, E18, at, hash } from "./storeRows";
import { change, deposit, M6, MANAGER, rows, TOKEN_ID, usd, weth } from "./liquidityRows";

// Hand-worked cases of the liquidity manager's rows under both readings. One position (token id 7):
//   day 0    deposits: 4 WETH at $2,000 and 10,000 USDC at $1
//   day 30   OPEN      4 WETH + 8,000 USDC, WETH at $2,500, liquidity 1,000
//   day 60   fees      0.02 WETH + 30 USDC at $2,400 (income $78), reinvested in the same transaction (liquidity 5)
//   day 400  CLOSE     3 WETH + 10,480 USDC at $2,200: the pool paid out 1.02 WETH less and 2,450 USDC more

function run(reading: LpReading, r = rows(), method: "fifo" | "hifo" = "fifo"): { events: LedgerEvent[]; result: GainsResult } {
  const ledger = storeRowsToLedger(r, { store: "store.db", lpReading: reading });
  assert.equal(ledger.lpReading, reading);
  const events = chronological(ledger.events);
  return { events, result: computeGains(events, { method }) };
}

const sold = (result: GainsResult, asset: string) => result.disposals.filter((d) => d.asset === asset);
const sum = (rs: DisposalRow[], f: (r: DisposalRow) => bigint) => rs.reduce((a, r) => a + f(r), 0n);

test("fees collected are ordinary income at FMV when collected, opening a lot per token traced to the collection's log (either reading)", () => {
  for (const reading of ["disposal", "carryover"] as const) {
    const { events, result } = run(reading);
    assert.deepEqual(
      result.income.map((i) => [i.asset, i.value, i.tx.raw]),
      [
        ["WETH", usd("48"), `${hash(20)}:0`],
        ["USDC", usd("30"), `${hash(20)}:0`],
      ],
      reading,
    );
    const lots = events.filter((e) => e.kind === "income").map((e) => e.lot);
    assert.deepEqual(lots, ["000000000020-000000-asset", "000000000020-000000-stable"]);
  }
});

test("reading 1 (disposal): entry disposes of the tokens at FMV for the position, exit disposes of the position for the tokens' FMV", () => {
  const { result } = run("disposal");
  const lp = positionAssetName("WETH", "USDC", TOKEN_ID);
  assert.equal(lp, "WETH-USDC-LP#7");

  // entry, day 30: 4 WETH with basis $8,000 for $10,000 (short-term, held 30 days); 8,000 USDC at par
  const [enterWeth, reinvestWeth] = sold(result, "WETH");
  assert.equal(enterWeth.proceeds, usd("10000"));
  assert.equal(enterWeth.costBasis, usd("8000"));
  assert.equal(enterWeth.term, "short");
  assert.equal(enterWeth.tx.raw, `${hash(10)}:1`);
  // the reinvest gives the fee lot away at the value it was received at: no gain
  assert.equal(reinvestWeth.proceeds, usd("48"));
  assert.equal(reinvestWeth.costBasis, usd("48"));
  assert.deepEqual(sold(result, "USDC").map((d) => [d.proceeds, d.costBasis]), [[usd("8000"), usd("8000")], [usd("30"), usd("30")]]);

  // exit, day 400: the position (1,005 units of liquidity, basis $18,000 + $78) for 3 × 2,200 + 10,480 = $17,080
  const exit = sold(result, lp);
  assert.equal(sum(exit, (d) => d.proceeds), usd("17080"));
  assert.equal(sum(exit, (d) => d.costBasis), usd("18078"));
  const long = exit.find((d) => d.term === "long")!;
  const short = exit.find((d) => d.term === "short")!;
  // the opening lot was held 370 days, the reinvested one 340: proceeds split by liquidity, 1,000 : 5
  assert.equal(long.costBasis, usd("18000"));
  assert.equal(long.proceeds, usd("16995.024875621891"));
  assert.equal(short.costBasis, usd("78"));
  assert.equal(short.proceeds, usd("84.975124378109"));
  assert.equal(long.lots[0].lotId, "000000000010-000001");
  assert.equal(short.lots[0].lotId, "000000000020-000002");

  // the tokens received are new lots at FMV, traced to the close's log
  const open = result.lots.filter((l) => l.tx.raw === `${hash(30)}:1`);
  assert.deepEqual(open.map((l) => [l.asset, l.id, l.basis]).sort(), [
    ["USDC", "000000000030-000001-stable", usd("10480")],
    ["WETH", "000000000030-000001-asset", usd("6600")],
  ]);
  // realised: +2,000 at entry, −998 at exit
  assert.equal(sum(result.disposals, (d) => d.proceeds - d.costBasis), usd("1002"));
});

test("reading 2 (carryover): tokens keep basis and dates inside the position; the exit's changed mix is an exchange at FMV", () => {
  const { events, result } = run("carryover");
  const wallet = positionWallet(VAULT, TOKEN_ID);
  // entry and reinvest are transfers into the position's wallet: nothing realised before the exit
  const transfersIn = events.filter((e) => e.kind === "transfer" && e.toWallet === wallet);
  assert.deepEqual(transfersIn.map((e) => [e.asset, e.tx.raw]), [
    ["WETH", `${hash(10)}:1`],
    ["USDC", `${hash(10)}:1`],
    ["WETH", `${hash(20)}:2`],
    ["USDC", `${hash(20)}:2`],
  ]);
  // the only sale: 1.02 WETH of the 4.02 that went in, for the 2,450 USDC the pool paid in its place; FIFO
  // takes the deposit lot (basis $2,000 a WETH, day 0), held 400 days: long-term, 2,450 − 2,040 = +410
  assert.equal(result.disposals.length, 1);
  const [mix] = result.disposals;
  assert.equal(mix.asset, "WETH");
  assert.equal(mix.wallet, wallet);
  assert.equal(mix.quantity, weth(1020n));
  assert.equal(mix.proceeds, usd("2450"));
  assert.equal(mix.costBasis, usd("2040"));
  assert.equal(mix.term, "long");
  assert.equal(mix.tx.raw, `${hash(30)}:1`);
  assert.equal(mix.lots[0].lotId, "000000000001-000000");

  // what came back keeps its lots: 2.98 WETH of the deposit (day 0) and the 0.02 fee lot (day 60)
  const back = result.lots.filter((l) => l.wallet === VAULT && l.asset === "WETH");
  assert.deepEqual(back.map((l) => [l.id, l.remaining, l.basisRemaining]), [
    ["000000000001-000000", weth(2980n), usd("5960")],
    ["000000000020-000000-asset", weth(20n), usd("48")],
  ]);
  // 8,030 USDC came back with their basis: FIFO moved them out of the deposit lot (8,000 at the open, 30 at
  // the reinvest, so the 30 USDC fee lot stayed in the vault), which is whole again in three pieces; the
  // surplus USDC is bought at FMV with the close's log; nothing is left in the position
  const usdc = new Map<string, bigint>();
  for (const l of result.lots.filter((l) => l.asset === "USDC" && l.wallet === VAULT)) usdc.set(l.id, (usdc.get(l.id) ?? 0n) + l.remaining / E18);
  assert.deepEqual([...usdc].sort(), [
    ["000000000001-000001", 10_000n],
    ["000000000020-000000-stable", 30n],
    ["000000000030-000001-stable", 2450n],
  ]);
  assert.equal(result.lots.find((l) => l.id === "000000000030-000001-stable")!.tx.raw, `${hash(30)}:1`);
  assert.equal(result.lots.filter((l) => l.wallet === wallet).length, 0);

  // HIFO relieves the dearer fee lot first: 0.02 at $2,400 + 1 at $2,000 = $2,048 (one long and one short row)
  const hifo = run("carryover", rows(), "hifo").result;
  assert.equal(sum(hifo.disposals, (d) => d.costBasis), usd("2048"));
  assert.deepEqual(hifo.disposals.map((d) => d.term).sort(), ["long", "short"]);
});

test("reading 2: a close that returns more of both tokens than went in is fee income at FMV, nothing sold", () => {
  const close = change(30, 1, 400, "CLOSE", 1005n, weth(4030n), 8_040n * M6, 2200n);
  const { result } = run("carryover", rows(close));
  assert.equal(result.disposals.length, 0);
  const atClose = result.income.filter((i) => i.tx.raw === `${hash(30)}:1`);
  // 0.01 WETH × 2,200 and 10 USDC
  assert.deepEqual(atClose.map((i) => [i.asset, i.value]), [["WETH", usd("22")], ["USDC", usd("10")]]);
});

test("a ratio swap disposes of tokenIn for the FMV of tokenOut received and buys tokenOut at it, under either reading", () => {
  const r = rows();
  // a further WETH deposit, so the open still finds its 4 WETH after the swap
  r.Lot.push(deposit(1, 2, WETH, E18, 2000n * E18, 18));
  r.RangeRatioSwap = [
    {
      ...at(10, 0, 30),
      manager: MANAGER,
      tokenIn: WETH,
      tokenOut: USDC,
      fee: 3000,
      amountIn: String(E18 / 2n),
      amountOut: String(1_245n * M6),
      decimalsIn: 18,
      decimalsOut: 6,
      priceInRaw: String(2500n * E18),
      priceOutRaw: String(E18),
      priceSource: "ORACLE_UPDATE",
    },
  ];
  for (const reading of ["disposal", "carryover"] as const) {
    const { events, result } = run(reading, r);
    const swap = result.disposals.find((d) => d.tx.raw === `${hash(10)}:0`)!;
    // 0.5 WETH (basis $1,000) for 1,245 USDC: the pool fee and impact are inside the proceeds
    assert.equal(swap.asset, "WETH");
    assert.equal(swap.proceeds, usd("1245"));
    assert.equal(swap.costBasis, usd("1000"));
    const bought = events.find((e) => e.kind === "buy" && e.tx.raw === `${hash(10)}:0`)!;
    assert.equal(bought.lot, "000000000010-000000");
    assert.equal(bought.value, usd("1245"));
  }
});

test("stablecoins counted as cash leave the stablecoin's side out of either reading", () => {
  const ledger = storeRowsToLedger(rows(), { store: "store.db", lpReading: "carryover", stablecoinsAsCash: true });
  assert.ok(ledger.events.every((e) => e.asset !== "USDC"));
  const result = computeGains(chronological(ledger.events), { method: "fifo" });
  assert.equal(result.disposals[0].proceeds, usd("2450"));
});

test("a close whose opening the store does not hold is refused, naming the row", () => {
  const r = rows();
  r.RangeLiquidityChange = [r.RangeLiquidityChange![2]];
  assert.throws(() => storeRowsToLedger(r, { store: "s.db", lpReading: "carryover" }), /s\.db: RangeLiquidityChange 000000000030-000001, field position: a close of a position whose opening is not in the store/);
});

test("the reading: disposal by default, carryover on request, anything else refused; the report summary names it", async () => {
  assert.equal(DEFAULT_LP_READING, "disposal");
  assert.equal(parseLpReading(undefined), "disposal");
  assert.equal(parseLpReading("CarryOver"), "carryover");
  assert.throws(() => parseLpReading("both"), /not one of disposal, carryover/);
  for (const reading of ["disposal", "carryover"] as const) {
    const { events, result } = run(reading);
    const year = new Date(events[events.length - 1].time).getUTCFullYear();
    const set = await buildReports(events, result, year, { lpReading: reading });
    const name = [...set.files.keys()].find((f) => f.startsWith("summary"))!;
    const summary = JSON.parse(String(set.files.get(name)));
    assert.equal(summary.liquidityReading, reading);
    assert.ok(summary.notes.includes(LP_READING_DESCRIPTIONS[reading]));
    assert.equal(set.payload.liquidityReading, reading);
  }
  const { events, result } = run("disposal");
  const without = await buildReports(events, result, 2025);
  assert.equal(without.payload.liquidityReading, undefined, "a ledger not read from the store names no reading");
});

test("both readings give the same total gain at the close's prices (realised plus unrealised), only timing and character differ", () => {
  const price: Record<string, bigint> = { WETH: 2200n, USDC: 1n };
  const total = (result: GainsResult) => {
    const realised = sum(result.disposals, (d) => d.proceeds - d.costBasis);
    // each open lot's value at the close's prices less its remaining basis (quantities 1e-18, money 1e-12)
    const unrealised = result.lots.reduce((a, l) => a + (l.remaining * price[l.asset]) / 10n ** 6n - l.basisRemaining, 0n);
    return { realised, unrealised, total: realised + unrealised };
  };
  const one = total(run("disposal").result);
  const two = total(run("carryover").result);
  assert.deepEqual([one.realised, one.unrealised], [usd("1002"), 0n]);
  assert.deepEqual([two.realised, two.unrealised], [usd("410"), usd("592")]);
  assert.equal(one.total, two.total);
});
