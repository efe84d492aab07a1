import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as datasetRoutes from "../../src/http/datasets/datasets.routes.ts";
import type { UploadTask } from "../../src/http/datasets/upload-worker.ts";
import * as solveRoutes from "../../src/http/solve/solve.routes.ts";
import { createSolvePool, type RunModuleOptions, type SolvePool } from "../../src/solve/pool.ts";
import { createTestApp, fixture, readAs, readProblem, testLimits } from "./support/test-app.ts";

const network = fixture("two-plants.json");
const named = (name: string) => JSON.stringify({ network: { ...network, name } });
/** Over this, a body goes to a worker: more than a small body, less than a named network. */
const thresholdBytes = 200;

/** A body sent in pieces of 100 bytes without a Content-Length, as a chunked upload arrives. */
const chunked = (text: string): ReadableStream<Uint8Array> => {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 100) controller.enqueue(bytes.slice(i, i + 100));
      controller.close();
    },
  });
};

describe("large bodies that take the worker path", () => {
  let pool: SolvePool;
  let t: Awaited<ReturnType<typeof createTestApp>>;
  // Every task sent to a worker, with the buffers it moved and whether they left this thread.
  const sent: { task: unknown; moved: ArrayBuffer[]; detachedAfter: boolean }[] = [];

  beforeAll(async () => {
    pool = createSolvePool({ threads: 1 });
    t = await createTestApp({
      offload: async <T, R>(moduleUrl: URL, task: T, options?: RunModuleOptions) => {
        const moved = [...(options?.transfer ?? [])];
        const result = await pool.runModule<T, R>(moduleUrl, task, options);
        sent.push({ task, moved, detachedAfter: moved.every((b) => b.byteLength === 0) });
        return result;
      },
      solve: pool.solve,
      limits: { ...testLimits, offloadBodyBytes: thresholdBytes },
    });
  });
  afterAll(async () => {
    t.close();
    await pool.close();
  });

  const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
    t.app.request(path, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
      duplex: "half",
    } as RequestInit);

  it("moves a large body's chunks to the worker instead of copying them", async () => {
    const before = sent.length;
    await readAs(await post("/v1/datasets", named("moved")), datasetRoutes.create, 201);
    const prepare = sent.slice(before).find((s) => "prepare" in (s.task as UploadTask));
    expect(prepare?.moved.length).toBeGreaterThan(0);
    // Moved, the buffers are gone from this thread: nothing copied them.
    expect(prepare?.detachedAfter).toBe(true);
  });

  it("sends a chunked body past the threshold to a worker, and decodes it as the main thread would", async () => {
    const before = sent.length;
    const text = `\uFEFF${named("chunked 上海 €")}`;
    const stored = await readAs(
      await post("/v1/datasets", chunked(text)),
      datasetRoutes.create,
      201,
    );
    expect(stored.name).toBe("chunked 上海 €");
    expect(sent.length).toBeGreaterThan(before);
  });

  it("keeps a chunked body under the threshold on the main thread, which validates it as ever", async () => {
    const before = sent.length;
    const problem = await readProblem(
      await post("/v1/datasets", chunked('{"network": 3}')),
      datasetRoutes.create,
      "validation_failed",
    );
    expect(problem.errors?.[0]).toMatchObject({ pointer: "/network" });
    expect(sent.length).toBe(before);
  });

  it("sends a large body with an Idempotency-Key to a worker once, and replays the answer to a retry", async () => {
    const before = sent.length;
    const body = named("idempotent");
    const key = { "idempotency-key": "large-body-1" };
    const first = await readAs(await post("/v1/datasets", body, key), datasetRoutes.create, 201);
    const offloaded = sent.length - before;
    expect(offloaded).toBeGreaterThan(0);
    const retry = await post("/v1/datasets", body, key);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await readAs(retry, datasetRoutes.create, 201)).toEqual(first);
    expect(sent.length - before).toBe(offloaded);
    await readProblem(
      await post("/v1/datasets", named("another body"), key),
      datasetRoutes.create,
      "idempotency_key_reused",
    );
  });

  it("answers a large solve with the plan's JSON as the worker wrote it", async () => {
    const body = JSON.stringify({ network });
    expect(body.length).toBeGreaterThan(thresholdBytes);
    const before = sent.length;
    const response = await post("/v1/solve", body);
    expect(response.headers.get("content-type")).toBe("application/json");
    const plan = await readAs(response, solveRoutes.solve, 200);
    expect(plan.status).toBe("optimal");
    expect(sent.length).toBe(before + 1);
  });
});
