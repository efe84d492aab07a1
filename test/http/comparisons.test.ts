import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as routes from "../../src/http/comparisons/comparisons.routes.ts";
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
} from "./support/test-app.ts";

let t: Awaited<ReturnType<typeof createTestApp>>;
const plans: Record<"baseline" | "closed" | "railUp", string> = {
  baseline: "",
  closed: "",
  railUp: "",
};
const closeRail = { kind: "closeLane", from: "a", to: "x", mode: "rail" };
const railUp = { kind: "scaleModeCost", mode: "rail", factor: 1.15 };

beforeAll(async () => {
  t = await createTestApp();
  const post = (path: string, body: unknown) => t.app.request(path, jsonRequest("POST", body));
  const dataset = await readAs(
    await post("/v1/datasets", { network: fixture("two-plants.json") }),
    datasetRoutes.create,
    201,
  );
  const plan = async (name: string, changes: unknown[]) => {
    const scenario = await readAs(
      await post("/v1/scenarios", { datasetId: dataset.id, name, changes }),
      scenarioRoutes.create,
      201,
    );
    return (
      await readAs(await post(`/v1/scenarios/${scenario.id}/plans`, {}), planRoutes.create, 201)
    ).id;
  };
  plans.baseline = await plan("baseline", []);
  plans.closed = await plan("a>x rail closed", [closeRail]);
  plans.railUp = await plan("rail +15 %", [railUp]);
});
afterAll(() => t.close());

describe("GET /v1/plans/{id}/compare/{otherId}", () => {
  it("shows the change, the cost difference by part and the flows that moved", async () => {
    const comparison = await readAs(
      await t.app.request(`/v1/plans/${plans.baseline}/compare/${plans.closed}`),
      routes.comparePair,
      200,
    );
    expect(comparison.a.label).toBe("baseline");
    expect(comparison.b.label).toBe("a>x rail closed");
    expect(comparison.comparable).toBe(true);
    expect(comparison.changes).toEqual({ onlyA: [], onlyB: [closeRail], both: [] });
    // a still fills x, now by road at 9 CNY/t instead of rail at 5: 80 t x 4 CNY/t more.
    expect(comparison.totals.transportCost.delta).toBeCloseTo(320, 6);
    expect(comparison.totals.productionCost.delta).toBeCloseTo(0, 6);
    expect(comparison.totals.totalCost.delta).toBeCloseTo(320, 6);
    const moves = comparison.flows.map((f) => [f.key, f.change, f.tonnes.delta]);
    expect(moves).toEqual(
      expect.arrayContaining([
        ["a>x:rail", "removed", -80],
        ["a>x:road", "added", 80],
      ]),
    );
    expect(comparison.flows).toHaveLength(2);
    // The same plants serve the same smelters, so no province's balance moves.
    expect(comparison.provinces).toEqual([]);
  });

  it("is 404 when either plan does not exist", async () => {
    for (const path of [
      `/v1/plans/pl_nope/compare/${plans.closed}`,
      `/v1/plans/${plans.baseline}/compare/pl_nope`,
    ]) {
      const problem = await readProblem(await t.app.request(path), routes.comparePair, "not_found");
      expect(problem.detail).toBe("No plan pl_nope");
    }
  });
});

describe("POST /v1/plans/compare", () => {
  it("compares each plan with the first, in the order given", async () => {
    const set = await readAs(
      await t.app.request(
        "/v1/plans/compare",
        jsonRequest("POST", { planIds: [plans.baseline, plans.closed, plans.railUp] }),
      ),
      routes.compareMany,
      200,
    );
    expect(set.baselineId).toBe(plans.baseline);
    expect(set.comparisons.map((c) => c.planId)).toEqual([plans.closed, plans.railUp]);
    const [, rail] = set.comparisons;
    expect(rail?.comparison.changes.onlyB).toEqual([railUp]);
    // Rail dearer by 15 % on 720 CNY of rail freight; the flows keep their tonnes, change price.
    expect(rail?.comparison.totals.transportCost.delta).toBeCloseTo(108, 6);
    expect(
      rail?.comparison.flows.every((f) => f.change === "changed" && f.tonnes.delta === 0),
    ).toBe(true);
  });

  it("is 422 unknown_reference with a pointer to each plan that does not exist", async () => {
    const problem = await readProblem(
      await t.app.request(
        "/v1/plans/compare",
        jsonRequest("POST", { planIds: [plans.baseline, "pl_x", plans.closed, "pl_y"] }),
      ),
      routes.compareMany,
      "unknown_reference",
    );
    expect(pointers(problem)).toEqual(["/planIds/1", "/planIds/3"]);
  });

  it("is 422 validation_failed for fewer than two plans", async () => {
    const problem = await readProblem(
      await t.app.request("/v1/plans/compare", jsonRequest("POST", { planIds: [plans.baseline] })),
      routes.compareMany,
      "validation_failed",
    );
    expect(pointers(problem)).toEqual(["/planIds"]);
  });
});
