// Jobs and webhook deliveries on Workers: the JOBS queue (local, in Miniflare) and the Worker's own queue() consumer.
/// <reference types="@cloudflare/vitest-pool-workers/types" />
import {
  createExecutionContext,
  createMessageBatch,
  env,
  getQueueResult,
  SELF,
} from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { NetworkInput } from "../../models/allocation/network.ts";
import worker from "../../src/entry/worker.ts";
import * as batchRoutes from "../../src/http/batches/batches.routes.ts";
import * as jobRoutes from "../../src/http/jobs/jobs.routes.ts";
import * as planRoutes from "../../src/http/plans/plans.routes.ts";
import * as scenarioRoutes from "../../src/http/scenarios/scenarios.routes.ts";
import type { QueueMessage } from "../../src/http/shared/types.ts";
import * as webhookRoutes from "../../src/http/webhooks/webhooks.routes.ts";
import { createD1Db, type D1Binding } from "../../src/storage/db.ts";
import { randomId } from "../../src/storage/ids.ts";
import { migrate } from "../../src/storage/migrate.ts";
import { defaultOrganisationId } from "../../src/storage/organisations.ts";
import { createRepositories } from "../../src/storage/repositories.ts";
import twoPlants from "../http/fixtures/two-plants.json";
import { createBaseline, jsonRequest, type Requester, readAs } from "../http/support/contract.ts";

const network = twoPlants as NetworkInput;
const renamed = (name: string): NetworkInput => ({ ...network, name });
const respondAsync = { "content-type": "application/json", prefer: "respond-async" };
let token: string;
let repositories: ReturnType<typeof createRepositories>;

const api: Requester = {
  request: (path, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${token}`);
    return SELF.fetch(`https://anodeflow.test${path}`, { ...init, headers });
  },
};
const postAsync = (path: string, body: unknown) =>
  api.request(path, { method: "POST", headers: respondAsync, body: JSON.stringify(body) });

/**
 * Reads `path` until `done` holds of its JSON, at most `tries` times: bounded by the number of
 * reads, not by time. Each read is a request to the Worker, which lets the local queue deliver.
 */
async function readUntil<T>(path: string, done: (body: T) => boolean, tries = 5_000): Promise<T> {
  let body: T | undefined;
  for (let i = 0; i < tries; i++) {
    body = (await (await api.request(path)).json()) as T;
    if (done(body)) return body;
  }
  throw new Error(`${path} never got there in ${tries} reads: ${JSON.stringify(body)}`);
}

type JobBody = { status: string; resultUrl: string | null };
const ended = (job: JobBody) => job.status !== "queued" && job.status !== "running";

/**
 * Requests the Worker sends out (webhook deliveries), answered by `answer`; read as they come, since
 * a body cannot be read from another request's context later.
 */
const sent: { headers: Headers; body: string }[] = [];
let answer: () => Response = () => new Response(null, { status: 204 });

beforeAll(async () => {
  const db = createD1Db((env as { DB: D1Binding }).DB);
  await migrate(db, undefined, { wrangler: true });
  repositories = createRepositories({ db, newId: randomId, clock: () => new Date() });
  await repositories.organisations.ensure("default", defaultOrganisationId);
  ({ token } = await repositories.apiKeys.create(defaultOrganisationId, {
    role: "admin",
    name: "queues test",
  }));
  // The Worker's outgoing fetches: the Worker and this suite share an isolate, so its fetch is ours.
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    if (new URL(request.url).hostname !== "receiver.anodeflow.test") return realFetch(input, init);
    sent.push({ headers: request.headers, body: await request.text() });
    return answer();
  });
});

afterEach(() => {
  answer = () => new Response(null, { status: 204 });
});

/** One message handed to the Worker's queue() as the queue would, and what it did with it. */
async function consume(message: QueueMessage, attempts = 1) {
  const batch = createMessageBatch<QueueMessage>("anodeflow-jobs", [
    { id: `msg-${crypto.randomUUID()}`, timestamp: new Date(), attempts, body: message },
  ]);
  // getQueueResult names the retried messages but not their delays: the call itself says.
  const [sentMessage] = batch.messages;
  if (sentMessage === undefined) throw new Error("the batch has no message");
  const retry = vi.spyOn(sentMessage, "retry");
  const ctx = createExecutionContext();
  await worker.queue(batch, env as never);
  return { ...(await getQueueResult(batch, ctx)), retriedWith: retry.mock.calls };
}

