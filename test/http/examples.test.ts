import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { problemSchema } from "../../src/http/shared/problems.ts";
import {
  createOrganisationRepository,
  defaultOrganisationId,
} from "../../src/storage/organisations.ts";
import { exampleNewId } from "./support/example-ids.ts";
import { createTestApp, jsonRequest } from "./support/test-app.ts";

interface MediaType {
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
}
interface Operation {
  parameters?: { in: string; name: string; schema?: { example?: string }; example?: string }[];
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, { content?: Record<string, MediaType> }>;
}

let t: Awaited<ReturnType<typeof createTestApp>>;
let paths: Record<string, Record<string, Operation>>;
beforeAll(async () => {
  t = await createTestApp({ newId: exampleNewId() });
  // As the Node entry does at start under AUTH=off: the keys the key example makes belong to it.
  await createOrganisationRepository(t.db, exampleNewId(), () => new Date()).ensure(
    "default",
    defaultOrganisationId,
  );
  paths = (await (await t.app.request("/openapi.json")).json()).paths;
});
afterAll(() => t.close());

// In the order a client would go: each example names what the ones before it made.
const order = [
  "post /v1/datasets",
  "post /v1/scenarios",
  "patch /v1/scenarios/{id}",
  "post /v1/scenarios/{id}/plans",
  "post /v1/scenarios/{id}/plans",
  "post /v1/batches",
  "post /v1/plans/compare",
  "post /v1/solve",
  "post /v1/sweeps",
  "post /v1/keys",
  "post /v1/webhooks",
  "post /v1/import",
];

describe("the document's examples", () => {
  it("give every request body an example that the API accepts as it is", async () => {
    const withBody = Object.entries(paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, op]) => op.requestBody !== undefined)
        .map(([method]) => `${method} ${path}`),
    );
    expect([...new Set(order)].sort()).toEqual(withBody.sort());
    for (const where of order) {
      const [method, path] = where.split(" ") as [string, string];
      const op = paths[path]?.[method] as Operation;
      const example = op.requestBody?.content["application/json"]?.example;
      expect(example, where).toBeDefined();
      const concrete = path.replace(/{(\w+)}/g, (_, name: string) => {
        const param = op.parameters?.find((p) => p.in === "path" && p.name === name);
        return param?.example ?? param?.schema?.example ?? name;
      });
      const response = await t.app.request(concrete, jsonRequest(method.toUpperCase(), example));
      expect(response.status, `${where}: ${await response.text()}`).toBeLessThan(400);
    }
  });

  it("give every problem answer an example per code, each a valid problem with that code", () => {
    let count = 0;
    for (const [path, item] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(item)) {
        for (const [status, response] of Object.entries(op.responses)) {
          if (Number(status) < 400) continue;
          const examples = response.content?.["application/problem+json"]?.examples ?? {};
          expect(Object.keys(examples).length, `${method} ${path} ${status}`).toBeGreaterThan(0);
          for (const [code, { value }] of Object.entries(examples)) {
            const problem = problemSchema.parse(value);
            expect(problem.code).toBe(code);
            expect(problem.status).toBe(Number(status));
            count++;
          }
        }
      }
    }
    expect(count).toBeGreaterThan(100);
  });
});

describe("the document's response examples", () => {
  it("give every answer with a body an example, workbooks aside", () => {
    let count = 0;
    for (const [path, item] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(item)) {
        for (const [status, response] of Object.entries(op.responses)) {
          if (Number(status) >= 400) continue;
          for (const [type, media] of Object.entries(response.content ?? {})) {
            if (type.includes("spreadsheetml")) continue;
            expect(media.example, `${method} ${path} ${status} ${type}`).toBeDefined();
            count++;
          }
        }
      }
    }
    expect(count).toBeGreaterThan(30);
  });
});
