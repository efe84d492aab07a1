import highsLoader from "highs";
import { describe, expect, it } from "vitest";
import { type LinearProgram, type LpResult, type LpSense, toLpText } from "../../../models/lp.ts";
import { networkSimplexSolver as solver } from "../../../src/solvers/network-simplex/index.ts";
import { MalformedProgramError } from "../../../src/solvers/validate.ts";
import { mulberry32, randomInt } from "../../support/random.ts";

const inf = Infinity;
const generous = { timeLimitMs: 30_000 };

type Optimal = Extract<LpResult, { status: "optimal" }>;

function optimal(result: LpResult): Optimal {
  if (result.status !== "optimal")
    throw new Error(`expected optimal, got ${result.status}: ${result.message}`);
  return result;
}

/** Columns [name, lower, upper, cost]; rows [name, lower, upper, {column name: coefficient}]. */
function program(
  sense: LpSense,
  columns: [string, number, number, number][],
  rows: [string, number, number, Record<string, number>][],
): LinearProgram {
  const index = new Map(columns.map(([name], j) => [name, j]));
  return {
    name: `test-${sense}`,
    sense,
    columns: columns.map(([name, lower, upper, cost]) => ({ name, lower, upper, cost })),
    rows: rows.map(([name, lower, upper, terms]) => ({
      name,
      lower,
      upper,
      terms: Object.entries(terms).map(([column, coef]) => ({
        column: index.get(column) ?? -1,
        coef,
      })),
    })),
  };
}

// Plants A (20 t) and B (35 t) ship to X (10 t), Y (25 t), Z (15 t); plant rows read -out >= -cap.
const transportation = program(
  "min",
  [
    ["A>X", 0, inf, 2],
    ["A>Y", 0, inf, 4],
    ["A>Z", 0, inf, 5],
    ["B>X", 0, inf, 3],
    ["B>Y", 0, inf, 1],
    ["B>Z", 0, inf, 7],
  ],
  [
    ["A", -20, inf, { "A>X": -1, "A>Y": -1, "A>Z": -1 }],
    ["B", -35, inf, { "B>X": -1, "B>Y": -1, "B>Z": -1 }],
    ["X", 10, 10, { "A>X": 1, "B>X": 1 }],
    ["Y", 25, 25, { "A>Y": 1, "B>Y": 1 }],
    ["Z", 15, 15, { "A>Z": 1, "B>Z": 1 }],
  ],
);

// Plants P1 (8 t) and P2 (6 t) earn margins selling to S1 (takes <= 5 t) and S2 (<= 7 t).
const margins = program(
  "max",
  [
    ["P1>S1", 0, inf, 5],
    ["P1>S2", 0, inf, 3],
    ["P2>S2", 0, inf, 2],
    ["P2>S1", 0, inf, 1],
  ],
  [
    ["P1", -8, inf, { "P1>S1": -1, "P1>S2": -1 }],
    ["P2", -6, inf, { "P2>S2": -1, "P2>S1": -1 }],
    ["S1", -inf, 5, { "P1>S1": 1, "P2>S1": 1 }],
    ["S2", 0, 7, { "P1>S2": 1, "P2>S2": 1 }],
  ],
);

const worst = (sense: LpSense) => (sense === "min" ? Infinity : -Infinity);

/** The optimal value, or the value of an infeasible program (+Infinity for min, -Infinity for max). */
async function value(lp: LinearProgram): Promise<number> {
  const result = await solver.solve(lp, generous);
  if (result.status === "infeasible") return worst(lp.sense);
  return optimal(result).objective;
}

const step = 1e-3;

/** Moves both bounds of item `index` of `items` by `delta` (an infinite bound stays put). */
function shift<T extends { lower: number; upper: number }>(
  items: T[],
  index: number,
  delta: number,
) {
  return items.map((item, k) =>
    k === index ? { ...item, lower: item.lower + delta, upper: item.upper + delta } : item,
  );
}

/**
 * Checks each dual against the optimal value as a function of moving that row's (or column's)
 * bounds: convex for a minimisation, concave for a maximisation, so the dual must lie between the
 * one-sided difference quotients, and equal both when `unique` (a non-degenerate optimum).
 */
