import { describe, expect, it } from "vitest";
import type { LinearProgram } from "../../models/lp.ts";
import { maxProgramCells } from "../../src/solvers/javascript-lp-solver.ts";
import {
  assertFits,
  getSolver,
  resolveSolver,
  solverIds,
  solvers,
  TooLargeForSolverError,
  UnknownSolverError,
} from "../../src/solvers/registry.ts";

const network: LinearProgram = {
  name: "one-arc",
  sense: "min",
  columns: [{ name: "p>s", lower: 0, upper: 10, cost: 1 }],
  rows: [
    { name: "p", lower: -10, upper: Infinity, terms: [{ column: 0, coef: -1 }] },
    { name: "s", lower: 5, upper: 5, terms: [{ column: 0, coef: 1 }] },
  ],
};
const general: LinearProgram = {
  ...network,
  rows: [{ name: "s", lower: 5, upper: 5, terms: [{ column: 0, coef: 2 }] }],
};

describe("the solver registry", () => {
  it("offers auto and each registered backend's id, once each", () => {
    expect([...solverIds].sort()).toEqual(["auto", ...solvers.map((s) => s.id)].sort());
  });

  it("returns the named backend", () => {
    for (const solver of solvers) expect(resolveSolver(solver.id, general)).toBe(solver);
    expect(getSolver("highs")?.capabilities.duals).toBe(true);
  });

  it("sends a network program to the network simplex under auto", () => {
    expect(resolveSolver("auto", network).id).toBe("network-simplex");
  });

  it("sends a program that is not a network to HiGHS under auto", () => {
    expect(resolveSolver("auto", general).id).toBe("highs");
  });

  it("throws an UnknownSolverError naming an id no backend answers to", () => {
    expect(getSolver("cplex")).toBeUndefined();
    let thrown: unknown;
    try {
      resolveSolver("cplex", network);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UnknownSolverError);
    expect((thrown as UnknownSolverError).solverId).toBe("cplex");
    expect((thrown as UnknownSolverError).code).toBe("unknown_solver");
    expect((thrown as Error).message).toMatch(/cplex/);
  });
});

describe("javascript-lp-solver's size limit", () => {
  const wide = { rows: 900, columns: 202_500 };

  it("refuses a program beyond maxProgramCells, naming the limit and the backends that take it", () => {
    expect(wide.rows * wide.columns).toBeGreaterThan(maxProgramCells);
    let thrown: unknown;
    try {
      assertFits("javascript-lp-solver", wide, true);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TooLargeForSolverError);
    const error = thrown as TooLargeForSolverError;
    expect(error.alternatives).toEqual(["network-simplex", "highs"]);
    expect(error.message).toContain(maxProgramCells.toLocaleString("en-US"));
    expect(error.message).toMatch(/network-simplex or highs/);
  });

  it("names only the general backends for a program that is not a network", () => {
    expect(() => assertFits("javascript-lp-solver", wide, false)).toThrow(/solve it with highs$/);
  });

  it("takes a program at the limit, and the other backends take any size", () => {
    const atLimit = { rows: 1000, columns: maxProgramCells / 1000 };
    expect(() => assertFits("javascript-lp-solver", atLimit)).not.toThrow();
    for (const id of ["auto", "network-simplex", "highs"])
      expect(() => assertFits(id, wide)).not.toThrow();
  });
});
