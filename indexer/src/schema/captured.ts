import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { getIntrospectionQuery, type IntrospectionQuery } from "graphql";
import { entitiesFromIntrospection, type EntityDef } from "./entities";

/** graph-node's introspection of the deployed subgraph, captured by scripts/capture-schema.ts. */
export const CAPTURED_INTROSPECTION = path.resolve(__dirname, "../../schema/introspection.json");
/** The hash of the schema.graphql that introspection was captured from. */
export const CAPTURED_SOURCE_HASH = path.resolve(__dirname, "../../schema/schema.graphql.sha256");
export const SUBGRAPH_SCHEMA = path.resolve(__dirname, "../../../schema.graphql");

export function schemaSourceHash(file = SUBGRAPH_SCHEMA): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

export function loadCapturedEntities(file = CAPTURED_INTROSPECTION): EntityDef[] {
  let parsed: { data?: IntrospectionQuery } & Partial<IntrospectionQuery>;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw Object.assign(new Error(`cannot read the captured subgraph schema ${file}: ${(err as Error).message}`), {
      exitCode: 3,
    });
  }
  return entitiesFromIntrospection((parsed.data ?? parsed) as IntrospectionQuery);
}

export const INTROSPECTION_QUERY = getIntrospectionQuery({ descriptions: false });
