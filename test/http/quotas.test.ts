import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Quotas } from "../../src/config.ts";
import type { AppDeps } from "../../src/http/app.ts";
import * as datasetRoutes from "../../src/http/datasets/datasets.routes.ts";
import * as keyRoutes from "../../src/http/keys/keys.routes.ts";
import * as planRoutes from "../../src/http/plans/plans.routes.ts";
import * as scenarioRoutes from "../../src/http/scenarios/scenarios.routes.ts";
import * as usageRoutes from "../../src/http/usage/usage.routes.ts";
import { createSolvePool, type SolvePool } from "../../src/solve/pool.ts";
import { randomId } from "../../src/storage/ids.ts";
import { defaultOrganisationId } from "../../src/storage/organisations.ts";
import { createRepositories } from "../../src/storage/repositories.ts";
import {
  createTestApp,
  fixture,
  jsonRequest,
  readAs,
  readProblem,
  testLimits,
} from "./support/test-app.ts";

let close: (() => void) | undefined;
afterEach(() => close?.());

async function appWith(
  quotas: Partial<Quotas>,
  overrides: (databaseUrl: string) => Partial<AppDeps> = () => ({}),
) {
  const test = await createTestApp((url) => ({
    limits: { ...testLimits, quotas: { ...testLimits.quotas, ...quotas } },
    ...overrides(url),
  }));
  close = test.close;
  const post = (path: string, body: unknown) => test.app.request(path, jsonRequest("POST", body));
  const usage = async () => readAs(await test.app.request("/v1/usage"), usageRoutes.get, 200);
  return { ...test, post, usage };
}

const network = (name: string) => ({ ...fixture("two-plants.json"), name });

describe("quotas", () => {
  it("refuse the dataset past QUOTA_DATASETS with 403 quota_exceeded naming limit and usage, but not a re-upload", async () => {
    const t = await appWith({ datasets: 2 });
    await readAs(
      await t.post("/v1/datasets", { network: network("a") }),
      datasetRoutes.create,
      201,
    );
    await readAs(
      await t.post("/v1/datasets", { network: network("b") }),
      datasetRoutes.create,
      201,
    );
    const refused = await t.post("/v1/datasets", { network: network("c") });
    const problem = await readProblem(refused, datasetRoutes.create, "quota_exceeded");
    expect(problem.status).toBe(403);
    expect(problem.quota).toEqual({ name: "datasets", limit: 2, used: 2, requested: 1 });
    // The same content stores nothing new, so it still answers with the stored dataset.
    await readAs(
      await t.post("/v1/datasets", { network: network("a") }),
      datasetRoutes.create,
      200,
    );
    expect((await t.usage()).datasets).toEqual({ used: 2, limit: 2 });
  });

  it("count stored bytes as the networks' JSON and refuse an upload that would pass QUOTA_STORED_MB", async () => {
    const first = JSON.stringify(network("bytes-1"));
    const t = await appWith({ storedBytes: Math.round(first.length * 1.5) });
    await readAs(
      await t.post("/v1/datasets", { network: network("bytes-1") }),
      datasetRoutes.create,
      201,
    );
    const used = (await t.usage()).storedBytes.used;
    // The stored network has its defaults written out, so it is at least as long as what was sent.
    expect(used).toBeGreaterThanOrEqual(first.length);
    const problem = await readProblem(
      await t.post("/v1/datasets", { network: network("bytes-2") }),
      datasetRoutes.create,
      "quota_exceeded",
    );
    expect(problem.quota).toMatchObject({ name: "storedBytes", used });
    expect(problem.quota?.requested).toBeGreaterThan(first.length);
  });

  it("refuse the scenario past QUOTA_SCENARIOS and the plan past QUOTA_PLANS", async () => {
    const t = await appWith({ scenarios: 1, plans: 1 });
    const dataset = await readAs(
      await t.post("/v1/datasets", { network: network("s") }),
      datasetRoutes.create,
      201,
    );
    const scenario = await readAs(
      await t.post("/v1/scenarios", { datasetId: dataset.id, name: "one" }),
      scenarioRoutes.create,
      201,
    );
    const second = await t.post("/v1/scenarios", { datasetId: dataset.id, name: "two" });
    const scenarioProblem = await readProblem(second, scenarioRoutes.create, "quota_exceeded");
    expect(scenarioProblem.quota).toEqual({ name: "scenarios", limit: 1, used: 1, requested: 1 });

    await readAs(await t.post(`/v1/scenarios/${scenario.id}/plans`, {}), planRoutes.create, 201);
    const planProblem = await readProblem(
      await t.post(`/v1/scenarios/${scenario.id}/plans`, {}),
      planRoutes.create,
      "quota_exceeded",
    );
    expect(planProblem.quota).toEqual({ name: "plans", limit: 1, used: 1, requested: 1 });
    const usage = await t.usage();
    expect([usage.scenarios.used, usage.plans.used]).toEqual([1, 1]);
    // The plan's JSON counts too.
    expect(usage.storedBytes.used).toBeGreaterThan(JSON.stringify(network("s")).length);
  });

  it("refuse the API key past QUOTA_API_KEYS, counting only unrevoked keys", async () => {
    const t = await appWith({ apiKeys: 1 });
    const repositories = createRepositories({ db: t.db, newId: randomId, clock: () => new Date() });
    await repositories.organisations.ensure("default", defaultOrganisationId);
    const key = await readAs(await t.post("/v1/keys", { role: "viewer" }), keyRoutes.create, 201);
    const problem = await readProblem(
      await t.post("/v1/keys", { role: "viewer" }),
      keyRoutes.create,
      "quota_exceeded",
    );
    expect(problem.quota).toEqual({ name: "apiKeys", limit: 1, used: 1, requested: 1 });
    await readAs(
      await t.app.request(`/v1/keys/${key.id}`, { method: "DELETE" }),
      keyRoutes.revoke,
      200,
    );
    await readAs(await t.post("/v1/keys", { role: "viewer" }), keyRoutes.create, 201);
  });

  it("show every quota's usage and limit at GET /v1/usage, starting from nothing", async () => {
    const t = await appWith({ datasets: 7 });
    const usage = await t.usage();
    expect(usage.datasets).toEqual({ used: 0, limit: 7 });
    expect(usage.storedBytes).toEqual({ used: 0, limit: testLimits.quotas.storedBytes });
    expect(usage.apiKeys.used).toBe(0);
  });
});

