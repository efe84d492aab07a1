import { describe, expect, it, vi } from "vitest";
import {
  ColumnArrays,
  columnArraysOf,
  columnCount,
  columnValues,
  hasIntegerColumns,
  type LinearProgram,
  LpBuilder,
  type LpColumn,
  type LpRow,
  rowTermsOf,
  termArrays,
  toLpText,
  withColumnValues,
  withRowBounds,
} from "../../models/lp.ts";
import { networkSimplexSolver } from "../../src/solvers/network-simplex/index.ts";

const lp: LinearProgram = {
  name: "ranges and bounds",
  sense: "max",
  columns: [
    { name: "flow:a>b", lower: 0, upper: Infinity, cost: 3 },
    { name: "slack", lower: -Infinity, upper: Infinity, cost: 0 },
    { name: "back", lower: -5, upper: 2.5, cost: -1 },
  ],
  rows: [
    {
      name: "range",
      lower: 1,
      upper: 4,
      terms: [
        { column: 0, coef: 1 },
        { column: 2, coef: -2 },
      ],
    },
    { name: "eq", lower: 3, upper: 3, terms: [{ column: 1, coef: 1 }] },
    { name: "unbounded", lower: -Infinity, upper: Infinity, terms: [{ column: 0, coef: 1 }] },
    { name: "le", lower: -Infinity, upper: 7, terms: [{ column: 2, coef: -1 }] },
  ],
};

describe("toLpText", () => {
  it("writes a ranged row as two one-sided rows, drops a row with no bound, and marks free columns", () => {
    expect(toLpText(lp, { positionalNames: true })).toBe(
      [
        "\\ ranges and bounds",
        "Maximize",
        " obj: 3 c0 - c2",
        "Subject To",
        " r0_lo: c0 - 2 c2 >= 1",
        " r0_hi: c0 - 2 c2 <= 4",
        " r1: c1 = 3",
        " r3: - c2 <= 7",
        "Bounds",
        " 0 <= c0 <= +inf",
        " c1 free",
        " -5 <= c2 <= 2.5",
        "End",
        "",
      ].join("\n"),
    );
  });

  it("keeps the model's names, with characters LP does not allow replaced", () => {
    const text = toLpText(lp);
    expect(text).toContain(" range_lo: flow_a_b - 2 back >= 1");
    expect(text).toContain(" slack free");
  });

  it("wraps long expressions between terms so that no line exceeds 255 characters", () => {
    const wide: LinearProgram = {
      name: "wide",
      sense: "min",
      columns: Array.from({ length: 300 }, (_, j) => ({
        name: `x${j}`,
        lower: 0,
        upper: Infinity,
        cost: j + 0.5,
      })),
      rows: [
        {
          name: "all",
          lower: 10,
          upper: Infinity,
          terms: Array.from({ length: 300 }, (_, j) => ({ column: j, coef: -(j % 7) - 1 })),
        },
      ],
    };
    const text = toLpText(wide, { positionalNames: true });
    const lines = text.split("\n");
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(255);
    const objective = text.slice(text.indexOf("obj:"), text.indexOf("Subject To"));
    expect(objective.split(/\s+/).filter((t) => /^c\d+$/.test(t))).toHaveLength(300);
    expect(objective.replace(/\s+/g, " ")).toContain("0.5 c0 + 1.5 c1 + 2.5 c2");
    const row = text.slice(text.indexOf("r0:"), text.indexOf("Bounds"));
    expect(row.trim().endsWith(">= 10")).toBe(true);
    expect(lines.filter((l) => /^ r0:/.test(l))).toHaveLength(1);
  });
});

