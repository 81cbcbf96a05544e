// ethereum.encode / ethereum.decode: Solidity ABI encoding of a single value, as ethabi's
// encode(&[token]) / decode(&[type], data) do.
import { AbiCoder, ParamType, getAddress } from "ethers";
import type { Token } from "../abi/values";
import { hex } from "../abi/values";

const coder = AbiCoder.defaultAbiCoder();

function typeOf(t: Token): string {
  switch (t.kind) {
    case "address":
      return "address";
    case "fixedBytes":
      return `bytes${t.value.length}`;
    case "bytes":
      return "bytes";
    case "int":
      return "int256";
    case "uint":
      return "uint256";
    case "bool":
      return "bool";
    case "string":
      return "string";
    case "fixedArray":
      return `${t.value.length ? typeOf(t.value[0]) : "uint256"}[${t.value.length}]`;
    case "array":
      return `${t.value.length ? typeOf(t.value[0]) : "uint256"}[]`;
    case "tuple":
      return `(${t.value.map(typeOf).join(",")})`;
  }
}

function jsOf(t: Token): unknown {
  switch (t.kind) {
    case "address":
      return getAddress(hex(t.value));
    case "fixedBytes":
    case "bytes":
      return t.value;
    case "fixedArray":
    case "array":
    case "tuple":
      return t.value.map(jsOf);
    default:
      return t.value;
  }
}

export function abiEncode(token: Token): Uint8Array {
  return Buffer.from(coder.encode([typeOf(token)], [jsOf(token)]).slice(2), "hex");
}

function tokenOf(p: ParamType, v: unknown): Token {
  const bytes = (x: unknown) => Uint8Array.from(Buffer.from(String(x).slice(2), "hex"));
  if (p.baseType === "tuple") return { kind: "tuple", value: p.components!.map((c, i) => tokenOf(c, (v as unknown[])[i])) };
  if (p.baseType === "array") {
    const items = (v as unknown[]).map((x) => tokenOf(p.arrayChildren!, x));
    return { kind: p.arrayLength === -1 ? "array" : "fixedArray", value: items };
  }
  if (p.type === "address") return { kind: "address", value: bytes(v) };
  if (p.type === "bool") return { kind: "bool", value: Boolean(v) };
  if (p.type === "string") return { kind: "string", value: String(v) };
  if (p.type === "bytes") return { kind: "bytes", value: bytes(v) };
  if (p.type.startsWith("bytes")) return { kind: "fixedBytes", value: bytes(v) };
  if (p.type.startsWith("uint")) return { kind: "uint", value: BigInt(v as bigint) };
  if (p.type.startsWith("int")) return { kind: "int", value: BigInt(v as bigint) };
  throw new Error(`unsupported ABI type ${p.type}`);
}

/** Returns null when the types do not parse or the data does not decode (graph-ts then returns null). */
export function abiDecode(types: string, data: Uint8Array): Token | null {
  try {
    const p = ParamType.from(types);
    const [v] = coder.decode([p], data);
    return tokenOf(p, v);
  } catch {
    return null;
  }
}
