import { promisify } from "node:util";
import { brotliDecompress, gunzip } from "node:zlib";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeEncoders } from "../../src/entry/compression.ts";
import * as planRoutes from "../../src/http/plans/plans.routes.ts";
import { compression, negotiate } from "../../src/http/shared/compression.ts";
import type { AppEnv } from "../../src/http/shared/types.ts";
import { createBaseline, createTestApp, fixture, readAs, testLimits } from "./support/test-app.ts";

const unbrotli = promisify(brotliDecompress);
const ungzip = promisify(gunzip);

async function decoded(response: Response): Promise<string> {
  const bytes = Buffer.from(await response.arrayBuffer());
  const encoding = response.headers.get("content-encoding");
  if (encoding === "br") return (await unbrotli(bytes)).toString("utf8");
  if (encoding === "gzip") return (await ungzip(bytes)).toString("utf8");
  expect(encoding).toBeNull();
  return bytes.toString("utf8");
}

describe("negotiate", () => {
  it("prefers br at equal weight, honours q-values, * and q=0", () => {
    const both: ("br" | "gzip")[] = ["br", "gzip"];
    expect(negotiate("gzip, deflate, br", both)).toBe("br");
    expect(negotiate("gzip, deflate", both)).toBe("gzip");
    expect(negotiate("br;q=0.5, gzip", both)).toBe("gzip");
    expect(negotiate("br;q=0, gzip;q=0", both)).toBeUndefined();
    expect(negotiate("identity", both)).toBeUndefined();
    expect(negotiate("*", both)).toBe("br");
    expect(negotiate("*;q=0.1, br;q=0", both)).toBe("gzip");
    expect(negotiate(undefined, both)).toBeUndefined();
    expect(negotiate("br", ["gzip"])).toBeUndefined();
  });
});

describe("compression middleware", () => {
  // Answers shaped as the app's: a JSON string, the moved bytes of an offloaded solve (a
  // Uint8Array), a stream without a length, and bodies it must leave alone.
  const big = JSON.stringify({ items: Array.from({ length: 3000 }, (_, i) => ({ i, x: "flow" })) });
  const streamed = "a,b,c\r\n".repeat(300_000);
  const app = new Hono<AppEnv>()
    .use("*", compression(nodeEncoders))
    .get("/json", (c) => c.json(JSON.parse(big)))
    .get("/moved", (c) =>
      c.body(new TextEncoder().encode(big), 200, { "content-type": "application/json" }),
    )
    .get("/stream", () => {
      const bytes = new TextEncoder().encode(streamed);
      let at = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (at >= bytes.length) return controller.close();
          // Chunks of 700 bytes: the 1 KiB threshold falls inside the second.
          controller.enqueue(bytes.slice(at, at + 700));
          at += 700;
        },
      });
      return new Response(body, { headers: { "content-type": "text/csv; charset=utf-8" } });
    })
    .get("/tiny", (c) => c.json({ ok: true }))
    .get("/png", (c) => c.body(new Uint8Array(5000), 200, { "content-type": "image/png" }))
    .get("/no-transform", (c) => c.json(JSON.parse(big), 200, { "cache-control": "no-transform" }))
    .get("/etag", (c) => c.text(big, 200, { etag: '"abc"', "content-type": "text/html" }));
  const get = (path: string, acceptEncoding?: string) =>
    app.request(path, {
      headers: acceptEncoding === undefined ? {} : { "accept-encoding": acceptEncoding },
    });

  it("sends br or gzip as asked, with Vary, and the bytes decode to the same body", async () => {
    for (const [path, expected] of [
      ["/json", big],
      ["/moved", big],
      ["/stream", streamed],
    ] as const) {
      for (const encoding of ["br", "gzip"]) {
        const response = await get(path, encoding === "br" ? "gzip, deflate, br" : "gzip");
        expect(response.status).toBe(200);
        expect(response.headers.get("content-encoding")).toBe(encoding);
        expect(response.headers.get("vary")).toContain("Accept-Encoding");
        expect(response.headers.get("content-length")).toBeNull();
        expect(await decoded(response)).toBe(expected);
      }
    }
  });

  it("compresses a 2 MB CSV stream to under a tenth", async () => {
    const response = await get("/stream", "br");
    const bytes = (await response.clone().arrayBuffer()).byteLength;
    expect(bytes).toBeLessThan(streamed.length / 10);
    expect(await decoded(response)).toBe(streamed);
  });

  it("leaves alone a client that accepts no encoding, tiny bodies, images and no-transform", async () => {
    const plain = await get("/json");
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(plain.headers.get("vary")).toContain("Accept-Encoding");
    expect(await plain.text()).toBe(big);
    const identity = await get("/json", "identity");
    expect(identity.headers.get("content-encoding")).toBeNull();
    const tiny = await get("/tiny", "br");
    expect(tiny.headers.get("content-encoding")).toBeNull();
    expect(await tiny.json()).toEqual({ ok: true });
    const png = await get("/png", "br");
    expect(png.headers.get("content-encoding")).toBeNull();
    expect((await png.arrayBuffer()).byteLength).toBe(5000);
    const kept = await get("/no-transform", "br");
    expect(kept.headers.get("content-encoding")).toBeNull();
  });

  it("turns a compressed answer's ETag weak", async () => {
    const response = await get("/etag", "gzip");
    expect(response.headers.get("etag")).toBe('W/"abc"');
    expect((await get("/etag")).headers.get("etag")).toBe('"abc"');
  });
});

