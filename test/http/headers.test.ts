import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createTestApp, readProblem } from "./support/test-app.ts";

let close: (() => void) | undefined;
afterEach(() => close?.());

async function app(overrides: Parameters<typeof createTestApp>[0] = {}) {
  const test = await createTestApp(overrides);
  close = test.close;
  return test.app;
}

const policyOf = (response: Response) =>
  new Map(
    (response.headers.get("content-security-policy") ?? "")
      .split(";")
      .map((directive) => directive.trim().split(/\s+/))
      .map(([name, ...values]) => [name ?? "", values] as const),
  );

function expectClosedToFraming(response: Response) {
  expect(policyOf(response).get("frame-ancestors")).toEqual(["'none'"]);
  expect(response.headers.get("x-frame-options")).toBe("DENY");
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("referrer-policy")).toBe("no-referrer");
}

describe("security headers", () => {
  it.each(["/healthz", "/openapi.json", "/v1/datasets", "/v1/nothing-here"])(
    "GET %s forbids framing, sniffing and loading anything",
    async (path) => {
      const response = await (await app()).request(path);
      expectClosedToFraming(response);
      expect(policyOf(response).get("default-src")).toEqual(["'none'"]);
    },
  );

  it("sends the page's own hash-based policy as a header, with framing refused", async () => {
    const policy = "default-src 'none'; script-src 'sha256-abc='; connect-src 'self'";
    // The page's own template, so the header follows the <meta> that web/build.ts fills in.
    const template = readFileSync(join(import.meta.dirname, "../../web/index.html"), "utf8");
    const html = template.replace("__CSP__", policy);
    const response = await (await app({ page: async () => html })).request("/");
    expectClosedToFraming(response);
    const sent = policyOf(response);
    expect(sent.get("script-src")).toEqual(["'sha256-abc='"]);
    expect(sent.get("connect-src")).toEqual(["'self'"]);
  });

  it("lets /docs load Swagger UI from itself and nothing from elsewhere", async () => {
    const response = await (await app()).request("/docs");
    expectClosedToFraming(response);
    const sent = policyOf(response);
    expect(sent.get("default-src")).toEqual(["'none'"]);
    expect(sent.get("script-src")).toEqual(["'self'"]);
    expect(sent.get("connect-src")).toEqual(["'self'"]);
  });
});

describe("AUTH=off", () => {
  it.each(["localhost", "127.0.0.1", "[::1]"])("serves a request addressed to %s", async (host) => {
    const response = await (await app()).request(`http://${host}:8787/v1/datasets`);
    expect(response.status).toBe(200);
  });

  it("refuses a request addressed to another host, as a re-pointed name would send", async () => {
    const response = await (await app()).request("http://rebind.example:8787/v1/datasets");
    const problem = await readProblem(response, undefined, "host_not_allowed");
    expect(problem.status).toBe(403);
    expect(problem.detail).toContain("rebind.example");
  });
});

describe("a known path with another method", () => {
  it("is 405 with Allow listing the methods the path takes", async () => {
    const response = await (await app()).request("/v1/datasets", { method: "DELETE" });
    const problem = await readProblem(response, undefined, "method_not_allowed");
    expect(problem.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD, POST");
  });

  it("is 405 for a path with an id in it", async () => {
    const response = await (await app()).request("/v1/plans/pl_0001", { method: "PUT" });
    await readProblem(response, undefined, "method_not_allowed");
    expect(response.headers.get("allow")).toBe("DELETE, GET, HEAD");
  });

  it("stays 404 for a path no route takes", async () => {
    const response = await (await app()).request("/v1/nothing-here", { method: "DELETE" });
    await readProblem(response, undefined, "not_found");
  });
});
