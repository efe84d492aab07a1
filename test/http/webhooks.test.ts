// Webhooks without a receiver: the contract, the secret, destinations refused, organisations kept apart, Workers.
import { createHmac } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebhookSettings } from "../../src/config.ts";
import { defaultWebhookSettings } from "../../src/http/app.ts";
import { isPrivateAddress } from "../../src/http/shared/destinations.ts";
import type { AppEnv } from "../../src/http/shared/types.ts";
import { newWebhookSecret, retryDelayMs, signWebhook } from "../../src/http/shared/webhooks.ts";
import * as routes from "../../src/http/webhooks/webhooks.routes.ts";
import { createTestApp, jsonRequest, pointers, readAs, readProblem } from "./support/test-app.ts";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
const apps: TestApp[] = [];
afterAll(() => {
  for (const app of apps) app.close();
});

/** Admin of the organisation named by the x-org header (org_a unless given). */
const byOrgHeader: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("organisationId", c.req.header("x-org") ?? "org_a");
  c.set("role", "admin");
  c.set("keyId", "test");
  await next();
};

// Name resolution without DNS: the test says where each name points.
const resolved: Record<string, string[]> = {
  "hooks.example.com": ["93.184.216.34", "2606:2800:220:1::1"],
  "internal.example.com": ["93.184.216.34", "10.0.0.7"],
  "rebind.example.com": ["::ffff:127.0.0.1"],
};
const resolveHost = async (host: string) => {
  const addresses = resolved[host];
  if (addresses === undefined) throw new Error(`ENOTFOUND ${host}`);
  return addresses;
};

const create = (t: TestApp, body: unknown, org = "org_a") =>
  t.app.request("/v1/webhooks", {
    ...jsonRequest("POST", body),
    headers: { "content-type": "application/json", "x-org": org },
  });

describe("POST /v1/webhooks", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ identify: byOrgHeader, resolveHost });
    apps.push(t);
  });

  it("creates a webhook whose secret is shown once: whsec_ and the base64 of 32 bytes", async () => {
    const answer = await create(t, {
      url: "https://hooks.example.com/anodeflow",
      events: ["job.succeeded", "plan.created"],
      description: "ERP",
    });
    const created = await readAs(answer, routes.create, 201);
    expect(answer.headers.get("location")).toBe(`/v1/webhooks/${created.id}`);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(created.secret.slice("whsec_".length), "base64")).toHaveLength(32);
    const read = await readAs(await t.app.request(`/v1/webhooks/${created.id}`), routes.get, 200);
    expect(read).toEqual({
      id: created.id,
      url: "https://hooks.example.com/anodeflow",
      events: ["job.succeeded", "plan.created"],
      description: "ERP",
      createdAt: created.createdAt,
    });
    expect(JSON.stringify(read)).not.toContain("whsec_");
    const listed = await readAs(await t.app.request("/v1/webhooks"), routes.list, 200);
    expect(listed.items.map((w) => w.id)).toContain(created.id);
    expect(JSON.stringify(listed)).not.toContain("whsec_");
  });

  it("refuses unknown fields, unknown and repeated events, and URLs that are not http(s), naming the field", async () => {
    const url = "https://hooks.example.com/x";
    const unknown = await readProblem(
      await create(t, { url, events: ["plan.created"], secret: "mine" }),
      routes.create,
      "unknown_field",
    );
    expect(pointers(unknown)).toEqual(["/secret"]);
    const cases: [unknown, string][] = [
      [{ url, events: ["plan.deleted"] }, "/events/0"],
      [{ url, events: [] }, "/events"],
      [{ url, events: ["plan.created", "plan.created"] }, "/events"],
      [{ url: "ftp://hooks.example.com/x", events: ["plan.created"] }, "/url"],
      [{ url: "not a url", events: ["plan.created"] }, "/url"],
      [{ events: ["plan.created"] }, "/url"],
    ];
    for (const [body, pointer] of cases) {
      const problem = await readProblem(await create(t, body), routes.create, "validation_failed");
      expect(pointers(problem), JSON.stringify(body)).toContain(pointer);
    }
  });

  it("refuses loopback, private, link-local and unique-local destinations with 422 naming /url", async () => {
    for (const url of [
      "http://127.0.0.1:8080/hook",
      "http://2130706433/hook",
      "http://localhost/hook",
      "http://api.localhost/hook",
      "http://[::1]/hook",
      "http://[::ffff:10.1.2.3]/hook",
      "http://10.1.2.3/hook",
      "http://172.20.0.5/hook",
      "http://192.168.1.10/hook",
      "http://169.254.169.254/latest/meta-data",
      "http://[fe80::1]/hook",
      "http://[fd12:3456::1]/hook",
      "http://0.0.0.0/hook",
      // By what the name resolves to (Node resolves; the test's resolver stands in).
      "https://internal.example.com/hook",
      "https://rebind.example.com/hook",
      "https://nowhere.example.com/hook",
    ]) {
      const problem = await readProblem(
        await create(t, { url, events: ["plan.created"] }),
        routes.create,
        "destination_not_allowed",
      );
      expect(problem.status, url).toBe(422);
      expect(pointers(problem), url).toEqual(["/url"]);
    }
    const public6 = await create(t, { url: "https://[2606:4700::1111]/h", events: ["job.failed"] });
    await readAs(public6, routes.create, 201);
  });

  it("allows private destinations when WEBHOOK_ALLOW_PRIVATE is set", async () => {
    const settings: WebhookSettings = { ...defaultWebhookSettings, allowPrivate: true };
    const allowing = await createTestApp({ webhookSettings: settings });
    apps.push(allowing);
    await readAs(
      await allowing.app.request(
        "/v1/webhooks",
        jsonRequest("POST", { url: "http://127.0.0.1:9/hook", events: ["job.failed"] }),
      ),
      routes.create,
      201,
    );
  });

  it("keeps organisations apart: another organisation's webhook is 404 to read, delete or list deliveries", async () => {
    const mine = await readAs(
      await create(t, { url: "https://hooks.example.com/b", events: ["job.failed"] }, "org_b"),
      routes.create,
      201,
    );
    const asA = { headers: { "x-org": "org_a" } };
    await readProblem(await t.app.request(`/v1/webhooks/${mine.id}`, asA), routes.get, "not_found");
    await readProblem(
      await t.app.request(`/v1/webhooks/${mine.id}/deliveries`, asA),
      routes.deliveries,
      "not_found",
    );
    await readProblem(
      await t.app.request(`/v1/webhooks/${mine.id}`, { ...asA, method: "DELETE" }),
      routes.remove,
      "not_found",
    );
    const listedA = await readAs(await t.app.request("/v1/webhooks", asA), routes.list, 200);
    expect(listedA.items.map((w) => w.id)).not.toContain(mine.id);
    // Still there for its own organisation, which can delete it; then it is gone.
    const asB = { headers: { "x-org": "org_b" } };
    await readAs(await t.app.request(`/v1/webhooks/${mine.id}`, asB), routes.get, 200);
    const deleted = await t.app.request(`/v1/webhooks/${mine.id}`, { ...asB, method: "DELETE" });
    expect(deleted.status).toBe(204);
    await readProblem(await t.app.request(`/v1/webhooks/${mine.id}`, asB), routes.get, "not_found");
  });

  it("answers 501 webhooks_unavailable where work cannot outlive its request (Workers)", async () => {
    const worker = await createTestApp({ jobs: false });
    apps.push(worker);
    const problem = await readProblem(
      await worker.app.request(
        "/v1/webhooks",
        jsonRequest("POST", { url: "https://hooks.example.com/x", events: ["job.failed"] }),
      ),
      routes.create,
      "webhooks_unavailable",
    );
    expect(problem.status).toBe(501);
    await readProblem(
      await worker.app.request("/v1/webhooks"),
      routes.list,
      "webhooks_unavailable",
    );
  });
});

