import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { dollars, renderReport } from "../src";
import { sampleReport } from "./fixture";

test("dollars are formatted from decimal strings without floats", () => {
  assert.equal(dollars("1234567.891"), "$1,234,567.89");
  assert.equal(dollars("-2500.1"), "−$2,500.10");
  assert.equal(dollars("0"), "$0.00");
  assert.equal(dollars("99999999999999999999.99"), "$99,999,999,999,999,999,999.99");
});

test("the page is self-contained: inline SVG charts, no script or remote resource", () => {
  const html = renderReport(sampleReport());
  assert.equal((html.match(/<svg /g) ?? []).length, 9, "value, one weight panel per asset (3), income, gains, hedges, one per liquidity position (2)");
  assert.doesNotMatch(html, /<script|https?:\/\/(?!www\.w3\.org)(?!127\.0\.0\.1)/);
  assert.match(html, /not tax advice/);
  assert.match(html, /\$777\.00/);
});

test("text from the data is escaped", () => {
  const data = sampleReport();
  data.income[0].source = "<img src=x onerror=alert(1)>";
  const html = renderReport(data);
  assert.doesNotMatch(html, /<img src=x/);
  assert.match(html, /&lt;img src=x/);
});

test("the wash-sale what-if is summarised per asset (exact cents) with only the largest rows listed", () => {
  const data = sampleReport();
  const tx = (i: number) => `0x${String(i).padStart(64, "0")}:3`;
  data.washSales.whatIfDisallowedUsd = "100.10";
  data.washSales.rows = [
    ...Array.from({ length: 11 }, (_, i) => ({ dateSold: "2025-03-01", asset: "WETH", quantity: "1", adjustmentUsd: `${i + 1}.01`, tx: tx(i) })),
    { dateSold: "2025-04-01", asset: "LINK", quantity: "2", adjustmentUsd: "33.99", tx: tx(99) },
  ];
  const html = renderReport(data);
  // WETH: 1.01 + 2.01 + … + 11.01 = 66.11
  assert.match(html, /<td>WETH<\/td><td>11<\/td><td>\$66\.11<\/td>/);
  assert.match(html, /<td>LINK<\/td><td>1<\/td><td>\$33\.99<\/td>/);
  assert.match(html, /The largest 10:/);
  assert.match(html, /2 more in the what-if/);
  assert.doesNotMatch(html, /\$1\.01</, "the smallest rows are not listed");
  assert.match(html, /0x000000…000099:3/);
});

test("weights are small multiples: one panel per asset, captioned with the last day's weight, target and drift on one basis", () => {
  const html = renderReport(sampleReport());
  const panels = [...html.matchAll(/<figure class="chart panel" id="chart-weight-(\w+)"/g)].map((m) => m[1]);
  assert.deepEqual(panels, ["USDC", "WETH", "WBTC"]);
  // last day (i = 3): USDC 0.106 vs 0.1, WETH 0.33 vs 0.3, WBTC 0.564 vs 0.6
  assert.match(html, /<figcaption><b>USDC<\/b> 10\.6 % · target 10\.0 % · \+60 bps · holds the locked WETH target<\/figcaption>/);
  assert.match(html, /<figcaption><b>WETH<\/b> 33\.0 % · target 30\.0 % · \+300 bps · buying locked until 2025-02-02<\/figcaption>/);
  assert.match(html, /<figcaption><b>WBTC<\/b> 56\.4 % · target 60\.0 % · −360 bps<\/figcaption>/);
  assert.match(html, /id="weight-basis">Shares of the rebalanced sleeve/);
  assert.match(html, /a wash-sale purchase lockout/);
  // the lockout is shaded in the locked asset's panel and in the panel of the asset its target is parked in
  const panel = (asset: string) => html.split(`id="chart-weight-${asset}"`)[1].split("</figure>")[0];
  assert.match(panel("WETH"), />locked</);
  assert.match(panel("USDC"), />WETH parked</);
  assert.doesNotMatch(panel("WBTC"), /locked|parked/);
  // every panel has the same y-axis: largest value 0.6 → steps of 20 % up to 80 %
  for (const asset of panels) {
    const svg = html.split(`id="chart-weight-${asset}"`)[1].split("</figure>")[0];
    const labels = [...svg.matchAll(/>(\d+) %</g)].map((m) => m[1]);
    assert.deepEqual(labels, ["0", "20", "40", "60", "80"], `${asset} panel shares the y-axis`);
  }
});

