// The contract every LP backend must pass: the same small programs, optimum written down, for each.
import { describe, expect, it } from "vitest";
import { isNetworkProgram, type LinearProgram, type LpSense } from "../../models/lp.ts";
import type { LpSolver } from "../../src/solvers/solver.ts";
import { expectClose, expectOptimal } from "../support/lp-checks.ts";
import { mulberry32 } from "../support/random.ts";
import { randomNetworkProgram } from "../support/random-programs.ts";

type ColumnSpec = [name: string, lower: number, upper: number, cost: number];
/** Terms are keyed by column name. */
type RowSpec = [name: string, lower: number, upper: number, terms: Record<string, number>];

function program(
  name: string,
  sense: LpSense,
  columns: ColumnSpec[],
  rows: RowSpec[],
): LinearProgram {
  const index = new Map(columns.map(([n], j) => [n, j]));
  return {
    name,
    sense,
    columns: columns.map(([n, lower, upper, cost]) => ({ name: n, lower, upper, cost })),
    rows: rows.map(([n, lower, upper, terms]) => ({
      name: n,
      lower,
      upper,
      terms: Object.entries(terms).map(([column, coef]) => {
        const j = index.get(column);
        if (j === undefined) throw new Error(`row ${n} names unknown column ${column}`);
        return { column: j, coef };
      }),
    })),
  };
}

const inf = Infinity;

/** 2 plants x 3 smelters; plant rows are -out >= -supply, smelter rows are equalities. */
function transportation(supplyT: [number, number]): LinearProgram {
  const costs = [
    [8, 6, 10],
    [9, 12, 13],
  ];
  const demandT = [10, 25, 15];
  const arc = (p: number, s: number) => `p${p}>s${s}`;
  const columns = costs.flatMap((row, p) =>
    row.map((cost, s): ColumnSpec => [arc(p, s), 0, inf, cost]),
  );
  const plantRows = supplyT.map((supply, p): RowSpec => {
    const terms = Object.fromEntries(demandT.map((_, s) => [arc(p, s), -1]));
    return [`plant${p}`, -supply, inf, terms];
  });
  const smelterRows = demandT.map((demand, s): RowSpec => {
    const terms = Object.fromEntries(supplyT.map((_, p) => [arc(p, s), 1]));
    return [`smelter${s}`, demand, demand, terms];
  });
  return program("transportation", "min", columns, [...plantRows, ...smelterRows]);
}

export interface ContractCase {
  /** The test name: a sentence. */
  name: string;
  /** Whether `isNetworkProgram` holds, so that network-only backends get the case too. */
  network: boolean;
  lp: LinearProgram;
  expected:
    | { status: "optimal"; objective: number; x?: number[] }
    | { status: "infeasible" | "unbounded" };
}

