import { describe, expect, it } from "vitest";
import type { Comparison, Plan } from "../../web/src/api.ts";
import { describe as describeTarget } from "../../web/src/map-describe.ts";
import { geography } from "../../web/src/map-model.ts";
import {
  arcOf,
  mapScene,
  noCostFill,
  notInNetworkFill,
  provinceShading,
  stepTarget,
} from "../../web/src/map-scene.ts";
import { targetId } from "../../web/src/map-target.ts";
import { network } from "./support/fakes.ts";

// The balanced fixture's optimum (test/fixtures/balanced.json): a>x 80 t, a>y 20 t, b>y 40 t.
const flow = (from: string, to: string, tonnes: number, costPerT: number) => ({
  from,
  to,
  mode: "rail",
  tonnes,
  distanceKm: 100,
  costPerT,
  cost: tonnes * costPerT,
  co2T: tonnes * 0.001,
});
const plan = {
  flows: [flow("a", "x", 80, 5), flow("a", "y", 20, 8), flow("b", "y", 40, 4)],
  provinces: [
    { province: "East", netInflowT: -20, marginalCostPerT: 15 },
    { province: "West", netInflowT: 20, marginalCostPerT: 24 },
  ],
  plants: [],
  smelters: [],
  ports: [],
} as unknown as Plan;
const geo = geography(network);

describe("the map's targets and scene", () => {
  it("finds the arc that holds a flow, and names every target in the DOM by kind", () => {
    const scene = mapScene(geo, plan, null);
    expect(scene.arcs.map((arc) => arc.tonnes)).toEqual([80, 40, 20]);
    const arc = arcOf(scene, { kind: "flow", key: "b>y:rail" });
    expect(arc?.flowKeys).toEqual(["b>y:rail"]);
    expect(arcOf(scene, { kind: "arc", key: arc?.key ?? "" })).toBe(arc);
    expect(arcOf(scene, { kind: "province", name: "East" })).toBeUndefined();
    expect(targetId({ kind: "province", name: "East" })).toBe("province:East");
    expect(targetId({ kind: "flow", key: "a>x:rail" })).toBe("flow:a>x:rail");
  });

  it("walks the arcs with left and right, the provinces from surplus to deficit with up and down", () => {
    const scene = mapScene(geo, plan, null);
    const [first, , last] = scene.arcs;
    expect(stepTarget(scene, null, "ArrowRight")).toEqual({ kind: "arc", key: first?.key });
    expect(stepTarget(scene, null, "ArrowLeft")).toEqual({ kind: "arc", key: last?.key });
    // From a flow picked in the table, the next arc after the one holding it.
    const fromFlow = stepTarget(scene, { kind: "flow", key: "a>x:rail" }, "ArrowRight");
    expect(fromFlow).toEqual({ kind: "arc", key: scene.arcs[1]?.key });
    expect(stepTarget(scene, null, "ArrowDown")).toEqual({ kind: "province", name: "East" });
    expect(stepTarget(scene, { kind: "province", name: "East" }, "ArrowDown")).toEqual({
      kind: "province",
      name: "West",
    });
    expect(stepTarget(scene, { kind: "province", name: "East" }, "Escape")).toBeNull();
    expect(stepTarget(scene, null, "a")).toBeUndefined();
  });

  it("shades by marginal cost between the cheapest and dearest province, else by net inflow", () => {
    const scene = mapScene(geo, plan, null);
    const byCost = provinceShading(scene, "marginal");
    expect(byCost).toMatchObject({ byCost: true, minCost: 15, maxCost: 24, maxAbsNet: 20 });
    expect(byCost.fill("East")).not.toBe(byCost.fill("West"));
    expect(byCost.fill("Tibet")).toBe(provinceShading(scene, "balance").fill("Tibet"));
    // A comparison always shades by the change in net inflow.
    const comparison = { flows: [], provinces: [] } as unknown as Comparison;
    expect(provinceShading(mapScene(geo, plan, comparison), "marginal").byCost).toBe(false);
  });

  it("tells a province without a marginal cost (plain grey) from one not in the network (hatched)", () => {
    const partial = {
      ...plan,
      provinces: [plan.provinces[0], { province: "West", netInflowT: 20 }],
    } as unknown as Plan;
    const shading = provinceShading(mapScene(geo, partial, null), "marginal");
    expect(shading.fill("West")).toBe(noCostFill);
    expect(shading.fill("Tibet")).toBe(notInNetworkFill);
    expect(noCostFill).not.toBe(notInNetworkFill);
    expect(shading.someWithoutCost).toBe(true);
    // By balance, West has its colour; Tibet is still hatched, in a comparison too.
    expect(provinceShading(mapScene(geo, partial, null), "balance").fill("West")).not.toBe(
      noCostFill,
    );
    const comparison = { flows: [], provinces: [] } as unknown as Comparison;
    expect(provinceShading(mapScene(geo, plan, comparison), "balance").fill("Tibet")).toBe(
      notInNetworkFill,
    );
  });

  it("describes an arc's tonnes and freight, and a province's balance, in words with units", () => {
    const scene = mapScene(geo, plan, null);
    const arc = describeTarget(scene, { kind: "flow", key: "a>x:rail" });
    expect(arc?.title).toBe("Plant A → Smelter X, rail");
    expect(Object.fromEntries(arc?.rows ?? [])).toMatchObject({
      Tonnes: "80 t",
      "Freight cost": "400 CNY",
    });
    const east = describeTarget(scene, { kind: "province", name: "East" });
    expect(Object.fromEntries(east?.rows ?? [])["Ships out (surplus)"]).toBe("20 t");
    expect(describeTarget(scene, null)).toBeNull();
  });
});
