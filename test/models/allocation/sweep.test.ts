import { describe, expect, it } from "vitest";
import {
  type CurvePoint,
  changesAt,
  piecewiseLinear,
  programDelta,
  slopeAt,
} from "../../../models/allocation/sweep.ts";
import type { LinearProgram } from "../../../models/lp.ts";

/** A function given as lines a + b x: its value and the slope of a line that supports it at x. */
function byLines(lines: [number, number][], pick: "min" | "max") {
  let evaluations = 0;
  const evaluate = async (x: number): Promise<CurvePoint<null>> => {
    evaluations++;
    const values = lines.map(([a, b]) => a + b * x);
    const best = pick === "min" ? Math.min(...values) : Math.max(...values);
    const line = lines[values.indexOf(best)] as [number, number];
    return { at: x, value: best, slope: line[1], payload: null };
  };
  return { evaluate, count: () => evaluations };
}

const options = { relativeTolerance: 1e-12, maxEvaluations: 100 };

describe("piecewiseLinear", () => {
  it("finds a concave function's breakpoints exactly where its lines cross (3 and 6), not on a grid", async () => {
    const f = byLines(
      [
        [0, 2],
        [3, 1],
        [6, 0.5],
      ],
      "min",
    );
    const curve = await piecewiseLinear(0, 10, f.evaluate, options);
    if ("failed" in curve) throw new Error(curve.failed);
    expect(curve.pieces.map((p) => [p.from, p.to])).toEqual([
      [0, 3],
      [3, 6],
      [6, 10],
    ]);
    expect(curve.pieces.map((p) => p.slope)).toEqual([2, 1, 0.5]);
    expect(curve.pieces[2]?.valueAtTo).toBeCloseTo(11, 12);
    // Two evaluations a piece at most: the ends, and one where each pair of lines meets.
    expect(f.count()).toBeLessThanOrEqual(2 * curve.pieces.length + 1);
  });

  it("does the same for a convex function, and gives one piece for a line", async () => {
    const convex = byLines(
      [
        [10, -1],
        [4, 0],
        [-8, 2],
      ],
      "max",
    );
    const curve = await piecewiseLinear(0, 12, convex.evaluate, options);
    if ("failed" in curve) throw new Error(curve.failed);
    // max(10 - x, 4, 2x - 8): the flat line only touches at 6, so two pieces meet there.
    expect(curve.pieces.map((p) => [p.from, p.to, p.slope])).toEqual([
      [0, 6, -1],
      [6, 12, 2],
    ]);
    const line = await piecewiseLinear(-1, 1, byLines([[1, 3]], "min").evaluate, options);
    if ("failed" in line) throw new Error(line.failed);
    expect(line.pieces).toHaveLength(1);
  });

  it("keeps a middle piece that two lines' crossing hides: it evaluates there and splits", async () => {
    // max(-x, -2, x - 10): the outer lines meet at 5 (value -5) under the flat one (-2).
    const f = byLines(
      [
        [0, -1],
        [-2, 0],
        [-10, 1],
      ],
      "max",
    );
    const curve = await piecewiseLinear(-5, 15, f.evaluate, options);
    if ("failed" in curve) throw new Error(curve.failed);
    expect(curve.pieces.map((p) => [p.from, p.to])).toEqual([
      [-5, 2],
      [2, 8],
      [8, 15],
    ]);
  });
});

const lp = (cost: number, upper: number, rowUpper: number): LinearProgram => ({
  name: "t",
  sense: "min",
  columns: [
    { name: "x", lower: 0, upper, cost },
    { name: "y", lower: 0, upper: 10, cost: 1 },
  ],
  rows: [
    {
      name: "r",
      terms: [
        { column: 0, coef: 1 },
        { column: 1, coef: 1 },
      ],
      lower: -Infinity,
      upper: rowUpper,
    },
  ],
});

describe("programDelta", () => {
  it("tells costs from bounds per unit of the parameter, and refuses both at once", () => {
    const cost = programDelta(lp(1, 5, 8), lp(3, 5, 8), 2);
    expect(cost.kind).toBe("cost");
    if (cost.kind === "cost") expect([...cost.cost]).toEqual([1, 0]);
    const bounds = programDelta(lp(1, 5, 8), lp(1, 9, 12), 4);
    expect(bounds.kind).toBe("bounds");
    if (bounds.kind === "bounds") {
      expect([...bounds.columnUpper]).toEqual([1, 0]);
      expect([...bounds.rowUpper]).toEqual([1]);
    }
    expect(programDelta(lp(1, 5, 8), lp(2, 6, 8), 1).kind).toBe("mixed");
    expect(programDelta(lp(1, 5, 8), lp(1, 5, 8), 1).kind).toBe("none");
  });

  it("prices a bound's move by the dual of the row at it", () => {
    // min x + y with x + y >= 8 (raised by 1 a unit): the row binds with dual 1, so one more unit
    // of the parameter costs 1.
    const row = { ...(lp(1, 5, 8).rows[0] as LinearProgram["rows"][number]), upper: Infinity };
    const base: LinearProgram = { ...lp(1, 5, 8), rows: [{ ...row, lower: 8 }] };
    const raised: LinearProgram = { ...base, rows: [{ ...row, lower: 10 }] };
    const delta = programDelta(base, raised, 2);
    const optimum = {
      status: "optimal" as const,
      objective: 8,
      columnValues: [5, 3],
      duals: { rowDuals: [1], reducedCosts: [0, 0] },
      solver: { id: "t", version: "0", ms: 0 },
    };
    expect(slopeAt(base, optimum, delta)).toBe(1);
  });
});

describe("changesAt", () => {
  it("sets the swept field on a copy and names what is missing", () => {
    const changes = [{ kind: "scaleModeCost" as const, mode: "rail", factor: 1 }];
    const at = changesAt(changes, { change: 0, field: "factor", from: 0.5, to: 2 }, 1.5);
    expect(at.ok && at.changes[0]).toEqual({ kind: "scaleModeCost", mode: "rail", factor: 1.5 });
    expect(changes[0]?.factor).toBe(1);
    expect(changesAt(changes, { change: 0, field: "mode", from: 0, to: 1 }, 0)).toMatchObject({
      ok: false,
      pointer: "/parameter/field",
    });
    expect(changesAt(changes, { change: 2, field: "factor", from: 0, to: 1 }, 0)).toMatchObject({
      ok: false,
      pointer: "/parameter/change",
    });
  });
});
