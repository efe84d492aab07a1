import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maxChanges } from "../../src/http/docs/docs.ts";
import { createTestApp, testLimits } from "./support/test-app.ts";

const swaggerUiDir = dirname(
  createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"),
);

/** The parts of an OpenAPI document these tests read. */
interface Operation {
  operationId: string;
  tags: string[];
  parameters?: { in: string; name: string }[];
  security?: Record<string, string[]>[];
  responses: Record<
    string,
    { content?: Record<string, { schema: { $ref?: string } }>; headers?: Record<string, unknown> }
  >;
}
interface Document {
  openapi: string;
  info: { title: string; description: string };
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, { properties?: Record<string, { maxItems?: number }> }>;
    securitySchemes: Record<string, { type: string; scheme: string }>;
  };
}

let t: Awaited<ReturnType<typeof createTestApp>>;
let doc: Document;
beforeAll(async () => {
  t = await createTestApp({
    docsAssets: async (name) => new Uint8Array(await readFile(join(swaggerUiDir, name))).buffer,
  });
  doc = await (await t.app.request("/openapi.json")).json();
});
afterAll(() => t.close());

const operations = [
  "get /healthz",
  "post /v1/solve",
  "post /v1/sweeps",
  "post /v1/batches",
  "get /v1/jobs/{id}",
  "delete /v1/jobs/{id}",
  "post /v1/datasets",
  "get /v1/datasets",
  "get /v1/datasets/{id}",
  "get /v1/datasets/{id}/network.xlsx",
  "post /v1/scenarios",
  "get /v1/scenarios",
  "get /v1/scenarios/{id}",
  "post /v1/scenarios/{id}/plans",
  "get /v1/plans",
  "get /v1/plans/{id}",
  "get /v1/plans/{id}/flows.csv",
  "get /v1/plans/{id}/plan.xlsx",
  "get /v1/plans/{id}/regions",
  "get /v1/plans/{id}/compare/{otherId}",
  "post /v1/plans/compare",
  "get /v1/keys",
  "post /v1/keys",
  "delete /v1/keys/{id}",
  "get /v1/usage",
];

/** Every `$ref` in the document, wherever it sits. */
function refs(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refs);
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, v]) =>
    key === "$ref" && typeof v === "string" ? [v] : refs(v),
  );
}

describe("GET /openapi.json", () => {
  it("is an OpenAPI 3.1 document with exactly the API's operations", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title).toBe("anodeflow API");
    const found = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method} ${path}`),
    );
    expect(found.sort()).toEqual([...operations].sort());
  });

  it("gives every operation a unique id, a tag and a problem+json answer for each error", () => {
    const ids = new Set<string>();
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item)) {
        expect(ids.has(op.operationId)).toBe(false);
        ids.add(op.operationId);
        expect(op.tags).toHaveLength(1);
        expect(Object.keys(op.responses)).toContain("500");
        for (const [status, response] of Object.entries(op.responses)) {
          if (Number(status) < 400) continue;
          expect(response.content?.["application/problem+json"]?.schema.$ref).toBe(
            "#/components/schemas/Problem",
          );
        }
      }
    }
  });

  it("declares the path parameters of every templated path", () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      const names = [...path.matchAll(/{(\w+)}/g)].map((m) => m[1]);
      for (const op of Object.values(item)) {
        const declared = (op.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name);
        expect(declared.sort()).toEqual([...names].sort());
      }
    }
  });

  it("resolves every $ref to a component", () => {
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(0);
    for (const ref of all) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[ref.split("/").at(-1) as string], ref).toBeDefined();
    }
    for (const name of ["Network", "Plan", "Problem", "Comparison", "Provenance"]) {
      expect(doc.components.schemas[name], name).toBeDefined();
    }
  });

  it("names the one role each /v1 operation needs, and documents 401, 403 and 429 with their headers", () => {
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const where = `${method} ${path}`;
        if (!path.startsWith("/v1/")) {
          expect(op.security, where).toBeUndefined();
          continue;
        }
        expect(op.security, where).toHaveLength(1);
        const roles = op.security?.[0]?.apiKey;
        expect(roles, where).toHaveLength(1);
        expect(["viewer", "planner", "admin"], where).toContain(roles?.[0]);
        for (const status of ["401", "403", "429"]) {
          expect(Object.keys(op.responses), where).toContain(status);
        }
        expect(Object.keys(op.responses["401"]?.headers ?? {})).toContain("WWW-Authenticate");
        expect(Object.keys(op.responses["429"]?.headers ?? {})).toContain("Retry-After");
      }
    }
  });

  it("documents Idempotency-Key on every create but the key's own, and 429 and 503 on every solve", () => {
    const takesKey = (op: Operation | undefined) =>
      (op?.parameters ?? []).some((p) => p.in === "header" && p.name === "idempotency-key");
    expect(takesKey(doc.paths["/v1/datasets"]?.post)).toBe(true);
    expect(takesKey(doc.paths["/v1/scenarios"]?.post)).toBe(true);
    expect(takesKey(doc.paths["/v1/scenarios/{id}/plans"]?.post)).toBe(true);
    expect(takesKey(doc.paths["/v1/keys"]?.post)).toBe(false);
    for (const op of [doc.paths["/v1/solve"]?.post, doc.paths["/v1/scenarios/{id}/plans"]?.post]) {
      expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(["429", "503"]));
      expect(Object.keys(op?.responses["503"]?.headers ?? {})).toContain("Retry-After");
    }
  });

  it("documents the limits the app enforces", () => {
    const description = doc.info.description;
    expect(description).toContain(`| ${testLimits.nodes} |`);
    expect(description).toContain(`| ${testLimits.lanes} |`);
    expect(description).toContain(`| ${testLimits.solvesPerOrganisation} |`);
    expect(description).toContain(`| ${testLimits.requestsPerMinute} |`);
    expect(description).toContain(
      `| ${testLimits.concurrentSolves}, then up to ${testLimits.queuedSolves} wait, each at most ${testLimits.solveQueueTimeoutMs} ms |`,
    );
    expect(description).toContain(`| ${maxChanges} |`);
    expect(doc.components.schemas.NewScenario?.properties?.changes?.maxItems).toBe(maxChanges);
  });

  it("is built once and served the same on every request", async () => {
    const again = await (await t.app.request("/openapi.json")).text();
    expect(again).toBe(JSON.stringify(doc));
  });
});

describe("GET /docs", () => {
  it("serves an API reference that loads only its own assets and document", async () => {
    const response = await t.app.request("/docs");
    expect(response.headers.get("content-type")).toContain("text/html");
    const html = await response.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(source).toMatch(/^\/docs\//);
    const init = await (await t.app.request("/docs/init.js")).text();
    expect(init).toContain('url: "/openapi.json"');
    expect(init).toContain("validatorUrl: null");
  });

  it("serves the Swagger UI files from the app", async () => {
    const response = await t.app.request("/docs/assets/swagger-ui-bundle.js");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/javascript");
    expect((await response.text()).length).toBeGreaterThan(100_000);
  });

  it("is 404 for a file that is not one of its assets", async () => {
    const response = await t.app.request("/docs/assets/package.json");
    expect(response.status).toBe(404);
  });
});
