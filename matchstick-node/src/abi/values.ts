// The graph-ts value types as plain JS data, and their conversion to and from wasm memory.
import { AbiError, AscMemory, TypeId } from "./memory";
import { BigDecimal, MAX_EXP, MIN_EXP, bigIntFromSignedBytesLE, bigIntToSignedBytesLE } from "../numbers";

export type StoreValue =
  | { kind: "String"; value: string }
  | { kind: "Int"; value: number }
  | { kind: "BigDecimal"; value: BigDecimal }
  | { kind: "Bool"; value: boolean }
  | { kind: "List"; value: StoreValue[] }
  | { kind: "Null" }
  | { kind: "Bytes"; value: Uint8Array }
  | { kind: "BigInt"; value: bigint }
  | { kind: "Int8"; value: bigint }
  | { kind: "Timestamp"; value: bigint };

const STORE_KINDS = ["String", "Int", "BigDecimal", "Bool", "List", "Null", "Bytes", "BigInt", "Int8", "Timestamp"] as const;

export type Entity = Map<string, StoreValue>;

export type Token =
  | { kind: "address"; value: Uint8Array }
  | { kind: "fixedBytes"; value: Uint8Array }
  | { kind: "bytes"; value: Uint8Array }
  | { kind: "int"; value: bigint }
  | { kind: "uint"; value: bigint }
  | { kind: "bool"; value: boolean }
  | { kind: "string"; value: string }
  | { kind: "fixedArray"; value: Token[] }
  | { kind: "array"; value: Token[] }
  | { kind: "tuple"; value: Token[] };

const TOKEN_KINDS = ["address", "fixedBytes", "bytes", "int", "uint", "bool", "string", "fixedArray", "array", "tuple"] as const;

export type Json =
  | { kind: "null" }
  | { kind: "bool"; value: boolean }
  | { kind: "number"; raw: string }
  | { kind: "string"; value: string }
  | { kind: "array"; value: Json[] }
  | { kind: "object"; value: Array<[string, Json]> };

export const hex = (b: Uint8Array): string => "0x" + Buffer.from(b).toString("hex");

// ---------- reading ----------

export function readBigInt(mem: AscMemory, ptr: number): bigint {
  return bigIntFromSignedBytesLE(mem.readBytes(ptr));
}

export function readBigDecimal(mem: AscMemory, ptr: number): BigDecimal {
  if (ptr === 0) throw new AbiError("unexpected null BigDecimal");
  const digits = readBigInt(mem, mem.u32(ptr));
  const exp = readBigInt(mem, mem.u32(ptr + 4));
  if (exp < BigInt(MIN_EXP) || exp > BigInt(MAX_EXP)) {
    throw new AbiError(`big decimal exponent \`${exp}\` is outside the \`${MIN_EXP}\` to \`${MAX_EXP}\` range`);
  }
  return BigDecimal.fromDigitsExp(digits, Number(exp));
}

export function readStoreValue(mem: AscMemory, ptr: number): StoreValue {
  if (ptr === 0) return { kind: "Null" };
  const kind = STORE_KINDS[mem.i32(ptr)];
  const payload = ptr + 8;
  switch (kind) {
    case "String":
      return { kind, value: mem.readString(mem.u32(payload)) };
    case "Int":
      return { kind, value: mem.i32(payload) };
    case "BigDecimal":
      return { kind, value: readBigDecimal(mem, mem.u32(payload)) };
    case "Bool":
      return { kind, value: mem.i64(payload) !== 0n };
    case "List":
      return { kind, value: mem.readArray(mem.u32(payload), (p) => readStoreValue(mem, p)) };
    case "Null":
      return { kind };
    case "Bytes":
      return { kind, value: mem.readBytes(mem.u32(payload)) };
    case "BigInt":
      return { kind, value: readBigInt(mem, mem.u32(payload)) };
    case "Int8":
    case "Timestamp":
      return { kind, value: mem.i64(payload) };
    default:
      throw new AbiError(`unknown store value kind ${mem.i32(ptr)}`);
  }
}