export const contractCases: ContractCase[] = [
  {
    // Smelter 1 values plant 0 most (12 - 6), so plant 0 sends all 20 t there; plant 1 does the rest.
    name: "finds the cheapest balanced transportation plan",
    network: true,
    lp: transportation([20, 30]),
    expected: { status: "optimal", objective: 465, x: [0, 20, 0, 10, 5, 15] },
  },
  {
    // Via the hub costs 3/t but carries at most 38 t; the direct arc must carry 5 t anyway.
    name: "meets a nonzero arc lower bound in a transshipment network with a ranged plant row",
    network: true,
    lp: program(
      "transshipment",
      "min",
      [
        ["plant>hub", 0, 38, 2],
        ["plant>smelter", 5, inf, 5],
        ["hub>smelter", 0, inf, 1],
      ],
      [
        ["plant", -40, 0, { "plant>hub": -1, "plant>smelter": -1 }],
        ["hub", 0, 0, { "plant>hub": 1, "hub>smelter": -1 }],
        ["smelter", 40, 40, { "plant>smelter": 1, "hub>smelter": 1 }],
      ],
    ),
    expected: { status: "optimal", objective: 130, x: [35, 5, 35] },
  },
  {
    // Each plant serves its cheap smelter exactly: two positive flows for three basic variables.
    name: "solves a degenerate transportation problem with a redundant balance row",
    network: true,
    lp: program(
      "degenerate",
      "min",
      [
        ["a>x", 0, inf, 1],
        ["a>y", 0, inf, 2],
        ["b>x", 0, inf, 2],
        ["b>y", 0, inf, 1],
      ],
      [
        ["a", -10, -10, { "a>x": -1, "a>y": -1 }],
        ["b", -10, -10, { "b>x": -1, "b>y": -1 }],
        ["x", 10, 10, { "a>x": 1, "b>x": 1 }],
        ["y", 10, 10, { "a>y": 1, "b>y": 1 }],
      ],
    ),
    expected: { status: "optimal", objective: 20, x: [10, 0, 0, 10] },
  },
  {
    // Plant 0 earns 4/t and fills its 10 t; plant 1 (3/t) tops the smelter up to its 15 t intake.
    name: "maximises margin up to a ranged smelter intake",
    network: true,
    lp: program(
      "max-margin",
      "max",
      [
        ["p0>s", 0, inf, 4],
        ["p1>s", 0, inf, 3],
      ],
      [
        ["p0", -10, inf, { "p0>s": -1 }],
        ["p1", -10, inf, { "p1>s": -1 }],
        ["s", 5, 15, { "p0>s": 1, "p1>s": 1 }],
      ],
    ),
    expected: { status: "optimal", objective: 55, x: [10, 5] },
  },
  {
    // min 2f + s with f + s = 3: every unit of backward flow on f saves 2 and costs 1 on s.
    name: "runs an arc with a negative lower bound backwards down to that bound",
    network: true,
    lp: program(
      "backward-arc",
      "min",
      [
        ["x>y", -5, 10, 2],
        ["source>y", 0, inf, 1],
      ],
      [
        ["y", 3, 3, { "x>y": 1, "source>y": 1 }],
        ["x", -10, 6, { "x>y": -1 }],
      ],
    ),
    expected: { status: "optimal", objective: -2, x: [-5, 8] },
  },
  {
    // Without rows each column sits at the bound its cost prefers; the free one costs nothing,
    // and the fixed one still costs 7.5.
    name: "puts each column of a row-free program at the bound its cost prefers",
    network: true,
    lp: program(
      "bounds-only",
      "min",
      [
        ["c0", 1, 3, 1],
        ["c1", -inf, 2, -1],
        ["c2", -inf, inf, 0],
        ["c3", -4, 6, 2],
        ["c4", 2.5, 2.5, 3],
      ],
      [],
    ),
    expected: { status: "optimal", objective: -1.5 },
  },
  {
    // y >= -4 - x makes the objective x + 2y >= -8 - x, so x goes to its upper bound 2.
    name: "drives a column bounded only above below zero",
    network: true,
    lp: program(
      "upper-only",
      "min",
      [
        ["x", -3, 2, 1],
        ["y", -inf, 5, 2],
      ],
      [["r0", -4, inf, { x: 1, y: 1 }]],
    ),
    expected: { status: "optimal", objective: -10, x: [2, -6] },
  },
  {
    // javascript-lp-solver returns its flags beside the values; these names must not leak into them.
    name: "keeps columns named like a result's flags apart from those flags",
    network: true,
    lp: program(
      "flag-names",
      "min",
      [
        ["feasible", 0, inf, 1],
        ["result", 1, inf, 2],
        ["bounded", 0, 2, -1],
        ["isIntegral", 0, inf, 0],
      ],
      [["total", 6, 6, { feasible: 1, result: 1, bounded: 1 }]],
    ),
    expected: { status: "optimal", objective: 3, x: [3, 1, 2, 0] },
  },
  {
    name: "solves the empty program to zero",
    network: true,
    lp: program("empty", "min", [], []),
    expected: { status: "optimal", objective: 0, x: [] },
  },
  {
    name: "reports a network whose demand exceeds its supply as infeasible",
    network: true,
    lp: program(
      "short",
      "min",
      [["p>s", 0, inf, 1]],
      [
        ["p", -10, inf, { "p>s": -1 }],
        ["s", 15, 15, { "p>s": 1 }],
      ],
    ),
    expected: { status: "infeasible" },
  },
  {
    name: "reports a negative-cost cycle without capacity as unbounded",
    network: true,
    lp: program(
      "cycle",
      "min",
      [
        ["a>b", 0, inf, -1],
        ["b>a", 0, inf, 0],
      ],
      [
        ["a", 0, 0, { "a>b": -1, "b>a": 1 }],
        ["b", 0, 0, { "a>b": 1, "b>a": -1 }],
      ],
    ),
    expected: { status: "unbounded" },
  },
  {
    // r0 (x + y <= 4) and the upper side of r2 (x - y <= 2) meet at (3, 1); r1 has slack 1.
    name: "maximises over general rows where a ranged row binds at its upper side",
    network: false,
    lp: program(
      "general-max",
      "max",
      [
        ["x", 0, inf, 3],
        ["y", 0, inf, 2],
      ],
      [
        ["r0", -inf, 4, { x: 1, y: 1 }],
        ["r1", -inf, 7, { x: 1, y: 3 }],
        ["r2", 1, 2, { x: 1, y: -1 }],
      ],
    ),
    expected: { status: "optimal", objective: 11, x: [3, 1] },
  },
  {
    // Eliminating b = (10 - a - c) / 2 leaves 15 + a/2 - 5c/2, best at c = 8 = 4 + a: b = -1.
    name: "takes a free column negative to satisfy an equality with non-unit coefficients",
    network: false,
    lp: program(
      "free-column",
      "min",
      [
        ["a", -5, 5, 2],
        ["b", -inf, inf, 3],
        ["c", 0, 8, -1],
      ],
      [
        ["r0", 10, 10, { a: 1, b: 2, c: 1 }],
        ["r1", -inf, 4, { a: -1, c: 1 }],
      ],
    ),
    expected: { status: "optimal", objective: -3, x: [4, -1, 8] },
  },
  {
    name: "reports general rows that no bounded point satisfies as infeasible",
    network: false,
    lp: program(
      "general-infeasible",
      "min",
      [
        ["x", 0, 2, 1],
        ["y", 0, 2, 1],
      ],
      [
        ["r0", 10, inf, { x: 1, y: 2 }],
        ["r1", 0, 0, { x: 3, y: -1 }],
      ],
    ),
    expected: { status: "infeasible" },
  },
  {
    name: "reports a general program whose objective grows along a ray as unbounded",
    network: false,
    lp: program(
      "general-unbounded",
      "max",
      [
        ["x", 0, inf, 1],
        ["y", 0, inf, 1],
      ],
      [["r0", -inf, 3, { x: 1, y: -2 }]],
    ),
    expected: { status: "unbounded" },
  },
];

