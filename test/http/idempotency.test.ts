import type { MiddlewareHandler } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plan } from "../../models/allocation/plan-schema.ts";
import * as datasetRoutes from "../../src/http/datasets/datasets.routes.ts";
import * as planRoutes from "../../src/http/plans/plans.routes.ts";
import * as scenarioRoutes from "../../src/http/scenarios/scenarios.routes.ts";
import type { AppEnv } from "../../src/http/shared/types.ts";
import { solveNetwork } from "../../src/solve/solve.ts";
import { createTestApp, fixture, readAs, readProblem, testLimits } from "./support/test-app.ts";

// A clock the tests move by hand, so expiry can be reached without waiting.
let nowMs = Date.parse("2025-01-01T00:00:00Z");
const clock = () => new Date(nowMs);

// Requests ask as organisation a, planner, unless the x-test-org or x-test-role header says otherwise.
const asOrganisation: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("organisationId", c.req.header("x-test-org") ?? "org_a");
  c.set("role", c.req.header("x-test-role") === "admin" ? "admin" : "planner");
  c.set("keyId", "ak_test");
  await next();
};

// Solves wait while `hold` is set, so a test can keep a first request running; each solve that
// starts calls `onSolve`, so the test knows when the request got that far.
let hold: Promise<void> | undefined;
let onSolve = () => {};
let t: Awaited<ReturnType<typeof createTestApp>>;
let scenarioId: string;
beforeAll(async () => {
  t = await createTestApp({
    clock,
    identify: asOrganisation,
    solve: async (network, options): Promise<Plan> => {
      onSolve();
      await hold;
      return solveNetwork(network, options);
    },
  });
  const dataset = await readAs(
    await post("/v1/datasets", { network: fixture("two-plants.json") }),
    datasetRoutes.create,
    201,
  );
  scenarioId = (
    await readAs(
      await post("/v1/scenarios", { datasetId: dataset.id, name: "base" }),
      scenarioRoutes.create,
      201,
    )
  ).id;
});
afterAll(() => t.close());

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return t.app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function planCount(): Promise<number> {
  const rows = await t.client.execute("SELECT count(*) AS n FROM plans");
  return Number(rows.rows[0]?.n);
}