/** TypedMap<string, Value> (Entity, DataSourceContext). */
export function readEntity(mem: AscMemory, ptr: number): Entity {
  const entity: Entity = new Map();
  if (ptr === 0) throw new AbiError("unexpected null entity");
  for (const entry of mem.readArrayWords(mem.u32(ptr))) {
    entity.set(mem.readString(mem.u32(entry)), readStoreValue(mem, mem.u32(entry + 4)));
  }
  return entity;
}

export function readToken(mem: AscMemory, ptr: number): Token {
  if (ptr === 0) throw new AbiError("unexpected null ethereum.Value");
  const kind = TOKEN_KINDS[mem.i32(ptr)];
  const p = mem.u32(ptr + 8);
  switch (kind) {
    case "address":
    case "fixedBytes":
    case "bytes":
      return { kind, value: mem.readBytes(p) };
    case "int":
    case "uint":
      return { kind, value: readBigInt(mem, p) };
    case "bool":
      return { kind, value: mem.i64(ptr + 8) !== 0n };
    case "string":
      return { kind, value: mem.readString(p) };
    case "fixedArray":
    case "array":
    case "tuple":
      return { kind, value: mem.readArray(p, (e) => readToken(mem, e)) };
    default:
      throw new AbiError(`unknown ethereum.Value kind ${mem.i32(ptr)}`);
  }
}

export function readStringArray(mem: AscMemory, ptr: number): string[] {
  return mem.readArray(ptr, (p) => mem.readString(p));
}

// ---------- writing ----------

export function writeBigInt(mem: AscMemory, n: bigint): number {
  return mem.writeBytes(bigIntToSignedBytesLE(n));
}

export function writeBigDecimal(mem: AscMemory, d: BigDecimal): number {
  const { digits, exp } = d.digitsAndExp();
  const digitsPtr = writeBigInt(mem, digits);
  const expPtr = writeBigInt(mem, BigInt(exp));
  return mem.writeObject(TypeId.BigDecimal, 8, [
    [0, "u32", digitsPtr],
    [4, "u32", expPtr],
  ]);
}

export function writeStoreValue(mem: AscMemory, v: StoreValue): number {
  const kind = STORE_KINDS.indexOf(v.kind);
  let payload: number | bigint;
  switch (v.kind) {
    case "String":
      payload = mem.writeString(v.value);
      break;
    case "Int":
      payload = BigInt.asUintN(64, BigInt(v.value));
      break;
    case "BigDecimal":
      payload = writeBigDecimal(mem, v.value);
      break;
    case "Bool":
      payload = v.value ? 1 : 0;
      break;
    case "List":
      payload = mem.writeArrayWords(TypeId.ArrayStoreValue, v.value.map((x) => writeStoreValue(mem, x)));
      break;
    case "Null":
      payload = 0;
      break;
    case "Bytes":
      payload = mem.writeBytes(v.value);
      break;
    case "BigInt":
      payload = writeBigInt(mem, v.value);
      break;
    case "Int8":
    case "Timestamp":
      payload = v.value;
      break;
  }
  return mem.writeEnum(TypeId.StoreValue, kind, payload);
}

export function writeEntity(mem: AscMemory, entity: Entity): number {
  const entries: number[] = [];
  for (const [key, value] of entity) {
    const k = mem.writeString(key);
    const v = writeStoreValue(mem, value);
    entries.push(
      mem.writeObject(TypeId.TypedMapEntryStringStoreValue, 8, [
        [0, "u32", k],
        [4, "u32", v],
      ]),
    );
  }
  const arr = mem.writeArrayWords(TypeId.ArrayTypedMapEntryStringStoreValue, entries);
  return mem.writeObject(TypeId.TypedMapStringStoreValue, 4, [[0, "u32", arr]]);
}

export function writeToken(mem: AscMemory, t: Token): number {
  const kind = TOKEN_KINDS.indexOf(t.kind);
  let payload: number | bigint;
  switch (t.kind) {
    case "address":
    case "fixedBytes":
    case "bytes":
      payload = mem.writeBytes(t.value);
      break;
    case "int":
    case "uint":
      payload = writeBigInt(mem, t.value);
      break;
    case "bool":
      payload = t.value ? 1 : 0;
      break;
    case "string":
      payload = mem.writeString(t.value);
      break;
    default:
      payload = writeTokenArray(mem, t.value);
  }
  return mem.writeEnum(TypeId.EthereumValue, kind, payload);
}

