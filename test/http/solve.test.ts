import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plan } from "../../models/allocation/plan-schema.ts";
import * as datasetRoutes from "../../src/http/datasets/datasets.routes.ts";
import * as planRoutes from "../../src/http/plans/plans.routes.ts";
import type { SolveCallOptions } from "../../src/http/shared/types.ts";
import * as routes from "../../src/http/solve/solve.routes.ts";
import { loadFixture } from "../support/fixtures.ts";
import {
  createTestApp,
  fixture,
  jsonRequest,
  pointers,
  readAs,
  readProblem,
  testLimits,
} from "./support/test-app.ts";

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const network = fixture("two-plants.json");
const solve = (body: unknown) => t.app.request("/v1/solve", jsonRequest("POST", body));

describe("POST /v1/solve", () => {
  it("puts a shortfall plan's warnings right after its status, before the objective and the totals", async () => {
    const { network: short, expected } = loadFixture("shortfall-warnings.json");
    const response = await solve({ network: short });
    const text = await response.clone().text();
    const plan = await readAs(response, routes.solve, 200);
    expect(Object.fromEntries((plan.warnings ?? []).map((w) => [w.subject, w.tonnes]))).toEqual(
      expected.warnings,
    );
    const keys = Object.keys(JSON.parse(text));
    expect(keys.indexOf("warnings")).toBe(keys.indexOf("status") + 1);
    // And the document lists them there too, saying to read them first.
    const doc = await (await t.app.request("/openapi.json")).json();
    const properties = Object.keys(doc.components.schemas.Plan.properties);
    expect(properties.indexOf("warnings")).toBeLessThan(properties.indexOf("objective"));
    expect(doc.components.schemas.Plan.properties.warnings.description).toMatch(
      /^Read these first/,
    );
  });

  it("returns the optimal plan of an inline network", async () => {
    const plan = await readAs(await solve({ network }), routes.solve, 200);
    expect(plan.status).toBe("optimal");
    expect(plan.objective?.value).toBeCloseTo(2520, 6);
    const tonnes = Object.fromEntries(
      plan.flows.map((f) => [`${f.from}>${f.to}:${f.mode}`, f.tonnes]),
    );
    expect(tonnes).toEqual({ "a>x:rail": 80, "a>y:rail": 20, "b>y:rail": 40 });
  });

  it("applies changes to the network before solving", async () => {
    const changes = [{ kind: "scaleModeCost", mode: "rail", factor: 1.15 }];
    const plan = await readAs(await solve({ network, changes }), routes.solve, 200);
    // Every flow is by rail, so freight (720 CNY) rises 15 % and production (1800) stays.
    expect(plan.objective?.value).toBeCloseTo(1800 + 720 * 1.15, 6);
  });

  it("solves a stored dataset by id and stores no plan", async () => {
    const dataset = await readAs(
      await t.app.request("/v1/datasets", jsonRequest("POST", { network })),
      datasetRoutes.create,
      201,
    );
    const plan = await readAs(await solve({ datasetId: dataset.id }), routes.solve, 200);
    expect(plan.objective?.value).toBeCloseTo(2520, 6);
    const plans = await readAs(await t.app.request("/v1/plans"), planRoutes.list, 200);
    expect(plans.items).toEqual([]);
  });

  it("lets options.objective override the network's objective", async () => {
    const plan = await readAs(
      await solve({ network, options: { objective: "maxMargin" } }),
      routes.solve,
      200,
    );
    expect(plan.objective?.kind).toBe("maxMargin");
    // Port p pays 60 CNY/t FOB; plant a makes it for 10 + 3 freight, so the 30 t it may take go.
    expect(plan.totals?.exportT).toBeCloseTo(30, 6);
  });

  it("answers an infeasible network with a 200 plan whose status says so", async () => {
    const plan = await readAs(
      await solve({ network: fixture("infeasible.json") }),
      routes.solve,
      200,
    );
    expect(plan.status).toBe("infeasible");
    expect(plan.totals).toBeNull();
  });

  it("returns the periods of a network with periods, and 422 pointing at a profile of the wrong length", async () => {
    const { expected: _, ...periodic } = JSON.parse(
      readFileSync(join(import.meta.dirname, "..", "fixtures", "periods-stock-build.json"), "utf8"),
    );
    const plan = await readAs(await solve({ network: periodic }), routes.solve, 200);
    expect(plan.objective?.value).toBeCloseTo(115_000, 6);
    expect(plan.periods?.map((p) => p.inventories[0]?.closingT)).toEqual([300, 0]);
    periodic.plants[0].capacityProfile = [1, 1, 1];
    const problem = await readProblem(
      await solve({ network: periodic }),
      routes.solve,
      "validation_failed",
    );
    expect(pointers(problem)).toEqual(["/network/plants/0/capacityProfile"]);
  });

  it("answers an infeasible network with periods with its diagnosis, naming the period", async () => {
    const { expected: _, ...periodic } = JSON.parse(
      readFileSync(
        join(import.meta.dirname, "..", "fixtures", "periods-infeasible-demand.json"),
        "utf8",
      ),
    );
    const plan = await readAs(await solve({ network: periodic }), routes.solve, 200);
    expect(plan.status).toBe("infeasible");
    // By hand (the fixture's description): p1 and p2 need 750 t, a makes 600 t there.
    expect(plan.diagnosis).toMatchObject({
      missingT: 150,
      periods: ["p1", "p2"],
      conflicts: [{ kind: "supply", periods: ["p1", "p2"], missingT: 150 }],
      relaxation: {
        changes: [{ limit: "capacity", id: "a", period: "p2", byT: 150 }],
        costOfRelaxedPlan: 100_500,
      },
    });
    // The document names the new fields.
    const doc = await (await t.app.request("/openapi.json")).json();
    const change = doc.components.schemas.Plan.properties.diagnosis;
    expect(JSON.stringify(change)).toContain("inventoryCapacity");
  });

  it("is 422 unknown_solver, pointing at options.solver, for a solver that does not exist", async () => {
    const problem = await readProblem(
      await solve({ network, options: { solver: "cplex" } }),
      routes.solve,
      "unknown_solver",
    );
    expect(pointers(problem)).toEqual(["/options/solver"]);
  });

  it("is 422 unknown_reference for a dataset id that does not exist", async () => {
    const problem = await readProblem(
      await solve({ datasetId: "ds_missing" }),
      routes.solve,
      "unknown_reference",
    );
    expect(pointers(problem)).toEqual(["/datasetId"]);
  });

  it("is 422 when the body gives both a network and a dataset id, or neither", async () => {
    for (const body of [{ network, datasetId: "ds_0001" }, {}]) {
      const problem = await readProblem(await solve(body), routes.solve, "validation_failed");
      expect(problem.errors?.[0]?.message).toBe("give exactly one of network and datasetId");
    }
  });

  it("is 422 validation_failed with a pointer to each invalid field of the network", async () => {
    const broken = {
      ...network,
      plants: [
        { ...network.plants[0], capacityT: "lots" },
        { ...network.plants[1], lat: 91 },
      ],
    };
    const problem = await readProblem(
      await solve({ network: broken }),
      routes.solve,
      "validation_failed",
    );
    expect(pointers(problem)).toEqual(["/network/plants/0/capacityT", "/network/plants/1/lat"]);
  });

  it("is 422 with a pointer to a change that names an unknown plant", async () => {
    const changes = [
      { kind: "scaleModeCost", mode: "rail", factor: 1.1 },
      { kind: "setPlantCapacity", plantId: "nowhere", capacityT: 10 },
    ];
    const problem = await readProblem(
      await solve({ network, changes }),
      routes.solve,
      "validation_failed",
    );
    expect(pointers(problem)).toEqual(["/changes/1/plantId"]);
  });

  it("is 422 for a time limit above the maximum", async () => {
    const problem = await readProblem(
      await solve({ network, options: { timeLimitMs: testLimits.maxSolveTimeLimitMs + 1 } }),
      routes.solve,
      "validation_failed",
    );
    expect(pointers(problem)).toEqual(["/options/timeLimitMs"]);
  });
});