describe("Idempotency-Key", () => {
  it("answers a retried plan create with the first answer, same status, body and Location, and stores one plan", async () => {
    const before = await planCount();
    const headers = { "idempotency-key": "plan-retry-1" };
    const first = await post(`/v1/scenarios/${scenarioId}/plans`, {}, headers);
    const firstBody = await first.text();
    expect(first.status).toBe(201);
    const again = await post(`/v1/scenarios/${scenarioId}/plans`, {}, headers);
    expect(again.status).toBe(201);
    expect(await again.text()).toBe(firstBody);
    expect(again.headers.get("location")).toBe(first.headers.get("location"));
    expect(again.headers.get("content-type")).toBe(first.headers.get("content-type"));
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(await planCount()).toBe(before + 1);
  });

  it("replays dataset and scenario creates the same way", async () => {
    const network = { ...fixture("two-plants.json"), name: "replayed" };
    const headers = { "idempotency-key": "dataset-1" };
    const first = await readAs(
      await post("/v1/datasets", { network }, headers),
      datasetRoutes.create,
      201,
    );
    const again = await readAs(
      await post("/v1/datasets", { network }, headers),
      datasetRoutes.create,
      201,
    );
    expect(again).toEqual(first);
    const body = { datasetId: first.id, name: "once" };
    const scenario = await readAs(
      await post("/v1/scenarios", body, { "idempotency-key": "scenario-1" }),
      scenarioRoutes.create,
      201,
    );
    const replayed = await readAs(
      await post("/v1/scenarios", body, { "idempotency-key": "scenario-1" }),
      scenarioRoutes.create,
      201,
    );
    expect(replayed).toEqual(scenario);
  });

  it("is a 422 idempotency_key_reused for the same key with another body or path", async () => {
    const headers = { "idempotency-key": "reused" };
    await readAs(
      await post(`/v1/scenarios/${scenarioId}/plans`, {}, headers),
      planRoutes.create,
      201,
    );
    const before = await planCount();
    const otherBody = await post(
      `/v1/scenarios/${scenarioId}/plans`,
      { options: { solver: "highs" } },
      headers,
    );
    const problem = await readProblem(otherBody, planRoutes.create, "idempotency_key_reused");
    expect(problem.errors?.[0]).toMatchObject({ parameter: "Idempotency-Key" });
    const otherPath = await post("/v1/scenarios", { datasetId: "ds_x", name: "x" }, headers);
    await readProblem(otherPath, scenarioRoutes.create, "idempotency_key_reused");
    expect(await planCount()).toBe(before);
  });

  it("keeps no failed answer: after a 422 the same key runs again, with any body", async () => {
    const headers = { "idempotency-key": "after-failure" };
    await readProblem(
      await post("/v1/scenarios", { datasetId: "ds_missing", name: "x" }, headers),
      scenarioRoutes.create,
      "unknown_reference",
    );
    const dataset = await readAs(
      await post("/v1/datasets", { network: fixture("two-plants.json") }),
      datasetRoutes.create,
      200,
    );
    await readAs(
      await post("/v1/scenarios", { datasetId: dataset.id, name: "fixed" }, headers),
      scenarioRoutes.create,
      201,
    );
  });

  it("is a 409 idempotency_key_in_use with Retry-After while the first request runs, then replays", async () => {
    let release = () => {};
    hold = new Promise((resolve) => {
      release = resolve;
    });
    const solving = new Promise<void>((resolve) => {
      onSolve = resolve;
    });
    const headers = { "idempotency-key": "concurrent" };
    const first = post(`/v1/scenarios/${scenarioId}/plans`, {}, headers);
    // The first request holds its key from before its solve to after it.
    await solving;
    onSolve = () => {};
    const second = await post(`/v1/scenarios/${scenarioId}/plans`, {}, headers);
    await readProblem(second, planRoutes.create, "idempotency_key_in_use");
    expect(Number(second.headers.get("retry-after"))).toBeGreaterThan(1);
    hold = undefined;
    release();
    const firstBody = await (await first).text();
    const third = await post(`/v1/scenarios/${scenarioId}/plans`, {}, headers);
    expect(await third.text()).toBe(firstBody);
  });

  it("belongs to the organisation: the same key in another organisation is another key", async () => {
    const headers = { "idempotency-key": "shared-name" };
    await readAs(
      await post(`/v1/scenarios/${scenarioId}/plans`, {}, headers),
      planRoutes.create,
      201,
    );
    // Organisation b cannot see the scenario, so its request runs (and is a 404), not a replay.
    const other = await post(
      `/v1/scenarios/${scenarioId}/plans`,
      {},
      {
        ...headers,
        "x-test-org": "org_b",
      },
    );
    await readProblem(other, planRoutes.create, "not_found");
  });

  it("expires: after the time to live the key is free for a new request", async () => {
    const headers = { "idempotency-key": "expiring" };
    const first = await readAs(
      await post(`/v1/scenarios/${scenarioId}/plans`, {}, headers),
      planRoutes.create,
      201,
    );
    nowMs += testLimits.idempotencyTtlMs + 1000;
    const later = await readAs(
      await post(`/v1/scenarios/${scenarioId}/plans`, {}, headers),
      planRoutes.create,
      201,
    );
    expect(later.id).not.toBe(first.id);
    // Expired keys are purged, not kept forever.
    const rows = await t.client.execute(
      `SELECT count(*) AS n FROM idempotency_keys WHERE expires_at <= ${nowMs}`,
    );
    expect(Number(rows.rows[0]?.n)).toBe(0);
  });

  it("is a 400 for a key that is empty, too long or not visible ASCII", async () => {
    for (const key of ["", "x".repeat(256), "has space", "caf\u00e9"]) {
      const response = await post(
        `/v1/scenarios/${scenarioId}/plans`,
        {},
        {
          "idempotency-key": key,
        },
      );
      await readProblem(response, planRoutes.create, "invalid_parameter");
    }
  });

  it("is refused on POST /v1/keys, whose answer holds a secret that is never kept", async () => {
    const response = await post(
      "/v1/keys",
      { role: "viewer" },
      { "idempotency-key": "k", "x-test-role": "admin" },
    );
    const problem = await readProblem(response, undefined, "invalid_parameter");
    expect(problem.errors?.[0]).toMatchObject({ parameter: "Idempotency-Key" });
  });
});
