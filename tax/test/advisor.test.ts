import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  acquisitionsFromLedger,
  adviseHarvests,
  DEFAULT_ADVISOR_CONFIG,
  openLotsFromEngine,
  type AdvisorConfig,
  type AdvisorInput,
  type OpenLot,
} from "../src/advisor";
import { computeGains } from "../src/engine/engine";
import { dayOf } from "../src/engine/dates";
import { InputError } from "../src/errors";
import { parseLedgerCsv } from "../src/ledger/csvLedger";

const USD = 10n ** 12n;
const UNIT = 10n ** 18n;
const usd = (dollars: number) => BigInt(Math.round(dollars * 100)) * (USD / 100n);
const units = (n: number) => BigInt(Math.round(n * 1e6)) * (UNIT / 1_000_000n);
const DAY = 86_400;
const NOW = dayOf(2025, 6, 30) * DAY + 12 * 3600; // 2025-06-30 12:00 UTC
const today = dayOf(2025, 6, 30);

function lot(id: string, asset: string, quantity: number, unitCost: number, daysAgo: number, wallet = "0xvault"): OpenLot {
  return { id, wallet, asset, quantity: units(quantity), basis: usd(quantity * unitCost), acquiredDay: today - daysAgo, holdingPeriodStartDay: today - daysAgo };
}

function input(over: Partial<Omit<AdvisorInput, "config">> & { config?: Partial<AdvisorConfig> } = {}): AdvisorInput {
  return {
    now: NOW,
    lots: [],
    prices: { WETH: usd(2000), WBTC: usd(50000), LINK: usd(10), USDC: usd(1) },
    acquisitions: [],
    costs: { gasUsd: usd(5), slippageBps: 20, dexFeeBps: 30 },
    rates: { shortTermBps: 3700, longTermBps: 2000 },
    ...over,
    config: { ...DEFAULT_ADVISOR_CONFIG, minNetLoss: usd(100), ...over.config },
  };
}

describe("advisor: thresholds and wash-sale look-back", () => {
  it("recommends nothing when the loss net of costs is below the threshold, and says so", () => {
    // 1 WETH bought at 2100, now 2000: loss 100, costs 5 + 0.5 % of 2000 = 15 → 85 net < 100
    const advice = adviseHarvests(input({ lots: [lot("a", "WETH", 1, 2100, 90)] }));
    assert.equal(advice.recommendations.length, 0);
    assert.match(advice.skipped[0].reason, /net of costs 15\.00 is 85\.00, below the threshold 100\.00/);
    // the same lot with a 120 loss clears it
    const ok = adviseHarvests(input({ lots: [lot("a", "WETH", 1, 2120, 90)] }));
    assert.equal(ok.recommendations.length, 1);
    assert.equal(ok.recommendations[0].lossNetOfCosts, usd(105));
  });

  it("recommends nothing when the asset was bought within the last 30 days, in any wallet", () => {
    const lots = [lot("a", "WETH", 10, 2500, 200)];
    const buy = (daysAgo: number, wallet = "0xother") => ({ wallet, asset: "WETH", time: NOW - daysAgo * DAY, quantity: units(1), kind: "buy" });
    for (const daysAgo of [0, 1, 30]) {
      const advice = adviseHarvests(input({ lots, acquisitions: [buy(daysAgo)] }));
      assert.equal(advice.recommendations.length, 0, `buy ${daysAgo} days ago`);
      assert.match(advice.skipped[0].reason, /wash sale/);
    }
    assert.equal(adviseHarvests(input({ lots, acquisitions: [buy(31)] })).recommendations.length, 1);
  });

  it("counts harvested income lots and substantially identical assets as recent acquisitions", () => {
    const incomeLot = lot("income-1", "WETH", 0.01, 1900, 3);
    const withIncome = adviseHarvests(input({ lots: [lot("a", "WETH", 10, 2500, 200), incomeLot] }));
    assert.equal(withIncome.recommendations.length, 0);
    assert.match(withIncome.skipped[0].reason, /WETH was acquired on 2025-06-27/);

    const config = { substantiallyIdentical: [["WBTC", "cbBTC"]] };
    const cb = { wallet: "0xvault", asset: "cbBTC", time: NOW - 10 * DAY, quantity: units(1), kind: "buy" };
    const advice = adviseHarvests(input({ lots: [lot("b", "WBTC", 1, 60000, 100)], acquisitions: [cb], config }));
    assert.equal(advice.recommendations.length, 0);
    assert.match(advice.skipped[0].reason, /cbBTC \(substantially identical to WBTC\)/);
  });

  it("recommends nothing for gains, and explains skips per wallet and asset", () => {
    const advice = adviseHarvests(input({ lots: [lot("g", "LINK", 100, 5, 100)] }));
    assert.deepEqual(advice.recommendations, []);
    assert.equal(advice.skipped[0].asset, "LINK");
    assert.match(advice.skipped[0].reason, /no lot of LINK is worth selling/);
  });
});

