// Network -> plan in one call: build the allocation LP, pick a backend, solve, interpret; diagnose infeasibility.

import { analyseAllocation } from "../../models/allocation/analysis.ts";
import { buildAllocationModel, sideRows, withProgram } from "../../models/allocation/build.ts";
import { buildElasticModel, diagnoseInfeasibility } from "../../models/allocation/diagnosis.ts";
import {
  buildPeriodicElasticModel,
  diagnosePeriodicInfeasibility,
} from "../../models/allocation/diagnosis-periods.ts";
import type { Diagnosis } from "../../models/allocation/diagnosis-schema.ts";
import type { Network } from "../../models/allocation/network.ts";
import { interpretPeriodicPlan } from "../../models/allocation/period-plan.ts";
import { buildPeriodicModel, periodicSideRows } from "../../models/allocation/periods.ts";
import { interpretPlan, type SensitivityMode } from "../../models/allocation/plan.ts";
import type { Plan } from "../../models/allocation/plan-schema.ts";
import {
  annualTargets,
  evenTargets,
  periodicTargets,
  type ReferenceFlow,
} from "../../models/allocation/stable.ts";
import { hasIntegerColumns, type LinearProgram, type LpResult } from "../../models/lp.ts";
import { assertFits, resolveSolver } from "../solvers/registry.ts";
import { defaultSolveOptions, type ProgramSize } from "../solvers/solver.ts";
import { withFixedLpDuals } from "./milp.ts";
import { solveLazySideRows } from "./side-rows.ts";
import { stabilise } from "./stabilise.ts";
import { warmBases } from "./warm-bases.ts";

export interface SolveNetworkOptions {
  /** A registered solver id, or "auto" (default): the network simplex for pure networks. */
  solver?: string;
  timeLimitMs?: number;
  signal?: AbortSignal;
  /** Most unused lanes listed in the plan, smallest reduced cost first (default 500). */
  unusedLanesTop?: number;
  /**
   * The sensitivity analysis (marginal costs, ranges, reduced costs): "auto" (default) runs it on
   * networks of at most `sensitivityAutoMaxLanes` lanes, "full" always, "off" never. Skipped, the
   * plan has `sensitivity.status` "skipped" and its figures null; infeasibility diagnosis runs anyway.
   */
  sensitivity?: SensitivityMode;
  /**
   * A reference plan's flows (its baseline): of the optimal plans, the one nearest these (L1 over
   * lanes, legs and hub throughputs) is returned, so a comparison with the reference lists only the moves the change forces.
   */
  reference?: readonly ReferenceFlow[];
  /**
   * Start the network simplex from the optimal basis of this thread's last solve under the same
   * key (a dataset's content hash) of a program with the same shape (warm-bases.ts), and keep this
   * solve's basis for the next. The plan's `solver.warmStart` then says which it was. Without a
   * key, every solve starts cold and the plan has no `warmStart`.
   */
  warmKey?: string;
  /**
   * Filled, when given, with the milliseconds of each phase: build (network -> program), solve
   * (the solver, with a MILP's fixed LP and the stabilising re-solve), diagnose (an infeasible
   * plan's elastic re-solve), analysis (marginal costs, ranges, reduced costs and the rest
   * analyseAllocation works out; inside interpret for a network with periods) and interpret (the
   * plan's tables).
   */
  phases?: SolvePhases;
}

/** Milliseconds by phase of solveNetwork (SolveNetworkOptions.phases). */
export type SolvePhases = Partial<
  Record<"build" | "solve" | "diagnose" | "analysis" | "interpret", number>
>;

/** Runs `work`, adding its milliseconds to `phases[name]` when there are phases to fill. */
function timed<T>(phases: SolvePhases | undefined, name: keyof SolvePhases, work: () => T): T {
  if (!phases) return work();
  const started = performance.now();
  try {
    return work();
  } finally {
    phases[name] = (phases[name] ?? 0) + (performance.now() - started);
  }
}

