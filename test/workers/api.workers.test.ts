// The HTTP contract inside workerd: the Worker entry (src/entry/worker.ts) over D1, as wrangler deploys it.
/// <reference types="@cloudflare/vitest-pool-workers/types" />
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { NetworkInput } from "../../models/allocation/network.ts";
import { createFirstKey } from "../../src/entry/first-key.ts";
import * as comparisonRoutes from "../../src/http/comparisons/comparisons.routes.ts";
import * as datasetRoutes from "../../src/http/datasets/datasets.routes.ts";
import * as planRoutes from "../../src/http/plans/plans.routes.ts";
import * as scenarioRoutes from "../../src/http/scenarios/scenarios.routes.ts";
import * as solveRoutes from "../../src/http/solve/solve.routes.ts";
import { createD1Db, type D1Binding } from "../../src/storage/db.ts";
import { randomId } from "../../src/storage/ids.ts";
import { migrate } from "../../src/storage/migrate.ts";
import { createRepositories } from "../../src/storage/repositories.ts";
import infeasible from "../http/fixtures/infeasible.json";
import twoPlants from "../http/fixtures/two-plants.json";
import {
  createBaseline,
  jsonRequest,
  pointers,
  type Requester,
  readAs,
  readProblem,
} from "../http/support/contract.ts";

const network = twoPlants as NetworkInput;
/** The fixture under another name: new content, so a test's dataset is its own (201, not 200). */
const renamed = (name: string): NetworkInput => ({ ...network, name });
let token: string;

/** The Worker's own fetch, with the admin key unless `key` says otherwise (null: no key). */
const worker = (key: string | null = token): Requester => ({
  request: (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (key !== null) headers.set("authorization", `Bearer ${key}`);
    return SELF.fetch(`https://anodeflow.test${path}`, { ...init, headers });
  },
});
const post = (path: string, body: unknown) => worker().request(path, jsonRequest("POST", body));

beforeAll(async () => {
  // What npm run dev:worker does before wrangler dev starts: the first admin key in D1.
  const db = createD1Db((env as { DB: D1Binding }).DB);
  await migrate(db, undefined, { wrangler: true });
  const first = await createFirstKey(
    createRepositories({ db, newId: randomId, clock: () => new Date() }),
  );
  if (first === undefined) throw new Error("the test D1 already had a key");
  token = first;
});

describe("the Worker over D1", () => {
  it("applies no migration twice: the Worker's first request found them all applied", async () => {
    await readAs(await worker().request("/v1/datasets"), datasetRoutes.list, 200);
    const db = createD1Db((env as { DB: D1Binding }).DB);
    expect(await migrate(db, undefined, { wrangler: true })).toBe(0);
  });

  it("is 401 missing_api_key without a key and invalid_api_key with a wrong one", async () => {
    await readProblem(await worker(null).request("/v1/datasets"), undefined, "missing_api_key");
    const wrong = `afk_${"0".repeat(16)}_${"0".repeat(40)}`;
    await readProblem(await worker(wrong).request("/v1/datasets"), undefined, "invalid_api_key");
  });

  it("stores a dataset and reads it back by id, the same network under the same hash", async () => {
    const created = await readAs(
      await post("/v1/datasets", { name: "two plants", network }),
      datasetRoutes.create,
      201,
    );
    const again = await readAs(
      await post("/v1/datasets", { name: "two plants", network }),
      datasetRoutes.create,
      200,
    );
    expect(again.id).toBe(created.id);
    const read = await readAs(
      await worker().request(`/v1/datasets/${created.id}`),
      datasetRoutes.get,
      200,
    );
    expect(read.contentHash).toBe(created.contentHash);
    expect(read.network.plants.map((p) => p.id)).toEqual(network.plants.map((p) => p.id));
  });

  it("plans a scenario, stores the plan with its flows in D1 and reads it back, CSV too", async () => {
    const { dataset, scenario } = await createBaseline(worker(), renamed("plans"));
    const created = await readAs(
      await post(`/v1/scenarios/${scenario.id}/plans`, {}),
      planRoutes.create,
      201,
    );
    expect(created.datasetId).toBe(dataset.id);
    // two-plants.json's optimum, written in the fixture.
    expect(created.objectiveValue).toBeCloseTo(2520, 6);
    const read = await readAs(
      await worker().request(`/v1/plans/${created.id}`),
      planRoutes.get,
      200,
    );
    expect(read.plan.flows).toEqual(created.plan.flows);
    const csv = await readAs(
      await worker().request(`/v1/plans/${created.id}/flows.csv`),
      planRoutes.flowsCsv,
      200,
    );
    expect(csv.trim().split("\n")).toHaveLength(1 + created.plan.flows.length);
  });

  it("compares two stored plans: closing a>x rail costs 80 t x 4 CNY/t more", async () => {
    const { dataset } = await createBaseline(worker(), renamed("comparisons"));
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
    const base = await plan("base", []);
    const closed = await plan("closed", [{ kind: "closeLane", from: "a", to: "x", mode: "rail" }]);
    const comparison = await readAs(
      await worker().request(`/v1/plans/${base}/compare/${closed}`),
      comparisonRoutes.comparePair,
      200,
    );
    expect(comparison.totals.totalCost.delta).toBeCloseTo(320, 6);
  });

  it("stores an infeasible scenario's plan with its status", async () => {
    const { scenario } = await createBaseline(worker(), infeasible as NetworkInput);
    const created = await readAs(
      await post(`/v1/scenarios/${scenario.id}/plans`, {}),
      planRoutes.create,
      201,
    );
    expect(created.status).toBe("infeasible");
  });

  it("answers problems as problem+json: invalid networks, unknown ids, unknown paths", async () => {
    const broken = { ...network, lanes: [{ from: "a", to: "nowhere", mode: "rail" }] };
    const invalid = await readProblem(
      await post("/v1/datasets", { network: broken }),
      datasetRoutes.create,
      "validation_failed",
    );
    expect(pointers(invalid)).toEqual(["/network/lanes/0/to"]);
    await readProblem(await worker().request("/v1/plans/pl_nope"), planRoutes.get, "not_found");
    await readProblem(await worker().request("/v1/nothing"), undefined, "not_found");
  });

  for (const solver of ["network-simplex", "javascript-lp-solver", "highs"] as const) {
    it(`solves on ${solver} inside workerd: two-plants' optimum 2520`, async () => {
      const plan = await readAs(
        await post("/v1/solve", { network, options: { solver } }),
        solveRoutes.solve,
        200,
      );
      expect(plan.status).toBe("optimal");
      expect(plan.objective?.value).toBeCloseTo(2520, 6);
      expect(plan.solver.id).toBe(solver);
    });
  }

  it("serves /openapi.json and /docs with its assets, offline", async () => {
    const spec = await (await worker(null).request("/openapi.json")).json();
    expect(spec).toMatchObject({ openapi: "3.1.0" });
    expect((await worker(null).request("/docs")).status).toBe(200);
    const bundle = await worker(null).request("/docs/assets/swagger-ui-bundle.js");
    expect(bundle.status).toBe(200);
  });
});
