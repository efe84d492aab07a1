// The client wrapper: key, retries with Retry-After, Idempotency-Key per POST, problems as errors,
// jobs. Scripted answers from a fake fetch, then the real app in process.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AnodeflowProblem,
  createAnodeflowClient,
  expectData,
  type Job,
  JobCancelled,
  JobStillRunning,
  respondAsync,
  retryAfterMs,
} from "../../client/index.ts";
import { createTestApp, fixture } from "../http/support/test-app.ts";

interface Sent {
  method: string;
  url: string;
  headers: Headers;
  body: string;
}

/** A fetch that answers from a script, in order, and keeps what it was sent. */
function scripted(answers: (Response | Error)[]) {
  const sent: Sent[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    sent.push({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: await request.text(),
    });
    const answer = answers.shift();
    if (answer === undefined) throw new Error(`unscripted ${request.method} ${request.url}`);
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { fetch, sent };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });

const problem = (status: number, code: string, headers: Record<string, string> = {}) =>
  new Response(
    JSON.stringify({
      type: "about:blank",
      title: "x",
      status,
      detail: `detail of ${code}`,
      instance: "/v1/x",
      requestId: "req-1",
      code,
      ...(code === "validation_failed"
        ? { errors: [{ pointer: "/change", message: "Unrecognized key" }] }
        : {}),
    }),
    { status, headers: { "content-type": "application/problem+json", ...headers } },
  );

function clientOver(answers: (Response | Error)[], retry = {}) {
  const { fetch, sent } = scripted(answers);
  const slept: number[] = [];
  let keys = 0;
  const client = createAnodeflowClient({
    baseUrl: "http://api.test/",
    apiKey: "afk_test_secret",
    fetch,
    retry,
    sleep: async (ms) => {
      slept.push(ms);
    },
    idempotencyKey: () => `key-${++keys}`,
  });
  return { client, sent, slept };
}

const job = (status: Job["status"], extra: Partial<Job> = {}): Job => ({
  id: "jb_1",
  kind: "batch",
  status,
  progress: { phase: status === "running" ? "running" : "done", done: 0, total: 1 },
  result: null,
  resultUrl: null,
  problem: null,
  createdAt: "2025-01-01T00:00:00.000Z",
  updatedAt: "2025-01-01T00:00:01.000Z",
  ...extra,
});

const usage = { organisationId: "org_1" };

describe("requests", () => {
  it("send the key on every request and a new Idempotency-Key on each POST only", async () => {
    const { client, sent } = clientOver([json(200, usage), json(200, {}), json(200, {})]);
    await client.GET("/v1/usage");
    await client.POST("/v1/solve", { body: { datasetId: "ds_1" } });
    await client.POST("/v1/solve", { body: { datasetId: "ds_1" } });
    expect(sent.map((s) => s.url)).toEqual([
      "http://api.test/v1/usage",
      "http://api.test/v1/solve",
      "http://api.test/v1/solve",
    ]);
    expect(sent.map((s) => s.headers.get("authorization"))).toEqual(
      Array(3).fill("Bearer afk_test_secret"),
    );
    expect(sent.map((s) => s.headers.get("idempotency-key"))).toEqual([null, "key-1", "key-2"]);
  });

  it("keeps a key the caller set", async () => {
    const { client, sent } = clientOver([json(201, {})]);
    await client.POST("/v1/scenarios", {
      params: { header: { "idempotency-key": "mine" } },
      body: { datasetId: "ds_1", name: "n" },
    });
    expect(sent[0]?.headers.get("idempotency-key")).toBe("mine");
  });
});

