// One instantiation of a compiled test file, linked to graph-node's host functions (with
// Matchstick's mocks in place of the chain, IPFS and the database) and Matchstick's own.
import * as fs from "node:fs";
import { keccak_256 } from "@noble/hashes/sha3";
import { AscMemory, TypeId, type ModuleExports } from "./abi/memory";
import {
  type Entity,
  type Token,
  type StoreValue,
  displayStoreValue,
  hex,
  readBigDecimal,
  readBigInt,
  readEntity,
  readStoreValue,
  readStringArray,
  readToken,
  storeValueToJson,
  storeValuesEqual,
  tokenToStoreValue,
  writeBigDecimal,
  writeBigInt,
  writeEntity,
  writeJson,
  writeStoreValue,
  writeToken,
  writeTokenArray,
} from "./abi/values";
import { BigDecimal, parseBigInt } from "./numbers";
import { abiDecode, abiEncode } from "./host/ethabi";
import { parseJson } from "./host/json";
import { base58 } from "./host/base58";
import { yamlFromBytes } from "./host/yaml";
import { Level, type Logger } from "./logging";
import { HostErrorBase } from "./host/errors";
import type { Project } from "./project";

/** An error raised by a host function; it aborts the running wasm call. */
export class HostError extends HostErrorBase {}

export type Role = "test" | "describe" | "beforeAll" | "afterAll" | "beforeEach" | "afterEach";
export interface MetaTest {
  name: string;
  shouldFail: boolean;
  funcIdx: number;
  role: Role;
}

interface TemplateInfo {
  kind: string;
  name: string;
  address: string;
  context: Entity | null;
}

/** Entities by type, then by id. */
export type Store = Map<string, Map<string, Entity>>;

export interface State {
  store: Store;
  cacheStore: Store;
  fnRetMap: Map<string, Token[] | "reverts">;
  templates: Map<string, Map<string, TemplateInfo>>;
  ipfs: Map<string, string>;
  dataSource: { address?: string; network?: string; context?: Entity };
  metaTests: MetaTest[];
}

export interface Env {
  project: Project;
  logger: Logger;
}

export function freshState(project: Project): State {
  const templates = new Map<string, Map<string, TemplateInfo>>();
  for (const name of project.templates.keys()) templates.set(name, new Map());
  return {
    store: new Map(),
    cacheStore: new Map(),
    fnRetMap: new Map(),
    templates,
    ipfs: new Map(),
    dataSource: {},
    metaTests: [],
  };
}

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/** ethabi's Display of a token, which Matchstick's mock keys are built from. */
function tokenKey(t: Token): string {
  switch (t.kind) {
    case "int":
    case "uint":
      return BigInt.asUintN(256, t.value).toString(16);
    case "address":
    case "fixedBytes":
    case "bytes":
      return Buffer.from(t.value).toString("hex");
    case "bool":
    case "string":
      return String(t.value);
    case "tuple":
      return `(${t.value.map(tokenKey).join(",")})`;
    default:
      return `[${t.value.map(tokenKey).join(",")}]`;
  }
}

function fnId(address: string, name: string, signature: string, args: Token[]): string {
  return [address.toLowerCase(), name, signature, ...args.map(tokenKey)].join("\u0000");
}

/** Splits "a,(b,c),d[]" at top-level commas (Matchstick's collect_types). */
function collectTypes(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of s) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  if (cur.length) out.push(cur);
  return out;
}

/** Whether a token fits a Solidity type (ethabi's Token::type_check). */
function typeCheck(t: Token, type: string): boolean {
  const ty = type.trim();
  const arr = /^(.*)\[(\d*)\]$/.exec(ty);
  if (arr) {
    if (arr[2] === "") return t.kind === "array" && t.value.every((x) => typeCheck(x, arr[1]));
    return t.kind === "fixedArray" && t.value.length === Number(arr[2]) && t.value.every((x) => typeCheck(x, arr[1]));
  }
  if (ty.startsWith("(") && ty.endsWith(")")) {
    const parts = collectTypes(ty.slice(1, -1));
    return t.kind === "tuple" && t.value.length === parts.length && t.value.every((x, i) => typeCheck(x, parts[i]));
  }
  if (ty === "address") return t.kind === "address";
  if (ty === "bool") return t.kind === "bool";
  if (ty === "string") return t.kind === "string";
  if (ty === "bytes") return t.kind === "bytes";
  if (/^bytes\d+$/.test(ty)) return t.kind === "fixedBytes" && t.value.length <= Number(ty.slice(5));
  if (/^int\d*$/.test(ty)) return t.kind === "int";
  if (/^uint\d*$/.test(ty)) return t.kind === "uint";
  throw new HostError(`Unrecognized argument type \`${ty}\``);
}

