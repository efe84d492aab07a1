// Scenario changes applied to a tiny network: each kind, unknown ids, invalid results, immutability.
import { describe, expect, it } from "vitest";
import {
  type Lane,
  type Network,
  type NetworkInput,
  networkSchema,
  smelterDemandT,
} from "../../../models/allocation/network.ts";
import {
  applyChanges,
  type Change,
  changeSchema,
  changesSchema,
} from "../../../models/allocation/scenario.ts";

const KM_PER_DEGREE = (6371.0088 * Math.PI) / 180;

// Two plants, three smelters (one given by aluminium output), one port, two modes; no lanes.
const implicitInput: NetworkInput = {
  name: "tiny",
  anodePerTonneAluminium: 0.5,
  modes: [
    { id: "rail", fixedCostPerT: 50, costPerTKm: 0.1, co2KgPerTKm: 0.01 },
    { id: "road", fixedCostPerT: 40, costPerTKm: 0.2, co2KgPerTKm: 0.05, circuity: 1.25 },
  ],
  plants: [
    {
      id: "p1",
      name: "Plant 1",
      province: "Shandong",
      lat: 30,
      lon: 110,
      capacityT: 1000,
      minOutputT: 600,
    },
    { id: "p2", name: "Plant 2", province: "Henan", lat: 34, lon: 113, capacityT: 800 },
  ],
  smelters: [
    { id: "s1", name: "Smelter 1", province: "Yunnan", lat: 31, lon: 110, demandT: 500 },
    { id: "s2", name: "Smelter 2", province: "Yunnan", lat: 25, lon: 103, aluminiumT: 1000 },
    { id: "s3", name: "Smelter 3", province: "Xinjiang", lat: 44, lon: 87, demandT: 300 },
  ],
  ports: [
    {
      id: "qd",
      name: "Qingdao",
      province: "Shandong",
      lat: 36,
      lon: 120,
      minExportT: 100,
      maxExportT: 400,
      fobPricePerT: 5000,
    },
  ],
};

const implicit: Network = networkSchema.parse(implicitInput);
const explicit: Network = networkSchema.parse({
  ...implicitInput,
  lanes: [
    { from: "p1", to: "s1", mode: "rail", distanceKm: 2000, costPerT: 300, capacityT: 700 },
    { from: "p1", to: "s1", mode: "road", distanceKm: 2100 },
    { from: "p2", to: "s2", mode: "rail", costPerT: 250 },
    { from: "p2", to: "qd", mode: "road", capacityT: 200 },
  ],
});

