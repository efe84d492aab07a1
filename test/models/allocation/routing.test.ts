import { describe, expect, it } from "vitest";
import { deriveLanes, laneName } from "../../../models/allocation/build.ts";
import { greatCircleKm } from "../../../models/allocation/geo.ts";
import { type NetworkInput, parseNetwork } from "../../../models/allocation/network.ts";

// A bay: the plant (north shore) and the port (south shore) are 170 km apart over water; by land
// the route runs round the bay through a junction in the west.
const bay = (extra: Partial<NetworkInput> = {}): NetworkInput => ({
  name: "bay",
  modes: [
    { id: "rail", fixedCostPerT: 50, costPerTKm: 0.1, co2KgPerTKm: 0.01, circuity: 1.3 },
    { id: "road", fixedCostPerT: 40, costPerTKm: 0.2, co2KgPerTKm: 0.06, circuity: 1.25 },
    { id: "air", fixedCostPerT: 900, costPerTKm: 5, co2KgPerTKm: 1, circuity: 1 },
  ],
  plants: [{ id: "p", name: "P", province: "North", lat: 39, lon: 121, capacityT: 100 }],
  smelters: [{ id: "s", name: "S", province: "North", lat: 39.2, lon: 121.1, demandT: 10 }],
  ports: [
    { id: "k", name: "K", province: "South", lat: 37.5, lon: 121.4, minExportT: 5, maxExportT: 9 },
  ],
  landRoutes: {
    junctions: [
      { id: "n", name: "N", province: "North", lat: 39, lon: 121 },
      { id: "w", name: "W", province: "West", lat: 38.5, lon: 117 },
      { id: "south", name: "S", province: "South", lat: 37.5, lon: 121.4 },
    ],
    links: [
      { from: "n", to: "w", km: 500, modes: ["rail", "road"] },
      { from: "w", to: "south", km: 450, modes: ["rail"] },
    ],
  },
  ...extra,
});

function parse(input: NetworkInput) {
  const parsed = parseNetwork(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.network;
}

const lanesByName = (input: NetworkInput) => {
  const network = parse(input);
  return new Map(deriveLanes(network).map((lane) => [laneName(network, lane), lane]));
};

describe("land routes", () => {
  it("sends a rail lane round the bay: the sum of its links, not the distance over water", () => {
    const lane = lanesByName(bay()).get("p>k:rail");
    expect(lane?.distanceKm).toBeCloseTo(950, 9);
    expect(greatCircleKm({ lat: 39, lon: 121 }, { lat: 37.5, lon: 121.4 })).toBeLessThan(200);
    expect(lane?.freightPerT).toBeCloseTo(50 + 0.1 * 950, 9);
  });

  it("leaves out an implied lane whose mode has no land route", () => {
    const lanes = lanesByName(bay());
    expect(lanes.has("p>k:road")).toBe(false);
    expect(lanes.has("p>s:road")).toBe(true);
  });

  it("hauls two nodes at one junction directly, at great-circle km x circuity", () => {
    const lane = lanesByName(bay()).get("p>s:road");
    const direct = greatCircleKm({ lat: 39, lon: 121 }, { lat: 39.2, lon: 121.1 }) * 1.25;
    expect(lane?.distanceKm).toBeCloseTo(direct, 9);
  });

  it("keeps great-circle km x circuity for a mode on no link", () => {
    const lane = lanesByName(bay()).get("p>k:air");
    const direct = greatCircleKm({ lat: 39, lon: 121 }, { lat: 37.5, lon: 121.4 });
    expect(lane?.distanceKm).toBeCloseTo(direct, 9);
  });

  it("adds the access legs: explicit km, else great-circle km x circuity to the junction", () => {
    const base = bay();
    const routes = base.landRoutes as NonNullable<NetworkInput["landRoutes"]>;
    const input = bay({
      plants: [{ id: "p", name: "P", province: "North", lat: 39.5, lon: 121, capacityT: 100 }],
      landRoutes: { ...routes, access: [{ node: "k", junction: "south", km: 7 }] },
    });
    const access = greatCircleKm({ lat: 39.5, lon: 121 }, { lat: 39, lon: 121 }) * 1.3;
    expect(lanesByName(input).get("p>k:rail")?.distanceKm).toBeCloseTo(access + 950 + 7, 9);
  });

  it("plans exactly as before on a network without landRoutes", () => {
    const { landRoutes: _, ...plain } = bay();
    const lane = lanesByName(plain).get("p>k:road");
    const direct = greatCircleKm({ lat: 39, lon: 121 }, { lat: 37.5, lon: 121.4 }) * 1.25;
    expect(lane?.distanceKm).toBeCloseTo(direct, 12);
  });

  it("rejects an explicit lane without distanceKm that has no land route, naming the lane", () => {
    const parsed = parseNetwork(bay({ lanes: [{ from: "p", to: "k", mode: "road" }] }));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.issues).toContainEqual({
        pointer: "/lanes/0",
        message: expect.stringMatching(/no road route/),
      });
    }
  });

  it("accepts that lane when it gives distanceKm", () => {
    const lanes = lanesByName(
      bay({ lanes: [{ from: "p", to: "k", mode: "road", distanceKm: 9 }] }),
    );
    expect(lanes.get("p>k:road")?.distanceKm).toBe(9);
  });

  it("names each unresolved reference in landRoutes by its pointer", () => {
    const routes = bay().landRoutes as NonNullable<NetworkInput["landRoutes"]>;
    const parsed = parseNetwork(
      bay({
        landRoutes: {
          junctions: [...routes.junctions, { id: "n", name: "dup", lat: 1, lon: 1 }],
          links: [{ from: "n", to: "x", km: 1, modes: ["ship"] }],
          access: [{ node: "nope", junction: "n" }],
        },
      }),
    );
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.issues.map((i) => i.pointer).sort()).toEqual([
        "/landRoutes/access/0/node",
        "/landRoutes/junctions/3/id",
        "/landRoutes/links/0/modes/0",
        "/landRoutes/links/0/to",
      ]);
    }
  });
});
