// Warm starts: 100 cost variants of the cities dataset solved cold and from the last basis.
// Usage: node --import tsx bench/warm.ts [--variants=100]. Prints the totals, their ratio and the
// largest objective difference; writes nothing.
import { readFileSync } from "node:fs";
import { buildAllocationModel } from "../models/allocation/build.ts";
import { parseNetwork } from "../models/allocation/network.ts";
import { applyChanges } from "../models/allocation/scenario.ts";
import type { LinearProgram } from "../models/lp.ts";
import {
  createWarmNetworkSimplex,
  networkSimplexSolver,
} from "../src/solvers/network-simplex/index.ts";
import { mulberry32 } from "../test/support/random.ts";

const variants = Number(process.argv.find((a) => a.startsWith("--variants="))?.slice(11) ?? 100);
const file = "data/china-2024-cities/network.json";
const parsed = parseNetwork(JSON.parse(readFileSync(file, "utf8")));
if (!parsed.ok) throw new Error(`${file} is not a valid network`);
const network = parsed.network;
const random = mulberry32(2024);

// Each variant moves the rail and road tariffs and the carbon price: costs only.
const programs: LinearProgram[] = [];
for (let k = 0; k < variants; k++) {
  const factor = () => 0.8 + 0.45 * random();
  const applied = applyChanges(network, [
    { kind: "scaleModeCost", mode: "rail", factor: factor() },
    { kind: "scaleModeCost", mode: "road", factor: factor() },
    { kind: "setCarbonPrice", carbonPricePerT: Math.round(200 * random()) },
  ]);
  if (!applied.ok) throw new Error(applied.issues[0]?.message);
  programs.push(buildAllocationModel(applied.network).lp);
}

const options = { timeLimitMs: 60_000 };
async function run(solve: (lp: LinearProgram) => ReturnType<typeof networkSimplexSolver.solve>) {
  const objectives: number[] = [];
  const started = performance.now();
  for (const lp of programs) {
    const result = await solve(lp);
    if (result.status !== "optimal") throw new Error(`${result.status}: ${result.message}`);
    objectives.push(result.objective);
  }
  return { ms: performance.now() - started, objectives };
}

// One warm-up solve each, so that neither run pays for compiling the solver.
await networkSimplexSolver.solve(programs[0] as LinearProgram, options);
const cold = await run((lp) => networkSimplexSolver.solve(lp, options));
const warmSolver = createWarmNetworkSimplex();
const warm = await run((lp) => warmSolver.solve(lp, options));
const worst = Math.max(
  ...cold.objectives.map((c, k) => Math.abs(c - (warm.objectives[k] ?? Number.NaN)) / Math.abs(c)),
);
console.log(
  `${variants} cost variants of ${file} (${programs[0]?.columns.length} columns): cold ${cold.ms.toFixed(0)} ms, warm ${warm.ms.toFixed(0)} ms (${warmSolver.warmStarts()} warm starts), ${(cold.ms / warm.ms).toFixed(1)}x; largest relative objective difference ${worst.toExponential(1)}`,
);
