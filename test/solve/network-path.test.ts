import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from "vitest";
import { LaneTable } from "../../models/allocation/lane-table.ts";
import { type Network, networkSchema } from "../../models/allocation/network.ts";
import { referenceFlows } from "../../models/allocation/stable.ts";
import { ColumnArrays } from "../../models/lp.ts";
import { solveNetwork } from "../../src/solve/solve.ts";
import { sweepNetwork } from "../../src/solve/sweep.ts";
import { loadFixture } from "../support/fixtures.ts";

const dataset = (file: string): Network =>
  networkSchema.parse(
    JSON.parse(readFileSync(join(import.meta.dirname, "../../data", file), "utf8")),
  );

// Issue 15: the network's path, from build to plan, reads the lane table and the program's arrays;
// an object per lane (LaneTable.views) or per column (ColumnArrays.makeObjects) is made only by
// what asks for one, which nothing on the path does.
describe("the network's path from build to plan", () => {
  let views: MockInstance;
  let columns: MockInstance;
  beforeEach(() => {
    views = vi.spyOn(LaneTable.prototype, "views");
    columns = vi.spyOn(ColumnArrays.prototype, "makeObjects");
  });
  afterEach(() => {
    views.mockRestore();
    columns.mockRestore();
  });

  it.each([
    ["the default dataset", () => dataset("china-2024/network.json")],
    ["the cities dataset", () => dataset("china-2024-cities/network.json")],
    ["the monthly dataset (periods)", () => dataset("china-2024/network-monthly.json")],
    ["a network with hubs and a corridor", () => loadFixture("hubs-corridor.json").network],
    [
      "a network with a binding contract",
      () => loadFixture("contracts/contract-min-binds.json").network,
    ],
    ["a network with export markets", () => loadFixture("export-market-tiers.json").network],
    ["a network with lots (a MILP)", () => loadFixture("contracts/lots-rounding.json").network],
  ])(
    "makes no object per lane or column for %s, with the sensitivity analysis and stabilised towards a reference",
    async (_, network) => {
      const plan = await solveNetwork(network(), { sensitivity: "full" });
      expect(plan.status).toBe("optimal");
      const stable = await solveNetwork(network(), {
        sensitivity: "full",
        reference: referenceFlows(plan),
      });
      expect(stable.status).toBe("optimal");
      expect(stable.totals?.totalCost).toBeCloseTo(plan.totals?.totalCost ?? Number.NaN, 3);
      expect(plan.flows.length).toBeGreaterThan(0);
      expect(views).not.toHaveBeenCalled();
      expect(columns).not.toHaveBeenCalled();
    },
  );

  it.each([
    ["rail's cost", { kind: "scaleModeCost", mode: "rail", factor: 1 }, "factor", 0.5, 2],
    ["Yunnan's demand", { kind: "scaleDemand", province: "Yunnan", factor: 1 }, "factor", 0.9, 1.3],
  ] as const)(
    "makes none in a sweep of %s, whose warm re-solves move the program's arrays",
    async (_, change, field, from, to) => {
      const sweep = await sweepNetwork(dataset("china-2024/network.json"), [change], {
        change: 0,
        field,
        from,
        to,
      });
      expect(sweep.status).toBe("optimal");
      if (sweep.status === "optimal") expect(sweep.pieces.length).toBeGreaterThan(1);
      expect(views).not.toHaveBeenCalled();
      expect(columns).not.toHaveBeenCalled();
    },
  );

  it("does make them where an analysis asks for objects, which the spies see", async () => {
    // The infeasibility diagnosis builds its elastic program over lane objects.
    const plan = await solveNetwork(loadFixture("infeasible-demand.json").network);
    expect(plan.status).toBe("infeasible");
    expect(views.mock.calls.length + columns.mock.calls.length).toBeGreaterThan(0);
  });
});