describe("advisor: lot choice, tax estimate and lockout", () => {
  const lots = [
    lot("old-high", "WETH", 2, 3000, 400), // long-term, loss 2000
    lot("mid", "WETH", 3, 2600, 100), // short-term, loss 1800
    lot("marginal", "WETH", 5, 2004, 120), // loss 20 but trading cost 0.5 % × 10,000 = 50 → not worth it
    lot("gain", "WETH", 4, 1500, 300), // gain
  ];

  it("HIFO sells the highest-cost lots that are worth it and estimates tax per term", () => {
    const [rec] = adviseHarvests(input({ lots })).recommendations;
    assert.deepEqual(rec.lots.map((l) => l.lotId), ["old-high", "mid"]);
    assert.equal(rec.quantity, units(5));
    assert.equal(rec.longTermLoss, usd(2000));
    assert.equal(rec.shortTermLoss, usd(1800));
    assert.equal(rec.taxSaved, usd(2000 * 0.2 + 1800 * 0.37));
    assert.equal(rec.costs.total, usd(5 + 10000 * 0.005));
    assert.equal(rec.netBenefit, rec.taxSaved - rec.costs.total);
    assert.equal(rec.lotSelection, "hifo");
  });

  it("the HIFO quantity, sold through the tax engine, relieves exactly the picked lots and realizes the expected loss", () => {
    const csv = [
      "date,wallet,asset,action,quantity,price,fee,tx",
      "2024-05-26,0xvault,WETH,buy,2,3000,0,0xold",
      "2024-09-02,0xvault,WETH,buy,4,1500,0,0xgain",
      "2025-03-02,0xvault,WETH,buy,5,2004,0,0xmarginal",
      "2025-03-22,0xvault,WETH,buy,3,2600,0,0xmid",
    ];
    const events = parseLedgerCsv(csv.join("\n") + "\n", "ledger.csv");
    const before = computeGains(events, { method: "hifo" });
    const advice = adviseHarvests(input({ lots: openLotsFromEngine(before.lots), acquisitions: acquisitionsFromLedger(events, NOW - 40 * DAY) }));
    const [rec] = advice.recommendations;
    assert.deepEqual(rec.lots.map((l) => l.lotId), ["0xold", "0xmid"]);
    const qty = (Number(rec.quantity / 10n ** 14n) / 1e4).toString();
    const sale = `2025-06-30,0xvault,WETH,sell,${qty},2000,0,0xharvest`;
    const after = computeGains(parseLedgerCsv([...csv, sale].join("\n") + "\n", "ledger.csv"), { method: "hifo" });
    const relieved = after.disposals.flatMap((d) => d.lots.map((l) => l.lotId));
    assert.deepEqual(relieved.sort(), ["0xmid", "0xold"]);
    const realized = after.disposals.reduce((s, d) => s + d.costBasis - d.proceeds, 0n);
    assert.equal(realized, rec.expectedLoss);
  });

  it("specific identification names every lot worth selling, whatever its place in the HIFO order", () => {
    // a short-term loss lot below a long-term lot whose small loss does not pay its trading cost
    const mixed = [lot("lt-small", "WETH", 10, 2009, 500), lot("st-big", "WETH", 1, 2008, 10 + 31)];
    const hifo = adviseHarvests(input({ lots: mixed, config: { minNetLoss: 0n } }));
    // HIFO must sell lt-small first (higher unit cost): 10 × 9 = 90 loss × 20 % = 18 < 0.5 % × 20,000 = 100 → the prefix is not worth it
    assert.equal(hifo.recommendations.length, 0);
    const specific = adviseHarvests(input({ lots: mixed, config: { minNetLoss: 0n, lotSelection: "specific" }, costs: { gasUsd: 0n, slippageBps: 0, dexFeeBps: 10 } }));
    assert.deepEqual(specific.recommendations[0].lots.map((l) => l.lotId), ["st-big"]);
    assert.equal(specific.recommendations[0].lotSelection, "specific");
  });

  it("locks buying back for 31 days by default and expires", () => {
    const [rec] = adviseHarvests(input({ lots })).recommendations;
    assert.equal(rec.lockoutUntil - NOW, 31 * DAY);
    assert.equal(rec.expiresAt - NOW, 3600);
    assert.match(rec.explanation, /before 2025-07-31/);
    const [longer] = adviseHarvests(input({ lots, config: { lockoutDays: 45 } })).recommendations;
    assert.equal(longer.lockoutUntil - NOW, 45 * DAY);
    assert.throws(() => adviseHarvests(input({ lots, config: { lockoutDays: 30 } })), (e: unknown) => e instanceof InputError && /lockoutDays/.test(e.message));
  });

  it("rejects bad input naming the field", () => {
    assert.throws(() => adviseHarvests(input({ lots: [{ ...lots[0], quantity: 0n }] })), /lot "old-high" \(0xvault, WETH\): quantity must be positive/);
    assert.throws(() => adviseHarvests(input({ costs: { gasUsd: 0n, slippageBps: -1, dexFeeBps: 0 } })), /costs\.slippageBps/);
  });
});

