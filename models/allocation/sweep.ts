// Parametric sweeps: the optimal cost as exact linear pieces over one numeric field of one change.
import { z } from "zod";
import {
  type ColumnValues,
  columnCount,
  columnValues,
  type LinearProgram,
  type LpResult,
  termArrays,
} from "../lp.ts";
import type { Change } from "./change-schema.ts";

/** A change's numeric field over a range: what a sweep varies, and what its grid steps. */
const fieldRange = {
  change: z.number().int().min(0).describe("Index of the change in `changes` whose field varies"),
  field: z.string().min(1).describe("The numeric field of that change, such as factor"),
  from: z.number().finite().describe("First value of the field"),
  to: z.number().finite().describe("Last value of the field (greater than from)"),
};
const increasing: [
  (p: { from: number; to: number }) => boolean,
  { message: string; path: string[] },
] = [(p) => p.to > p.from, { message: "to must be greater than from", path: ["to"] }];

export const sweepParameterSchema = z
  .strictObject(fieldRange)
  .refine(...increasing)
  .describe("The field swept and its range");

export type SweepParameter = z.infer<typeof sweepParameterSchema>;

/** Most grid values of a two-parameter sweep: each is a whole sweep of the first parameter. */
export const maxGridSteps = 50;

export const sweepGridSchema = z
  .strictObject({
    ...fieldRange,
    steps: z
      .number()
      .int()
      .min(1)
      .max(maxGridSteps)
      .describe(`Grid intervals: steps + 1 values from from to to, at most ${maxGridSteps}`),
  })
  .refine(...increasing)
  .describe(
    "A second parameter on a grid, for heat maps: the first parameter is swept exactly at each of its values",
  );

export type SweepGrid = z.infer<typeof sweepGridSchema>;

/** The grid's values, from `from` to `to` in `steps` equal intervals (the ends exact). */
export const gridValues = (grid: SweepGrid): number[] =>
  Array.from({ length: grid.steps + 1 }, (_, k) =>
    k === grid.steps ? grid.to : grid.from + ((grid.to - grid.from) * k) / grid.steps,
  );

/**
 * The changes with the swept field at `value`, or why the parameter names no numeric field.
 * Pointers address the request `{ changes, parameter }`.
 */
export function changesAt(
  changes: readonly Change[],
  parameter: SweepParameter,
  value: number,
): { ok: true; changes: Change[] } | { ok: false; pointer: string; message: string } {
  const change = changes[parameter.change];
  if (!change)
    return {
      ok: false,
      pointer: "/parameter/change",
      message: `there is no change ${parameter.change} (changes has ${changes.length})`,
    };
  const current = (change as Record<string, unknown>)[parameter.field];
  if (typeof current !== "number")
    return {
      ok: false,
      pointer: "/parameter/field",
      message: `change ${parameter.change} (${change.kind}) has no numeric field "${parameter.field}"`,
    };
  const swept = { ...change, [parameter.field]: value } as Change;
  return { ok: true, changes: changes.map((c, i) => (i === parameter.change ? swept : c)) };
}

/**
 * How the program moves per unit of the parameter, from the programs at two values: its costs
 * ("cost": the optimal cost is concave and piecewise linear in it, each piece one optimal flow) or
 * its bounds and right-hand sides ("bounds": convex and piecewise linear, each piece one optimal
 * basis's duals). A parameter that moves both, or changes the program's shape, makes no such
 * curve; one that moves nothing is "none" (one flat piece).
 */
export type ProgramDelta =
  | { kind: "none" }
  | { kind: "cost"; cost: Float64Array }
  | {
      kind: "bounds";
      rowLower: Float64Array;
      rowUpper: Float64Array;
      columnLower: Float64Array;
      columnUpper: Float64Array;
    }
  | { kind: "mixed" | "shape"; reason: string };

