// POST /v1/solve end to end by phase, as a client sees it: a real server on 127.0.0.1 with the
// worker pool and the offload of large bodies that `npm start` has, on the seeded transportation
// networks with explicit and implied lanes. The phases are the worker's Server-Timing header (a
// body over OFFLOAD_BODY_BYTES is parsed, validated, solved and serialised on a worker); the
// event loop's longest stall during each request is from perf_hooks.
// Usage: npm run build && node --import tsx bench/http-phases.ts [--sizes=20k,250k] [--runs=3]
// Writes bench/results/http-phases.md (with every size), else prints the table only.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { serve } from "@hono/node-server";
import { createClient } from "@libsql/client";
import { loadConfig } from "../src/config.ts";
import { createFirstKey } from "../src/entry/first-key.ts";
import { createApp } from "../src/http/app.ts";
import { createSolvePool } from "../src/solve/pool.ts";
import { createDb } from "../src/storage/db.ts";
import { randomId } from "../src/storage/ids.ts";
import { migrate } from "../src/storage/migrate.ts";
import { createRepositories } from "../src/storage/repositories.ts";
import { transportationNetwork, transportationSizes } from "./generate.ts";
import { median, table } from "./stats.ts";

const root = join(import.meta.dirname, "..");
const sizesArg = process.argv.find((a) => a.startsWith("--sizes="))?.slice("--sizes=".length);
const runs = Number(process.argv.find((a) => a.startsWith("--runs="))?.slice(7) ?? 3);
const sizes = transportationSizes.filter((s) =>
  sizesArg ? sizesArg.split(",").includes(s.label) : s.label !== "1k",
);
const phases = [
  "queue",
  "read",
  "parse",
  "validate",
  "plan",
  "build",
  "solve",
  "analysis",
  "interpret",
  "serialise",
] as const;

const dir = mkdtempSync(join(tmpdir(), "anodeflow-http-phases-"));
const client = createClient({ url: `file:${join(dir, "bench.db")}` });
const db = createDb(client);
await migrate(db);
// Bodies up to 128 MiB (MAX_BODY_BYTES; the default 16 MiB refuses the 250k-lane file's 18.6 MB).
const { limits } = loadConfig({ MAX_BODY_BYTES: String(128 * 1024 * 1024) });
const clock = () => new Date();
const token = await createFirstKey(createRepositories({ db, newId: randomId, clock }));
const pool = createSolvePool();
const app = createApp({
  db,
  solve: pool.solve,
  offload: pool.runModule,
  clock,
  newId: randomId,
  limits,
});
const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 });
await new Promise((resolve) => server.once("listening", resolve));
const address = server.address();
if (address === null || typeof address === "string") throw new Error("no port");
const url = `http://127.0.0.1:${address.port}/v1/solve`;
const headers = { "content-type": "application/json", authorization: `Bearer ${token}` };

interface Run {
  wallMs: number;
  loopMaxMs: number;
  timings: Record<string, number>;
  status: string;
}

async function post(body: string): Promise<Run> {
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const started = performance.now();
  const response = await fetch(url, { method: "POST", headers, body });
  const text = await response.text();
  const wallMs = performance.now() - started;
  loop.disable();
  const timings = Object.fromEntries(
    (response.headers.get("server-timing") ?? "")
      .split(", ")
      .filter((entry) => entry.includes(";dur="))
      .map((entry) => {
        const [name, dur] = entry.split(";dur=");
        return [name, Number(dur)];
      }),
  );
  const status = response.ok
    ? String((JSON.parse(text) as { status?: unknown }).status)
    : `HTTP ${response.status}`;
  return { wallMs, loopMaxMs: loop.max / 1e6, timings, status };
}

const load = loadavg()[0] ?? 0;
const rows: string[][] = [];
// A warm server: the pool's threads and both paths compiled before anything is timed.
const warm = JSON.stringify({
  network: transportationNetwork(transportationSizes[0] as (typeof transportationSizes)[number]),
});
for (let i = 0; i < 3; i++) await post(warm);
for (const size of sizes) {
  for (const explicitLanes of [true, false]) {
    const kind = explicitLanes ? "explicit" : "implied";
    const body = JSON.stringify({
      network: transportationNetwork(size, { explicitLanes }),
      options: { timeLimitMs: limits.maxSolveTimeLimitMs },
    });
    process.stderr.write(`${size.label} ${kind} (${runs} runs) ...\n`);
    const done: Run[] = [];
    for (let k = 0; k < runs; k++) done.push(await post(body));
    const offloaded = done.every((r) => Object.keys(r.timings).length > 0);
    const of = (phase: string) =>
      offloaded ? median(done.map((r) => r.timings[phase] ?? 0)).toFixed(0) : "-";
    rows.push([
      size.label,
      kind,
      (body.length / 1e6).toFixed(1),
      offloaded ? "worker" : "main thread",
      ...phases.map(of),
      median(done.map((r) => r.wallMs)).toFixed(0),
      Math.max(...done.map((r) => r.loopMaxMs)).toFixed(0),
      [...new Set(done.map((r) => r.status))].join(", "),
    ]);
  }
}
server.close();
client.close();
await pool.close();
rmSync(dir, { recursive: true, force: true });

const header = [
  "lanes",
  "lanes given",
  "body MB",
  "parsed on",
  ...phases,
  "end to end",
  "event loop max stall",
  "status",
];
const text = `# POST /v1/solve end to end by phase (node --import tsx bench/http-phases.ts)

${new Date().toISOString().slice(0, 16)} UTC, ${cpus().length} cores, Node ${process.version}, 1-minute load average ${load.toFixed(1)} at the start. A server on 127.0.0.1 as \`npm start\` runs it with MAX_BODY_BYTES = 128 MiB (worker pool, bodies over OFFLOAD_BODY_BYTES = ${limits.offloadBodyBytes} handled whole on a worker), one request at a time from fetch in the same process, median of ${runs} runs after 3 warm-up requests; milliseconds. Phases are the response's \`Server-Timing\` header (worker-handled bodies only: a small body is validated on the main thread and has none, "-"); "plan" is build + solve + analysis + interpret, each shown after it (solve: the solver alone; analysis: marginal costs, ranges and reduced costs; interpret: the plan's tables). Nothing is stored (POST /v1/solve keeps no plan). "End to end" is from sending the request to the last byte of the plan; "event loop max stall" the longest the server's event loop was held during any of the runs (perf_hooks, 1 ms resolution; the client shares the process, so it includes the client's own JSON work). Networks: bench/generate.ts.

${table(header, rows)}
`;
console.log(text);
if (!sizesArg) writeFileSync(join(root, "bench", "results", "http-phases.md"), text);
