import type { MiddlewareHandler } from "hono";
import { afterAll, describe, expect, it } from "vitest";
import type { Plan } from "../../models/allocation/plan-schema.ts";
import { maxChanges } from "../../src/http/docs/docs.ts";
import { createSolveGate } from "../../src/http/shared/solve-gate.ts";
import type { AppEnv } from "../../src/http/shared/types.ts";
import * as solveRoutes from "../../src/http/solve/solve.routes.ts";
import { solveNetwork } from "../../src/solve/solve.ts";
import {
  createTestApp,
  fixture,
  jsonRequest,
  pointers,
  readAs,
  readProblem,
  testLimits,
} from "./support/test-app.ts";

const network = fixture("two-plants.json");
const apps: { close(): void }[] = [];
afterAll(() => {
  for (const app of apps) app.close();
});

// The organisation and key come from x-test-org and x-test-key, so one app serves several callers.
const byHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("organisationId", c.req.header("x-test-org") ?? "org_a");
  c.set("role", "planner");
  c.set("keyId", c.req.header("x-test-key") ?? "ak_a");
  await next();
};

/** A count that a test can wait on: `reached(n)` resolves once it has been counted n times. */
function counter() {
  let count = 0;
  const waiting: { n: number; resolve: () => void }[] = [];
  return {
    count() {
      count++;
      for (const waiter of waiting.filter((w) => w.n <= count)) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
    },
    reached: (n: number) =>
      n <= count ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ n, resolve })),
    value: () => count,
  };
}

/** A solve that waits until `releaseAll`, so tests can fill the slots and the queue. */
function heldSolves() {
  const waiting: (() => void)[] = [];
  const started = counter();
  return {
    solve: async (...args: Parameters<typeof solveNetwork>): Promise<Plan> => {
      started.count();
      await new Promise<void>((resolve) => waiting.push(resolve));
      return solveNetwork(...args);
    },
    /** Resolves once `n` solves have started (have been let through the gate). */
    started: started.reached,
    startedSoFar: started.value,
    releaseAll() {
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}

async function appWith(limits: Partial<typeof testLimits>, solve?: typeof solveNetwork) {
  const allLimits = { ...testLimits, ...limits };
  const queued = counter();
  const t = await createTestApp({
    identify: byHeaders,
    limits: allLimits,
    solveGate: createSolveGate(allLimits, queued.count),
    ...(solve === undefined ? {} : { solve }),
  });
  apps.push(t);
  const post = (org = "org_a", body: unknown = { network }) =>
    t.app.request("/v1/solve", {
      ...jsonRequest("POST", body),
      headers: { "content-type": "application/json", "x-test-org": org, "x-test-key": org },
    });
  /** Resolves once `n` solves have had to wait in the gate's queue. */
  return { t, post, queued: queued.reached };
}

describe("limits on the network and its changes", () => {
  it(`takes ${maxChanges} changes in a solve and refuses one more with 422`, async () => {
    const { post } = await appWith({});
    const change = { kind: "scaleModeCost", mode: "rail", factor: 1 };
    const ok = await post("org_a", { network, changes: Array(maxChanges).fill(change) });
    await readAs(ok, solveRoutes.solve, 200);
    const tooMany = await post("org_a", { network, changes: Array(maxChanges + 1).fill(change) });
    const problem = await readProblem(tooMany, solveRoutes.solve, "validation_failed");
    expect(pointers(problem)).toEqual(["/changes"]);
  });

  it("counts a network's lanes once per period against the lane limit", async () => {
    const lanes = network.lanes?.length ?? 0;
    const { post } = await appWith({ lanes: lanes * 2 - 1 });
    const periods = [
      { id: "h1", weight: 0.5 },
      { id: "h2", weight: 0.5 },
    ];
    const problem = await readProblem(
      await post("org_a", { network: { ...network, periods } }),
      solveRoutes.solve,
      "limit_exceeded",
    );
    expect(pointers(problem)).toEqual(["/network/periods"]);
    expect((await post("org_a", { network })).status).toBe(200);
  });

  it("refuses a network over the node limit in a stateless solve with 413 limit_exceeded", async () => {
    const { post } = await appWith({ nodes: 3 });
    await readProblem(await post(), solveRoutes.solve, "limit_exceeded");
  });
});

describe("concurrent solves", () => {
  it("queue beyond the running limit, and answer 503 overloaded with Retry-After once the queue is full", async () => {
    const held = heldSolves();
    const { post, queued } = await appWith(
      { concurrentSolves: 1, queuedSolves: 1, solvesPerOrganisation: 10 },
      held.solve,
    );
    const running = post("org_a");
    await held.started(1);
    const waiting = post("org_b");
    await queued(1);
    const refused = await post("org_c");
    await readProblem(refused, solveRoutes.solve, "overloaded");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(held.startedSoFar()).toBe(1);
    held.releaseAll();
    await readAs(await running, solveRoutes.solve, 200);
    // The freed slot goes to the queued solve.
    await held.started(2);
    held.releaseAll();
    await readAs(await waiting, solveRoutes.solve, 200);
  });

  it("answer 429 too_many_solves with Retry-After past the organisation's share, and other organisations go on", async () => {
    const held = heldSolves();
    const { post } = await appWith(
      { concurrentSolves: 4, queuedSolves: 4, solvesPerOrganisation: 2 },
      held.solve,
    );
    const mine = [post("org_a"), post("org_a")];
    await held.started(2);
    const refused = await post("org_a");
    await readProblem(refused, solveRoutes.solve, "too_many_solves");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const theirs = post("org_b");
    await held.started(3);
    held.releaseAll();
    for (const response of [...mine, theirs]) await readAs(await response, solveRoutes.solve, 200);
    // The share frees up as solves finish.
    const later = post("org_a");
    await held.started(4);
    held.releaseAll();
    await readAs(await later, solveRoutes.solve, 200);
  });

  it("give up waiting after the queue timeout with 503 overloaded", async () => {
    const held = heldSolves();
    const { post } = await appWith(
      { concurrentSolves: 1, queuedSolves: 4, solveQueueTimeoutMs: 50 },
      held.solve,
    );
    const running = post("org_a");
    await held.started(1);
    await readProblem(await post("org_b"), solveRoutes.solve, "overloaded");
    held.releaseAll();
    await readAs(await running, solveRoutes.solve, 200);
  });

  it("hand a freed slot to the first in the queue, never running more than the limit", async () => {
    const gate = createSolveGate({
      concurrentSolves: 2,
      queuedSolves: 100,
      solvesPerOrganisation: 100,
      solveQueueTimeoutMs: 10_000,
    });
    let running = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        gate.run("org", async () => {
          running++;
          most = Math.max(most, running);
          // Tasks finish out of order: each yields to the event loop one to three times.
          for (let turn = 0; turn <= i % 3; turn++) await new Promise(setImmediate);
          order.push(i);
          running--;
        }),
      ),
    );
    expect(most).toBe(2);
    expect(order).toHaveLength(20);
    expect(gate.load()).toEqual({ running: 0, queued: 0 });
  });
});

