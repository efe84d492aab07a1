// The API under load, in a fresh process over a temp-file database, with solves in the worker pool.
// Usage: node --import tsx bench/http-child.ts post | healthz
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { serve } from "@hono/node-server";
import { createClient } from "@libsql/client";
import { loadConfig } from "../src/config.ts";
import { createFirstKey } from "../src/entry/first-key.ts";
import { createApp } from "../src/http/app.ts";
import type { SolveFn } from "../src/http/shared/types.ts";
import { createSolvePool } from "../src/solve/pool.ts";
import { solveNetwork } from "../src/solve/solve.ts";
import { createDb } from "../src/storage/db.ts";
import { randomId } from "../src/storage/ids.ts";
import { migrate } from "../src/storage/migrate.ts";
import { createRepositories } from "../src/storage/repositories.ts";
import { transportationNetwork, transportationSizes } from "./generate.ts";
import { median, quantile, report } from "./stats.ts";

export interface PostTiming {
  dataset: string;
  solveIn: "pool" | "event loop";
  status: string;
  warmMedianMs: number;
  warmP90Ms: number;
  requests: number;
}

export interface HealthzTiming {
  lanes: number;
  solveStatus: string;
  solveMs: number;
  probes: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** When the slowest probe was sent, counted from the solve request. */
  slowestAtMs: number;
  /** The longest the main thread's event loop was held, from perf_hooks, over the same span. */
  loopDelayMaxMs: number;
}

const datasets = [
  { name: "china-2024", path: "data/china-2024/network.json", warmUp: 5, requests: 40 },
  {
    name: "china-2024-cities",
    path: "data/china-2024-cities/network.json",
    warmUp: 3,
    requests: 20,
  },
];

async function createBenchApp(solve: SolveFn) {
  const dir = mkdtempSync(join(tmpdir(), "anodeflow-bench-"));
  const client = createClient({ url: `file:${join(dir, "bench.db")}` });
  const db = createDb(client);
  await migrate(db);
  const { limits } = loadConfig({});
  const clock = () => new Date();
  // A real API key, as a client of `npm start` sends: the key lookup is part of every request.
  const token = await createFirstKey(createRepositories({ db, newId: randomId, clock }));
  const app = createApp({ db, solve, clock, newId: randomId, limits });
  const headers = { "content-type": "application/json", authorization: `Bearer ${token}` };
  const close = () => {
    client.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { app, headers, close };
}

/** Warm medians of POST /v1/solve on the datasets, solving in the pool and on the event loop. */
async function timePosts(): Promise<PostTiming[]> {
  const pool = createSolvePool();
  const timings: PostTiming[] = [];
  for (const [solveIn, solve] of [
    ["pool", pool.solve],
    ["event loop", solveNetwork],
  ] as const) {
    const { app, headers, close } = await createBenchApp(solve);
    for (const dataset of datasets) {
      const body = JSON.stringify({ network: JSON.parse(readFileSync(dataset.path, "utf8")) });
      const post = async () => {
        const started = performance.now();
        const response = await app.request("/v1/solve", { method: "POST", headers, body });
        const plan = (await response.json()) as { status?: unknown; code?: string };
        const ms = performance.now() - started;
        const status = response.ok ? String(plan.status) : `HTTP ${response.status} ${plan.code}`;
        return { ms, status };
      };
      for (let i = 0; i < dataset.warmUp; i++) await post();
      const ms: number[] = [];
      let status = "";
      for (let i = 0; i < dataset.requests; i++) {
        const result = await post();
        ms.push(result.ms);
        status = result.status;
      }
      timings.push({
        dataset: dataset.name,
        solveIn,
        status,
        warmMedianMs: median(ms),
        warmP90Ms: quantile(ms, 0.9),
        requests: ms.length,
      });
    }
    close();
  }
  await pool.close();
  return timings;
}

// Long enough to watch the server under a 1M solve; whether the solve finishes does not matter.
const healthzSolveLimitMs = 20_000;

/**
 * A real server on 127.0.0.1 solving a 1M-lane network in its pool while GET /healthz is probed
 * every 10 ms. The lanes are implied (1000 plants x 1000 smelters x 1 mode) so that the request
 * body stays small and the main thread only validates it.
 */
async function timeHealthz(): Promise<HealthzTiming> {
  const pool = createSolvePool();
  const { app, headers, close } = await createBenchApp(pool.solve);
  const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 });
  await new Promise((resolve) => server.once("listening", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  const base = `http://127.0.0.1:${address.port}`;
  const size = transportationSizes.find((s) => s.label === "1M");
  if (!size) throw new Error("no 1M size");
  const network = transportationNetwork(size, { explicitLanes: false });
  const probe = async () => {
    const started = performance.now();
    const response = await fetch(`${base}/healthz`);
    await response.text();
    return performance.now() - started;
  };
  // A server that has been up a while: fetch's client loaded, both routes and the pool's threads
  // warm. A first request's compilation is not what is measured.
  for (let i = 0; i < 20; i++) await probe();
  const warmUpBody = JSON.stringify({
    network: JSON.parse(readFileSync(datasets[0]?.path ?? "", "utf8")),
  });
  for (let i = 0; i < 6; i++)
    await (await fetch(`${base}/v1/solve`, { method: "POST", headers, body: warmUpBody })).text();

  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const solveStarted = performance.now();
  let solveMs = 0;
  const solving = fetch(`${base}/v1/solve`, {
    method: "POST",
    headers,
    body: JSON.stringify({ network, options: { timeLimitMs: healthzSolveLimitMs } }),
  })
    .then(async (response) => {
      const body = (await response.json()) as { status?: unknown; code?: string };
      return response.ok ? String(body.status) : `HTTP ${response.status} ${body.code ?? ""}`;
    })
    .finally(() => {
      solveMs = performance.now() - solveStarted;
    });
  let done = false;
  solving.finally(() => {
    done = true;
  });
  const latencies: number[] = [];
  let slowestAtMs = 0;
  // Bounded: the solve's limit plus the pool's grace ends it well before this many probes.
  for (let i = 0; i < 20_000 && !done; i++) {
    const sentAtMs = performance.now() - solveStarted;
    const ms = await probe();
    if (ms > Math.max(0, ...latencies)) slowestAtMs = sentAtMs;
    latencies.push(ms);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const solveStatus = await solving;
  loopDelay.disable();
  server.close();
  close();
  await pool.close();
  return {
    lanes: size.plants * size.smelters,
    solveStatus,
    solveMs,
    probes: latencies.length,
    p50Ms: median(latencies),
    p99Ms: quantile(latencies, 0.99),
    maxMs: Math.max(...latencies),
    slowestAtMs,
    loopDelayMaxMs: loopDelay.max / 1e6,
  };
}

const mode = process.argv[2];
if (mode === "post") report(await timePosts());
else if (mode === "healthz") report(await timeHealthz());
else throw new Error(`unknown mode "${mode}"; expected post or healthz`);
