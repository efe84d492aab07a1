import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/entry/database.ts";

const scratch = mkdtempSync(join(tmpdir(), "anodeflow-busy-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A worker thread that takes the database's write lock and holds it until told to commit. */
function lockHolder(url: string): Worker {
  const libsql = createRequire(import.meta.url).resolve("@libsql/client");
  return new Worker(
    `
    const { createClient } = require(${JSON.stringify(libsql)});
    const { parentPort } = require("node:worker_threads");
    (async () => {
      const client = createClient({ url: ${JSON.stringify(url)}, timeout: 5000 });
      const tx = await client.transaction("write");
      await tx.execute("INSERT INTO t VALUES ('worker')");
      parentPort.postMessage("locked");
      await new Promise((resolve) => parentPort.once("message", resolve));
      await tx.commit();
      client.close();
      parentPort.postMessage("committed");
    })();
    `,
    { eval: true },
  );
}

describe("the server's file database", () => {
  it("waits for another thread's write between turns of the event loop, then writes", async () => {
    const url = `file:${join(scratch, "busy.db")}`;
    const client = await openDatabase({ url, authToken: undefined });
    await client.execute("CREATE TABLE t (x TEXT)");
    const worker = lockHolder(url);
    try {
      await once(worker, "message");
      let written = false;
      const insert = client.execute("INSERT INTO t VALUES ('main')").then(() => {
        written = true;
      });
      // Timers fire while the insert waits: the loop is not held inside SQLite's busy handler.
      // (With the wait inside SQLite, the insert held the loop for its whole 5 s timeout and failed.)
      let ticks = 0;
      while (ticks < 5) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        ticks++;
      }
      expect(written).toBe(false);
      worker.postMessage("commit");
      await insert;
      const rows = await client.execute("SELECT x FROM t ORDER BY x");
      expect(rows.rows.map((row) => row.x)).toEqual(["main", "worker"]);
    } finally {
      await worker.terminate();
      client.close();
    }
  });
});