describe("requests per key per minute", () => {
  it("carry RateLimit headers, and past the quota answer 429 rate_limited with Retry-After", async () => {
    let nowMs = 0;
    const t = await createTestApp({
      identify: byHeaders,
      limits: { ...testLimits, requestsPerMinute: 3 },
      now: () => nowMs,
    });
    apps.push(t);
    const get = (key: string) => t.app.request("/v1/datasets", { headers: { "x-test-key": key } });
    for (let i = 1; i <= 3; i++) {
      const response = await get("ak_1");
      expect(response.status).toBe(200);
      expect(response.headers.get("ratelimit-policy")).toBe('"per-key";q=3;w=60');
      expect(response.headers.get("ratelimit")).toBe(`"per-key";r=${3 - i};t=60`);
    }
    nowMs = 15_000;
    const refused = await get("ak_1");
    await readProblem(refused, undefined, "rate_limited");
    expect(refused.headers.get("retry-after")).toBe("45");
    expect(refused.headers.get("ratelimit")).toBe('"per-key";r=0;t=45');
    // Another key has its own quota, and the first key's comes back with the next window.
    expect((await get("ak_2")).status).toBe(200);
    nowMs = 60_000;
    expect((await get("ak_1")).status).toBe(200);
  });

  it("are not spent on public paths", async () => {
    const t = await createTestApp({ limits: { ...testLimits, requestsPerMinute: 1 } });
    apps.push(t);
    for (let i = 0; i < 3; i++) expect((await t.app.request("/healthz")).status).toBe(200);
  });
});
