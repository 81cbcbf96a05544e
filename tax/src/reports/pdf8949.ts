import PDFDocument from "pdfkit";
import { formatCents } from "../engine/fixed";
import { NOT_TAX_ADVICE } from "../output/gainsText";
import type { Form8949Line, ScheduleDTotals } from "./form8949";
import { sumTerm } from "./form8949";

/** The name and identifying number printed in the form's header (left blank to be filled in by hand). */
export interface Taxpayer {
  name?: string;
  tin?: string;
}

export interface Form8949PdfOptions {
  taxpayer?: Taxpayer;
  /** Exception 2: one "see attached statement" row per box instead of the rows */
  statement?: boolean;
}

/** Rows per page in each part, as on the printed form. */
export const ROWS_PER_PAGE = 14;

const PAGE = { width: 612, height: 792 }; // US letter, portrait, like the form
const LEFT = 36;
const WIDTH = 540;
// columns (a)–(h): widths in points, adding up to WIDTH
const COLS = [
  { key: "a", title: "(a)\nDescription of property\n(Example: 100 sh. XYZ Co.)", width: 124, align: "left" as const },
  { key: "b", title: "(b)\nDate acquired\n(Mo., day, yr.)", width: 52, align: "center" as const },
  { key: "c", title: "(c)\nDate sold or\ndisposed of\n(Mo., day, yr.)", width: 52, align: "center" as const },
  { key: "d", title: "(d)\nProceeds\n(sales price)", width: 66, align: "right" as const },
  { key: "e", title: "(e)\nCost or other basis.\nSee the Note below", width: 66, align: "right" as const },
  { key: "f", title: "(f)\nCode(s) from\ninstructions", width: 40, align: "center" as const },
  { key: "g", title: "(g)\nAmount of\nadjustment", width: 62, align: "right" as const },
  { key: "h", title: "(h)\nGain or (loss).\nSubtract column (e)\nfrom column (d) and\ncombine with column (g)", width: 78, align: "right" as const },
];

interface PartText {
  part: "I" | "II";
  title: string;
  lead: string;
  boxes: [string, string][];
  scheduleLine: Record<string, string>;
}

const PART_I: PartText = {
  part: "I",
  title: "Short-Term.",
  lead: "Transactions involving capital assets you held 1 year or less are generally short-term (see instructions). For long-term transactions, see page 2.",
  boxes: [
    ["A", "Short-term transactions reported on Form(s) 1099-B showing basis was reported to the IRS"],
    ["B", "Short-term transactions reported on Form(s) 1099-B showing basis wasn't reported to the IRS"],
    ["C", "Short-term transactions not reported to you on Form 1099-B"],
    ["G", "Short-term digital asset transactions reported on Form(s) 1099-DA showing basis was reported to the IRS"],
    ["H", "Short-term digital asset transactions reported on Form(s) 1099-DA showing basis wasn't reported to the IRS"],
    ["I", "Short-term digital asset transactions not reported to you on Form 1099-DA"],
  ],
  scheduleLine: { A: "1b", B: "2", C: "3", G: "1b", H: "2", I: "3" },
};

const PART_II: PartText = {
  part: "II",
  title: "Long-Term.",
  lead: "Transactions involving capital assets you held more than 1 year are generally long-term (see instructions). For short-term transactions, see page 1.",
  boxes: [
    ["D", "Long-term transactions reported on Form(s) 1099-B showing basis was reported to the IRS"],
    ["E", "Long-term transactions reported on Form(s) 1099-B showing basis wasn't reported to the IRS"],
    ["F", "Long-term transactions not reported to you on Form 1099-B"],
    ["J", "Long-term digital asset transactions reported on Form(s) 1099-DA showing basis was reported to the IRS"],
    ["K", "Long-term digital asset transactions reported on Form(s) 1099-DA showing basis wasn't reported to the IRS"],
    ["L", "Long-term digital asset transactions not reported to you on Form 1099-DA"],
  ],
  scheduleLine: { D: "8b", E: "9", F: "10", J: "8b", K: "9", L: "10" },
};

