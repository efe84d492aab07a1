// Webhook deliveries to a receiver on 127.0.0.1 (a node:http server in the test): signatures
// checked by an independent HMAC, retries after a 500, a job's end, every attempt recorded.
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as jobRoutes from "../../src/http/jobs/jobs.routes.ts";
import * as planRoutes from "../../src/http/plans/plans.routes.ts";
import * as sweepRoutes from "../../src/http/sweeps/sweeps.routes.ts";
import * as routes from "../../src/http/webhooks/webhooks.routes.ts";
import { createBaseline, createTestApp, fixture, jsonRequest, readAs } from "./support/test-app.ts";

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver that records every request and answers the statuses queued for its path (else 200). */
async function startReceiver() {
  const received: Received[] = [];
  const statuses = new Map<string, number[]>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const path = request.url ?? "/";
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString() });
      response.statusCode = statuses.get(path)?.shift() ?? 200;
      response.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    url: (path: string) => `http://127.0.0.1:${address.port}${path}`,
    received,
    /** The statuses the next requests to `path` get, in order. */
    answer(path: string, ...codes: number[]) {
      statuses.set(path, codes);
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** The Standard Webhooks signature, computed here with node:crypto, not with the app's code. */
function expectedSignature(secret: string, headers: IncomingHttpHeaders, body: string): string {
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  const signed = `${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`;
  return `v1,${createHmac("sha256", key).update(signed).digest("base64")}`;
}

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

describe("webhook deliveries to 127.0.0.1", () => {
  let t: TestApp;
  let receiver: Receiver;
  let scenarioId: string;
  beforeAll(async () => {
    receiver = await startReceiver();
    // Millisecond retries: the tests wait on the deliveries endpoint, never on a clock.
    t = await createTestApp({
      webhookSettings: { allowPrivate: true, maxAttempts: 3, retryBaseMs: 5, timeoutMs: 10_000 },
    });
    scenarioId = (await createBaseline(t.app, fixture("two-plants.json"))).scenario.id;
  });
  // Each test deletes its webhooks, so the next test's events reach only its own.
  afterEach(async () => {
    const { items } = await readAs(await t.app.request("/v1/webhooks"), routes.list, 200);
    for (const hook of items) await t.app.request(`/v1/webhooks/${hook.id}`, { method: "DELETE" });
  });

  const plan = async (): Promise<Response> =>
    t.app.request(`/v1/scenarios/${scenarioId}/plans`, jsonRequest("POST", {}));
  afterAll(async () => {
    t.close();
    await receiver.close();
  });

  const subscribe = async (path: string, events: string[]) =>
    readAs(
      await t.app.request("/v1/webhooks", jsonRequest("POST", { url: receiver.url(path), events })),
      routes.create,
      201,
    );

  /** The webhook's deliveries once none is pending. */
  async function settled(webhookId: string, count: number) {
    const read = async () =>
      readAs(await t.app.request(`/v1/webhooks/${webhookId}/deliveries`), routes.deliveries, 200);
    await expect
      .poll(
        async () => {
          const { items } = await read();
          return items.length === count && items.every((d) => d.status !== "pending");
        },
        { timeout: 60_000, interval: 20 },
      )
      .toBe(true);
    return (await read()).items;
  }

  it("fires job.succeeded when an async sweep ends, signed so that an independent HMAC verifies it", async () => {
    const hook = await subscribe("/jobs", ["job.succeeded", "job.failed"]);
    const accepted = await t.app.request("/v1/sweeps", {
      method: "POST",
      headers: { "content-type": "application/json", prefer: "respond-async" },
      body: JSON.stringify({
        network: fixture("two-plants.json"),
        changes: [{ kind: "scaleModeCost", mode: "rail", factor: 1 }],
        parameter: { change: 0, field: "factor", from: 0.5, to: 3 },
      }),
    });
    const job = await readAs(accepted, sweepRoutes.sweep, 202);
    const [delivery] = await settled(hook.id, 1);
    expect(delivery).toMatchObject({ event: "job.succeeded", status: "succeeded" });
    expect(delivery?.attempts).toHaveLength(1);
    expect(delivery?.attempts[0]).toMatchObject({ attempt: 1, statusCode: 200, error: null });

    const requests = receiver.received.filter((r) => r.path === "/jobs");
    expect(requests).toHaveLength(1);
    const [request] = requests as [Received];
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.headers["webhook-id"]).toBe(delivery?.id);
    expect(request.headers["webhook-timestamp"]).toMatch(/^\d{10}$/);
    expect(request.headers["webhook-signature"]).toBe(
      expectedSignature(hook.secret, request.headers, request.body),
    );
    // A changed body or another secret does not verify.
    expect(request.headers["webhook-signature"]).not.toBe(
      expectedSignature(hook.secret, request.headers, `${request.body} `),
    );
    expect(request.body).toBe(delivery?.payload);
    const payload = JSON.parse(request.body);
    expect(payload.type).toBe("job.succeeded");
    expect(payload.data).toMatchObject({
      id: job.id,
      kind: "sweep",
      status: "succeeded",
      url: `/v1/jobs/${job.id}`,
    });
    const ended = await readAs(await t.app.request(`/v1/jobs/${job.id}`), jobRoutes.get, 200);
    expect(ended.status).toBe("succeeded");
  });

  it("retries a destination that answers 500: two attempts recorded, then success", async () => {
    const hook = await subscribe("/flaky", ["plan.created"]);
    receiver.answer("/flaky", 500, 200);
    const created = await readAs(await plan(), planRoutes.create, 201);
    const [delivery] = await settled(hook.id, 1);
    expect(delivery?.status).toBe("succeeded");
    expect(delivery?.attempts.map((a) => [a.attempt, a.statusCode, a.error])).toEqual([
      [1, 500, "answered 500"],
      [2, 200, null],
    ]);
    expect(delivery?.attempts[0]?.nextAttemptAt).not.toBeNull();
    expect(delivery?.attempts[1]?.nextAttemptAt).toBeNull();
    expect(delivery?.nextAttemptAt).toBeNull();
    const requests = receiver.received.filter((r) => r.path === "/flaky");
    expect(requests).toHaveLength(2);
    // The same message id on both attempts, each signed for its own timestamp.
    expect(requests[0]?.headers["webhook-id"]).toBe(requests[1]?.headers["webhook-id"]);
    for (const request of requests)
      expect(request.headers["webhook-signature"]).toBe(
        expectedSignature(hook.secret, request.headers, request.body),
      );
    expect(JSON.parse(requests[1]?.body ?? "").data).toMatchObject({
      id: created.id,
      scenarioId,
      url: `/v1/plans/${created.id}`,
    });
  });

  it("fails a delivery after the last attempt, recording each error; nothing is sent to unsubscribed webhooks", async () => {
    const hook = await subscribe("/down", ["plan.created"]);
    const other = await subscribe("/other", ["job.cancelled"]);
    receiver.answer("/down", 503, 503, 503, 200);
    expect((await plan()).status).toBe(201);
    const [delivery] = await settled(hook.id, 1);
    expect(delivery?.status).toBe("failed");
    expect(delivery?.attempts.map((a) => [a.statusCode, a.nextAttemptAt === null])).toEqual([
      [503, false],
      [503, false],
      [503, true],
    ]);
    expect(receiver.received.filter((r) => r.path === "/down")).toHaveLength(3);
    const none = await readAs(
      await t.app.request(`/v1/webhooks/${other.id}/deliveries`),
      routes.deliveries,
      200,
    );
    expect(none.items).toEqual([]);
  });

  it("records a destination that cannot be reached, with no status", async () => {
    const closed = await startReceiver();
    const url = closed.url("/gone");
    await closed.close();
    const hook = await readAs(
      await t.app.request("/v1/webhooks", jsonRequest("POST", { url, events: ["plan.created"] })),
      routes.create,
      201,
    );
    expect((await plan()).status).toBe(201);
    const [delivery] = await settled(hook.id, 1);
    expect(delivery?.status).toBe("failed");
    expect(delivery?.attempts).toHaveLength(3);
    for (const attempt of delivery?.attempts ?? []) {
      expect(attempt.statusCode).toBeNull();
      expect(attempt.error).toMatch(/fetch failed/);
    }
  });
});
