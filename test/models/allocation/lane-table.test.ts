import { describe, expect, it, vi } from "vitest";
import { buildAllocationModel, deriveLanes } from "../../../models/allocation/build.ts";
import { LaneTable } from "../../../models/allocation/lane-table.ts";
import { parseNetwork } from "../../../models/allocation/network.ts";
import {
  ColumnArrays,
  changedColumn,
  columnCount,
  hasIntegerColumns,
  isNetworkProgram,
  toLpText,
} from "../../../models/lp.ts";

const network = () => {
  const parsed = parseNetwork({
    name: "two plants",
    modes: [{ id: "rail", fixedCostPerT: 50, costPerTKm: 0.1, co2KgPerTKm: 0.01 }],
    plants: [
      { id: "a", name: "A", province: "X", lat: 30, lon: 110, capacityT: 100 },
      { id: "b", name: "B", province: "Y", lat: 32, lon: 112, capacityT: 100 },
    ],
    smelters: [{ id: "s", name: "S", province: "Y", lat: 31, lon: 111, demandT: 120 }],
    ports: [
      { id: "k", name: "K", province: "X", lat: 29, lon: 121, minExportT: 0, maxExportT: 50 },
    ],
    lanes: [
      { from: "a", to: "s", mode: "rail", distanceKm: 400, capacityT: 70 },
      { from: "b", to: "s", mode: "rail", costPerT: 33.5, distanceKm: 120, lotT: 10 },
      { from: "a", to: "k", mode: "rail", distanceKm: 1200 },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.network;
};

describe("lanes held in typed arrays", () => {
  it("read back each lane's figures as the network gives them", () => {
    const lanes = deriveLanes(network());
    expect(lanes.map((l) => [l.plant, l.destination, l.mode, l.distanceKm])).toEqual([
      [0, { kind: "smelter", index: 0 }, 0, 400],
      [1, { kind: "smelter", index: 0 }, 0, 120],
      [0, { kind: "port", index: 0 }, 0, 1200],
    ]);
    // Freight from the mode unless the lane prices it; no capacity is Infinity; no lot is undefined.
    expect(lanes.map((l) => l.freightPerT)).toEqual([50 + 0.1 * 400, 33.5, 50 + 0.1 * 1200]);
    expect(lanes.map((l) => l.co2KgPerT)).toEqual([0.01 * 400, 0.01 * 120, 0.01 * 1200]);
    expect(lanes.map((l) => l.capacityT)).toEqual([70, Infinity, Infinity]);
    expect(lanes.map((l) => l.lotT)).toEqual([undefined, 10, undefined]);
    // Lanes to one destination share its object.
    expect(lanes[0]?.destination).toBe(lanes[1]?.destination);
  });

  it("makes the flow columns from the lane table only when read, and lets them be changed in place", () => {
    const model = buildAllocationModel(network());
    const made = vi.spyOn(ColumnArrays.prototype, "makeObjects");
    const views = vi.spyOn(LaneTable.prototype, "views");
    try {
      // Counting, checking and reading values go by the arrays: no column object, no lane object.
      expect(columnCount(model.lp)).toBe(model.lp.columnArrays?.length);
      expect(isNetworkProgram(model.lp)).toBe(false);
      expect(made).not.toHaveBeenCalled();
      const l = 0;
      const column = model.lp.columns[model.flowColumn[l] as number];
      expect(made).toHaveBeenCalledTimes(1);
      expect(views).not.toHaveBeenCalled();
      expect(column?.name).toBe("flow:a>s:rail");
      expect([column?.lower, column?.upper, column?.cost]).toEqual([0, 70, 50 + 0.1 * 400]);
      if (!column) throw new Error("no column");
      column.cost = 7;
      column.upper = 60;
      expect(toLpText(model.lp)).toMatch(/7 flow_a_s_rail/);
      expect(toLpText(model.lp)).toMatch(/0 <= flow_a_s_rail <= 60/);
      // The other lanes keep theirs, and the objects are made once.
      expect(model.lp.columns[model.flowColumn[1] as number]?.cost).toBe(33.5);
      expect(made).toHaveBeenCalledTimes(1);
      // The lanes as objects, when asked for: views of the same table.
      expect(model.lanes[l]?.capacityT).toBe(70);
      expect(views).toHaveBeenCalledTimes(1);
    } finally {
      made.mockRestore();
      views.mockRestore();
    }
  });

  it("copies a column with changedColumn, keeping its name and integrality", () => {
    const { lp } = buildAllocationModel(network());
    expect(hasIntegerColumns(lp)).toBe(true);
    const moved = lp.columns.map((c) => changedColumn(c, c.lower, c.upper, c.cost + 1));
    expect(moved.map((c) => c.name)).toEqual(lp.columns.map((c) => c.name));
    expect(moved.map((c) => c.cost)).toEqual(lp.columns.map((c) => c.cost + 1));
    expect(hasIntegerColumns({ ...lp, columns: moved })).toBe(true);
    // Lots add a row with a coefficient other than +-1: not a network any more.
    expect(isNetworkProgram(lp)).toBe(false);
  });
});
