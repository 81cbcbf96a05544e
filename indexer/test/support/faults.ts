import http from "node:http";
import { Random } from "@lotgraph/sim";

export interface FaultCounts {
  requests: number;
  serverErrors: number;
  resets: number;
  delays: number;
  indexingErrors: number;
  malformed: number;
}

/**
 * An HTTP proxy in front of graph-node that injects seeded faults: 503s, dropped connections, delays,
 * `_meta.hasIndexingErrors`, and pages with a malformed row. The first of each kind comes on a fixed
 * request (so every kind happens in every run), the rest at random. Loopback only; stops with close().
 */
export async function startFaultProxy(target: string, seed: number, rates = { error: 0.08, reset: 0.05, delay: 0.05, indexing: 0.04, malformed: 0.03 }) {
  const rng = new Random(seed);
  const counts: FaultCounts = { requests: 0, serverErrors: 0, resets: 0, delays: 0, indexingErrors: 0, malformed: 0 };
  const upstream = new URL(target);
  const server = http.createServer(async (req, res) => {
    counts.requests++;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString();
    const isMeta = body.includes("_meta") && !body.includes("rows:");
    const roll = rng.uniform();
    const force = (kind: keyof FaultCounts, at: number) => counts[kind] === 0 && counts.requests >= at;
    let edge = rates.error;
    if (force("serverErrors", 3) || roll < edge) {
      counts.serverErrors++;
      res.writeHead(503, { "content-type": "text/plain" }).end("injected: service unavailable");
      return;
    }
    if (force("resets", 5) || roll < (edge += rates.reset)) {
      counts.resets++;
      req.socket.destroy();
      return;
    }
    if (roll < (edge += rates.delay)) {
      counts.delays++;
      await new Promise((r) => setTimeout(r, 150));
    }
    const upstreamRes = await fetch(upstream, { method: "POST", headers: { "content-type": "application/json" }, body }).catch(() => undefined);
    if (!upstreamRes) {
      req.socket.destroy();
      return;
    }
    let text = await upstreamRes.text();
    if (isMeta && (force("indexingErrors", 1) || (roll >= edge && roll < (edge += rates.indexing)))) {
      counts.indexingErrors++;
      text = text.replace('"hasIndexingErrors":false', '"hasIndexingErrors":true');
    } else if (!isMeta && /"rows\d*":\[\{/.test(text) && (force("malformed", 8) || (roll >= edge && roll < edge + rates.malformed))) {
      // a page (`rows`) or one entity's page in a batch of first pages (`rows0`, `rows1`, …)
      counts.malformed++;
      text = text.replace(/"(rows\d*)":\[\{"id":"/, '"$1":[{"id":7,"was":"');
    }
    res.writeHead(upstreamRes.status, { "content-type": "application/json" }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname}`,
    counts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
