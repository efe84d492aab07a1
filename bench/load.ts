// `npm run load`: autocannon against a real server on 127.0.0.1 for a bounded time: many small solves and reads while large solves run; every acknowledged plan must be stored.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { openMigrated } from "../src/entry/database.ts";
import { freePort } from "../test/support/free-port.ts";
import { transportationNetwork, transportationSizes } from "./generate.ts";
import { badKey, largeUploadBodies, oversizedSolveBody, timedPost } from "./hostile-requests.ts";
import { loadAverage, makeKeys, root, startServer } from "./live-server.ts";

// LOAD_RESULTS names another results file, e.g. for a run with DATABASE_SYNCHRONOUS=normal.
const resultsPath = join(root, "bench", "results", process.env.LOAD_RESULTS ?? "load.md");
const synchronous = process.env.DATABASE_SYNCHRONOUS ?? "full";
const durationS = Number(process.env.LOAD_SECONDS ?? 20);
const organisations = 4;
// Below MAX_SOLVES_PER_ORGANISATION (4): the run measures throughput, not the 429 path.
const solveConnectionsPerOrganisation = 3;
const readConnections = 8;
// The per-key rate limit is lifted for the run, which would otherwise cap a key at 600 a minute.
const serverEnv = { RATE_LIMIT_PER_MINUTE: "1000000" };

const scratch = mkdtempSync(join(tmpdir(), "anodeflow-load-"));
const databaseUrl = `file:${join(scratch, "load.db")}`;

/** Keys made straight in the database before the server starts, one organisation each. */
async function makeLoadKeys() {
  const planners = Array.from(
    { length: organisations },
    (_, i) => [`load-${i + 1}`, "planner"] as const,
  );
  const tokens = await makeKeys(databaseUrl, [
    ...planners,
    ["load-1", "viewer"],
    ["bulk", "planner"],
    ["hostile-solves", "planner"],
    ["hostile-uploads", "planner"],
  ]);
  return {
    planners: tokens.slice(0, organisations),
    viewer: tokens[organisations] ?? "",
    bulk: tokens[organisations + 1] ?? "",
    hostileSolves: tokens[organisations + 2] ?? "",
    hostileUploads: tokens[organisations + 3] ?? "",
  };
}

const json = (key: string) => ({
  authorization: `Bearer ${key}`,
  "content-type": "application/json",
});

