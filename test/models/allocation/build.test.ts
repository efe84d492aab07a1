import { describe, expect, it } from "vitest";
import { buildAllocationModel, deriveLanes } from "../../../models/allocation/build.ts";
import { parseNetwork } from "../../../models/allocation/network.ts";
import { isNetworkProgram, toLpText } from "../../../models/lp.ts";
import { fixtureFiles, loadFixture } from "../../support/fixtures.ts";

const tiny = (extra: Record<string, unknown> = {}) => {
  const parsed = parseNetwork({
    name: "tiny",
    modes: [
      { id: "rail", fixedCostPerT: 50, costPerTKm: 0.1, co2KgPerTKm: 0.01, circuity: 1.3 },
      { id: "road", fixedCostPerT: 40, costPerTKm: 0.2, co2KgPerTKm: 0.06, circuity: 1.25 },
    ],
    plants: [{ id: "p", name: "P", province: "A", lat: 30, lon: 110, capacityT: 100 }],
    smelters: [{ id: "s", name: "S", province: "B", lat: 31, lon: 110, aluminiumT: 100 }],
    ports: [{ id: "k", name: "K", province: "A", lat: 30, lon: 111, minExportT: 5, maxExportT: 9 }],
    ...extra,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.network;
};

describe("buildAllocationModel", () => {
  it("names every row and column after the formulation", () => {
    const { lp } = buildAllocationModel(loadFixture("balanced.json").network);
    expect(lp.columns.map((c) => c.name)).toEqual([
      "output:a",
      "output:b",
      "flow:a>x:rail",
      "flow:a>y:rail",
      "flow:b>x:rail",
      "flow:b>y:rail",
      "shortfall:x",
      "shortfall:y",
    ]);
    expect(lp.rows.map((r) => r.name)).toEqual(["plant:a", "plant:b", "smelter:x", "smelter:y"]);
    expect(lp.sense).toBe("min");
  });

  // Corridors are side constraints (formulation.md, (11)): those fixtures are general LPs.
  const withCorridors = (file: string) => (loadFixture(file).network.corridors?.length ?? 0) > 0;
  it.each(fixtureFiles)("builds a pure network program for %s unless it has corridors", (file) => {
    expect(isNetworkProgram(buildAllocationModel(loadFixture(file).network).lp)).toBe(
      !withCorridors(file),
    );
  });

  it("links every plant to every smelter and port by every mode when lanes are absent", () => {
    const lanes = deriveLanes(tiny());
    expect(lanes).toHaveLength(1 * 2 * 2);
  });

  it("prices a lane from great-circle distance times the mode's circuity", () => {
    const [rail, road] = deriveLanes(tiny());
    // One degree of latitude is 111.195 km on the IUGG mean sphere.
    expect(rail?.distanceKm).toBeCloseTo(111.195 * 1.3, 2);
    expect(rail?.freightPerT).toBeCloseTo(50 + 0.1 * 111.195 * 1.3, 2);
    expect(rail?.co2KgPerT).toBeCloseTo(0.01 * 111.195 * 1.3, 4);
    expect(road?.distanceKm).toBeCloseTo(111.195 * 1.25, 2);
  });

  it("takes demand from aluminium output times the anode factor", () => {
    const model = buildAllocationModel(tiny({ anodePerTonneAluminium: 0.476 }));
    expect(model.demandT[0]).toBeCloseTo(47.6, 9);
    const row = model.lp.rows.find((r) => r.name === "smelter:s");
    expect(row?.lower).toBeCloseTo(47.6, 9);
    expect(row?.upper).toBeCloseTo(47.6, 9);
  });

  it("drops the shortfall columns when shortfall is not allowed", () => {
    const model = buildAllocationModel(tiny({ options: { allowShortfall: false } }));
    const names = model.lp.columns.map((c) => c.name);
    expect(names.some((n) => n.startsWith("shortfall:"))).toBe(false);
    expect(names.some((n) => n.startsWith("exportShortfall:"))).toBe(false);
    expect(names).toContain("export:k");
  });

  it("adds the carbon price and port handling to a lane's objective cost", () => {
    const network = tiny({ options: { carbonPricePerT: 100 } });
    network.ports[0] = { ...(network.ports[0] as (typeof network.ports)[0]), handlingCostPerT: 25 };
    const model = buildAllocationModel(network);
    const toPort = model.lanes.findIndex((l) => l.destination.kind === "port" && l.mode === 0);
    const lane = model.lanes[toPort];
    const column = model.lp.columns[model.flowColumn[toPort] as number];
    expect(column?.cost).toBeCloseTo(
      (lane?.freightPerT ?? 0) + (100 * (lane?.co2KgPerT ?? 0)) / 1000 + 25,
      9,
    );
  });

  it("maximises revenue minus cost under maxMargin", () => {
    const { lp } = buildAllocationModel(loadFixture("max-margin-choice.json").network);
    expect(lp.sense).toBe("max");
    const cost = (name: string) => lp.columns.find((c) => c.name === name)?.cost;
    expect(cost("export:q")).toBe(300);
    expect(cost("output:a")).toBe(-100);
    expect(cost("flow:a>q:rail")).toBe(-30);
    expect(cost("exportShortfall:q")).toBe(-(20_000 + 300));
  });

  it("prints the program as LP text with its row and column names", () => {
    const text = toLpText(buildAllocationModel(loadFixture("lane-capacity.json").network).lp);
    expect(text).toContain("Minimize");
    expect(text).toMatch(
      /smelter_x: flow_a_x_rail \+ flow_a_x_road \+ flow_b_x_rail \+ shortfall_x = 80/,
    );
    expect(text).toContain("0 <= flow_a_x_rail <= 50");
  });
});
