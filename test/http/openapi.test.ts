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

/** A schema as the tests below read it. */
interface Schema {
  $ref?: string;
  type?: string;
  required?: string[];
  maximum?: number;
  properties?: Record<string, Schema & { default?: unknown }>;
  items?: Schema;
  [key: string]: unknown;
}
interface RawOperation {
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  responses: Record<string, { description?: string; headers?: Record<string, unknown> }>;
}

/** Calls `visit` on every object schema under `roots`, following $refs once each. */
function walk(
  roots: (Schema | undefined)[],
  schemas: Record<string, Schema>,
  visit: (schema: Schema, at: string) => void,
) {
  const seen = new Set<unknown>();
  const go = (value: unknown, at: string): void => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        go(item, `${at}[${i}]`);
      });
      return;
    }
    if (value === null || typeof value !== "object" || seen.has(value)) return;
    seen.add(value);
    const schema = value as Schema;
    if (typeof schema.$ref === "string") {
      const name = schema.$ref.split("/").at(-1) as string;
      go(schemas[name], name);
      return;
    }
    if (schema.properties !== undefined) visit(schema, at);
    for (const [key, item] of Object.entries(schema))
      go(item, key === "properties" ? at : `${at}.${key}`);
  };
  for (const root of roots) go(root, "");
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
  "delete /v1/datasets/{id}",
  "get /v1/datasets/{id}/network.xlsx",
  "post /v1/scenarios",
  "get /v1/scenarios",
  "get /v1/scenarios/{id}",
  "patch /v1/scenarios/{id}",
  "delete /v1/scenarios/{id}",
  "post /v1/scenarios/{id}/plans",
  "get /v1/plans",
  "get /v1/plans/{id}",
  "delete /v1/plans/{id}",
  "get /v1/plans/{id}/flows.csv",
  "get /v1/plans/{id}/plan.xlsx",
  "get /v1/plans/{id}/regions",
  "get /v1/plans/{id}/compare/{otherId}",
  "post /v1/plans/compare",
  "get /v1/keys",
  "post /v1/keys",
  "delete /v1/keys/{id}",
  "get /v1/usage",
  "post /v1/webhooks",
  "get /v1/webhooks",
  "get /v1/webhooks/{id}",
  "delete /v1/webhooks/{id}",
  "get /v1/webhooks/{id}/deliveries",
  "get /v1/export",
  "post /v1/import",
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
          expect(op.security, where).toEqual([]);
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

  it("lists defaulted fields as optional in request schemas and required in response schemas", () => {
    const schemas = doc.components.schemas as unknown as Record<string, Schema>;
    const sent = new Set<string>();
    const read = new Set<string>();
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item) as unknown as RawOperation[]) {
        for (const ref of refs(op.requestBody ?? null)) sent.add(ref);
        for (const ref of refs(op.responses)) read.add(ref);
      }
    }
    const defaulted = { sent: [] as string[], read: [] as string[] };
    walk(
      [...sent].map((ref) => schemas[ref.split("/").at(-1) as string]),
      schemas,
      (schema, at) => {
        for (const [name, property] of Object.entries(schema.properties ?? {})) {
          if (!("default" in property)) continue;
          defaulted.sent.push(`${at}.${name}`);
          expect(schema.required ?? [], `${at}.${name} is sent with a default`).not.toContain(name);
        }
      },
    );
    walk(
      [...read].map((ref) => schemas[ref.split("/").at(-1) as string]),
      schemas,
      (schema, at) => {
        for (const [name, property] of Object.entries(schema.properties ?? {})) {
          if (!("default" in property)) continue;
          defaulted.read.push(`${at}.${name}`);
          expect(schema.required ?? [], `${at}.${name} is read with its default`).toContain(name);
        }
      },
    );
    // The fields the issue named, on each side.
    expect(schemas.SolveRequest?.required ?? []).not.toContain("changes");
    expect(schemas.NewScenario?.required ?? []).not.toContain("changes");
    expect(schemas.NetworkInput?.required).not.toContain("version");
    expect(schemas.Network?.required).toEqual(
      expect.arrayContaining(["version", "anodePerTonneAluminium", "ports", "options"]),
    );
    expect(schemas.Network?.properties?.modes?.items?.required).toContain("circuity");
    expect(schemas.NetworkInput?.properties?.modes?.items?.required).not.toContain("circuity");
    // 15 in the network (version, options, modes[].circuity, ...) and each request's changes.
    expect(defaulted.sent.length).toBeGreaterThanOrEqual(17);
    expect(defaulted.read.length).toBeGreaterThanOrEqual(15);
  });

  it("declares servers, /healthz without a key, the time limit's maximum and the headers middleware sets", () => {
    const raw = doc as unknown as {
      servers?: { url: string }[];
      paths: Record<string, Record<string, RawOperation & { security?: unknown[] }>>;
    };
    expect(raw.servers?.[0]?.url).toBe("/");
    expect(raw.paths["/healthz"]?.get?.security).toEqual([]);
    const schemas = doc.components.schemas as unknown as Record<string, Schema>;
    expect(schemas.SolveOptions?.properties?.timeLimitMs?.maximum).toBe(
      testLimits.maxSolveTimeLimitMs,
    );
    for (const [path, item] of Object.entries(raw.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const idempotent = (op.parameters ?? []).some((p) => p.name === "idempotency-key");
        for (const [status, response] of Object.entries(op.responses)) {
          const headers = Object.keys(response.headers ?? {});
          const where = `${method} ${path} ${status}`;
          expect(headers, where).toContain("X-Request-Id");
          if (path.startsWith("/v1/")) {
            expect(headers, where).toEqual(
              expect.arrayContaining(["RateLimit", "RateLimit-Policy"]),
            );
          }
          if (idempotent && status.startsWith("2"))
            expect(headers, where).toContain("Idempotent-Replayed");
          // A 409 carries Retry-After only where a request may still be running.
          const retryable =
            ["429", "503"].includes(status) ||
            (status === "409" && (response.description ?? "").includes("idempotency_key_in_use"));
          if (retryable) expect(headers, where).toContain("Retry-After");
          if (status === "201" && path !== "/v1/batches" && path !== "/v1/keys") {
            expect(headers, where).toContain("Location");
          }
        }
      }
    }
  });

  it("says the rules over two fields: one network source, one demand, a port limit, changes by kind", () => {
    const schemas = doc.components.schemas as unknown as Record<string, Schema>;
    const one = (...fields: string[]) => fields.map((field) => ({ required: [field] }));
    expect(schemas.SolveRequest?.oneOf).toEqual(one("network", "datasetId"));
    expect(schemas.SweepRequest?.oneOf).toEqual(one("network", "datasetId"));
    expect(schemas.NetworkInput?.properties?.smelters?.items?.oneOf).toEqual(
      one("demandT", "aluminiumT"),
    );
    expect(schemas.SetPortExportChange?.allOf).toEqual([
      { anyOf: one("minExportT", "maxExportT") },
    ]);
    expect(schemas.SetSeasonalityChange?.dependentRequired).toEqual({
      province: ["nodes"],
      nodes: ["province"],
    });
    const discriminator = schemas.Change?.discriminator as {
      propertyName: string;
      mapping: Record<string, string>;
    };
    expect(discriminator.propertyName).toBe("kind");
    expect(discriminator.mapping.scaleModeCost).toBe("#/components/schemas/ScaleModeCostChange");
    const kinds = (schemas.Change?.oneOf ?? []) as unknown[];
    expect(kinds).toHaveLength(21);
    expect(Object.keys(discriminator.mapping)).toHaveLength(kinds.length);
  });

  it("answers every documented path with 405 and Allow for a method it does not take", async () => {
    const templates = Object.keys(doc.paths);
    const matches = (template: string, path: string) =>
      new RegExp(`^${template.replace(/{\w+}/g, "[^/]+")}$`).test(path);
    for (const template of templates) {
      const path = template.replace(/{\w+}/g, "x1");
      // Every documented path that takes this concrete one (/v1/plans/compare is also /v1/plans/{id}).
      const methods = new Set(
        templates
          .filter((other) => matches(other, path))
          .flatMap((other) => Object.keys(doc.paths[other] ?? {}).map((m) => m.toUpperCase())),
      );
      if (methods.has("GET")) methods.add("HEAD");
      // PUT: a method no path takes (PATCH renames a scenario).
      const response = await t.app.request(path, { method: "PUT" });
      expect(response.status, path).toBe(405);
      expect(response.headers.get("allow"), path).toBe([...methods].sort().join(", "));
    }
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
