import { describe, expect, it, vi } from "vitest";
import { type LinearProgram, LpBuilder } from "../../../models/lp.ts";
import {
  fromMinCostFlow,
  type NetworkTranslation,
  retranslation,
  toMinCostFlow,
} from "../../../src/solvers/network-simplex/from-lp.ts";

const inf = Infinity;

/** Rows r0 (equality), r1 (ranged), r2 (<= only), r3 (free); columns of every bound shape. */
const mixed: LinearProgram = {
  name: "mixed",
  sense: "max",
  columns: [
    { name: "r1>r0", lower: 1, upper: 9, cost: 2 },
    { name: "r0>r2 upper only", lower: -inf, upper: 4, cost: 3 },
    { name: "r2>r1 free", lower: -inf, upper: inf, cost: -1 },
    { name: "into r0 from outside", lower: 0, upper: inf, cost: 5 },
    { name: "r3>r1 via a free row", lower: 0, upper: 2, cost: 1 },
  ],
  rows: [
    {
      name: "r0",
      lower: 3,
      upper: 3,
      terms: [
        { column: 0, coef: 1 },
        { column: 1, coef: -1 },
        { column: 3, coef: 1 },
      ],
    },
    {
      name: "r1",
      lower: -2,
      upper: 6,
      terms: [
        { column: 0, coef: -1 },
        { column: 2, coef: 1 },
        { column: 4, coef: 1 },
      ],
    },
    {
      name: "r2",
      lower: -inf,
      upper: 8,
      terms: [
        { column: 1, coef: 1 },
        { column: 2, coef: -1 },
        { column: 4, coef: 0 },
      ],
    },
    { name: "r3", lower: -inf, upper: inf, terms: [{ column: 4, coef: -1 }] },
  ],
};

function translate(lp: LinearProgram): NetworkTranslation {
  const translation = toMinCostFlow(lp);
  if ("notANetwork" in translation) throw new Error(translation.notANetwork);
  return translation;
}

describe("toMinCostFlow", () => {
  const t = translate(mixed);
  const arcs = Array.from(t.problem.source, (s, a) => ({
    from: s,
    to: t.problem.target[a],
    lower: t.problem.lower[a],
    upper: t.problem.upper[a],
    cost: t.problem.cost[a],
  }));

  it("makes each row a node plus one ground node, and merges a free row into the ground", () => {
    expect(t.ground).toBe(4);
    expect(t.problem.nodeCount).toBe(5);
    expect(Array.from(t.rowNode)).toEqual([0, 1, 2, 4]);
  });

  it("turns an equality row into a demand that the ground supplies", () => {
    expect(Array.from(t.problem.supply)).toEqual([-3, 0, 0, 0, 3]);
  });

  it("maps columns to arcs tail -> head with negated costs for a maximisation", () => {
    expect(arcs.slice(0, 6)).toEqual([
      { from: 1, to: 0, lower: 1, upper: 9, cost: -2 },
      // No lower bound: the arc runs head -> tail carrying -x >= -4, and the cost turns too.
      { from: 2, to: 0, lower: -4, upper: inf, cost: 3 },
      // Free: two opposite uncapacitated arcs.
      { from: 2, to: 1, lower: 0, upper: inf, cost: 1 },
      { from: 1, to: 2, lower: 0, upper: inf, cost: -1 },
      { from: 4, to: 0, lower: 0, upper: inf, cost: -5 },
      { from: 4, to: 1, lower: 0, upper: 2, cost: -1 },
    ]);
  });

  it("gives every non-equality row a slack arc to the ground carrying its activity", () => {
    expect(arcs.slice(6)).toEqual([
      { from: 1, to: 4, lower: -2, upper: 6, cost: 0 },
      // Bounded only above: the slack runs ground -> node carrying -activity >= -8.
      { from: 4, to: 2, lower: -8, upper: inf, cost: 0 },
    ]);
  });

  it("reads column values, the objective in the program's own sense, and duals back", () => {
    const flows = Float64Array.from([2, -1, 0, 3, 0, 5, 0, 0]);
    const potentials = Float64Array.from([7, 4, 1, 0, 10]);
    const solution = fromMinCostFlow(mixed, t, flows, potentials);
    expect(solution.columnValues).toEqual([2, 1, -3, 0, 5]);
    expect(solution.objective).toBe(2 * 2 + 3 * 1 - 1 * -3 + 1 * 5);
    // Maximisation: rowDuals = -(potential - ground potential); the free row prices at 0.
    expect(solution.duals.rowDuals).toEqual([3, 6, 9, 0]);
    // cost - dual(head) + dual(tail), a missing end counting 0.
    expect(solution.duals.reducedCosts).toEqual([2 - 3 + 6, 3 - 9 + 3, -1 - 6 + 9, 5 - 3, 1 - 6]);
  });

  it("names the column that makes a program not a network", () => {
    const lp: LinearProgram = {
      name: "two heads",
      sense: "min",
      columns: [{ name: "x", lower: 0, upper: 1, cost: 1 }],
      rows: [
        { name: "a", lower: 0, upper: 1, terms: [{ column: 0, coef: 1 }] },
        { name: "b", lower: 0, upper: 1, terms: [{ column: 0, coef: 1 }] },
      ],
    };
    expect(toMinCostFlow(lp)).toEqual({
      notANetwork: "column 0 (x) has a second coefficient 1 in row 1 (b)",
    });
    const scaled = {
      ...lp,
      rows: [{ name: "a", lower: 0, upper: 1, terms: [{ column: 0, coef: 2 }] }],
    };
    expect(toMinCostFlow(scaled)).toEqual({
      notANetwork: "column 0 (x) has a coefficient 2 in row 0 (a)",
    });
  });
});

