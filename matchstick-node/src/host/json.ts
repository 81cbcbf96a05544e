// JSON parsing with graph-node's observable behaviour: numbers keep their text as serde_json's
// arbitrary_precision renders it (see serdeNumberText) and object keys come out sorted
// (serde_json's default BTreeMap; a repeated key keeps its last value).
import type { Json } from "../abi/values";

export class JsonError extends Error {}

export function parseJson(text: string): Json {
  let i = 0;
  const fail = (msg: string): never => {
    throw new JsonError(`${msg} at position ${i}`);
  };
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const value = (): Json => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const map = new Map<string, Json>();
      ws();
      if (text[i] === "}") {
        i++;
        return { kind: "object", value: [] };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail("expected a string key");
        const key = str();
        ws();
        if (text[i++] !== ":") fail("expected ':'");
        map.set(key, value());
        ws();
        const d = text[i++];
        if (d === "}") break;
        if (d !== ",") fail("expected ',' or '}'");
      }
      const entries = [...map.entries()].sort(([a], [b]) => (Buffer.compare(Buffer.from(a), Buffer.from(b))));
      return { kind: "object", value: entries };
    }
    if (c === "[") {
      i++;
      const items: Json[] = [];
      ws();
      if (text[i] === "]") {
        i++;
        return { kind: "array", value: items };
      }
      for (;;) {
        items.push(value());
        ws();
        const d = text[i++];
        if (d === "]") break;
        if (d !== ",") fail("expected ',' or ']'");
      }
      return { kind: "array", value: items };
    }
    if (c === '"') return { kind: "string", value: str() };
    if (text.startsWith("true", i)) {
      i += 4;
      return { kind: "bool", value: true };
    }
    if (text.startsWith("false", i)) {
      i += 5;
      return { kind: "bool", value: false };
    }
    if (text.startsWith("null", i)) {
      i += 4;
      return { kind: "null" };
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 4096));
    if (!m || m[0].length === 0) return fail("expected a value");
    i += m![0].length;
    return { kind: "number", raw: serdeNumberText(m![0]) };
  };
  const str = (): string => {
    const start = i;
    i++;
    for (;;) {
      if (i >= text.length) fail("unterminated string");
      const ch = text[i];
      if (ch === "\\") i += 2;
      else if (ch === '"') break;
      else if (ch < " ") fail("control character in string");
      else i++;
    }
    i++;
    try {
      return JSON.parse(text.slice(start, i));
    } catch (e) {
      return fail((e as Error).message);
    }
  };
  const result = value();
  ws();
  if (i < text.length) fail("trailing characters");
  return result;
}

const U64_MAX = (1n << 64n) - 1n;
const I64_MIN = -(1n << 63n);

/**
 * A JSON number's text as graph-node hands it to the mapping (serde_json ≥ 1.0.149 with
 * arbitrary_precision): an integer that fits u64 (or i64 when negative) is re-printed from its
 * value, so `-0` becomes `0`; any other number keeps its text except that the exponent marker
 * becomes `e` and a positive exponent gets an explicit `+` (`1E2` → `1e+2`).
 */
export function serdeNumberText(literal: string): string {
  if (/^-?\d+$/.test(literal)) {
    const value = BigInt(literal);
    const fits = literal.startsWith("-") ? value >= I64_MIN : value <= U64_MAX;
    return fits ? value.toString() : literal;
  }
  return literal.replace(/[eE]([+-]?)/, (_, sign: string) => `e${sign || "+"}`);
}
