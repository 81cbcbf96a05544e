import type { EntityDef, FieldDef, ScalarKind } from "../schema/entities";

/** A response that does not match the subgraph's schema: nothing of its page is written. */
export class MalformedResponseError extends Error {
  readonly exitCode = 4;
  constructor(message: string) {
    super(message);
    this.name = "MalformedResponseError";
  }
}

export type StoreValue = string | number | null;
export type StoreRow = Record<string, StoreValue>;

const PATTERNS: Partial<Record<ScalarKind, RegExp>> = {
  BigInt: /^-?\d+$/,
  Int8: /^-?\d+$/,
  Timestamp: /^-?\d+$/,
  BigDecimal: /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i,
  Bytes: /^0x([0-9a-f]{2})*$/i,
};

function scalarValue(field: FieldDef, value: unknown, where: () => string): string | number {
  switch (field.scalar) {
    case "Int":
      if (typeof value === "number" && Number.isInteger(value)) return value;
      break;
    case "Boolean":
      if (typeof value === "boolean") return value ? 1 : 0;
      break;
    case "Int8":
    case "Timestamp":
      if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
    // falls through: graph-node also serves them as strings
    default: {
      const pattern = PATTERNS[field.scalar];
      if (typeof value === "string" && (!pattern || pattern.test(value))) return value;
    }
  }
  throw new MalformedResponseError(`${where()}: expected ${field.scalar}, got ${JSON.stringify(value)}`);
}

function fieldValue(field: FieldDef, value: unknown, where: () => string): StoreValue {
  if (value === null || value === undefined) {
    if (field.nullable) return null;
    throw new MalformedResponseError(`${where()}: missing value for a non-null field`);
  }
  if (field.kind === "ref") {
    const id = (value as { id?: unknown }).id;
    if (typeof id !== "string") throw new MalformedResponseError(`${where()}: expected a reference with an id`);
    return id;
  }
  if (field.list) {
    if (!Array.isArray(value)) throw new MalformedResponseError(`${where()}: expected a list`);
    return JSON.stringify(value.map((v, i) => scalarValue(field, v, () => `${where()}[${i}]`)));
  }
  return scalarValue(field, value, where);
}

/** Checks one page of rows against the entity's fields and turns them into store rows. */
export function toStoreRows(entity: EntityDef, page: unknown, block: number, lastId: string): StoreRow[] {
  if (!Array.isArray(page)) throw new MalformedResponseError(`${entity.collection}: expected a list of rows`);
  let previous = lastId;
  return page.map((raw, index) => {
    if (typeof raw !== "object" || raw === null) {
      throw new MalformedResponseError(`${entity.collection}[${index}]: expected an object`);
    }
    const source = raw as Record<string, unknown>;
    const id = source.id;
    if (typeof id !== "string" || id <= previous) {
      throw new MalformedResponseError(
        `${entity.name} ${JSON.stringify(id)}: ids must be strings in ascending order after ${JSON.stringify(previous)}`,
      );
    }
    previous = id;
    const row: StoreRow = { _block: block };
    for (const field of entity.fields) {
      row[field.name] = fieldValue(field, source[field.name], () => `${entity.name} ${id}, field ${field.name}`);
    }
    return row;
  });
}

/** The selection set that fetches every stored field of an entity. */
export function selection(entity: EntityDef): string {
  return entity.fields.map((f) => (f.kind === "ref" ? `${f.name} { id }` : f.name)).join(" ");
}