const maxMargin = contractCases.find((c) => c.name.startsWith("maximises margin"))?.lp;
if (!maxMargin) throw new Error("the max-margin case is missing");

/** Programs with unique, non-degenerate duals, for finite differences. */
const dualCases: { name: string; network: boolean; lp: LinearProgram }[] = [
  // Plant 1 keeps 5 t spare, so its row is slack and every other row and arc prices uniquely.
  { name: "a minimising transportation problem", network: true, lp: transportation([20, 40]) },
  // Plant 1's row is slack, plant 0's and the smelter's upper bound bind.
  { name: "a maximising network with a ranged row", network: true, lp: maxMargin },
  {
    // The optimum of the general max case, with z priced out: 1 - 2.5 < 0 keeps it at 0.
    name: "a maximising general program with a column at its lower bound",
    network: false,
    lp: program(
      "duals-max",
      "max",
      [
        ["x", 0, inf, 3],
        ["y", 0, inf, 2],
        ["z", 0, inf, 1],
      ],
      [
        ["r0", -inf, 4, { x: 1, y: 1, z: 1 }],
        ["r1", -inf, 7, { x: 1, y: 3 }],
        ["r2", 1, 2, { x: 1, y: -1 }],
      ],
    ),
  },
];

const generous = { timeLimitMs: 20_000 };
const step = 1e-3;

