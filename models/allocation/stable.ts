// Stable plans: among a program's optimal solutions, the one whose flows are nearest (L1) a reference
// plan's, so that a scenario differs from its baseline only where the change forces it (formulation.md).
import type { LinearProgram, LpColumn, LpDuals, LpRow } from "../lp.ts";
import { type AllocationModel, laneName } from "./build.ts";

/** A flow of the reference plan (a plan's `flows[]` entries carry these fields). */
export interface ReferenceFlow {
  from: string;
  to: string;
  mode: string;
  tonnes: number;
}

/** The optimum being stabilised: primal values and the duals that certify them. */
export interface Optimum {
  objective: number;
  columnValues: readonly number[];
  duals: LpDuals;
}

/** The tie-break program and, per column of the original, the tie-break columns that sum to it. */
export interface TieBreakProgram {
  lp: LinearProgram;
  parts: readonly (readonly number[])[];
}

/** Reduced costs and duals below this share of the program's largest cost count as zero. */
const relativeZero = 1e-9;

/**
 * The tie-break program: the optimal face (every column with a non-zero reduced cost fixed at its
 * value, every inequality row with a non-zero dual held at its active bound), with cost
 * sum_l |flow_l - reference_l|. Each free flow splits into a part up to the reference at cost -1 and
 * the rest at +1, two parallel arcs, so a network stays a network. Null without usable duals.
 */
export function buildTieBreak(
  model: AllocationModel,
  optimum: Optimum,
  reference: readonly ReferenceFlow[],
): TieBreakProgram | null {
  const { lp } = model;
  const { reducedCosts, rowDuals } = optimum.duals;
  if (reducedCosts.length !== lp.columns.length || rowDuals.length !== lp.rows.length) return null;
  const zero = relativeZero * lp.columns.reduce((most, c) => Math.max(most, Math.abs(c.cost)), 1);
  const target = referenceByColumn(model, reference);
  const columns: LpColumn[] = [];
  const add = (name: string, lower: number, upper: number, cost: number) =>
    columns.push({ name, lower, upper, cost }) - 1;
  const parts = lp.columns.map((column, j) => {
    const value = clamp(optimum.columnValues[j] ?? 0, column);
    if (Math.abs(reducedCosts[j] ?? 0) > zero) return [add(column.name, value, value, 0)];
    const reference = target.get(j);
    if (reference === undefined) return [add(column.name, column.lower, column.upper, 0)];
    const near = Math.min(Math.max(reference, column.lower), column.upper);
    if (near <= column.lower) return [add(`${column.name}+`, column.lower, column.upper, 1)];
    return [
      add(`${column.name}-`, column.lower, near, -1),
      add(`${column.name}+`, 0, column.upper - near, 1),
    ];
  });
  const rows = lp.rows.map((row, i) =>
    holdActive(row, Math.abs(rowDuals[i] ?? 0) > zero, optimum.columnValues, parts),
  );
  return { lp: { name: `${lp.name} (tie-break)`, sense: "min", columns, rows }, parts };
}

/** Flow column -> reference tonnes; every flow column is there (0 where the reference has none). */
function referenceByColumn(model: AllocationModel, reference: readonly ReferenceFlow[]) {
  const tonnes = new Map<string, number>();
  for (const flow of reference) {
    const key = `${flow.from}>${flow.to}:${flow.mode}`;
    tonnes.set(key, (tonnes.get(key) ?? 0) + flow.tonnes);
  }
  const target = new Map<number, number>();
  model.lanes.forEach((lane, l) => {
    target.set(model.flowColumn[l] as number, tonnes.get(laneName(model.network, lane)) ?? 0);
  });
  return target;
}

const clamp = (value: number, column: LpColumn) =>
  Math.min(Math.max(value, column.lower), column.upper);

/** The row over the tie-break columns; with a non-zero dual, an inequality held at its active bound. */
function holdActive(
  row: LpRow,
  binding: boolean,
  values: readonly number[],
  parts: readonly (readonly number[])[],
): LpRow {
  const terms = row.terms.flatMap(({ column, coef }) =>
    (parts[column] ?? []).map((part) => ({ column: part, coef })),
  );
  if (!binding || row.lower === row.upper) return { ...row, terms };
  const activity = row.terms.reduce((sum, t) => sum + t.coef * (values[t.column] ?? 0), 0);
  const bound =
    Math.abs(activity - row.lower) <= Math.abs(activity - row.upper) ? row.lower : row.upper;
  return { ...row, terms, lower: bound, upper: bound };
}

/**
 * The original program's column values from a tie-break solution, or null when they move the
 * objective by more than `tolerance` (relative): the stable plan must cost what the optimum costs.
 */
export function interpretTieBreak(
  original: LinearProgram,
  tieBreak: TieBreakProgram,
  tieBreakValues: readonly number[],
  optimum: Optimum,
  tolerance = 1e-9,
): number[] | null {
  const values = tieBreak.parts.map((part) =>
    part.reduce((sum, column) => sum + (tieBreakValues[column] ?? 0), 0),
  );
  const objective = original.columns.reduce((sum, c, j) => sum + c.cost * (values[j] ?? 0), 0);
  const allowed = tolerance * Math.max(1, Math.abs(optimum.objective));
  return Math.abs(objective - optimum.objective) <= allowed ? values : null;
}