async function expectDualsMatchFiniteDifferences(lp: LinearProgram, unique: boolean) {
  const base = optimal(await solver.solve(lp, generous));
  const duals = base.duals;
  if (!duals) throw new Error("no duals");
  const sign = lp.sense === "min" ? 1 : -1;
  const check = async (dual: number, shifted: (delta: number) => LinearProgram, what: string) => {
    const right = ((await value(shifted(step))) - base.objective) / step;
    const left = (base.objective - (await value(shifted(-step)))) / step;
    const tol = 1e-6 * Math.max(1, Math.abs(dual));
    if (unique) {
      expect(Math.abs(right - dual), `${what}: right slope ${right} vs ${dual}`).toBeLessThan(tol);
      expect(Math.abs(left - dual), `${what}: left slope ${left} vs ${dual}`).toBeLessThan(tol);
    } else {
      expect(sign * (right - dual), `${what}: right slope ${right} vs ${dual}`).toBeGreaterThan(
        -tol,
      );
      expect(sign * (dual - left), `${what}: left slope ${left} vs ${dual}`).toBeGreaterThan(-tol);
    }
  };
  for (let i = 0; i < lp.rows.length; i++) {
    await check(
      duals.rowDuals[i] as number,
      (d) => ({ ...lp, rows: shift(lp.rows, i, d) }),
      `row ${i}`,
    );
  }
  for (let j = 0; j < lp.columns.length; j++) {
    await check(
      duals.reducedCosts[j] as number,
      (d) => ({ ...lp, columns: shift(lp.columns, j, d) }),
      `column ${j}`,
    );
  }
}

describe("networkSimplexSolver", () => {
  it("identifies itself as the network-only backend with duals", () => {
    expect(solver.id).toBe("network-simplex");
    expect(solver.version).toBe("1.0.0");
    expect(solver.capabilities).toEqual({ duals: true, networkOnly: true, integer: false });
  });

  it("solves a 2x3 transportation program with its written-down optimum and duals", async () => {
    const result = optimal(await solver.solve(transportation, generous));
    // B fills Y; A serves Z (5 < 7) and 5 t of X; B tops X up.
    expect(result.objective).toBe(25 * 1 + 15 * 5 + 5 * 2 + 5 * 3);
    expect(result.columnValues).toEqual([5, 0, 15, 5, 25, 0]);
    // One tonne less at A moves a tonne of X to B (+1); X, Y and Z price at their marginal route.
    expect(result.duals?.rowDuals).toEqual([1, 0, 3, 1, 6]);
    expect(result.duals?.reducedCosts).toEqual([0, 4, 0, 0, 0, 1]);
    expect(result.solver.id).toBe("network-simplex");
    expect(result.solver.ms).toBeGreaterThanOrEqual(0);
  });

  it("gives transportation duals that match finite differences", async () => {
    await expectDualsMatchFiniteDifferences(transportation, true);
  });

  it("maximises margins, reporting the objective and duals in the max sense", async () => {
    const result = optimal(await solver.solve(margins, generous));
    expect(result.objective).toBe(5 * 5 + 3 * 3 + 4 * 2);
    expect(result.columnValues).toEqual([5, 3, 4, 0]);
    // One tonne less at P1 shifts a tonne of S2 to P2 (-3 + 2); one more into S1 earns 5 - 3 + 2.
    expect(result.duals?.rowDuals).toEqual([-1, 0, 4, 2]);
    expect(result.duals?.reducedCosts).toEqual([0, 0, 0, -3]);
  });

  it("gives max-sense duals that match finite differences", async () => {
    await expectDualsMatchFiniteDifferences(margins, true);
  });

  it("gives degenerate duals that lie between the one-sided finite differences", async () => {
    // Supply equals demand, so the plant rows are binding with one of them redundant.
    const rows = transportation.rows.map((r, i) => (i === 1 ? { ...r, lower: -30 } : r));
    await expectDualsMatchFiniteDifferences({ ...transportation, rows }, false);
  });

  it("honours column lower bounds, upper-only and free columns, and single-row columns", async () => {
    // Deliver exactly 6 to D: at least 2 over the dear arc (4/t); the rest from outside via a
    // free column (1/t) that can also run backwards; a column bounded only above sits at 3.
    const lp = program(
      "min",
      [
        ["S>D dear", 2, 10, 4],
        ["in>S free", -inf, inf, 1],
        ["S>D", 0, inf, 2],
        ["upper only into D", -inf, 3, -1],
      ],
      [
        ["S", 0, 0, { "S>D dear": -1, "in>S free": 1, "S>D": -1 }],
        ["D", 6, 6, { "S>D dear": 1, "S>D": 1, "upper only into D": 1 }],
      ],
    );
    const result = optimal(await solver.solve(lp, generous));
    expect(result.columnValues).toEqual([2, 3, 1, 3]);
    expect(result.objective).toBe(2 * 4 + 3 * 1 + 1 * 2 + 3 * -1);
    await expectDualsMatchFiniteDifferences(lp, true);
  });

  it("reports supply short of demand as infeasible and a free negative cycle as unbounded", async () => {
    const short = program("min", [["P>S", 0, 8, 1]], [["S", 10, inf, { "P>S": 1 }]]);
    expect((await solver.solve(short, generous)).status).toBe("infeasible");
    const cycle = program(
      "max",
      [
        ["a>b", 0, inf, 1],
        ["b>a", 0, inf, 0],
      ],
      [
        ["a", 0, 0, { "a>b": -1, "b>a": 1 }],
        ["b", 0, 0, { "a>b": 1, "b>a": -1 }],
      ],
    );
    expect((await solver.solve(cycle, generous)).status).toBe("unbounded");
  });

  it("answers a program that is not a network with an error naming it", async () => {
    const lp = program("min", [["x", 0, 1, 1]], [["r", 1, 1, { x: 2 }]]);
    const result = await solver.solve(lp, generous);
    expect(result.status).toBe("error");
    if (result.status === "error")
      expect(result.message).toMatch(/network programs.*"test-min".*column 0 \(x\).*coefficient 2/);
  });

  it("throws a MalformedProgramError for a NaN cost, as every backend does", async () => {
    const lp = program("min", [["x", 0, 1, Number.NaN]], []);
    await expect(solver.solve(lp, generous)).rejects.toThrow(MalformedProgramError);
  });

  it("answers an exhausted budget with timeLimit and an aborted signal with cancelled", async () => {
    const limited = await solver.solve(transportation, { timeLimitMs: 0 });
    expect(limited.status).toBe("timeLimit");
    const cancelled = await solver.solve(transportation, {
      timeLimitMs: 1000,
      signal: AbortSignal.abort(),
    });
    expect(cancelled).toMatchObject({ status: "error", message: "cancelled" });
  });
});

