// Inverse linear programming: the smallest weighted L1 change to a program's cost parameters under which
// a given solution stays optimal and chosen row duals (prices) fall within observed bands.
import { type LinearProgram, LpBuilder } from "../lp.ts";

/** An uncertain cost estimate: its prior (today's value), the bounds it may move within, and the weight of a unit of change. */
export interface CostParameter {
  id: string;
  description: string;
  unit: string;
  prior: number;
  lower: number;
  upper: number;
  /** Objective weight per unit of change, so that changes in different units compare. */
  weight: number;
  /**
   * The estimate a change is measured from (default: prior). An iterated fit builds each round's
   * program at the last round's values (prior) yet still pays for the distance from the original
   * estimate (origin), so the rounds converge on the smallest change to the estimates.
   */
  origin?: number;
}

/** Column `column`'s cost moves by `coef` per unit change of parameter `parameter`. */
export interface CostSensitivity {
  column: number;
  parameter: number;
  coef: number;
}

/** An observed price: the dual of row `row` should lie in [low, high]. */
export interface PriceTarget {
  id: string;
  row: number;
  low: number;
  high: number;
  /** Multiplies residualWeight for this target (default 1), e.g. 1/n for each of a group of n. */
  weight?: number;
}

export interface InverseProblem {
  /** The forward program (sense min: its row duals are marginal costs). */
  lp: LinearProgram;
  /** The baseline optimal solution, one value per column: held fixed (complementary slackness). */
  values: readonly number[];
  parameters: readonly CostParameter[];
  sensitivities: readonly CostSensitivity[];
  targets: readonly PriceTarget[];
  /**
   * Objective weight per unit of a target's residual (its dual outside the band). Set it far above
   * the parameters' weights: the program then fits first and changes least among the best fits.
   */
  residualWeight: number;
}

export interface InverseProgram {
  lp: LinearProgram;
  dualColumn: Int32Array; // per forward row
  changeUpColumn: Int32Array; // per parameter
  changeDownColumn: Int32Array; // per parameter
  residualAboveColumn: Int32Array; // per target
  residualBelowColumn: Int32Array; // per target
}

/** Columns of a parameter: its change from the prior in two signed parts, each weighted unless an origin takes over. */
function addParameterColumns(b: LpBuilder, p: CostParameter): [number, number] {
  if (!(p.lower <= p.prior && p.prior <= p.upper)) throw new Error(`${p.id}: prior out of bounds`);
  const anchored = p.origin !== undefined && p.origin !== p.prior;
  const cost = anchored ? 0 : p.weight;
  const up = b.addColumn({ name: `up:${p.id}`, lower: 0, upper: p.upper - p.prior, cost });
  const down = b.addColumn({ name: `down:${p.id}`, lower: 0, upper: p.prior - p.lower, cost });
  if (anchored) {
    // prior + up - down - origin = above - below: the weight falls on the distance from the origin.
    const [above, below] = ["above", "below"].map((side) =>
      b.addColumn({ name: `origin:${p.id}:${side}`, lower: 0, upper: Infinity, cost: p.weight }),
    ) as [number, number];
    const gap = (p.origin as number) - p.prior;
    b.addRow({
      name: `origin:${p.id}`,
      lower: gap,
      upper: gap,
      terms: [
        { column: up, coef: 1 },
        { column: down, coef: -1 },
        { column: above, coef: -1 },
        { column: below, coef: 1 },
      ],
    });
  }
  return [up, down];
}

const atBound = (value: number, bound: number) =>
  Number.isFinite(bound) && Math.abs(value - bound) <= 1e-6 * Math.max(1, Math.abs(bound));

/**
 * The sign a row's dual may take at the baseline (min sense, the lp.ts convention): free on an
 * equality, >= 0 at an active lower bound, <= 0 at an active upper bound, 0 when slack.
 */
function dualBounds(lp: LinearProgram, row: number, values: readonly number[]): [number, number] {
  const r = lp.rows[row] as LinearProgram["rows"][number];
  if (r.lower === r.upper) return [-Infinity, Infinity];
  const activity = r.terms.reduce((sum, t) => sum + t.coef * (values[t.column] as number), 0);
  if (atBound(activity, r.lower)) return [0, Infinity];
  if (atBound(activity, r.upper)) return [-Infinity, 0];
  return [0, 0];
}

/**
 * The reduced cost d_j = c_j + Σ_k A_jk δ_k − Σ_i a_ij y_i must be >= 0 at a column's lower bound,
 * <= 0 at its upper bound and = 0 in between; these are the row's bounds on Σ A δ − Σ a y.
 */
function reducedCostBounds(lp: LinearProgram, column: number, value: number): [number, number] {
  const c = lp.columns[column] as LinearProgram["columns"][number];
  const lower = atBound(value, c.lower);
  const upper = atBound(value, c.upper);
  if (lower && upper) return [-Infinity, Infinity];
  if (lower) return [-c.cost, Infinity];
  if (upper) return [-Infinity, -c.cost];
  return [-c.cost, -c.cost];
}

