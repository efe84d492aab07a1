import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unsolvedPlan } from "../../models/allocation/plan.ts";
import type { Plan } from "../../models/allocation/plan-schema.ts";
import * as datasetRoutes from "../../src/http/datasets/datasets.routes.ts";
import type { UploadResult } from "../../src/http/datasets/upload-worker.ts";
import * as solveRoutes from "../../src/http/solve/solve.routes.ts";
import * as usageRoutes from "../../src/http/usage/usage.routes.ts";
import { createSolvePool, type RunModuleOptions, type SolvePool } from "../../src/solve/pool.ts";
import {
  comparableProblem,
  createTestApp,
  fixture,
  jsonRequest,
  postJsonText,
  readAs,
  readProblem,
  testLimits,
} from "./support/test-app.ts";

const network = fixture("two-plants.json");

// Bodies that fail in each way the validator and the limits can fail.
const badBodies: Record<string, string> = {
  "malformed JSON": '{"network": {',
  "an unknown field deep in the network": JSON.stringify({
    network: { ...network, plants: [{ ...network.plants[0], colour: "red" }] },
  }),
  "no network": JSON.stringify({ name: "x" }),
  "wrong types": JSON.stringify({ name: 3, network: { ...network, modes: "rail" } }),
  "more lanes than allowed": JSON.stringify({
    network: {
      ...network,
      lanes: Array.from({ length: testLimits.lanes + 1 }, () => network.lanes?.[0]),
    },
  }),
};

describe("dataset uploads over OFFLOAD_BODY_BYTES", () => {
  let pool: SolvePool;
  let onMain: Awaited<ReturnType<typeof createTestApp>>;
  let offloaded: Awaited<ReturnType<typeof createTestApp>>;
  const upload = (app: typeof onMain.app, body: string) => postJsonText(app, "/v1/datasets", body);

  beforeAll(async () => {
    pool = createSolvePool({ threads: 1 });
    onMain = await createTestApp();
    // A threshold of 0 sends every JSON body to a worker.
    offloaded = await createTestApp({
      offload: pool.runModule,
      limits: { ...testLimits, bodyBytes: 1024 * 1024, offloadBodyBytes: 0 },
    });
  });
  afterAll(async () => {
    onMain.close();
    offloaded.close();
    await pool.close();
  });

  it.each(Object.keys(badBodies))(
    "answers a body with %s on a worker exactly as on the main thread",
    async (name) => {
      const body = badBodies[name] as string;
      const [main, worker] = await Promise.all([
        upload(onMain.app, body).then(comparableProblem),
        upload(offloaded.app, body).then(comparableProblem),
      ]);
      expect(worker.status).toBeGreaterThanOrEqual(400);
      expect(worker.status).toBeLessThan(500);
      expect(worker).toEqual(main);
    },
  );

  it("stores a network parsed on a worker with the same hash, stats and content", async () => {
    // Content no earlier test stored, so both apps create it.
    const body = JSON.stringify({ name: "two plants", network: { ...network, name: "worker" } });
    const main = await readAs(await upload(onMain.app, body), datasetRoutes.create, 201);
    const worker = await readAs(await upload(offloaded.app, body), datasetRoutes.create, 201);
    expect(worker.contentHash).toBe(main.contentHash);
    expect(worker.stats).toEqual(main.stats);
    expect(worker.name).toBe("two plants");
    const again = await readAs(await upload(offloaded.app, body), datasetRoutes.create, 200);
    expect(again.id).toBe(worker.id);
    const read = async (app: typeof onMain.app, id: string) =>
      readAs(await app.request(`/v1/datasets/${id}`), datasetRoutes.get, 200);
    expect((await read(offloaded.app, worker.id)).network).toEqual(
      (await read(onMain.app, main.id)).network,
    );
  });
});

