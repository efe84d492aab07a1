import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomId } from "../../src/storage/ids.ts";
import { createRepositories } from "../../src/storage/repositories.ts";
import { createTestApp, readProblem, testLimits } from "./support/test-app.ts";

const failuresAllowed = 3;
let t: Awaited<ReturnType<typeof createTestApp>>;
let validKey: string;
let nowMs = 1_000_000;

beforeAll(async () => {
  t = await createTestApp({
    identify: undefined,
    limits: { ...testLimits, authFailuresPerMinute: failuresAllowed },
    // Stands in for the runtime's socket address.
    clientAddress: (c) => c.req.header("x-test-address"),
    now: () => nowMs,
  });
  const repositories = createRepositories({ db: t.db, newId: randomId, clock: () => new Date() });
  const { organisation } = await repositories.organisations.ensure("alpha");
  validKey = (await repositories.apiKeys.create(organisation.id, { role: "viewer" })).token;
});
afterAll(() => t.close());

const call = (address: string, key: string) =>
  t.app.request("/v1/datasets", {
    headers: { authorization: `Bearer ${key}`, "x-test-address": address },
  });
const invalidKey = "afk_nosuchkey_0000000000000000";

describe("failed authentication", () => {
  it("is 401 up to the limit, then 429 with Retry-After for that address's bad keys only", async () => {
    for (let i = 0; i < failuresAllowed; i++) {
      await readProblem(await call("10.0.0.1", invalidKey), undefined, "invalid_api_key");
    }
    const held = await call("10.0.0.1", invalidKey);
    const problem = await readProblem(held, undefined, "auth_throttled");
    expect(problem.status).toBe(429);
    const retryAfter = Number(held.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // A valid key from the held address still gets through; another address is untouched.
    expect((await call("10.0.0.1", validKey)).status).toBe(200);
    await readProblem(await call("10.0.0.1", invalidKey), undefined, "auth_throttled");
    expect((await call("10.0.0.2", validKey)).status).toBe(200);
    await readProblem(await call("10.0.0.2", invalidKey), undefined, "invalid_api_key");
  });

  it("is forgiven when the minute ends", async () => {
    nowMs += 60_000;
    await readProblem(await call("10.0.0.1", invalidKey), undefined, "invalid_api_key");
    expect((await call("10.0.0.1", validKey)).status).toBe(200);
  });

  it("never counts a valid key, however many requests it makes", async () => {
    nowMs += 60_000;
    for (let i = 0; i < 3 * failuresAllowed; i++) {
      expect((await call("10.0.0.3", validKey)).status).toBe(200);
    }
    for (let i = 0; i < failuresAllowed; i++) {
      await readProblem(await call("10.0.0.3", invalidKey), undefined, "invalid_api_key");
    }
  });

  it("does not count a request that sends no key at all", async () => {
    nowMs += 60_000;
    for (let i = 0; i < 2 * failuresAllowed; i++) {
      const response = await t.app.request("/v1/datasets", {
        headers: { "x-test-address": "10.0.0.4" },
      });
      await readProblem(response, undefined, "missing_api_key");
    }
    await readProblem(await call("10.0.0.4", invalidKey), undefined, "invalid_api_key");
  });
});