describe("jobs on the JOBS queue", () => {
  it("queues a plan asked with Prefer: respond-async; the consumer plans it (2520) and its resultUrl reads it back", async () => {
    const { scenario } = await createBaseline(api, renamed("queued plan"));
    const accepted = await postAsync(`/v1/scenarios/${scenario.id}/plans`, {});
    const job = await readAs(accepted, planRoutes.create, 202);
    expect(accepted.headers.get("location")).toBe(`/v1/jobs/${job.id}`);
    expect(job.status).toBe("queued");
    const done = await readUntil<JobBody>(`/v1/jobs/${job.id}`, ended);
    const read = await readAs(await api.request(`/v1/jobs/${job.id}`), jobRoutes.get, 200);
    expect(read.status, JSON.stringify(done)).toBe("succeeded");
    expect(read.progress.phase).toBe("done");
    expect(read.resultUrl).toMatch(/^\/v1\/plans\/pl_/);
    const plan = await readAs(await api.request(read.resultUrl ?? ""), planRoutes.get, 200);
    // two-plants.json's optimum, written in the fixture.
    expect(plan.objectiveValue).toBeCloseTo(2520, 6);
    expect(plan.scenarioId).toBe(scenario.id);
  });

  it("runs a batch of two scenarios as one job: both plans stored, progress 2 of 2", async () => {
    const { dataset } = await createBaseline(api, renamed("queued batch"));
    const ids: string[] = [];
    for (const factor of [1, 2]) {
      const scenario = await readAs(
        await api.request(
          "/v1/scenarios",
          jsonRequest("POST", {
            datasetId: dataset.id,
            name: `rail x${factor}`,
            changes: [{ kind: "scaleModeCost", mode: "rail", factor }],
          }),
        ),
        scenarioRoutes.create,
        201,
      );
      ids.push(scenario.id);
    }
    const job = await readAs(
      await postAsync("/v1/batches", { scenarioIds: ids }),
      batchRoutes.create,
      202,
    );
    await readUntil<JobBody>(`/v1/jobs/${job.id}`, ended);
    const read = await readAs(await api.request(`/v1/jobs/${job.id}`), jobRoutes.get, 200);
    expect(read.status).toBe("succeeded");
    expect(read.progress).toEqual({ phase: "done", done: 2, total: 2 });
    const items = (read.result as { items: { id: string; objectiveValue: number }[] }).items;
    expect(items).toHaveLength(2);
    // Rail at x1 is the fixture's optimum; doubling it cannot make the plan cheaper.
    expect(items[0]?.objectiveValue).toBeCloseTo(2520, 6);
    expect(items[1]?.objectiveValue ?? 0).toBeGreaterThanOrEqual(2520 - 1e-6);
    for (const item of items)
      await readAs(await api.request(`/v1/plans/${item.id}`), planRoutes.get, 200);
  });

  it("cancels a queued job at once; its message then runs nothing", async () => {
    const { scenario } = await createBaseline(api, renamed("cancelled"));
    // Stored as the queue scheduler stores it, but with no message sent: the test delivers it.
    const job = await repositories.jobs.create(
      defaultOrganisationId,
      "plan",
      { phase: "running" },
      { task: { kind: "plan", scenarioId: scenario.id } },
    );
    const cancelled = await readAs(
      await api.request(`/v1/jobs/${job.id}`, { method: "DELETE" }),
      jobRoutes.cancel,
      202,
    );
    expect(cancelled.status).toBe("cancelled");
    const result = await consume({ type: "job", jobId: job.id });
    expect(result.explicitAcks).toHaveLength(1);
    const read = await readAs(await api.request(`/v1/jobs/${job.id}`), jobRoutes.get, 200);
    expect(read.status).toBe("cancelled");
    expect(read.result).toBeNull();
    const plans = await api.request(`/v1/plans?scenarioId=${scenario.id}`);
    expect(((await plans.json()) as { items: unknown[] }).items).toHaveLength(0);
  });

  it("fails a job as job_interrupted when its message comes again after the consumer stopped midway", async () => {
    const { scenario } = await createBaseline(api, renamed("interrupted"));
    const job = await repositories.jobs.create(
      defaultOrganisationId,
      "plan",
      { phase: "running" },
      { task: { kind: "plan", scenarioId: scenario.id } },
    );
    // The first delivery took it, then its invocation ended (the CPU limit, say).
    expect((await repositories.jobs.claim(job.id))?.claimed).toBe(true);
    const result = await consume({ type: "job", jobId: job.id }, 2);
    expect(result.explicitAcks).toHaveLength(1);
    const read = await readAs(await api.request(`/v1/jobs/${job.id}`), jobRoutes.get, 200);
    expect(read.status).toBe("failed");
    expect(read.problem?.code).toBe("job_interrupted");
  });
});