export function programDelta(a: LinearProgram, b: LinearProgram, span: number): ProgramDelta {
  const n = columnCount(a);
  const m = columnCount(b);
  if (n !== m || a.rows.length !== b.rows.length)
    return {
      kind: "shape",
      reason: `the program changes shape over the range (${n} -> ${m} columns, ${a.rows.length} -> ${b.rows.length} rows)`,
    };
  const per = (x: number, y: number) => (x === y ? 0 : (y - x) / span);
  // The column arrays when the programs have them: no column object is made.
  const from = columnValues(a);
  const to = columnValues(b);
  const rates = (of: (values: ColumnValues) => Float64Array) =>
    Float64Array.from({ length: n }, (_, j) => per(of(from)[j] as number, of(to)[j] as number));
  const cost = rates((v) => v.cost);
  const columnLower = rates((v) => v.lower);
  const columnUpper = rates((v) => v.upper);
  const rowLower = Float64Array.from(a.rows, (r, i) => per(r.lower, b.rows[i]?.lower ?? 0));
  const rowUpper = Float64Array.from(a.rows, (r, i) => per(r.upper, b.rows[i]?.upper ?? 0));
  const moves = (v: Float64Array) => v.some((x) => x !== 0);
  const costs = moves(cost);
  const bounds = [columnLower, columnUpper, rowLower, rowUpper].some(moves);
  const infinite = [columnLower, columnUpper, rowLower, rowUpper].some((v) =>
    v.some((x) => !Number.isFinite(x)),
  );
  if (infinite)
    return { kind: "mixed", reason: "a bound turns from finite to infinite over the range" };
  if (costs && bounds)
    return {
      kind: "mixed",
      reason:
        "the parameter moves both costs and bounds, so the optimal cost is not piecewise linear in it",
    };
  if (costs) return { kind: "cost", cost };
  if (bounds) return { kind: "bounds", rowLower, rowUpper, columnLower, columnUpper };
  return { kind: "none" };
}

type Optimal = Extract<LpResult, { status: "optimal" }>;

/** Values within this share of the larger bound count as at it. */
const atBoundTolerance = 1e-9;

/**
 * d(objective)/d(parameter) at an optimum: for a cost parameter the optimal flow priced at the
 * cost's rate of change (exact on the piece where that flow stays optimal); for a bounds parameter
 * each active row's and column's dual times the rate of its active bound (a subgradient: exact on
 * the piece where the basis stays optimal). Null without duals where they are needed.
 */
export function slopeAt(lp: LinearProgram, optimum: Optimal, delta: ProgramDelta): number | null {
  if (delta.kind === "none") return 0;
  if (delta.kind === "cost") {
    let slope = 0;
    delta.cost.forEach((d, j) => {
      if (d !== 0) slope += d * (optimum.columnValues[j] ?? 0);
    });
    return slope;
  }
  if (delta.kind !== "bounds" || !optimum.duals) return null;
  const { rowDuals, reducedCosts } = optimum.duals;
  const near = (x: number, bound: number) =>
    Math.abs(x - bound) <= atBoundTolerance * Math.max(1, Math.abs(bound));
  let slope = 0;
  // The term and column arrays when the program has them: no object per term or column.
  const terms = termArrays(lp);
  lp.rows.forEach((row, i) => {
    const y = rowDuals[i] ?? 0;
    if (y === 0) return;
    let activity = 0;
    for (let p = terms.start[i] as number, end = terms.start[i + 1] as number; p < end; p++)
      activity +=
        (terms.coef[p] as number) * (optimum.columnValues[terms.column[p] as number] ?? 0);
    const atLower = near(activity, row.lower);
    const rate = atLower ? delta.rowLower[i] : delta.rowUpper[i];
    slope += y * (rate ?? 0);
  });
  const { lower } = columnValues(lp);
  for (let j = 0, n = columnCount(lp); j < n; j++) {
    const d = reducedCosts[j] ?? 0;
    if (d === 0) continue;
    const x = optimum.columnValues[j] ?? 0;
    const rate = near(x, lower[j] as number) ? delta.columnLower[j] : delta.columnUpper[j];
    slope += d * (rate ?? 0);
  }
  return slope;
}

/** One evaluation of the curve: its value, a supporting line's slope there, and what it was. */
export interface CurvePoint<T> {
  at: number;
  value: number;
  slope: number;
  payload: T;
}

export interface CurvePiece<T> {
  from: number;
  to: number;
  valueAtFrom: number;
  valueAtTo: number;
  slope: number;
  /** The evaluation whose supporting line is this piece (its optimum holds all along it). */
  point: CurvePoint<T>;
}

