// Limits that hold across isolates: rate limits and solve slots counted by the LimitsCoordinator Durable Object, inside workerd.
/// <reference types="@cloudflare/vitest-pool-workers/types" />
import { env, runInDurableObject, SELF } from "cloudflare:test";
import type { DurableObjectState, SqlStorage } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { NetworkInput } from "../../models/allocation/network.ts";
import type { Plan } from "../../models/allocation/plan-schema.ts";
import { type Limits, loadConfig } from "../../src/config.ts";
import {
  coordinatedLimits,
  type GateTerms,
  type LimitsNamespace,
  type LimitsStub,
  solvesInstance,
} from "../../src/entry/coordinated-limits.ts";
import { ensureDefaultOrganisation } from "../../src/entry/first-key.ts";
import { type AppDeps, createApp } from "../../src/http/app.ts";
import * as datasetRoutes from "../../src/http/datasets/datasets.routes.ts";
import { silentLogger } from "../../src/http/shared/logging.ts";
import * as solveRoutes from "../../src/http/solve/solve.routes.ts";
import { solveNetwork } from "../../src/solve/solve.ts";
import { createD1Db, type D1Binding } from "../../src/storage/db.ts";
import { randomId } from "../../src/storage/ids.ts";
import { migrate } from "../../src/storage/migrate.ts";
import { defaultOrganisationId } from "../../src/storage/organisations.ts";
import { createRepositories } from "../../src/storage/repositories.ts";
import twoPlants from "../http/fixtures/two-plants.json";
import { jsonRequest, readAs, readProblem } from "../http/support/contract.ts";

const network = twoPlants as NetworkInput;
const bindings = env as unknown as { DB: D1Binding; LIMITS: LimitsNamespace };
const db = () => createD1Db(bindings.DB);
/** The Worker's own limits (wrangler.toml's vars: none, so src/config.ts's defaults). */
const workerLimits = loadConfig({}).limits;

/** A planner key in the default organisation: its token and id (the rate limit's key). */
let planner: { token: string; keyId: string };

beforeAll(async () => {
  await migrate(db(), undefined, { wrangler: true });
  const repositories = createRepositories({ db: db(), newId: randomId, clock: () => new Date() });
  await ensureDefaultOrganisation(repositories);
  const { key, token } = await repositories.apiKeys.create(defaultOrganisationId, {
    role: "planner",
    name: "limits test",
  });
  planner = { token, keyId: key.id };
});

/**
 * What one isolate of the Worker holds: its own app, limits from `limits`, counted by the
 * coordinator as src/entry/worker.ts counts them. Two of these stand for two isolates (or two
 * machines): nothing in memory is shared between them.
 */
function isolate(limits: Partial<Limits>, deps: Partial<AppDeps> = {}) {
  const all = { ...workerLimits, ...limits };
  const app = createApp({
    db: db(),
    solve: solveNetwork,
    clock: () => new Date(),
    newId: randomId,
    limits: all,
    log: silentLogger,
    jobs: false,
    clientAddress: (c) => c.req.header("cf-connecting-ip"),
    ...coordinatedLimits(bindings.LIMITS, all, silentLogger),
    ...deps,
  });
  return {
    request: (path: string, init: RequestInit = {}, token: string = planner.token) => {
      const headers = new Headers(init.headers);
      headers.set("authorization", `Bearer ${token}`);
      return app.request(`https://anodeflow.test${path}`, { ...init, headers });
    },
  };
}

const solveBody = (options: Record<string, unknown> = {}) =>
  jsonRequest("POST", { network, options });

/** A solve that waits until released, so a test can hold a slot as long as it needs. */
function heldSolve() {
  let started: () => void = () => {};
  const running = new Promise<void>((resolve) => {
    started = resolve;
  });
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const solve = async (...args: Parameters<typeof solveNetwork>): Promise<Plan> => {
    started();
    await released;
    return solveNetwork(...args);
  };
  return { solve, running, release };
}

const coordinator = (name: string): LimitsStub =>
  bindings.LIMITS.get(bindings.LIMITS.idFromName(name));

/** Runs `read` on the coordinator instance's own SQLite storage, inside it. */
const inCoordinator = <R>(name: string, read: (sql: SqlStorage) => R): Promise<R> =>
  runInDurableObject(coordinator(name) as never, (_instance, state: DurableObjectState) =>
    read(state.storage.sql),
  );

const terms = (over: Partial<GateTerms> = {}): GateTerms => ({
  concurrentSolves: 1,
  queuedSolves: 0,
  solvesPerOrganisation: 10,
  solveQueueTimeoutMs: 10_000,
  leaseMs: 60_000,
  ...over,
});