/**
 * A random network program with every shape the translation handles: equality, one-sided, ranged
 * and free rows; columns with two, one or no rows (and +1 and -1 in the same row); lower bounds
 * that are 0, nonzero or absent; upper bounds finite or not; integral or cent-valued data. Row
 * bounds are set around the activity of a random point, so most programs are feasible; in one in
 * five a row gets arbitrary bounds instead, which often makes it infeasible.
 */
function randomNetworkLp(random: () => number, rowCount: number, columnCount: number) {
  const cents = random() < 0.3;
  const num = (low: number, high: number) =>
    cents ? Math.round((low + random() * (high - low)) * 100) / 100 : randomInt(random, low, high);
  const rows = Array.from({ length: rowCount }, (_, i) => ({
    name: `r${i}`,
    lower: 0,
    upper: 0,
    terms: [] as { column: number; coef: number }[],
  }));
  const activity = new Array<number>(rowCount).fill(0);
  const pick = () => (random() < 0.1 ? -1 : randomInt(random, 0, rowCount - 1));
  const columns = Array.from({ length: columnCount }, (_, j) => {
    const shape = random();
    const lower = shape < 0.75 ? 0 : shape < 0.98 ? num(-5, 5) : -inf;
    const upper = random() < 0.3 ? inf : lower === -inf ? num(-10, 20) : lower + num(0, 30);
    const x =
      lower > -inf && upper < inf
        ? lower + (upper - lower) * random()
        : lower > -inf
          ? lower + num(0, 10)
          : upper < inf
            ? upper - num(0, 10)
            : num(-10, 10);
    const head = pick();
    const tail = random() < 0.03 ? head : pick();
    if (head >= 0) {
      rows[head]?.terms.push({ column: j, coef: 1 });
      activity[head] = (activity[head] as number) + x;
    }
    if (tail >= 0) {
      rows[tail]?.terms.push({ column: j, coef: -1 });
      activity[tail] = (activity[tail] as number) - x;
    }
    if (random() < 0.02)
      rows[randomInt(random, 0, rowCount - 1)]?.terms.push({ column: j, coef: 0 });
    const cost = random() < 0.97 ? num(0, 20) : num(-8, 0);
    return { name: `c${j}`, lower, upper, cost };
  });
  rows.forEach((row, i) => {
    const a = activity[i] as number;
    const kind = random();
    [row.lower, row.upper] =
      kind < 0.3
        ? [a, a]
        : kind < 0.5
          ? [a - num(0, 5), inf]
          : kind < 0.7
            ? [-inf, a + num(0, 5)]
            : kind < 0.95
              ? [a - num(0, 5), a + num(0, 5)]
              : [-inf, inf];
  });
  const arbitrary = rows[randomInt(random, 0, rowCount - 1)];
  if (arbitrary && random() < 0.2) [arbitrary.lower, arbitrary.upper] = [num(0, 20), num(20, 40)];
  const sense: LpSense = random() < 0.6 ? "min" : "max";
  if (sense === "max") for (const c of columns) c.cost = -c.cost;
  return { name: `random-${sense}`, sense, columns, rows } satisfies LinearProgram;
}

