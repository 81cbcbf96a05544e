import { writeSync } from "node:fs";

/**
 * Buffers text and writes it synchronously to a file descriptor, so output can be produced from
 * inside the engine's (synchronous) pass in bounded memory. Retries EAGAIN on non-blocking pipes.
 */
export class SyncWriter {
  private buf: string[] = [];
  private size = 0;

  constructor(
    private readonly fd: number,
    private readonly limit = 1 << 20,
  ) {}

  write(text: string): void {
    this.buf.push(text);
    this.size += text.length;
    if (this.size >= this.limit) this.flush();
  }

  flush(): void {
    if (this.size === 0) return;
    const data = Buffer.from(this.buf.join(""), "utf8");
    this.buf = [];
    this.size = 0;
    let off = 0;
    while (off < data.length) {
      try {
        off += writeSync(this.fd, data, off, data.length - off);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EAGAIN") throw err;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      }
    }
  }
}
