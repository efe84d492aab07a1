// Large bodies through a real Node server: read from Node's request itself, never through the web stream adapter that copies every chunk on the event loop.
import { Readable } from "node:stream";
import { type ServerType, serve } from "@hono/node-server";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as datasetRoutes from "../../src/http/datasets/datasets.routes.ts";
import type { UploadTask } from "../../src/http/datasets/upload-worker.ts";
import { createSolvePool, type RunModuleOptions, type SolvePool } from "../../src/solve/pool.ts";
import { freePort } from "../support/free-port.ts";
import { createTestApp, fixture, readAs, readProblem, testLimits } from "./support/test-app.ts";

const network = fixture("two-plants.json");
const bodyBytes = 1024 * 1024;
/**
 * A dataset body of `padding` bytes and a little more: whitespace after the value is valid JSON,
 * so the network stored is the fixture's whatever the size.
 */
const padded = (name: string, padding: number) =>
  JSON.stringify({ network: { ...network, name } }) + " ".repeat(padding);

describe("large bodies through the Node server", () => {
  let pool: SolvePool;
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let server: ServerType;
  let base: string;
  // Every task sent to a worker, with the buffers it moved.
  const sent: { task: unknown; moved: ArrayBuffer[]; bytes: number }[] = [];
  const toWeb = vi.spyOn(Readable, "toWeb");

  beforeAll(async () => {
    pool = createSolvePool({ threads: 1 });
    t = await createTestApp({
      offload: async <T, R>(moduleUrl: URL, task: T, options?: RunModuleOptions) => {
        const moved = [...(options?.transfer ?? [])];
        const bytes = moved.reduce((n, b) => n + b.byteLength, 0);
        sent.push({ task, moved, bytes });
        return pool.runModule<T, R>(moduleUrl, task, options);
      },
      solve: pool.solve,
      limits: { ...testLimits, bodyBytes, offloadBodyBytes: 200 },
    });
    const port = await freePort();
    server = serve({ fetch: t.app.fetch, hostname: "127.0.0.1", port });
    base = `http://127.0.0.1:${port}`;
  });
  afterEach(() => toWeb.mockClear());
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    t.close();
    await pool.close();
    toWeb.mockRestore();
  });

  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    fetch(`${base}/v1/datasets`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
      duplex: "half",
    } as RequestInit);

  /** The body in pieces without a Content-Length: a chunked upload. */
  const chunked = (text: string) => Readable.toWeb(Readable.from([text])) as ReadableStream;

  it("moves the chunks Node's parser made to the worker, without a web stream over the body", async () => {
    const body = padded("from node", 300_000);
    const before = sent.length;
    const stored = await readAs(await post(body), datasetRoutes.create, 201);
    expect(stored.name).toBe("from node");
    expect(toWeb).not.toHaveBeenCalled();
    const prepare = sent.slice(before).find((s) => "prepare" in (s.task as UploadTask));
    // The body's own bytes, in the several buffers it arrived in (a socket read is at most 64 KiB).
    expect(prepare?.bytes).toBe(Buffer.byteLength(body));
    expect(prepare?.moved.length).toBeGreaterThan(1);
  });

  it("refuses a declared length over BODY_BYTES without reading the body", async () => {
    const before = sent.length;
    await readProblem(
      await post(padded("too large", bodyBytes + 1)),
      datasetRoutes.create,
      "payload_too_large",
    );
    expect(toWeb).not.toHaveBeenCalled();
    expect(sent.length).toBe(before);
  });

  it("still counts a chunked body against BODY_BYTES, and stores one under it", async () => {
    await readProblem(
      await post(chunked(padded("chunked, too large", bodyBytes + 1))),
      datasetRoutes.create,
      "payload_too_large",
    );
    const stored = await readAs(
      await post(chunked(padded("chunked", 100_000))),
      datasetRoutes.create,
      201,
    );
    expect(stored.name).toBe("chunked");
  });

  it("reads a large body with an Idempotency-Key from Node's request too, and replays it", async () => {
    const body = padded("idempotent", 200_000);
    const key = { "idempotency-key": "node-body-1" };
    const first = await readAs(await post(body, key), datasetRoutes.create, 201);
    expect(toWeb).not.toHaveBeenCalled();
    const retry = await post(body, key);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await readAs(retry, datasetRoutes.create, 201)).toEqual(first);
  });
});
