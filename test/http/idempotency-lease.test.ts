import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Network } from "../../models/allocation/network.ts";
import type { Plan } from "../../models/allocation/plan-schema.ts";
import * as datasetRoutes from "../../src/http/datasets/datasets.routes.ts";
import * as planRoutes from "../../src/http/plans/plans.routes.ts";
import * as scenarioRoutes from "../../src/http/scenarios/scenarios.routes.ts";
import { leaseGraceMs } from "../../src/http/shared/idempotency.ts";
import type { SolveCallOptions } from "../../src/http/shared/types.ts";
import { solveNetwork } from "../../src/solve/solve.ts";
import {
  createTestApp,
  fixture,
  jsonRequest,
  readAs,
  readProblem,
  testLimits,
} from "./support/test-app.ts";

// A clock the tests move by hand.
let nowMs = Date.parse("2025-01-01T00:00:00Z");

/** What the next solve does: run, wait until released (saying when it started), or fail. */
type Behaviour =
  | { kind: "run" }
  | { kind: "hold"; started: () => void; until: Promise<void> }
  | { kind: "fail" };
let next: Behaviour = { kind: "run" };

async function solve(network: Network, options?: SolveCallOptions): Promise<Plan> {
  const behaviour = next;
  next = { kind: "run" };
  if (behaviour.kind === "fail") throw new Error("the solver process died");
  if (behaviour.kind === "hold") {
    behaviour.started();
    await behaviour.until;
  }
  return solveNetwork(network, options);
}

let t: Awaited<ReturnType<typeof createTestApp>>;
let plansPath: string;
beforeAll(async () => {
  t = await createTestApp({ clock: () => new Date(nowMs), solve });
  const post = (path: string, body: unknown) => t.app.request(path, jsonRequest("POST", body));
  const dataset = await readAs(
    await post("/v1/datasets", { network: fixture("two-plants.json") }),
    datasetRoutes.create,
    201,
  );
  const scenario = await readAs(
    await post("/v1/scenarios", { datasetId: dataset.id, name: "base" }),
    scenarioRoutes.create,
    201,
  );
  plansPath = `/v1/scenarios/${scenario.id}/plans`;
});
afterAll(() => t.close());

const createPlan = (key: string, body: unknown) =>
  t.app.request(plansPath, {
    ...jsonRequest("POST", body),
    headers: { "content-type": "application/json", "idempotency-key": key },
  });

describe("an Idempotency-Key held by a running request", () => {
  it("tells a retry the lease's remaining seconds, and is free for it once the lease ends", async () => {
    let started = () => {};
    let finish = () => {};
    const reachedSolve = new Promise<void>((resolve) => {
      started = resolve;
    });
    const until = new Promise<void>((resolve) => {
      finish = resolve;
    });
    next = { kind: "hold", started, until };
    const body = { options: { timeLimitMs: 2_000 } };
    const first = createPlan("held", body);
    await reachedSolve;

    // The lease: the longest queue wait, this solve's own time limit, and the grace.
    const leaseMs = testLimits.solveQueueTimeoutMs + 2_000 + leaseGraceMs;
    const retry = await createPlan("held", body);
    await readProblem(retry, planRoutes.create, "idempotency_key_in_use");
    expect(Number(retry.headers.get("retry-after"))).toBe(leaseMs / 1000);

    nowMs += 12_000;
    const later = await createPlan("held", body);
    await readProblem(later, planRoutes.create, "idempotency_key_in_use");
    expect(Number(later.headers.get("retry-after"))).toBe((leaseMs - 12_000) / 1000);

    // As if the first request's process had died: past the lease, a retry runs afresh.
    nowMs += leaseMs;
    await readAs(await createPlan("held", body), planRoutes.create, 201);
    finish();
    await first;
  });

  it("leases a plan create without a time limit for the default one", async () => {
    let started = () => {};
    let finish = () => {};
    const reachedSolve = new Promise<void>((resolve) => {
      started = resolve;
    });
    next = {
      kind: "hold",
      started,
      until: new Promise<void>((resolve) => {
        finish = resolve;
      }),
    };
    const first = createPlan("default-limit", {});
    await reachedSolve;
    const retry = await createPlan("default-limit", {});
    await readProblem(retry, planRoutes.create, "idempotency_key_in_use");
    const leaseMs =
      testLimits.solveQueueTimeoutMs + testLimits.defaultSolveTimeLimitMs + leaseGraceMs;
    expect(Number(retry.headers.get("retry-after"))).toBe(leaseMs / 1000);
    finish();
    await first;
  });

  it("is freed as soon as its request fails, so the retry runs at once", async () => {
    next = { kind: "fail" };
    await readProblem(await createPlan("failing", {}), planRoutes.create, "internal");
    await readAs(await createPlan("failing", {}), planRoutes.create, 201);
  });
});