/** timed for work that ends later: the milliseconds until its promise settles. */
async function timedAsync<T>(
  phases: SolvePhases | undefined,
  name: keyof SolvePhases,
  work: () => Promise<T>,
): Promise<T> {
  if (!phases) return work();
  const started = performance.now();
  try {
    return await work();
  } finally {
    phases[name] = (phases[name] ?? 0) + (performance.now() - started);
  }
}

/**
 * Optimisation outcomes come back in `plan.status`; only an unknown solver id throws, or a
 * program too large for the asked backend (TooLargeForSolverError, before anything is built when
 * the network alone shows it).
 */
export async function solveNetwork(
  network: Network,
  options: SolveNetworkOptions = {},
): Promise<Plan> {
  const started = performance.now();
  const timeLimitMs = options.timeLimitMs ?? defaultSolveOptions.timeLimitMs;
  assertFits(options.solver ?? "auto", programSizeAtLeast(network));
  if (network.periods) return solvePeriods(network, options, started + timeLimitMs);
  const { phases } = options;
  const { model, side } = timed(phases, "build", () => {
    const built = buildAllocationModel(network);
    return { model: built, side: sideRows(built) };
  });
  const { lp, result } = await timedAsync(phases, "solve", async () => {
    const solved = await withFixedLpDuals(
      model.lp,
      await solveWarmOrCold(model.lp, side, options, milpBudget(model.lp, timeLimitMs)),
      { timeLimitMs: timeLimitMs - (performance.now() - started), signal: options.signal },
    );
    // A MILP's plan reads the fixed LP: its duals, and lot lanes fixed at their tonnes.
    if (solved.result.status !== "optimal" || !options.reference) return solved;
    const left = timeLimitMs - (performance.now() - started);
    const stable = await stabilise(
      solved.lp,
      solved.result,
      annualTargets(model, options.reference),
      { side, timeLimitMs: left, signal: options.signal },
    );
    return { lp: solved.lp, result: stable };
  });
  const diagnosis =
    result.status === "infeasible"
      ? await timedAsync(phases, "diagnose", () =>
          diagnose(
            () => {
              const elastic = buildElasticModel(network);
              return { lp: elastic.lp, read: (optimum) => diagnoseInfeasibility(elastic, optimum) };
            },
            timeLimitMs - (performance.now() - started),
            options.signal,
          ),
        )
      : undefined;
  const solvedModel = withProgram(model, lp);
  const interpretOptions = {
    unusedLanesTop: options.unusedLanesTop,
    sensitivity: options.sensitivity,
    diagnosis,
  };
  const analysis =
    result.status === "optimal"
      ? timed(phases, "analysis", () => analyseAllocation(solvedModel, result, interpretOptions))
      : undefined;
  return timed(phases, "interpret", () =>
    interpretPlan(solvedModel, result, interpretOptions, analysis),
  );
}

/**
 * A network with periods: the time-expanded program (models/allocation/periods.ts) on the same
 * backends, then the stable plan: of the optimal plans, the one nearest the reference period by
 * period, or without a reference the one nearest its own lane totals spread by period weight. An
 * infeasible one is diagnosed on the elastic expanded program (diagnosis-periods.ts).
 */
async function solvePeriods(
  network: Network,
  options: SolveNetworkOptions,
  deadline: number,
): Promise<Plan> {
  const { phases } = options;
  const { built, side } = timed(phases, "build", () => {
    const periodic = buildPeriodicModel(network);
    return { built: periodic, side: periodicSideRows(periodic) };
  });
  const { model, result } = await timedAsync(phases, "solve", async () => {
    const timeLimitMs = deadline - performance.now();
    const solved = await withFixedLpDuals(
      built.lp,
      await solveWarmOrCold(built.lp, side, options, milpBudget(built.lp, timeLimitMs)),
      { timeLimitMs: deadline - performance.now(), signal: options.signal },
    );
    const model = { ...built, lp: solved.lp };
    if (solved.result.status !== "optimal") return { model, result: solved.result };
    const target = options.reference
      ? periodicTargets(model, options.reference)
      : evenTargets(model, solved.result.columnValues);
    const stable = await stabilise(model.lp, solved.result, target, {
      side,
      timeLimitMs: deadline - performance.now(),
      signal: options.signal,
    });
    return { model, result: stable };
  });
  const diagnosis =
    result.status === "infeasible"
      ? await timedAsync(phases, "diagnose", () =>
          diagnose(
            () => {
              const elastic = buildPeriodicElasticModel(model);
              return {
                lp: elastic.lp,
                read: (optimum) => diagnosePeriodicInfeasibility(elastic, optimum),
              };
            },
            deadline - performance.now(),
            options.signal,
          ),
        )
      : undefined;
  return timed(phases, "interpret", () =>
    interpretPeriodicPlan(model, result, {
      unusedLanesTop: options.unusedLanesTop,
      sensitivity: options.sensitivity,
      diagnosis,
    }),
  );
}