function applied(network: Network, changes: Change[]): Network {
  const result = applyChanges(network, changes);
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.issues)}`);
  return result.network;
}

function pointers(network: Network, changes: Change[]): string[] {
  const result = applyChanges(network, changes);
  if (result.ok) throw new Error("expected issues");
  return result.issues.map((issue) => issue.pointer);
}

const laneOf = (network: Network, key: string): Lane | undefined =>
  network.lanes?.find((l) => `${l.from}>${l.to}:${l.mode}` === key);

describe("applyChanges on each change kind", () => {
  it("scaleModeCost scales the mode's rates and the explicit costPerT of its lanes only", () => {
    const network = applied(explicit, [{ kind: "scaleModeCost", mode: "rail", factor: 1.5 }]);
    expect(network.modes[0]?.fixedCostPerT).toBe(75);
    expect(network.modes[0]?.costPerTKm).toBeCloseTo(0.15, 12);
    expect(network.modes[0]?.co2KgPerTKm).toBe(0.01);
    expect(network.modes[1]).toMatchObject({ fixedCostPerT: 40, costPerTKm: 0.2 });
    expect(laneOf(network, "p1>s1:rail")?.costPerT).toBe(450);
    expect(laneOf(network, "p2>s2:rail")?.costPerT).toBe(375);
    expect(laneOf(network, "p1>s1:road")?.costPerT).toBeUndefined();
  });

  it("scaleModeCost leaves a network without lanes without lanes", () => {
    const network = applied(implicit, [{ kind: "scaleModeCost", mode: "road", factor: 2 }]);
    expect(network.lanes).toBeUndefined();
    expect(network.modes[1]).toMatchObject({ fixedCostPerT: 80, costPerTKm: 0.4 });
  });

  it("setLaneCost sets one lane's costPerT and no other lane's", () => {
    const network = applied(explicit, [
      { kind: "setLaneCost", from: "p1", to: "s1", mode: "road", costPerT: 333 },
    ]);
    expect(laneOf(network, "p1>s1:road")).toEqual({
      from: "p1",
      to: "s1",
      mode: "road",
      distanceKm: 2100,
      costPerT: 333,
    });
    expect(network.lanes?.filter((l) => l.costPerT !== undefined)).toHaveLength(3);
  });

  it("scaleLaneCost scales an explicit costPerT", () => {
    const network = applied(explicit, [
      { kind: "scaleLaneCost", from: "p1", to: "s1", mode: "rail", factor: 2 },
    ]);
    expect(laneOf(network, "p1>s1:rail")?.costPerT).toBe(600);
  });

  it("scaleLaneCost prices a mode-priced lane from its distanceKm, then scales it", () => {
    const network = applied(explicit, [
      { kind: "scaleLaneCost", from: "p1", to: "s1", mode: "road", factor: 2 },
    ]);
    expect(laneOf(network, "p1>s1:road")?.costPerT).toBeCloseTo((40 + 0.2 * 2100) * 2, 9);
  });

  it("scaleLaneCost on a network without lanes prices the lane by great-circle km x circuity", () => {
    const network = applied(implicit, [
      { kind: "scaleLaneCost", from: "p1", to: "s1", mode: "rail", factor: 1.2 },
    ]);
    // p1 and s1 are one degree of latitude apart on the same meridian.
    const expected = (50 + 0.1 * KM_PER_DEGREE * 1.3) * 1.2;
    expect(laneOf(network, "p1>s1:rail")?.costPerT).toBeCloseTo(expected, 9);
  });

  it("setLaneCapacity sets one lane's capacity", () => {
    const network = applied(explicit, [
      { kind: "setLaneCapacity", from: "p1", to: "s1", mode: "road", capacityT: 50 },
    ]);
    expect(laneOf(network, "p1>s1:road")?.capacityT).toBe(50);
    expect(laneOf(network, "p1>s1:rail")?.capacityT).toBe(700);
  });

  it("scaleLaneCapacity scales a capped lane", () => {
    const network = applied(explicit, [
      { kind: "scaleLaneCapacity", from: "p1", to: "s1", mode: "rail", factor: 0.5 },
    ]);
    expect(laneOf(network, "p1>s1:rail")?.capacityT).toBe(350);
  });

  it("scaleLaneCapacity on an uncapped lane is an issue, not a silent no-op", () => {
    const result = applyChanges(explicit, [
      { kind: "scaleLaneCapacity", from: "p1", to: "s1", mode: "road", factor: 0.5 },
    ]);
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          pointer: "/changes/0",
          message: "lane p1>s1:road has no capacityT to scale; use setLaneCapacity",
        },
      ],
    });
  });

  it("closeLane sets the lane's capacity to 0", () => {
    const network = applied(explicit, [{ kind: "closeLane", from: "p2", to: "s2", mode: "rail" }]);
    expect(laneOf(network, "p2>s2:rail")).toEqual({
      from: "p2",
      to: "s2",
      mode: "rail",
      costPerT: 250,
      capacityT: 0,
    });
  });

  it("closeLane on a network without lanes writes out every implied lane and closes only one", () => {
    const network = applied(implicit, [{ kind: "closeLane", from: "p1", to: "qd", mode: "road" }]);
    // 2 plants x (3 smelters + 1 port) x 2 modes
    expect(network.lanes).toHaveLength(16);
    const keys = new Set(network.lanes?.map((l) => `${l.from}>${l.to}:${l.mode}`));
    expect(keys.size).toBe(16);
    expect(network.lanes?.filter((l) => Object.keys(l).length > 3)).toEqual([
      { from: "p1", to: "qd", mode: "road", capacityT: 0 },
    ]);
  });

  it("setPlantCapacity lowers minOutputT to the new capacity", () => {
    const network = applied(explicit, [
      { kind: "setPlantCapacity", plantId: "p1", capacityT: 400 },
    ]);
    expect(network.plants[0]).toMatchObject({ capacityT: 400, minOutputT: 400 });
    expect(network.plants[1]).toMatchObject({ capacityT: 800, minOutputT: 0 });
  });

  it("scalePlantCapacity keeps a minOutputT that still fits and clamps one that does not", () => {
    const mild = applied(explicit, [{ kind: "scalePlantCapacity", plantId: "p1", factor: 0.8 }]);
    expect(mild.plants[0]).toMatchObject({ capacityT: 800, minOutputT: 600 });
    const outage = applied(explicit, [{ kind: "scalePlantCapacity", plantId: "p1", factor: 0 }]);
    expect(outage.plants[0]).toMatchObject({ capacityT: 0, minOutputT: 0 });
  });

  it("setSmelterDemand replaces aluminiumT with demandT", () => {
    const network = applied(explicit, [
      { kind: "setSmelterDemand", smelterId: "s2", demandT: 700 },
    ]);
    expect(network.smelters[1]?.demandT).toBe(700);
    expect(network.smelters[1]).not.toHaveProperty("aluminiumT");
  });

  it("scaleDemand by smelter scales only that smelter", () => {
    const network = applied(explicit, [{ kind: "scaleDemand", smelterId: "s1", factor: 1.1 }]);
    expect(network.smelters.map((s) => smelterDemandT(network, s))).toEqual([500 * 1.1, 500, 300]);
  });

  it("scaleDemand by province scales demandT or aluminiumT of every smelter there", () => {
    const network = applied(explicit, [{ kind: "scaleDemand", province: "Yunnan", factor: 2 }]);
    expect(network.smelters[0]?.demandT).toBe(1000);
    expect(network.smelters[1]?.aluminiumT).toBe(2000);
    expect(network.smelters.map((s) => smelterDemandT(network, s))).toEqual([1000, 1000, 300]);
  });

  it("setPortExport changes the limits given and keeps the other", () => {
    const network = applied(explicit, [{ kind: "setPortExport", portId: "qd", maxExportT: 1000 }]);
    expect(network.ports[0]).toMatchObject({ minExportT: 100, maxExportT: 1000 });
  });

  it("setPortPrice sets the FOB price", () => {
    const network = applied(explicit, [{ kind: "setPortPrice", portId: "qd", fobPricePerT: 5500 }]);
    expect(network.ports[0]?.fobPricePerT).toBe(5500);
  });

  it("setAnodeFactor changes demand of smelters given by aluminium output", () => {
    const network = applied(explicit, [{ kind: "setAnodeFactor", anodePerTonneAluminium: 0.48 }]);
    expect(smelterDemandT(network, network.smelters[1] as Network["smelters"][number])).toBe(480);
  });

  it("setCarbonPrice and setObjective set the network options", () => {
    const network = applied(explicit, [
      { kind: "setCarbonPrice", carbonPricePerT: 100 },
      { kind: "setObjective", objective: "maxMargin" },
    ]);
    expect(network.options).toEqual({
      objective: "maxMargin",
      shortfallPenaltyPerT: 20_000,
      allowShortfall: true,
      carbonPricePerT: 100,
    });
  });

  it("setCo2Cap sets the cap, and null removes it", () => {
    const capped = applied(explicit, [{ kind: "setCo2Cap", co2CapT: 500 }]);
    expect(capped.options.co2CapT).toBe(500);
    const uncapped = applied(capped, [{ kind: "setCo2Cap", co2CapT: null }]);
    expect("co2CapT" in uncapped.options).toBe(false);
    expect(pointers(explicit, [{ kind: "setCo2Cap", co2CapT: -1 }])).toEqual([
      "/changes/0/co2CapT",
    ]);
  });

  it("applies changes in order", () => {
    const setThenScale = applied(explicit, [
      { kind: "setPlantCapacity", plantId: "p2", capacityT: 500 },
      { kind: "scalePlantCapacity", plantId: "p2", factor: 2 },
    ]);
    const scaleThenSet = applied(explicit, [
      { kind: "scalePlantCapacity", plantId: "p2", factor: 2 },
      { kind: "setPlantCapacity", plantId: "p2", capacityT: 500 },
    ]);
    expect(setThenScale.plants[1]?.capacityT).toBe(1000);
    expect(scaleThenSet.plants[1]?.capacityT).toBe(500);
  });

  it("an empty change list gives back an equal network", () => {
    expect(applied(explicit, [])).toEqual(explicit);
  });
});

describe("applyChanges issues", () => {
  it("names every unknown node, mode, lane and province with its exact pointer", () => {
    const result = applyChanges(explicit, [
      { kind: "setPlantCapacity", plantId: "nope", capacityT: 1 },
      { kind: "scaleModeCost", mode: "ship", factor: 1 },
      { kind: "closeLane", from: "s1", to: "p1", mode: "air" },
      { kind: "setLaneCost", from: "p2", to: "s1", mode: "rail", costPerT: 1 },
      { kind: "scaleDemand", province: "Tibet", factor: 2 },
      { kind: "setSmelterDemand", smelterId: "p1", demandT: 1 },
      { kind: "setPortPrice", portId: "s1", fobPricePerT: 1 },
      { kind: "setPortExport", portId: "tj", maxExportT: 1 },
      { kind: "scaleDemand", smelterId: "s9", factor: 1 },
      { kind: "scalePlantCapacity", plantId: "qd", factor: 1 },
    ]);
    expect(result).toEqual({
      ok: false,
      issues: [
        { pointer: "/changes/0/plantId", message: '"nope" is not a plant id' },
        { pointer: "/changes/1/mode", message: '"ship" is not a mode id' },
        { pointer: "/changes/2/from", message: '"s1" is not a plant id' },
        { pointer: "/changes/2/to", message: '"p1" is not a smelter or port id' },
        { pointer: "/changes/2/mode", message: '"air" is not a mode id' },
        { pointer: "/changes/3", message: "the network has no lane p2>s1:rail" },
        { pointer: "/changes/4/province", message: 'no smelter is in province "Tibet"' },
        { pointer: "/changes/5/smelterId", message: '"p1" is not a smelter id' },
        { pointer: "/changes/6/portId", message: '"s1" is not a port id' },
        { pointer: "/changes/7/portId", message: '"tj" is not a port id' },
        { pointer: "/changes/8/smelterId", message: '"s9" is not a smelter id' },
        { pointer: "/changes/9/plantId", message: '"qd" is not a plant id' },
      ],
    });
  });

  it("a negative, NaN or infinite factor is an issue at the factor", () => {
    for (const factor of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(pointers(explicit, [{ kind: "scaleModeCost", mode: "rail", factor }])).toEqual([
        "/changes/0/factor",
      ]);
    }
  });

  it("scaleDemand needs exactly one of smelterId and province", () => {
    expect(
      pointers(explicit, [{ kind: "scaleDemand", smelterId: "s1", province: "Yunnan", factor: 1 }]),
    ).toEqual(["/changes/0"]);
    expect(pointers(explicit, [{ kind: "scaleDemand", factor: 1 }])).toEqual(["/changes/0"]);
  });

  it("setPortExport without a limit is an issue, since it would change nothing", () => {
    expect(pointers(explicit, [{ kind: "setPortExport", portId: "qd" }])).toEqual(["/changes/0"]);
  });

  it("an anode factor the network format rejects is an issue at that field", () => {
    expect(pointers(explicit, [{ kind: "setAnodeFactor", anodePerTonneAluminium: 3 }])).toEqual([
      "/changes/0/anodePerTonneAluminium",
    ]);
  });

  it("a minimum export above the maximum is blamed on the change and field that set it", () => {
    expect(
      pointers(explicit, [
        { kind: "setPortExport", portId: "qd", minExportT: 500 },
        { kind: "setPortPrice", portId: "qd", fobPricePerT: 6000 },
      ]),
    ).toEqual(["/changes/0/minExportT"]);
    expect(
      pointers(explicit, [
        { kind: "setPortExport", portId: "qd", minExportT: 350 },
        { kind: "setPortPrice", portId: "qd", fobPricePerT: 6000 },
        { kind: "setPortExport", portId: "qd", maxExportT: 300 },
      ]),
    ).toEqual(["/changes/2/maxExportT"]);
  });

  it("a limit pair that is only briefly inverted is accepted, since only the result is checked", () => {
    const network = applied(explicit, [
      { kind: "setPortExport", portId: "qd", minExportT: 500 },
      { kind: "setPortExport", portId: "qd", maxExportT: 600 },
    ]);
    expect(network.ports[0]).toMatchObject({ minExportT: 500, maxExportT: 600 });
  });

  it("a scale that overflows to infinity is blamed on the factor", () => {
    expect(
      pointers(explicit, [
        { kind: "scaleModeCost", mode: "road", factor: 1e308 },
        { kind: "scaleModeCost", mode: "road", factor: 1e308 },
      ]),
    ).toEqual(["/changes/1/factor", "/changes/1/factor"]);
  });

  it("a base network that is already invalid is reported at /network pointers", () => {
    const broken = structuredClone(explicit);
    (broken.ports[0] as Network["ports"][number]).minExportT = 900;
    expect(pointers(broken, [{ kind: "setCarbonPrice", carbonPricePerT: 1 }])).toEqual([
      "/network/ports/0/minExportT",
    ]);
  });

  it("more than 1000 changes are refused", () => {
    const change: Change = { kind: "setCarbonPrice", carbonPricePerT: 1 };
    expect(changesSchema.safeParse(Array(1000).fill(change)).success).toBe(true);
    expect(pointers(explicit, Array(1001).fill(change))).toEqual(["/changes"]);
  });
});

describe("applyChanges immutability", () => {
  function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === "object") {
      for (const child of Object.values(value)) deepFreeze(child);
      Object.freeze(value);
    }
    return value;
  }

  const everything: Change[] = [
    { kind: "scaleModeCost", mode: "rail", factor: 1.1 },
    { kind: "setLaneCost", from: "p1", to: "s1", mode: "road", costPerT: 100 },
    { kind: "scaleLaneCost", from: "p1", to: "s1", mode: "rail", factor: 1.1 },
    { kind: "setLaneCapacity", from: "p1", to: "s1", mode: "road", capacityT: 10 },
    { kind: "scaleLaneCapacity", from: "p1", to: "s1", mode: "road", factor: 0.5 },
    { kind: "closeLane", from: "p2", to: "qd", mode: "road" },
    { kind: "setPlantCapacity", plantId: "p1", capacityT: 100 },
    { kind: "scalePlantCapacity", plantId: "p2", factor: 0.5 },
    { kind: "setSmelterDemand", smelterId: "s2", demandT: 1 },
    { kind: "scaleDemand", province: "Yunnan", factor: 2 },
    { kind: "setPortExport", portId: "qd", minExportT: 0, maxExportT: 10 },
    { kind: "setPortPrice", portId: "qd", fobPricePerT: 1 },
    { kind: "setAnodeFactor", anodePerTonneAluminium: 0.4 },
    { kind: "setCarbonPrice", carbonPricePerT: 50 },
    { kind: "setCo2Cap", co2CapT: 1000 },
    { kind: "setObjective", objective: "maxMargin" },
    { kind: "setSeasonality", province: "Yunnan", nodes: "smelters", profile: [1.2, 0.8] },
    { kind: "setSeasonality", plantId: "p1", profile: [1, 1] },
    {
      kind: "setInventory",
      smelterId: "s1",
      inventory: { capacityT: 9, holdingCostPerTPerPeriod: 1, initialT: 0 },
    },
    { kind: "setInventory", portId: "qd", inventory: null },
    { kind: "closeHub", hub: "hx" },
    { kind: "scaleCorridorCapacity", corridor: "cx", factor: 2 },
  ];
  // Profiles and stocks need periods, so every change kind applies to the half-yearly network.
  // And a hub and a corridor for the changes that name them.
  const halves = (network: Network): Network => ({
    ...network,
    hubs: [
      {
        id: "hx",
        name: "Hub",
        province: "Yunnan",
        lat: 25,
        lon: 103,
        kind: "railHub",
        handlingCostPerT: 5,
        capacityT: 50,
      },
    ],
    corridors: [{ id: "cx", name: "Corridor", capacityT: 100 }],
    periods: [
      { id: "h1", weight: 0.5 },
      { id: "h2", weight: 0.5 },
    ],
  });

  it("covers every change kind", () => {
    expect(new Set(everything.map((c) => c.kind))).toEqual(
      new Set(changeSchema.options.map((o) => o.shape.kind.value)),
    );
  });

  it("never writes to the input network or changes, with or without lanes", () => {
    for (const base of [halves(explicit), halves(implicit)]) {
      const before = structuredClone(base);
      const frozen = deepFreeze(structuredClone(base));
      const changes = deepFreeze(structuredClone(everything));
      // Frozen objects throw on any write in ESM's strict mode, so success means no write.
      const network = applied(frozen, changes);
      expect(frozen).toEqual(before);
      expect(changes).toEqual(everything);
      expect(network.plants[0]?.capacityT).toBe(100);
    }
  });

  it("returns objects that share nothing with the input", () => {
    const network = applied(explicit, []);
    expect(network).not.toBe(explicit);
    expect(network.plants[0]).not.toBe(explicit.plants[0]);
    expect(network.lanes).not.toBe(explicit.lanes);
    expect(network.options).not.toBe(explicit.options);
  });
});
