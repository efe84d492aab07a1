import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/http/app.ts";
import * as datasetRoutes from "../../src/http/datasets/datasets.routes.ts";
import * as routes from "../../src/http/plans/plans.routes.ts";
import * as scenarioRoutes from "../../src/http/scenarios/scenarios.routes.ts";
import { silentLogger } from "../../src/http/shared/logging.ts";
import { solveNetwork } from "../../src/solve/solve.ts";
import { contentHash } from "../../src/storage/content-hash.ts";
import {
  createBaseline,
  createTestApp,
  fixture,
  jsonRequest,
  pointers,
  readAs,
  readProblem,
  sequentialIds,
  steppingClock,
  testLimits,
} from "./support/test-app.ts";

let t: Awaited<ReturnType<typeof createTestApp>>;
let dataset: { id: string; contentHash: string };
let baselineId: string;
let infeasibleScenarioId: string;
beforeAll(async () => {
  t = await createTestApp();
  const post = (path: string, body: unknown) => t.app.request(path, jsonRequest("POST", body));
  const baseline = await createBaseline(t.app, fixture("two-plants.json"));
  dataset = baseline.dataset;
  baselineId = baseline.scenario.id;
  const infeasible = await readAs(
    await post("/v1/datasets", { network: fixture("infeasible.json") }),
    datasetRoutes.create,
    201,
  );
  infeasibleScenarioId = (
    await readAs(
      await post("/v1/scenarios", { datasetId: infeasible.id, name: "short" }),
      scenarioRoutes.create,
      201,
    )
  ).id;
});
afterAll(() => t.close());

const createPlan = (scenarioId: string, init: RequestInit = { method: "POST" }) =>
  t.app.request(`/v1/scenarios/${scenarioId}/plans`, init);

describe("POST /v1/scenarios/{id}/plans", () => {
  it("solves the scenario and stores the plan with its provenance", async () => {
    const response = await createPlan(baselineId);
    const stored = await readAs(response, routes.create, 201);
    expect(response.headers.get("location")).toBe(`/v1/plans/${stored.id}`);
    expect(stored).toMatchObject({
      scenarioId: baselineId,
      datasetId: dataset.id,
      status: "optimal",
    });
    expect(stored.objectiveValue).toBeCloseTo(2520, 6);
    expect(stored.totals?.totalCost).toBeCloseTo(2520, 6);
    const { provenance } = stored;
    expect(provenance.datasetHash).toBe(dataset.contentHash);
    // No changes and the network's own objective: the input is the dataset's network itself.
    expect(provenance.inputHash).toBe(dataset.contentHash);
    expect(provenance.options).toEqual({
      solver: "auto",
      timeLimitMs: testLimits.defaultSolveTimeLimitMs,
      objective: "minCost",
      sensitivity: "auto",
    });
    expect(provenance.solver).toEqual({
      id: stored.plan.solver.id,
      version: stored.plan.solver.version,
    });
    expect(provenance.timings.solveMs).toBeGreaterThanOrEqual(0);
    expect(provenance.timings.solverMs).toBe(stored.plan.solver.ms);
  });

  it("takes solve options in an optional body, and the input hash follows the objective", async () => {
    const stored = await readAs(
      await createPlan(
        baselineId,
        jsonRequest("POST", { options: { objective: "maxMargin", solver: "highs" } }),
      ),
      routes.create,
      201,
    );
    expect(stored.plan.objective?.kind).toBe("maxMargin");
    expect(stored.provenance.solver.id).toBe("highs");
    expect(stored.provenance.inputHash).not.toBe(dataset.contentHash);
    const read = await readAs(
      await t.app.request(`/v1/datasets/${dataset.id}`),
      datasetRoutes.get,
      200,
    );
    expect(stored.provenance.inputHash).toBe(
      await contentHash({
        ...read.network,
        options: { ...read.network.options, objective: "maxMargin" },
      }),
    );
  });

  it("stores the plan of an infeasible scenario, whose status says so", async () => {
    const stored = await readAs(await createPlan(infeasibleScenarioId), routes.create, 201);
    expect(stored.status).toBe("infeasible");
    expect(stored.objectiveValue).toBeNull();
    expect(stored.totals).toBeNull();
  });

  it("is 404 for a scenario that does not exist", async () => {
    await readProblem(await createPlan("sc_nope"), routes.create, "not_found");
  });

  it("is 422 unknown_solver for a solver that does not exist, and stores nothing", async () => {
    const before = await readAs(await t.app.request("/v1/plans?limit=100"), routes.list, 200);
    const problem = await readProblem(
      await createPlan(baselineId, jsonRequest("POST", { options: { solver: "gurobi" } })),
      routes.create,
      "unknown_solver",
    );
    expect(pointers(problem)).toEqual(["/options/solver"]);
    const after = await readAs(await t.app.request("/v1/plans?limit=100"), routes.list, 200);
    expect(after.items).toEqual(before.items);
  });
});

