// `node --import tsx bench/jslp-memory.ts`: javascript-lp-solver's peak memory against its dense tableau's size (rows x columns), each size in a fresh process.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildAllocationModel } from "../models/allocation/build.ts";
import { jsLpSolver } from "../src/solvers/javascript-lp-solver.ts";
import { transportationNetwork } from "./generate.ts";

// Square plant x smelter networks with implied lanes; 450 is the 60 KB request.
const sides = (process.env.JSLP_SIDES ?? "40,80,120,160,200").split(",").map(Number);
// The tableau is one Float64Array allocated at the start; pivots touch its pages as they go, so
// the resident size climbs for a while. Each size runs this long at most.
const sampleMs = Number(process.env.JSLP_SAMPLE_MS ?? 20_000);

const mib = (bytes: number) => bytes / 2 ** 20;

/** The child: prints the program's size, then solves until done or killed. */
async function child(side: number): Promise<void> {
  const network = transportationNetwork(
    { label: `${side}x${side}`, plants: side, smelters: side },
    { explicitLanes: false },
  );
  const { lp } = buildAllocationModel(network);
  const size = {
    rows: lp.rows.length,
    columns: lp.columns.length,
    cells: lp.rows.length * lp.columns.length,
  };
  console.log(JSON.stringify({ ...size, rssMiB: mib(process.memoryUsage().rss) }));
  const result = await jsLpSolver.solve(lp, { timeLimitMs: 3_600_000 });
  console.log(JSON.stringify({ status: result.status }));
}

/** VmHWM: the process's peak resident set so far, MiB. */
function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

async function measure(side: number) {
  const started = performance.now();
  const proc = spawn(
    process.execPath,
    ["--import", "tsx", fileURLToPath(import.meta.url), "child", String(side)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const lines: string[] = [];
  proc.stdout.on("data", (chunk: Buffer) => lines.push(...chunk.toString().trim().split("\n")));
  let peak = 0;
  const sampler = setInterval(() => {
    try {
      peak = Math.max(peak, peakRssMiB(proc.pid ?? 0));
    } catch {}
  }, 50);
  const killer = setTimeout(() => proc.kill("SIGKILL"), sampleMs);
  await new Promise((resolve) => proc.once("exit", resolve));
  clearInterval(sampler);
  clearTimeout(killer);
  const size = JSON.parse(lines[0] ?? "{}");
  const finished = lines[1] === undefined ? "killed" : JSON.parse(lines[1]).status;
  return { side, ...size, peakMiB: peak, s: (performance.now() - started) / 1000, finished };
}

async function main(): Promise<void> {
  for (const side of sides) {
    const row = await measure(side);
    const growth = row.peakMiB - row.rssMiB;
    console.log(
      `${side}x${side} (${side * side} lanes): ${row.rows} rows x ${row.columns} columns, ${(row.cells / 1e6).toFixed(1)} M rows x columns; RSS ${row.rssMiB.toFixed(0)} MiB after the build, peak ${row.peakMiB.toFixed(0)} MiB (+${growth.toFixed(0)} MiB, ${((growth * 2 ** 20) / row.cells).toFixed(1)} B each); ${row.finished} after ${row.s.toFixed(1)} s`,
    );
  }
}

if (process.argv[2] === "child") await child(Number(process.argv[3]));
else await main();
