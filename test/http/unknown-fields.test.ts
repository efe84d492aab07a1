import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as batchRoutes from "../../src/http/batches/batches.routes.ts";
import * as comparisonRoutes from "../../src/http/comparisons/comparisons.routes.ts";
import * as datasetRoutes from "../../src/http/datasets/datasets.routes.ts";
import * as keyRoutes from "../../src/http/keys/keys.routes.ts";
import * as planRoutes from "../../src/http/plans/plans.routes.ts";
import * as scenarioRoutes from "../../src/http/scenarios/scenarios.routes.ts";
import * as solveRoutes from "../../src/http/solve/solve.routes.ts";
import * as sweepRoutes from "../../src/http/sweeps/sweeps.routes.ts";
import {
  createBaseline,
  createTestApp,
  fixture,
  jsonRequest,
  pointers,
  readAs,
  readProblem,
} from "./support/test-app.ts";

// A typo must never give a believable answer: every request body refuses a field it does not
// know, at any depth, naming it by its JSON pointer.
let t: Awaited<ReturnType<typeof createTestApp>>;
let datasetId: string;
let scenarioId: string;
const network = fixture("two-plants.json");
const railUp = { kind: "scaleModeCost", mode: "rail", factor: 5 };
const post = (path: string, body: unknown) => t.app.request(path, jsonRequest("POST", body));

beforeAll(async () => {
  t = await createTestApp();
  const baseline = await createBaseline(t.app, network);
  datasetId = baseline.dataset.id;
  scenarioId = baseline.scenario.id;
});
afterAll(() => t.close());

describe("a request body with a field the API does not know", () => {
  it("is 422 unknown_field naming /change, not a plan of the untouched baseline", async () => {
    const problem = await readProblem(
      await post("/v1/solve", { datasetId, change: [railUp] }),
      solveRoutes.solve,
      "unknown_field",
    );
    expect(problem.status).toBe(422);
    expect(pointers(problem)).toEqual(["/change"]);
    expect(problem.detail).toContain("/change");
    // Spelt right, the same body solves.
    const plan = await readAs(
      await post("/v1/solve", { datasetId, changes: [railUp] }),
      solveRoutes.solve,
      200,
    );
    expect(plan.status).toBe("optimal");
  });

  it("names a field deep in the network, in a change and in the options, all in one answer", async () => {
    const typo = structuredClone(network) as unknown as {
      plants: Record<string, unknown>[];
      options?: Record<string, unknown>;
    };
    (typo.plants[1] as Record<string, unknown>).capacityTT = 5;
    typo.options = { objective: "minCost", carbonPrice: 50 };
    const problem = await readProblem(
      await post("/v1/solve", {
        network: typo,
        changes: [{ ...railUp, extra: 1 }],
        options: { solver: "highs", timelimitMs: 100 },
      }),
      solveRoutes.solve,
      "unknown_field",
    );
    expect(pointers(problem).sort()).toEqual(
      [
        "/changes/0/extra",
        "/network/options/carbonPrice",
        "/network/plants/1/capacityTT",
        "/options/timelimitMs",
      ].sort(),
    );
  });

  it("lists its other problems beside the unknown field", async () => {
    const problem = await readProblem(
      await post("/v1/solve", { datasetId, changes: [{ ...railUp, factor: -1 }], colour: "red" }),
      solveRoutes.solve,
      "unknown_field",
    );
    expect(pointers(problem).sort()).toEqual(["/changes/0/factor", "/colour"]);
  });

  const bodies: [string, string, () => unknown, string][] = [
    ["POST /v1/datasets", "/v1/datasets", () => ({ network, tags: ["x"] }), "/tags"],
    [
      "POST /v1/datasets (in a mode)",
      "/v1/datasets",
      () => ({
        network: {
          ...network,
          modes: network.modes.map((m, i) => (i ? m : { ...m, speedKmH: 60 })),
        },
      }),
      "/network/modes/0/speedKmH",
    ],
    [
      "POST /v1/scenarios",
      "/v1/scenarios",
      () => ({ datasetId, name: "x", change: [railUp] }),
      "/change",
    ],
    [
      "POST /v1/scenarios/{id}/plans",
      "/v1/scenarios/{scenario}/plans",
      () => ({ options: { solver: "highs" }, wait: true }),
      "/wait",
    ],
    [
      "POST /v1/scenarios/{id}/plans (in the options)",
      "/v1/scenarios/{scenario}/plans",
      () => ({ options: { solvr: "highs" } }),
      "/options/solvr",
    ],
    ["POST /v1/batches", "/v1/batches", () => ({ scenarioIds: [scenarioId], all: true }), "/all"],
    [
      "POST /v1/plans/compare",
      "/v1/plans/compare",
      () => ({ planIds: ["pl_1", "pl_2"], baseline: "pl_1" }),
      "/baseline",
    ],
    ["POST /v1/keys", "/v1/keys", () => ({ role: "viewer", expires: "2030-01-01" }), "/expires"],
    [
      "POST /v1/sweeps",
      "/v1/sweeps",
      () => ({
        datasetId,
        changes: [{ ...railUp, factor: 1 }],
        parameter: { change: 0, field: "factor", from: 1, to: 2 },
        options: { sensitivity: "off" },
      }),
      "/options/sensitivity",
    ],
  ];

  it.each(bodies)("is 422 unknown_field on %s", async (_name, path, body, pointer) => {
    const response = await post(path.replace("{scenario}", scenarioId), body());
    expect(response.status).toBe(422);
    const problem = (await response.json()) as { code: string; errors: { pointer: string }[] };
    expect(problem.code).toBe("unknown_field");
    expect(problem.errors.map((e) => e.pointer)).toEqual([pointer]);
  });

  it("is declared by every operation that reads a JSON body", () => {
    for (const route of [
      solveRoutes.solve,
      sweepRoutes.sweep,
      datasetRoutes.create,
      scenarioRoutes.create,
      planRoutes.create,
      batchRoutes.create,
      comparisonRoutes.compareMany,
      keyRoutes.create,
    ]) {
      expect(route.responses[422]?.description, route.path).toContain("`unknown_field`");
    }
  });
});

