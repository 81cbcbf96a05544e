// yaml.fromBytes / yaml.try_fromBytes: YAML documents as graph-ts YAMLValue objects.
import { isMap, isScalar, isSeq, parseDocument, type Node } from "yaml";
import { type AscMemory, TypeId } from "../abi/memory";
import { HostErrorBase } from "./errors";

function writeNode(mem: AscMemory, node: Node | null | undefined): number {
  const kindOf = (k: number, payload: number | bigint) => mem.writeEnum(TypeId.YamlValue, k, payload);
  let result: number;
  if (node == null) result = kindOf(0, 0);
  else if (isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) result = kindOf(0, 0);
    else if (typeof v === "boolean") result = kindOf(1, v ? 1 : 0);
    else if (typeof v === "number" || typeof v === "bigint") result = kindOf(2, mem.writeString(node.source ?? String(v)));
    else result = kindOf(3, mem.writeString(String(v)));
  } else if (isSeq(node)) {
    result = kindOf(4, mem.writeArrayWords(TypeId.YamlArrayValue, node.items.map((i) => writeNode(mem, i as Node))));
  } else if (isMap(node)) {
    const entries = node.items.map((pair) => {
      const k = writeNode(mem, pair.key as Node);
      const v = writeNode(mem, pair.value as Node);
      return mem.writeObject(TypeId.YamlTypedMapEntryValueValue, 8, [
        [0, "u32", k],
        [4, "u32", v],
      ]);
    });
    const arr = mem.writeArrayWords(TypeId.YamlArrayTypedMapEntryValueValue, entries);
    result = kindOf(5, mem.writeObject(TypeId.YamlTypedMapValueValue, 4, [[0, "u32", arr]]));
  } else result = kindOf(0, 0);
  const tag = (node as { tag?: string } | null)?.tag;
  if (node && tag && !tag.startsWith("tag:yaml.org,2002:")) {
    const tagged = mem.writeObject(TypeId.YamlValue, 8, [
      // serde_yaml's Tag prints with its leading "!", and graph-node passes that text on.
      [0, "u32", mem.writeString(tag.startsWith("!") ? tag : `!${tag}`)],
      [4, "u32", result],
    ]);
    return kindOf(6, tagged);
  }
  return result;
}

export function yamlFromBytes(mem: AscMemory, bytes: Uint8Array, tryMode: boolean): number {
  const doc = parseDocument(Buffer.from(bytes).toString("utf8"));
  if (doc.errors.length > 0) {
    if (!tryMode) throw new HostErrorBase(`Failed to parse YAML from bytes: ${doc.errors[0].message}`);
    const err = mem.writeObject(TypeId.YamlWrappedValue, 4, [[0, "u8", 1]]);
    return mem.writeObject(TypeId.YamlResultValueBool, 8, [[4, "u32", err]]);
  }
  const value = writeNode(mem, doc.contents as Node);
  if (!tryMode) return value;
  const wrapped = mem.writeObject(TypeId.YamlWrappedValue, 4, [[0, "u32", value]]);
  return mem.writeObject(TypeId.YamlResultValueBool, 8, [[0, "u32", wrapped]]);
}