test("hedges say funding received or paid and the parts add up to the net on the page", () => {
  const data = sampleReport();
  let html = renderReport(data);
  assert.match(html, /−\$3,009\.12 realized perp P&amp;L \+ \$3,844\.00 funding received = <b>\$834\.88 net<\/b>/);
  assert.match(html, /<td>\+\$3,844\.00 received<\/td><td>\$834\.88<\/td>/);
  assert.doesNotMatch(html, /funding paid.{0,40}−/, "no 'paid' beside a negative amount");
  data.hedges = [{ asset: "WETH", realizedPnlUsd: "120.00", fundingUsd: "-20.50", netUsd: "99.50", impermanentLossPct: null }];
  html = renderReport(data);
  assert.match(html, /\$120\.00 realized perp P&amp;L − \$20\.50 funding paid = <b>\$99\.50 net<\/b>/);
  assert.match(html, /<td>−\$20\.50 paid<\/td>/);
  data.hedges = [{ asset: "WETH", realizedPnlUsd: "0.00", fundingUsd: "0.00", netUsd: "0.00", impermanentLossPct: null }];
  html = renderReport(data);
  assert.match(html, /\+ \$0\.00 funding \(none received or paid\) = <b>\$0\.00 net<\/b>/);
  assert.match(html, /<td>\$0\.00<\/td><td>\$0\.00<\/td><td>\$0\.00<\/td>/);
});

test("the stablecoin's disposals and washed sales are one summary row each, with the detail behind it", () => {
  const data = sampleReport();
  const tx = (i: number) => `0x${String(i).padStart(64, "0")}:3`;
  data.washSales.rows = [
    { dateSold: "2025-03-01", asset: "WETH", quantity: "1", adjustmentUsd: "50.00", tx: tx(1) },
    ...Array.from({ length: 36 }, (_, i) => ({ dateSold: "2025-03-02", asset: "USDC", quantity: "10", adjustmentUsd: "0.01", tx: tx(100 + i) })),
  ];
  const html = renderReport(data);
  // risk assets keep their table rows; the stablecoin does not get one
  assert.match(html, /<td>WETH<\/td><td>15<\/td><td>\$40,000\.00<\/td><td>\$42,500\.12<\/td><td>−\$2,500\.12<\/td>/);
  assert.doesNotMatch(html, /<td>USDC<\/td><td>2<\/td>/);
  const disposals = html.split('<details class="summary-row" id="stablecoin-disposals">')[1].split("</details>")[0];
  assert.match(disposals, /<summary>USDC \(stablecoin\): 2 disposals, proceeds \$1,500\.00, gain \$0\.02/);
  assert.match(disposals, /Form 8949/);
  assert.equal((disposals.match(/<tr>/g) ?? []).length, 3, "header + 2 rows");
  const washes = html.split('<details class="summary-row" id="stablecoin-washes">')[1].split("</details>")[0];
  assert.match(washes, /<summary>USDC \(stablecoin\): 36 sales would be washed, \$0\.36 disallowed in all/);
  assert.equal((washes.match(/<tr>/g) ?? []).length, 37);
  // the what-if table and its largest-sales list show the risk assets only
  const whatIf = html.split("<h2>Wash-sale adjustments</h2>")[1].split('<details class="summary-row" id="stablecoin-washes">')[0];
  assert.match(whatIf, /<td>WETH<\/td><td>1<\/td><td>\$50\.00<\/td>/);
  assert.doesNotMatch(whatIf, /USDC/);
});