describe("GET /v1/plans/{id}", () => {
  it("reads back the stored plan with its flows in order", async () => {
    const created = await readAs(await createPlan(baselineId), routes.create, 201);
    const read = await readAs(await t.app.request(`/v1/plans/${created.id}`), routes.get, 200);
    expect(read).toEqual(created);
    expect(read.plan.flows.map((f) => `${f.from}>${f.to}`)).toEqual(
      created.plan.flows.map((f) => `${f.from}>${f.to}`),
    );
  });

  it("is 404 for an unknown id", async () => {
    await readProblem(await t.app.request("/v1/plans/pl_nope"), routes.get, "not_found");
  });

  it("is 404 for another organisation's plan, exactly like a missing one", async () => {
    const created = await readAs(await createPlan(baselineId), routes.create, 201);
    const other = createApp({
      db: t.db,
      solve: solveNetwork,
      clock: steppingClock(),
      newId: sequentialIds(),
      limits: testLimits,
      log: silentLogger,
      identify: async (c, next) => {
        c.set("organisationId", "org_other");
        c.set("role", "viewer");
        c.set("keyId", "ak_other");
        await next();
      },
    });
    const problem = await readProblem(
      await other.request(`/v1/plans/${created.id}`),
      routes.get,
      "not_found",
    );
    expect(problem.detail).toBe(`No plan ${created.id}`);
    const page = await readAs(await other.request("/v1/plans"), routes.list, 200);
    expect(page.items).toEqual([]);
  });
});

describe("GET /v1/plans", () => {
  it("lists plan summaries newest first, filtered by scenario", async () => {
    const a = await readAs(await createPlan(baselineId), routes.create, 201);
    const b = await readAs(await createPlan(infeasibleScenarioId), routes.create, 201);
    const all = await readAs(await t.app.request("/v1/plans?limit=2"), routes.list, 200);
    expect(all.items.map((p) => p.id)).toEqual([b.id, a.id]);
    expect(all.items[0]).not.toHaveProperty("plan");
    const filtered = await readAs(
      await t.app.request(`/v1/plans?scenarioId=${infeasibleScenarioId}&limit=100`),
      routes.list,
      200,
    );
    expect(filtered.items.every((p) => p.scenarioId === infeasibleScenarioId)).toBe(true);
    expect(filtered.items.map((p) => p.id)).toContain(b.id);
  });
});

describe("GET /v1/plans/{id}/flows.csv", () => {
  it("returns the plan's flows as CSV with a header row, as an attachment", async () => {
    const created = await readAs(await createPlan(baselineId), routes.create, 201);
    const response = await t.app.request(`/v1/plans/${created.id}/flows.csv`);
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="${created.id}-flows.csv"`,
    );
    const csv = await readAs(response, routes.flowsCsv, 200);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("from,to,mode,tonnes,distance_km,cost_per_t,cost_cny,co2_t");
    expect(lines.slice(1, -1).map((line) => line.split(",").slice(0, 4).join(","))).toEqual([
      "a,x,rail,80",
      "a,y,rail,20",
      "b,y,rail,40",
    ]);
    expect(lines.at(-1)).toBe("");
  });

  it("is 404 for an unknown plan", async () => {
    await readProblem(
      await t.app.request("/v1/plans/pl_nope/flows.csv"),
      routes.flowsCsv,
      "not_found",
    );
  });
});
