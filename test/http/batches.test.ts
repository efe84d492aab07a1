import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as routes from "../../src/http/batches/batches.routes.ts";
import * as datasetRoutes from "../../src/http/datasets/datasets.routes.ts";
import * as planRoutes from "../../src/http/plans/plans.routes.ts";
import * as scenarioRoutes from "../../src/http/scenarios/scenarios.routes.ts";
import {
  createTestApp,
  fixture,
  jsonRequest,
  pointers,
  readAs,
  readProblem,
  testLimits,
} from "./support/test-app.ts";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const post = (app: TestApp, path: string, body: unknown) =>
  app.app.request(path, jsonRequest("POST", body));

/** two-plants with a scenario per rail factor. */
async function scenarios(app: TestApp, factors: number[]) {
  // The same network again is the stored dataset (200), not a new one (201).
  const uploaded = await post(app, "/v1/datasets", { network: fixture("two-plants.json") });
  const dataset = await readAs(uploaded, datasetRoutes.create, uploaded.status === 200 ? 200 : 201);
  const ids: string[] = [];
  for (const factor of factors) {
    const scenario = await readAs(
      await post(app, "/v1/scenarios", {
        datasetId: dataset.id,
        name: `rail x${factor}`,
        changes: [{ kind: "scaleModeCost", mode: "rail", factor }],
      }),
      scenarioRoutes.create,
      201,
    );
    ids.push(scenario.id);
  }
  return ids;
}

describe("POST /v1/batches", () => {
  it("solves every scenario and stores a plan for each, in the order asked, as one plan request would", async () => {
    // Rail x1: 2520 (hand-solved in the fixture); x2: a>x goes by road (9) and the rest by rail.
    const ids = await scenarios(t, [1, 2, 1.15]);
    const batch = await readAs(
      await post(t, "/v1/batches", { scenarioIds: ids }),
      routes.create,
      201,
    );
    expect(batch.items.map((p) => p.scenarioId)).toEqual(ids);
    expect(batch.items.map((p) => p.status)).toEqual(["optimal", "optimal", "optimal"]);
    expect(batch.items[0]?.objectiveValue).toBeCloseTo(2520, 6);
    expect(batch.items[1]?.objectiveValue).toBeCloseTo(1800 + 720 + 320 * 2, 6);
    for (const [k, id] of ids.entries()) {
      const single = await readAs(
        await post(t, `/v1/scenarios/${id}/plans`, {}),
        planRoutes.create,
        201,
      );
      expect(batch.items[k]?.objectiveValue).toBeCloseTo(single.objectiveValue ?? Number.NaN, 6);
      const stored = await readAs(
        await t.app.request(`/v1/plans/${batch.items[k]?.id}`),
        planRoutes.get,
        200,
      );
      expect(stored.plan.status).toBe("optimal");
    }
  });

  it("refuses unknown and repeated scenarios by position before solving anything", async () => {
    const [id] = await scenarios(t, [1]);
    const problem = await readProblem(
      await post(t, "/v1/batches", { scenarioIds: [id, "sc_nope", id] }),
      routes.create,
      "unknown_reference",
    );
    expect(pointers(problem)).toEqual(["/scenarioIds/1", "/scenarioIds/2"]);
    const empty = await readProblem(
      await post(t, "/v1/batches", { scenarioIds: [] }),
      routes.create,
      "validation_failed",
    );
    expect(pointers(empty)).toEqual(["/scenarioIds"]);
  });

  it("refuses a batch that would pass the plan quota, storing nothing", async () => {
    const small = await createTestApp({
      limits: { ...testLimits, quotas: { ...testLimits.quotas, plans: 2 } },
    });
    try {
      const ids = await scenarios(small, [1, 1.5, 2]);
      await readProblem(
        await post(small, "/v1/batches", { scenarioIds: ids }),
        routes.create,
        "quota_exceeded",
      );
      const plans = await readAs(await small.app.request("/v1/plans"), planRoutes.list, 200);
      expect(plans.items).toEqual([]);
    } finally {
      small.close();
    }
  });
});
