import { setFlagsFromString } from "node:v8";

/**
 * Bounds how far V8 lets the old generation grow between full collections: to twice what the last one
 * left alive, instead of up to four times (V8's own choice when collections are cheap relative to the
 * work, as in a long pass over a large ledger).
 *
 * Why: a wash-sale-heavy pass keeps few objects for long (the live heap of a 400,000-event ledger stays
 * near 240 MB), but it splits lots into millions of pieces that outlive a young-generation collection and
 * die later in the old one. With V8's default factor the heap grew to 890 MB of mostly dead pieces
 * before the second full collection (peak RSS 1,031 MB); with a factor of 2 it stays near 500 MB (peak
 * RSS 621 MB), at the cost of a few more full collections (about 0.1–0.2 s each there) that the smaller,
 * cache-friendlier heap repays. The setting is process-wide and read at every full collection, so it is
 * applied where a command starts its pass (not by the engine, which may run inside other programs).
 */
export function boundHeapGrowth(): void {
  setFlagsFromString("--heap-growing-percent=100");
}
