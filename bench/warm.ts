// Warm starts: 100 variants of the cities dataset, solved cold and each from the last basis, for
// three kinds of change (costs; demands; demands and capacities together).
// Usage: node --import tsx bench/warm.ts [--variants=100] [--rounds=5] [--write]. Prints a table; with --write
// also writes it to bench/results/warm.md. With --batches, whole scenario plans of a batch instead
// (bench/warm-batches.ts, bench/results/warm-batches.md).
import { readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { buildAllocationModel } from "../models/allocation/build.ts";
import { parseNetwork } from "../models/allocation/network.ts";
import type { Change } from "../models/allocation/scenario.ts";
import { applyChanges } from "../models/allocation/scenario.ts";
import type { LinearProgram } from "../models/lp.ts";
import {
  createWarmNetworkSimplex,
  networkSimplexSolver,
} from "../src/solvers/network-simplex/index.ts";
import { mulberry32 } from "../test/support/random.ts";
import { median, table } from "./stats.ts";
import { warmBatches } from "./warm-batches.ts";

if (process.argv.includes("--batches")) {
  await warmBatches(process.argv);
  process.exit(0);
}

const variants = Number(process.argv.find((a) => a.startsWith("--variants="))?.slice(11) ?? 100);
// Cold and warm passes alternate, round by round, so that both meet the same machine: the totals
// of one cold pass and one warm pass, minutes apart on a shared machine, moved the ratio by 20 %.
const rounds = Number(process.argv.find((a) => a.startsWith("--rounds="))?.slice(9) ?? 5);
const file = "data/china-2024-cities/network.json";
const parsed = parseNetwork(JSON.parse(readFileSync(file, "utf8")));
if (!parsed.ok) throw new Error(`${file} is not a valid network`);
const network = parsed.network;

type Family = { name: string; changes: (random: () => number) => Change[] };
const pick = <T>(random: () => number, items: readonly T[]) =>
  items[Math.floor(random() * items.length)] as T;
const smelterIds = network.smelters.map((s) => s.id);
const plantIds = network.plants.map((p) => p.id);

const families: Family[] = [
  {
    name: "costs (rail and road tariffs x0.8-1.25, carbon price 0-200 CNY/t)",
    changes: (random) => [
      { kind: "scaleModeCost", mode: "rail", factor: 0.8 + 0.45 * random() },
      { kind: "scaleModeCost", mode: "road", factor: 0.8 + 0.45 * random() },
      { kind: "setCarbonPrice", carbonPricePerT: Math.round(200 * random()) },
    ],
  },
  {
    name: "demands (three smelters x0.85-1.15)",
    changes: (random) =>
      [0, 1, 2].map(() => ({
        kind: "scaleDemand",
        smelterId: pick(random, smelterIds),
        factor: 0.85 + 0.3 * random(),
      })),
  },
  {
    name: "demands and capacities (two smelters x0.85-1.15, two plants x0.8-1.0)",
    changes: (random) => [
      ...[0, 1].map(
        (): Change => ({
          kind: "scaleDemand",
          smelterId: pick(random, smelterIds),
          factor: 0.85 + 0.3 * random(),
        }),
      ),
      ...[0, 1].map(
        (): Change => ({
          kind: "scalePlantCapacity",
          plantId: pick(random, plantIds),
          factor: 0.8 + 0.2 * random(),
        }),
      ),
    ],
  },
];

const options = { timeLimitMs: 60_000 };
type Solve = (lp: LinearProgram) => ReturnType<typeof networkSimplexSolver.solve>;
async function run(programs: LinearProgram[], solve: Solve) {
  const objectives: number[] = [];
  const started = performance.now();
  for (const lp of programs) {
    const result = await solve(lp);
    if (result.status !== "optimal") throw new Error(`${result.status}: ${result.message}`);
    objectives.push(result.objective);
  }
  return { ms: performance.now() - started, objectives };
}

const rows: string[][] = [];
for (const family of families) {
  const random = mulberry32(2024);
  // Each variant changes the dataset afresh, so consecutive programs differ by two of them.
  const programs = Array.from({ length: variants }, () => {
    const applied = applyChanges(network, family.changes(random));
    if (!applied.ok) throw new Error(applied.issues[0]?.message);
    return buildAllocationModel(applied.network).lp;
  });
  // An untimed pass of each first, so that neither timed pass pays for compiling its code: on a
  // loaded machine a warm solver's short solves ran uncompiled for a dozen solves or more (at about
  // the cold speed) after a few warm-up solves, while the cold solve's long loops compile within one.
  await run(programs, (lp) => networkSimplexSolver.solve(lp, options));
  const warmUp = createWarmNetworkSimplex();
  await run(programs, (lp) => warmUp.solve(lp, options));
  const coldMs: number[] = [];
  const warmMs: number[] = [];
  let worst = 0;
  let warmStarts = 0;
  for (let round = 0; round < rounds; round++) {
    const cold = await run(programs, (lp) => networkSimplexSolver.solve(lp, options));
    const warmSolver = createWarmNetworkSimplex();
    const warm = await run(programs, (lp) => warmSolver.solve(lp, options));
    coldMs.push(cold.ms);
    warmMs.push(warm.ms);
    warmStarts = warmSolver.warmStarts();
    for (const [k, c] of cold.objectives.entries())
      worst = Math.max(worst, Math.abs(c - (warm.objectives[k] ?? Number.NaN)) / Math.abs(c));
  }
  const ratios = coldMs.map((c, k) => c / (warmMs[k] as number));
  rows.push([
    family.name,
    `${variants}`,
    `${median(coldMs).toFixed(0)} ms`,
    `${median(warmMs).toFixed(0)} ms`,
    `${warmStarts}`,
    `${(median(coldMs) / median(warmMs)).toFixed(1)}x`,
    `${Math.min(...ratios).toFixed(1)}-${Math.max(...ratios).toFixed(1)}x`,
    worst.toExponential(1),
  ]);
  console.log(rows.at(-1)?.join(" | "));
}

const columns = buildAllocationModel(network).lp.columns.length;
const report = [
  "# Warm starts (node --import tsx bench/warm.ts --write)",
  "",
  `${new Date().toISOString().slice(0, 16)} UTC, Node ${process.version}, 1-minute load average ${loadavg()[0]?.toFixed(1)} at the end. ${variants} variants of ${file} (${columns} columns) per row, each solved by the network-simplex backend cold (crash basis) and then, in a second pass, each from the previous variant's optimal basis (createWarmNetworkSimplex: each program read into the kept translation's arcs; the basis re-priced when only costs move, otherwise re-fitted to the new supplies and bounds; tree arcs handed to cheaper parallel arcs first). Totals over the variants, one process, after an untimed pass of each (so that neither pays for compiling its code; the warm one on a throwaway solver); the model build is not timed. ${rounds} rounds of a cold pass then a warm pass (a fresh warm solver each round): medians of the totals, their ratio, and the range of the rounds' ratios. The objectives must agree (largest relative difference over all rounds shown).`,
  "",
  table(
    [
      "variants of",
      "count",
      "cold total (median)",
      "warm total (median)",
      "warm starts",
      "cold / warm",
      "rounds' ratios",
      "objective difference",
    ],
    rows,
  ),
  "",
];
if (process.argv.includes("--write")) writeFileSync("bench/results/warm.md", report.join("\n"));