describe("signing", () => {
  it("matches the Standard Webhooks reference vector", async () => {
    // The Standard Webhooks test vector (its reference libraries sign it so).
    const signature = await signWebhook(
      "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      "msg_p5jXN8AQM9LWM0D4loKWxJek",
      1614265330,
      '{"test": 2432232314}',
    );
    expect(signature).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("agrees with node:crypto's HMAC on fresh secrets", async () => {
    for (let i = 0; i < 5; i++) {
      const secret = newWebhookSecret();
      const body = JSON.stringify({ type: "plan.created", data: { i, text: "é ✓" } });
      const expected = createHmac("sha256", Buffer.from(secret.slice(6), "base64"))
        .update(`dl_${i}.1700000000.${body}`)
        .digest("base64");
      expect(await signWebhook(secret, `dl_${i}`, 1_700_000_000, body)).toBe(`v1,${expected}`);
    }
  });

  it("waits the base, then 4 times longer each time: 30 s, 2 min, 8 min, 32 min by default", () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, defaultWebhookSettings))).toEqual([
      30_000, 120_000, 480_000, 1_920_000,
    ]);
  });
});

describe("isPrivateAddress", () => {
  it.each([
    ["127.0.0.1", true],
    ["10.255.0.1", true],
    ["100.64.0.1", true],
    ["172.15.0.1", false],
    ["172.16.0.1", true],
    ["172.31.255.255", true],
    ["172.32.0.1", false],
    ["192.168.0.1", true],
    ["169.254.1.1", true],
    ["224.0.0.1", true],
    ["255.255.255.255", true],
    ["8.8.8.8", false],
    ["::", true],
    ["::1", true],
    ["::ffff:127.0.0.1", true],
    ["::ffff:8.8.8.8", false],
    ["64:ff9b::a00:1", true],
    ["2002:0a00:0001::1", true],
    ["fc00::1", true],
    ["fdff:ffff::1", true],
    ["fe80::1%eth0", true],
    ["febf::1", true],
    ["ff02::1", true],
    ["2001:db8::1", true],
    ["2001:4860:4860::8888", false],
    ["2606:4700::1111", false],
    ["example.com", undefined],
    ["1.2.3", undefined],
    ["1::2::3", undefined],
  ] as const)("%s: %s", (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });
});
