// The Worker's CPU budget, measured: POST /v1/solve of the datasets and generated networks under `npm run dev:worker` (workerd), and the same solves in Node.
//
//   npm run dev:worker -- --port 8791          # prints a login link with a key on a fresh .wrangler/state
//   node --import tsx bench/worker-cpu.ts http://127.0.0.1:8791 afk_... PID
//   (PID: the workerd that runs the Worker, `ps -o pid,time,cmd -C workerd`: the one whose CPU time grows;
//   wrangler dev starts two, the other a proxy in front)
//
// For each network: arcs ((lanes + legs) x periods); per request to the Worker (request parse,
// validation, solve, plan JSON: what one request's CPU budget pays for), the median of 3 of the
// workerd process's CPU time (user + system from /proc/PID/stat, 10 ms ticks) when its pid is
// given, and of the wall time; and the median CPU time of 3 in-process solveNetwork calls in Node
// for comparison. CPU time, not wall time, is what Cloudflare counts, and it holds on a loaded
// machine where wall times stretch. wrangler dev enforces no CPU limit, so large sizes finish.
import { readFileSync } from "node:fs";
import { type Network, networkSchema } from "../models/allocation/network.ts";
import { solveArcs } from "../src/http/shared/solving.ts";
import { solveNetwork } from "../src/solve/solve.ts";
import { transportationNetwork } from "./generate.ts";
import { median } from "./stats.ts";

const [base, key, workerdPid] = process.argv.slice(2);
if (base === undefined || key === undefined) {
  console.error("usage: node --import tsx bench/worker-cpu.ts BASE_URL API_KEY [WORKERD_PID]");
  process.exit(2);
}

const dataset = (path: string) => JSON.parse(readFileSync(path, "utf8")) as unknown;
const generated = (plants: number, smelters: number) =>
  transportationNetwork(
    { label: `${plants}x${smelters}`, plants, smelters },
    { explicitLanes: false },
  );

const cases: { label: string; network: unknown }[] = [
  { label: "china-2024", network: dataset("data/china-2024/network.json") },
  { label: "china-2024-cities", network: dataset("data/china-2024-cities/network.json") },
  {
    label: "china-2024-cities monthly",
    network: dataset("data/china-2024-cities/network-monthly.json"),
  },
  { label: "generated 150x130", network: generated(150, 130) },
  { label: "generated 250x200", network: generated(250, 200) },
  { label: "generated 400x250", network: generated(400, 250) },
  { label: "generated 500x500", network: generated(500, 500) },
  { label: "generated 800x500", network: generated(800, 500) },
];

const repeats = 3;

/** The workerd process's CPU time so far, ms (utime + stime, fields 14 and 15, at 100 ticks/s). */
function workerdCpuMs(): number {
  if (workerdPid === undefined) return Number.NaN;
  const stat = readFileSync(`/proc/${workerdPid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function viaWorker(network: unknown): Promise<{ ms: number; cpuMs: number; status: string }> {
  const cpuBefore = workerdCpuMs();
  const started = performance.now();
  const response = await fetch(`${base}/v1/solve`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ network, options: { sensitivity: "off" } }),
  });
  const body = (await response.json()) as { status?: string; code?: string };
  const ms = performance.now() - started;
  const cpuMs = workerdCpuMs() - cpuBefore;
  if (!response.ok) throw new Error(`${response.status} ${body.code}`);
  return { ms, cpuMs, status: body.status ?? "?" };
}

/** CPU time of an in-process solve, ms (this process does nothing else meanwhile). */
async function inNode(network: Network): Promise<number> {
  const before = process.cpuUsage();
  await solveNetwork(network, { sensitivity: "off" });
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

console.log(
  "| network | arcs | Worker request, CPU ms | Worker request, wall ms | Node solveNetwork, CPU ms | status |",
);
console.log("|---|---|---|---|---|---|");
for (const { label, network } of cases) {
  const parsed = networkSchema.parse(network);
  const worker: number[] = [];
  const workerCpu: number[] = [];
  const node: number[] = [];
  let status = "";
  for (let i = 0; i < repeats; i++) {
    const answer = await viaWorker(network);
    worker.push(answer.ms);
    workerCpu.push(answer.cpuMs);
    status = answer.status;
    node.push(await inNode(parsed));
  }
  console.log(
    `| ${label} | ${solveArcs(parsed)} | ${median(workerCpu).toFixed(0)} | ${median(worker).toFixed(0)} | ${median(node).toFixed(0)} | ${status} |`,
  );
}
