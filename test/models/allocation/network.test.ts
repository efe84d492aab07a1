import { describe, expect, it } from "vitest";
import { jsonPointer, parseNetwork } from "../../../models/allocation/network.ts";

const valid = () => ({
  name: "n",
  modes: [{ id: "rail", fixedCostPerT: 0, costPerTKm: 0.1, co2KgPerTKm: 0.01 }],
  plants: [{ id: "p", name: "P", province: "A", lat: 30, lon: 110, capacityT: 100 }],
  smelters: [{ id: "s", name: "S", province: "B", lat: 31, lon: 110, demandT: 50 }],
  ports: [{ id: "k", name: "K", province: "A", lat: 30, lon: 120, minExportT: 1, maxExportT: 2 }],
});

const pointers = (input: unknown) => {
  const result = parseNetwork(input);
  return result.ok ? [] : result.issues.map((i) => i.pointer);
};

describe("parseNetwork", () => {
  it("fills the documented defaults", () => {
    const result = parseNetwork(valid());
    if (!result.ok) throw new Error("expected a valid network");
    const { network } = result;
    expect(network.anodePerTonneAluminium).toBe(0.45);
    expect(network.options).toEqual({
      objective: "minCost",
      shortfallPenaltyPerT: 20_000,
      allowShortfall: true,
      carbonPricePerT: 0,
    });
    expect(network.modes[0]?.circuity).toBe(1.3);
    expect(network.plants[0]).toMatchObject({ minOutputT: 0, productionCostPerT: 0 });
  });

  it("names the JSON pointer of a wrong type, a negative number and a missing field", () => {
    const input = valid() as Record<string, unknown>;
    (input.plants as Record<string, unknown>[])[0] = {
      id: "p",
      name: "P",
      province: "A",
      lat: 30,
      lon: "110",
      capacityT: -1,
    };
    expect(pointers(input).sort()).toEqual(["/plants/0/capacityT", "/plants/0/lon"]);
    const { name: _, ...unnamed } = valid();
    expect(pointers(unnamed)).toEqual(["/name"]);
  });

  it("rejects ids used twice across plants, smelters and ports", () => {
    const input = valid();
    input.ports[0] = { ...input.ports[0], id: "p" } as (typeof input.ports)[0];
    expect(pointers(input)).toEqual(["/ports/0/id"]);
  });

  it("rejects lanes that name unknown plants, destinations or modes", () => {
    const input = {
      ...valid(),
      lanes: [
        { from: "s", to: "p", mode: "ship" },
        { from: "p", to: "k", mode: "rail" },
        { from: "p", to: "k", mode: "rail" },
      ],
    };
    expect(pointers(input)).toEqual(["/lanes/0/from", "/lanes/0/to", "/lanes/0/mode", "/lanes/2"]);
  });

  it("requires exactly one of demandT and aluminiumT", () => {
    const both = valid();
    both.smelters[0] = { ...both.smelters[0], aluminiumT: 10 } as (typeof both.smelters)[0];
    expect(pointers(both)).toEqual(["/smelters/0"]);
  });

  it("rejects a minimum above its maximum", () => {
    const input = valid();
    input.ports[0] = { ...input.ports[0], minExportT: 3 } as (typeof input.ports)[0];
    input.plants[0] = { ...input.plants[0], minOutputT: 200 } as (typeof input.plants)[0];
    expect(pointers(input).sort()).toEqual(["/plants/0/minOutputT", "/ports/0/minExportT"]);
  });

  it("rejects NaN, infinities and out-of-range coordinates", () => {
    const input = valid();
    input.plants[0] = {
      ...input.plants[0],
      capacityT: Number.NaN,
      lat: 91,
    } as (typeof input.plants)[0];
    input.modes[0] = {
      ...input.modes[0],
      costPerTKm: Number.POSITIVE_INFINITY,
    } as (typeof input.modes)[0];
    expect(pointers(input).sort()).toEqual([
      "/modes/0/costPerTKm",
      "/plants/0/capacityT",
      "/plants/0/lat",
    ]);
  });

  it("rejects numbers beyond the sanity bounds that keep costs exact", () => {
    const input = valid();
    input.plants[0] = {
      ...input.plants[0],
      capacityT: 1e10,
      productionCostPerT: 2e6,
    } as (typeof input.plants)[0];
    expect(pointers(input).sort()).toEqual(["/plants/0/capacityT", "/plants/0/productionCostPerT"]);
    input.plants[0] = {
      ...input.plants[0],
      capacityT: 1e9,
      productionCostPerT: 1e6,
    } as (typeof input.plants)[0];
    expect(pointers(input)).toEqual([]);
  });

  it("escapes '/' and '~' in pointer segments as RFC 6901 says", () => {
    expect(jsonPointer(["a/b", "c~d", 0])).toBe("/a~1b/c~0d/0");
  });
});
