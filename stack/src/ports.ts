import net from "node:net";
import { StackError } from "./errors";

export const HOST = "127.0.0.1";

/** Asks the kernel for a port that is free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves when nothing listens on the port; rejects with the fix when something does. */
export function assertPortFree(port: number, service: string, option: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE" || err.code === "EACCES") {
        reject(
          new StackError(`port ${port} on ${HOST} (${service}) is already in use`, {
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
