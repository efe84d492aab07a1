import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sensitivityAutoMaxLanes } from "../../models/allocation/plan.ts";
import * as planRoutes from "../../src/http/plans/plans.routes.ts";
import type { SolveCallOptions } from "../../src/http/shared/types.ts";
import * as routes from "../../src/http/solve/solve.routes.ts";
import { solveNetwork } from "../../src/solve/solve.ts";
import {
  createBaseline,
  createTestApp,
  fixture,
  jsonRequest,
  pointers,
  readAs,
  readProblem,
} from "./support/test-app.ts";

let t: Awaited<ReturnType<typeof createTestApp>>;
const calls: SolveCallOptions[] = [];
beforeAll(async () => {
  t = await createTestApp({
    solve: (network, options) => {
      calls.push({ ...options });
      return solveNetwork(network, options);
    },
  });
});
afterAll(() => t.close());

const network = fixture("two-plants.json");
const post = (path: string, body: unknown) => t.app.request(path, jsonRequest("POST", body));
const solve = (body: unknown) => post("/v1/solve", body);

describe("options.sensitivity of POST /v1/solve", () => {
  it("off returns the same plan as full, with status skipped and null figures", async () => {
    const off = await readAs(
      await solve({ network, options: { sensitivity: "off" } }),
      routes.solve,
      200,
    );
    expect(calls.at(-1)?.sensitivity).toBe("off");
    const full = await readAs(
      await solve({ network, options: { sensitivity: "full" } }),
      routes.solve,
      200,
    );
    expect(calls.at(-1)?.sensitivity).toBe("full");
    expect(off.sensitivity?.status).toBe("skipped");
    expect(off.sensitivity?.note).toContain('sensitivity "full"');
    expect(full.sensitivity?.status).toBe("exact");
    expect(off.objective).toEqual(full.objective);
    expect(off.flows).toEqual(full.flows);
    expect(off.smelters.map((s) => s.marginalCostPerT)).toEqual([null, null]);
    expect(full.smelters.map((s) => s.marginalCostPerT)).not.toContain(null);
    expect(off.unusedLanes).toEqual([]);
    expect(off.unusedLaneCount).toBe(full.unusedLaneCount);
  });

  it("defaults to auto, which runs the analysis on a small network", async () => {
    const plan = await readAs(await solve({ network }), routes.solve, 200);
    expect(calls.at(-1)?.sensitivity).toBe("auto");
    expect(plan.sensitivity?.status).toBe("exact");
  });

  it("is 422 validation_failed, pointing at options.sensitivity, for a value it does not know", async () => {
    const problem = await readProblem(
      await solve({ network, options: { sensitivity: "fast" } }),
      routes.solve,
      "validation_failed",
    );
    expect(pointers(problem)).toEqual(["/options/sensitivity"]);
  });

  it("is documented in the OpenAPI document's SolveOptions with its threshold", async () => {
    const doc = await (await t.app.request("/openapi.json")).json();
    const option = doc.components.schemas.SolveOptions.properties.sensitivity;
    expect(option.enum).toEqual(["auto", "full", "off"]);
    expect(option.description).toContain(String(sensitivityAutoMaxLanes));
    const status = doc.components.schemas.Plan.properties.sensitivity.properties.status;
    expect(status.enum).toContain("skipped");
  });
});

describe("options.sensitivity of POST /v1/scenarios/{id}/plans", () => {
  let scenarioId: string;
  beforeAll(async () => {
    scenarioId = (await createBaseline(t.app, network)).scenario.id;
  });

  it("is stored with the plan's provenance options and round-trips on GET", async () => {
    const stored = await readAs(
      await post(`/v1/scenarios/${scenarioId}/plans`, { options: { sensitivity: "off" } }),
      planRoutes.create,
      201,
    );
    expect(stored.provenance.options.sensitivity).toBe("off");
    expect(stored.plan.sensitivity?.status).toBe("skipped");
    const read = await readAs(await t.app.request(`/v1/plans/${stored.id}`), planRoutes.get, 200);
    expect(read.provenance.options.sensitivity).toBe("off");
    expect(read.plan.sensitivity).toEqual(stored.plan.sensitivity);
    expect(read.plan.smelters.map((s) => s.marginalCostPerT)).toEqual([null, null]);
  });

  it("is stored as auto when not given", async () => {
    const stored = await readAs(
      await t.app.request(`/v1/scenarios/${scenarioId}/plans`, { method: "POST" }),
      planRoutes.create,
      201,
    );
    expect(stored.provenance.options.sensitivity).toBe("auto");
    expect(stored.plan.sensitivity?.status).toBe("exact");
  });

  it("is 422 with a pointer for a value it does not know, and stores nothing", async () => {
    const before = await readAs(await t.app.request("/v1/plans?limit=100"), planRoutes.list, 200);
    const problem = await readProblem(
      await post(`/v1/scenarios/${scenarioId}/plans`, { options: { sensitivity: true } }),
      planRoutes.create,
      "validation_failed",
    );
    expect(pointers(problem)).toEqual(["/options/sensitivity"]);
    const after = await readAs(await t.app.request("/v1/plans?limit=100"), planRoutes.list, 200);
    expect(after.items).toHaveLength(before.items.length);
  });
});