/** Builds the inverse program (models/allocation/formulation.md, "Calibration: the inverse program"). */
export function buildInverseProgram(problem: InverseProblem): InverseProgram {
  const { lp, values, parameters, targets } = problem;
  if (lp.sense !== "min") throw new Error("the inverse program needs a minimisation (cost form)");
  if (values.length !== lp.columns.length) throw new Error("one baseline value per column");
  const b = new LpBuilder(`inverse:${lp.name}`, "min");
  const dualColumn = Int32Array.from(lp.rows, (row, i) => {
    const [lower, upper] = dualBounds(lp, i, values);
    return b.addColumn({ name: `dual:${row.name}`, lower, upper, cost: 0 });
  });
  const changeUpColumn = new Int32Array(parameters.length);
  const changeDownColumn = new Int32Array(parameters.length);
  parameters.forEach((p, k) => {
    [changeUpColumn[k], changeDownColumn[k]] = addParameterColumns(b, p);
  });
  addReducedCostRows(b, problem, dualColumn, changeUpColumn, changeDownColumn);
  const residualAboveColumn = new Int32Array(targets.length);
  const residualBelowColumn = new Int32Array(targets.length);
  targets.forEach((t, i) => {
    const [above, below] = ["above", "below"].map((side) =>
      b.addColumn({
        name: `residual:${t.id}:${side}`,
        lower: 0,
        upper: Infinity,
        cost: problem.residualWeight * (t.weight ?? 1),
      }),
    ) as [number, number];
    residualAboveColumn[i] = above;
    residualBelowColumn[i] = below;
    // y + r⁻ − r⁺ ∈ [low, high]: r⁺ is how far y lies above the band, r⁻ how far below.
    b.addRow({
      name: `target:${t.id}`,
      lower: t.low,
      upper: t.high,
      terms: [
        { column: dualColumn[t.row] as number, coef: 1 },
        { column: below, coef: 1 },
        { column: above, coef: -1 },
      ],
    });
  });
  return {
    lp: b.build(),
    dualColumn,
    changeUpColumn,
    changeDownColumn,
    residualAboveColumn,
    residualBelowColumn,
  };
}

/** One row per forward column: its reduced cost under the changed costs has the sign its value needs. */
function addReducedCostRows(
  b: LpBuilder,
  problem: InverseProblem,
  dualColumn: Int32Array,
  up: Int32Array,
  down: Int32Array,
) {
  const { lp, values } = problem;
  const byColumn = new Map<number, CostSensitivity[]>();
  for (const s of problem.sensitivities) {
    byColumn.set(s.column, [...(byColumn.get(s.column) ?? []), s]);
  }
  const terms: { column: number; coef: number }[][] = lp.columns.map(() => []);
  lp.rows.forEach((row, i) => {
    for (const t of row.terms) {
      terms[t.column]?.push({ column: dualColumn[i] as number, coef: -t.coef });
    }
  });
  lp.columns.forEach((column, j) => {
    const [lower, upper] = reducedCostBounds(lp, j, values[j] as number);
    if (lower === -Infinity && upper === Infinity) return;
    const changes = (byColumn.get(j) ?? []).flatMap((s) => [
      { column: up[s.parameter] as number, coef: s.coef },
      { column: down[s.parameter] as number, coef: -s.coef },
    ]);
    b.addRow({
      name: `reducedCost:${column.name}`,
      lower,
      upper,
      terms: [...(terms[j] ?? []), ...changes],
    });
  });
}

export interface FittedParameter extends CostParameter {
  fitted: number;
  change: number;
}

export interface TargetFit extends PriceTarget {
  /** The fitted dual of the target's row. */
  dual: number;
  /** Signed distance of the dual outside the band: > 0 above, < 0 below, 0 within. */
  residual: number;
}

export interface InverseSolution {
  parameters: FittedParameter[];
  targets: TargetFit[];
  /** Fitted duals of the forward rows: a certificate that the baseline stays optimal. */
  duals: number[];
  /** Σ weight · |fitted − origin| over the parameters (origin: the prior unless given). */
  weightedChange: number;
}

/** Reads an optimal solution of the inverse program. */
export function readInverseSolution(
  problem: InverseProblem,
  program: InverseProgram,
  values: readonly number[],
): InverseSolution {
  const at = (column: number) => values[column] as number;
  const parameters = problem.parameters.map((p, k) => {
    const change =
      at(program.changeUpColumn[k] as number) - at(program.changeDownColumn[k] as number);
    return { ...p, fitted: p.prior + change, change };
  });
  const duals = Array.from(program.dualColumn, (column) => at(column));
  const targets = problem.targets.map((t) => {
    const dual = duals[t.row] as number;
    const residual = dual > t.high ? dual - t.high : dual < t.low ? dual - t.low : 0;
    return { ...t, dual, residual };
  });
  const weightedChange = parameters.reduce(
    (sum, p) => sum + p.weight * Math.abs(p.fitted - (p.origin ?? p.prior)),
    0,
  );
  return { parameters, targets, duals, weightedChange };
}

/**
 * The largest move between two rounds of an iterated fit, as a share of each parameter's range
 * (upper − lower): the rounds have converged once it falls below the caller's tolerance.
 */
export function largestRelativeMove(
  parameters: readonly CostParameter[],
  before: readonly number[],
  after: readonly number[],
): number {
  return parameters.reduce(
    (most, p, k) =>
      Math.max(most, Math.abs((after[k] as number) - (before[k] as number)) / (p.upper - p.lower)),
    0,
  );
}
