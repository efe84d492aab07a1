import { describe, expect, it } from "vitest";
import { type LinearProgram, LpBuilder } from "../../models/lp.ts";
import { assertWellFormed, MalformedProgramError } from "../../src/solvers/validate.ts";

const good: LinearProgram = {
  name: "good",
  sense: "min",
  columns: [
    { name: "x", lower: -Infinity, upper: Infinity, cost: 1 },
    { name: "y", lower: 0, upper: 4, cost: -2 },
  ],
  rows: [
    {
      name: "r",
      lower: 1,
      upper: Infinity,
      terms: [
        { column: 0, coef: 1 },
        { column: 1, coef: 3 },
      ],
    },
  ],
};

const withColumn = (patch: Partial<LinearProgram["columns"][number]>): LinearProgram => ({
  ...good,
  columns: good.columns.map((c, j) => (j === 1 ? { ...c, ...patch } : c)),
});
const withTerm = (column: number, coef: number): LinearProgram => ({
  ...good,
  rows: [{ name: "r", lower: 1, upper: Infinity, terms: [{ column, coef }] }],
});

describe("assertWellFormed", () => {
  it("accepts finite data with infinite bounds", () => {
    expect(() => assertWellFormed(good)).not.toThrow();
  });

  it.each([
    ["a NaN cost", withColumn({ cost: Number.NaN })],
    ["an infinite cost", withColumn({ cost: Infinity })],
    ["a NaN bound", withColumn({ upper: Number.NaN })],
    ["a lower bound above the upper", withColumn({ lower: 5, upper: 4 })],
    ["a lower bound of +Infinity", withColumn({ lower: Infinity, upper: Infinity })],
    ["a NaN coefficient", withTerm(0, Number.NaN)],
    ["a term on a missing column", withTerm(2, 1)],
    ["a term on a fractional column index", withTerm(0.5, 1)],
    [
      "a row with lower above upper",
      { ...good, rows: [{ name: "r", lower: 2, upper: 1, terms: [] }] },
    ],
  ])("rejects %s with a MalformedProgramError", (_, lp) => {
    expect(() => assertWellFormed(lp)).toThrow(MalformedProgramError);
  });

  it("names the row of a builder's term on a fractional column, which its term arrays cannot hold", () => {
    const b = new LpBuilder("odd", "min");
    b.addStoredColumn({ name: "x", lower: 0, upper: 1, cost: 1 });
    b.addRowWith({ name: "written", lower: 0, upper: 1 }, (add) => add(0.5, 1));
    expect(() => assertWellFormed(b.build())).toThrow(
      /row 0 \(written\) refers to column 0.5, which does not exist/,
    );
  });
});
