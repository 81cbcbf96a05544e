import fs from "node:fs";
import path from "node:path";
import type { CID } from "multiformats/cid";

/**
 * Blocks on disk, one file per block, named by the hex of the block's multihash (Kubo's flatfs also keys by multihash), so a
 * CIDv0 and a CIDv1 of the same dag-pb block share storage. Writes go through a temporary file and a
 * rename, so a block file is either complete or absent.
 */
export class FsBlockstore {
  readonly dir: string;
  private readonly pinsFile: string;

  constructor(dir: string) {
    this.dir = path.join(dir, "blocks");
    this.pinsFile = path.join(dir, "pins.txt");
  }

  private file(cid: CID): string {
    return path.join(this.dir, Buffer.from(cid.multihash.bytes).toString("hex"));
  }

  async put(cid: CID, block: Uint8Array): Promise<CID> {
    const target = this.file(cid);
    if (!fs.existsSync(target)) {
      // Created on the first write, not in the constructor: a stack that is refused writes nothing.
      fs.mkdirSync(this.dir, { recursive: true });
      const tmp = `${target}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, block);
      fs.renameSync(tmp, target);
    }
    return cid;
  }

  async has(cid: CID): Promise<boolean> {
    return fs.existsSync(this.file(cid));
  }

  async get(cid: CID): Promise<Uint8Array> {
    try {
      return new Uint8Array(fs.readFileSync(this.file(cid)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new BlockNotFoundError(cid);
      throw err;
    }
  }

  pin(cid: CID): void {
    const pins = this.pins();
    if (pins.includes(cid.toString())) return;
    fs.mkdirSync(path.dirname(this.pinsFile), { recursive: true });
    fs.appendFileSync(this.pinsFile, `${cid.toString()}\n`);
  }

  pins(): string[] {
    return fs.existsSync(this.pinsFile) ? fs.readFileSync(this.pinsFile, "utf8").split("\n").filter(Boolean) : [];
  }
}

export class BlockNotFoundError extends Error {
  constructor(cid: CID) {
    super(`block ${cid.toString()} not found`);
    this.name = "BlockNotFoundError";
  }
}
