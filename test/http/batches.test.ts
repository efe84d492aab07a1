import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseNetwork } from "../../models/allocation/network.ts";
import type { Plan } from "../../models/allocation/plan-schema.ts";
import { applyChanges, type Change } from "../../models/allocation/scenario.ts";
import { referenceFlows } from "../../models/allocation/stable.ts";
import * as routes from "../../src/http/batches/batches.routes.ts";
import * as datasetRoutes from "../../src/http/datasets/datasets.routes.ts";
import * as planRoutes from "../../src/http/plans/plans.routes.ts";
import * as scenarioRoutes from "../../src/http/scenarios/scenarios.routes.ts";
import { solveNetwork } from "../../src/solve/solve.ts";
import { tonnesByLane } from "../support/plan-flows.ts";
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

describe("POST /v1/batches, warm", () => {
  it("solves the scenarios of the default dataset warm one after another (plan.solver.warmStart), each plan equal to its cold solve lane by lane", async () => {
    const big = await createTestApp({
      limits: { ...testLimits, nodes: 200, lanes: 10_000, bodyBytes: 1024 * 1024 },
    });
    try {
      const raw = JSON.parse(
        readFileSync(join(import.meta.dirname, "../../data/china-2024/network.json"), "utf8"),
      );
      const parsed = parseNetwork(raw);
      if (!parsed.ok) throw new Error("the default dataset does not parse");
      const network = parsed.network;
      const dataset = await readAs(
        await post(big, "/v1/datasets", { network: raw }),
        datasetRoutes.create,
        201,
      );
      const changes: Change[][] = [
        [{ kind: "scaleModeCost", mode: "rail", factor: 1.3 }],
        [{ kind: "scaleModeCost", mode: "road", factor: 0.7 }],
        [{ kind: "scaleDemand", smelterId: network.smelters[0]?.id ?? "", factor: 1.1 }],
        [{ kind: "scalePlantCapacity", plantId: network.plants[0]?.id ?? "", factor: 0.5 }],
        [
          { kind: "setCarbonPrice", carbonPricePerT: 120 },
          { kind: "scaleDemand", smelterId: network.smelters[3]?.id ?? "", factor: 0.8 },
        ],
        [{ kind: "scaleModeCost", mode: "rail", factor: 0.8 }],
      ];
      const ids: string[] = [];
      for (const [k, change] of changes.entries()) {
        const scenario = await readAs(
          await post(big, "/v1/scenarios", {
            datasetId: dataset.id,
            name: `variant ${k}`,
            changes: change,
          }),
          scenarioRoutes.create,
          201,
        );
        ids.push(scenario.id);
      }
      const batch = await readAs(
        await post(big, "/v1/batches", { scenarioIds: ids }),
        routes.create,
        201,
      );
      // The cold answers: the same network and reference (the baseline's flows), no kept basis.
      const baseline = await solveNetwork(network, { sensitivity: "off" });
      const reference = referenceFlows(baseline);
      const marks: (boolean | undefined)[] = [];
      for (const [k, item] of batch.items.entries()) {
        const stored = await readAs(
          await big.app.request(`/v1/plans/${item.id}`),
          planRoutes.get,
          200,
        );
        const warm = stored.plan as Plan;
        marks.push(warm.solver.warmStart);
        const applied = applyChanges(network, changes[k] as Change[]);
        if (!applied.ok) throw new Error("changes do not apply");
        const cold = await solveNetwork(applied.network, { timeLimitMs: 5_000, reference });
        expect(cold.solver.warmStart).toBeUndefined();
        expect(warm.status).toBe(cold.status);
        const coldCost = cold.objective?.value ?? Number.NaN;
        expect(
          Math.abs((warm.objective?.value ?? Number.NaN) - coldCost) / Math.abs(coldCost),
        ).toBeLessThanOrEqual(1e-6);
        const a = tonnesByLane(warm);
        const b = tonnesByLane(cold);
        for (const lane of new Set([...a.keys(), ...b.keys()]))
          expect(Math.abs((a.get(lane) ?? 0) - (b.get(lane) ?? 0)), lane).toBeLessThanOrEqual(1e-6);
      }
      // Two at a time: the first two start from the baseline's basis and a cold one; every
      // later one from the basis its predecessor left.
      expect(marks.every((mark) => typeof mark === "boolean")).toBe(true);
      expect(marks.filter((mark) => mark === true).length).toBeGreaterThanOrEqual(marks.length - 1);
      expect(marks.slice(2)).toEqual(marks.slice(2).map(() => true));
    } finally {
      big.close();
    }
  });

  it("plans a dataset's own scenario (no changes) with the warm flag and its baseline's cost", async () => {
    const [id] = await scenarios(t, [1]);
    const plan = await readAs(
      await post(t, `/v1/scenarios/${id}/plans`, {}),
      planRoutes.create,
      201,
    );
    const stored = await readAs(await t.app.request(`/v1/plans/${plan.id}`), planRoutes.get, 200);
    expect(typeof stored.plan.solver.warmStart).toBe("boolean");
    expect(stored.plan.objective?.value).toBeCloseTo(2520, 6);
  });
});
