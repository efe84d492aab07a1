import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Network } from "../../models/allocation/network.ts";
import type { Plan } from "../../models/allocation/plan-schema.ts";
import { referenceFlows } from "../../models/allocation/stable.ts";
import * as datasetRoutes from "../../src/http/datasets/datasets.routes.ts";
import * as planRoutes from "../../src/http/plans/plans.routes.ts";
import * as scenarioRoutes from "../../src/http/scenarios/scenarios.routes.ts";
import type { SolveCallOptions } from "../../src/http/shared/types.ts";
import * as routes from "../../src/http/solve/solve.routes.ts";
import { solveNetwork } from "../../src/solve/solve.ts";
import { loadFixture } from "../support/fixtures.ts";
import { createTestApp, fixture, jsonRequest, readAs } from "./support/test-app.ts";

// Every solve the app asks for, with the options it passed, through the real solver.
const calls: { options: SolveCallOptions; plan: Promise<Plan> }[] = [];
let t: Awaited<ReturnType<typeof createTestApp>>;
let datasetId: string;
beforeAll(async () => {
  t = await createTestApp({
    solve: (network: Network, options: SolveCallOptions = {}) => {
      const plan = solveNetwork(network, options);
      calls.push({ options, plan });
      return plan;
    },
  });
  const response = await t.app.request("/v1/datasets", jsonRequest("POST", { network }));
  datasetId = (await readAs(response, datasetRoutes.create, 201)).id;
});
afterAll(() => t.close());

const network = fixture("two-plants.json");
const changes = [{ kind: "scaleDemand", smelterId: "x", factor: 1.05 }];

describe("scenario plans stay nearest the dataset's baseline", () => {
  it("POST /v1/solve with datasetId and changes solves the baseline once and passes its flows as reference", async () => {
    calls.length = 0;
    const plan = await readAs(
      await t.app.request("/v1/solve", jsonRequest("POST", { datasetId, changes })),
      routes.solve,
      200,
    );
    expect(plan.status).toBe("optimal");
    expect(calls.map((c) => c.options.reference === undefined)).toEqual([true, false]);
    const baseline = await calls[0]?.plan;
    expect(calls[0]?.options.sensitivity).toBe("off");
    expect(calls[1]?.options.reference).toEqual(baseline?.flows);

    await t.app.request("/v1/solve", jsonRequest("POST", { datasetId, changes }));
    // The baseline comes from the cache: one more solve, the scenario's.
    expect(calls.length).toBe(3);
    expect(calls[2]?.options.reference).toEqual(baseline?.flows);
  });

  it("POST /v1/solve with an inline network or without changes passes no reference", async () => {
    calls.length = 0;
    await t.app.request("/v1/solve", jsonRequest("POST", { network, changes }));
    await t.app.request("/v1/solve", jsonRequest("POST", { datasetId }));
    expect(calls.map((c) => c.options.reference)).toEqual([undefined, undefined]);
  });

  it("a dataset solved without changes becomes its scenarios' baseline, with no second solve", async () => {
    const other = { ...network, name: "two plants, solved first" };
    const response = await t.app.request("/v1/datasets", jsonRequest("POST", { network: other }));
    const id = (await readAs(response, datasetRoutes.create, 201)).id;
    calls.length = 0;
    const own = await readAs(
      await t.app.request("/v1/solve", jsonRequest("POST", { datasetId: id })),
      routes.solve,
      200,
    );
    await t.app.request("/v1/solve", jsonRequest("POST", { datasetId: id, changes }));
    expect(calls.length).toBe(2);
    expect(calls[1]?.options.reference).toEqual(own.flows);
  });

  it("a scenario's plan is solved with the baseline's flows as reference", async () => {
    const scenario = await readAs(
      await t.app.request(
        "/v1/scenarios",
        jsonRequest("POST", { datasetId, name: "x +5 %", changes }),
      ),
      scenarioRoutes.create,
      201,
    );
    calls.length = 0;
    const stored = await readAs(
      await t.app.request(`/v1/scenarios/${scenario.id}/plans`, jsonRequest("POST", {})),
      planRoutes.create,
      201,
    );
    expect(stored.plan.status).toBe("optimal");
    expect(calls.at(-1)?.options.reference?.length).toBeGreaterThan(0);
  });

  it("a dataset with periods passes its baseline's flows period by period, and the scenario keeps them where the change leaves them", async () => {
    const periodic = loadFixture("periods-stock-build.json").network;
    const response = await t.app.request(
      "/v1/datasets",
      jsonRequest("POST", { network: periodic }),
    );
    const id = (await readAs(response, datasetRoutes.create, 201)).id;
    calls.length = 0;
    // A carbon price on CO2-free lanes leaves the optimal plans as they were.
    const carbon = [{ kind: "setCarbonPrice", carbonPricePerT: 10 }];
    const plan = await readAs(
      await t.app.request("/v1/solve", jsonRequest("POST", { datasetId: id, changes: carbon })),
      routes.solve,
      200,
    );
    const baseline = (await calls[0]?.plan) as Plan;
    const reference = calls[1]?.options.reference ?? [];
    expect(reference).toEqual(referenceFlows(baseline));
    expect(new Set(reference.map((flow) => flow.period))).toEqual(new Set(["p1", "p2"]));
    expect(plan.periods?.map((p) => p.flows)).toEqual(baseline.periods?.map((p) => p.flows));
  });
});
