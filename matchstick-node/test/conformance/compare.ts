// Field-by-field comparison of the runner's entities with graph-node's.
import type { Entities, FieldValue } from "./entities";

export interface Difference {
  type: string;
  id: string;
  /** `(entity)` when the entity exists on one side only. */
  field: string;
  runner: FieldValue | "(missing)";
  graphNode: FieldValue | "(missing)";
}

const same = (a: FieldValue, b: FieldValue) => JSON.stringify(a) === JSON.stringify(b);

export function compareEntities(runner: Entities, graphNode: Entities): Difference[] {
  const out: Difference[] = [];
  for (const type of new Set([...runner.keys(), ...graphNode.keys()])) {
    const r = runner.get(type) ?? new Map();
    const g = graphNode.get(type) ?? new Map();
    for (const id of [...new Set([...r.keys(), ...g.keys()])].sort()) {
      const re = r.get(id);
      const ge = g.get(id);
      if (!re || !ge) {
        out.push({ type, id, field: "(entity)", runner: re ? "present" : "(missing)", graphNode: ge ? "present" : "(missing)" });
        continue;
      }
      for (const field of Object.keys(ge)) {
        if (!same(re[field], ge[field])) out.push({ type, id, field, runner: re[field], graphNode: ge[field] });
      }
    }
  }
  return out;
}

export function describeDifference(d: Difference): string {
  const show = (v: FieldValue | "(missing)") => (v === "(missing)" ? v : JSON.stringify(v));
  const where = d.type === "Result" && d.field === "value" ? `case ${d.id}` : `${d.type} ${d.id} field ${d.field}`;
  return `${where}: matchstick-node ${show(d.runner)}, graph-node ${show(d.graphNode)}`;
}