describe("advisor: current law (no wash-sale rule) and costs net of the trading a harvest causes", () => {
  const lots = [lot("old-high", "WETH", 2, 3000, 400), lot("mid", "WETH", 3, 2600, 100)];

  it("without the wash-sale rule: a recent purchase blocks nothing, the asset itself is bought back at once", () => {
    const buy = { wallet: "0xvault", asset: "WETH", time: NOW - DAY, quantity: units(1), kind: "buy" };
    const withRule = adviseHarvests(input({ lots, acquisitions: [buy] }));
    assert.equal(withRule.recommendations.length, 0);
    const [rec] = adviseHarvests(input({ lots, acquisitions: [buy], config: { washSaleRule: false, lockoutDays: 0 } })).recommendations;
    assert.equal(rec.substitute, "WETH");
    assert.equal(rec.lockoutUntil, NOW);
    assert.match(rec.explanation, /wash-sale rule is off for WETH .* buy it back at once/);
    // lockoutDays below 31 stays an error while the rule applies
    assert.throws(() => adviseHarvests(input({ lots, config: { lockoutDays: 0 } })), /lockoutDays must be an integer ≥ 31/);
  });

  it("counts every trade a harvest causes and the tax expected back on the lowered basis", () => {
    // 5 WETH at 2000: value 10,000; losses 2,000 long-term + 1,800 short-term
    const [rec] = adviseHarvests(input({ lots, config: { tradesPerHarvest: 4, recaptureRateBps: 1500 } })).recommendations;
    assert.equal(rec.costs.tradingCost, usd(10000 * 0.005 * 4));
    assert.equal(rec.taxSaved, usd(2000 * 0.05 + 1800 * 0.22));
    assert.match(rec.explanation, /× 4 trades/);
    assert.match(rec.explanation, /net of 15 % expected later/);
    // at a recapture rate of 37 % nothing is saved, so nothing is worth harvesting
    const none = adviseHarvests(input({ lots, config: { tradesPerHarvest: 2, recaptureRateBps: 3700 } }));
    assert.equal(none.recommendations.length, 0);
    assert.throws(() => adviseHarvests(input({ lots, config: { tradesPerHarvest: 0 } })), /tradesPerHarvest/);
    assert.throws(() => adviseHarvests(input({ lots, config: { recaptureRateBps: 10001 } })), /recaptureRateBps/);
  });
});

