// `npm run load`: autocannon against a real server on 127.0.0.1 for a bounded time: many small solves and reads while large solves run; every acknowledged plan must be stored.

import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { openMigrated } from "../src/entry/database.ts";
import { randomId } from "../src/storage/ids.ts";
import type { Role } from "../src/storage/records.ts";
import { createRepositories } from "../src/storage/repositories.ts";
import { freePort } from "../test/support/free-port.ts";
import { transportationNetwork, transportationSizes } from "./generate.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const resultsPath = join(root, "bench", "results", "load.md");
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
async function makeKeys() {
  const { client, db } = await openMigrated({ url: databaseUrl, authToken: undefined });
  const repositories = createRepositories({ db, newId: randomId, clock: () => new Date() });
  const key = async (name: string, role: Role) => {
    const { organisation } = await repositories.organisations.ensure(name);
    return (await repositories.apiKeys.create(organisation.id, { role })).token;
  };
  const planners = [];
  for (let i = 1; i <= organisations; i++) planners.push(await key(`load-${i}`, "planner"));
  const viewer = await key("load-1", "viewer");
  const bulk = await key("bulk", "planner");
  client.close();
  return { planners, viewer, bulk };
}

async function startServer(port: number) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/entry/node.ts"], {
    cwd: root,
    env: {
      ...process.env,
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      ...serverEnv,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let banner = "";
  let requestLines = 0;
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      if (banner.includes("/openapi.json")) {
        requestLines += text.split("\n").filter((line) => line.includes('"msg":"request"')).length;
        return;
      }
      banner += text;
      if (banner.includes("/openapi.json")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}\n${banner}`)));
  });
  return { child, requestLines: () => requestLines };
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

/** The 1-minute load average: other work on the machine skews every figure here. */
const loadAverage = () => readFileSync("/proc/loadavg", "utf8").split(" ")[0] ?? "?";

async function main() {
  const loadBefore = loadAverage();
  const keys = await makeKeys();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer(port);

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

  // Stop the server, then read the database file it wrote.
  const exited = new Promise<number | null>((resolve) => server.child.once("exit", resolve));
  server.child.kill("SIGTERM");
  const exitCode = await exited;
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

${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpu}), Node ${process.version}. One server process (\`npm start\`'s command: solve pool of one thread per core, WAL file database) on 127.0.0.1, and autocannon in the load process on the same machine, for ${durationS} s. Server settings: the defaults (MAX_CONCURRENT_SOLVES=2, MAX_QUEUED_SOLVES=32, MAX_SOLVES_PER_ORGANISATION=4) except RATE_LIMIT_PER_MINUTE=1000000, so that the run measures throughput rather than the per-key limit.

${table}

- Large solves ended ${[...largeStatuses].map(([status, n]) => `${status} x${n}`).join(", ")}; the last one finished after the other workloads.
- Machine load (1-minute load average) before the run: ${loadBefore}, at its end: ${loadDuring}; anything above the load generator and the server skews the figures.
- Acknowledged plans (201): ${acknowledged.size}; found in the database afterwards with all their flows: ${acknowledged.size - missing}; missing or torn: ${missing}.
- integrity_check after the run: ${integrity}; server exit code after SIGTERM: ${exitCode}; request log lines written: ${server.requestLines()}.
- Errors across all workloads (connection errors, timeouts and non-2xx answers): ${totalErrors}.
`;
  writeFileSync(resultsPath, report);
  // The repository's formatter lays out the table, so the file passes npm run check as written.
  execFileSync(
    process.execPath,
    [join(root, "node_modules/@biomejs/biome/bin/biome"), "format", "--write", resultsPath],
    { stdio: "ignore" },
  );
  console.log(report);
  if (totalErrors > 0 || missing > 0 || integrity !== "ok") {
    console.error("load test failed: errors, missing plans or a damaged database");
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  rmSync(scratch, { recursive: true, force: true });
  process.exit(1);
});
