// Shows the libSQL behaviour src/storage/busy-retry.ts works around: a write on the event loop waits for another connection's write synchronously, since libSQL's busy handler sleeps on the calling thread, so with a 5 s busy timeout (this script's client, as the server's was) a main-thread write that meets an upload worker's 14 MiB insert freezes the server. The server now waits 10 ms at most inside SQLite and the rest between turns of the loop (test/storage/busy-retry.process.test.ts).
// Usage (from the repository root): node bench/sqlite-busy-block.mjs. Prints how long the main thread's INSERT took and how many 5 ms timer ticks ran meanwhile (0: the loop was held).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { createClient } from "@libsql/client";

const holdMs = 500;
const dir = mkdtempSync(join(tmpdir(), "anodeflow-busy-"));
const url = `file:${join(dir, "busy.db")}`;
// As src/entry/database.ts opened the server's connection before busy-retry.ts: WAL, a 5 s busy timeout.
const main = createClient({ url, timeout: 5_000 });
await main.execute("PRAGMA journal_mode=WAL");
await main.execute("CREATE TABLE t (x TEXT)");
// A worker's connection holds the write lock for holdMs, as a large upload's insert does.
const worker = new Worker(
  `
  const { createClient } = require(${JSON.stringify(join(process.cwd(), "node_modules/@libsql/client/lib-cjs/node.js"))});
  const { parentPort } = require("node:worker_threads");
  (async () => {
    const client = createClient({ url: ${JSON.stringify(url)}, timeout: 5000 });
    const tx = await client.transaction("write");
    await tx.execute("INSERT INTO t VALUES ('worker')");
    parentPort.postMessage("locked");
    const until = Date.now() + ${holdMs};
    while (Date.now() < until) {}
    await tx.commit();
    client.close();
  })();
`,
  { eval: true },
);
await new Promise((resolve) => worker.once("message", resolve));
let ticks = 0;
const ticker = setInterval(() => ticks++, 5);
const started = performance.now();
await main.execute("INSERT INTO t VALUES ('main')");
const ms = performance.now() - started;
clearInterval(ticker);
console.log(
  `main-thread INSERT took ${ms.toFixed(0)} ms while a worker held the write lock ${holdMs} ms; 5 ms timer ticks meanwhile: ${ticks}`,
);
await worker.terminate();
main.close();
rmSync(dir, { recursive: true, force: true });