describe("advisor: ids and substitutes", () => {
  const lots = [lot("a", "WETH", 10, 2500, 200), lot("b", "WBTC", 1, 65000, 200), lot("c", "LINK", 1000, 14, 200)];

  it("gives the same id for the same lots on the same day, and a new one when the lots or the day change", () => {
    const first = adviseHarvests(input({ lots }));
    const again = adviseHarvests(input({ lots }));
    assert.deepEqual(again.recommendations.map((r) => r.id), first.recommendations.map((r) => r.id));
    assert.equal(new Set(first.recommendations.map((r) => r.id)).size, 3);
    const later = adviseHarvests(input({ lots, now: NOW + 600, prices: { WETH: usd(1990), WBTC: usd(50000), LINK: usd(10) } }));
    assert.equal(later.recommendations.find((r) => r.asset === "WETH")!.id, first.recommendations.find((r) => r.asset === "WETH")!.id);
    const nextDay = adviseHarvests(input({ lots, now: NOW + DAY }));
    assert.notEqual(nextDay.recommendations[0].id, first.recommendations.find((r) => r.asset === nextDay.recommendations[0].asset)!.id);
    const changed = adviseHarvests(input({ lots: [{ ...lots[0], quantity: units(9) }, lots[1], lots[2]] }));
    assert.notEqual(changed.recommendations.find((r) => r.asset === "WETH")!.id, first.recommendations.find((r) => r.asset === "WETH")!.id);
  });

  it("picks a substitute that is not substantially identical, not locked and not harvested too", () => {
    const config: Partial<AdvisorConfig> = {
      substantiallyIdentical: [["WBTC", "cbBTC"]],
      substitutes: { WBTC: ["cbBTC", "WETH", "UNI"], WETH: ["stETH", "WBTC"] },
      fallbackSubstitute: "USDC",
    };
    const onlyBtc = adviseHarvests(input({ lots: [lots[1]], config }));
    assert.equal(onlyBtc.recommendations[0].substitute, "WETH"); // cbBTC is substantially identical
    const both = adviseHarvests(input({ lots: [lots[0], lots[1]], config }));
    const byAsset = Object.fromEntries(both.recommendations.map((r) => [r.asset, r.substitute]));
    assert.equal(byAsset.WBTC, "UNI"); // WETH is being harvested: buying it would wash that loss
    assert.equal(byAsset.WETH, "stETH");
    const locked = adviseHarvests(input({ lots: [lots[1]], config, lockouts: { WETH: NOW + DAY, UNI: NOW + DAY } }));
    assert.equal(locked.recommendations[0].substitute, "USDC");
    assert.match(locked.recommendations[0].explanation, /hold USDC instead/);
  });
});

describe("advisor: a wallet is (chain, address)", () => {
  it("advises the same address on two chains as two wallets, each with its own lots", () => {
    const ledger = [
      "date,wallet,asset,action,quantity,price,fee,tx,chain",
      "2025-01-10,0xvault,WETH,buy,1,2500,0,0x01:1,home",
      "2025-01-11,0xvault,WETH,buy,1,2400,0,0x02:1,l2",
    ].join("\n");
    const lots = openLotsFromEngine(computeGains(parseLedgerCsv(ledger + "\n", "c.csv"), { method: "fifo" }).lots);
    assert.deepEqual(lots.map((l) => l.wallet), ["0xvault", "0xvault on chain 412346"]);
    const advice = adviseHarvests(input({ lots }));
    // losses of 500 and 400 at 2000, each harvested from its own wallet (pooled they would be one sale of 2 WETH)
    assert.deepEqual(
      advice.recommendations.map((r) => [r.wallet, r.quantity, r.lots.map((l) => l.lotId)]),
      [
        ["0xvault", units(1), ["0x01:1"]],
        ["0xvault on chain 412346", units(1), ["412346:0x02:1"]],
      ],
    );
  });
});