describe("a query parameter the operation does not declare", () => {
  const get = (path: string) => t.app.request(path);

  it("is 400 invalid_parameter naming it, for a misspelt page size", async () => {
    const problem = await readProblem(
      await get("/v1/plans?limt=5"),
      planRoutes.list,
      "invalid_parameter",
    );
    expect(pointers(problem)).toEqual(["limt"]);
    expect(problem.detail).toContain("limit, cursor");
  });

  it("is refused on an operation that takes none, naming every unknown one once", async () => {
    const problem = await readProblem(
      await get(`/v1/scenarios/${scenarioId}?verbose=1&x=1&x=2`),
      scenarioRoutes.get,
      "invalid_parameter",
    );
    expect(pointers(problem)).toEqual(["verbose", "x"]);
    expect(problem.detail).toContain("takes no query parameters");
  });

  it("is refused on a POST too, before the body is read", async () => {
    const response = await t.app.request(
      `/v1/solve?solvr=highs`,
      jsonRequest("POST", { datasetId }),
    );
    expect(pointers(await readProblem(response, solveRoutes.solve, "invalid_parameter"))).toEqual([
      "solvr",
    ]);
  });

  it("leaves declared parameters alone, and HEAD is checked as its GET", async () => {
    expect((await get(`/v1/plans?limit=5&datasetId=${datasetId}`)).status).toBe(200);
    expect((await t.app.request("/v1/plans?limit=5", { method: "HEAD" })).status).toBe(200);
    expect((await t.app.request("/v1/plans?lmit=5", { method: "HEAD" })).status).toBe(400);
  });

  it("leaves an unknown path to the router: 404, not a parameter problem", async () => {
    expect((await get("/v1/nothing-here?x=1")).status).toBe(404);
  });
});
