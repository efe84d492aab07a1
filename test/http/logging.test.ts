import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { defaultLogger } from "../../src/http/shared/logging.ts";
import type { LogLine } from "../../src/http/shared/types.ts";
import { randomId } from "../../src/storage/ids.ts";
import { createRepositories } from "../../src/storage/repositories.ts";
import { createTestApp, fixture, readProblem } from "./support/test-app.ts";

// API keys on, every log line kept.
const lines: LogLine[] = [];
let t: Awaited<ReturnType<typeof createTestApp>>;
let key: string;
beforeAll(async () => {
  t = await createTestApp({ identify: undefined, log: (line) => lines.push(line) });
  const repositories = createRepositories({ db: t.db, newId: randomId, clock: () => new Date() });
  const { organisation } = await repositories.organisations.ensure("loggers");
  key = (await repositories.apiKeys.create(organisation.id, { role: "planner" })).token;
});
afterAll(() => t.close());

const request = (path: string, init: RequestInit = {}) => {
  lines.length = 0;
  return t.app.request(path, init);
};

describe("request ids", () => {
  it("echo the client's X-Request-Id in the answer and the log line", async () => {
    const response = await request("/healthz", { headers: { "x-request-id": "client-id-42" } });
    expect(response.headers.get("x-request-id")).toBe("client-id-42");
    expect(lines.map((line) => line.requestId)).toEqual(["client-id-42"]);
  });

  it("are made fresh when the client sends none, or one that is not a plain token", async () => {
    for (const sent of [undefined, "has spaces", "x".repeat(129), 'quote"s']) {
      const response = await request("/healthz", {
        headers: sent === undefined ? {} : { "x-request-id": sent },
      });
      const id = response.headers.get("x-request-id");
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(lines[0]?.requestId).toBe(id);
    }
  });

  it("appear in problem bodies, on every kind of error", async () => {
    const problems = [
      await request("/v1/plans"),
      await request("/v1/plans/pl_nope", {
        headers: { authorization: `Bearer ${key}`, "x-request-id": "mine" },
      }),
      await request("/nowhere"),
      await request("/v1/solve", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: "{",
      }),
    ];
    for (const response of problems) {
      const text = await response.clone().text();
      const problem = JSON.parse(text);
      expect(problem.requestId, text).toBe(response.headers.get("x-request-id"));
    }
    expect(problems[1]?.headers.get("x-request-id")).toBe("mine");
  });
});

describe("log lines", () => {
  it("are one per request, with method, path, status, milliseconds, organisation and key id", async () => {
    await request("/v1/datasets?limit=5", { headers: { authorization: `Bearer ${key}` } });
    expect(lines).toHaveLength(1);
    const line = lines[0];
    expect(line).toMatchObject({
      level: "info",
      msg: "request",
      method: "GET",
      path: "/v1/datasets",
      status: 200,
    });
    expect(line?.org).toMatch(/^org_/);
    expect(line?.key).toMatch(/^ak_/);
    expect(typeof line?.ms).toBe("number");
  });

  it("never hold a key, an Authorization header or a body, whatever the request", async () => {
    const secret = key.split("_").at(-1) ?? "";
    const wrong = `${key.slice(0, -1)}x`;
    const all: LogLine[] = [];
    const calls: [string, RequestInit][] = [
      ["/v1/datasets", { headers: { authorization: `Bearer ${key}` } }],
      ["/v1/datasets", { headers: { authorization: `Bearer ${wrong}` } }],
      ["/v1/datasets", { headers: { authorization: `Basic ${btoa(`user:${key}`)}` } }],
      [`/v1/plans/${key}`, { headers: { authorization: `Bearer ${key}` } }],
      [`/v1/plans?cursor=${key}`, { headers: { authorization: `Bearer ${key}` } }],
      [
        "/v1/solve",
        {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: JSON.stringify({ network: { ...fixture("two-plants.json"), name: key } }),
        },
      ],
    ];
    for (const [path, init] of calls) {
      await request(path, init);
      all.push(...lines);
    }
    expect(all.length).toBeGreaterThanOrEqual(calls.length);
    const text = all.map((line) => JSON.stringify(line)).join("\n");
    for (const needle of [secret, wrong, "Bearer", "Basic", "authorization"]) {
      expect(text).not.toContain(needle);
    }
  });

  it("are written as JSON lines with a timestamp by the default logger", () => {
    const out = vi.spyOn(console, "log").mockImplementation(() => {});
    defaultLogger({ level: "info", msg: "request", requestId: "r1", status: 200 });
    const written = String(out.mock.calls[0]?.[0]);
    out.mockRestore();
    expect(written).not.toContain("\n");
    expect(JSON.parse(written)).toMatchObject({ level: "info", requestId: "r1", status: 200 });
    expect(JSON.parse(written).time).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("answer a 401 too, with the request's line", async () => {
    const response = await request("/v1/plans", { headers: { "x-request-id": "anon-1" } });
    await readProblem(response, undefined, "missing_api_key");
    expect(lines[0]).toMatchObject({ requestId: "anon-1", status: 401, org: null, key: null });
  });
});
