import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NetworkInput } from "../../models/allocation/network.ts";
import * as routes from "../../src/http/plan-regions/plan-regions.routes.ts";
import * as planRoutes from "../../src/http/plans/plans.routes.ts";
import {
  createBaseline,
  createTestApp,
  fixture,
  jsonRequest,
  readAs,
  readProblem,
} from "./support/test-app.ts";

/**
 * Shandong makes anodes at 3,500 CNY/t with room to spare; Inner Mongolia and Qinghai make too few
 * and buy from Shandong at 160 and 240 CNY/t freight. Marginal costs: Shandong 3,540 (40 local),
 * Inner Mongolia 3,660, Qinghai 3,740.
 */
const eastWest: NetworkInput = {
  name: "east-west",
  modes: [{ id: "rail", fixedCostPerT: 0, costPerTKm: 0, co2KgPerTKm: 0.01 }],
  plants: [
    {
      id: "sd",
      name: "Binzhou",
      province: "Shandong",
      lat: 37.4,
      lon: 118,
      capacityT: 1000,
      productionCostPerT: 3500,
    },
    {
      id: "im",
      name: "Baotou",
      province: "Inner Mongolia",
      lat: 40.7,
      lon: 109.8,
      capacityT: 100,
      productionCostPerT: 3450,
    },
  ],
  smelters: [
    { id: "sd-s", name: "Zouping", province: "Shandong", lat: 36.9, lon: 117.7, demandT: 300 },
    { id: "im-s", name: "Baotou", province: "Inner Mongolia", lat: 40.7, lon: 109.8, demandT: 250 },
    { id: "qh-s", name: "Xining", province: "Qinghai", lat: 36.6, lon: 101.8, demandT: 100 },
  ],
  lanes: [
    { from: "sd", to: "sd-s", mode: "rail", costPerT: 40 },
    { from: "sd", to: "im-s", mode: "rail", costPerT: 160 },
    { from: "sd", to: "qh-s", mode: "rail", costPerT: 240 },
    { from: "im", to: "im-s", mode: "rail", costPerT: 40 },
  ],
};

let t: Awaited<ReturnType<typeof createTestApp>>;
const post = (path: string, body?: unknown) =>
  t.app.request(path, body === undefined ? { method: "POST" } : jsonRequest("POST", body));

async function planOf(network: NetworkInput): Promise<string> {
  const { scenario } = await createBaseline(t.app, network);
  return (await readAs(await post(`/v1/scenarios/${scenario.id}/plans`), planRoutes.create, 201))
    .id;
}

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("GET /v1/plans/{id}/regions", () => {
  it("lists provinces surplus first with their marginal costs, and the calibration line", async () => {
    const id = await planOf(eastWest);
    const view = await readAs(await t.app.request(`/v1/plans/${id}/regions`), routes.regions, 200);
    expect(view.planId).toBe(id);
    expect(view.status).toBe("optimal");
    expect(view.regions.map((r) => [r.province, r.role, r.netOutflowT])).toEqual([
      ["Shandong", "surplus", 250],
      ["Qinghai", "deficit", -100],
      ["Inner Mongolia", "deficit", -150],
    ]);
    const cost = Object.fromEntries(view.regions.map((r) => [r.province, r.marginalCostPerT]));
    expect(cost.Shandong).toBeCloseTo(3540, 6);
    expect(cost["Inner Mongolia"]).toBeCloseTo(3660, 6);
    expect(cost.Qinghai).toBeCloseTo(3740, 6);
    // Demand-weighted over the two deficit provinces: (250 x 120 + 100 x 200) / 350.
    expect(view.calibration).toMatchObject({
      referenceProvince: "Shandong",
      provinces: ["Qinghai", "Inner Mongolia"],
      modelledSpreadRangePerT: { min: expect.closeTo(120, 6), max: expect.closeTo(200, 6) },
      observedSpreadPerT: {
        low: expect.closeTo(450 / 1.13, 6),
        high: expect.closeTo(820 / 1.13, 6),
      },
      verdict: "below",
    });
    expect(view.calibration?.modelledSpreadPerT).toBeCloseTo((250 * 120 + 100 * 200) / 350, 6);
  });

  it("is empty, without a calibration line, for an infeasible plan", async () => {
    const id = await planOf(fixture("infeasible.json"));
    const view = await readAs(await t.app.request(`/v1/plans/${id}/regions`), routes.regions, 200);
    expect(view).toMatchObject({ status: "infeasible", regions: [], calibration: null });
  });

  it("is 404 for a plan that does not exist", async () => {
    const response = await t.app.request("/v1/plans/pl_missing/regions");
    expect(response.status).toBe(404);
    await readProblem(response, routes.regions, "not_found");
  });

  it("is described in the OpenAPI document with its sign conventions", async () => {
    const document = (await (await t.app.request("/openapi.json")).json()) as {
      paths: Record<string, { get?: { description?: string } }>;
    };
    const description = document.paths["/v1/plans/{id}/regions"]?.get?.description ?? "";
    expect(description).toContain("`netOutflowT` > 0");
    expect(description).toContain("cost of the NEXT tonne");
  });
});
