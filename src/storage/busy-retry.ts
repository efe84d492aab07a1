// A file database's writes that meet another connection's write wait between turns of the event loop, not inside SQLite.
import type { Client } from "@libsql/client";

/**
 * How long one statement may wait inside SQLite for another connection's write (the client's
 * `timeout`): libSQL's busy handler sleeps on the calling thread, so on the server's main thread
 * this is how long a write that meets an upload worker's 14 MiB insert can hold the event loop.
 */
export const busyWaitOnThreadMs = 10;

/**
 * Wraps a file database's client so that `execute`, `batch` and `executeMultiple`, when they fail
 * SQLITE_BUSY after `busyWaitOnThreadMs`, are tried again after a timer (1, 2, 4, ... up to 50 ms
 * apart) until `totalMs` have passed, then fail as before. A statement outside a transaction and a
 * batch (one transaction) that fail BUSY have changed nothing, so trying again is safe; the client
 * opens no interactive transactions (`transaction()` is left as it is).
 */
export function retryWhenBusy(client: Client, totalMs: number): Client {
  const retried =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const deadline = performance.now() + totalMs;
      for (let attempt = 0; ; attempt++) {
        try {
          return await call(...args);
        } catch (error) {
          if (!isBusy(error) || performance.now() >= deadline) throw error;
          await new Promise((resolve) => setTimeout(resolve, Math.min(50, 2 ** attempt)));
        }
      }
    };
  const wrapped = {
    execute: retried(client.execute.bind(client)),
    batch: retried(client.batch.bind(client)),
    executeMultiple: retried(client.executeMultiple.bind(client)),
  };
  return new Proxy(client, {
    get(target, key) {
      if (key in wrapped) return wrapped[key as keyof typeof wrapped];
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}
