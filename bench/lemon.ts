// The C++ reference of `npm run bench`: LEMON's network simplex (bench/lemon/mcf.cpp) on the same
// instances, written as DIMACS from the network simplex's own min-cost flow problem.
import { execFile, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import type { CoreChildResult } from "./core-child.ts";
import type { DimacsChildResult } from "./dimacs-child.ts";
import { resultPrefix } from "./stats.ts";

const header = "/usr/include/lemon/network_simplex.h";
const buildDir = "bench/.build";
const binary = `${buildDir}/lemon-mcf`;
/** Runs timed per size after one warm-up run (the binary and the file in the page cache). */
export const lemonRuns = 3;
const runTimeoutMs = 90_000;

/** What one run of the binary prints (bench/lemon/mcf.cpp). */
interface McfOutput {
  status: string;
  message?: string;
  objective?: number;
  nodes: number;
  arcs: number;
  readMs: number;
  setupMs: number;
  solveMs: number;
  maxRssMb: number;
}

export interface LemonMeasured {
  label: string;
  status: string;
  failure?: string;
  /** Of the min-cost flow problem both solvers solve (lanes plus shortfall and slack arcs). */
  nodes?: number;
  arcs?: number;
  /** The program's objective read from LEMON's total cost (sign applied for a maximisation). */
  objective: number | null;
  /** LEMON's total cost as it printed it, which anodeflow's core on the same file must equal. */
  flowCost?: number;
  /**
   * Per timed run: the file read into the graph, the solver constructed and given its maps,
   * run() alone (the core), spawn to exit.
   */
  readMs: number[];
  setupMs?: number[];
  solveMs: number[];
  wholeMs: number[];
  maxRssMb: number;
  /**
   * anodeflow's core on the same file (bench/core-child.ts): solveMinCostFlow from the arrays to
   * the optimal flows, as LEMON's set-up plus run(); absent when LEMON itself failed.
   */
  core?: { result?: CoreChildResult; failure?: string };
}

/** Compiles the reference once per run, or says why it cannot (the bench then skips it). */
export function prepareLemon(): { binary: string } | { skipped: string } {
  const install = "apt-get install liblemon-dev g++ (Debian, Ubuntu) to measure it";
  if (!existsSync(header)) return { skipped: `LEMON not measured: no ${header}; ${install}` };
  try {
    execFileSync("g++", ["--version"], { stdio: "ignore" });
  } catch {
    return { skipped: `LEMON not measured: no g++ on the PATH; ${install}` };
  }
  mkdirSync(buildDir, { recursive: true });
  try {
    execFileSync("g++", ["-O2", "-std=c++17", "bench/lemon/mcf.cpp", "-o", binary, "-llemon"], {
      stdio: ["ignore", "ignore", "pipe"],
    });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? error).trim();
    return {
      skipped: `LEMON not measured: compiling bench/lemon/mcf.cpp failed: ${stderr.slice(-300)}`,
    };
  }
  return { binary };
}

function writeInstance(label: string, file: string): Promise<DimacsChildResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      // The 4M-arc instance's program takes ~3 GB while it is translated.
      ["--max-old-space-size=12288", "--import", "tsx", "bench/dimacs-child.ts", label, file],
      { maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        const line = stdout.split("\n").find((l) => l.startsWith(resultPrefix));
        if (error || !line) reject(new Error(`writing ${file}: ${stderr.trim().slice(-300)}`));
        else resolve(JSON.parse(line.slice(resultPrefix.length)) as DimacsChildResult);
      },
    );
  });
}

/** One run of the binary: its own figures and the wall time from spawn to exit. */
function runOnce(
  binaryPath: string,
  file: string,
): Promise<{ out?: McfOutput; ms: number; failure?: string }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(binaryPath, [file], { stdio: ["ignore", "pipe", "pipe"] });
    const timer = setTimeout(() => child.kill("SIGKILL"), runTimeoutMs);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("close", (code, signal) => {
      const ms = performance.now() - started;
      clearTimeout(timer);
      try {
        const out = JSON.parse(stdout) as McfOutput;
        resolve(code === 0 ? { out, ms } : { ms, failure: out.message ?? `exit ${code}` });
      } catch {
        resolve({
          ms,
          failure: `exit ${code ?? signal}: ${(stderr || stdout).trim().slice(-200)}`,
        });
      }
    });
  });
}

/** anodeflow's core on the DIMACS file, in a process of its own: a first run and `lemonRuns` more. */
function measureCore(file: string): Promise<NonNullable<LemonMeasured["core"]>> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        "--max-old-space-size=12288",
        "--import",
        "tsx",
        "bench/core-child.ts",
        file,
        `${lemonRuns}`,
      ],
      { maxBuffer: 1 << 20, timeout: 5 * runTimeoutMs },
      (error, stdout, stderr) => {
        const line = stdout.split("\n").find((l) => l.startsWith(resultPrefix));
        if (error || !line) resolve({ failure: `${error ?? ""} ${stderr.trim().slice(-300)}` });
        else resolve({ result: JSON.parse(line.slice(resultPrefix.length)) as CoreChildResult });
      },
    );
  });
}

/**
 * Writes the size's instance, then times the binary on it (one warm-up run and `lemonRuns`
 * runs) and anodeflow's core on the same file.
 */
export async function measureLemon(label: string, binaryPath: string): Promise<LemonMeasured> {
  const measured: LemonMeasured = {
    label,
    status: "error",
    objective: null,
    readMs: [],
    setupMs: [],
    solveMs: [],
    wholeMs: [],
    maxRssMb: Number.NaN,
  };
  const file = `${buildDir}/${label}.min`;
  let instance: DimacsChildResult;
  try {
    instance = await writeInstance(label, file);
  } catch (error) {
    measured.failure = (error as Error).message;
    return measured;
  }
  measured.nodes = instance.nodes;
  measured.arcs = instance.arcs;
  for (let run = 0; run <= lemonRuns; run++) {
    const { out, ms, failure } = await runOnce(binaryPath, file);
    if (!out) {
      measured.failure = failure;
      return measured;
    }
    measured.status = out.status;
    if (out.status !== "optimal") return measured;
    if (out.nodes !== instance.nodes || out.arcs !== instance.arcs) {
      measured.failure = `read ${out.nodes} nodes and ${out.arcs} arcs, wrote ${instance.nodes} and ${instance.arcs}`;
      measured.status = "error";
      return measured;
    }
    measured.objective = instance.objectiveSign * (out.objective as number);
    measured.flowCost = out.objective;
    if (run === 0) continue;
    measured.readMs.push(out.readMs);
    measured.setupMs?.push(out.setupMs);
    measured.solveMs.push(out.solveMs);
    measured.wholeMs.push(ms);
    measured.maxRssMb = Math.max(
      out.maxRssMb,
      Number.isNaN(measured.maxRssMb) ? 0 : measured.maxRssMb,
    );
  }
  measured.core = await measureCore(file);
  return measured;
}