/**
 * The program solved as "auto" or the named solver would (solveLazySideRows), on this thread's
 * kept basis for `options.warmKey` and the program's shape when there is one (warm-bases.ts). A
 * MILP never starts warm (the network simplex does not solve it).
 */
async function solveWarmOrCold(
  lp: LinearProgram,
  side: ReadonlySet<number>,
  options: SolveNetworkOptions,
  timeLimitMs: number,
): Promise<LpResult> {
  const solverId = options.solver ?? "auto";
  const solveOptions = { timeLimitMs, signal: options.signal };
  if (options.warmKey === undefined || hasIntegerColumns(lp))
    return solveLazySideRows(lp, side, solverId, solveOptions);
  const warm = warmBases.take(options.warmKey, lp);
  try {
    return await solveLazySideRows(lp, side, solverId, solveOptions, warm.solver);
  } finally {
    warm.done();
  }
}

/**
 * Branch and bound may use all the time it is given, so a MILP gets 85 % of the budget and the
 * fixed LP that prices its plan (milp.ts) the rest; an LP gets all of it.
 */
function milpBudget(lp: LinearProgram, timeLimitMs: number): number {
  return hasIntegerColumns(lp) ? 0.85 * timeLimitMs : timeLimitMs;
}

/**
 * A lower bound on the size of the network's program, cheap enough to check before building it
 * (which takes about a second at 200k lanes): a row per plant, smelter, port, hub side and
 * corridor, a column per lane, leg and hub.
 */
export function programSizeAtLeast(network: Network): ProgramSize {
  const destinations = network.smelters.length + network.ports.length;
  const periods = network.periods?.length ?? 1;
  const lanes =
    network.lanes?.length ??
    network.plants.length *
      destinations *
      network.modes.filter((m) => m.impliedLanes !== false).length;
  // Hubs add two rows and a throughput column each, legs a column each, corridors a row each.
  const hubs = network.hubs?.length ?? 0;
  const rows = network.plants.length + destinations + 2 * hubs + (network.corridors?.length ?? 0);
  const columns = lanes + (network.legs?.length ?? 0) + hubs;
  return { rows: rows * periods, columns: columns * periods };
}

/** An elastic program and how its optimum reads as a diagnosis. */
interface Elastic {
  lp: LinearProgram;
  read: (optimum: Extract<LpResult, { status: "optimal" }>) => Diagnosis;
}

/**
 * Re-solves with every hard limit made elastic (models/allocation/diagnosis.ts, and
 * diagnosis-periods.ts for a network with periods). The elastic program is always feasible; it
 * goes to whichever backend "auto" picks for it, whatever solved the original, since the diagnosis
 * needs only primal values.
 */
async function diagnose(
  build: () => Elastic,
  timeLimitMs: number,
  signal: AbortSignal | undefined,
): Promise<Diagnosis> {
  const elastic = build();
  const solver = resolveSolver("auto", elastic.lp);
  const result = await solver.solve(elastic.lp, { timeLimitMs: Math.max(1, timeLimitMs), signal });
  if (result.status === "optimal") return elastic.read(result);
  return {
    summary: `No plan meets every hard limit; the diagnosing re-solve ended ${result.status}: ${result.message}`,
    missingT: null,
    plants: [],
    smelters: [],
    ports: [],
    lanes: [],
    conflicts: [],
    relaxation: null,
    solver: result.solver.id,
  };
}
