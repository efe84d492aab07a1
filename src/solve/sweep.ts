// A sweep: the optimal total cost over one field of one change, as exact linear pieces (models/allocation/sweep.ts).
import { buildAllocationModel, laneNameAt, sideRows } from "../../models/allocation/build.ts";
import { type LegTerms, legName } from "../../models/allocation/build-hubs.ts";
import type { Change } from "../../models/allocation/change-schema.ts";
import type { Network, NetworkIssue } from "../../models/allocation/network.ts";
import { buildPeriodicModel, periodicSideRows } from "../../models/allocation/periods.ts";
import { applyChanges } from "../../models/allocation/scenario.ts";
import {
  type CurvePiece,
  type CurvePoint,
  changesAt,
  gridValues,
  type ProgramDelta,
  piecewiseLinear,
  programDelta,
  type SweepGrid,
  type SweepParameter,
  slopeAt,
} from "../../models/allocation/sweep.ts";
import {
  columnCount,
  columnValues,
  hasIntegerColumns,
  type LinearProgram,
  type LpResult,
  withColumnValues,
  withRowBounds,
} from "../../models/lp.ts";
import { flowToleranceT } from "../../models/tolerances.ts";
import { createWarmNetworkSimplex } from "../solvers/network-simplex/index.ts";
import { defaultSolveOptions } from "../solvers/solver.ts";
import { solveLazySideRows } from "./side-rows.ts";

export interface SweepOptions {
  /** A registered solver id, or "auto" (default). */
  solver?: string;
  /** For the whole sweep, every solve included. */
  timeLimitMs?: number;
  signal?: AbortSignal;
  /** Most solves before the sweep gives up (default 400: about 200 pieces). */
  maxSolves?: number;
  /** After each piece: the share of the range its pieces cover, 0..1, and the solves so far. */
  onProgress?: (progress: { covered: number; solves: number }) => void;
}

/** A piece of the curve and the plan that is optimal all along it, summarised. */
export interface SweepPiece {
  from: number;
  to: number;
  totalCostAtFrom: number;
  totalCostAtTo: number;
  /** CNY per unit of the parameter. */
  slope: number;
  plan: {
    /** The parameter value the plan was solved at, inside or at an end of the piece. */
    at: number;
    /** Lanes and legs the plan uses. */
    flowCount: number;
    /** Tonnes carried by each mode (lanes and legs; with periods, over the year). */
    tonnesByMode: Record<string, number>;
    /**
     * What changes at this piece's start against the piece before: lanes and legs (named as in
     * the diagnosis, `plant>destination:mode`, `from>to:mode`) whose tonnes move, largest first,
     * at most 10. Empty on the first piece.
     */
    movedAtFrom: { arc: string; tonnesBefore: number; tonnesAfter: number }[];
  };
}

export type SweepResult =
  | {
      status: "optimal";
      parameter: SweepParameter;
      /** What the parameter moves: costs (a concave curve), bounds (convex) or nothing (flat). */
      moves: "costs" | "bounds" | "nothing";
      breakpoints: { value: number; totalCost: number }[];
      pieces: SweepPiece[];
      solves: number;
      ms: number;
    }
  | { status: "invalid"; issues: NetworkIssue[] }
  | {
      status: "infeasible" | "unbounded" | "timeLimit" | "error";
      /** The parameter value whose solve ended the sweep. */
      at: number;
      message: string;
    };

/** A program at one parameter value, and the tonnes a solve of it puts on each lane and leg. */
interface Program {
  lp: LinearProgram;
  side: ReadonlySet<number>;
  /** Lane and leg names and modes by index, in the order `tonnes` gives them. */
  arcs: { name(i: number): string; mode(i: number): string };
  tonnes(columnValues: readonly number[]): Float64Array;
}

/** Ends the sweep from inside an evaluation: a solve that is not optimal. */
class SweepStop extends Error {
  constructor(
    readonly status: "infeasible" | "unbounded" | "timeLimit" | "error",
    readonly at: number,
    message: string,
  ) {
    super(message);
  }
}

/** Relative distance between a solve's cost and a line through it that still counts as on it. */
const relativeTolerance = 1e-9;

/**
 * Sweeps `parameter` (a numeric field of `changes[parameter.change]`) from `from` to `to`: every
 * breakpoint of the optimal cost, found by supporting lines (never a grid), each piece with its
 * plan. Bad requests come back as issues whose pointers address `{ network, changes, parameter }`.
 */