describe("LpBuilder's column arrays", () => {
  // Two sources (0, 1) ship to one sink row; the sink needs 5.
  const build = () => {
    const b = new LpBuilder("arrays", "min");
    const x = b.addStoredColumn({ name: "x", lower: 0, upper: 4, cost: 2 });
    const y = b.addStoredColumn({ name: "y", lower: 0, upper: Infinity, cost: 3 });
    b.addRow({
      name: "sink",
      lower: 5,
      upper: 5,
      terms: [
        { column: x, coef: 1 },
        { column: y, coef: 1 },
      ],
    });
    return b.build();
  };

  it("holds every stored column's bounds and cost, the ones its objects read", () => {
    const lp = build();
    const arrays = columnArraysOf(lp);
    expect(arrays?.length).toBe(2);
    const values = columnValues(lp);
    expect(lp.columns.map((c, j) => [c.lower, c.upper, c.cost, values.cost[j]])).toEqual([
      [0, 4, 2, 2],
      [0, Infinity, 3, 3],
    ]);
  });

  it("sees a column changed in place, so a solve reads the change", async () => {
    const lp = build();
    const [x, y] = lp.columns as [LpColumn, LpColumn];
    x.cost = 5;
    y.upper = 2;
    expect(Array.from(columnValues(lp).cost.subarray(0, 2))).toEqual([5, 3]);
    const solved = await networkSimplexSolver.solve(lp, { timeLimitMs: 1000 });
    // y takes its 2 at 3, x the other 3 at 5.
    expect(solved.status === "optimal" && solved.objective).toBeCloseTo(21, 9);
  });

  it("are left out when a column object of the caller's own is added, or the columns are copied", () => {
    const b = new LpBuilder("mixed", "min");
    b.addStoredColumn({ name: "x", lower: 0, upper: 1, cost: 1 });
    b.addColumn({ name: "own", lower: 0, upper: 1, cost: 1 });
    expect(columnArraysOf(b.build())).toBeUndefined();
    const lp = build();
    const copied = {
      ...lp,
      columns: lp.columns.map((c) => ({
        name: c.name,
        lower: c.lower,
        upper: c.upper,
        cost: c.cost,
      })),
    };
    expect(columnArraysOf(copied)).toBeUndefined();
    expect(Array.from(columnValues(copied).cost)).toEqual([2, 3]);
  });

  it("make the column objects only when the program's columns are read, and keep them", () => {
    const lp = build();
    const made = vi.spyOn(ColumnArrays.prototype, "makeObjects");
    try {
      expect(columnArraysOf(lp)?.length).toBe(2);
      expect(columnCount(lp)).toBe(2);
      expect(made).not.toHaveBeenCalled();
      expect(lp.columns.map((c) => c.name)).toEqual(["x", "y"]);
      expect(lp.columns).toBe(lp.columns);
      expect(made).toHaveBeenCalledTimes(1);
      // The objects read are the arrays', so the arrays still stand for the columns.
      expect(columnArraysOf(lp)?.length).toBe(2);
    } finally {
      made.mockRestore();
    }
  });

  it("stay with a spread copy, which copies the same column objects, but not with a column pushed", () => {
    const lp = build();
    const copy = { ...lp };
    expect(columnArraysOf(copy)).toBe(lp.columnArrays);
    expect(copy.columns).toBe(lp.columns);
    lp.columns.push({ name: "z", lower: 0, upper: 1, cost: 9 });
    expect(columnArraysOf(lp)).toBeUndefined();
    expect(columnCount(lp)).toBe(3);
    expect(Array.from(columnValues(lp).cost)).toEqual([2, 3, 9]);
  });

  it("number a block's columns in order, and name each from its block when asked", () => {
    const b = new LpBuilder("block", "min");
    b.addStoredColumn({ name: "first", lower: 0, upper: 1, cost: 1 });
    const named: number[] = [];
    const at = b.addColumnBlock(
      3,
      (k) => {
        named.push(k);
        return `lane${k}`;
      },
      () => 0,
      (k) => 10 * (k + 1),
      (k) => k / 2,
    );
    b.addStoredColumn({ name: "last", lower: 0, upper: 1, cost: 1, integer: true });
    const lp = b.build();
    expect(at).toBe(1);
    expect(named).toEqual([]);
    expect(lp.columns.map((c) => [c.name, c.upper, c.cost, c.integer])).toEqual([
      ["first", 1, 1, undefined],
      ["lane0", 10, 0, undefined],
      ["lane1", 20, 0.5, undefined],
      ["lane2", 30, 1, undefined],
      ["last", 1, 1, true],
    ]);
    expect(() =>
      b.addColumnBlock(
        1,
        () => "bad",
        () => 2,
        () => 1,
        () => 0,
      ),
    ).toThrow("column bad has lower > upper");
  });

  it("keep a block's indices once columns of the caller's own have been added", () => {
    const b = new LpBuilder("mixed", "min");
    b.addColumn({ name: "own", lower: 0, upper: 1, cost: 1 });
    const at = b.addColumnBlock(
      2,
      (k) => `b${k}`,
      () => 0,
      () => 5,
      (k) => k,
    );
    const lp = b.build();
    expect(at).toBe(1);
    expect(columnArraysOf(lp)).toBeUndefined();
    expect(lp.columns.map((c) => [c.name, c.cost])).toEqual([
      ["own", 1],
      ["b0", 0],
      ["b1", 1],
    ]);
  });

  it("give a program new bounds and costs, or new row bounds, without touching the first or making objects", async () => {
    const lp = build();
    const made = vi.spyOn(ColumnArrays.prototype, "makeObjects");
    try {
      const values = columnValues(lp);
      const dearer = withColumnValues(lp, {
        lower: values.lower,
        upper: Float64Array.of(2, Infinity),
        cost: Float64Array.of(2, 1),
      });
      const bigger = withRowBounds(dearer, [8], [8]);
      expect(made).not.toHaveBeenCalled();
      expect(Array.from(columnValues(lp).cost.subarray(0, 2))).toEqual([2, 3]);
      expect(lp.rows[0]?.lower).toBe(5);
      expect(rowTermsOf(bigger)?.column).toBe(rowTermsOf(lp)?.column);
      // y is now the cheaper: all 8 by y at 1.
      const solved = await networkSimplexSolver.solve(bigger, { timeLimitMs: 1000 });
      expect(solved.status === "optimal" && solved.objective).toBeCloseTo(8, 9);
      expect(made).not.toHaveBeenCalled();
      // The names and terms are the first program's, read when asked for.
      expect(bigger.columns.map((c) => [c.name, c.upper, c.cost])).toEqual([
        ["x", 2, 2],
        ["y", Infinity, 1],
      ]);
      expect(bigger.rows[0]?.terms).toEqual(lp.rows[0]?.terms);
    } finally {
      made.mockRestore();
    }
  });

  it("count integer columns for hasIntegerColumns", () => {
    const b = new LpBuilder("lots", "min");
    b.addStoredColumn({ name: "n", lower: 0, upper: 3, cost: 0, integer: true });
    expect(hasIntegerColumns(b.build())).toBe(true);
    expect(hasIntegerColumns(build())).toBe(false);
  });
});

