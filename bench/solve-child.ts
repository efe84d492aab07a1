// One backend on one instance size, in a fresh process: timings of each step, objective, peak RSS.
// Usage: node --expose-gc --import tsx bench/solve-child.ts <size label> <backend id>
import { buildAllocationModel } from "../models/allocation/build.ts";
import { interpretPlan } from "../models/allocation/plan.ts";
import { resolveSolver } from "../src/solvers/registry.ts";
import { transportationNetwork, transportationSizes } from "./generate.ts";
import { maxRssMb, report } from "./stats.ts";

export interface SolveChildResult {
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
  status: "error",
  objective: null,
  buildMs: [],
  solveMs: [],
  endToEndMs: [],
  maxRssMb: 0,
};
const started = performance.now();
for (let run = 0; run < plan.warmUp + plan.runs; run++) {
  gc();
  // solveNetwork's steps, each on its own stopwatch: network -> program, program -> result, -> plan.
  const t0 = performance.now();
  const model = buildAllocationModel(network);
  const t1 = performance.now();
  const solution = await resolveSolver(backend, model.lp).solve(model.lp, {
    timeLimitMs: solveTimeLimitMs,
  });
  const t2 = performance.now();
  const solved = interpretPlan(model, solution);
  const t3 = performance.now();
  result.status = solved.status;
  result.message = solved.message;
  result.objective = solved.objective?.value ?? null;
  if (solved.status !== "optimal") break;
  if (run >= plan.warmUp) {
    result.buildMs.push(t1 - t0);
    result.solveMs.push(t2 - t1);
    result.endToEndMs.push(t3 - t0);
  }
  if (performance.now() - started > budgetMs && result.solveMs.length > 0) break;
}
result.maxRssMb = maxRssMb();
report(result);
