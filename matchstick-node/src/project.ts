// What the runner needs from the subgraph: the manifest's templates and the GraphQL schema's
// entity types (required fields, derived fields, interfaces).
import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { Kind, parse as parseGraphql, type FieldDefinitionNode, type TypeNode } from "graphql";

export class ProjectError extends Error {}

export interface EntityType {
  name: string;
  requiredFields: string[];
  /** virtual field → list of (entity type, field on that type) it is derived from */
  derived: Map<string, Array<[string, string]>>;
}

export interface Project {
  manifestPath: string;
  templates: Map<string, string>; // name → kind
  entities: Map<string, EntityType>;
}

export function loadProject(manifestPath: string): Project {
  if (!fs.existsSync(manifestPath)) throw new ProjectError(`Manifest not found: ${manifestPath}`);
  let manifest: any;
  try {
    manifest = parseYaml(fs.readFileSync(manifestPath, "utf8"));
  } catch (e) {
    throw new ProjectError(`Could not parse manifest ${manifestPath}: ${(e as Error).message}`);
  }
  const schemaFile = manifest?.schema?.file;
  if (typeof schemaFile !== "string") throw new ProjectError(`${manifestPath}: missing schema.file`);
  const schemaPath = path.resolve(path.dirname(manifestPath), schemaFile);
  if (!fs.existsSync(schemaPath)) throw new ProjectError(`Could not find schema at \`${schemaFile}\` (from ${manifestPath})`);
  const templates = new Map<string, string>();
  for (const t of manifest.templates ?? []) {
    if (t?.name) templates.set(String(t.name), String(t.kind ?? "ethereum/contract"));
  }
  return { manifestPath, templates, entities: parseSchema(fs.readFileSync(schemaPath, "utf8"), schemaPath) };
}

const baseTypeName = (t: TypeNode): string => (t.kind === Kind.NAMED_TYPE ? t.name.value : baseTypeName(t.type));

export function parseSchema(source: string, file = "schema.graphql"): Map<string, EntityType> {
  let doc;
  try {
    doc = parseGraphql(source);
  } catch (e) {
    throw new ProjectError(`Could not parse ${file}: ${(e as Error).message}`);
  }
  const interfaces = new Map<string, string[]>();
  const objects: Array<{ name: string; fields: readonly FieldDefinitionNode[] }> = [];
  for (const def of doc.definitions) {
    if (def.kind === Kind.INTERFACE_TYPE_DEFINITION) {
      if (!interfaces.has(def.name.value)) interfaces.set(def.name.value, []);
    } else if (def.kind === Kind.OBJECT_TYPE_DEFINITION) {
      for (const i of def.interfaces ?? []) {
        const list = interfaces.get(i.name.value) ?? [];
        list.push(def.name.value);
        interfaces.set(i.name.value, list);
      }
      objects.push({ name: def.name.value, fields: def.fields ?? [] });
    }
  }
  const entities = new Map<string, EntityType>();
  for (const obj of objects) {
    const derived = new Map<string, Array<[string, string]>>();
    const requiredFields: string[] = [];
    for (const f of obj.fields) {
      const directive = f.directives?.find((d) => d.name.value === "derivedFrom");
      if (directive) {
        const arg = directive.arguments?.find((a) => a.name.value === "field");
        const field = arg && arg.value.kind === Kind.STRING ? arg.value.value : "";
        const target = baseTypeName(f.type);
        const targets = interfaces.has(target) ? interfaces.get(target)! : [target];
        derived.set(
          f.name.value,
          targets.map((t) => [t, field] as [string, string]),
        );
      } else if (f.type.kind === Kind.NON_NULL_TYPE) {
        requiredFields.push(f.name.value);
      }
    }
    entities.set(obj.name, { name: obj.name, requiredFields, derived });
  }
  return entities;
}