export function writeTokenArray(mem: AscMemory, tokens: Token[]): number {
  return mem.writeArrayWords(TypeId.ArrayEthereumValue, tokens.map((t) => writeToken(mem, t)));
}

export function writeJson(mem: AscMemory, j: Json): number {
  switch (j.kind) {
    case "null":
      return mem.writeEnum(TypeId.JsonValue, 0, 0);
    case "bool":
      return mem.writeEnum(TypeId.JsonValue, 1, j.value ? 1 : 0);
    case "number":
      return mem.writeEnum(TypeId.JsonValue, 2, mem.writeString(j.raw));
    case "string":
      return mem.writeEnum(TypeId.JsonValue, 3, mem.writeString(j.value));
    case "array":
      return mem.writeEnum(
        TypeId.JsonValue,
        4,
        mem.writeArrayWords(TypeId.ArrayJsonValue, j.value.map((x) => writeJson(mem, x))),
      );
    case "object": {
      const entries = j.value.map(([k, v]) => {
        const kp = mem.writeString(k);
        const vp = writeJson(mem, v);
        return mem.writeObject(TypeId.TypedMapEntryStringJsonValue, 8, [
          [0, "u32", kp],
          [4, "u32", vp],
        ]);
      });
      const arr = mem.writeArrayWords(TypeId.ArrayTypedMapEntryStringJsonValue, entries);
      const map = mem.writeObject(TypeId.TypedMapStringJsonValue, 4, [[0, "u32", arr]]);
      return mem.writeEnum(TypeId.JsonValue, 5, map);
    }
  }
}

// ---------- display and comparison (graph-node's Value semantics) ----------

/** graph-node's `Display for Value`, which Matchstick's assert.fieldEquals compares against. */
export function displayStoreValue(v: StoreValue): string {
  switch (v.kind) {
    case "String":
      return v.value;
    case "Int":
      return String(v.value);
    case "Int8":
    case "Timestamp":
    case "BigInt":
      return v.value.toString();
    case "BigDecimal":
      return v.value.toString();
    case "Bool":
      return String(v.value);
    case "Null":
      return "null";
    case "List":
      return `[${v.value.map(displayStoreValue).join(", ")}]`;
    case "Bytes":
      return hex(v.value);
  }
}

/** Matchstick's get_token_value: ethereum tokens compared as store values. */
export function tokenToStoreValue(t: Token): StoreValue {
  switch (t.kind) {
    case "address":
    case "fixedBytes":
    case "bytes":
      return { kind: "Bytes", value: t.value };
    case "int":
    case "uint":
      return { kind: "BigInt", value: t.value };
    case "bool":
      return { kind: "Bool", value: t.value };
    case "string":
      return { kind: "String", value: t.value };
    default:
      return { kind: "List", value: t.value.map(tokenToStoreValue) };
  }
}

export function storeValuesEqual(a: StoreValue, b: StoreValue): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "Null":
      return true;
    case "Bytes":
      return Buffer.from(a.value).equals(Buffer.from((b as typeof a).value));
    case "BigDecimal":
      return a.value.equals((b as typeof a).value);
    case "List": {
      const bl = (b as typeof a).value;
      return a.value.length === bl.length && a.value.every((x, i) => storeValuesEqual(x, bl[i]));
    }
    default:
      return a.value === (b as { value: unknown }).value;
  }
}

/** JSON-friendly form used by logStore/logEntity (serde's untagged rendering of Value). */
export function storeValueToJson(v: StoreValue): unknown {
  switch (v.kind) {
    case "Null":
      return { type: "Null" };
    case "List":
      return { type: v.kind, data: v.value.map(storeValueToJson) };
    case "Bytes":
      return { type: v.kind, data: hex(v.value) };
    case "BigInt":
    case "BigDecimal":
    case "Int8":
    case "Timestamp":
      return { type: v.kind, data: v.value.toString() };
    default:
      return { type: v.kind, data: v.value };
  }
}