describe("LpBuilder's row terms", () => {
  // Three columns; one row given with its terms, one written term by term, one with none.
  const build = () => {
    const b = new LpBuilder("terms", "min");
    for (const name of ["x", "y", "z"])
      b.addStoredColumn({ name, lower: 0, upper: Infinity, cost: 1 });
    b.addRow({
      name: "given",
      lower: 1,
      upper: 1,
      terms: [
        { column: 0, coef: 1 },
        { column: 2, coef: -1 },
      ],
    });
    b.addRowWith({ name: "written", lower: 0, upper: 4 }, (add) => {
      add(1, 1);
      add(0, 0.5);
      add(2, -2);
    });
    b.addRow({ name: "empty", lower: -Infinity, upper: Infinity, terms: [] });
    return b.build();
  };
  const asObjects = (lp: LinearProgram) =>
    lp.rows.map((row) => row.terms.map(({ column, coef }) => [column, coef]));

  it("hold every row's terms in order, the ones its objects read", () => {
    const lp = build();
    const own = rowTermsOf(lp);
    expect(own?.rowCount).toBe(3);
    expect(asObjects(lp)).toEqual([
      [
        [0, 1],
        [2, -1],
      ],
      [
        [1, 1],
        [0, 0.5],
        [2, -2],
      ],
      [],
    ]);
    const flat = termArrays({ ...lp, rows: lp.rows.map((row) => ({ ...row })) });
    expect(rowTermsOf({ ...lp, rows: [...lp.rows] })).toBeUndefined();
    for (const key of ["start", "column", "coef"] as const)
      expect(Array.from(own?.[key] ?? []).slice(0, flat[key].length)).toEqual(
        Array.from(flat[key]),
      );
  });

  it("cannot be left behind: a row's terms are frozen, and a written row's are made once", () => {
    const lp = build();
    const [given, written] = lp.rows as [LpRow, LpRow];
    expect(() => given.terms.push({ column: 1, coef: 1 })).toThrow(TypeError);
    expect(() => written.terms.push({ column: 1, coef: 1 })).toThrow(TypeError);
    expect(written.terms).toBe(written.terms);
    // A spread or a clone of a written row copies its terms.
    expect({ ...written }.terms).toEqual(written.terms);
    expect(structuredClone(written).terms).toEqual(written.terms);
    // ... and nothing else: where a row finds its terms is not an enumerable key.
    expect(Reflect.ownKeys({ ...written })).toEqual(["name", "terms", "lower", "upper"]);
    written.upper = 5;
    expect({ ...written }.upper).toBe(5);
  });

  it("are left out when a row is added to the program's rows outside the builder", () => {
    const lp = build();
    lp.rows.push({ name: "outside", lower: 0, upper: 0, terms: [{ column: 1, coef: 1 }] });
    expect(rowTermsOf(lp)).toBeUndefined();
    expect(termArrays(lp).rowCount).toBe(4);
  });

  it("mark a term whose column is not a whole index, which the arrays cannot hold", () => {
    const b = new LpBuilder("odd", "min");
    b.addStoredColumn({ name: "x", lower: 0, upper: 1, cost: 1 });
    b.addRowWith({ name: "r", lower: 0, upper: 1 }, (add) => add(0.5, 1));
    expect(rowTermsOf(b.build())?.oddTerm).toEqual({ row: 0, column: 0.5 });
    expect(termArrays({ ...lp, rows: [...lp.rows] }).oddTerm).toBeUndefined();
  });
});
