// `npm run bench`: every backend on every instance size, then the HTTP path; writes bench/results/latest.md.
import { execFileSync, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, loadavg } from "node:os";
import { arcCount, coreOnlySizes, transportationSizes } from "./generate.ts";
import type { HealthzTiming, PostTiming } from "./http-child.ts";
import { type LemonMeasured, lemonRuns, measureLemon, prepareLemon } from "./lemon.ts";
import type { PeakChildResult, SolveChildResult } from "./solve-child.ts";
import { formatMs, median, resultPrefix, table } from "./stats.ts";

const backends = ["network-simplex", "highs", "javascript-lp-solver"] as const;
type Backend = (typeof backends)[number];

/** Runs known not to finish in 60 s, or not to fit in memory, are skipped with the reason. */
const skipped: Partial<Record<string, Partial<Record<Backend, string>>>> = {
  "1M": {
    "javascript-lp-solver":
      "skipped: its dense tableau (rows x columns doubles) would need ~16 GB at 1M arcs",
  },
};

/**
 * A child's allowance to its first report (one build and one solve with its 60 s limit), and
 * again for the rest of its build-and-solve runs.
 */
const childTimeoutMs = 90_000;
/**
 * Plan interpretation (marginal costs and exact ranges) can outlast the solve by far at scale;
 * past this the end-to-end figure is reported as not finished.
 */
const endToEndTimeoutMs = 30_000;
const agreementTolerance = 1e-6;

/**
 * Default datasets timed end to end as a user runs them: the CLI in a child process, from process
 * start to the printed plan (`--json`, so the solver's own figures can be read back), median of 3.
 */
const datasets = [
  { file: "data/china-2024/network-monthly.json", targetMs: undefined },
  { file: "data/china-2024-cities/network-monthly.json", targetMs: 5_000 },
  { file: "data/china-2024/network-lots.json", targetMs: 30_000 },
] as const;
const datasetRuns = 3;

interface DatasetTiming {
  file: string;
  targetMs: number | null;
  endToEndMs: number[];
  status: string;
  solver: string;
  solverMs: number;
  mipGap: number | null;
  failure?: string;
}

/** One CLI run: wall time from spawn to exit, and the plan's status and solver figures. */
function cliRun(
  file: string,
): Promise<{ ms: number; plan?: Record<string, unknown>; failure?: string }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      // `npm run plan`'s command: the compiled CLI (npm run bench builds it first).
      ["dist/node/src/entry/cli.js", "--network", file, "--json"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.stderr.on("data", (chunk) => {
      err += chunk;
    });
    child.on("close", (code) => {
      const ms = performance.now() - started;
      try {
        resolve({ ms, plan: JSON.parse(out) as Record<string, unknown> });
      } catch {
        resolve({ ms, failure: `exit ${code}: ${err.slice(0, 200)}` });
      }
    });
  });
}

async function measureDatasets(log: (message: string) => void): Promise<DatasetTiming[]> {
  const out: DatasetTiming[] = [];
  for (const { file, targetMs } of datasets) {
    log(`${file} (CLI, ${datasetRuns} runs) ...`);
    const timing: DatasetTiming = {
      file,
      targetMs: targetMs ?? null,
      endToEndMs: [],
      status: "",
      solver: "",
      solverMs: Number.NaN,
      mipGap: null,
    };
    for (let run = 0; run < datasetRuns; run++) {
      const { ms, plan, failure } = await cliRun(file);
      if (!plan) {
        timing.failure = failure;
        break;
      }
      const solver = plan.solver as { id: string; ms: number; mipGap?: number | null };
      timing.endToEndMs.push(ms);
      timing.status = String(plan.status);
      timing.solver = solver.id;
      timing.solverMs = solver.ms;
      timing.mipGap = solver.mipGap ?? null;
    }
    out.push(timing);
  }
  return out;
}

