import type { SyncProgress } from "./sync";

/** A one-line progress display (entity, rows, rows/s, block) for a terminal; plain lines otherwise. */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr) {
  let lastEntity = "";
  return (p: SyncProgress) => {
    const rate = p.elapsedMs > 0 ? Math.round((p.totalRows * 1000) / p.elapsedMs) : 0;
    const line = `syncing block ${p.block}  ${p.entity.padEnd(20)} ${String(p.rows).padStart(8)} rows  total ${p.totalRows}  ${rate} entities/s`;
    if (stream.isTTY) {
      stream.write(`\r${line}\x1b[K`);
    } else if (p.entity !== lastEntity) {
      stream.write(`${line}\n`);
    }
    lastEntity = p.entity;
  };
}