describe("retries", () => {
  it("wait Retry-After seconds after a 429 and send the same POST with the same key", async () => {
    const { client, sent, slept } = clientOver([
      problem(429, "rate_limited", { "retry-after": "2" }),
      problem(503, "overloaded", { "retry-after": "1" }),
      json(200, { status: "optimal" }),
    ]);
    const { data } = await client.POST("/v1/solve", { body: { datasetId: "ds_1" } });
    expect(data).toEqual({ status: "optimal" });
    expect(slept).toEqual([2000, 1000]);
    expect(sent.map((s) => s.headers.get("idempotency-key"))).toEqual(["key-1", "key-1", "key-1"]);
    expect(new Set(sent.map((s) => s.body))).toEqual(new Set(['{"datasetId":"ds_1"}']));
  });

  it("back off by doubling when no Retry-After is sent, and stop after maxAttempts", async () => {
    const { client, sent, slept } = clientOver(
      [problem(503, "unavailable"), problem(503, "unavailable"), problem(503, "unavailable")],
      { maxAttempts: 3, baseDelayMs: 100 },
    );
    const error = await client.GET("/v1/usage").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnodeflowProblem);
    expect(error).toMatchObject({ status: 503, code: "unavailable" });
    expect(sent).toHaveLength(3);
    expect(slept).toEqual([100, 200]);
  });

  it("do not wait past maxDelayMs: the answer surfaces at once", async () => {
    const { client, sent, slept } = clientOver(
      [problem(429, "rate_limited", { "retry-after": "3600" })],
      { maxDelayMs: 60_000 },
    );
    await expect(client.GET("/v1/usage")).rejects.toMatchObject({ code: "rate_limited" });
    expect(sent).toHaveLength(1);
    expect(slept).toEqual([]);
  });

  it("retry 409 idempotency_key_in_use (the first try still runs) but no other 409 or 4xx", async () => {
    const inUse = clientOver([
      problem(409, "idempotency_key_in_use", { "retry-after": "5" }),
      json(201, { id: "sc_1" }),
    ]);
    const { data } = await inUse.client.POST("/v1/scenarios", {
      body: { datasetId: "ds_1", name: "n" },
    });
    expect(data).toEqual({ id: "sc_1" });
    expect(inUse.slept).toEqual([5000]);

    const reused = clientOver([problem(422, "idempotency_key_reused")]);
    await expect(
      reused.client.POST("/v1/scenarios", { body: { datasetId: "ds_1", name: "n" } }),
    ).rejects.toMatchObject({ status: 422, code: "idempotency_key_reused" });
    expect(reused.sent).toHaveLength(1);
  });

  it("try a GET again after a lost connection, never a POST", async () => {
    const get = clientOver([new TypeError("fetch failed"), json(200, usage)], { baseDelayMs: 7 });
    expect((await get.client.GET("/v1/usage")).data).toEqual(usage);
    expect(get.slept).toEqual([7]);

    const post = clientOver([new TypeError("fetch failed")]);
    await expect(post.client.POST("/v1/solve", { body: { datasetId: "ds_1" } })).rejects.toThrow(
      "fetch failed",
    );
    expect(post.sent).toHaveLength(1);
  });

  it("read Retry-After as seconds or as an HTTP date", () => {
    const at = (value: string) => new Response(null, { headers: { "retry-after": value } });
    const now = () => Date.parse("2025-01-01T00:00:00Z");
    expect(retryAfterMs(at("12"), now)).toBe(12_000);
    expect(retryAfterMs(at("Wed, 01 Jan 2025 00:00:30 GMT"), now)).toBe(30_000);
    expect(retryAfterMs(at("soon"), now)).toBeUndefined();
    expect(retryAfterMs(new Response(null), now)).toBeUndefined();
  });
});

