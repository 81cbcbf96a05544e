// Reading and writing AssemblyScript 0.19 objects in a module's linear memory, the way
// graph-node's runtime does for apiVersion >= 0.0.5 (the layout Matchstick uses).
//
// Every managed object is preceded by a 20-byte header; the pointer the module passes around
// points just after it:  mmInfo(-20) gcInfo(-16) gcInfo2(-12) rtId(-8) rtSize(-4).
// Strings are UTF-16LE of rtSize bytes; ArrayBuffers are rtSize raw bytes; typed arrays are
// { buffer, dataStart, byteLength }; Array<T> is { buffer, dataStart, byteLength, length }.

/** Class ids the module reports through its exported `id_of_type` (graph-ts's TypeId). */
export enum TypeId {
  String = 0,
  ArrayBuffer = 1,
  Uint8Array = 6,
  BigDecimal = 12,
  ArrayBool = 13,
  ArrayUint8Array = 14,
  ArrayEthereumValue = 15,
  ArrayStoreValue = 16,
  ArrayJsonValue = 17,
  ArrayString = 18,
  ArrayTypedMapEntryStringJsonValue = 20,
  ArrayTypedMapEntryStringStoreValue = 21,
  WrappedBool = 28,
  WrappedJsonValue = 29,
  EthereumValue = 30,
  StoreValue = 31,
  JsonValue = 32,
  TypedMapEntryStringStoreValue = 34,
  TypedMapEntryStringJsonValue = 35,
  TypedMapStringStoreValue = 36,
  TypedMapStringJsonValue = 37,
  ResultJsonValueBool = 40,
  YamlValue = 5500,
  YamlTypedMapEntryValueValue = 5502,
  YamlTypedMapValueValue = 5503,
  YamlArrayValue = 5504,
  YamlArrayTypedMapEntryValueValue = 5505,
  YamlWrappedValue = 5506,
  YamlResultValueBool = 5507,
}

export class AbiError extends Error {}

export interface ModuleExports {
  memory: WebAssembly.Memory;
  allocate: (size: number) => number;
  id_of_type: (typeId: number) => number;
}

export class AscMemory {
  private view!: DataView;
  private bytes!: Uint8Array;
  private buffer: ArrayBuffer | null = null;
  private readonly typeIds = new Map<number, number>();

  constructor(private readonly exports: ModuleExports) {}

  private refresh(): void {
    const buf = this.exports.memory.buffer;
    if (buf !== this.buffer) {
      this.buffer = buf;
      this.view = new DataView(buf);
      this.bytes = new Uint8Array(buf);
    }
  }

  u8(ptr: number): number {
    this.refresh();
    return this.bytes[ptr];
  }
  u32(ptr: number): number {
    this.refresh();
    return this.view.getUint32(ptr, true);
  }
  i32(ptr: number): number {
    this.refresh();
    return this.view.getInt32(ptr, true);
  }
  i64(ptr: number): bigint {
    this.refresh();
    return this.view.getBigInt64(ptr, true);
  }
  f64(ptr: number): number {
    this.refresh();
    return this.view.getFloat64(ptr, true);
  }
  rtSize(ptr: number): number {
    return this.u32(ptr - 4);
  }

  private checkPtr(ptr: number, what: string): void {
    if (ptr === 0) throw new AbiError(`unexpected null ${what}`);
  }

  /**
   * A string the module hands to the host. graph-node drops every U+0000 from such strings
   * (Postgres cannot store them), so entity ids, field values and messages never contain one.
   */
  readString(ptr: number): string {
    this.checkPtr(ptr, "string");
    const len = this.rtSize(ptr);
    this.refresh();
    const units = new Uint16Array(this.buffer!.slice(ptr, ptr + len));
    let out = "";
    for (let i = 0; i < units.length; i += 4096) {
      out += String.fromCharCode(...units.subarray(i, i + 4096));
    }
    return out.includes("\u0000") ? out.replaceAll("\u0000", "") : out;
  }