function datasetTable(timings: readonly DatasetTiming[] | undefined): string {
  if (!timings) return "not measured in this run";
  return table(
    [
      "dataset",
      "status",
      "solver",
      "solve (last run)",
      "end-to-end (median of 3)",
      "target",
      "MIP gap",
    ],
    timings.map((t) => {
      const e2e = median(t.endToEndMs);
      return [
        t.file,
        t.failure ? `failed: ${t.failure}` : t.status,
        t.solver,
        formatMs(t.solverMs),
        formatMs(e2e),
        t.targetMs === null
          ? "–"
          : `< ${formatMs(t.targetMs)}: ${e2e < t.targetMs ? "met" : "missed"}`,
        t.mipGap === null ? "–" : `${(t.mipGap * 100).toFixed(3)} %`,
      ];
    }),
  );
}

interface ChildOutcome<T> {
  result?: T;
  failure?: string;
}

/**
 * Runs a bench child and keeps the last result line it printed. A child may report in stages
 * (`stage` in its result): each new stage restarts the clock with that stage's allowance.
 */
function runChild<T>(
  args: readonly string[],
  stageTimeoutsMs: Record<string, number> = {},
): Promise<ChildOutcome<T>> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let latest: T | undefined;
    let stage: string | undefined;
    let allowanceMs = childTimeoutMs;
    let timer = setTimeout(() => child.kill("SIGKILL"), allowanceMs);
    let pending = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      pending += chunk;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        if (!line.startsWith(resultPrefix)) continue;
        latest = JSON.parse(line.slice(resultPrefix.length)) as T;
        const next = (latest as { stage?: string }).stage;
        if (next !== stage && next !== undefined && stageTimeoutsMs[next] !== undefined) {
          clearTimeout(timer);
          allowanceMs = stageTimeoutsMs[next];
          timer = setTimeout(() => child.kill("SIGKILL"), allowanceMs);
        }
        stage = next;
      }
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve({ result: latest });
      const failure =
        signal === "SIGKILL"
          ? `killed after ${allowanceMs / 1000} s${stage ? ` in stage ${stage}` : ""}`
          : `exited with ${code ?? signal}: ${stderr.trim().split("\n").slice(-1)[0] ?? ""}`;
      resolve({ result: latest, failure });
    });
  });
}

function cpuModel(): string {
  const line = readFileSync("/proc/cpuinfo", "utf8")
    .split("\n")
    .find((l) => l.startsWith("model name"));
  return line?.split(":")[1]?.trim() ?? "unknown CPU";
}

const mb = (value: number) => (Number.isNaN(value) ? "–" : `${Math.round(value)} MB`);
/** A target's verdict; a figure that was not measured (NaN) meets nothing. */
const verdict = (value: number, met: (value: number) => boolean) =>
  Number.isNaN(value) ? "**not measured**" : met(value) ? "met" : "**not met**";

interface Measured {
  label: string;
  arcs: number;
  backend: Backend;
  outcome: ChildOutcome<SolveChildResult>;
  /** One end-to-end run in a process of its own, for its peak memory; only after an optimum. */
  peak?: ChildOutcome<PeakChildResult>;
}

/** Everything one run measured, saved before it is rendered so that no rendering bug loses it. */
interface RawResults {
  startedAt: string;
  cpu: string;
  cores: number;
  node: string;
  loadBefore: number;
  loadAfter: number;
  baseline: ChildOutcome<{ maxRssMb: number }>;
  measured: Measured[];
  posts: ChildOutcome<PostTiming[]>;
  healthz: ChildOutcome<HealthzTiming>;
  datasets?: DatasetTiming[];
  /** The C++ reference on the same instances; absent from runs before it was added. */
  lemon?: { skipped?: string; measured: LemonMeasured[] };
}

