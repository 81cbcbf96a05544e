import PDFDocument from "pdfkit";
import { formatCents } from "../engine/fixed";
import { NOT_TAX_ADVICE } from "../output/gainsText";
import type { Form8949Line, ScheduleDTotals } from "./form8949";
import { sumTerm } from "./form8949";

const COLUMNS = [
  { title: "(a) Description", width: 140, align: "left" as const },
  { title: "(b) Acquired", width: 62, align: "left" as const },
  { title: "(c) Sold", width: 62, align: "left" as const },
  { title: "(d) Proceeds", width: 78, align: "right" as const },
  { title: "(e) Cost basis", width: 78, align: "right" as const },
  { title: "(f) Code", width: 44, align: "center" as const },
  { title: "(g) Adjustment", width: 72, align: "right" as const },
  { title: "(h) Gain/(loss)", width: 80, align: "right" as const },
];

const BOX_TEXT: Record<string, string> = {
  C: "Box C: short-term, not reported to you on Form 1099-B",
  F: "Box F: long-term, not reported to you on Form 1099-B",
  I: "Box I: short-term digital asset transactions not reported to you on Form 1099-DA",
  L: "Box L: long-term digital asset transactions not reported to you on Form 1099-DA",
};

/** Renders Form 8949 (one section per box, totals per box) and the Schedule D summary as a PDF. */
export function form8949Pdf(lines: readonly Form8949Line[], totals: readonly ScheduleDTotals[], year: number): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "LETTER",
    layout: "landscape",
    margin: 36,
    compress: false,
    info: { Title: `Form 8949 worksheet, tax year ${year}`, Producer: "lotgraph", Creator: "lotgraph", CreationDate: new Date(Date.UTC(year + 1, 0, 1)) },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  const left = 36;
  const bottom = doc.page.height - 72;

  const footer = () => {
    doc.font("Helvetica-Oblique").fontSize(7).fillColor("#555").text(NOT_TAX_ADVICE, left, doc.page.height - 54, { width: doc.page.width - 72, align: "center", lineBreak: false });
    doc.fillColor("black");
  };
  const header = (title: string) => {
    doc.font("Helvetica-Bold").fontSize(13).text(`Form 8949 — Sales and Other Dispositions of Capital Assets — ${year}`, left, 36);
    doc.font("Helvetica").fontSize(9).text(title, left, 54);
    let x = left;
    doc.font("Helvetica-Bold").fontSize(8);
    for (const c of COLUMNS) {
      doc.text(c.title, x, 74, { width: c.width - 4, align: c.align });
      x += c.width;
    }
    doc.moveTo(left, 86).lineTo(left + COLUMNS.reduce((a, c) => a + c.width, 0), 86).stroke();
    footer();
    return 90;
  };
  const row = (y: number, cells: string[], bold = false) => {
    let x = left;
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(8);
    cells.forEach((cell, i) => {
      doc.text(cell, x, y, { width: COLUMNS[i].width - 4, align: COLUMNS[i].align, lineBreak: false, ellipsis: true });
      x += COLUMNS[i].width;
    });
  };

  const boxes = [...new Set(lines.map((l) => l.box))].sort((a, b) => "CIFL".indexOf(a) - "CIFL".indexOf(b));
  let first = true;
  for (const box of boxes) {
    if (!first) doc.addPage();
    first = false;
    const title = `Part ${box === "C" || box === "I" ? "I (short-term)" : "II (long-term)"} — ${BOX_TEXT[box] ?? `Box ${box}`}`;
    let y = header(title);
    for (const l of lines.filter((x) => x.box === box)) {
      if (y > bottom) {
        doc.addPage();
        y = header(title + " (continued)");
      }
      row(y, [l.description, l.dateAcquired, l.dateSold, formatCents(l.proceeds), formatCents(l.costBasis), l.code, l.adjustment ? formatCents(l.adjustment) : "", formatCents(l.gain)]);
      y += 12;
    }
    const t = totals.find((x) => x.box === box);
    if (t) row(y + 4, [`Totals (box ${box})`, "", "", formatCents(t.proceeds), formatCents(t.costBasis), "", formatCents(t.adjustment), formatCents(t.gain)], true);
  }

  if (!first) doc.addPage();
  doc.font("Helvetica-Bold").fontSize(13).text(`Schedule D summary — ${year}`, left, 36);
  let y = 64;
  row(y, ["", "", "", "Proceeds", "Cost basis", "", "Adjustments", "Gain/(loss)"], true);
  y += 14;
  for (const t of totals) {
    row(y, [`Box ${t.box} (${t.term}-term), ${t.rows} rows`, "", "", formatCents(t.proceeds), formatCents(t.costBasis), "", formatCents(t.adjustment), formatCents(t.gain)]);
    y += 12;
  }
  for (const term of ["short", "long"] as const) {
    const t = sumTerm(totals, term);
    row(y + 4, [`Total ${term}-term`, "", "", formatCents(t.proceeds), formatCents(t.costBasis), "", formatCents(t.adjustment), formatCents(t.gain)], true);
    y += 14;
  }
  if (lines.length === 0) doc.font("Helvetica").fontSize(9).text("No disposals in this tax year.", left, y + 10);
  footer();
  doc.end();
  return done;
}