const highs = await highsLoader();

/**
 * HiGHS's verdict, with "infeasible or unbounded" settled by a zero-objective feasibility solve.
 * Presolve is off: HiGHS 1.15.3's presolve calls some feasible unbounded programs "Infeasible"
 * (a zero-objective solve of the same program finds them feasible).
 */
function referenceSolve(lp: LinearProgram): { status: string; objective: number } {
  const solve = (p: LinearProgram) =>
    highs.solve(toLpText(p, { positionalNames: true }), { presolve: "off", output_flag: false });
  const result = solve(lp);
  if (result.Status === "Optimal") return { status: "optimal", objective: result.ObjectiveValue };
  if (result.Status === "Infeasible") return { status: "infeasible", objective: Number.NaN };
  if (result.Status === "Unbounded") return { status: "unbounded", objective: Number.NaN };
  if (result.Status === "Primal infeasible or unbounded") {
    const feasible = solve({ ...lp, columns: lp.columns.map((c) => ({ ...c, cost: 0 })) });
    return { status: feasible.Status === "Optimal" ? "unbounded" : "infeasible", objective: 0 };
  }
  if (result.Status === "Empty" && lp.columns.length === 0) {
    // With no columns every row's activity is 0.
    const feasible = lp.rows.every((r) => r.lower <= 0 && 0 <= r.upper);
    return { status: feasible ? "optimal" : "infeasible", objective: 0 };
  }
  throw new Error(`HiGHS answered ${result.Status}`);
}

/** The point is feasible and the duals certify it: signs fit the active bounds (complementarity). */
function expectCertified(lp: LinearProgram, result: Optimal) {
  const x = result.columnValues;
  const duals = result.duals;
  if (!duals) throw new Error("no duals");
  const sign = lp.sense === "min" ? 1 : -1;
  let worstViolation = 0;
  const check = (value: number, lower: number, upper: number, dual: number) => {
    const tol = 1e-7 * Math.max(1, Math.abs(value));
    worstViolation = Math.max(worstViolation, lower - value - tol, value - upper - tol);
    // For a minimisation a positive dual needs the lower bound active, a negative one the upper.
    const d = sign * dual;
    if (d > 1e-7) worstViolation = Math.max(worstViolation, Math.abs(value - lower) - tol);
    if (d < -1e-7) worstViolation = Math.max(worstViolation, Math.abs(value - upper) - tol);
  };
  lp.columns.forEach((c, j) => {
    check(x[j] as number, c.lower, c.upper, duals.reducedCosts[j] as number);
  });
  lp.rows.forEach((r, i) => {
    const activity = r.terms.reduce((sum, t) => sum + t.coef * (x[t.column] as number), 0);
    check(activity, r.lower, r.upper, duals.rowDuals[i] as number);
  });
  expect(worstViolation).toBeLessThanOrEqual(0);
}

describe("networkSimplexSolver against HiGHS", () => {
  it("agrees on status and objective (1e-6 relative) on 300 random programs (seed 4242)", async () => {
    const random = mulberry32(4242);
    const statuses = new Map<string, number>();
    for (let instance = 0; instance < 300; instance++) {
      const medium = instance % 5 === 0;
      const rowCount = medium ? randomInt(random, 30, 80) : randomInt(random, 1, 12);
      const columnCount = medium ? randomInt(random, 100, 300) : randomInt(random, 0, 30);
      const lp = randomNetworkLp(random, rowCount, columnCount);
      const reference = referenceSolve(lp);
      const result = await solver.solve(lp, generous);
      statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
      expect(result.status, `instance ${instance}`).toBe(reference.status);
      if (result.status !== "optimal") continue;
      const scale = Math.max(1, Math.abs(reference.objective));
      expect(Math.abs(result.objective - reference.objective) / scale).toBeLessThan(1e-6);
      expectCertified(lp, result);
    }
    expect(statuses.get("optimal")).toBeGreaterThan(100);
    expect(statuses.get("infeasible")).toBeGreaterThan(10);
    expect(statuses.get("unbounded")).toBeGreaterThan(5);
  });

  it("gives duals within the finite-difference slopes on 40 random programs (seed 99)", async () => {
    const random = mulberry32(99);
    let checked = 0;
    while (checked < 40) {
      const lp = randomNetworkLp(random, randomInt(random, 2, 8), randomInt(random, 2, 16));
      if ((await solver.solve(lp, generous)).status !== "optimal") continue;
      await expectDualsMatchFiniteDifferences(lp, false);
      checked++;
    }
  });
});