describe("rate limits across isolates", () => {
  it("counts one key's requests in one window whichever isolate serves them", async () => {
    const limits = { requestsPerMinute: 3 };
    const a = isolate(limits);
    const b = isolate(limits);
    // A key of its own, so the window starts empty.
    const repositories = createRepositories({ db: db(), newId: randomId, clock: () => new Date() });
    const { token } = await repositories.apiKeys.create(defaultOrganisationId, {
      role: "viewer",
    });
    const remaining: string[] = [];
    for (const app of [a, b, a]) {
      const response = await app.request("/v1/datasets", {}, token);
      await readAs(response, datasetRoutes.list, 200);
      expect(response.headers.get("ratelimit-policy")).toBe('"per-key";q=3;w=60');
      remaining.push(response.headers.get("ratelimit") ?? "");
    }
    expect(remaining.map((header) => /r=(\d+)/.exec(header)?.[1])).toEqual(["2", "1", "0"]);
    // Each isolate has served at most two: only the shared count says the quota is spent.
    const refused = await b.request("/v1/datasets", {}, token);
    const problem = await readProblem(refused, datasetRoutes.list, "rate_limited");
    expect(problem.detail).toMatch(/3 requests a minute/);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(refused.headers.get("ratelimit")).toMatch(/^"per-key";r=0;t=\d+$/);
  });

  it("holds off an address's invalid keys counted across isolates, not valid keys", async () => {
    const limits = { authFailuresPerMinute: 2 };
    const a = isolate(limits);
    const b = isolate(limits);
    const address = { "cf-connecting-ip": `192.0.2.${Math.floor(Math.random() * 250) + 1}` };
    const wrong = `afk_${"0".repeat(16)}_${"0".repeat(40)}`;
    for (const app of [a, b]) {
      const response = await app.request("/v1/datasets", { headers: address }, wrong);
      await readProblem(response, datasetRoutes.list, "invalid_api_key");
    }
    const held = await a.request("/v1/datasets", { headers: address }, wrong);
    await readProblem(held, datasetRoutes.list, "auth_throttled");
    expect(held.headers.get("retry-after")).toMatch(/^\d+$/);
    // A valid key from the same address still works.
    await readAs(await b.request("/v1/datasets", { headers: address }), datasetRoutes.list, 200);
  });

  it("is what the Worker itself counts with: its answers and another isolate's share the window", async () => {
    const other = isolate({});
    const viaWorker = () =>
      SELF.fetch("https://anodeflow.test/v1/datasets", {
        headers: { authorization: `Bearer ${planner.token}` },
      });
    const left: number[] = [];
    for (const response of [
      await viaWorker(),
      await other.request("/v1/datasets"),
      await viaWorker(),
    ]) {
      expect(response.status).toBe(200);
      left.push(Number(/r=(\d+)/.exec(response.headers.get("ratelimit") ?? "")?.[1]));
    }
    const first = left[0] ?? 0;
    expect(left).toEqual([first, first - 1, first - 2]);
    // The window is the coordinator's row for this key.
    const used = await inCoordinator(
      `requests:${planner.keyId}`,
      (sql) =>
        sql.exec<{ used: number }>("SELECT used FROM windows WHERE key = ?", planner.keyId).one()
          .used,
    );
    expect(used).toBe(workerLimits.requestsPerMinute - (first - 2));
  });
});