  /** Uint8Array, Bytes, Address, BigInt: a view on an ArrayBuffer. */
  readBytes(ptr: number): Uint8Array {
    this.checkPtr(ptr, "byte array");
    const dataStart = this.u32(ptr + 4);
    const byteLength = this.u32(ptr + 8);
    this.refresh();
    return this.bytes.slice(dataStart, dataStart + byteLength);
  }

  /** The element pointers (or raw element words) of an Array<T> of 32-bit elements. */
  readArrayWords(ptr: number): number[] {
    this.checkPtr(ptr, "array");
    const dataStart = this.u32(ptr + 4);
    const length = this.i32(ptr + 12);
    const out: number[] = [];
    for (let i = 0; i < length; i++) out.push(this.u32(dataStart + 4 * i));
    return out;
  }

  readArray<T>(ptr: number, readElement: (elementPtr: number) => T): T[] {
    return this.readArrayWords(ptr).map(readElement);
  }

  private typeId(typeId: TypeId): number {
    let id = this.typeIds.get(typeId);
    if (id === undefined) {
      id = this.exports.id_of_type(typeId) >>> 0;
      this.typeIds.set(typeId, id);
    }
    return id;
  }

  /** Allocates an object with a header and returns the pointer to its payload. */
  private alloc(typeId: TypeId, size: number): number {
    const rtId = this.typeId(typeId);
    const block = this.exports.allocate(16 + size) >>> 0;
    this.refresh();
    this.view.setUint32(block, 0, true);
    this.view.setUint32(block + 4, 0, true);
    this.view.setUint32(block + 8, rtId, true);
    this.view.setUint32(block + 12, size, true);
    this.bytes.fill(0, block + 16, block + 16 + size);
    return block + 16;
  }

  writeString(text: string): number {
    const ptr = this.alloc(TypeId.String, text.length * 2);
    for (let i = 0; i < text.length; i++) this.view.setUint16(ptr + 2 * i, text.charCodeAt(i), true);
    return ptr;
  }

  writeArrayBuffer(data: Uint8Array): number {
    const ptr = this.alloc(TypeId.ArrayBuffer, data.length);
    this.bytes.set(data, ptr);
    return ptr;
  }

  writeBytes(data: Uint8Array, typeId: TypeId = TypeId.Uint8Array): number {
    const buffer = this.writeArrayBuffer(data);
    const ptr = this.alloc(typeId, 12);
    this.view.setUint32(ptr, buffer, true);
    this.view.setUint32(ptr + 4, buffer, true);
    this.view.setUint32(ptr + 8, data.length, true);
    return ptr;
  }

  /** An Array<T> whose elements are 32-bit words (pointers or i32/u32). */
  writeArrayWords(typeId: TypeId, words: number[]): number {
    const data = new Uint8Array(words.length * 4);
    const dv = new DataView(data.buffer);
    words.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, true));
    const buffer = this.writeArrayBuffer(data);
    const ptr = this.alloc(typeId, 16);
    this.view.setUint32(ptr, buffer, true);
    this.view.setUint32(ptr + 4, buffer, true);
    this.view.setUint32(ptr + 8, data.length, true);
    this.view.setUint32(ptr + 12, words.length, true);
    return ptr;
  }

  /** A plain class instance whose fields are given as (offset, kind, value). */
  writeObject(typeId: TypeId, size: number, fields: Array<[number, "u32" | "u64" | "u8", number | bigint]>): number {
    const ptr = this.alloc(typeId, size);
    for (const [offset, kind, value] of fields) {
      if (kind === "u32") this.view.setUint32(ptr + offset, Number(value) >>> 0, true);
      else if (kind === "u8") this.view.setUint8(ptr + offset, Number(value));
      else this.view.setBigUint64(ptr + offset, BigInt.asUintN(64, BigInt(value)), true);
    }
    return ptr;
  }

  /** An enum-like { kind: i32, data: u64 } (store Value, ethereum.Value, JSONValue). */
  writeEnum(typeId: TypeId, kind: number, payload: number | bigint): number {
    return this.writeObject(typeId, 16, [
      [0, "u32", kind],
      [8, "u64", payload],
    ]);
  }
}
