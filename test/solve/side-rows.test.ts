import { describe, expect, it } from "vitest";
import { buildAllocationModel, sideRows } from "../../models/allocation/build.ts";
import type { Network } from "../../models/allocation/network.ts";
import { solveLazySideRows } from "../../src/solve/side-rows.ts";
import { solveNetwork } from "../../src/solve/solve.ts";
import { highsSolver } from "../../src/solvers/highs.ts";
import { loadFixture } from "../support/fixtures.ts";

const options = { timeLimitMs: 30_000 };

/** hubs-corridor with its corridor (500 t, binding at 90 CNY/t) given `capacityT`. */
function corridorAt(capacityT: number): Network {
  const network = loadFixture("hubs-corridor.json").network;
  return { ...network, corridors: network.corridors?.map((c) => ({ ...c, capacityT })) };
}

describe("solveLazySideRows", () => {
  it("keeps the network simplex's optimum when it meets a slack corridor, with a zero dual on the corridor's row", async () => {
    const model = buildAllocationModel(corridorAt(5_000));
    const side = sideRows(model);
    expect(side.size).toBe(1);
    const lazy = await solveLazySideRows(model.lp, side, "auto", options);
    const whole = await highsSolver.solve(model.lp, options);
    expect(lazy.status).toBe("optimal");
    expect(whole.status).toBe("optimal");
    if (lazy.status !== "optimal" || whole.status !== "optimal") return;
    expect(lazy.solver.id).toBe("network-simplex");
    expect(lazy.objective).toBeCloseTo(whole.objective, 6);
    expect(lazy.duals?.rowDuals).toHaveLength(model.lp.rows.length);
    for (const i of side) expect(lazy.duals?.rowDuals[i]).toBe(0);
    // The duals certify the optimum: each reduced cost is the cost less the rows' prices.
    model.lp.columns.forEach((column, j) => {
      const priced = model.lp.rows.reduce(
        (sum, row, i) =>
          sum + (lazy.duals?.rowDuals[i] ?? 0) * (row.terms.find((t) => t.column === j)?.coef ?? 0),
        0,
      );
      expect(lazy.duals?.reducedCosts[j]).toBeCloseTo(column.cost - priced, 6);
    });
  });

  it("solves the whole program on HiGHS when the relaxed optimum breaks a corridor, counting both solves' time", async () => {
    const model = buildAllocationModel(corridorAt(500));
    const lazy = await solveLazySideRows(model.lp, sideRows(model), "auto", options);
    expect(lazy.status).toBe("optimal");
    if (lazy.status !== "optimal") return;
    expect(lazy.solver.id).toBe("highs");
    expect(lazy.objective).toBeCloseTo(123_000, 6);
    const corridorRow = model.corridorRow[0] as number;
    expect(-(lazy.duals?.rowDuals[corridorRow] ?? 0)).toBeCloseTo(90, 6);
  });

  it("answers infeasible from the relaxation, since a program with more rows is no more feasible", async () => {
    const network = corridorAt(5_000);
    const hungry: Network = {
      ...network,
      smelters: network.smelters.map((s) => ({ ...s, demandT: 1e9 })),
      options: { ...network.options, allowShortfall: false },
    };
    const model = buildAllocationModel(hungry);
    const lazy = await solveLazySideRows(model.lp, sideRows(model), "auto", options);
    expect(lazy.status).toBe("infeasible");
    expect((await highsSolver.solve(model.lp, options)).status).toBe("infeasible");
  });

  it("leaves a named solver alone", async () => {
    const model = buildAllocationModel(corridorAt(5_000));
    const lazy = await solveLazySideRows(model.lp, sideRows(model), "highs", options);
    expect(lazy.solver.id).toBe("highs");
  });
});

describe("solveNetwork with side rows that do not bind", () => {
  it("plans a slack corridor on the network simplex, to the same cost and corridor use as HiGHS", async () => {
    const network = corridorAt(5_000);
    const auto = await solveNetwork(network);
    const highs = await solveNetwork(network, { solver: "highs" });
    expect(auto.solver.id).toBe("network-simplex");
    expect(auto.objective?.value).toBeCloseTo(highs.objective?.value ?? Number.NaN, 6);
    expect(auto.corridors?.[0]?.usedT).toBeCloseTo(highs.corridors?.[0]?.usedT ?? Number.NaN, 6);
    expect(auto.corridors?.[0]?.marginalValuePerT).toBe(0);
  });
});
