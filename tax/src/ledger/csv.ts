/** A small RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF. Yields each record with its line number. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export function parseCsv(text: string): { records: CsvRecord[]; error?: { line: number; message: string } } {
  const records: CsvRecord[] = [];
  const reader = new CsvReader(text);
  for (let rec = reader.next(); rec; rec = reader.next()) records.push(rec);
  return reader.error ? { records, error: reader.error } : { records };
}

/**
 * Reads the records of a CSV text one at a time, so a caller can turn each into what it needs without
 * all of them being held at once (a large ledger's records took more memory than its events).
 * next() returns undefined at the end or at a malformed record (then `error` says which).
 */
export class CsvReader {
  private pos: number;
  private line = 1;
  error?: { line: number; message: string };

  constructor(private readonly text: string) {
    this.pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  next(): CsvRecord | undefined {
    const text = this.text;
    while (this.pos < text.length && this.error === undefined) {
      const pos = this.pos;
      let end = text.indexOf("\n", pos);
      if (end < 0) end = text.length;
      const raw = text.slice(pos, end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
      if (!raw.includes('"')) {
        // fast path: no quoting on this line
        const line = this.line;
        this.pos = end + 1;
        this.line++;
        if (raw.length > 0) return { line, fields: raw.split(",") };
        continue;
      }
      return this.quoted();
    }
    return undefined;
  }

  /** A record with quoted fields, possibly spanning lines. */
  private quoted(): CsvRecord | undefined {
    const text = this.text;
    const recordLine = this.line;
    const fields: string[] = [];
    let field = "";
    let i = this.pos;
    let inQuotes = false;
    let done = false;
    while (!done) {
      if (i >= text.length) {
        if (inQuotes) {
          this.error = { line: recordLine, message: "unterminated quoted field" };
          return undefined;
        }
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
          if (c === "\n") this.line++;
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
    this.line++;
    this.pos = i;
    return { line: recordLine, fields };
  }
}

/** Quotes a field when it needs it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(values: readonly string[]): string {
  return values.map(csvField).join(",") + "\n";
}
