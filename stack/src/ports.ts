import net from "node:net";
import { StackError } from "./errors";
import { describeProcess, listenersOn } from "./processes";

export const HOST = "127.0.0.1";

/** Binds `port` (0: any the kernel picks) on 127.0.0.1 and releases it; resolves to the port, or undefined when taken. */
function tryPort(port: number): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", (err: NodeJS.ErrnoException) => (err.code === "EADDRINUSE" || err.code === "EACCES" ? resolve(undefined) : reject(err)));
    server.listen(port, HOST, () => {
      const { port: bound } = server.address() as net.AddressInfo;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * A port that is free on 127.0.0.1 right now. It is drawn at random below Linux's ephemeral range
 * (32768–60999), where the kernel picks the local ports of outgoing connections and of `listen(0)`: a
 * stack picks its ports minutes before graph-node binds them, and in that range a busy machine hands the
 * same port to someone else in between. Falls back to the kernel's choice.
 */
export async function freePort(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = await tryPort(20_000 + Math.floor(Math.random() * 12_000));
    if (port !== undefined) return port;
  }
  const port = await tryPort(0);
  if (port === undefined) throw new Error("no free port on 127.0.0.1");
  return port;
}

/** Resolves when nothing listens on the port; rejects with the fix when something does. */
export function assertPortFree(port: number, service: string, option: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE" || err.code === "EACCES") {
        const users = listenersOn(port);
        const by = users.length ? ` by ${users.slice(0, 3).map((u) => describeProcess(u)).join(", ")}` : "";
        reject(
          new StackError(`port ${port} on ${HOST} (${service}) is already in use${by}`, {
            fix: `stop whatever listens there (\`ss -ltnp 'sport = :${port}'\`) or choose another port with ${option}`,
          }),
        );
      } else reject(err);
    });
    server.listen(port, HOST, () => server.close(() => resolve()));
  });
}

/** Polls `check` until it returns true or `timeoutMs` passes; returns whether it succeeded. */
export async function waitFor(
  check: () => Promise<boolean>,
  { timeoutMs, intervalMs = 200, abort }: { timeoutMs: number; intervalMs?: number; abort?: () => Error | undefined },
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const failure = abort?.();
    if (failure) throw failure;
    try {
      if (await check()) return true;
    } catch {
      // not up yet
    }
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
