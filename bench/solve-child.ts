// One backend on one instance size, in a fresh process: timings of each step, objective, peak RSS.
// Usage: node --expose-gc --import tsx bench/solve-child.ts <size label> <backend id>
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

// Enough repetitions for a median where they are cheap; the budget keeps a slow backend to one.
const runsBySize: Record<string, { warmUp: number; runs: number }> = {
  "1k": { warmUp: 2, runs: 9 },
  "20k": { warmUp: 1, runs: 5 },
  "250k": { warmUp: 0, runs: 3 },
  "1M": { warmUp: 0, runs: 2 },
};
// No new repetition starts after this long, which keeps a full `npm run bench` near 10 minutes.
const budgetMs = 20_000;
const solveTimeLimitMs = 60_000;

const [label = "", backend = ""] = process.argv.slice(2);
const size = transportationSizes.find((s) => s.label === label);
const plan = runsBySize[label];
if (!size || !plan) throw new Error(`unknown size "${label}"`);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

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
async function buildAndSolve(): Promise<{ buildMs: number; solveMs: number }> {
  gc();
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
  gc();
  const t0 = performance.now();
  const model = buildAllocationModel(network);
  interpretPlan(model, await solve(model.lp));
  return performance.now() - t0;
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
