// anodeflow's core on the very file the C++ reference reads: the DIMACS instance parsed into the
// arrays solveMinCostFlow takes, then solved `runs` + 1 times in this process (the first run
// pays the compiler's warm-up and is reported apart). A run is solveMinCostFlow whole: set-up from
// the arrays, crash basis, pivots and the optimal flows and potentials, as LEMON's set-up plus
// run() is. In a process of its own, so one size's heap cannot slow another's.
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
  solveMs: number[];
}

const [file = "", runsArg = "3"] = process.argv.slice(2);
if (!file) throw new Error("usage: core-child.ts <file.min> <runs>");
const problem = readDimacsMinCostFlow(readFileSync(file, "latin1"));
const result: CoreChildResult = { status: "error", cost: null, pivots: 0, firstMs: 0, solveMs: [] };
for (let run = 0; run <= Number(runsArg); run++) {
  const started = performance.now();
  const solved = solveMinCostFlow(problem);
  const ms = performance.now() - started;
  result.status = solved.status;
  result.pivots = solved.pivots;
  result.cost = solved.status === "optimal" ? solved.cost : null;
  if (run === 0) result.firstMs = ms;
  else result.solveMs.push(ms);
  if (solved.status !== "optimal") break;
}
report(result);
