/** A small RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF. Yields each record with its line number. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export function parseCsv(text: string): { records: CsvRecord[]; error?: { line: number; message: string } } {
  const records: CsvRecord[] = [];
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (pos < text.length) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = text.length;
    const raw = text.slice(pos, end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    if (!raw.includes('"')) {
      // fast path: no quoting on this line
      if (raw.length > 0) records.push({ line, fields: raw.split(",") });
      pos = end + 1;
      line++;
      continue;
    }
    // quoted fields, possibly spanning lines
    const recordLine = line;
    const fields: string[] = [];
    let field = "";
    let i = pos;
    let inQuotes = false;
    let done = false;
    while (!done) {
      if (i >= text.length) {
        if (inQuotes) return { records, error: { line: recordLine, message: "unterminated quoted field" } };
        fields.push(field);
        done = true;
        break;
      }
      const c = text[i];
      if (inQuotes) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else inQuotes = false;
        } else {
          if (c === "\n") line++;
          field += c;
        }
      } else if (c === '"' && field === "") {
        inQuotes = true;
      } else if (c === ",") {
        fields.push(field);
        field = "";
      } else if (c === "\n" || c === "\r") {
        fields.push(field);
        if (c === "\r" && text[i + 1] === "\n") i++;
        done = true;
      } else {
        field += c;
      }
      i++;
    }
    records.push({ line: recordLine, fields });
    line++;
    pos = i;
  }
  return { records };
}

/** Quotes a field when it needs it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(values: readonly string[]): string {
  return values.map(csvField).join(",") + "\n";
}
