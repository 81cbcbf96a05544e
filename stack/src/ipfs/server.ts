import http from "node:http";
import type { AddressInfo } from "node:net";
import { BlockNotFoundError, FsBlockstore } from "./blockstore";
import { boundaryOf, parseMultipart } from "./multipart";
import { cumulativeSize, importFiles, KUBO_DEFAULTS, parseCid, readFile, type AddOptions } from "./unixfs";
import { assertPortFree, HOST } from "../ports";

/** The version this endpoint reports; graph-node only checks that `version` answers 200. */
export const ENDPOINT_VERSION = { Version: "0.34.0", Commit: "lotgraph", Repo: "16", System: "amd64/linux", Golang: "node" };

class RpcError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/**
 * The part of the Kubo RPC API that graph-node and graph-cli use, over a local content-addressed
 * store: version, add, cat, block/get, block/stat, pin/add. POST only, like Kubo.
 */
export class IpfsEndpoint {
  readonly store: FsBlockstore;
  private server?: http.Server;
  private boundPort?: number;
  private readonly requestedPort: number;

  constructor(options: { dir: string; port: number }) {
    this.store = new FsBlockstore(options.dir);
    this.requestedPort = options.port;
  }

  get port(): number {
    return this.boundPort ?? this.requestedPort;
  }

  /** `host:port` as gnd's --ipfs takes it. */
  get address(): string {
    return `${HOST}:${this.port}`;
  }

  get url(): string {
    return `http://${this.address}`;
  }

