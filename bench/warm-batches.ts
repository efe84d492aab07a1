// Warm batches: 40 scenarios of one dataset planned as POST /v1/batches plans them (solveNetwork
// with the baseline's flows as reference, on one thread, one after another), each from the
// thread's kept basis (warmKey) and each cold, for the cities dataset and a 250k-lane network.
// Run through bench/warm.ts --batches [--scenarios=40] [--write]; with --write the table goes to
// bench/results/warm-batches.md.
import { readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { type Network, parseNetwork } from "../models/allocation/network.ts";
import { applyChanges, type Change } from "../models/allocation/scenario.ts";
import { referenceFlows } from "../models/allocation/stable.ts";
import { solveNetwork } from "../src/solve/solve.ts";
import { warmBases } from "../src/solve/warm-bases.ts";
import { largestFlowDifference } from "../test/support/plan-flows.ts";
import { mulberry32 } from "../test/support/random.ts";
import { transportationNetwork, transportationSizes } from "./generate.ts";
import { formatMs, median, table } from "./stats.ts";

interface Instance {
  name: string;
  network: Network;
  changes: (random: () => number) => Change[];
}

const pick = <T>(random: () => number, items: readonly T[]) =>
  items[Math.floor(random() * items.length)] as T;

function cities(): Instance {
  const file = "data/china-2024-cities/network.json";
  const parsed = parseNetwork(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.ok) throw new Error(`${file} is not a valid network`);
  const network = parsed.network;
  return {
    name: `${file} (implied lanes)`,
    network,
    // A planner's scenarios: tariffs and the carbon price, a few demands and capacities.
    changes: (random) => [
      { kind: "scaleModeCost", mode: "rail", factor: 0.8 + 0.45 * random() },
      { kind: "scaleModeCost", mode: "road", factor: 0.8 + 0.45 * random() },
      { kind: "setCarbonPrice", carbonPricePerT: Math.round(200 * random()) },
      ...[0, 1].map(
        (): Change => ({
          kind: "scaleDemand",
          smelterId: pick(random, network.smelters).id,
          factor: 0.85 + 0.3 * random(),
        }),
      ),
      {
        kind: "scalePlantCapacity",
        plantId: pick(random, network.plants).id,
        factor: 0.8 + 0.2 * random(),
      },
    ],
  };
}

function generated(): Instance {
  const size = transportationSizes.find((s) => s.label === "250k");
  if (!size) throw new Error("no 250k size");
  const network = transportationNetwork(size);
  const lanes = network.lanes ?? [];
  return {
    name: `generated ${size.plants} x ${size.smelters} (${lanes.length} explicit lanes, bench/generate.ts seed 1)`,
    network,
    changes: (random) => [
      ...Array.from(
        { length: 5 },
        (): Change => ({
          kind: "scaleDemand",
          smelterId: pick(random, network.smelters).id,
          factor: 0.85 + 0.3 * random(),
        }),
      ),
      ...Array.from(
        { length: 3 },
        (): Change => ({
          kind: "scalePlantCapacity",
          plantId: pick(random, network.plants).id,
          factor: 0.8 + 0.2 * random(),
        }),
      ),
      ...Array.from({ length: 20 }, (): Change => {
        const lane = pick(random, lanes);
        return {
          kind: "scaleLaneCost",
          from: lane.from,
          to: lane.to,
          mode: lane.mode,
          factor: 0.5 + random(),
        };
      }),
    ],
  };
}

const timeLimitMs = 120_000;

async function measure(instance: Instance, scenarios: number): Promise<string[]> {
  warmBases.clear();
  const key = instance.name;
  // The batch route's baseline: solved once (sensitivity off), its basis kept under the key.
  const baseline = await solveNetwork(instance.network, {
    timeLimitMs,
    sensitivity: "off",
    warmKey: key,
  });
  if (baseline.status !== "optimal") throw new Error(`baseline ${baseline.status}`);
  const reference = referenceFlows(baseline);
  // One cold plan first, so that neither side pays for compiling the code.
  const random = mulberry32(2024);
  const warmUp = applyChanges(instance.network, instance.changes(mulberry32(1)));
  if (!warmUp.ok) throw new Error(warmUp.issues[0]?.message);
  await solveNetwork(warmUp.network, { timeLimitMs, reference });
  const runs = { warm: [] as number[], cold: [] as number[] };
  const solverMs = { warm: [] as number[], cold: [] as number[] };
  let warmStarts = 0;
  let objectiveDifference = 0;
  let flowDifference = 0;
  for (let k = 0; k < scenarios; k++) {
    const applied = applyChanges(instance.network, instance.changes(random));
    if (!applied.ok) throw new Error(applied.issues[0]?.message);
    // Warm and cold alternate, so a change in the machine's load falls on both alike.
    let started = performance.now();
    const warm = await solveNetwork(applied.network, { timeLimitMs, reference, warmKey: key });
    runs.warm.push(performance.now() - started);
    started = performance.now();
    const cold = await solveNetwork(applied.network, { timeLimitMs, reference });
    runs.cold.push(performance.now() - started);
    if (warm.status !== "optimal" || cold.status !== "optimal")
      throw new Error(`scenario ${k}: warm ${warm.status}, cold ${cold.status}`);
    solverMs.warm.push(warm.solver.ms);
    solverMs.cold.push(cold.solver.ms);
    if (warm.solver.warmStart) warmStarts++;
    const c = cold.objective?.value ?? Number.NaN;
    objectiveDifference = Math.max(
      objectiveDifference,
      Math.abs((warm.objective?.value ?? Number.NaN) - c) / Math.abs(c),
    );
    flowDifference = Math.max(flowDifference, largestFlowDifference(warm, cold));
  }
  const total = (values: number[]) => values.reduce((sum, v) => sum + v, 0);
  return [
    instance.name,
    `${scenarios}`,
    `${formatMs(median(solverMs.cold))} / ${formatMs(median(solverMs.warm))}`,
    `${(median(solverMs.cold) / median(solverMs.warm)).toFixed(1)}x`,
    `${formatMs(median(runs.cold))} / ${formatMs(median(runs.warm))}`,
    `${formatMs(total(runs.cold))} / ${formatMs(total(runs.warm))}`,
    `${(total(runs.cold) / total(runs.warm)).toFixed(2)}x`,
    `${warmStarts}`,
    objectiveDifference.toExponential(1),
    `${flowDifference.toExponential(1)} t`,
  ];
}

export async function warmBatches(argv: readonly string[]): Promise<void> {
  const scenarios = Number(argv.find((a) => a.startsWith("--scenarios="))?.slice(12) ?? 40);
  // --only=cities or --only=250k runs one row, written to a file of its own (warm-batches-<row>.md).
  const only = argv.find((a) => a.startsWith("--only="))?.slice(7);
  const rows: string[][] = [];
  for (const [name, instance] of [
    ["cities", cities],
    ["250k", generated],
  ] as const) {
    if (only !== undefined && only !== name) continue;
    rows.push(await measure(instance(), scenarios));
    console.log(rows.at(-1)?.join(" | "));
  }
  const report = [
    "# Warm batches (node --import tsx bench/warm.ts --batches --write)",
    "",
    `${new Date().toISOString().slice(0, 16)} UTC, Node ${process.version}, 1-minute load average ${loadavg()[0]?.toFixed(1)} at the end (2 cores shared with other work: compare the columns of a row, not runs). Each row: ${scenarios} scenarios of one dataset, each planned as POST /v1/batches plans it (solveNetwork with the baseline plan's flows as reference, so the plan is the optimum nearest the baseline; sensitivity "auto"), in one process on one thread, one after another: warm (warmKey: from the basis the previous plan of the batch left, the first from the baseline's) and cold (no key), alternating scenario by scenario. "solver" is plan.solver.ms: the network simplex and the stabilising tie-break re-solve, which starts cold in both (its program's shape follows each optimum); "plan" is all of solveNetwork (model build, solves, sensitivity, interpretation). Plans must agree: largest relative objective difference and largest lane difference, warm against cold.`,
    "",
    table(
      [
        "dataset",
        "scenarios",
        "solver median, cold / warm",
        "solver ratio",
        "plan median, cold / warm",
        "batch total, cold / warm",
        "total ratio",
        "warm starts",
        "objective difference",
        "lane difference",
      ],
      rows,
    ),
    "",
  ];
  const file = `bench/results/warm-batches${only === undefined ? "" : `-${only}`}.md`;
  if (argv.includes("--write")) writeFileSync(file, report.join("\n"));
}