describe("retranslation", () => {
  /** A fresh copy of `mixed` (new objects throughout, as a rebuilt model would be), then `edit`. */
  const variant = (edit: (lp: LinearProgram) => void = () => {}): LinearProgram => {
    const lp: LinearProgram = structuredClone(mixed);
    edit(lp);
    return lp;
  };
  const problemOf = (t: NetworkTranslation) => {
    const { nodeCount, supply, source, target, lower, upper, cost } = t.problem;
    return { nodeCount, supply, source, target, lower, upper, cost };
  };

  it("reads new costs, bounds and right-hand sides into the kept arcs, as a full translation would", () => {
    const t = translate(mixed);
    const snapshot = structuredClone(problemOf(t));
    const lp = variant((lp) => {
      const [c0, c1, c2] = lp.columns;
      if (!c0 || !c1 || !c2) throw new Error("mixed has five columns");
      c0.cost = 7;
      c0.upper = 11;
      c1.upper = 2;
      c2.cost = 4;
      const [r0, r1, r2] = lp.rows;
      if (!r0 || !r1 || !r2) throw new Error("mixed has four rows");
      r0.lower = r0.upper = 5;
      r1.lower = -1;
      r2.upper = 3;
    });
    const again = retranslation(mixed, t, lp);
    expect(again).toBeDefined();
    expect(problemOf(again as NetworkTranslation)).toEqual(problemOf(translate(lp)));
    // The arcs are the very arrays; the previous problem is left as it was.
    expect(again?.problem.source).toBe(t.problem.source);
    expect(again?.problem.target).toBe(t.problem.target);
    expect(problemOf(t)).toEqual(snapshot);
  });

  it("keeps each of cost, lower, upper and supply the previous array itself when none of it changed", () => {
    const t = translate(mixed);
    const same = retranslation(mixed, t, variant());
    for (const key of ["cost", "lower", "upper", "supply"] as const)
      expect(same?.problem[key]).toBe(t.problem[key]);
    const costs = retranslation(
      mixed,
      t,
      variant((lp) => {
        (lp.columns[4] as { cost: number }).cost = 3;
      }),
    );
    expect(costs?.problem.cost).not.toBe(t.problem.cost);
    expect(costs?.problem.lower).toBe(t.problem.lower);
    expect(costs?.problem.upper).toBe(t.problem.upper);
    expect(costs?.problem.supply).toBe(t.problem.supply);
    const demand = retranslation(
      mixed,
      t,
      variant((lp) => {
        const r0 = lp.rows[0] as { lower: number; upper: number };
        r0.lower = r0.upper = 4;
      }),
    );
    expect(demand?.problem.supply).not.toBe(t.problem.supply);
    expect(demand?.problem.cost).toBe(t.problem.cost);
  });

  it("refuses what the full path must check or translate afresh", () => {
    const t = translate(mixed);
    const refused: [string, (lp: LinearProgram) => void][] = [
      ["an integer column", (lp) => Object.assign(lp.columns[0] as object, { integer: true })],
      ["a NaN cost", (lp) => Object.assign(lp.columns[0] as object, { cost: Number.NaN })],
      ["crossed column bounds", (lp) => Object.assign(lp.columns[0] as object, { lower: 10 })],
      ["a NaN row bound", (lp) => Object.assign(lp.rows[1] as object, { upper: Number.NaN })],
      [
        "a column losing its lower bound",
        (lp) => Object.assign(lp.columns[0] as object, { lower: -inf }),
      ],
      ["an equality row made ranged", (lp) => Object.assign(lp.rows[0] as object, { upper: 4 })],
      ["another coefficient", (lp) => ((lp.rows[0]?.terms[0] as { coef: number }).coef = -1)],
      ["another column", (lp) => ((lp.rows[0]?.terms[0] as { column: number }).column = 4)],
      ["terms in another order", (lp) => lp.rows[0]?.terms.reverse()],
      ["a term more", (lp) => lp.rows[3]?.terms.push({ column: 0, coef: 0 })],
      ["a term out of range", (lp) => ((lp.rows[3]?.terms[0] as { column: number }).column = 9)],
    ];
    for (const [what, edit] of refused)
      expect(retranslation(mixed, t, variant(edit)), what).toBeUndefined();
  });

  /** `mixed` with a finite lower bound on every column: each column is one forward arc. */
  const forward = (edit: (lp: LinearProgram) => void = () => {}): LinearProgram =>
    variant((lp) => {
      Object.assign(lp.columns[1] as object, { lower: 0 });
      Object.assign(lp.columns[2] as object, { lower: -3 });
      edit(lp);
    });

  it("reads a program whose columns all have a lower bound from the first column that changed", () => {
    expect(translate(mixed).forwardOnly).toBe(false);
    const first = forward();
    const t = translate(first);
    expect(t.forwardOnly).toBe(true);
    const edits: [string, (lp: LinearProgram) => void][] = [
      ["nothing", () => {}],
      ["the last cost", (lp) => Object.assign(lp.columns[4] as object, { cost: 6 })],
      ["the first lower bound", (lp) => Object.assign(lp.columns[0] as object, { lower: 2 })],
      ["the last upper bound", (lp) => Object.assign(lp.columns[4] as object, { upper: inf })],
      [
        "every cost and bound",
        (lp) => {
          for (const column of lp.columns)
            Object.assign(column, { lower: column.lower - 1, cost: column.cost * 2 });
        },
      ],
    ];
    for (const [what, edit] of edits) {
      const lp = forward(edit);
      const again = retranslation(first, t, lp);
      expect(problemOf(again as NetworkTranslation), what).toEqual(problemOf(translate(lp)));
      for (const key of ["cost", "lower", "upper"] as const) {
        const same = t.problem[key].every((x, a) => x === translate(lp).problem[key][a]);
        expect(again?.problem[key] === t.problem[key], `${what}: ${key}`).toBe(same);
      }
    }
    const refused: [string, (lp: LinearProgram) => void][] = [
      ["a NaN cost last", (lp) => Object.assign(lp.columns[4] as object, { cost: Number.NaN })],
      ["an infinite cost", (lp) => Object.assign(lp.columns[2] as object, { cost: inf })],
      ["crossed bounds", (lp) => Object.assign(lp.columns[3] as object, { lower: 1, upper: 0 })],
      ["a NaN upper bound", (lp) => Object.assign(lp.columns[4] as object, { upper: Number.NaN })],
      ["a lower bound of Infinity", (lp) => Object.assign(lp.columns[3] as object, { lower: inf })],
      ["a lost lower bound", (lp) => Object.assign(lp.columns[4] as object, { lower: -inf })],
    ];
    for (const [what, edit] of refused)
      expect(retranslation(first, t, forward(edit)), what).toBeUndefined();
  });

  /** A builder's program (its own row terms) of `mixed`'s rows, with its terms written as given. */
  const built = (terms: (row: number) => [number, number][] = () => []) => {
    const b = new LpBuilder("built", mixed.sense);
    for (const { name, lower, upper, cost } of mixed.columns)
      b.addStoredColumn({ name, lower, upper, cost });
    mixed.rows.forEach(({ name, lower, upper }, i) => {
      b.addRowWith({ name, lower, upper }, (add) => {
        for (const [column, coef] of terms(i)) add(column, coef);
      });
    });
    return b.build();
  };
  const mixedTerms = (i: number) =>
    (mixed.rows[i]?.terms ?? []).map(({ column, coef }): [number, number] => [column, coef]);

  it("compares a builder's programs by their row terms, and refuses one whose terms differ", () => {
    const first = built(mixedTerms);
    const t = translate(first);
    const again = retranslation(first, t, built(mixedTerms));
    expect(again?.problem.source).toBe(t.problem.source);
    expect(problemOf(again as NetworkTranslation)).toEqual(problemOf(translate(first)));
    const otherCoefficient = (i: number) =>
      mixedTerms(i).map(([column, coef], k): [number, number] =>
        i === 1 && k === 0 ? [column, -coef] : [column, coef],
      );
    expect(retranslation(first, t, built(otherCoefficient))).toBeUndefined();
    const fractional = (i: number) => (i === 3 ? [[4.5, -1] as [number, number]] : mixedTerms(i));
    expect(retranslation(first, t, built(fractional))).toBeUndefined();
    // A program without row terms of its own is compared with the builder's all the same.
    expect(retranslation(first, t, variant())?.problem.source).toBe(t.problem.source);
    // -0 is another coefficient's bytes, but the same value as 0 (r2's third term).
    const negativeZero = (i: number) =>
      mixedTerms(i).map(([column, coef]): [number, number] => [column, coef === 0 ? -0 : coef]);
    expect(retranslation(first, t, built(negativeZero))?.problem.source).toBe(t.problem.source);
  });

  it("compares terms, bounds and costs as values where the runtime has no native comparison", () => {
    vi.stubGlobal("Buffer", undefined);
    try {
      const first = forward();
      const t = translate(first);
      const lp = forward((lp) => Object.assign(lp.columns[4] as object, { cost: 6 }));
      const again = retranslation(first, t, lp);
      expect(problemOf(again as NetworkTranslation)).toEqual(problemOf(translate(lp)));
      expect(again?.problem.lower).toBe(t.problem.lower);
      expect(
        retranslation(
          first,
          t,
          forward((lp) => lp.rows[0]?.terms.reverse()),
        ),
      ).toBeUndefined();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
