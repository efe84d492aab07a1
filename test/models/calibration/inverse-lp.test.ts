import { describe, expect, it } from "vitest";
import {
  buildInverseProgram,
  type CostParameter,
  type InverseProblem,
  largestRelativeMove,
  readInverseSolution,
} from "../../../models/calibration/inverse-lp.ts";
import { type LinearProgram, LpBuilder } from "../../../models/lp.ts";
import { highsSolver } from "../../../src/solvers/highs.ts";

/**
 * Plant P (cost 100 CNY/t, capacity 10 t) serves smelter A by road (10 CNY/t, 3 t) and smelter B
 * by rail (50 CNY/t, 2 t); a road lane P -> B (60 CNY/t) is unused. The baseline output is 5 t,
 * inside the plant's bounds, so the plant's price is its cost: y_P = 100, y_A = 110, y_B = 150.
 */
function forward(): { lp: LinearProgram; values: number[]; rail: number } {
  const b = new LpBuilder("tiny", "min");
  const output = b.addColumn({ name: "output:P", lower: 0, upper: 10, cost: 100 });
  const road = b.addColumn({ name: "flow:P>A:road", lower: 0, upper: Infinity, cost: 10 });
  const rail = b.addColumn({ name: "flow:P>B:rail", lower: 0, upper: Infinity, cost: 50 });
  const roadB = b.addColumn({ name: "flow:P>B:road", lower: 0, upper: Infinity, cost: 60 });
  b.addRow({
    name: "plant:P",
    lower: 0,
    upper: 0,
    terms: [
      { column: output, coef: 1 },
      { column: road, coef: -1 },
      { column: rail, coef: -1 },
      { column: roadB, coef: -1 },
    ],
  });
  b.addRow({ name: "smelter:A", lower: 3, upper: 3, terms: [{ column: road, coef: 1 }] });
  b.addRow({
    name: "smelter:B",
    lower: 2,
    upper: 2,
    terms: [
      { column: rail, coef: 1 },
      { column: roadB, coef: 1 },
    ],
  });
  return { lp: b.build(), values: [5, 3, 2, 0], rail };
}

const railAddOn = (upper: number): CostParameter => ({
  id: "rail-add-on",
  description: "rail freight add-on",
  unit: "CNY/t",
  prior: 0,
  lower: -10,
  upper,
  weight: 1,
});

function problem(parameters: CostParameter[], bLow: number): InverseProblem {
  const { lp, values, rail } = forward();
  return {
    lp,
    values,
    parameters,
    sensitivities: parameters.map((_, k) => ({ column: rail, parameter: k, coef: 1 })),
    targets: [
      { id: "A", row: 1, low: 108, high: 112 },
      { id: "B", row: 2, low: bLow, high: bLow + 5 },
    ],
    residualWeight: 100,
  };
}

async function solveInverse(p: InverseProblem) {
  const program = buildInverseProgram(p);
  const result = await highsSolver.solve(program.lp, { timeLimitMs: 10_000 });
  if (result.status !== "optimal") throw new Error(result.status);
  return readInverseSolution(p, program, result.columnValues);
}

describe("the inverse LP on a hand-checkable network", () => {
  it("raises the rail add-on by exactly the 5 CNY/t that brings B's price to its band", async () => {
    const solution = await solveInverse(problem([railAddOn(40)], 155));
    expect(solution.parameters[0]?.fitted).toBeCloseTo(5, 6);
    expect(solution.weightedChange).toBeCloseTo(5, 6);
    expect(solution.targets.map((t) => t.residual)).toEqual([0, 0].map(() => expect.closeTo(0, 6)));
    expect(solution.duals[1]).toBeCloseTo(110, 6);
    expect(solution.duals[2]).toBeCloseTo(155, 6);
  });

  it("stops at the unused road lane: B cannot be dearer than P plus 60, so 8 CNY/t stays unfitted", async () => {
    // B's band starts at 168; the rail lane carries flow, so y_B = 150 + change, but the unused road
    // lane (60 CNY/t, not a parameter) caps y_B at 160: change 10, residual 160 - 168 = -8.
    const solution = await solveInverse(problem([railAddOn(40)], 168));
    expect(solution.parameters[0]?.change).toBeCloseTo(10, 6);
    expect(solution.targets[1]?.residual).toBeCloseTo(-8, 6);
    expect(solution.targets[0]?.residual).toBeCloseTo(0, 6);
  });

  it("stops at the parameter's bound and reports the rest as a residual", async () => {
    const solution = await solveInverse(problem([railAddOn(4)], 158));
    expect(solution.parameters[0]?.fitted).toBeCloseTo(4, 6);
    expect(solution.targets[1]?.dual).toBeCloseTo(154, 6);
    expect(solution.targets[1]?.residual).toBeCloseTo(-4, 6);
  });

  it("changes nothing when the baseline duals already lie in their bands", async () => {
    const solution = await solveInverse(problem([railAddOn(40)], 148));
    expect(solution.parameters[0]?.change).toBeCloseTo(0, 6);
    expect(solution.targets.every((t) => Math.abs(t.residual) < 1e-6)).toBe(true);
  });

  it("measures a later round's change from the origin, so it moves the value back toward it as far as the band allows", async () => {
    // A round built at a prior of +5 (the program's costs already hold it): y_B = 150 lies in
    // [148, 153], so with the prior as origin nothing moves; with origin 0 the fit lowers the add-on
    // by 2, to the band's low end, and pays only for the 3 left.
    const atPrior = await solveInverse(problem([{ ...railAddOn(40), prior: 5 }], 148));
    expect(atPrior.parameters[0]?.fitted).toBeCloseTo(5, 6);
    expect(atPrior.weightedChange).toBeCloseTo(0, 6);
    const fromOrigin = await solveInverse(
      problem([{ ...railAddOn(40), prior: 5, origin: 0 }], 148),
    );
    expect(fromOrigin.parameters[0]?.fitted).toBeCloseTo(3, 6);
    expect(fromOrigin.weightedChange).toBeCloseTo(3, 6);
    expect(fromOrigin.targets[1]?.dual).toBeCloseTo(148, 6);
    expect(fromOrigin.targets.every((t) => Math.abs(t.residual) < 1e-6)).toBe(true);
  });

  it("measures a round's largest move as a share of each parameter's range", () => {
    const parameters = [railAddOn(40), { ...railAddOn(0), id: "other", lower: -1 }];
    // Ranges 50 and 1: moves 5 (0.1 of its range) and 0.5 (0.5 of its range).
    expect(largestRelativeMove(parameters, [0, 0], [5, -0.5])).toBeCloseTo(0.5, 12);
    expect(largestRelativeMove(parameters, [5, -0.5], [5, -0.5])).toBe(0);
  });

  it("refuses a maximisation, whose duals are not marginal costs", () => {
    const { lp } = forward();
    expect(() => buildInverseProgram({ ...problem([], 150), lp: { ...lp, sense: "max" } })).toThrow(
      /minimisation/,
    );
  });
});