/** `bound` of `lp` moved by `step`: "lower", "upper" or "both" (an equality's right-hand side). */
function shifted<T extends { lower: number; upper: number }>(
  item: T,
  bound: "lower" | "upper" | "both",
): T {
  return {
    ...item,
    lower: bound === "upper" ? item.lower : item.lower + step,
    upper: bound === "lower" ? item.upper : item.upper + step,
  };
}

/** Which bound of `item` holds at `value`, if any. */
function activeBound(item: { lower: number; upper: number }, value: number) {
  const at = (bound: number) =>
    Number.isFinite(bound) && Math.abs(value - bound) <= 1e-7 * Math.max(1, Math.abs(bound));
  if (item.lower === item.upper) return "both" as const;
  if (at(item.lower)) return "lower" as const;
  if (at(item.upper)) return "upper" as const;
  return undefined;
}

/** A small knapsack-like program, its two columns integer or not (the MILP cases). */
function knapsack(integer: boolean): LinearProgram {
  return {
    name: integer ? "knapsack MILP" : "knapsack LP relaxation",
    sense: "max",
    columns: [
      { name: "x", lower: 0, upper: 10, cost: 5, integer },
      { name: "y", lower: 0, upper: 10, cost: 4, integer },
    ],
    rows: [
      {
        name: "r",
        terms: [
          { column: 0, coef: 6 },
          { column: 1, coef: 4 },
        ],
        lower: -Infinity,
        upper: 24,
      },
      {
        name: "s",
        terms: [
          { column: 0, coef: 1 },
          { column: 1, coef: 2 },
        ],
        lower: -Infinity,
        upper: 6,
      },
    ],
  };
}