describe("webhook deliveries on the JOBS queue", () => {
  /** The base64 HMAC-SHA256 of `${id}.${timestamp}.${body}` keyed with the secret's bytes, by Web Crypto. */
  async function expectedSignature(secret: string, id: string, timestamp: string, body: string) {
    const bytes = Uint8Array.from(atob(secret.slice("whsec_".length)), (ch) => ch.charCodeAt(0));
    const key = await crypto.subtle.importKey(
      "raw",
      bytes,
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    const mac = await crypto.subtle.sign(
      "HMAC",
      key,
      new TextEncoder().encode(`${id}.${timestamp}.${body}`),
    );
    return `v1,${btoa(String.fromCharCode(...new Uint8Array(mac)))}`;
  }

  it("are on (201, not 501) and deliver a queued job's job.succeeded, signed and recorded", async () => {
    const created = await readAs(
      await api.request(
        "/v1/webhooks",
        jsonRequest("POST", {
          url: "https://receiver.anodeflow.test/hooks",
          events: ["job.succeeded"],
        }),
      ),
      webhookRoutes.create,
      201,
    );
    const { scenario } = await createBaseline(api, renamed("webhooked"));
    const job = await readAs(
      await postAsync(`/v1/scenarios/${scenario.id}/plans`, {}),
      planRoutes.create,
      202,
    );
    type Deliveries = { items: { id: string; status: string; event: string }[] };
    const listed = await readUntil<Deliveries>(
      `/v1/webhooks/${created.id}/deliveries`,
      (page) => page.items.length === 1 && page.items[0]?.status !== "pending",
    );
    const deliveries = await readAs(
      await api.request(`/v1/webhooks/${created.id}/deliveries`),
      webhookRoutes.deliveries,
      200,
    );
    const [delivery] = deliveries.items;
    expect(delivery?.status, JSON.stringify(listed)).toBe("succeeded");
    expect(delivery?.event).toBe("job.succeeded");
    expect(delivery?.attempts).toMatchObject([{ attempt: 1, statusCode: 204, error: null }]);
    const request = sent.find((r) => r.headers.get("webhook-id") === delivery?.id);
    if (request === undefined) throw new Error("the receiver got no request for the delivery");
    const { body } = request;
    expect(body).toBe(delivery?.payload);
    expect(JSON.parse(body)).toMatchObject({ type: "job.succeeded", data: { id: job.id } });
    expect(request.headers.get("webhook-signature")).toBe(
      await expectedSignature(
        created.secret,
        delivery?.id ?? "",
        request.headers.get("webhook-timestamp") ?? "",
        body,
      ),
    );
  });

  it("retries a failed attempt through the queue after the backoff's wait (30 s), then delivers", async () => {
    const created = await readAs(
      await api.request(
        "/v1/webhooks",
        jsonRequest("POST", {
          url: "https://receiver.anodeflow.test/flaky",
          events: ["plan.created"],
        }),
      ),
      webhookRoutes.create,
      201,
    );
    const target = await repositories.webhooks.target(created.id);
    if (target === undefined) throw new Error("the webhook was not stored");
    // Stored as an event's delivery is, but its message delivered by the test.
    const delivery = await repositories.webhooks.createDelivery(
      target,
      "plan.created",
      JSON.stringify({ type: "plan.created", timestamp: new Date().toISOString(), data: {} }),
    );
    answer = () => new Response("down", { status: 500 });
    const first = await consume({ type: "delivery", deliveryId: delivery.id });
    expect(first.explicitAcks).toEqual([]);
    expect(first.retryMessages).toHaveLength(1);
    // WEBHOOK_RETRY_BASE_MS's 30 s, as the Node sender would wait.
    expect(first.retriedWith).toEqual([[{ delaySeconds: 30 }]]);
    const failed = await repositories.webhooks.delivery(delivery.id);
    expect(failed?.status).toBe("pending");
    const [attempt] = failed?.attempts ?? [];
    // Due 30 s after the attempt ended (its start plus its duration, to the clock's millisecond).
    const dueAfterMs = Date.parse(attempt?.nextAttemptAt ?? "") - Date.parse(attempt?.at ?? "");
    expect(dueAfterMs).toBeGreaterThanOrEqual(30_000);
    expect(dueAfterMs).toBeLessThanOrEqual(30_000 + Math.ceil(attempt?.durationMs ?? 0) + 1);
    expect(failed?.attempts).toMatchObject([
      { attempt: 1, statusCode: 500, error: "answered 500" },
    ]);
    answer = () => new Response(null, { status: 200 });
    const second = await consume({ type: "delivery", deliveryId: delivery.id }, 2);
    expect(second.explicitAcks).toHaveLength(1);
    expect(second.retryMessages).toEqual([]);
    const delivered = await repositories.webhooks.delivery(delivery.id);
    expect(delivered?.status).toBe("succeeded");
    expect(delivered?.attempts.map((a) => a.statusCode)).toEqual([500, 200]);
    // A third delivery of the same message (at least once) attempts nothing more.
    expect(
      (await consume({ type: "delivery", deliveryId: delivery.id }, 3)).explicitAcks,
    ).toHaveLength(1);
    expect((await repositories.webhooks.delivery(delivery.id))?.attempts).toHaveLength(2);
  });
});
