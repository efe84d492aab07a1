// One backend on one instance size, in a fresh process: timings of each step, objective, peak RSS.
// Usage: node --import tsx bench/solve-child.ts <size label> <backend id> [peak]
// With `peak`, the process makes one end-to-end run and reports only its peak RSS.
import { buildAllocationModel } from "../models/allocation/build.ts";
import { interpretPlan } from "../models/allocation/plan.ts";
import { resolveSolver } from "../src/solvers/registry.ts";
import { transportationNetwork, transportationSizes } from "./generate.ts";
import { maxRssMb, report } from "./stats.ts";

export interface SolveChildResult {
  /** Reported after every run: "solve" while timing build and solve, then "endToEnd", "done". */
  stage: "solve" | "endToEnd" | "done";
  status: string;
  message?: string;
  objective: number | null;
  buildMs: number[];
  solveMs: number[];
  endToEndMs: number[];
  maxRssMb: number;
}

/** What a `peak` child reports: the process's maxRSS after one network -> plan run. */
export interface PeakChildResult {
  status: string;
  message?: string;
  maxRssMb: number;
}

// Enough repetitions for a median where they are cheap; the budget keeps a slow backend to one.
const runsBySize: Record<string, { warmUp: number; runs: number }> = {
  "1k": { warmUp: 2, runs: 9 },
  "20k": { warmUp: 1, runs: 5 },
  "250k": { warmUp: 1, runs: 5 },
  "1M": { warmUp: 0, runs: 2 },
};
// No new repetition starts after this long, which keeps a slow backend from stretching `npm run bench`.
const budgetMs = 20_000;
const solveTimeLimitMs = 60_000;

const [label = "", backend = "", mode = "time"] = process.argv.slice(2);
const size = transportationSizes.find((s) => s.label === label);
const plan = runsBySize[label];
if (!size || !plan) throw new Error(`unknown size "${label}"`);

const network = transportationNetwork(size);
const result: SolveChildResult = {
  stage: "solve",
  status: "error",
  objective: null,
  buildMs: [],
  solveMs: [],
  endToEndMs: [],
  maxRssMb: 0,
};
const send = (stage: SolveChildResult["stage"]) => {
  result.stage = stage;
  result.maxRssMb = maxRssMb();
  report(result);
};
const solve = (lp: ReturnType<typeof buildAllocationModel>["lp"]) =>
  resolveSolver(backend, lp).solve(lp, { timeLimitMs: solveTimeLimitMs });

// One repetition per call: locals held across an `await` in a loop body stay reachable until the
// next iteration overwrites them, which would keep the last run's program alive through this one.
// No forced GC between runs: after a full collection the next run pays a cold process's costs
// again (code compiled against freed hidden classes re-optimised, the heap regrown, a major GC
// inside the solve), so a ~150 ms solve at 250k arcs took ~250 ms. Runs here follow each other
// as a server's solves do.
async function buildAndSolve(): Promise<{ buildMs: number; solveMs: number }> {
  const t0 = performance.now();
  const model = buildAllocationModel(network);
  const t1 = performance.now();
  const solution = await solve(model.lp);
  const t2 = performance.now();
  result.status = solution.status;
  if (solution.status !== "optimal") result.message = solution.message;
  else result.objective = solution.objective;
  return { buildMs: t1 - t0, solveMs: t2 - t1 };
}

async function endToEnd(): Promise<number> {
  const t0 = performance.now();
  const model = buildAllocationModel(network);
  interpretPlan(model, await solve(model.lp));
  return performance.now() - t0;
}

async function peakOfOneRun(): Promise<PeakChildResult> {
  const model = buildAllocationModel(network);
  const solution = await solve(model.lp);
  if (solution.status !== "optimal")
    return { status: solution.status, message: solution.message, maxRssMb: maxRssMb() };
  interpretPlan(model, solution);
  return { status: solution.status, maxRssMb: maxRssMb() };
}

if (mode === "peak") {
  report(await peakOfOneRun());
  process.exit(0);
}

// Build and solve first, then the whole of solveNetwork's steps (network -> program -> result ->
// plan) in runs of their own: plan interpretation can take far longer than the solve, and the
// runner stops this stage on a shorter clock without losing the figures before it.
let started = performance.now();
for (let run = 0; run < plan.warmUp + plan.runs; run++) {
  const { buildMs, solveMs } = await buildAndSolve();
  if (result.status !== "optimal") break;
  if (run >= plan.warmUp) {
    result.buildMs.push(buildMs);
    result.solveMs.push(solveMs);
    send("solve");
  }
  if (performance.now() - started > budgetMs) break;
}

if (result.status === "optimal") {
  send("endToEnd");
  started = performance.now();
  for (let run = 0; run < result.solveMs.length; run++) {
    result.endToEndMs.push(await endToEnd());
    send("endToEnd");
    if (performance.now() - started > budgetMs) break;
  }
}
send("done");
