import {
  buildClientSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  isScalarType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from "graphql";

/** The scalar kinds graph-node serves, plus enums (stored as their name). */
export type ScalarKind =
  | "ID"
  | "String"
  | "Bytes"
  | "BigInt"
  | "BigDecimal"
  | "Int"
  | "Int8"
  | "Timestamp"
  | "Boolean"
  | "Enum";

export interface FieldDef {
  name: string;
  /** "scalar": a value column; "ref": a reference to another entity, stored as its id. */
  kind: "scalar" | "ref";
  scalar: ScalarKind;
  list: boolean;
  nullable: boolean;
}

export interface EntityDef {
  name: string;
  /** The plural collection field on Query, e.g. `lots` for `Lot`. */
  collection: string;
  fields: FieldDef[];
}

const SCALARS = new Set(["ID", "String", "Bytes", "BigInt", "BigDecimal", "Int", "Int8", "Timestamp", "Boolean"]);

/**
 * Reads the entity types of a subgraph from graph-node's introspection: an entity is an object type
 * with a collection field on Query and an `X_filter` input. Lists of entity references are left out
 * (they are @derivedFrom or reconstructible from the forward side); scalar lists are kept.
 */
export function entitiesFromIntrospection(introspection: IntrospectionQuery): EntityDef[] {
  return entitiesFromSchema(buildClientSchema(introspection));
}

export function entitiesFromSchema(schema: GraphQLSchema): EntityDef[] {
  const query = schema.getQueryType();
  if (!query) throw new Error("the subgraph schema has no Query type");
  const entities: EntityDef[] = [];
  for (const field of Object.values(query.getFields())) {
    const type = field.type;
    const inner = isNonNullType(type) ? type.ofType : type;
    if (!isListType(inner)) continue;
    const named = getNamedType(inner);
    if (!isObjectType(named) || named.name.startsWith("_")) continue;
    if (!schema.getType(`${named.name}_filter`)) continue;
    entities.push({ name: named.name, collection: field.name, fields: fieldsOf(named) });
  }
  return entities.sort((a, b) => a.name.localeCompare(b.name));
}

function fieldsOf(type: GraphQLObjectType): FieldDef[] {
  const out: FieldDef[] = [];
  for (const field of Object.values(type.getFields())) {
    const def = fieldDef(field);
    if (def) out.push(def);
  }
  if (!out.some((f) => f.name === "id")) throw new Error(`entity ${type.name} has no id field`);
  return out;
}

function fieldDef(field: GraphQLField<unknown, unknown>): FieldDef | undefined {
  const nullable = !isNonNullType(field.type);
  const inner = getNullableType(field.type);
  const list = isListType(inner);
  const named = getNamedType(field.type);
  if (isObjectType(named) || isInterfaceType(named)) {
    if (list) return undefined;
    return { name: field.name, kind: "ref", scalar: "ID", list: false, nullable };
  }
  if (isEnumType(named)) return { name: field.name, kind: "scalar", scalar: "Enum", list, nullable };
  if (isScalarType(named) && SCALARS.has(named.name)) {
    return { name: field.name, kind: "scalar", scalar: named.name as ScalarKind, list, nullable };
  }
  throw new Error(`field ${field.name} has a type the indexer does not know: ${named.name}`);
}
