import { afterEach, describe, expect, it } from "vitest";
import { createTestApp, readProblem } from "./support/test-app.ts";

const policy = "default-src 'none'; script-src 'sha256-abc'";
const html = `<!doctype html><meta http-equiv="Content-Security-Policy" content="${policy}"><title>anodeflow planner</title>`;
let close: (() => void) | undefined;
afterEach(() => close?.());

describe("GET /", () => {
  it("serves the built page for revalidation on every visit, and 304 with its own policy while it is unchanged", async () => {
    const test = await createTestApp({ page: async () => html });
    close = test.close;
    const first = await test.app.request("/");
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toContain("text/html");
    expect(first.headers.get("cache-control")).toBe("no-cache");
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await first.text()).toBe(html);
    const tag = first.headers.get("etag");
    expect(tag).toBeTruthy();
    const again = await test.app.request("/", { headers: { "if-none-match": tag ?? "" } });
    expect(again.status).toBe(304);
    // A browser applies the 304's headers: the page's policy, never the closed API one.
    const pagePolicy = `${policy}; frame-ancestors 'none'`;
    expect(first.headers.get("content-security-policy")).toBe(pagePolicy);
    expect(again.headers.get("content-security-policy")).toBe(pagePolicy);
  });

  it("is a 404 problem that says how to build the page when there is none", async () => {
    const test = await createTestApp();
    close = test.close;
    const problem = await readProblem(await test.app.request("/"), undefined, "not_found");
    expect(problem.detail).toMatch(/npm run build:web/);
  });
});
