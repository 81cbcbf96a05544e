// Entities from both sides in one shape: type → id → field → the value as graph-node's GraphQL
// API renders it (BigInt, BigDecimal, Int8 and Timestamp as strings, Bytes as 0x-hex, references
// as the referenced id).
import { Kind, parse, type TypeNode } from "graphql";
import type { StoreValue } from "../../src/abi/values";
import type { Store } from "../../src/instance";

export type FieldValue = string | number | boolean | null | FieldValue[];
export type Entities = Map<string, Map<string, Record<string, FieldValue>>>;

export interface EntityShape {
  type: string;
  /** The GraphQL collection field, e.g. `samples`. */
  collection: string;
  /** Stored (non-derived) fields; references select `{ id }`. */
  fields: Array<{ name: string; reference: boolean }>;
}

const namedType = (t: TypeNode): string => (t.kind === Kind.NAMED_TYPE ? t.name.value : namedType(t.type));

/** graph-node's collection name: the type name, first letter lowered, plural with an `s`. */
function collectionName(type: string): string {
  const lowered = type[0].toLowerCase() + type.slice(1);
  return lowered.endsWith("s") ? `${lowered}es` : `${lowered}s`;
}

export function entityShapes(schema: string): EntityShape[] {
  const doc = parse(schema);
  const entityTypes = new Set(
    doc.definitions.filter((d) => d.kind === Kind.OBJECT_TYPE_DEFINITION).map((d) => (d as { name: { value: string } }).name.value),
  );
  const shapes: EntityShape[] = [];
  for (const def of doc.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const fields = (def.fields ?? [])
      .filter((f) => !f.directives?.some((d) => d.name.value === "derivedFrom"))
      .map((f) => ({ name: f.name.value, reference: entityTypes.has(namedType(f.type)) }));
    shapes.push({ type: def.name.value, collection: collectionName(def.name.value), fields });
  }
  return shapes;
}

export function graphqlValue(v: StoreValue): FieldValue {
  switch (v.kind) {
    case "Null":
      return null;
    case "String":
    case "Int":
    case "Bool":
      return v.value;
    case "Int8":
    case "Timestamp":
    case "BigInt":
    case "BigDecimal":
      return v.value.toString();
    case "Bytes":
      return `0x${Buffer.from(v.value).toString("hex")}`;
    case "List":
      return v.value.map(graphqlValue);
  }
}

/** The runner's store in the GraphQL shape; a field the entity lacks reads as null, as in GraphQL. */
export function runnerEntities(store: Store, shapes: EntityShape[]): Entities {
  const out: Entities = new Map();
  for (const shape of shapes) {
    const byId = new Map<string, Record<string, FieldValue>>();
    for (const [id, entity] of store.get(shape.type) ?? []) {
      const row: Record<string, FieldValue> = {};
      for (const f of shape.fields) {
        const v = entity.get(f.name);
        row[f.name] = v ? graphqlValue(v) : null;
      }
      byId.set(id, row);
    }
    out.set(shape.type, byId);
  }
  return out;
}

type Query = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

/** Every entity of every type from graph-node's GraphQL API, paging by id. */
export async function graphNodeEntities(query: Query, shapes: EntityShape[], pageSize = 1000): Promise<Entities> {
  const out: Entities = new Map();
  for (const shape of shapes) {
    const selection = shape.fields.map((f) => (f.reference ? `${f.name} { id }` : f.name)).join(" ");
    const byId = new Map<string, Record<string, FieldValue>>();
    let where = "";
    for (;;) {
      const data = await query<Record<string, Array<Record<string, unknown>>>>(
        `{ page: ${shape.collection}(first: ${pageSize}, orderBy: id, orderDirection: asc${where}) { ${selection} } }`,
      );
      for (const raw of data.page) {
        const row: Record<string, FieldValue> = {};
        for (const f of shape.fields) {
          const v = raw[f.name];
          row[f.name] = f.reference ? flattenReference(v) : (v as FieldValue);
        }
        byId.set(String(row.id), row);
      }
      if (data.page.length < pageSize) break;
      where = `, where: { id_gt: ${JSON.stringify(String(data.page[data.page.length - 1].id))} }`;
    }
    out.set(shape.type, byId);
  }
  return out;
}

function flattenReference(v: unknown): FieldValue {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map(flattenReference);
  return String((v as { id: unknown }).id);
}
