// Adapter for javascript-lp-solver: a pure-JavaScript dense simplex, for runtimes without Wasm.
import type { ConstraintBound, Model, SolveResult } from "javascript-lp-solver";
import packageJson from "javascript-lp-solver/package.json" with { type: "json" };
import { hasIntegerColumns, type LinearProgram, type LpResult } from "../../models/lp.ts";
import { feasibilityTolerance } from "../../models/tolerances.ts";
import { integerRefusal, type LpSolver, type SolveOptions } from "./solver.ts";
import { assertWellFormed } from "./validate.ts";

const id = "javascript-lp-solver";
const version = packageJson.version;

// The library's result object carries its flags (feasible, result, bounded, isIntegral) beside the
// variable values, so every name we give it is positional: variables `v<j>`/`w<j>`, rows `r<i>`,
// column upper bounds `u<j>`, and the objective attribute below, none of which can collide.
const objectiveKey = "objective";

/** Our column j is rebuilt from the library's variables (all >= 0) as x = offset + sum(sign * v). */
interface ColumnImage {
  offset: number;
  parts: { variable: string; sign: 1 | -1; coefficients: Record<string, number> }[];
}

/**
 * The library knows no column bounds and assumes every variable >= 0: a finite lower bound is
 * shifted out (x = lower + v), a column bounded only above is mirrored (x = upper - v), a free
 * column is split (x = v - w), and a finite upper bound becomes its own row.
 */
function translate(lp: LinearProgram): { model: Model; images: ColumnImage[] } {
  const constraints: Record<string, ConstraintBound> = {};
  const part = (variable: string, sign: 1 | -1, cost: number) => {
    const coefficients: Record<string, number> = { [objectiveKey]: sign * cost };
    return { variable, sign, coefficients };
  };
  const images = lp.columns.map((column, j): ColumnImage => {
    if (column.lower > -Infinity) {
      const v = part(`v${j}`, 1, column.cost);
      if (column.upper < Infinity) {
        v.coefficients[`u${j}`] = 1;
        constraints[`u${j}`] = { max: column.upper - column.lower };
      }
      return { offset: column.lower, parts: [v] };
    }
    if (column.upper < Infinity)
      return { offset: column.upper, parts: [part(`v${j}`, -1, column.cost)] };
    return { offset: 0, parts: [part(`v${j}`, 1, column.cost), part(`w${j}`, -1, column.cost)] };
  });

  lp.rows.forEach((row, i) => {
    const key = `r${i}`;
    let shift = 0;
    for (const { column, coef } of row.terms) {
      const image = images[column];
      if (!image) throw new Error(`row ${i} refers to missing column ${column}`);
      shift += coef * image.offset;
      for (const { sign, coefficients } of image.parts)
        coefficients[key] = (coefficients[key] ?? 0) + sign * coef;
    }
    if (row.lower === row.upper) constraints[key] = { equal: row.lower - shift };
    else if (row.lower > -Infinity || row.upper < Infinity) {
      const bound: ConstraintBound = {};
      if (row.lower > -Infinity) bound.min = row.lower - shift;
      if (row.upper < Infinity) bound.max = row.upper - shift;
      constraints[key] = bound;
    }
  });

  const variables: Model["variables"] = {};
  for (const image of images)
    for (const { variable, coefficients } of image.parts) variables[variable] = coefficients;
  return {
    model: {
      optimize: objectiveKey,
      opType: lp.sense,
      constraints,
      variables,
      // Presolve zeroes the cost of any variable it finds fixed, so the objective loses that term,
      // and it crashes on a program with rows but no variables. `timeout` stays unset: only
      // branch-and-cut reads it (returning its incumbent marked feasible on expiry); the LP simplex
      // ignores it.
      options: { presolve: false },
    },
    images,
  };
}

function variableValue(result: SolveResult, variable: string): number {
  // The library leaves variables at zero out of the result.
  const value = result[variable];
  return typeof value === "number" ? value : 0;
}

function outside(value: number, lower: number, upper: number): boolean {
  const tol = (bound: number) => feasibilityTolerance * Math.max(1, Math.abs(bound));
  return value < lower - tol(lower) || value > upper + tol(upper);
}

/** Names the first bound the point breaks, or undefined when it is feasible. */
function firstViolation(lp: LinearProgram, x: readonly number[]): string | undefined {
  for (let j = 0; j < lp.columns.length; j++) {
    const column = lp.columns[j];
    const value = x[j] ?? Number.NaN;
    if (column && outside(value, column.lower, column.upper))
      return `column ${j} = ${value} outside [${column.lower}, ${column.upper}]`;
  }
  for (let i = 0; i < lp.rows.length; i++) {
    const row = lp.rows[i];
    if (!row) continue;
    const activity = row.terms.reduce((sum, t) => sum + t.coef * (x[t.column] ?? Number.NaN), 0);
    if (outside(activity, row.lower, row.upper))
      return `row ${i} = ${activity} outside [${row.lower}, ${row.upper}]`;
  }
  return undefined;
}