function describeToken(t: Token): string {
  switch (t.kind) {
    case "int":
    case "uint":
      return `${t.kind === "int" ? "Int" : "Uint"}(${t.value})`;
    case "address":
      return `Address(${hex(t.value)})`;
    case "fixedBytes":
    case "bytes":
      return `${t.kind === "bytes" ? "Bytes" : "FixedBytes"}(${hex(t.value)})`;
    case "bool":
      return `Bool(${t.value})`;
    case "string":
      return `String(${JSON.stringify(t.value)})`;
    default:
      return `${t.kind[0].toUpperCase()}${t.kind.slice(1)}([${t.value.map(describeToken).join(", ")}])`;
  }
}

export class Instance {
  readonly instance: WebAssembly.Instance;
  readonly mem: AscMemory;
  private readonly table: WebAssembly.Table;

  constructor(
    readonly module: WebAssembly.Module,
    readonly env: Env,
    readonly state: State,
  ) {
    const host = this.hostFunctions();
    const imports: Record<string, Record<string, WebAssembly.ImportValue>> = {};
    for (const imp of WebAssembly.Module.imports(module)) {
      if (imp.kind !== "function") continue;
      const fn =
        host[imp.name] ??
        (() => {
          throw new HostError(`Host function \`${imp.name}\` is not provided by matchstick-node`);
        });
      (imports[imp.module] ??= {})[imp.name] = fn;
    }
    this.instance = new WebAssembly.Instance(module, imports);
    const exports = this.instance.exports as unknown as ModuleExports & { table?: WebAssembly.Table; _start?: () => void };
    if (!exports.table) throw new HostError("WebAssembly.Table was not exported (compile with --exportTable)");
    this.table = exports.table;
    this.mem = new AscMemory(exports);
    exports._start?.();
  }

  call(funcIdx: number): void {
    const fn = this.table.get(funcIdx) as (() => void) | null;
    if (!fn) throw new HostError(`Could not get WebAssembly.Table entry with index '${funcIdx}'.`);
    fn();
  }

  private log(level: Level, msg: string): void {
    this.env.logger.log(level, msg);
  }

  private entityType(name: string) {
    const t = this.env.project.entities.get(name);
    if (!t) throw new HostError(`Entity type '${name}' is not defined in the GraphQL schema.`);
    return t;
  }

  private loadRelated(entityType: string, id: string, field: string): Entity[] {
    const sources = this.env.project.entities.get(entityType)?.derived.get(field);
    const out: Entity[] = [];
    for (const [type, refField] of sources ?? []) {
      for (const entity of this.state.store.get(type)?.values() ?? []) {
        const v = entity.get(refField);
        if (!v) continue;
        const ids: StoreValue[] = v.kind === "List" ? v.value : v.kind === "Bytes" || v.kind === "String" ? [v] : [];
        if (ids.some((x) => displayStoreValue(x) === id)) out.push(new Map(entity));
      }
    }
    return out;
  }

  private assertTemplate(template: string, tag: string): Map<string, TemplateInfo> | null {
    const t = this.state.templates.get(template);
    if (!t) this.log(Level.Error, `(${tag}) No template with name '${template}' found.`);
    return t ?? null;
  }

  private fieldEquals(type: string, id: string, field: string, expected: string, message: string | null): boolean {
    const entity = this.state.store.get(type)?.get(id);
    if (!this.state.store.has(type)) {
      this.log(Level.Error, `(assert.fieldEquals) No entities with type '${type}' found.`);
      return false;
    }
    if (!entity) {
      this.log(Level.Error, `(assert.fieldEquals) No entity with type '${type}' and id '${id}' found.`);
      return false;
    }
    const v = entity.get(field);
    if (!v) {
      this.log(Level.Error, `(assert.fieldEquals) No field named '${field}' on entity with type '${type}' and id '${id}' found.`);
      return false;
    }
    const actual = displayStoreValue(v);
    if (actual !== expected) {
      this.log(
        Level.Error,
        message === null
          ? `(assert.fieldEquals) Expected field '${field}' to equal '${expected}', but was '${actual}' instead.`
          : `(assert.fieldEquals) ${message}`,
      );
      return false;
    }
    return true;
  }

