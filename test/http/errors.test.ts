import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as datasetRoutes from "../../src/http/datasets/datasets.routes.ts";
import * as healthRoutes from "../../src/http/health/health.routes.ts";
import type { LogLine } from "../../src/http/shared/types.ts";
import * as solveRoutes from "../../src/http/solve/solve.routes.ts";
import {
  createTestApp,
  fixture,
  jsonRequest,
  readAs,
  readProblem,
  testLimits,
} from "./support/test-app.ts";

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const oversized = JSON.stringify({ network: { name: "x".repeat(testLimits.bodyBytes) } });

describe("problem+json errors", () => {
  it("answers a body that is not JSON with 400 malformed_json", async () => {
    const response = await t.app.request("/v1/datasets", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"network": {',
    });
    await readProblem(response, datasetRoutes.create, "malformed_json");
  });

  it("answers a body over the size limit with 413 payload_too_large", async () => {
    const response = await t.app.request("/v1/datasets", {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": `${oversized.length}` },
      body: oversized,
    });
    const problem = await readProblem(response, datasetRoutes.create, "payload_too_large");
    expect(problem.detail).toContain(`${testLimits.bodyBytes} bytes`);
  });

  it("counts the bytes of a streamed body that declares no length", async () => {
    const bytes = new TextEncoder().encode(oversized);
    const body = new ReadableStream({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 8192) controller.enqueue(bytes.slice(i, i + 8192));
        controller.close();
      },
    });
    const request = new Request("http://localhost/v1/solve", {
      method: "POST",
      headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
      body,
      duplex: "half",
    } as RequestInit);
    await readProblem(await t.app.request(request), solveRoutes.solve, "payload_too_large");
  });

  it("answers a body that is not application/json with 415 unsupported_media_type", async () => {
    const response = await t.app.request("/v1/solve", {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: "from,to\n",
    });
    await readProblem(response, solveRoutes.solve, "unsupported_media_type");
  });

  it("answers a path no route serves with 404 not_found", async () => {
    const problem = await readProblem(await t.app.request("/v2/plans"), undefined, "not_found");
    expect(problem.detail).toBe("No route for GET /v2/plans");
    expect(problem.instance).toBe("/v2/plans");
  });
});

describe("unexpected faults", () => {
  let faulty: Awaited<ReturnType<typeof createTestApp>>;
  const lines: LogLine[] = [];
  beforeAll(async () => {
    faulty = await createTestApp({
      log: (line) => lines.push(line),
      solve: async () => {
        throw new Error("secret internals: /srv/highs.wasm at 0x1f");
      },
    });
  });
  afterAll(() => faulty.close());

  it("are a 500 internal that tells the client nothing, and log the error under the request id", async () => {
    const response = await faulty.app.request(
      "/v1/solve",
      jsonRequest("POST", { network: fixture("two-plants.json") }),
    );
    const problem = await readProblem(response, solveRoutes.solve, "internal");
    expect(problem.detail).toBe("An unexpected error occurred");
    expect(JSON.stringify(problem)).not.toContain("secret");
    const errors = lines.filter((line) => line.msg === "unexpected error");
    expect(errors).toHaveLength(1);
    expect(errors[0]?.requestId).toBe(problem.requestId);
    expect(String(errors[0]?.error)).toContain("secret internals");
  });
});

describe("GET /healthz", () => {
  it("answers ok while the database answers", async () => {
    const health = await readAs(await t.app.request("/healthz"), healthRoutes.health, 200);
    expect(health).toEqual({ status: "ok" });
  });

  it("is 503 unavailable when the database does not answer", async () => {
    const broken = await createTestApp();
    broken.client.close();
    await readProblem(await broken.app.request("/healthz"), healthRoutes.health, "unavailable");
    broken.close();
  });
});