describe("POST /v1/solve with an injected solve function", () => {
  const calls: SolveCallOptions[] = [];
  const timedOut: Plan = {
    format: "anodeflow.plan/v1",
    network: "two plants",
    status: "timeLimit",
    message: "time limit of 5000 ms reached",
    objective: null,
    totals: null,
    flows: [],
    plants: [],
    smelters: [],
    ports: [],
    provinces: [],
    solver: { id: "fake", version: "0", ms: 5000 },
  };
  let fake: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    fake = await createTestApp({
      solve: async (_network, options) => {
        calls.push(options ?? {});
        return timedOut;
      },
    });
  });
  afterAll(() => fake.close());

  it("answers a solve that hits its time limit with a 200 plan whose status says so", async () => {
    const response = await fake.app.request("/v1/solve", jsonRequest("POST", { network }));
    const plan = await readAs(response, routes.solve, 200);
    expect(plan.status).toBe("timeLimit");
  });

  it("passes the default solver and time limit, and the request's abort signal", async () => {
    calls.length = 0;
    await fake.app.request("/v1/solve", jsonRequest("POST", { network }));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.solver).toBe("auto");
    expect(calls[0]?.timeLimitMs).toBe(testLimits.defaultSolveTimeLimitMs);
    expect(calls[0]?.signal).toBeInstanceOf(AbortSignal);
  });
});