  async start(): Promise<void> {
    if (this.requestedPort !== 0) await assertPortFree(this.requestedPort, "IPFS endpoint", "--ipfs-port");
    const server = http.createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        const status = err instanceof RpcError ? err.status : 500;
        if (!res.headersSent) {
          res.writeHead(status, { "content-type": "application/json" });
          res.end(JSON.stringify({ Message: (err as Error).message, Code: 0, Type: "error" }));
        } else res.destroy(err as Error);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.requestedPort, HOST, () => resolve());
    });
    this.server = server;
    this.boundPort = (server.address() as AddressInfo).port;
  }

  async health(): Promise<boolean> {
    const res = await fetch(`${this.url}/api/v0/version`, { method: "POST" });
    return res.ok;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method !== "POST") throw new RpcError(405, `${req.method} ${url.pathname}: the RPC API takes POST only`);
    const command = url.pathname.replace(/^\/api\/v0\//, "");
    const args = url.searchParams;
    switch (command) {
      case "version":
        await drain(req);
        return json(res, ENDPOINT_VERSION);
      case "add":
        return this.add(req, res, args);
      case "cat":
        await drain(req);
        return this.cat(res, requiredArg(args, command), args);
      case "block/get": {
        await drain(req);
        const block = await this.getBlock(requiredArg(args, command));
        res.writeHead(200, { "content-type": "application/octet-stream", "content-length": block.length });
        res.end(block);
        return;
      }
      case "block/stat": {
        await drain(req);
        const arg = requiredArg(args, command);
        const block = await this.getBlock(arg);
        return json(res, { Key: arg, Size: block.length });
      }
      case "pin/add": {
        await drain(req);
        const cids = args.getAll("arg");
        if (cids.length === 0) throw new RpcError(400, "pin/add: argument \"ipfs-path\" is required");
        for (const text of cids) {
          const cid = await parseCidOr400(text);
          if (!(await this.store.has(cid))) throw new RpcError(500, `pin/add: ${text} is not in this store`);
          this.store.pin(cid);
        }
        return json(res, { Pins: cids });
      }
      default:
        await drain(req);
        throw new RpcError(404, `${url.pathname}: command not served by this endpoint`);
    }
  }

  private async add(req: http.IncomingMessage, res: http.ServerResponse, args: URLSearchParams): Promise<void> {
    const options = addOptions(args);
    const body = await drain(req);
    const parts = parseMultipart(body, boundaryOf(req.headers["content-type"]));
    const files = parts.map((p) =>
      p.contentType === "application/x-directory" ? { path: p.filename } : { path: p.filename || p.name, content: new Uint8Array(p.data) },
    );
    const onlyHash = flag(args, "only-hash", false) || flag(args, "n", false);
    const sink = onlyHash ? { put: async (cid: never) => cid } : this.store;
    const blocks = new Map<string, Uint8Array>();
    const recording = {
      put: async (cid: import("multiformats/cid").CID, block: Uint8Array) => {
        blocks.set(cid.toString(), block);
        return sink.put(cid as never, block);
      },
    };
    const entries = await importFiles(files, recording, options);
    const pin = flag(args, "pin", true) && !onlyHash;
    res.writeHead(200, { "content-type": "application/x-ndjson", "x-chunked-output": "1" });
    for (const entry of entries) {
      if (pin) this.store.pin(entry.cid);
      const block = blocks.get(entry.cid.toString()) ?? (await this.store.get(entry.cid));
      const size = await cumulativeSize(entry.cid, block);
      res.write(`${JSON.stringify({ Name: entry.path, Hash: entry.cid.toString(), Size: String(size) })}\n`);
    }
    res.end();
  }

  private async cat(res: http.ServerResponse, path: string, args: URLSearchParams): Promise<void> {
    let content: AsyncIterable<Uint8Array>;
    try {
      content = await readFile(path, this.store);
    } catch (err) {
      if (err instanceof BlockNotFoundError) throw new RpcError(500, `cat ${path}: ${err.message}`);
      throw new RpcError(500, `cat ${path}: ${(err as Error).message}`);
    }
    const chunks: Buffer[] = [];
    for await (const chunk of content) chunks.push(Buffer.from(chunk));
    let data = Buffer.concat(chunks);
    const offset = Number(args.get("offset") ?? 0);
    const length = args.has("length") ? Number(args.get("length")) : undefined;
    data = data.subarray(offset, length === undefined ? undefined : offset + length);
    res.writeHead(200, { "content-type": "text/plain", "content-length": data.length, "x-stream-output": "1" });
    res.end(data);
  }

  private async getBlock(arg: string): Promise<Uint8Array> {
    const cid = await parseCidOr400(arg.replace(/^\/ipfs\//, ""));
    try {
      return await this.store.get(cid);
    } catch (err) {
      if (err instanceof BlockNotFoundError) throw new RpcError(500, err.message);
      throw err;
    }
  }
}

/** Translates Kubo's add query options (the ones kubo-rpc-client and graph-cli send) into import options. */
export function addOptions(args: URLSearchParams): AddOptions {
  const cidVersion = Number(args.get("cid-version") ?? KUBO_DEFAULTS.cidVersion);
  if (cidVersion !== 0 && cidVersion !== 1) throw new RpcError(400, `add: cid-version must be 0 or 1, got ${args.get("cid-version")}`);
  const hash = args.get("hash") ?? "sha2-256";
  if (hash !== "sha2-256") throw new RpcError(400, `add: only hash=sha2-256 is supported, got ${hash}`);
  const chunker = args.get("chunker") ?? `size-${KUBO_DEFAULTS.chunkSize}`;
  const size = /^size-(\d+)$/.exec(chunker);
  if (!size) throw new RpcError(400, `add: only the size-N chunker is supported, got ${chunker}`);
  return {
    cidVersion,
    rawLeaves: flag(args, "raw-leaves", cidVersion === 1),
    chunkSize: Number(size[1]),
    wrapWithDirectory: flag(args, "wrap-with-directory", false) || flag(args, "w", false),
  };
}

function flag(args: URLSearchParams, name: string, fallback: boolean): boolean {
  const value = args.get(name);
  if (value === null) return fallback;
  return value === "" || value === "true" || value === "1";
}

function requiredArg(args: URLSearchParams, command: string): string {
  const arg = args.get("arg");
  if (!arg) throw new RpcError(400, `${command}: argument "arg" is required`);
  return arg;
}

async function parseCidOr400(text: string) {
  try {
    return await parseCid(text);
  } catch {
    throw new RpcError(400, `invalid CID "${text}"`);
  }
}

function json(res: http.ServerResponse, body: unknown): void {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function drain(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