describe("quotas under parallel creates", () => {
  let pool: SolvePool;
  beforeAll(() => {
    pool = createSolvePool({ threads: 2 });
  });
  afterAll(() => pool.close());

  // The upload paths: parsed and stored on the main thread; parsed on a worker and stored on the
  // main thread; parsed and stored on workers (a local file database).
  const paths: Record<string, (url: string) => Partial<AppDeps>> = {
    "on the main thread": () => ({}),
    "parsed on workers": () => ({
      offload: pool.runModule,
      limits: { ...testLimits, offloadBodyBytes: 0, quotas: { ...testLimits.quotas, datasets: 2 } },
    }),
    "parsed and stored on workers": (url) => ({
      offload: pool.runModule,
      offloadDatabase: { url, authToken: undefined },
      limits: { ...testLimits, offloadBodyBytes: 0, quotas: { ...testLimits.quotas, datasets: 2 } },
    }),
  };

  it.each(Object.keys(paths))(
    "let exactly QUOTA_DATASETS of five uploads sent at once through %s, and refuse the other three",
    async (path) => {
      const t = await appWith({ datasets: 2 }, paths[path]);
      // As the server opens its file (src/entry/database.ts): workers write while the main thread reads.
      await t.client.execute("PRAGMA journal_mode=WAL");
      const answers = await Promise.all(
        ["p1", "p2", "p3", "p4", "p5"].map((name) =>
          t.post("/v1/datasets", { network: network(name) }),
        ),
      );
      expect(answers.map((r) => r.status).sort()).toEqual([201, 201, 403, 403, 403]);
      for (const refused of answers.filter((r) => r.status === 403)) {
        const problem = await readProblem(refused, datasetRoutes.create, "quota_exceeded");
        expect(problem.quota).toMatchObject({ name: "datasets", limit: 2, requested: 1 });
      }
      expect((await t.usage()).datasets).toEqual({ used: 2, limit: 2 });
    },
  );

  it("let exactly QUOTA_SCENARIOS of five scenarios created at once through, and free the holds after", async () => {
    const t = await appWith({ scenarios: 2 });
    const dataset = await readAs(
      await t.post("/v1/datasets", { network: network("held") }),
      datasetRoutes.create,
      201,
    );
    const answers = await Promise.all(
      ["s1", "s2", "s3", "s4", "s5"].map((name) =>
        t.post("/v1/scenarios", { datasetId: dataset.id, name }),
      ),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([201, 201, 403, 403, 403]);
    // Nothing stays held once the creates are done: usage is exactly what is stored.
    const problem = await readProblem(
      await t.post("/v1/scenarios", { datasetId: dataset.id, name: "s6" }),
      scenarioRoutes.create,
      "quota_exceeded",
    );
    expect(problem.quota).toEqual({ name: "scenarios", limit: 2, used: 2, requested: 1 });
  });

  it("give a failed create's hold back, so the next create fits", async () => {
    const t = await appWith({ datasets: 1 });
    const [bad, good] = await Promise.all([
      t.post("/v1/datasets", { network: { ...network("bad"), modes: [] } }),
      t.post("/v1/datasets", { network: network("good") }),
    ]);
    expect(bad.status).toBe(422);
    await readAs(good, datasetRoutes.create, 201);
  });
});
