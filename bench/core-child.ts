// anodeflow's core on the very file the C++ reference reads: the DIMACS instance parsed into the
// arrays solveMinCostFlow takes, then solved 1 + settlingRuns + `runs` times in this process. The
// first run and the settling runs are the compiler's warm-up, reported apart: V8 compiles the
// solver's parts as they grow hot, and the set-up, crash basis and main loop reach their optimised
// code only in runs 2 to 4 (node --trace-opt; at 250k arcs runs 2-4 took 90, 88 and 80 ms, the
// later ones 69-73 ms). A run is solveMinCostFlow whole: set-up from the arrays, crash basis,
// pivots and the optimal flows and potentials, as LEMON's set-up plus run() is. In a process of
// its own, so one size's heap cannot slow another's.
// Usage: node --import tsx bench/core-child.ts <file.min> <runs>
import { readFileSync } from "node:fs";
import { solveMinCostFlow } from "../src/solvers/network-simplex/min-cost-flow.ts";
import { readDimacsMinCostFlow } from "./dimacs.ts";
import { report } from "./stats.ts";

export interface CoreChildResult {
  status: string;
  /** The flow's total cost (DIMACS costs: LEMON's totalCost). */
  cost: number | null;
  pivots: number;
  firstMs: number;
  /** The runs after the first that are still warm-up. */
  settlingMs: number[];
  solveMs: number[];
}

const settlingRuns = 3;

const [file = "", runsArg = "3"] = process.argv.slice(2);
if (!file) throw new Error("usage: core-child.ts <file.min> <runs>");
const problem = readDimacsMinCostFlow(readFileSync(file, "latin1"));
const result: CoreChildResult = {
  status: "error",
  cost: null,
  pivots: 0,
  firstMs: 0,
  settlingMs: [],
  solveMs: [],
};
for (let run = 0; run <= settlingRuns + Number(runsArg); run++) {
  const started = performance.now();
  const solved = solveMinCostFlow(problem);
  const ms = performance.now() - started;
  result.status = solved.status;
  result.pivots = solved.pivots;
  result.cost = solved.status === "optimal" ? solved.cost : null;
  if (run === 0) result.firstMs = ms;
  else if (run <= settlingRuns) result.settlingMs.push(ms);
  else result.solveMs.push(ms);
  if (solved.status !== "optimal") break;
}
report(result);