describe("solve slots across isolates", () => {
  it("counts a running solve in one isolate against a solve asked of another", async () => {
    const limits = { concurrentSolves: 1, queuedSolves: 0 };
    const held = heldSolve();
    const a = isolate(limits, { solve: held.solve });
    const b = isolate(limits);
    const first = a.request("/v1/solve", solveBody());
    await held.running;
    expect(await coordinator(solvesInstance).load()).toEqual({ running: 1, queued: 0 });
    const refused = await b.request("/v1/solve", solveBody());
    const problem = await readProblem(refused, solveRoutes.solve, "overloaded");
    expect(problem.detail).toMatch(/All 1 solve slots and 0 queue places are taken/);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    held.release();
    const plan = await readAs(await first, solveRoutes.solve, 200);
    expect(plan.objective?.value).toBeCloseTo(2520, 6);
    // The slot came back: the other isolate solves now.
    const second = await readAs(await b.request("/v1/solve", solveBody()), solveRoutes.solve, 200);
    expect(second.objective?.value).toBeCloseTo(2520, 6);
    expect(await coordinator(solvesInstance).load()).toEqual({ running: 0, queued: 0 });
  });

  it("lets a solve wait in the coordinator's queue for a slot another isolate gives back", async () => {
    const limits = { concurrentSolves: 1, queuedSolves: 1 };
    const held = heldSolve();
    const a = isolate(limits, { solve: held.solve });
    const b = isolate(limits);
    const first = a.request("/v1/solve", solveBody());
    await held.running;
    const waiting = b.request("/v1/solve", solveBody());
    await expect.poll(() => coordinator(solvesInstance).load()).toEqual({ running: 1, queued: 1 });
    held.release();
    await readAs(await first, solveRoutes.solve, 200);
    await readAs(await waiting, solveRoutes.solve, 200);
    expect(await coordinator(solvesInstance).load()).toEqual({ running: 0, queued: 0 });
  });

  it("gives the slot back when the solve throws", async () => {
    const limits = { concurrentSolves: 1, queuedSolves: 0 };
    const failing = isolate(limits, {
      solve: async () => {
        throw new Error("the solver broke");
      },
    });
    await readProblem(
      await failing.request("/v1/solve", solveBody()),
      solveRoutes.solve,
      "internal",
    );
    expect(await coordinator(solvesInstance).load()).toEqual({ running: 0, queued: 0 });
    const plan = await readAs(
      await isolate(limits).request("/v1/solve", solveBody()),
      solveRoutes.solve,
      200,
    );
    expect(plan.status).toBe("optimal");
  });

  it("refuses an organisation past its share, counted across stubs", async () => {
    const name = `gate-${crypto.randomUUID()}`;
    const one = coordinator(name);
    const two = coordinator(name);
    const share = terms({ concurrentSolves: 4, solvesPerOrganisation: 2 });
    const leases = [await one.acquire("org_a", share), await two.acquire("org_a", share)];
    expect(leases.every((l) => l.granted)).toBe(true);
    const refused = await one.acquire("org_a", share);
    expect(refused).toMatchObject({ granted: false, code: "too_many_solves" });
    expect(await two.acquire("org_b", share)).toMatchObject({ granted: true });
    expect(await one.load()).toEqual({ running: 3, queued: 0 });
  });

  it("frees a slot whose isolate died once its lease ends, and hands it to a waiting solve", async () => {
    const name = `gate-${crypto.randomUUID()}`;
    const crashed = coordinator(name);
    const other = coordinator(name);
    // Held and never given back: the isolate that asked died mid-solve.
    expect(await crashed.acquire("org_a", terms({ leaseMs: 60_000 }))).toMatchObject({
      granted: true,
    });
    expect(await other.acquire("org_b", terms())).toMatchObject({
      granted: false,
      code: "overloaded",
    });
    // A minute on: the lease's expiry has passed.
    await inCoordinator(name, (sql) => {
      sql.exec("UPDATE leases SET expires_ms = ?", Date.now() - 1);
    });
    expect(await other.acquire("org_b", terms())).toMatchObject({ granted: true });
    // A solve that waits is handed a dead isolate's slot when the lease runs out, unasked.
    const short = terms({ queuedSolves: 1, leaseMs: 50 });
    const gate = coordinator(`gate-${crypto.randomUUID()}`);
    expect(await gate.acquire("org_a", short)).toMatchObject({ granted: true });
    expect(await gate.acquire("org_b", short)).toMatchObject({ granted: true });
  });
});

describe("the Worker's CPU budget", () => {
  it("refuses a network larger than WORKER_MAX_SOLVE_ARCS before it takes a slot", async () => {
    const small = { arcs: 3 };
    const app = isolate({}, { solveBudget: small });
    const refused = await app.request("/v1/solve", solveBody());
    const problem = await readProblem(refused, solveRoutes.solve, "network_too_large_for_worker");
    expect(refused.status).toBe(413);
    expect(problem.detail).toMatch(/has \d+ lanes and legs; this Worker solves at most 3/);
    expect(problem.detail).toMatch(/WORKER_MAX_SOLVE_ARCS/);
    expect(problem.detail).toMatch(/Node server/);
    expect(await coordinator(solvesInstance).load()).toEqual({ running: 0, queued: 0 });
  });

  it("is applied by the Worker entry: a network over the default limit is 413 there", async () => {
    // Implied lanes: plants x (smelters + ports) x modes, so a small body stands for a large network.
    const budget = loadConfig({}).workerSolveArcs;
    const plants = 400;
    const smelters = Math.ceil(budget / (plants * network.modes.length)) + 1;
    const { lanes: _listed, ...implied } = network;
    const large: NetworkInput = {
      ...implied,
      name: "over the Worker's budget",
      plants: Array.from({ length: plants }, (_, i) => ({ ...network.plants[0], id: `p${i}` })),
      smelters: Array.from({ length: smelters }, (_, i) => ({
        ...network.smelters[0],
        id: `s${i}`,
      })),
    } as NetworkInput;
    const refused = await SELF.fetch("https://anodeflow.test/v1/solve", {
      ...jsonRequest("POST", { network: large }),
      headers: { "content-type": "application/json", authorization: `Bearer ${planner.token}` },
    });
    const problem = await readProblem(refused, solveRoutes.solve, "network_too_large_for_worker");
    const arcs = plants * (smelters + (network.ports?.length ?? 0)) * network.modes.length;
    expect(problem.detail).toContain(
      `has ${arcs} lanes and legs; this Worker solves at most ${budget}`,
    );
  });
});
