import type { MiddlewareHandler } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseNetwork } from "../../models/allocation/network.ts";
import * as datasetRoutes from "../../src/http/datasets/datasets.routes.ts";
import * as planRoutes from "../../src/http/plans/plans.routes.ts";
import * as scenarioRoutes from "../../src/http/scenarios/scenarios.routes.ts";
import type { AppEnv } from "../../src/http/shared/types.ts";
import * as usageRoutes from "../../src/http/usage/usage.routes.ts";
import { randomId } from "../../src/storage/ids.ts";
import { catalogueOwnerId } from "../../src/storage/organisations.ts";
import type { Role } from "../../src/storage/records.ts";
import { createRepositories } from "../../src/storage/repositories.ts";
import { createTestApp, fixture, readAs, readProblem } from "./support/test-app.ts";

// Organisation and role per request, from test headers.
const asCaller: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("organisationId", c.req.header("x-test-organisation") ?? "org_a");
  c.set("role", (c.req.header("x-test-role") as Role | undefined) ?? "planner");
  c.set("keyId", "test");
  await next();
};

let t: Awaited<ReturnType<typeof createTestApp>>;
let sharedId: string;
const network = fixture("two-plants.json");
let n = 0;

function call(
  method: string,
  path: string,
  body?: unknown,
  as: { organisation?: string; role?: Role } = {},
) {
  return t.app.request(path, {
    method,
    headers: {
      "x-test-organisation": as.organisation ?? "org_a",
      "x-test-role": as.role ?? "planner",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** A fresh dataset (new content each time), `scenarios` scenarios on it and `plans` plans on each. */
async function stored(scenarios: number, plans: number) {
  const dataset = await readAs(
    await call("POST", "/v1/datasets", { network: { ...network, name: `net ${++n}` } }),
    datasetRoutes.create,
    201,
  );
  const made: { scenarioId: string; planIds: string[] }[] = [];
  for (let s = 0; s < scenarios; s++) {
    const scenario = await readAs(
      await call("POST", "/v1/scenarios", { datasetId: dataset.id, name: `s${s}` }),
      scenarioRoutes.create,
      201,
    );
    const planIds: string[] = [];
    for (let p = 0; p < plans; p++) {
      const plan = await readAs(
        await call("POST", `/v1/scenarios/${scenario.id}/plans`, {}),
        planRoutes.create,
        201,
      );
      planIds.push(plan.id);
    }
    made.push({ scenarioId: scenario.id, planIds });
  }
  return { dataset, scenarios: made };
}

async function rowCounts() {
  const { rows } = await t.client.execute(
    "SELECT (SELECT count(*) FROM datasets) AS d, (SELECT count(*) FROM scenarios) AS s, (SELECT count(*) FROM plans) AS p, (SELECT count(*) FROM plan_flows) AS f",
  );
  const row = rows[0];
  return { d: Number(row?.d), s: Number(row?.s), p: Number(row?.p), f: Number(row?.f) };
}

beforeAll(async () => {
  t = await createTestApp({ identify: asCaller });
  const repositories = createRepositories({ db: t.db, newId: randomId, clock: () => new Date() });
  const parsed = parseNetwork({ ...network, name: "shared" });
  if (!parsed.ok) throw new Error("two-plants.json is not a network");
  sharedId = (
    await repositories.datasets.create(catalogueOwnerId, {
      name: "shared",
      slug: "shared-one",
      network: parsed.network,
    })
  ).dataset.id;
});
afterAll(() => t.close());

describe("DELETE /v1/plans/{id}", () => {
  it("deletes the plan with its flows: 204, then 404", async () => {
    const { scenarios } = await stored(1, 2);
    const [keep, gone] = scenarios[0]?.planIds ?? [];
    const before = await rowCounts();
    const response = await call("DELETE", `/v1/plans/${gone}`);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
    const after = await rowCounts();
    expect(after.p).toBe(before.p - 1);
    // two-plants.json's plan has flows: they went with it, the other plan's stayed.
    expect(after.f).toBeLessThan(before.f);
    expect(after.f).toBeGreaterThan(0);
    await readProblem(await call("GET", `/v1/plans/${gone}`), planRoutes.get, "not_found");
    await readAs(await call("GET", `/v1/plans/${keep}`), planRoutes.get, 200);
    await readProblem(await call("DELETE", `/v1/plans/${gone}`), planRoutes.remove, "not_found");
  });

  it("is 404 for another organisation's plan and 403 for a viewer, deleting nothing", async () => {
    const { scenarios } = await stored(1, 1);
    const planId = scenarios[0]?.planIds[0] ?? "";
    await readProblem(
      await call("DELETE", `/v1/plans/${planId}`, undefined, { organisation: "org_b" }),
      planRoutes.remove,
      "not_found",
    );
    await readProblem(
      await call("DELETE", `/v1/plans/${planId}`, undefined, { role: "viewer" }),
      planRoutes.remove,
      "forbidden",
    );
    await readAs(await call("GET", `/v1/plans/${planId}`), planRoutes.get, 200);
  });
});

describe("DELETE /v1/scenarios/{id}", () => {
  it("is 409 in_use naming the plans, then with ?cascade=true deletes them too", async () => {
    const { scenarios } = await stored(1, 2);
    const { scenarioId, planIds } = scenarios[0] ?? { scenarioId: "", planIds: [] };
    const before = await rowCounts();
    const problem = await readProblem(
      await call("DELETE", `/v1/scenarios/${scenarioId}`),
      scenarioRoutes.remove,
      "in_use",
    );
    expect(problem.status).toBe(409);
    expect(problem.referencedBy).toEqual(planIds.map((id) => ({ kind: "plan", id })));
    expect(await rowCounts()).toEqual(before);

    const response = await call("DELETE", `/v1/scenarios/${scenarioId}?cascade=true`);
    expect(response.status).toBe(204);
    const after = await rowCounts();
    expect([after.s, after.p]).toEqual([before.s - 1, before.p - 2]);
    for (const id of planIds)
      await readProblem(await call("GET", `/v1/plans/${id}`), planRoutes.get, "not_found");
  });

  it("deletes a scenario without plans at once", async () => {
    const { scenarios } = await stored(1, 0);
    const id = scenarios[0]?.scenarioId;
    expect((await call("DELETE", `/v1/scenarios/${id}`)).status).toBe(204);
    await readProblem(await call("GET", `/v1/scenarios/${id}`), scenarioRoutes.get, "not_found");
  });

  it("is 404 for another organisation's scenario and 400 for a cascade that is not true or false", async () => {
    const { scenarios } = await stored(1, 0);
    const id = scenarios[0]?.scenarioId;
    await readProblem(
      await call("DELETE", `/v1/scenarios/${id}?cascade=true`, undefined, {
        organisation: "org_b",
      }),
      scenarioRoutes.remove,
      "not_found",
    );
    await readProblem(
      await call("DELETE", `/v1/scenarios/${id}?cascade=yes`),
      scenarioRoutes.remove,
      "invalid_parameter",
    );
    await readAs(await call("GET", `/v1/scenarios/${id}`), scenarioRoutes.get, 200);
  });
});

describe("DELETE /v1/datasets/{id}", () => {
  it("is 409 in_use naming its scenarios and plans; ?cascade=true deletes all in one go", async () => {
    const { dataset, scenarios } = await stored(2, 1);
    const before = await rowCounts();
    const problem = await readProblem(
      await call("DELETE", `/v1/datasets/${dataset.id}`),
      datasetRoutes.remove,
      "in_use",
    );
    expect(problem.referencedBy).toEqual([
      ...scenarios.map((s) => ({ kind: "scenario", id: s.scenarioId })),
      ...scenarios.flatMap((s) => s.planIds.map((id) => ({ kind: "plan", id }))),
    ]);
    expect(problem.detail).toContain("4 stored items");
    expect(await rowCounts()).toEqual(before);

    // By its slug, as anywhere an id is taken.
    expect((await call("DELETE", `/v1/datasets/${dataset.slug}?cascade=true`)).status).toBe(204);
    const after = await rowCounts();
    expect([after.d, after.s, after.p]).toEqual([before.d - 1, before.s - 2, before.p - 2]);
    await readProblem(
      await call("GET", `/v1/datasets/${dataset.id}`),
      datasetRoutes.get,
      "not_found",
    );
    for (const s of scenarios)
      await readProblem(
        await call("GET", `/v1/scenarios/${s.scenarioId}`),
        scenarioRoutes.get,
        "not_found",
      );
  });

  it("frees the quota: usage counts one dataset less and its bytes", async () => {
    const usage = async () => await readAs(await call("GET", "/v1/usage"), usageRoutes.get, 200);
    const { dataset } = await stored(0, 0);
    const before = await usage();
    expect((await call("DELETE", `/v1/datasets/${dataset.id}`)).status).toBe(204);
    const after = await usage();
    expect(after.datasets.used).toBe(before.datasets.used - 1);
    expect(after.storedBytes.used).toBeLessThan(before.storedBytes.used);
  });

  it("frees the slug for a new dataset", async () => {
    const first = await readAs(
      await call("POST", "/v1/datasets", { slug: "reused", network: { ...network, name: "r1" } }),
      datasetRoutes.create,
      201,
    );
    expect((await call("DELETE", "/v1/datasets/reused")).status).toBe(204);
    const second = await readAs(
      await call("POST", "/v1/datasets", { slug: "reused", network: { ...network, name: "r2" } }),
      datasetRoutes.create,
      201,
    );
    expect(second.id).not.toBe(first.id);
  });

  it("is 403 shared_read_only for a shared dataset, by id or slug, cascade or not", async () => {
    for (const path of [`/v1/datasets/${sharedId}`, "/v1/datasets/shared-one?cascade=true"]) {
      const problem = await readProblem(
        await call("DELETE", path),
        datasetRoutes.remove,
        "shared_read_only",
      );
      expect(problem.status).toBe(403);
    }
    await readAs(await call("GET", `/v1/datasets/${sharedId}`), datasetRoutes.get, 200);
  });

  it("is 404 for another organisation's dataset, by id or slug", async () => {
    const { dataset } = await stored(0, 0);
    for (const ref of [dataset.id, dataset.slug]) {
      await readProblem(
        await call("DELETE", `/v1/datasets/${ref}`, undefined, { organisation: "org_b" }),
        datasetRoutes.remove,
        "not_found",
      );
    }
    await readAs(await call("GET", `/v1/datasets/${dataset.id}`), datasetRoutes.get, 200);
  });
});

describe("the contract", () => {
  it("declares 204 without a body and in_use without Retry-After", async () => {
    const doc = await (await t.app.request("/openapi.json")).json();
    const op = doc.paths["/v1/datasets/{id}"].delete;
    expect(op.responses["204"].content).toBeUndefined();
    expect(op.responses["409"].description).toContain("in_use");
    expect(op.responses["409"].headers).not.toHaveProperty("Retry-After");
    expect(op.security).toEqual([{ apiKey: ["planner"] }]);
  });
});

// Renaming shares the deletes' organisation and role checks, so it is tested with their callers.
describe("PATCH /v1/scenarios/{id} by another organisation or a viewer", () => {
  it("is 404 for another organisation's scenario and 403 for a viewer, renaming nothing", async () => {
    const { scenarios } = await stored(1, 0);
    const scenarioId = scenarios[0]?.scenarioId ?? "";
    await readProblem(
      await call(
        "PATCH",
        `/v1/scenarios/${scenarioId}`,
        { name: "theirs" },
        { organisation: "org_b" },
      ),
      scenarioRoutes.rename,
      "not_found",
    );
    await readProblem(
      await call("PATCH", `/v1/scenarios/${scenarioId}`, { name: "viewed" }, { role: "viewer" }),
      scenarioRoutes.rename,
      "forbidden",
    );
    const read = await readAs(
      await call("GET", `/v1/scenarios/${scenarioId}`),
      scenarioRoutes.get,
      200,
    );
    expect(read.name).toBe("s0");
  });
});