  private equals(expectedPtr: number, actualPtr: number, message: string | null): boolean {
    const e = tokenToStoreValue(readToken(this.mem, expectedPtr));
    const a = tokenToStoreValue(readToken(this.mem, actualPtr));
    if (!storeValuesEqual(e, a)) {
      this.log(
        Level.Error,
        message === null
          ? `(assert.equals) Expected value was '${displayStoreValue(e)}' but actual value was '${displayStoreValue(a)}'`
          : `(assert.equals) ${message}`,
      );
      return false;
    }
    return true;
  }

  private notInStore(type: string, id: string, message: string | null): boolean {
    if (this.state.store.get(type)?.has(id)) {
      this.log(
        Level.Error,
        message === null
          ? `(assert.notInStore) Value for entity type: '${type}' and id: '${id}' was found in store.`
          : `(assert.notInStore) ${message}`,
      );
      return false;
    }
    return true;
  }

  private dataSourceCount(template: string, expected: number, message: string | null): boolean {
    const t = this.assertTemplate(template, "assert.dataSourceCount");
    if (!t) return false;
    if (t.size !== expected) {
      this.log(
        Level.Error,
        message === null
          ? `(assert.dataSourceCount) Expected dataSource count for template \`${template}\` to be '${expected}' but was '${t.size}'`
          : `(assert.dataSourceCount) ${message}`,
      );
      return false;
    }
    return true;
  }

  private dataSourceExists(template: string, address: string, message: string | null): boolean {
    const t = this.assertTemplate(template, "assert.dataSourceExists");
    if (!t) return false;
    if (!t.has(address)) {
      this.log(
        Level.Error,
        message === null
          ? `(assert.dataSourceExists) No dataSource with address '${address}' found for template '${template}'`
          : `(assert.dataSourceExists) ${message}`,
      );
      return false;
    }
    return true;
  }

  private setEntity(store: Store, type: string, id: string, data: Entity): void {
    for (const f of this.entityType(type).requiredFields) {
      const v = data.get(f);
      if (!v) throw new HostError(`Missing value for non-nullable field '${f}' for an entity of type '${type}'.`);
      if (v.kind === "Null") throw new HostError(`The required field '${f}' for an entity of type '${type}' is null.`);
    }
    let byId = store.get(type);
    if (!byId) store.set(type, (byId = new Map()));
    byId.set(id, data);
  }

  private createDataSource(name: string, params: string[], context: Entity | null): void {
    const kind = this.env.project.templates.get(name);
    if (kind === undefined) {
      throw new HostError(
        `Failed to create data source from name \`${name}\`: No template with this name available. Available names: ${[
          ...this.env.project.templates.keys(),
        ].join(", ")}.`,
      );
    }
    this.state.templates.get(name)!.set(params[0], { kind, name, address: params[0], context });
  }

  private readFileText(file: string): string {
    try {
      return fs.readFileSync(file, "utf8");
    } catch (e) {
      throw new HostError(`Failed to read file \`${file}\` with error: ${(e as Error).message}`);
    }
  }

  private ipfsFile(hash: string): string {
    const file = this.state.ipfs.get(hash);
    if (file === undefined) throw new HostError(`IPFS file \`${hash}\` not found`);
    return this.readFileText(file);
  }