/** Registers the contract cases for `solver`; a network-only backend gets only the network ones. */
export function describeSolverContract(solver: LpSolver): void {
  const networkOnly = solver.capabilities.networkOnly;

  describe(`the ${solver.id} backend`, () => {
    for (const c of contractCases.filter((c) => c.network || !networkOnly)) {
      it(c.name, async () => {
        const result = await solver.solve(c.lp, generous);
        expect(result.solver.id).toBe(solver.id);
        if (c.expected.status !== "optimal") {
          expect(result.status).toBe(c.expected.status);
          return;
        }
        const optimal = expectOptimal(c.lp, result, c.expected.objective);
        const x = c.expected.x;
        for (const [j, value] of x?.entries() ?? []) {
          expectClose(optimal.columnValues[j] ?? Number.NaN, value, `${c.lp.columns[j]?.name}`);
        }
      });
    }

    it("stops at a 1 ms time limit on a medium program, or reports its true optimum", async () => {
      const lp = randomNetworkProgram(mulberry32(7), {
        plants: 12,
        hubs: 4,
        smelters: 25,
        density: 0.6,
        shortfall: true,
        sense: "min",
      });
      const reference = expectOptimal(lp, await solver.solve(lp, generous));
      const limited = await solver.solve(lp, { timeLimitMs: 1 });
      expect(["timeLimit", "optimal"]).toContain(limited.status);
      if (limited.status === "optimal") expectOptimal(lp, limited, reference.objective);
    });

    it("answers an already aborted signal with a cancelled error", async () => {
      const result = await solver.solve(transportation([20, 30]), {
        ...generous,
        signal: AbortSignal.abort(),
      });
      expect(result.status).toBe("error");
      if (result.status === "error") expect(result.message).toBe("cancelled");
    });

    if (solver.capabilities.integer) {
      it("solves a MILP to its integer optimum, below its LP relaxation, with the gap reported", async () => {
        // max 5x + 4y, 6x + 4y <= 24, x + 2y <= 6, x, y in {0..10}: the relaxation's optimum is
        // 21 at (3, 1.5); among whole points (4, 0) gives 20, (3, 1) 19, (2, 2) 18.
        const lp = knapsack(true);
        const result = expectOptimal(lp, await solver.solve(lp, generous), 20);
        expect(result.columnValues.map((v) => Math.round(v) + 0)).toEqual([4, 0]);
        for (const v of result.columnValues) expect(Math.abs(v - Math.round(v))).toBeLessThan(1e-6);
        expect(result.solver.mipStatus).toBe("optimal");
        expect(result.solver.mipGap).toBeLessThanOrEqual(1e-4);
        const relaxed = expectOptimal(
          knapsack(false),
          await solver.solve(knapsack(false), generous),
          21,
        );
        expect(relaxed.solver.mipGap).toBeUndefined();
        expect(result.objective).toBeLessThanOrEqual(relaxed.objective + 1e-9);
      });

      it("reports a MILP with no whole point in its bounds infeasible", async () => {
        const lp: LinearProgram = {
          name: "no whole point",
          sense: "min",
          columns: [{ name: "n", lower: 0.2, upper: 0.8, cost: 1, integer: true }],
          rows: [{ name: "r", terms: [{ column: 0, coef: 1 }], lower: 0, upper: 1 }],
        };
        expect((await solver.solve(lp, generous)).status).toBe("infeasible");
      });
    } else {
      it("answers a program with integer columns with an error, not an exception", async () => {
        const result = await solver.solve(knapsack(true), generous);
        expect(result.status).toBe("error");
        if (result.status === "error") expect(result.message).toMatch(/integer/);
      });
    }

    if (networkOnly) {
      it("answers a program that is not a network with an error, not an exception", async () => {
        const lp = contractCases.find((c) => !c.network)?.lp;
        if (!lp) throw new Error("no general case");
        expect(isNetworkProgram(lp)).toBe(false);
        expect((await solver.solve(lp, generous)).status).toBe("error");
      });
    }

    if (solver.capabilities.duals) {
      for (const { name, lp } of dualCases.filter((c) => c.network || !networkOnly)) {
        it(`returns duals that match finite differences on ${name}`, async () => {
          const base = expectOptimal(lp, await solver.solve(lp, generous));
          const duals = base.duals;
          if (!duals) throw new Error("a backend with capabilities.duals returned none");
          const x = base.columnValues;
          const resolve = async (changed: LinearProgram) =>
            expectOptimal(changed, await solver.solve(changed, generous)).objective;

          for (const [i, row] of lp.rows.entries()) {
            const activity = row.terms.reduce((sum, t) => sum + t.coef * (x[t.column] ?? 0), 0);
            const bound = activeBound(row, activity);
            const dual = duals.rowDuals[i] ?? Number.NaN;
            if (!bound) {
              expect(Math.abs(dual), `dual of slack row ${row.name}`).toBeLessThan(1e-7);
              continue;
            }
            const rows = lp.rows.map((r, k) => (k === i ? shifted(r, bound) : r));
            const slope = ((await resolve({ ...lp, rows })) - base.objective) / step;
            expectClose(dual, slope, `dual of row ${row.name}`);
          }

          for (const [j, column] of lp.columns.entries()) {
            const reduced = duals.reducedCosts[j] ?? Number.NaN;
            const priced = lp.rows.reduce(
              (sum, row, i) =>
                sum +
                row.terms
                  .filter((t) => t.column === j)
                  .reduce((s, t) => s + t.coef * (duals.rowDuals[i] ?? Number.NaN), 0),
              0,
            );
            expectClose(reduced, column.cost - priced, `reduced cost identity of ${column.name}`);
            const bound = activeBound(column, x[j] ?? Number.NaN);
            if (!bound) {
              expect(Math.abs(reduced), `reduced cost of basic ${column.name}`).toBeLessThan(1e-7);
              continue;
            }
            const columns = lp.columns.map((c, k) => (k === j ? shifted(c, bound) : c));
            const slope = ((await resolve({ ...lp, columns })) - base.objective) / step;
            expectClose(reduced, slope, `reduced cost of ${column.name}`);
          }
        });
      }
    }
  });
}