async function post(base: string, key: string, path: string, body: unknown) {
  const response = await fetch(`${base}${path}`, {
    method: "POST",
    headers: json(key),
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; plan?: { flows: unknown[] } };
}

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

interface HostileRow {
  name: string;
  statuses: Map<number, number>;
  ms: number[];
  /** Statuses this workload may get; any other fails the run. */
  expected: readonly number[];
}

const countStatus = (row: HostileRow, status: number, ms: number) => {
  row.statuses.set(status, (row.statuses.get(status) ?? 0) + 1);
  row.ms.push(ms);
};

/**
 * Beside the normal traffic, for as long as `running()`: the issue's oversized
 * javascript-lp-solver request one after another, four 14 MiB dataset uploads at once, and a
 * stream of requests with a key nobody issued.
 */
async function startHostileMix(
  base: string,
  solveKey: string,
  uploadKey: string,
  running: () => boolean,
): Promise<HostileRow[]> {
  const oversized: HostileRow = {
    name: "oversized solves (450x450 implied lanes, javascript-lp-solver, timeLimitMs 60000, one after another)",
    statuses: new Map(),
    ms: [],
    expected: [422],
  };
  const uploads: HostileRow = {
    name: "large uploads (4 x 14.4 MiB POST /v1/datasets at once)",
    statuses: new Map(),
    ms: [],
    expected: [201, 503],
  };
  const solveBody = oversizedSolveBody();
  const uploadRun = Promise.all(
    largeUploadBodies(4).map(async (body) => {
      const { status, ms } = await timedPost(`${base}/v1/datasets`, uploadKey, body);
      countStatus(uploads, status, ms);
    }),
  );
  const solveLoop = (async () => {
    while (running()) {
      const { status, ms } = await timedPost(`${base}/v1/solve`, solveKey, solveBody);
      countStatus(oversized, status, ms);
    }
  })();
  const badKeys = await run({
    url: base,
    connections: 2,
    duration: durationS,
    headers: { authorization: `Bearer ${badKey}` },
    requests: [{ method: "GET", path: "/v1/datasets" }],
  });
  await Promise.all([uploadRun, solveLoop]);
  const bad: HostileRow = {
    name: "bad keys (GET /v1/datasets with a key nobody issued, 2 connections)",
    statuses: new Map(
      Object.entries(badKeys.statusCodeStats ?? {}).map(([code, { count }]) => [
        Number(code),
        count ?? 0,
      ]),
    ),
    ms: [badKeys.latency.p50, badKeys.latency.p99],
    expected: [401, 429],
  };
  return [oversized, uploads, bad];
}

async function main() {
  const loadBefore = loadAverage();
  const keys = await makeLoadKeys();
  const server = await startServer(await freePort(), databaseUrl, serverEnv);
  const base = server.base;

  // Each organisation plans the small two-plant network; the bulk organisation a 20k-lane one,
  // which keeps a solve thread busy for seconds at a time.
  const small = JSON.parse(
    readFileSync(join(root, "test", "http", "fixtures", "two-plants.json"), "utf8"),
  );
  const scenarios: string[] = [];
  for (const key of keys.planners) {
    const dataset = await post(base, key, "/v1/datasets", { network: small });
    scenarios.push(
      (await post(base, key, "/v1/scenarios", { datasetId: dataset.id, name: "load" })).id,
    );
  }
  const largeSize = transportationSizes.find((s) => s.label === "20k") ?? transportationSizes[0];
  if (largeSize === undefined) throw new Error("no benchmark size");
  const large = transportationNetwork(largeSize, { explicitLanes: false });
  const largeDataset = await post(base, keys.bulk, "/v1/datasets", { network: large });
  const largeScenario = await post(base, keys.bulk, "/v1/scenarios", {
    datasetId: largeDataset.id,
    name: "large",
  });
  const firstPlan = await post(
    base,
    keys.planners[0] ?? "",
    `/v1/scenarios/${scenarios[0]}/plans`,
    {},
  );

  const acknowledged = new Map<string, number>([[firstPlan.id, firstPlan.plan?.flows.length ?? 0]]);
  const record = (status: number, body: string) => {
    if (status !== 201) return;
    const plan = JSON.parse(body) as { id: string; plan: { flows: unknown[] } };
    acknowledged.set(plan.id, plan.plan.flows.length);
  };

  // Large solves, one after another, for the whole run.
  let running = true;
  const largeMs: number[] = [];
  const largeStatuses = new Map<string, number>();
  const largeLoop = (async () => {
    while (running) {
      const started = performance.now();
      const response = await fetch(`${base}/v1/scenarios/${largeScenario.id}/plans`, {
        method: "POST",
        headers: json(keys.bulk),
        // The longest limit allowed: on a busy machine the default 30 s may not be enough.
        body: JSON.stringify({ options: { timeLimitMs: 120_000 } }),
      });
      const body = await response.text();
      if (response.status !== 201) throw new Error(`large solve: ${response.status} ${body}`);
      record(response.status, body);
      const status = (JSON.parse(body) as { status: string }).status;
      largeStatuses.set(status, (largeStatuses.get(status) ?? 0) + 1);
      largeMs.push(performance.now() - started);
    }
  })();
  // Let the first large solve take its slot before the crowd arrives.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const hostile = startHostileMix(base, keys.hostileSolves, keys.hostileUploads, () => running);

  const solveRuns = keys.planners.map((key, i) =>
    run({
      url: base,
      connections: solveConnectionsPerOrganisation,
      duration: durationS,
      requests: [
        {
          method: "POST",
          path: `/v1/scenarios/${scenarios[i]}/plans`,
          headers: json(key),
          body: "{}",
          onResponse: record,
        },
      ],
    }),
  );
  const readRun = run({
    url: base,
    connections: readConnections,
    duration: durationS,
    headers: { authorization: `Bearer ${keys.viewer}` },
    requests: [
      { method: "GET", path: "/v1/plans?limit=20" },
      { method: "GET", path: `/v1/plans/${firstPlan.id}` },
      { method: "GET", path: "/v1/datasets" },
    ],
  });
  const solveResults = await Promise.all(solveRuns);
  const readResult = await readRun;
  const loadDuring = loadAverage();
  running = false;
  await largeLoop;
  const hostileRows = await hostile;

  // Stop the server, then read the database file it wrote.
  const exitCode = await server.stop();
  const { client } = await openMigrated({ url: databaseUrl, authToken: undefined });
  let missing = 0;
  for (const [id, flows] of acknowledged) {
    const rows = await client.execute({
      sql: "SELECT (SELECT count(*) FROM plans WHERE id = ?) AS plans, (SELECT count(*) FROM plan_flows WHERE plan_id = ?) AS flows",
      args: [id, id],
    });
    if (Number(rows.rows[0]?.plans) !== 1 || Number(rows.rows[0]?.flows) !== flows) missing++;
  }
  const integrity = (await client.execute("PRAGMA integrity_check")).rows[0]?.integrity_check;
  client.close();
  rmSync(scratch, { recursive: true, force: true });

  const sum = (f: (r: autocannon.Result) => number, rs: autocannon.Result[]) =>
    rs.reduce((s, r) => s + f(r), 0);
  const errorsOf = (rs: autocannon.Result[]) => sum((r) => r.errors + r.timeouts + r.non2xx, rs);
  const rows = [
    {
      name: `small solves + stored plans (POST /v1/scenarios/{id}/plans, ${organisations} orgs x ${solveConnectionsPerOrganisation} connections)`,
      rps: sum((r) => r.requests.average, solveResults),
      total: sum((r) => r.requests.total, solveResults),
      // p50 and p99 across organisations: the worst organisation's, which is what a client sees.
      p50: Math.max(...solveResults.map((r) => r.latency.p50)),
      p99: Math.max(...solveResults.map((r) => r.latency.p99)),
      errors: errorsOf(solveResults),
    },
    {
      name: `reads (GET /v1/plans, /v1/plans/{id}, /v1/datasets; ${readConnections} connections)`,
      rps: readResult.requests.average,
      total: readResult.requests.total,
      p50: readResult.latency.p50,
      p99: readResult.latency.p99,
      errors: errorsOf([readResult]),
    },
  ];
  const hostileFailures = hostileRows.filter((row) =>
    [...row.statuses.keys()].some((status) => !row.expected.includes(status)),
  );
  const percentile = (values: number[], q: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  };
  const hostileTable = [
    "| hostile workload | requests | answers | p50 (ms) | slowest (ms) |",
    "|---|---:|---|---:|---:|",
    ...hostileRows.map((row) => {
      const count = [...row.statuses.values()].reduce((a, b) => a + b, 0);
      const answers = [...row.statuses].map(([status, n]) => `${status} x${n}`).join(", ");
      const isBadKeys = row.name.startsWith("bad keys");
      // autocannon reports only its percentiles for the bad-key stream: p50 and p99.
      const p50 = isBadKeys ? (row.ms[0] ?? 0) : percentile(row.ms, 0.5);
      const last = isBadKeys ? `${row.ms[1] ?? 0} (p99)` : Math.max(...row.ms).toFixed(0);
      return `| ${row.name} | ${count} | ${answers} | ${p50.toFixed(0)} | ${last} |`;
    }),
  ].join("\n");
  const sortedLarge = [...largeMs].sort((a, b) => a - b);
  const median = sortedLarge[Math.floor(sortedLarge.length / 2)] ?? Number.NaN;
  const totalErrors = rows.reduce((s, r) => s + r.errors, 0);
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const table = [
    "| workload | requests | throughput (req/s) | p50 (ms) | p99 (ms) | errors + non-2xx |",
    "|---|---:|---:|---:|---:|---:|",
    ...rows.map(
      (r) => `| ${r.name} | ${r.total} | ${r.rps.toFixed(1)} | ${r.p50} | ${r.p99} | ${r.errors} |`,
    ),
    `| large solves (${largeSize.label} implied lanes, one after another for the whole run, org "bulk") | ${largeMs.length} | - | ${median.toFixed(0)} (median) | - | 0 |`,
  ].join("\n");
  const report = `# Load test (npm run load)

${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpu}), Node ${process.version}. One server process (\`npm start\`'s command: solve pool of one thread per core, WAL file database) on 127.0.0.1, and autocannon in the load process on the same machine, for ${durationS} s. Server settings: the defaults (MAX_CONCURRENT_SOLVES=2, MAX_QUEUED_SOLVES=32, MAX_SOLVES_PER_ORGANISATION=4, DATABASE_SYNCHRONOUS=${synchronous}) except RATE_LIMIT_PER_MINUTE=1000000, so that the run measures throughput rather than the per-key limit.

Normal traffic, measured while the hostile mix below runs beside it:

${table}

The hostile mix, beside the normal traffic for the same ${durationS} s (each from an organisation of its own):

${hostileTable}

- Large solves ended ${[...largeStatuses].map(([status, n]) => `${status} x${n}`).join(", ")}; the last one finished after the other workloads.
- Machine load (1-minute load average) before the run: ${loadBefore}, at its end: ${loadDuring}; anything above the load generator and the server skews the figures.
- Acknowledged plans (201): ${acknowledged.size}; found in the database afterwards with all their flows: ${acknowledged.size - missing}; missing or torn: ${missing}.
- integrity_check after the run: ${integrity}; server exit code after SIGTERM: ${exitCode}; request log lines written: ${server.requestLines()}.
- Errors across the normal workloads (connection errors, timeouts and non-2xx answers): ${totalErrors}; hostile workloads with an answer outside the expected ones (oversized 422, uploads 201 or 503, bad keys 401 or 429): ${hostileFailures.length}.
`;
  writeFileSync(resultsPath, report);
  // The repository's formatter lays out the table, so the file passes npm run check as written.
  execFileSync(
    process.execPath,
    [join(root, "node_modules/@biomejs/biome/bin/biome"), "format", "--write", resultsPath],
    { stdio: "ignore" },
  );
  console.log(report);
  if (totalErrors > 0 || missing > 0 || integrity !== "ok" || hostileFailures.length > 0) {
    console.error(
      "load test failed: errors, missing plans, a damaged database or an unexpected hostile answer",
    );
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  rmSync(scratch, { recursive: true, force: true });
  process.exit(1);
});