export async function sweepNetwork(
  network: Network,
  changes: readonly Change[],
  parameter: SweepParameter,
  options: SweepOptions = {},
): Promise<SweepResult> {
  const started = performance.now();
  const deadline = started + (options.timeLimitMs ?? defaultSolveOptions.timeLimitMs);
  const at = (value: number) => programAt(network, changes, parameter, value);
  const first = at(parameter.from);
  if (!first.ok) return { status: "invalid", issues: first.issues };
  const last = at(parameter.to);
  if (!last.ok) return { status: "invalid", issues: last.issues };
  const refused = refusal(first, last.program, parameter);
  if (refused) return { status: "invalid", issues: [refused] };
  const delta = programDelta(first.program.lp, last.program.lp, parameter.to - parameter.from);
  if (delta.kind === "mixed" || delta.kind === "shape")
    return { status: "invalid", issues: [{ pointer: "/parameter/field", message: delta.reason }] };
  const middle = at((parameter.from + parameter.to) / 2);
  if (!middle.ok) return { status: "invalid", issues: middle.issues };
  if (!linearBetween(first.program.lp, middle.program.lp, delta, parameter))
    return {
      status: "invalid",
      issues: [
        {
          pointer: "/parameter/field",
          message: `the program does not move linearly with ${parameter.field}, so its optimal cost has no linear pieces in it`,
        },
      ],
    };

  // The parameter enters linearly (checked above), so each solve's program is the first one moved
  // along the delta: no change applied, no model built per solve.
  const { side } = first.program;
  // Every solve is the same network at other costs or bounds: a cost sweep's solves start from
  // the last optimal basis (WarmMinCostFlow); with bounds moving they start cold.
  const warmSimplex = createWarmNetworkSimplex();
  const evaluate = async (value: number): Promise<CurvePoint<LpResult>> => {
    const lp = moved(first.program.lp, delta, value - parameter.from);
    const result = await solveLazySideRows(
      lp,
      side,
      options.solver ?? "auto",
      { timeLimitMs: Math.max(1, deadline - performance.now()), signal: options.signal },
      warmSimplex,
    );
    if (result.status !== "optimal") throw new SweepStop(result.status, value, result.message);
    const slope = slopeAt(lp, result, delta);
    if (slope === null)
      throw new SweepStop("error", value, `${result.solver.id} returned no duals to price bounds`);
    return { at: value, value: result.objective, slope, payload: result };
  };
  try {
    const curve = await piecewiseLinear(parameter.from, parameter.to, evaluate, {
      relativeTolerance,
      maxEvaluations: options.maxSolves ?? 400,
      onPiece: (covered, solves) => options.onProgress?.({ covered, solves }),
    });
    if ("failed" in curve) return { status: "error", at: parameter.from, message: curve.failed };
    const plans = pieceSummaries(first.program, curve.pieces);
    const pieces = curve.pieces.map(
      (piece, k): SweepPiece => ({
        from: piece.from,
        to: piece.to,
        totalCostAtFrom: piece.valueAtFrom,
        totalCostAtTo: piece.valueAtTo,
        slope: piece.slope,
        plan: plans[k] as SweepPiece["plan"],
      }),
    );
    return {
      status: "optimal",
      parameter,
      moves: delta.kind === "cost" ? "costs" : delta.kind === "bounds" ? "bounds" : "nothing",
      breakpoints: pieces.slice(1).map((p) => ({ value: p.from, totalCost: p.totalCostAtFrom })),
      pieces,
      solves: curve.evaluations,
      ms: performance.now() - started,
    };
  } catch (error) {
    if (error instanceof SweepStop)
      return { status: error.status, at: error.at, message: error.message };
    throw error;
  }
}

/** One grid value's sweep of a two-parameter sweep. */
export interface SweepGridRow {
  value: number;
  sweep: Exclude<SweepResult, { status: "invalid" }>;
}

/** Every row swept ("optimal"), or the status of the first row whose sweep a solve ended. */
export type SweepGridResult =
  | {
      status: "optimal" | "infeasible" | "unbounded" | "timeLimit" | "error";
      parameter: SweepParameter;
      grid: SweepGrid;
      rows: SweepGridRow[];
    }
  | { status: "invalid"; issues: NetworkIssue[] };

/**
 * A two-parameter sweep: at each grid value of `grid` (a field of another change, or of the same
 * change's other field) the first parameter is swept exactly, for a heat map of the total cost.
 * A bad grid comes back as issues pointing at /grid; a row whose sweep failed keeps its status.
 */