const mdy = (iso: string) => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}` : iso);
const amount = (cents: bigint) => (cents < 0n ? `(${formatCents(-cents)})` : formatCents(cents));

/** The cells of one form row, columns (a)–(h). */
type Cells = [string, string, string, string, string, string, string, string];

function lineCells(l: Form8949Line): Cells {
  return [l.description, mdy(l.dateAcquired), mdy(l.dateSold), amount(l.proceeds), amount(l.costBasis), l.code, l.adjustment ? amount(l.adjustment) : "", amount(l.gain)];
}

/** Codes of a summary row: M plus the rows' own codes, alphabetically (the instructions' order). */
function statementCells(t: ScheduleDTotals): Cells {
  const codes = ["M", ...(t.adjustment !== 0n ? ["W"] : [])].sort().join("");
  return ["See attached statement", "", "", amount(t.proceeds), amount(t.costBasis), codes, t.adjustment ? amount(t.adjustment) : "", amount(t.gain)];
}

/**
 * Form 8949 in the layout of the IRS form, drawn from its published structure: per page the header
 * (form number, title, year, OMB number, attachment sequence), the name and identifying-number fields,
 * Part I (short-term) or Part II (long-term) with its check boxes and the box of the page checked, the
 * columns (a)–(h) with 14 rows, and line 2, the totals of the page. One box per page; as many pages as
 * its rows need. With `statement` (Exception 2) each box gets one page whose single row refers to the
 * attached statement. A last page summarizes the Schedule D totals. Amounts in parentheses are negative.
 */
export function form8949Pdf(lines: readonly Form8949Line[], totals: readonly ScheduleDTotals[], year: number, opts: Form8949PdfOptions = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: [PAGE.width, PAGE.height],
    margin: 0,
    compress: false,
    autoFirstPage: false,
    info: { Title: `Form 8949, tax year ${year}`, Producer: "lotgraph", Creator: "lotgraph", CreationDate: new Date(Date.UTC(year + 1, 0, 1)) },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  const taxpayer = opts.taxpayer ?? {};

  const order = "CIFL";
  const boxes = totals.map((t) => t.box).sort((a, b) => order.indexOf(a) - order.indexOf(b));
  let pages = 0;
  for (const box of boxes) {
    const t = totals.find((x) => x.box === box) as ScheduleDTotals;
    const part = t.term === "short" ? PART_I : PART_II;
    if (opts.statement) {
      drawPage(doc, year, part, box, taxpayer, [statementCells(t)], t, `Attached statement: form8949-${year}.csv, its ${t.rows} rows in box ${box} (Exception 2 of the Form 8949 instructions).`);
      pages++;
      continue;
    }
    const rows = lines.filter((l) => l.box === box);
    for (let at = 0; at < rows.length; at += ROWS_PER_PAGE) {
      const page = rows.slice(at, at + ROWS_PER_PAGE);
      const pageTotals: ScheduleDTotals = { box, term: t.term, rows: page.length, proceeds: 0n, costBasis: 0n, adjustment: 0n, gain: 0n };
      for (const l of page) {
        pageTotals.proceeds += l.proceeds;
        pageTotals.costBasis += l.costBasis;
        pageTotals.adjustment += l.adjustment;
        pageTotals.gain += l.gain;
      }
      drawPage(doc, year, part, box, taxpayer, page.map(lineCells), pageTotals);
      pages++;
    }
  }
  drawSummary(doc, year, totals, pages === 0, !!opts.statement);
  doc.end();
  return done;
}

function drawPage(doc: PDFKit.PDFDocument, year: number, part: PartText, box: string, taxpayer: Taxpayer, rows: Cells[], totals: ScheduleDTotals, statementNote?: string): void {
  doc.addPage({ size: [PAGE.width, PAGE.height], margin: 0 });
  doc.lineWidth(0.5).strokeColor("black").fillColor("black");
  // header: form number | title | OMB, year, sequence
  doc.font("Helvetica").fontSize(7).text("Form", LEFT, 38);
  doc.font("Helvetica-Bold").fontSize(18).text("8949", LEFT + 18, 32);
  doc.font("Helvetica").fontSize(6).text("Department of the Treasury\nInternal Revenue Service", LEFT, 56, { width: 110 });
  doc.font("Helvetica-Bold").fontSize(13).text("Sales and Other Dispositions of Capital Assets", LEFT + 115, 34, { width: 320, align: "center" });
  doc.font("Helvetica").fontSize(6.5).text("Information about Form 8949 and its separate instructions is at www.irs.gov/Form8949.", LEFT + 115, 52, { width: 320, align: "center" });
  doc.text("File with your Schedule D to list your transactions for lines 1b, 2, 3, 8b, 9, and 10 of Schedule D.", LEFT + 115, 60, { width: 320, align: "center" });
  doc.fontSize(6.5).text("OMB No. 1545-0074", LEFT + 445, 32, { width: 95, align: "center" });
  doc.font("Helvetica-Bold").fontSize(16).text(String(year), LEFT + 445, 42, { width: 95, align: "center" });
  doc.font("Helvetica").fontSize(6).text("Attachment\nSequence No. 12A", LEFT + 445, 60, { width: 95, align: "center" });
  doc.moveTo(LEFT + 112, 30).lineTo(LEFT + 112, 76).moveTo(LEFT + 440, 30).lineTo(LEFT + 440, 76).stroke();
  hline(doc, 76);
  // name and identifying number
  doc.fontSize(6.5).text("Name(s) shown on return", LEFT + 2, 79);
  doc.text("Social security number or taxpayer identification number", LEFT + 362, 79, { width: 176 });
  doc.font("Helvetica").fontSize(9).text(taxpayer.name ?? "", LEFT + 2, 90, { width: 350, lineBreak: false });
  doc.text(taxpayer.tin ?? "", LEFT + 362, 90, { width: 176, lineBreak: false });
  doc.moveTo(LEFT + 358, 76).lineTo(LEFT + 358, 102).stroke();
  hline(doc, 102);
  // part banner
  doc.rect(LEFT, 104, 34, 12).fill("black");
  doc.fillColor("white").font("Helvetica-Bold").fontSize(8).text(`Part ${part.part}`, LEFT + 2, 106.5, { width: 30, align: "center" });
  doc.fillColor("black").fontSize(9).text(part.title, LEFT + 40, 105.5);
  doc.font("Helvetica").fontSize(6.5).text(part.lead, LEFT + 40 + doc.widthOfString(part.title) + 30, 106.5, { width: 430 });
  hline(doc, 124);
  const letters = part.boxes.map(([b]) => b).join(", ").replace(/, ([^,]+)$/, ", or $1");
  doc.font("Helvetica-Bold").fontSize(7).text(`You must check Box ${letters} below. Check only one box.`, LEFT + 2, 127, { continued: true }).font("Helvetica").text(" If more than one box applies, use a separate page for each box.", { width: WIDTH - 4 });
  let y = 146;
  for (const [letter, text] of part.boxes) {
    doc.rect(LEFT + 8, y, 7, 7).stroke();
    if (letter === box) {
      doc.moveTo(LEFT + 8, y).lineTo(LEFT + 15, y + 7).moveTo(LEFT + 15, y).lineTo(LEFT + 8, y + 7).lineWidth(1.2).stroke().lineWidth(0.5);
    }
    doc.font(letter === box ? "Helvetica-Bold" : "Helvetica").fontSize(7).text(`(${letter})  ${text}`, LEFT + 22, y + 0.5, { width: WIDTH - 30, lineBreak: false });
    y += 11;
  }
  y += 4;
  hline(doc, y);
  // column heads
  const headTop = y;
  const headHeight = 58;
  const adjRule = 27; // under the shared "Adjustment" head of (f) and (g)
  doc.font("Helvetica-Bold").fontSize(8).text("1", LEFT - 10, headTop + 2);
  let x = LEFT;
  const adjX = LEFT + COLS.slice(0, 5).reduce((a, c) => a + c.width, 0);
  doc.font("Helvetica").fontSize(5.5).text("Adjustment, if any, to gain or loss. If you enter an amount in column (g), enter a code in column (f). See the separate instructions.", adjX + 2, headTop + 2, { width: COLS[5].width + COLS[6].width - 4, align: "center" });
  for (const [i, c] of COLS.entries()) {
    const top = i === 5 || i === 6 ? headTop + adjRule + 2 : headTop + 3;
    doc.font("Helvetica").fontSize(6).text(c.title, x + 2, top, { width: c.width - 4, align: "center" });
    x += c.width;
  }
  doc.moveTo(adjX, headTop + adjRule).lineTo(adjX + COLS[5].width + COLS[6].width, headTop + adjRule).stroke();
  y = headTop + headHeight;
  hline(doc, y);
  // rows
  const rowHeight = 18;
  const tableTop = headTop;
  for (let r = 0; r < ROWS_PER_PAGE; r++) {
    const cells = rows[r];
    if (cells) cellRow(doc, y, rowHeight, cells, "Helvetica", 7);
    y += rowHeight;
    hline(doc, y);
  }
  // line 2: totals of this page
  const totalsTop = y;
  const totalHeight = 34;
  const lineNo = part.scheduleLine[box] ?? "";
  doc.font("Helvetica-Bold").fontSize(7).text("2", LEFT - 10, totalsTop + 3);
  doc.font("Helvetica-Bold").fontSize(6).text("Totals.", LEFT + 2, totalsTop + 3, { continued: true, width: COLS[0].width + COLS[1].width + COLS[2].width - 4 }).font("Helvetica").text(
    ` Add the amounts in columns (d), (e), (g), and (h) (subtract negative amounts). Enter each total here and include on your Schedule D, line ${lineNo} (Box ${box} above is checked).`,
  );
  const cells: Cells = ["", "", "", amount(totals.proceeds), amount(totals.costBasis), "", totals.adjustment ? amount(totals.adjustment) : "", amount(totals.gain)];
  cellRow(doc, totalsTop, totalHeight, cells, "Helvetica-Bold", 7, 3);
  y += totalHeight;
  hline(doc, y, 1);
  // column rules from the column heads down to the totals line; on line 2, (a)–(c) are one cell for its text
  x = LEFT;
  for (const c of COLS.slice(0, -1)) {
    x += c.width;
    // (f) and (g) share the "Adjustment" head: the rule between them starts under it
    doc.moveTo(x, c.key === "f" ? tableTop + adjRule : tableTop).lineTo(x, c.key === "a" || c.key === "b" ? totalsTop : y).stroke();
  }
  doc.font("Helvetica").fontSize(6).text(
    "Note: If you checked Box A or G above but the basis reported to the IRS was incorrect, enter in column (e) the basis as reported to the IRS, and enter an adjustment in column (g) to correct the basis. See Column (g) in the separate instructions for how to figure the amount of the adjustment.",
    LEFT,
    y + 4,
    { width: WIDTH },
  );
  if (statementNote) doc.font("Helvetica-Bold").fontSize(8).text(statementNote, LEFT, doc.y + 8, { width: WIDTH });
  footer(doc, year);
}

function cellRow(doc: PDFKit.PDFDocument, top: number, height: number, cells: Cells, font: string, size: number, skip = 0): void {
  let x = LEFT;
  doc.font(font).fontSize(size);
  for (const [i, c] of COLS.entries()) {
    if (i >= skip && cells[i]) doc.text(cells[i], x + 3, top + height / 2 - size / 2, { width: c.width - 6, align: c.align, lineBreak: false, ellipsis: true });
    x += c.width;
  }
}

function hline(doc: PDFKit.PDFDocument, y: number, width = 0.5): void {
  doc.lineWidth(width).moveTo(LEFT, y).lineTo(LEFT + WIDTH, y).stroke().lineWidth(0.5);
}

function footer(doc: PDFKit.PDFDocument, year: number): void {
  doc.font("Helvetica-Oblique").fontSize(6.5).fillColor("#444").text(`${NOT_TAX_ADVICE} Drawn by lotgraph in the layout of Form 8949 (${year}).`, LEFT, PAGE.height - 40, { width: WIDTH, align: "center", lineBreak: false });
  doc.fillColor("black").font("Helvetica-Bold").fontSize(7).text(`Form 8949 (${year})`, LEFT + WIDTH - 80, PAGE.height - 28, { width: 80, align: "right" });
}

function drawSummary(doc: PDFKit.PDFDocument, year: number, totals: readonly ScheduleDTotals[], noRows: boolean, statement: boolean): void {
  doc.addPage({ size: [PAGE.width, PAGE.height], margin: 0 });
  doc.font("Helvetica-Bold").fontSize(13).text(`Schedule D summary — ${year} (worksheet, not the form)`, LEFT, 40);
  doc.font("Helvetica").fontSize(8).text(
    statement
      ? `Form 8949 route: attached statement (Exception 2). Each box above has one row, "see attached statement", code M, with the box totals; form8949-${year}.csv is the statement.`
      : "Form 8949 route: every row on the form.",
    LEFT,
    60,
    { width: WIDTH },
  );
  let y = 84;
  const cols = [200, 85, 85, 85, 85];
  const row = (cells: string[], bold = false) => {
    let x = LEFT;
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(8);
    cells.forEach((c, i) => {
      doc.text(c, x, y, { width: cols[i] - 4, align: i === 0 ? "left" : "right", lineBreak: false });
      x += cols[i];
    });
    y += 14;
  };
  row(["", "Proceeds", "Cost basis", "Adjustments", "Gain or (loss)"], true);
  for (const t of totals) row([`Box ${t.box} (${t.term}-term), ${t.rows} rows`, amount(t.proceeds), amount(t.costBasis), amount(t.adjustment), amount(t.gain)]);
  for (const term of ["short", "long"] as const) {
    const t = sumTerm(totals, term);
    row([`Total ${term}-term`, amount(t.proceeds), amount(t.costBasis), amount(t.adjustment), amount(t.gain)], true);
  }
  if (noRows) doc.font("Helvetica").fontSize(9).text("No disposals in this tax year.", LEFT, y + 10);
  footer(doc, year);
}