async function measure(): Promise<RawResults> {
  const startedAt = new Date().toISOString();
  const loadBefore = loadavg()[0] ?? Number.NaN;
  const log = (message: string) => process.stderr.write(`${message}\n`);

  const baseline = await runChild<{ maxRssMb: number }>(["bench/baseline-child.ts"]);
  const reference = prepareLemon();
  const lemon: NonNullable<RawResults["lemon"]> = { measured: [] };
  if ("skipped" in reference) {
    lemon.skipped = reference.skipped;
    log(reference.skipped);
  }
  const measured: Measured[] = [];
  for (const size of sizes) {
    for (const backend of backends) {
      const reason = skipped[size.label]?.[backend];
      const entry: Measured = { label: size.label, arcs: arcCount(size), backend, outcome: {} };
      if (reason) entry.outcome.failure = reason;
      else {
        log(`${size.label} ${backend} ...`);
        entry.outcome = await runChild<SolveChildResult>(
          ["bench/solve-child.ts", size.label, backend],
          { solve: childTimeoutMs, endToEnd: endToEndTimeoutMs },
        );
        if (entry.outcome.result?.status === "optimal") {
          entry.peak = await runChild<PeakChildResult>([
            "bench/solve-child.ts",
            size.label,
            backend,
            "peak",
          ]);
        }
      }
      measured.push(entry);
    }
    if ("binary" in reference) {
      log(`${size.label} LEMON (C++ reference) ...`);
      const m = await measureLemon(size.label, reference.binary);
      lemon.measured.push(m);
      const ours = measured.find((e) => e.label === size.label && e.backend === "network-simplex")
        ?.outcome.result?.objective;
      if (m.objective !== null && typeof ours === "number" && !objectivesAgree(m.objective, ours))
        log(
          `*** ${size.label}: LEMON's objective ${m.objective} differs from network-simplex's ${ours} ***`,
        );
      else if (m.failure) log(`${size.label} LEMON: ${m.failure}`);
    }
  }
  // Sizes measured by the core alone, beside the reference (the whole program would not fit).
  if ("binary" in reference) {
    for (const size of coreOnlySizes.filter(
      (s) => !sizesArg || sizesArg.split(",").includes(s.label),
    )) {
      log(`${size.label} LEMON (C++ reference) and anodeflow's core ...`);
      const m = await measureLemon(size.label, reference.binary);
      lemon.measured.push(m);
      if (m.failure) log(`${size.label} LEMON: ${m.failure}`);
    }
  }
  log("POST /v1/solve ...");
  const posts = await runChild<PostTiming[]>(["bench/http-child.ts", "post"]);
  log("GET /healthz during a 1M-lane solve ...");
  const healthz = await runChild<HealthzTiming>(["bench/http-child.ts", "healthz"]);
  const timedDatasets = await measureDatasets(log);
  return {
    startedAt,
    cpu: cpuModel(),
    cores: availableParallelism(),
    node: process.version,
    loadBefore,
    loadAfter: loadavg()[0] ?? Number.NaN,
    baseline,
    measured,
    posts,
    healthz,
    datasets: timedDatasets,
    lemon,
  };
}

/** Relative gap between two objectives, as every backend is held to the first one's. */
const objectiveGap = (value: number, reference: number) =>
  Math.abs(value - reference) / Math.max(1, Math.abs(reference));
const objectivesAgree = (value: number, reference: number) =>
  objectiveGap(value, reference) <= agreementTolerance;

const lemonBackend = "LEMON (C++ reference)";

/** LEMON's set-up and run() together: from the arrays to the optimal flows, as solveMinCostFlow. */
const lemonCoreMs = (l: LemonMeasured) => median(l.setupMs ?? []) + median(l.solveMs);
/** anodeflow's core on LEMON's own file: median of the runs after the compiler's warm-up. */
const oursCoreMs = (l: LemonMeasured) => median(l.core?.result?.solveMs ?? []);