export async function sweepGrid(
  network: Network,
  changes: readonly Change[],
  parameter: SweepParameter,
  grid: SweepGrid,
  options: SweepOptions = {},
): Promise<SweepGridResult> {
  const deadline = performance.now() + (options.timeLimitMs ?? defaultSolveOptions.timeLimitMs);
  const rows: SweepGridRow[] = [];
  const values = gridValues(grid);
  for (const value of values) {
    const at = changesAt(changes, grid, value);
    if (!at.ok)
      return {
        status: "invalid",
        issues: [{ pointer: at.pointer.replace("/parameter/", "/grid/"), message: at.message }],
      };
    const done = rows.length;
    const sweep = await sweepNetwork(network, at.changes, parameter, {
      ...options,
      timeLimitMs: Math.max(1, deadline - performance.now()),
      // Progress over the whole grid: the rows done, and this row's share.
      onProgress: ({ covered, solves }) =>
        options.onProgress?.({ covered: (done + covered) / values.length, solves }),
    });
    if (sweep.status === "invalid") return sweep;
    rows.push({ value, sweep });
  }
  const failed = rows.find((row) => row.sweep.status !== "optimal")?.sweep;
  return {
    status: failed ? failed.status : "optimal",
    parameter,
    grid,
    rows,
  };
}

function programAt(
  network: Network,
  changes: readonly Change[],
  parameter: SweepParameter,
  value: number,
): { ok: true; network: Network; program: Program } | { ok: false; issues: NetworkIssue[] } {
  const swept = changesAt(changes, parameter, value);
  if (!swept.ok) return { ok: false, issues: [{ pointer: swept.pointer, message: swept.message }] };
  const applied = applyChanges(network, swept.changes);
  if (!applied.ok) {
    const issues = applied.issues.map((issue) => ({
      ...issue,
      message: `at ${parameter.field} = ${value}: ${issue.message}`,
    }));
    return { ok: false, issues };
  }
  return { ok: true, network: applied.network, program: buildProgram(applied.network) };
}

function buildProgram(network: Network): Program {
  const periodic = network.periods ? buildPeriodicModel(network) : null;
  const model = periodic ? periodic.annual : buildAllocationModel(network);
  const columns = [...model.flowColumn, ...model.legColumn];
  const lanes = model.laneTable;
  // Arcs by index, lanes then legs: named only when a piece lists them as moved.
  const arcs: Program["arcs"] = {
    name: (i) =>
      i < lanes.length
        ? laneNameAt(network, lanes, i)
        : legName(network, model.legs[i - lanes.length] as LegTerms),
    mode: (i) =>
      network.modes[
        i < lanes.length
          ? (lanes.mode[i] as number)
          : (model.legs[i - lanes.length] as LegTerms).mode
      ]?.id ?? "",
  };
  // With periods, an annual column's tonnes are the sum of its copies (periods.ts).
  const copies = periodic
    ? periodic.column
    : [Int32Array.from({ length: columnCount(model.lp) }, (_, j) => j)];
  return {
    lp: periodic ? periodic.lp : model.lp,
    side: periodic ? periodicSideRows(periodic) : sideRows(model),
    arcs,
    tonnes: (x) =>
      Float64Array.from(columns, (j) =>
        copies.reduce((sum, copy) => sum + (x[copy[j] as number] ?? 0), 0),
      ),
  };
}

/** Arcs whose tonnes differ by more than this share of the larger (or 1e-6 t) count as moved. */
const movedTolerance = 1e-9;

function pieceSummaries(
  program: Program,
  pieces: readonly CurvePiece<LpResult>[],
): SweepPiece["plan"][] {
  let previous: Float64Array | null = null;
  return pieces.map((piece) => {
    const result = piece.point.payload;
    const tonnes = program.tonnes(result.status === "optimal" ? result.columnValues : []);
    const tonnesByMode: Record<string, number> = {};
    let flowCount = 0;
    tonnes.forEach((t, i) => {
      if (t <= flowToleranceT) return;
      flowCount++;
      const mode = program.arcs.mode(i);
      tonnesByMode[mode] = (tonnesByMode[mode] ?? 0) + t;
    });
    const before = previous;
    const movedAtFrom = before ? movedArcs(program, before, tonnes) : [];
    previous = tonnes;
    return { at: piece.point.at, flowCount, tonnesByMode, movedAtFrom };
  });
}