describe("dataset uploads over OFFLOAD_BODY_BYTES into a local file database", () => {
  let pool: SolvePool;
  let onMain: Awaited<ReturnType<typeof createTestApp>>;
  let stored: Awaited<ReturnType<typeof createTestApp>>;
  // What each worker answered, to tell a row the worker stored from one the main thread stored.
  const results: UploadResult[] = [];
  const quotas = { ...testLimits.quotas, datasets: 2 };
  const upload = async (app: typeof onMain.app, body: string) =>
    await app.request("/v1/datasets", jsonRequest("POST", JSON.parse(body)));

  beforeAll(async () => {
    pool = createSolvePool({ threads: 1 });
    const limits = { ...testLimits, bodyBytes: 1024 * 1024, quotas };
    onMain = await createTestApp({ limits });
    stored = await createTestApp((url) => ({
      offload: async <T, R>(moduleUrl: URL, task: T, options?: RunModuleOptions) => {
        const result = await pool.runModule<T, R>(moduleUrl, task, options);
        results.push(result as UploadResult);
        return result;
      },
      offloadDatabase: { url, authToken: undefined },
      limits: { ...limits, offloadBodyBytes: 0 },
    }));
  });
  afterAll(async () => {
    onMain.close();
    stored.close();
    await pool.close();
  });

  const named = (name: string) => JSON.stringify({ network: { ...network, name } });

  it("stores the row on the worker, which answers the summary and not the network's text", async () => {
    const main = await readAs(await upload(onMain.app, named("first")), datasetRoutes.create, 201);
    const worker = await readAs(
      await upload(stored.app, named("first")),
      datasetRoutes.create,
      201,
    );
    expect(results.at(-1)).toHaveProperty("stored");
    expect(results.at(-1)).not.toHaveProperty("prepared");
    expect(worker.contentHash).toBe(main.contentHash);
    expect(worker.stats).toEqual(main.stats);
    const read = await readAs(
      await stored.app.request(`/v1/datasets/${worker.id}`),
      datasetRoutes.get,
      200,
    );
    expect(read.network.name).toBe("first");
    // The worker's row counts for the storage quota as the main thread's does.
    const usage = async (app: typeof onMain.app) =>
      (await readAs(await app.request("/v1/usage"), usageRoutes.get, 200)).storedBytes.used;
    expect(await usage(stored.app)).toBeGreaterThan(0);
    expect(await usage(stored.app)).toBe(await usage(onMain.app));
  });

  it("decodes a body that arrives in pieces with a Content-Length as the main thread does", async () => {
    // A BOM, then a name whose UTF-8 characters are split between pieces of three bytes.
    const bytes = new TextEncoder().encode(`\uFEFF${named("上海 anodes €")}`);
    const pieces = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 3) controller.enqueue(bytes.slice(i, i + 3));
        controller.close();
      },
    });
    const response = await stored.app.request("/v1/datasets", {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(bytes.length) },
      body: pieces,
      duplex: "half",
    } as RequestInit);
    const worker = await readAs(response, datasetRoutes.create, 201);
    expect(results.at(-1)).toHaveProperty("stored");
    expect(worker.name).toBe("上海 anodes €");
  });

  it("answers the same content again with the first dataset, as on the main thread", async () => {
    const first = await readAs(await upload(stored.app, named("first")), datasetRoutes.create, 200);
    const again = await readAs(await upload(stored.app, named("first")), datasetRoutes.create, 200);
    expect(again.id).toBe(first.id);
  });

  it("refuses an upload past the datasets quota with the main thread's problem", async () => {
    // Both apps at the quota of 2: "first" and "second" on the main thread's, "first" and the
    // piecewise upload on the worker's.
    await readAs(await upload(onMain.app, named("second")), datasetRoutes.create, 201);
    const [main, worker] = await Promise.all([
      upload(onMain.app, named("third")).then(comparableProblem),
      upload(stored.app, named("third")).then(comparableProblem),
    ]);
    expect(worker.status).toBe(403);
    expect(worker.problem.code).toBe("quota_exceeded");
    expect(worker).toEqual(main);
  });
});

describe("admission of large dataset uploads", () => {
  it("answers 503 overloaded with Retry-After when every solve slot and queue place is taken", async () => {
    let started: () => void = () => {};
    const solveStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    let finish: (plan: Plan) => void = () => {};
    const t = await createTestApp({
      solve: () => {
        started();
        return new Promise<Plan>((resolve) => {
          finish = resolve;
        });
      },
      // The upload must never reach a worker: the gate turns it away first.
      offload: () => Promise.reject(new Error("offloaded past a full gate")),
      // The solve's body stays on the main thread; the upload's, the same network indented, is larger.
      limits: {
        ...testLimits,
        concurrentSolves: 1,
        queuedSolves: 0,
        offloadBodyBytes: JSON.stringify({ network }).length,
      },
    });
    try {
      const running = t.app.request("/v1/solve", jsonRequest("POST", { network }));
      await solveStarted;
      const response = await t.app.request("/v1/datasets", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ network }, null, 2),
      });
      const problem = await readProblem(response, datasetRoutes.create, "overloaded");
      expect(problem.status).toBe(503);
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      finish(unsolvedPlan(network.name, "error", "cancelled", { id: "auto", version: "", ms: 0 }));
      await readAs(await running, solveRoutes.solve, 200);
    } finally {
      t.close();
    }
  });
});
