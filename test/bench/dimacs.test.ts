import { describe, expect, it } from "vitest";
import { readDimacsMinCostFlow, writeDimacsMinCostFlow } from "../../bench/dimacs.ts";
import {
  type MinCostFlowProblem,
  solveMinCostFlow,
} from "../../src/solvers/network-simplex/min-cost-flow.ts";

/**
 * Two plants (nodes 0, 1) supply 5 and 3 t to one smelter (node 2, demand 8) directly or through
 * a depot (node 3) whose outbound arc has a lower bound of 1 t. Optimum by hand: plant 0 sends 4 t
 * through the depot (cost 1 + 1 a tonne) and 1 t directly (3), plant 1 sends 3 t directly (2):
 * 4 x 2 + 1 x 3 + 3 x 2 = 17.
 */
const tiny: MinCostFlowProblem = {
  nodeCount: 4,
  supply: Float64Array.from([5, 3, -8, 0]),
  source: Int32Array.from([0, 3, 0, 1]),
  target: Int32Array.from([3, 2, 2, 2]),
  lower: Float64Array.from([0, 1, 0, 0]),
  upper: Float64Array.from([Infinity, 4, 10, Infinity]),
  cost: Float64Array.from([1, 1, 3, 2]),
};

describe("writeDimacsMinCostFlow", () => {
  it("has the optimum worked out by hand (LEMON on the written file finds 17 too)", () => {
    const result = solveMinCostFlow(tiny);
    expect(result.status).toBe("optimal");
    expect(result.status === "optimal" && result.cost).toBe(17);
  });

  it("writes the problem line, non-zero supplies and every arc, nodes from 1", () => {
    expect(writeDimacsMinCostFlow(tiny, "tiny\ntwo plants")).toBe(
      [
        "c tiny",
        "c two plants",
        "p min 4 4",
        "n 1 5",
        "n 2 3",
        "n 3 -8",
        // Infinite capacity: one below the lower bound, which LEMON reads as infinite.
        "a 1 4 0 -1 1",
        "a 4 3 1 4 1",
        "a 1 3 0 10 3",
        "a 2 3 0 -1 2",
        "",
      ].join("\n"),
    );
  });

  it("writes supplies that balance", () => {
    const supplies = writeDimacsMinCostFlow(tiny)
      .split("\n")
      .filter((line) => line.startsWith("n "))
      .map((line) => Number(line.split(" ")[2]));
    expect(supplies.reduce((sum, s) => sum + s, 0)).toBe(0);
  });

  it("writes an infinite capacity below a negative lower bound", () => {
    const problem = { ...tiny, lower: Float64Array.from([-2, 1, 0, 0]) };
    expect(writeDimacsMinCostFlow(problem)).toContain("\na 1 4 -2 -3 1\n");
  });

  it("refuses supplies that do not balance and figures that are not integers", () => {
    expect(() =>
      writeDimacsMinCostFlow({ ...tiny, supply: Float64Array.from([5, 3, -7, 0]) }),
    ).toThrow("the supplies sum to 1, not 0");
    expect(() =>
      writeDimacsMinCostFlow({ ...tiny, cost: Float64Array.from([1, 1.5, 3, 2]) }),
    ).toThrow("the cost of arc 1 is 1.5, not an integer");
  });

  it("reads back what it wrote, an infinite capacity as Infinity", () => {
    const problem = { ...tiny, lower: Float64Array.from([-2, 1, 0, 0]) };
    expect(readDimacsMinCostFlow(writeDimacsMinCostFlow(problem, "round trip"))).toEqual(problem);
  });

  it("refuses a file with fewer arcs than its problem line", () => {
    const text = writeDimacsMinCostFlow(tiny).replace("a 2 3 0 -1 2\n", "");
    expect(() => readDimacsMinCostFlow(text)).toThrow("3 arcs for the problem line's 4");
  });
});