  private hostFunctions(): Record<string, (...args: any[]) => any> {
    const m = () => this.mem;
    const str = (p: number) => m().readString(p);
    const bytes = (p: number) => m().readBytes(p);
    const big = (p: number) => readBigInt(m(), p);
    const dec = (p: number) => readBigDecimal(m(), p);
    const wBig = (n: bigint) => writeBigInt(m(), n);
    const wDec = (d: BigDecimal) => writeBigDecimal(m(), d);
    const s = this.state;

    return {
      abort: (msg: number, file: number, line: number, col: number) => {
        const message = msg ? `message: ${str(msg)}` : "no message";
        const location = file ? `${str(file)}, line ${line}, column ${col}` : "an unknown location";
        throw new HostError(`Mapping aborted at ${location}, with ${message}`);
      },
      "log.log": (level: number, msg: number) => {
        const text = str(msg);
        if (level === 0) {
          this.log(Level.Critical, text);
          throw new HostError(`Critical log: ${text}`);
        }
        this.log(level in Level ? level : Level.Info, text);
      },

      // --- Matchstick: registration ---
      _registerTest: (name: number, shouldFail: number, funcIdx: number) => {
        s.metaTests.push({ name: str(name), shouldFail: shouldFail !== 0, funcIdx, role: "test" });
      },
      _registerDescribe: (name: number, funcIdx: number) => {
        s.metaTests.push({ name: str(name), shouldFail: false, funcIdx, role: "describe" });
      },
      _registerHook: (funcIdx: number, role: number) => {
        const r = str(role);
        if (!["beforeAll", "afterAll", "beforeEach", "afterEach"].includes(r)) throw new HostError(`Unrecognized function type \`${r}\``);
        s.metaTests.push({ name: "", shouldFail: false, funcIdx, role: r as Role });
      },

      // --- Matchstick: assertions ---
      "_assert.fieldEquals": (t: number, id: number, f: number, e: number) => this.fieldEquals(str(t), str(id), str(f), str(e), null),
      "_assert.fieldEqualsWithMessage": (t: number, id: number, f: number, e: number, msg: number) =>
        this.fieldEquals(str(t), str(id), str(f), str(e), str(msg)),
      "_assert.equals": (e: number, a: number) => this.equals(e, a, null),
      "_assert.equalsWithMessage": (e: number, a: number, msg: number) => this.equals(e, a, str(msg)),
      "_assert.notInStore": (t: number, id: number) => this.notInStore(str(t), str(id), null),
      "_assert.notInStoreWithMessage": (t: number, id: number, msg: number) => this.notInStore(str(t), str(id), str(msg)),
      "_assert.dataSourceCount": (t: number, n: number) => this.dataSourceCount(str(t), n, null),
      "_assert.dataSourceCountWithMessage": (t: number, n: number, msg: number) => this.dataSourceCount(str(t), n, str(msg)),
      "_assert.dataSourceExists": (t: number, a: number) => this.dataSourceExists(str(t), str(a), null),
      "_assert.dataSourceExistsWithMessage": (t: number, a: number, msg: number) => this.dataSourceExists(str(t), str(a), str(msg)),

      // --- Matchstick: store helpers ---
      clearStore: () => s.store.clear(),
      clearInBlockStore: () => s.cacheStore.clear(),
      countEntities: (t: number) => s.store.get(str(t))?.size ?? 0,
      logStore: () => {
        const out: Record<string, Record<string, Record<string, unknown>>> = {};
        for (const [type, byId] of s.store) {
          out[type] = {};
          for (const [id, e] of byId) out[type][id] = Object.fromEntries([...e].map(([k, v]) => [k, storeValueToJson(v)]));
        }
        this.log(Level.Debug, JSON.stringify(out, null, 2));
      },
      logEntity: (t: number, id: number, showRelated: number) => {
        const type = str(t);
        const entityId = str(id);
        const et = this.env.project.entities.get(type);
        if (!et) throw new HostError(`(logEntity) Entity "${type}" does not match any of the schema definitions`);
        const out: Record<string, unknown> = {};
        const e = s.store.get(type)?.get(entityId);
        if (e) {
          for (const [k, v] of e) out[k] = storeValueToJson(v);
          if (showRelated) {
            for (const field of et.derived.keys()) {
              out[field] = this.loadRelated(type, entityId, field).map((r) =>
                Object.fromEntries([...r].map(([k, v]) => [k, storeValueToJson(v)])),
              );
            }
          }
        }
        this.log(Level.Debug, JSON.stringify(out, null, 2));
      },
      logDataSources: (t: number) => {
        const name = str(t);
        const dss = s.templates.get(name);
        if (!dss) throw new HostError(`(logDataSources) No template with name '${name}' found.`);
        const out: Record<string, unknown> = {};
        for (const [addr, info] of dss) {
          out[addr] = {
            kind: info.kind,
            name: info.name,
            address: info.address,
            context: info.context ? Object.fromEntries([...info.context].map(([k, v]) => [k, storeValueToJson(v)])) : null,
          };
        }
        this.log(Level.Debug, JSON.stringify(out, null, 2));
      },
      mockInBlockStore: (t: number, id: number, data: number) => this.setEntity(s.cacheStore, str(t), str(id), readEntity(m(), data)),

      // --- store ---
      "store.get": (t: number, id: number) => {
        const e = s.store.get(str(t))?.get(str(id));
        return e ? writeEntity(m(), e) : 0;
      },
      "store.get_in_block": (t: number, id: number) => {
        const e = s.cacheStore.get(str(t))?.get(str(id));
        return e ? writeEntity(m(), e) : 0;
      },
      "store.loadRelated": (t: number, id: number, f: number) =>
        m().writeArrayWords(
          TypeId.ArrayTypedMapEntryStringStoreValue,
          this.loadRelated(str(t), str(id), str(f)).map((e) => writeEntity(m(), e)),
        ),
      "store.set": (t: number, id: number, data: number) => this.setEntity(s.store, str(t), str(id), readEntity(m(), data)),
      "store.remove": (t: number, id: number) => {
        const type = str(t);
        const entityId = str(id);
        if (!s.store.get(type)?.delete(entityId)) {
          throw new HostError(`(store.remove) Entity with type '${type}' and id '${entityId}' does not exist.`);
        }
      },

      // --- ethereum ---
      mockFunction: (addr: number, name: number, sig: number, args: number, ret: number, reverts: number) => {
        const address = hex(bytes(addr));
        const fnName = str(name);
        const signature = str(sig);
        const fnArgs = m().readArray(args, (p) => readToken(m(), p));
        const returns = m().readArray(ret, (p) => readToken(m(), p));
        if (signature.split("(")[0] !== fnName) {
          throw new HostError(
            `createMockedFunction: function name \`${fnName}\` should match the name in the function signature \`${signature}\``,
          );
        }
        const argTypes = collectTypes(signature.replace(`${fnName}(`, "").split("):")[0]);
        if (argTypes.length !== fnArgs.length) {
          throw new HostError(`${fnName} expected ${argTypes.length} arguments, but received ${fnArgs.length}`);
        }
        argTypes.forEach((type, i) => {
          if (!typeCheck(fnArgs[i], type)) {
            throw new HostError(
              `createMockedFunction \`${fnName}\` parameters mismatch at position ${i + 1}:\nExpected: ${type}\nRecieved: ${describeToken(fnArgs[i])}\n`,
            );
          }
        });
        s.fnRetMap.set(fnId(address, fnName, signature, fnArgs), reverts ? "reverts" : returns);
      },
      "ethereum.call": (callPtr: number) => {
        const address = hex(bytes(m().u32(callPtr + 4)));
        const fnName = str(m().u32(callPtr + 8));
        const sigPtr = m().u32(callPtr + 12);
        if (sigPtr === 0) throw new HostError("Could not get function signature.");
        const signature = str(sigPtr);
        const args = m().readArray(m().u32(callPtr + 16), (p) => readToken(m(), p));
        const ret = s.fnRetMap.get(fnId(address, fnName, signature, args));
        if (ret === undefined) {
          throw new HostError(
            `Could not find a mocked function with the following parameters, address: ${address}, name: ${fnName}, signature ${signature}, params: [${args
              .map(describeToken)
              .join(", ")}].`,
          );
        }
        return ret === "reverts" ? 0 : writeTokenArray(m(), ret);
      },
      "ethereum.encode": (p: number) => {
        try {
          return m().writeBytes(abiEncode(readToken(m(), p)));
        } catch {
          return 0;
        }
      },
      "ethereum.decode": (types: number, data: number) => {
        const t = abiDecode(str(types), bytes(data));
        return t ? writeToken(m(), t) : 0;
      },

      // --- data sources ---
      "dataSource.create": (name: number, params: number) => this.createDataSource(str(name), readStringArray(m(), params), null),
      "dataSource.createWithContext": (name: number, params: number, ctx: number) =>
        this.createDataSource(str(name), readStringArray(m(), params), readEntity(m(), ctx)),
      "dataSource.address": () => {
        const value = s.dataSource.address;
        if (value === undefined) {
          this.log(Level.Error, "No mocked Eth address or Ipfs CID found, so fallback to Eth Zero address");
          return m().writeBytes(new Uint8Array(20));
        }
        const isAddress = /^(0x)?[0-9a-fA-F]{40}$/.test(value);
        const addr = isAddress ? Buffer.from(value.replace(/^0x/, ""), "hex") : Buffer.alloc(0);
        if (isAddress && (addr.some((b) => b !== 0) || value === ZERO_ADDRESS)) return m().writeBytes(addr);
        if (isAddress) return m().writeBytes(new Uint8Array(20));
        return m().writeBytes(Buffer.from(value, "utf8"));
      },
      "dataSource.network": () => m().writeString(s.dataSource.network ?? "mainnet"),
      "dataSource.context": () => writeEntity(m(), s.dataSource.context ?? new Map()),
      "dataSourceMock.setReturnValues": (a: number, n: number, c: number) => {
        s.dataSource = { address: str(a), network: str(n), context: readEntity(m(), c) };
      },

      // --- files and IPFS ---
      mockIpfsFile: (h: number, f: number) => {
        s.ipfs.set(str(h), str(f));
      },
      readFile: (f: number) => m().writeBytes(Buffer.from(this.readFileText(str(f)), "utf8")),
      "ipfs.cat": (h: number) => m().writeBytes(Buffer.from(this.ipfsFile(str(h)), "utf8")),
      "ipfs.map": (h: number, cb: number, userData: number) => {
        const link = str(h);
        const callback = str(cb);
        const data = readStoreValue(m(), userData);
        let values;
        try {
          const parsed = parseJson(this.ipfsFile(link));
          if (parsed.kind !== "array") throw new Error("expected a JSON array");
          values = parsed.value;
        } catch (e) {
          throw new HostError(`ipfs.map: ${link} is not a JSON array: ${(e as Error).message}`);
        }
        const child = new Instance(this.module, this.env, { ...freshState(this.env.project) });
        const fn = child.instance.exports[callback] as ((v: number, u: number) => void) | undefined;
        if (typeof fn !== "function") throw new HostError(`function ${callback} not found`);
        const userPtr = writeStoreValue(child.mem, data);
        for (const v of values) {
          const valuePtr = writeJson(child.mem, v);
          child.state.store = s.store;
          child.state.fnRetMap = s.fnRetMap;
          child.state.dataSource = s.dataSource;
          try {
            fn(valuePtr, userPtr);
          } catch (e) {
            throw new HostError(`Failed to handle callback '${callback}': ${(e as Error).message}`);
          }
          s.store = child.state.store;
          s.fnRetMap = child.state.fnRetMap;
          s.dataSource = child.state.dataSource;
        }
      },

      // --- conversions ---
      "typeConversion.bytesToString": (p: number) => m().writeString(Buffer.from(bytes(p)).toString("utf8").replace(/\u0000+$/, "")),
      "typeConversion.bytesToHex": (p: number) => m().writeString(hex(bytes(p))),
      "typeConversion.bigIntToString": (p: number) => m().writeString(big(p).toString()),
      "typeConversion.bigIntToHex": (p: number) => {
        const n = big(p);
        const mag = n < 0n ? -n : n;
        return m().writeString(n === 0n ? "0x0" : "0x" + mag.toString(16));
      },
      "typeConversion.stringToH160": (p: number) => {
        const text = str(p);
        const h = text.startsWith("0x") ? text.slice(2) : text;
        if (!/^[0-9a-fA-F]{40}$/.test(h)) throw new HostError(`Failed to convert string to Address/H160: '${text}'`);
        return m().writeBytes(Buffer.from(h, "hex"));
      },
      "typeConversion.bytesToBase58": (p: number) => m().writeString(base58(bytes(p))),

      // --- JSON / YAML ---
      "json.fromBytes": (p: number) => {
        try {
          return writeJson(m(), parseJson(Buffer.from(bytes(p)).toString("utf8")));
        } catch (e) {
          throw new HostError(`Failed to parse JSON from bytes: ${(e as Error).message}`);
        }
      },
      "json.try_fromBytes": (p: number) => {
        let value: number | null = null;
        try {
          value = writeJson(m(), parseJson(Buffer.from(bytes(p)).toString("utf8")));
        } catch {
          value = null;
        }
        if (value !== null) {
          const wrapped = m().writeObject(TypeId.WrappedJsonValue, 4, [[0, "u32", value]]);
          return m().writeObject(TypeId.ResultJsonValueBool, 8, [[0, "u32", wrapped]]);
        }
        const err = m().writeObject(TypeId.WrappedBool, 4, [[0, "u8", 1]]);
        return m().writeObject(TypeId.ResultJsonValueBool, 8, [[4, "u32", err]]);
      },
      "json.toI64": (p: number) => {
        const t = str(p);
        if (!/^[+-]?\d+$/.test(t)) throw new HostError(`JSON \`${t}\` cannot be parsed as i64`);
        const v = BigInt(t);
        if (v !== BigInt.asIntN(64, v)) throw new HostError(`JSON \`${t}\` cannot be parsed as i64`);
        return v;
      },
      "json.toU64": (p: number) => {
        const t = str(p);
        if (!/^\+?\d+$/.test(t)) throw new HostError(`JSON \`${t}\` cannot be parsed as u64`);
        const v = BigInt(t);
        if (v !== BigInt.asUintN(64, v)) throw new HostError(`JSON \`${t}\` cannot be parsed as u64`);
        return v;
      },
      "json.toF64": (p: number) => {
        const t = str(p);
        const v = Number(t);
        if (t.trim() === "" || Number.isNaN(v) && t !== "NaN") throw new HostError(`JSON \`${t}\` cannot be parsed as f64`);
        return v;
      },
      "json.toBigInt": (p: number) => {
        const t = str(p);
        try {
          return wBig(parseBigInt(t));
        } catch {
          throw new HostError(`JSON \`${t}\` is not a decimal string`);
        }
      },
      "yaml.fromBytes": (p: number) => yamlFromBytes(m(), bytes(p), false),
      "yaml.try_fromBytes": (p: number) => yamlFromBytes(m(), bytes(p), true),

      // --- crypto / ens ---
      "crypto.keccak256": (p: number) => m().writeBytes(keccak_256(bytes(p))),
      "ens.nameByHash": () => 0,

      // --- BigInt ---
      "bigInt.plus": (x: number, y: number) => wBig(big(x) + big(y)),
      "bigInt.minus": (x: number, y: number) => wBig(big(x) - big(y)),
      "bigInt.times": (x: number, y: number) => wBig(big(x) * big(y)),
      "bigInt.dividedBy": (x: number, y: number) => {
        const a = big(x);
        const b = big(y);
        if (b === 0n) throw new HostError(`attempted to divide BigInt \`${a}\` by zero`);
        return wBig(a / b);
      },
      "bigInt.dividedByDecimal": (x: number, y: number) => {
        const a = new BigDecimal(big(x), 0).normalized();
        const b = dec(y);
        if (b.isZero()) throw new HostError(`attempted to divide BigDecimal \`${a}\` by zero`);
        return wDec(a.dividedBy(b));
      },
      "bigInt.mod": (x: number, y: number) => {
        const a = big(x);
        const b = big(y);
        if (b === 0n) throw new HostError(`attempted to calculate the remainder of \`${a}\` with a divisor of zero`);
        return wBig(a % b);
      },
      "bigInt.pow": (x: number, exp: number) => wBig(big(x) ** BigInt(exp & 0xff)),
      "bigInt.fromString": (p: number) => {
        const t = str(p);
        try {
          return wBig(parseBigInt(t));
        } catch {
          throw new HostError(`string is not a BigInt: \`${t}\``);
        }
      },
      "bigInt.bitOr": (x: number, y: number) => wBig(big(x) | big(y)),
      "bigInt.bitAnd": (x: number, y: number) => wBig(big(x) & big(y)),
      "bigInt.leftShift": (x: number, bits: number) => wBig(big(x) << BigInt(bits & 0xff)),
      "bigInt.rightShift": (x: number, bits: number) => wBig(big(x) >> BigInt(bits & 0xff)),

      // --- BigDecimal ---
      "bigDecimal.plus": (x: number, y: number) => wDec(dec(x).plus(dec(y))),
      "bigDecimal.minus": (x: number, y: number) => wDec(dec(x).minus(dec(y))),
      "bigDecimal.times": (x: number, y: number) => wDec(dec(x).times(dec(y))),
      "bigDecimal.dividedBy": (x: number, y: number) => {
        const a = dec(x);
        const b = dec(y);
        if (b.isZero()) throw new HostError(`attempted to divide BigDecimal \`${a}\` by zero`);
        return wDec(a.dividedBy(b));
      },
      "bigDecimal.equals": (x: number, y: number) => (dec(x).equals(dec(y)) ? 1 : 0),
      "bigDecimal.toString": (p: number) => m().writeString(dec(p).toString()),
      "bigDecimal.fromString": (p: number) => {
        const t = str(p);
        try {
          return wDec(BigDecimal.parse(t));
        } catch {
          throw new HostError(`string  is not a BigDecimal: '${t}'`);
        }
      },
    };
  }
}