/** The arcs whose tonnes moved from `before` to `after`, most first, at most 10, named. */
function movedArcs(program: Program, before: Float64Array, after: Float64Array) {
  const moved: number[] = [];
  for (let i = 0; i < after.length; i++) {
    const a = before[i] as number;
    const b = after[i] as number;
    if (Math.abs(b - a) > Math.max(1e-6, movedTolerance * Math.max(a, b))) moved.push(i);
  }
  const size = (i: number) => Math.abs((after[i] as number) - (before[i] as number));
  // Ties keep arc order, as a stable sort of all arcs did.
  return moved
    .sort((x, y) => size(y) - size(x) || x - y)
    .slice(0, 10)
    .map((i) => ({
      arc: program.arcs.name(i),
      tonnesBefore: before[i] as number,
      tonnesAfter: after[i] as number,
    }));
}

/** What a sweep cannot take: a margin objective (its value is no total cost) and lots (a MILP). */
function refusal(
  first: { network: Network; program: Program },
  last: Program,
  parameter: SweepParameter,
): NetworkIssue | undefined {
  if (first.network.options.objective !== "minCost")
    return {
      pointer: "/network/options/objective",
      message: "a sweep follows the total cost, so it needs the minCost objective",
    };
  if (hasIntegerColumns(first.program.lp) || hasIntegerColumns(last.lp))
    return {
      pointer: "/network",
      message: `lanes with lotT make a MILP, whose cost is not piecewise linear in ${parameter.field}`,
    };
  return undefined;
}

/** `lp` moved `by` units of the parameter along `delta` (rows keep their terms). */
function moved(lp: LinearProgram, delta: ProgramDelta, by: number): LinearProgram {
  if (by === 0 || delta.kind === "none") return lp;
  // New arrays of bounds and costs: no object per column or term (withColumnValues, withRowBounds).
  const { lower, upper, cost } = columnValues(lp);
  const n = columnCount(lp);
  if (delta.kind === "cost")
    return withColumnValues(lp, {
      lower,
      upper,
      cost: Float64Array.from(
        { length: n },
        (_, j) => (cost[j] as number) + (delta.cost[j] as number) * by,
      ),
    });
  if (delta.kind !== "bounds") return lp;
  const shift = (bound: number, rate: number | undefined) => (rate ? bound + rate * by : bound);
  const shifted = withColumnValues(lp, {
    lower: Float64Array.from({ length: n }, (_, j) =>
      shift(lower[j] as number, delta.columnLower[j]),
    ),
    upper: Float64Array.from({ length: n }, (_, j) =>
      shift(upper[j] as number, delta.columnUpper[j]),
    ),
    cost,
  });
  return withRowBounds(
    shifted,
    Float64Array.from(lp.rows, (r, i) => shift(r.lower, delta.rowLower[i])),
    Float64Array.from(lp.rows, (r, i) => shift(r.upper, delta.rowUpper[i])),
  );
}

/** The middle program is the first moved half-way by the delta: the parameter enters linearly. */
function linearBetween(
  a: LinearProgram,
  middle: LinearProgram,
  delta: ProgramDelta,
  parameter: SweepParameter,
): boolean {
  const half = (parameter.to - parameter.from) / 2;
  const close = (x: number, y: number) =>
    x === y || Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  const rate = (v: Float64Array | undefined, i: number) => v?.[i] ?? 0;
  const n = columnCount(a);
  if (n !== columnCount(middle) || a.rows.length !== middle.rows.length) return false;
  const cost = delta.kind === "cost" ? delta.cost : undefined;
  const bounds = delta.kind === "bounds" ? delta : undefined;
  const c = columnValues(a);
  const m = columnValues(middle);
  let columnsLinear = true;
  for (let j = 0; j < n && columnsLinear; j++)
    columnsLinear =
      close(m.cost[j] as number, (c.cost[j] as number) + rate(cost, j) * half) &&
      close(m.lower[j] as number, (c.lower[j] as number) + rate(bounds?.columnLower, j) * half) &&
      close(m.upper[j] as number, (c.upper[j] as number) + rate(bounds?.columnUpper, j) * half);
  return (
    columnsLinear &&
    a.rows.every((r, i) => {
      const m = middle.rows[i];
      return (
        m !== undefined &&
        close(m.lower, r.lower + rate(bounds?.rowLower, i) * half) &&
        close(m.upper, r.upper + rate(bounds?.rowUpper, i) * half)
      );
    })
  );
}