/** Per size measured by LEMON: its figures beside anodeflow's, with the ratios. */
function lemonComparison(raw: RawResults): string[][] {
  return (raw.lemon?.measured ?? []).map((l) => {
    const ours = raw.measured.find((m) => m.label === l.label && m.backend === "network-simplex")
      ?.outcome.result;
    const oursOptimal = ours?.status === "optimal";
    const backendSolve = oursOptimal ? median(ours.solveMs) : Number.NaN;
    const endToEnd = oursOptimal ? median(ours.endToEndMs) : Number.NaN;
    const core = l.core?.result;
    const lemonCore = lemonCoreMs(l);
    const ratio = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}x` : "–");
    // The program's objective against the backend's; the flow's cost against the core's.
    const checks: string[] = [];
    if (oursOptimal && ours.objective !== null && l.objective !== null)
      checks.push(
        objectivesAgree(l.objective, ours.objective)
          ? `program yes (${objectiveGap(l.objective, ours.objective).toExponential(0)})`
          : `program **NO**: ${l.objective} against ${ours.objective}`,
      );
    if (core?.status === "optimal" && core.cost !== null && l.flowCost !== undefined)
      checks.push(
        objectivesAgree(l.flowCost, core.cost)
          ? `flow cost yes (${objectiveGap(l.flowCost, core.cost).toExponential(0)})`
          : `flow cost **NO**: ${l.flowCost} against ${core.cost}`,
      );
    if (l.objective === null) checks.push(`**NO**: LEMON ${l.failure ?? l.status}`);
    if (core?.status !== "optimal")
      checks.push(`**NO**: core ${l.core?.failure ?? core?.status ?? "not run"}`);
    return [
      l.label,
      l.nodes?.toLocaleString("en") ?? "–",
      l.arcs?.toLocaleString("en") ?? "–",
      formatMs(median(l.readMs)),
      formatMs(median(l.setupMs ?? [])),
      formatMs(median(l.solveMs)),
      formatMs(median(l.wholeMs)),
      core?.status === "optimal"
        ? `${formatMs(oursCoreMs(l))} (first ${[core.firstMs, ...(core.settlingMs ?? [])].map(formatMs).join(", ")})`
        : "–",
      ratio(oursCoreMs(l) / lemonCore),
      Number.isFinite(backendSolve)
        ? `${formatMs(backendSolve)} (${ratio(backendSolve / lemonCore)})`
        : "–",
      formatMs(endToEnd),
      ratio(endToEnd / median(l.wholeMs)),
      checks.join("; "),
    ];
  });
}

function render(raw: RawResults): string {
  const { measured, posts, healthz, baseline } = raw;

  // Per size: the fastest solve and end-to-end, and the objective every backend is held to.
  const rows: string[][] = [];
  // Why a backend has no figures at a size, listed under the table so the columns stay narrow.
  const notes: string[] = [];
  const solveMedian = (m: Measured) => median(m.outcome.result?.solveMs ?? []);
  for (const size of transportationSizes) {
    const group = measured.filter((m) => m.label === size.label);
    const optimal = group.filter((m) => m.outcome.result?.status === "optimal");
    const fastest = Math.min(...optimal.map(solveMedian));
    const fastestEndToEnd = Math.min(
      ...optimal.map((m) => median(m.outcome.result?.endToEndMs ?? [])).filter(Number.isFinite),
    );
    const reference = optimal[0]?.outcome.result?.objective ?? Number.NaN;
    for (const m of group) {
      const r = m.outcome.result;
      const arcs = m.arcs.toLocaleString("en");
      if (r?.status !== "optimal") {
        notes.push(
          `${size.label} ${m.backend}: ${m.outcome.failure ?? `${r?.status}: ${r?.message ?? ""}`}`,
        );
        const mark = `note ${notes.length}`;
        rows.push([size.label, arcs, m.backend, "–", "–", "–", "–", "–", "–", "–", mark]);
        continue;
      }
      const endToEnd = median(r.endToEndMs);
      // A child stopped while timing end-to-end still gave its build and solve figures.
      const endToEndCell =
        r.endToEndMs.length > 0 ? formatMs(endToEnd) : `not done in ${endToEndTimeoutMs / 1000} s`;
      const ratio = (x: number) => (Number.isFinite(x) ? `${x.toFixed(1)}x` : "–");
      const gap =
        Math.abs((r.objective ?? Number.NaN) - reference) / Math.max(1, Math.abs(reference));
      rows.push([
        size.label,
        arcs,
        m.backend,
        String(r.solveMs.length),
        formatMs(median(r.buildMs)),
        formatMs(solveMedian(m)),
        endToEndCell,
        `${ratio(solveMedian(m) / fastest)} / ${ratio(endToEnd / fastestEndToEnd)}`,
        `${m.peak?.result?.status === "optimal" ? mb(m.peak.result.maxRssMb) : "–"} / ${mb(r.maxRssMb)}`,
        String(r.objective),
        gap <= agreementTolerance
          ? `yes (${gap.toExponential(0)})`
          : `**NO** (${gap.toExponential(1)})`,
      ]);
    }
    // The C++ reference, held to the same objective; not counted in "x fastest", which compares
    // anodeflow's backends (its own ratios are in the table after this one).
    const l = raw.lemon?.measured.find((x) => x.label === size.label);
    if (l) {
      const arcs = arcCount(size).toLocaleString("en");
      if (l.status !== "optimal" || l.objective === null || l.solveMs.length === 0) {
        notes.push(`${size.label} ${lemonBackend}: ${l.failure ?? l.status}`);
        rows.push([
          size.label,
          arcs,
          lemonBackend,
          "–",
          "–",
          "–",
          "–",
          "–",
          "–",
          "–",
          `note ${notes.length}`,
        ]);
        continue;
      }
      const gap = objectiveGap(l.objective, reference);
      rows.push([
        size.label,
        arcs,
        lemonBackend,
        String(l.solveMs.length),
        formatMs(median(l.readMs)),
        formatMs(median(l.solveMs)),
        formatMs(median(l.wholeMs)),
        "–",
        `${mb(l.maxRssMb)} / –`,
        String(l.objective),
        gap <= agreementTolerance
          ? `yes (${gap.toExponential(0)})`
          : `**NO** (${gap.toExponential(1)})`,
      ]);
    }
  }
  const lemonRows = lemonComparison(raw);

  const find = (label: string, backend: Backend) =>
    measured.find((m) => m.label === label && m.backend === backend)?.outcome.result;
  const ns20k = median(find("20k", "network-simplex")?.solveMs ?? []);
  const js20k = median(find("20k", "javascript-lp-solver")?.solveMs ?? []);
  const ns250k = median(find("250k", "network-simplex")?.solveMs ?? []);
  const ns1M = find("1M", "network-simplex");
  const ns1MSolve = median(ns1M?.solveMs ?? []);
  const post = (dataset: string) =>
    posts.result?.find(
      (p) => p.dataset === dataset && p.solveIn === "pool" && p.status === "optimal",
    );
  const postDefault = post("china-2024")?.warmMedianMs ?? Number.NaN;
  const postCities = post("china-2024-cities")?.warmMedianMs ?? Number.NaN;
  const h = healthz.result;
  // The probes count only if the solve really ran in the pool, to its end or to its limit.
  const healthzMax = h && ["optimal", "timeLimit"].includes(h.solveStatus) ? h.maxMs : Number.NaN;
  const ns1MPeak = measured.find((m) => m.label === "1M" && m.backend === "network-simplex")?.peak;
  const ns1MRss = ns1MPeak?.result?.status === "optimal" ? ns1MPeak.result.maxRssMb : Number.NaN;
  const coreRatio = (label: string) => {
    const l = raw.lemon?.measured.find((x) => x.label === label);
    return l ? oursCoreMs(l) / lemonCoreMs(l) : Number.NaN;
  };
  const coreRatios = ["250k", "1M", "4M"].map(coreRatio);
  const targets = [
    [
      "network simplex >= 15x faster than javascript-lp-solver at 20k arcs (solve)",
      `${(js20k / ns20k).toFixed(1)}x`,
      verdict(js20k / ns20k, (x) => x >= 15),
    ],
    [
      "250k arcs solved in < 0.25 s (network simplex)",
      formatMs(ns250k),
      verdict(ns250k, (ms) => ms < 250),
    ],
    [
      "1M arcs solved in < 1.5 s (network simplex)",
      formatMs(ns1MSolve),
      verdict(ns1MSolve, (ms) => ms < 1500),
    ],
    [
      "1M arcs under 1 GB peak (a process making one solve: network, program, solve, plan)",
      mb(ns1MRss),
      verdict(ns1MRss, (rss) => rss < 1024),
    ],
    [
      "POST /v1/solve, china-2024, warm median < 20 ms",
      formatMs(postDefault),
      verdict(postDefault, (ms) => ms < 20),
    ],
    [
      "POST /v1/solve, china-2024-cities, warm median < 100 ms",
      formatMs(postCities),
      verdict(postCities, (ms) => ms < 100),
    ],
    [
      "GET /healthz within 50 ms during a 1M solve (slowest probe)",
      // The probes can fall between stalls; the loop's own delay says how long one could wait.
      `${formatMs(healthzMax)} (event loop delay max ${formatMs(h?.loopDelayMaxMs ?? Number.NaN)})`,
      verdict(healthzMax, (ms) => ms < 50),
    ],
    [
      "core within 2x of the C++ reference (LEMON set-up + run()) at 250k, 1M and 4M arcs (issue #15)",
      coreRatios.map((x) => (Number.isFinite(x) ? `${x.toFixed(2)}x` : "–")).join(", "),
      verdict(Math.max(...coreRatios), (x) => x <= 2),
    ],
  ];

  const postRows = (posts.result ?? []).map((p) => [
    p.dataset,
    p.solveIn,
    p.status,
    String(p.requests),
    formatMs(p.warmMedianMs),
    formatMs(p.warmP90Ms),
  ]);

  const markdown = [
    "# Benchmark results",
    "",
    `Written by \`npm run bench\` on ${raw.startedAt.slice(0, 16).replace("T", " ")} UTC.`,
    `Machine: ${raw.cpu}, ${raw.cores} cores, Node ${raw.node}. Load average`,
    `${raw.loadBefore.toFixed(1)} at the start and ${raw.loadAfter.toFixed(1)} at the end (other work on the machine slows every figure).`,
    "",
    "## Targets (issues #4 and #15)",
    "",
    table(["target", "measured", ""], targets),
    "",
    "## Solvers on seeded transportation instances",
    "",
    "Plants x smelters, one lane each (bench/generate.ts, seed 1, integral data). Each backend",
    "and size runs in a fresh process. build is network -> program; solve is the backend on the",
    "program; end-to-end is network -> plan (build, solve and plan interpretation with its",
    "marginal costs and ranges: the steps of `solveNetwork`), timed in runs of its own and",
    `stopped after ${endToEndTimeoutMs / 1000} s. Medians over \`runs\`, after warm-up runs below 1M, one run`,
    "after another with no forced GC in between, as a server's solves follow each other. Peak RSS",
    "is the maxRSS of a fresh process that generates the network and makes one end-to-end run,",
    "then of the timing process over all its runs (which also holds garbage of earlier runs not yet",
    `collected); an idle process with the same modules loaded: ${baseline.result ? mb(baseline.result.maxRssMb) : "–"}. Ratios are to the fastest backend at`,
    "that size in this run; objectives must agree with the first backend's to",
    `${agreementTolerance.toExponential()} relative. The ${lemonBackend} rows are the C++ network simplex on the`,
    "same instance (next section): build is reading its DIMACS file into the graph, solve its",
    "`run()`, end-to-end its whole process from spawn to exit; they are not in the ratios.",
    "",
    table(
      [
        "size",
        "arcs",
        "backend",
        "runs",
        "build",
        "solve",
        "end-to-end",
        "x fastest (solve / e2e)",
        "peak RSS (one run / all runs)",
        "objective (CNY)",
        "agrees",
      ],
      rows,
    ),
    "",
    ...notes.map((note, i) => `${i + 1}. ${note}`),
    "",
    "## Network simplex against a C++ reference (LEMON)",
    "",
    "LEMON 1.3's `NetworkSimplex` (default block search pivots, `long long` data; bench/lemon/mcf.cpp,",
    "`g++ -O2`) on the very min-cost flow problem anodeflow's network simplex solves: the program",
    "translated by `toMinCostFlow` and written as DIMACS (bench/dimacs.ts), nodes and arcs counted",
    "there (lanes plus shortfall and slack arcs). LEMON read is the file into the graph and its maps",
    "(LEMON's `readDimacsMin`), set-up the solver's construction and maps, core `run()` alone; LEMON",
    "whole is its process from spawn to exit (all three and the process's start), as the CLI is timed;",
    `median of ${lemonRuns} runs after a warm-up. anodeflow core is \`solveMinCostFlow\` on the same`,
    "DIMACS file (bench/core-child.ts: the file parsed into the arrays it takes, then set-up, crash",
    `basis, pivots and the optimal flows and potentials), median of ${lemonRuns} runs in one process after`,
    "four that are the compiler's warm-up (shown apart, in order: V8 optimises the set-up, crash basis",
    "and main loop as they grow hot, over the first four runs); core ratio is it",
    "over LEMON's set-up + run(), which do the same work. With translation is the network-simplex",
    "backend's solve of the program (toMinCostFlow, the core, the program's solution and duals read",
    "back: the solve column above) and its ratio to the same; end-to-end is network -> plan in a warm",
    "process (table above) over LEMON whole. 4M is measured by the core alone (the program of 4M",
    "lanes would need gigabytes). Ratios over 1 mean anodeflow is slower. LEMON's total cost must",
    `equal the core's, and the program's objective the backend's, to ${agreementTolerance.toExponential()} relative.`,
    "",
    raw.lemon?.skipped ??
      (raw.lemon
        ? table(
            [
              "size",
              "nodes",
              "arcs",
              "LEMON read",
              "LEMON set-up",
              "LEMON run()",
              "LEMON whole",
              "anodeflow core",
              "core ratio",
              "with translation",
              "anodeflow end-to-end",
              "end-to-end ratio",
              "agrees",
            ],
            lemonRows,
          )
        : "not measured in this run"),
    "",
    "## POST /v1/solve",
    "",
    "In-process `app.request()` over a temp-file database with default limits, the network in the",
    "body; warm medians after warm-up requests. `pool` is how `npm start` serves (the worker",
    "pool); `event loop` solves on the main thread, for comparison.",
    "",
    posts.result
      ? table(["dataset", "solved on", "status", "requests", "median", "p90"], postRows)
      : `failed: ${posts.failure}`,
    "",
    "## Default datasets end to end (the CLI)",
    "",
    "`node dist/node/src/entry/cli.js --network <file> --json` (`npm run plan`'s command) as a child process, from spawn to exit",
    "(process start, parse, build, solve, plan and analysis, the printed plan); median of 3 runs.",
    "solve is the plan's own `solver.ms`; the rest of end-to-end is start-up, build and plan.",
    "",
    datasetTable(raw.datasets),
    "",
    "## GET /healthz during a 1M-lane solve",
    "",
    "A real server on 127.0.0.1 with the worker pool, warmed by a few solves of china-2024;",
    "POST /v1/solve of 1000 plants x 1000 smelters with implied lanes (1M, 20 s time limit)",
    "while GET /healthz is probed every 10 ms, one probe at a time. The event loop delay is",
    "the main thread's own (perf_hooks), over the same span.",
    "",
    h
      ? table(
          [
            "solve status",
            "solve wall time",
            "probes",
            "p50",
            "p99",
            "max",
            "slowest sent at",
            "event loop delay max",
          ],
          [
            [
              String(h.solveStatus),
              formatMs(h.solveMs),
              String(h.probes),
              formatMs(h.p50Ms),
              formatMs(h.p99Ms),
              formatMs(h.maxMs),
              `${formatMs(h.slowestAtMs)} into the solve`,
              formatMs(h.loopDelayMaxMs),
            ],
          ],
        )
      : `failed: ${healthz.failure}`,
    "",
  ].join("\n");

  return markdown;
}