type JsLp = typeof import("javascript-lp-solver").default;

// Imported on first use, like HiGHS: a plain network solve never needs it, so no start pays for it.
let library: Promise<JsLp> | undefined;

function cycled(solver: JsLp): boolean {
  const messages = solver.lastSolvedModel?.messages ?? [];
  return messages.some((m) => typeof m === "string" && m.startsWith("Cycle"));
}

/**
 * Largest program this backend takes, rows x columns. Its tableau is one dense Float64Array of
 * about that many cells (more with a row per bounded column). Measured with bench/jslp-memory.ts
 * (square networks with implied lanes, peak RSS of a fresh process, 2-core EPYC, Node 20):
 * 120x120 = 240 x 14,640 = 3.5 M peaked at +203 MiB (58 B each) in 3 s; 160x160 = 8.3 M at
 * +432 MiB (55 B) in 14 s; 200x200 = 16.2 M at +814 MiB (53 B) in 17 s; 250x250 = 31.5 M passed
 * +1.5 GiB within 21 s, still solving. The 450x450 (202,500 implied lanes) is 900 x
 * 203,400 = 183 M, ~9 GiB at that rate. The tableau lies outside the JavaScript heap, so
 * MAX_SOLVE_MEMORY_MB cannot stop it: this limit does, holding one solve near 1.3 GiB.
 */
export const maxProgramCells = 25_000_000;

export const jsLpSolver: LpSolver = {
  id,
  version,
  capabilities: { duals: false, networkOnly: false, integer: false },

  refuse({ rows, columns }) {
    if (rows * columns <= maxProgramCells) return undefined;
    const cells = (rows * columns).toLocaleString("en-US");
    return `${id} keeps a dense tableau of rows x columns (about 55 bytes each); this program has ${rows.toLocaleString("en-US")} x ${columns.toLocaleString("en-US")} = ${cells}, and at most ${maxProgramCells.toLocaleString("en-US")} are allowed`;
  },

  async solve(lp: LinearProgram, options: SolveOptions): Promise<LpResult> {
    assertWellFormed(lp);
    const started = performance.now();
    const info = () => ({ id, version, ms: performance.now() - started });
    if (options.signal?.aborted) return { status: "error", message: "cancelled", solver: info() };
    if (hasIntegerColumns(lp))
      return { status: "error", message: integerRefusal(id), solver: info() };

    const { model, images } = translate(lp);
    let result: SolveResult;
    let solver: JsLp;
    try {
      library ??= import("javascript-lp-solver").then((module) => module.default);
      solver = await library;
      // Without `full`, Solve returns the plain SolveResult its typings leave as unknown.
      result = solver.Solve(model) as SolveResult;
    } catch (error) {
      return { status: "error", message: `${id} failed: ${String(error)}`, solver: info() };
    }

    // The simplex runs to the end synchronously and cannot be stopped, so the budget is enforced
    // after the fact: an answer that came too late is not reported as one.
    const ms = performance.now() - started;
    if (ms > options.timeLimitMs) {
      return {
        status: "timeLimit",
        message: `${id} took ${ms.toFixed(0)} ms of a ${options.timeLimitMs} ms budget`,
        solver: info(),
      };
    }
    if (!result.feasible) {
      // Its cycle detector stops the simplex and marks the program infeasible, which proves nothing.
      if (cycled(solver))
        return { status: "error", message: `${id} stopped on a pivoting cycle`, solver: info() };
      return {
        status: "infeasible",
        message: "no point satisfies every row and bound",
        solver: info(),
      };
    }
    if (result.bounded === false) {
      return {
        status: "unbounded",
        message: "the objective improves without limit",
        solver: info(),
      };
    }

    const columnValues = images.map(
      (image) =>
        image.offset +
        image.parts.reduce((sum, p) => sum + p.sign * variableValue(result, p.variable), 0),
    );
    // A dense tableau never refactorises, so rounding piles up over many pivots: check the point.
    const violation = firstViolation(lp, columnValues);
    if (violation) {
      return {
        status: "error",
        message: `${id} returned an infeasible point: ${violation}`,
        solver: info(),
      };
    }
    const objective = lp.columns.reduce((sum, c, j) => sum + c.cost * (columnValues[j] ?? 0), 0);
    return { status: "optimal", objective, columnValues, solver: info() };
  },
};