describe("compression in the app", () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  const html = `<!doctype html><html><body>${"<p>anodes</p>".repeat(2000)}</body></html>`;
  beforeAll(async () => {
    t = await createTestApp({
      encoders: nodeEncoders,
      page: async () => html,
      limits: { ...testLimits, nodes: 1000, lanes: 100_000, bodyBytes: 4 * 1024 * 1024 },
    });
  });
  afterAll(() => t.close());

  it("compresses a stored plan's JSON and the page; 304s still match the weak ETag", async () => {
    const { scenario } = await createBaseline(t.app, fixture("two-plants.json"));
    const plan = await readAs(
      await t.app.request(`/v1/scenarios/${scenario.id}/plans`, { method: "POST" }),
      planRoutes.create,
      201,
    );
    const json = await t.app.request(`/v1/plans/${plan.id}`, {
      headers: { "accept-encoding": "br" },
    });
    expect(json.headers.get("content-encoding")).toBe("br");
    expect(JSON.parse(await decoded(json))).toEqual(plan);

    const page = await t.app.request("/", { headers: { "accept-encoding": "gzip" } });
    expect(page.headers.get("content-encoding")).toBe("gzip");
    expect(await decoded(page)).toBe(html);
    const etag = page.headers.get("etag") ?? "";
    expect(etag).toMatch(/^W\//);
    const again = await t.app.request("/", {
      headers: { "accept-encoding": "gzip", "if-none-match": etag },
    });
    expect(again.status).toBe(304);

    // A problem is tiny: sent as it is.
    const missing = await t.app.request("/v1/plans/pl_none", {
      headers: { "accept-encoding": "br" },
    });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-encoding")).toBeNull();
  });
});

describe("CORS", () => {
  const origin = "https://erp.example.com";
  const preflight = {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": "DELETE",
      "access-control-request-headers": "authorization, content-type, idempotency-key",
    },
  };
  let on: Awaited<ReturnType<typeof createTestApp>>;
  let off: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    // API keys checked (identify left to the app's default), as in production.
    on = await createTestApp({ identify: undefined, corsOrigins: [origin] });
    off = await createTestApp({ identify: undefined });
  });
  afterAll(() => {
    on.close();
    off.close();
  });

  it("answers a preflight from a listed origin with 204 and no API key", async () => {
    const response = await on.app.request("/v1/datasets/china-2024", preflight);
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(origin);
    expect(response.headers.get("access-control-allow-methods")).toBe("GET,POST,PATCH,DELETE");
    expect(response.headers.get("access-control-allow-headers")).toContain("Idempotency-Key");
    expect(response.headers.get("access-control-allow-headers")).toContain("Authorization");
    expect(response.headers.get("access-control-max-age")).toBe("600");
    expect(response.headers.get("vary")).toContain("Origin");
  });

  it("lets a listed origin's page read answers, errors included, and their headers", async () => {
    const response = await on.app.request("/v1/plans", { headers: { origin } });
    expect(response.status).toBe(401);
    expect(response.headers.get("access-control-allow-origin")).toBe(origin);
    const exposed = response.headers.get("access-control-expose-headers") ?? "";
    for (const header of [
      "Location",
      "X-Request-Id",
      "Retry-After",
      "RateLimit",
      "Idempotent-Replayed",
    ])
      expect(exposed).toContain(header);
  });

  it("gives an origin not on the list nothing to read", async () => {
    const response = await on.app.request("/v1/plans", {
      ...preflight,
      headers: { ...preflight.headers, origin: "https://evil.example" },
    });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("is off by default: no CORS headers, and a preflight is a 401 like any request without a key", async () => {
    const response = await off.app.request("/v1/plans", preflight);
    expect(response.status).toBe(401);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });
});
