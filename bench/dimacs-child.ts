// Writes one benchmark instance as the C++ reference reads it: the network simplex's own
// min-cost flow problem (network -> program -> toMinCostFlow) in DIMACS, so that LEMON and
// anodeflow solve the identical instance. In a process of its own, so the runner's heap stays small.
// Usage: node --import tsx bench/dimacs-child.ts <size label> <file>
import { writeFileSync } from "node:fs";
import { buildAllocationModel } from "../models/allocation/build.ts";
import { toMinCostFlow } from "../src/solvers/network-simplex/from-lp.ts";
import { writeDimacsMinCostFlow } from "./dimacs.ts";
import { coreOnlySizes, transportationNetwork, transportationSizes } from "./generate.ts";
import { report } from "./stats.ts";

export interface DimacsChildResult {
  nodes: number;
  arcs: number;
  /** The program's objective is this times the flow's cost: -1 for a maximisation (costs negated). */
  objectiveSign: 1 | -1;
}

const [label = "", file = ""] = process.argv.slice(2);
const size = [...transportationSizes, ...coreOnlySizes].find((s) => s.label === label);
if (!size || !file) throw new Error("usage: dimacs-child.ts <size label> <file>");
const { lp } = buildAllocationModel(transportationNetwork(size));
const translation = toMinCostFlow(lp);
if ("notANetwork" in translation) throw new Error(translation.notANetwork);
const { problem } = translation;
writeFileSync(
  file,
  writeDimacsMinCostFlow(problem, `anodeflow bench ${label}: ${lp.name}, toMinCostFlow`),
);
const result: DimacsChildResult = {
  nodes: problem.nodeCount,
  arcs: problem.source.length,
  objectiveSign: lp.sense === "max" ? -1 : 1,
};
report(result);