test("the report says how many sales relieved the lots named on chain and how many went by HIFO, and the LP reading liquidity entries and exits were taxed under", () => {
  const data = sampleReport();
  assert.match(renderReport(data), /<p id="lot-choice">Lots relieved: 3 sales by specific identification \(the lots the sale's transaction named on chain\), 12 sales by highest cost first \(HIFO, no lots named\)\.<\/p>/);
  assert.match(renderReport(data), /<p id="lp-reading">Liquidity positions, reading 2 \(carryover\): tokens keep their basis\.<\/p>/);
  data.gains.lotChoice = { specific: 1, hifo: 0 };
  assert.match(renderReport(data), /Lots relieved: 1 sale by specific identification .*, 0 sales by highest cost first/);
});

test("the liquidity section: the manager's sum, a row and a captioned two-panel chart per position, the parts adding up", () => {
  const data = sampleReport();
  const html = renderReport(data);
  const section = html.split("<h2>Liquidity positions</h2>")[1].split("<h2>Files</h2>")[0];
  assert.match(section, /<p id="lp-totals">The manager over 2 positions: \$51\.00 fees − \$152\.34 IL vs holding − \$30\.13 ratio-swap costs = <b>−\$131\.47 net vs holding<\/b> \(gas not recorded\); 1 re-range, 3 decisions kept the range; in range 77\.8 % of 45\.0 observed days\.<\/p>/);
  assert.match(section, /<td>#7 WETH\/USDC 0\.30 %<\/td><td>1982\.32–2235\.05<\/td><td>2025-01-10 → 2025-02-09<\/td><td>\$51\.00<\/td><td>−\$52\.34<\/td><td>\$20\.13<\/td><td>—<\/td><td>−\$21\.47<\/td><td>83\.3 %<\/td><td>1 \(2 kept\)<\/td>/);
  assert.match(section, /<td>#8 WETH\/USDC 0\.30 % \(open\)<\/td>/);
  for (const id of ["7", "8"]) {
    const fig = section.split(`<figure class="chart" id="chart-lp-${id}">`)[1].split("</figure>")[0];
    assert.match(fig, /<svg /);
    assert.match(fig, new RegExp(`Position #${id}: value vs holding`));
    assert.match(fig, /WETH\/USDC price vs range/);
    assert.match(fig, />holding</);
    assert.match(fig, />position \+ fees</);
  }
  const open = section.split('id="chart-lp-8"')[1].split("</figure>")[0];
  assert.match(open, /\(open, valued at the latest prices\): \$0\.00 fees − \$100\.00 IL vs holding − \$10\.00 ratio-swap costs = <b>−\$110\.00 net vs holding<\/b>/);
  // the decision ticks are drawn in and out of range colours
  const closed = section.split('id="chart-lp-7"')[1].split("</figure>")[0];
  assert.match(closed, /#16a34a/);
  assert.match(closed, /#dc2626/);

  data.liquidity!.totals.gasUsd = "3.50";
  data.liquidity!.totals.netUsd = "-134.97";
  assert.match(renderReport(data), /− \$30\.13 ratio-swap costs − \$3\.50 gas = <b>−\$134\.97 net vs holding<\/b>;/);
  // a position's row: its gas in dollars and in units of gas
  data.liquidity!.positions[0].gasUsd = "3.50";
  data.liquidity!.positions[0].gasUnits = "2100000";
  assert.match(renderReport(data), /<td>\$3\.50 \(2,100,000 gas\)<\/td>/);
  data.liquidity = undefined;
  assert.match(renderReport(data), /No liquidity manager positions were indexed\./);
});

test("the same data renders the same bytes (each run a fresh process, as the main job renders once)", () => {
  const script = `const { renderReport } = require("./src"); const { sampleReport } = require("./test/fixture"); process.stdout.write(renderReport(sampleReport()));`;
  const render = () => execFileSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: path.resolve(__dirname, ".."), maxBuffer: 1 << 26 }).toString();
  const first = render();
  assert.match(first, /id="chart-lp-7"/);
  assert.equal(render(), first);
});

test("the tax-aware section lists the deferred trims, the lot choice's estimated tax saved and the bench's after-tax comparison with its source", () => {
  const data = sampleReport();
  const html = renderReport(data);
  assert.match(html, /<p id="deferred-trims">1 trim deferred by the keeper in 2025 until the lots turn long-term/);
  assert.match(html, /<td>2025-03-04<\/td><td>WETH<\/td><td>\$1,234\.50<\/td><td>\$456\.77<\/td><td>2025-04-01<\/td><td>812 \/ 1500 bps<\/td>/);
  assert.match(html, /<p id="lot-choice-tax">Estimated tax of 2025 \(net short- and long-term gains at 37 % \/ 20 %\): \$900\.00 with the lots the chain recorded at each sale, \$1,000\.00 had every sale gone by HIFO; the lot choice saved \$100\.00/);
  assert.match(html, /from keeper\/README\.md \(bench\):/);
  assert.match(html, /<td>\(e\) least-tax lots \+ deferral<\/td><td>\+0\.06 %<\/td><td>\[0\.01, 0\.10\]<\/td><td>33 \/ 18<\/td>/);
  data.taxAware.deferredTrims = [];
  assert.match(renderReport(data), /0 trims deferred[\s\S]*No trim was deferred\./);
});

test("the cross-chain section (two chains): the moves' totals and a row per move with both legs, absent on one chain", () => {
  const data = sampleReport();
  assert.equal(renderReport(data).includes("Cross-chain moves"), false, "one chain: no section");
  const tx = (n: number) => `0x${String(n).padStart(2, "0").repeat(32)}`;
  data.crossChain = {
    stablecoin: "USDC",
    moves: [
      { guid: tx(11), sentAt: "2025-01-02T00:00:00Z", fromChain: 31337, toChain: 412346, amountSent: "66212.05", amountReceived: "66212.05", nativeFee: "0.000300", status: "settled", sentTx: tx(12), receivedTx: tx(13) },
      { guid: tx(21), sentAt: "2025-01-29T00:00:00Z", fromChain: 31337, toChain: null, amountSent: "1500.00", amountReceived: null, nativeFee: "0.000300", status: "in flight", sentTx: tx(22), receivedTx: null },
    ],
    totals: { moves: 2, sent: "67712.05", received: "66212.05", nativeFee: "0.000600", settled: 1, delivered: 1, inFlight: 1 },
  };
  const section = renderReport(data).split("<h2>Cross-chain moves</h2>")[1].split("<h2>Files</h2>")[0];
  assert.match(section, /<p id="cross-chain-totals">2 moves of the vaults' stablecoin: 67,712\.05 USDC sent, 66,212\.05 USDC received, 0\.000600 in bridge fees \(native coin\); 1 delivered, 1 settled; 1 move was not yet delivered\./);
  assert.match(section, /<td>2025-01-02 00:00:00 UTC<\/td><td>31337 → 412346<\/td><td>66,212\.05 USDC<\/td><td>66,212\.05 USDC<\/td><td>0\.000300<\/td><td>settled<\/td><td>0x121212…121212<\/td><td>0x131313…131313<\/td><td>0x111111…111111<\/td>/);
  assert.match(section, /<td>31337 → \?<\/td><td>1,500\.00 USDC<\/td><td>—<\/td><td>0\.000300<\/td><td>in flight<\/td><td>0x222222…222222<\/td><td>—<\/td>/);
});