/**
 * The exact pieces of a piecewise linear function that is either concave or convex, from
 * evaluations that each give a value and a supporting line (Eisner and Severance's method): the
 * lines at an interval's ends meet at one point; an evaluation there either lies on them (a
 * breakpoint) or gives a new line that splits the interval. Each piece costs about two
 * evaluations; `maxEvaluations` bounds the work.
 */
export async function piecewiseLinear<T>(
  from: number,
  to: number,
  evaluate: (at: number) => Promise<CurvePoint<T>>,
  options: {
    relativeTolerance: number;
    maxEvaluations: number;
    /** After each piece found: the share of the range its pieces cover so far, 0..1. */
    onPiece?: (covered: number, evaluations: number) => void;
  },
): Promise<{ pieces: CurvePiece<T>[]; evaluations: number } | { failed: string }> {
  let evaluations = 0;
  const at = async (x: number) => {
    evaluations++;
    return evaluate(x);
  };
  const tolerance = (value: number) => options.relativeTolerance * Math.max(1, Math.abs(value));
  const line = (p: CurvePoint<T>, x: number) => p.value + p.slope * (x - p.at);
  const pieces: CurvePiece<T>[] = [];
  let covered = 0;
  const found = (...more: CurvePiece<T>[]) => {
    pieces.push(...more);
    for (const p of more) covered += p.to - p.from;
    options.onPiece?.(Math.min(1, covered / (to - from)), evaluations);
  };
  // Intervals still to split, leftmost first, with the points at their ends.
  const stack: [CurvePoint<T>, CurvePoint<T>][] = [[await at(from), await at(to)]];
  while (stack.length > 0) {
    if (evaluations > options.maxEvaluations)
      return {
        failed: `more than ${options.maxEvaluations} solves without closing the curve; narrow the range`,
      };
    const [left, right] = stack.pop() as [CurvePoint<T>, CurvePoint<T>];
    const fits = (p: CurvePoint<T>, q: CurvePoint<T>) =>
      Math.abs(line(p, q.at) - q.value) <= tolerance(q.value);
    // One line through both ends: the curve is that line between them (it lies on one side of
    // every supporting line and touches this one twice), and that point's optimum holds along it.
    if (fits(left, right) || fits(right, left)) {
      found(secant(left.at, left.value, right.at, right.value, fits(left, right) ? left : right));
      continue;
    }
    const meet =
      (right.value - left.value + left.slope * left.at - right.slope * right.at) /
      (left.slope - right.slope);
    const middle =
      Number.isFinite(meet) && meet > left.at && meet < right.at ? await at(meet) : null;
    if (middle === null)
      return {
        failed: `the supporting lines at ${left.at} and ${right.at} do not meet between them: the cost is not convex or concave in the parameter there`,
      };
    if (fits(left, middle) && fits(right, middle)) {
      // A breakpoint: the ends' lines are the curve on either side of it.
      found(
        secant(left.at, left.value, meet, middle.value, left),
        secant(meet, middle.value, right.at, right.value, right),
      );
      continue;
    }
    stack.push([middle, right], [left, middle]);
  }
  pieces.sort((a, b) => a.from - b.from);
  return { pieces: mergeCollinear(pieces, tolerance), evaluations };
}

function secant<T>(
  from: number,
  valueAtFrom: number,
  to: number,
  valueAtTo: number,
  point: CurvePoint<T>,
): CurvePiece<T> {
  return {
    from,
    to,
    valueAtFrom,
    valueAtTo,
    slope: (valueAtTo - valueAtFrom) / (to - from),
    point,
  };
}

/** Adjacent pieces on one line (a breakpoint found twice, or a degenerate split) become one. */
function mergeCollinear<T>(
  pieces: CurvePiece<T>[],
  tolerance: (value: number) => number,
): CurvePiece<T>[] {
  const merged: CurvePiece<T>[] = [];
  for (const p of pieces) {
    const last = merged.at(-1);
    if (p.to - p.from <= 0) continue;
    if (
      last &&
      Math.abs(last.slope - p.slope) * Math.max(1, p.to - last.from) <= tolerance(p.valueAtTo)
    ) {
      merged[merged.length - 1] = { ...last, to: p.to, valueAtTo: p.valueAtTo };
      continue;
    }
    merged.push(p);
  }
  return merged;
}
