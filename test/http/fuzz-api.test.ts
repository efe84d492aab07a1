import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as datasetRoutes from "../../src/http/datasets/datasets.routes.ts";
import { randomId } from "../../src/storage/ids.ts";
import { createRepositories } from "../../src/storage/repositories.ts";
import { expectSafeAnswer, hostileValue, prototypeKeys, toBody } from "./support/fuzz.ts";
import { createTestApp, fixture, readAs } from "./support/test-app.ts";

// Property-based fuzzing of the whole API surface, keys on: methods, paths, queries, headers, bodies.
let t: Awaited<ReturnType<typeof createTestApp>>;
let key: string;
let ids: string[];
const prototypeBefore = prototypeKeys();

beforeAll(async () => {
  t = await createTestApp({ identify: undefined });
  const repositories = createRepositories({ db: t.db, newId: randomId, clock: () => new Date() });
  const { organisation } = await repositories.organisations.ensure("fuzzers");
  key = (await repositories.apiKeys.create(organisation.id, { role: "admin" })).token;
  const dataset = await readAs(
    await t.app.request("/v1/datasets", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ network: fixture("two-plants.json") }),
    }),
    datasetRoutes.create,
    201,
  );
  ids = [dataset.id];
});
afterAll(() => t.close());

/** Printable ASCII, the only text a header value can carry. */
const headerText = (maxLength: number) =>
  fc.string({ unit: "binary-ascii", maxLength }).map((text) => text.replace(/[^\x20-\x7e]/g, "x"));

const templates = [
  "/v1/solve",
  "/v1/datasets",
  "/v1/datasets/{id}",
  "/v1/scenarios",
  "/v1/scenarios/{id}",
  "/v1/scenarios/{id}/plans",
  "/v1/plans",
  "/v1/plans/{id}",
  "/v1/plans/{id}/flows.csv",
  "/v1/plans/{id}/plan.xlsx",
  "/v1/datasets/{id}/network.xlsx",
  "/v1/plans/{id}/regions",
  "/v1/plans/{id}/compare/{id}",
  "/v1/plans/compare",
  "/v1/keys",
  "/v1/keys/{id}",
  "/v1/webhooks",
  "/v1/webhooks/{id}",
  "/v1/webhooks/{id}/deliveries",
  "/v1/jobs/{id}",
  "/healthz",
  "/docs/assets/{id}",
  "/v1/{id}",
  "/{id}",
];

const pathId = fc.oneof(
  fc.constantFrom("ds_0001", "..", "%2e%2e", "%00", "%ff", "__proto__", "constructor", "a/b", "@"),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.constant("x".repeat(5_000)),
);

const query = fc.oneof(
  fc.constant(""),
  fc
    .record({
      limit: fc.oneof(fc.integer().map(String), fc.constantFrom("NaN", "1e9", "-0", "", "1.5")),
      cursor: fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom("MTox", "AAAA", "%%%")),
      scenarioId: fc.string({ maxLength: 20 }),
      datasetId: fc.constantFrom("__proto__", "constructor", "ds_0001"),
    })
    .map((q) => `?${new URLSearchParams(q).toString()}`),
);

const request = fc.record({
  method: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"),
  template: fc.constantFrom(...templates),
  id: pathId,
  query,
  authorization: fc.oneof(
    fc.constant("valid"),
    fc.constant(undefined),
    headerText(80).map((text) => `Bearer ${text}`),
  ),
  contentType: fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "APPLICATION/JSON",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    undefined,
  ),
  idempotencyKey: fc.option(headerText(300), { nil: undefined }),
  requestId: fc.option(headerText(200), { nil: undefined }),
  body: fc.oneof(
    hostileValue.map(toBody),
    fc.string({ maxLength: 200 }),
    fc.uint8Array({ maxLength: 200 }).map((bytes) => new TextDecoder().decode(bytes)),
    fc.constantFrom("", "{", "[", "nul", '{"network":', "\ufeff{}", '{"a":1}{"b":2}'),
  ),
});

describe("fuzzing the API surface (seed 23)", () => {
  it("answers 1200 hostile requests with a 2xx or a 4xx problem, never a 5xx, and keeps serving", async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const path = r.template.replaceAll("{id}", r.id) + r.query;
        const headers = new Headers();
        if (r.authorization !== undefined) {
          headers.set(
            "authorization",
            r.authorization === "valid" ? `Bearer ${key}` : r.authorization,
          );
        }
        if (r.contentType !== undefined) headers.set("content-type", r.contentType);
        if (r.idempotencyKey !== undefined) headers.set("idempotency-key", r.idempotencyKey);
        if (r.requestId !== undefined) headers.set("x-request-id", r.requestId);
        const hasBody = r.method !== "GET" && r.method !== "HEAD";
        const response = await t.app.request(path, {
          method: r.method,
          headers,
          ...(hasBody ? { body: r.body } : {}),
        });
        const where = `${r.method} ${path.slice(0, 120)}`;
        if (r.method === "HEAD") {
          expect(response.status, where).toBeLessThan(500);
          return;
        }
        await expectSafeAnswer(response, where);
        expect(response.headers.get("x-request-id"), where).toBeTruthy();
      }),
      { seed: 23, numRuns: 1200 },
    );
    expect((await t.app.request("/healthz")).status).toBe(200);
    const listed = await t.app.request("/v1/datasets", {
      headers: { authorization: `Bearer ${key}` },
    });
    expect((await readAs(listed, datasetRoutes.list, 200)).items.map((d) => d.id)).toEqual(
      expect.arrayContaining(ids),
    );
    expect(prototypeKeys()).toEqual(prototypeBefore);
  });
});