// `--datasets` times only the default datasets through the CLI and prints that table, saving nothing.
if (process.argv.includes("--datasets")) {
  process.stdout.write(
    `${datasetTable(await measureDatasets((m) => process.stderr.write(`${m}\n`)))}\n`,
  );
  process.exit(0);
}
// `--sizes=1k,20k` measures only those sizes and prints the tables without saving them.
const sizesArg = process.argv.find((a) => a.startsWith("--sizes="))?.slice("--sizes=".length);
const sizes = transportationSizes.filter((s) => !sizesArg || sizesArg.split(",").includes(s.label));
const rawPath = "bench/results/latest.json";
let raw: RawResults;
if (process.argv.includes("--render")) {
  // Redraws the tables from the last full run's raw results without measuring again.
  raw = JSON.parse(readFileSync(rawPath, "utf8")) as RawResults;
} else {
  raw = await measure();
  if (!sizesArg) writeFileSync(rawPath, `${JSON.stringify(raw, null, 2)}\n`);
}
const markdown = render(raw);
if (!sizesArg) {
  writeFileSync("bench/results/latest.md", markdown);
  // Committed files, so in the repository's format (Biome packs the arrays of timings).
  const biome = createRequire(import.meta.url).resolve("@biomejs/biome/bin/biome");
  execFileSync(process.execPath, [biome, "format", "--write", rawPath, "bench/results/latest.md"], {
    stdio: "ignore",
  });
}
process.stdout.write(markdown);
