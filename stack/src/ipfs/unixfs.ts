/**
 * UnixFS import/export with Kubo's defaults, so the CIDs this endpoint computes are the ones
 * `ipfs add` would give. The IPFS libraries are ESM-only; they are loaded once with import().
 */
import type { CID } from "multiformats/cid";

export interface AddOptions {
  /** 0 (Kubo's default) or 1. */
  cidVersion: 0 | 1;
  /** Kubo defaults to raw leaves only for CIDv1. */
  rawLeaves: boolean;
  /** Chunk size in bytes (Kubo's `size-N` chunker; default 262144). */
  chunkSize: number;
  wrapWithDirectory: boolean;
}

export const KUBO_DEFAULTS: AddOptions = { cidVersion: 0, rawLeaves: false, chunkSize: 262_144, wrapWithDirectory: false };
/** Kubo's balanced layout puts at most this many links in one file node. */
const KUBO_MAX_CHILDREN = 174;

export interface BlockSink {
  put(cid: CID, block: Uint8Array): Promise<CID>;
}
export interface BlockSource {
  get(cid: CID): Promise<Uint8Array>;
}

export interface AddedEntry {
  path: string;
  cid: CID;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
let libs: Promise<{ importer: Loose; exporter: Loose; fixedSize: Loose; balanced: Loose; CID: typeof CID; dagPb: Loose }> | undefined;

export function loadLibs() {
  libs ??= (async () => {
    const [imp, exp, chunker, layout, cid, dagPb] = await Promise.all([
      import("ipfs-unixfs-importer" as string),
      import("ipfs-unixfs-exporter" as string),
      import("ipfs-unixfs-importer/chunker" as string),
      import("ipfs-unixfs-importer/layout" as string),
      import("multiformats/cid" as string),
      import("@ipld/dag-pb" as string),
    ]);
    return {
      importer: imp.importer,
      exporter: exp.exporter,
      fixedSize: chunker.fixedSize,
      balanced: layout.balanced,
      CID: cid.CID as typeof CID,
      dagPb,
    };
  })();
  return libs;
}

export async function parseCid(text: string): Promise<CID> {
  const { CID } = await loadLibs();
  return CID.parse(text);
}

/** Imports files (path + bytes) into `sink`, returning each file and directory with its CID, files first. */
export async function importFiles(
  files: { path: string; content?: Uint8Array }[],
  sink: BlockSink,
  options: AddOptions = KUBO_DEFAULTS,
): Promise<AddedEntry[]> {
  const { importer, fixedSize, balanced } = await loadLibs();
  const entries: AddedEntry[] = [];
  const source = files.map((f) => (f.content === undefined ? { path: f.path } : { path: f.path, content: f.content }));
  for await (const entry of importer(source, sink, {
    cidVersion: options.cidVersion,
    rawLeaves: options.rawLeaves,
    leafType: options.rawLeaves ? "raw" : "file",
    reduceSingleLeafToSelf: true,
    chunker: fixedSize({ chunkSize: options.chunkSize }),
    layout: balanced({ maxChildrenPerNode: KUBO_MAX_CHILDREN }),
    wrapWithDirectory: options.wrapWithDirectory,
  })) {
    entries.push({ path: entry.path ?? entry.cid.toString(), cid: entry.cid });
  }
  return entries;
}

/** The bytes of the file at `path` (a CID, optionally followed by /sub/path), read from `source`. */
export async function readFile(path: string, source: BlockSource): Promise<AsyncIterable<Uint8Array>> {
  const { exporter } = await loadLibs();
  const entry = await exporter(path.replace(/^\/?ipfs\//, ""), source);
  if (entry.type === "directory") throw new Error(`${path} is a directory`);
  return entry.content();
}

/** Kubo's "Size" of an added entry: the block plus the sizes its links declare. */
export async function cumulativeSize(cid: CID, block: Uint8Array): Promise<number> {
  const { dagPb } = await loadLibs();
  if (cid.code !== dagPb.code) return block.length;
  const node = dagPb.decode(block);
  return block.length + node.Links.reduce((sum: number, l: { Tsize?: number }) => sum + (l.Tsize ?? 0), 0);
}