describe("problems", () => {
  it("throw AnodeflowProblem with the code, status, detail, errors and request id", async () => {
    const { client } = clientOver([problem(422, "validation_failed")]);
    const error = await client
      .POST("/v1/solve", { body: { datasetId: "ds_1" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnodeflowProblem);
    const p = error as AnodeflowProblem;
    expect([p.status, p.code, p.detail, p.requestId]).toEqual([
      422,
      "validation_failed",
      "detail of validation_failed",
      "req-1",
    ]);
    expect(p.errors).toEqual([{ pointer: "/change", message: "Unrecognized key" }]);
    expect(p.message).toBe("422 validation_failed: detail of validation_failed");
  });

  it("make an answer that is not a problem an unexpected_response", async () => {
    const { client } = clientOver([
      new Response("<html>bad gateway</html>", {
        status: 502,
        statusText: "Bad Gateway",
        headers: { "x-request-id": "edge-9" },
      }),
    ]);
    await expect(client.GET("/v1/usage")).rejects.toMatchObject({
      status: 502,
      code: "unexpected_response",
      requestId: "edge-9",
      detail: "502 Bad Gateway: <html>bad gateway</html>",
    });
  });
});

describe("jobs", () => {
  const accepted = () =>
    json(202, job("running"), { location: "/v1/jobs/jb_1", "preference-applied": "respond-async" });
  const batch = { items: [{ id: "pl_1" }] };

  it("poll the Location until the job ends, honouring Retry-After, and return its result", async () => {
    const { client, sent, slept } = clientOver([
      accepted(),
      json(200, job("running")),
      json(200, job("running", { progress: { phase: "running", done: 1, total: 2 } }), {
        "retry-after": "3",
      }),
      json(200, job("succeeded", { result: batch })),
    ]);
    const seen: (number | undefined)[] = [];
    const result = await client.jobResult(
      client.POST("/v1/batches", { body: { scenarioIds: ["sc_1"] }, headers: respondAsync }),
      { pollIntervalMs: 250, onProgress: (j) => seen.push(j.progress.done) },
    );
    expect(result).toEqual(batch);
    expect(sent[0]?.headers.get("prefer")).toBe("respond-async");
    expect(sent.slice(1).map((s) => `${s.method} ${s.url}`)).toEqual(
      Array(3).fill("GET http://api.test/v1/jobs/jb_1"),
    );
    expect(slept).toEqual([250, 3000]);
    expect(seen).toEqual([0, 1]);
  });

  it("return a result answered at once (a server without jobs ignores the preference)", async () => {
    const { client, sent } = clientOver([json(201, batch)]);
    const result = await client.jobResult(
      client.POST("/v1/batches", { body: { scenarioIds: ["sc_1"] }, headers: respondAsync }),
    );
    expect(result).toEqual(batch);
    expect(sent).toHaveLength(1);
  });

  it("throw a failed job's problem, a cancelled job as JobCancelled", async () => {
    const failed = clientOver([
      accepted(),
      json(200, {
        ...job("failed"),
        problem: { status: 503, code: "job_interrupted", detail: "The server stopped" },
      }),
    ]);
    await expect(
      failed.client.jobResult(failed.client.POST("/v1/batches", { body: { scenarioIds: ["s"] } })),
    ).rejects.toMatchObject({ name: "AnodeflowProblem", status: 503, code: "job_interrupted" });

    const cancelled = clientOver([accepted(), json(200, job("cancelled"))]);
    await expect(
      cancelled.client.jobResult(
        cancelled.client.POST("/v1/batches", { body: { scenarioIds: ["s"] } }),
      ),
    ).rejects.toBeInstanceOf(JobCancelled);
  });

  it("stop waiting after maxWaitMs of waits", async () => {
    const { client, slept } = clientOver([
      json(200, job("running")),
      json(200, job("running")),
      json(200, job("running")),
    ]);
    const error = await client
      .waitForJob("http://api.test/v1/jobs/jb_1", { pollIntervalMs: 400, maxWaitMs: 1000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobStillRunning);
    expect((error as JobStillRunning).waitedMs).toBe(800);
    expect(slept).toEqual([400, 400]);
  });
});

describe("against the app in process", () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("stores a dataset, solves { datasetId } and answers an unknown scenario with a typed problem", async () => {
    const client = createAnodeflowClient({
      baseUrl: "http://localhost",
      fetch: async (request) => await t.app.request(request),
    });
    const dataset = await expectData(
      client.POST("/v1/datasets", { body: { network: fixture("two-plants.json") } }),
    );
    const solved = await expectData(client.POST("/v1/solve", { body: { datasetId: dataset.id } }));
    expect(solved.status).toBe("optimal");

    const error = await client
      .POST("/v1/scenarios/{id}/plans", { params: { path: { id: "sc_missing" } }, body: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnodeflowProblem);
    expect(error).toMatchObject({ status: 404, code: "not_found" });
  });
});
