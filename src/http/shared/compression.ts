// Response compression (br, gzip) by Accept-Encoding, with the encoders the runtime entry brings.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./types.ts";

export type Encoding = "br" | "gzip";

/** A compressing transform per encoding; the Node entry brings node:zlib's (src/entry). */
export type Encoders = Partial<
  Record<Encoding, () => ReadableWritablePair<Uint8Array, Uint8Array>>
>;

/** Smaller bodies are sent as they are: compressing them saves less than the headers cost. */
export const compressMinBytes = 1024;

// Text the API answers with; images, fonts and already-compressed bodies are left alone.
const compressible =
  /^(?:application\/(?:json|problem\+json|javascript)|text\/(?:csv|html|css|plain|javascript))\b/i;

/**
 * The encoding the client prefers among those given, br before gzip at equal weight; undefined
 * for none (an absent header, identity only, or q=0 for both).
 */
export function negotiate(header: string | undefined, offered: Encoding[]): Encoding | undefined {
  if (header === undefined || header.trim() === "") return undefined;
  const weights = new Map<string, number>();
  for (const part of header.split(",")) {
    const [name = "", ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    weights.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  let best: Encoding | undefined;
  let bestWeight = 0;
  for (const encoding of offered) {
    const weight = weights.get(encoding) ?? weights.get("*") ?? 0;
    if (weight > bestWeight) {
      best = encoding;
      bestWeight = weight;
    }
  }
  return best;
}

/**
 * Reads the body's first `atLeast` bytes (or all of it, if shorter) and gives back a stream of the
 * whole body again, so a body of unknown length is measured without being held whole.
 */
async function peek(
  body: ReadableStream<Uint8Array>,
  atLeast: number,
): Promise<{ size: number; ended: boolean; stream: ReadableStream<Uint8Array> }> {
  const reader = body.getReader();
  const head: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  while (size < atLeast) {
    const { done, value } = await reader.read();
    if (done) {
      ended = true;
      break;
    }
    head.push(value);
    size += value.byteLength;
  }
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of head) controller.enqueue(chunk);
      if (ended) controller.close();
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return { size, ended, stream };
}

/**
 * Compresses text answers of `compressMinBytes` or more with the best encoding the client
 * accepts and `encoders` has; streamed, so a large plan is never held twice. Every compressible
 * answer says `Vary: Accept-Encoding`; a compressed one's ETag turns weak (304s still match, as
 * If-None-Match compares weakly). Left alone: HEAD, bodiless statuses, answers already
 * encoded or marked `Cache-Control: no-transform`.
 */
export function compression(encoders: Encoders): MiddlewareHandler<AppEnv> {
  const offered = (["br", "gzip"] as const).filter((e) => encoders[e] !== undefined);
  return async (c, next) => {
    await next();
    const res = c.res;
    const type = res.headers.get("content-type") ?? "";
    if (!compressible.test(type) || res.body === null || c.req.method === "HEAD") return;
    if (res.headers.has("content-encoding")) return;
    if (/\bno-transform\b/i.test(res.headers.get("cache-control") ?? "")) return;
    res.headers.append("Vary", "Accept-Encoding");
    const encoding = negotiate(c.req.header("accept-encoding"), offered);
    const encoder = encoding === undefined ? undefined : encoders[encoding];
    if (encoding === undefined || encoder === undefined) return;
    const declared = res.headers.get("content-length");
    if (declared !== null && Number(declared) < compressMinBytes) return;
    const { size, ended, stream } = await peek(res.body, compressMinBytes);
    const headers = new Headers(res.headers);
    if (ended && size < compressMinBytes) {
      c.res = undefined;
      c.res = new Response(stream, { status: res.status, headers });
      return;
    }
    headers.delete("content-length");
    headers.set("content-encoding", encoding);
    // The bytes differ from the identity body's: a strong validator would claim they are the same.
    const etag = headers.get("etag");
    if (etag !== null && !etag.startsWith("W/")) headers.set("etag", `W/${etag}`);
    // Setting c.res merges the old answer's headers into the new one; unset it first.
    c.res = undefined;
    c.res = new Response(stream.pipeThrough(encoder()), { status: res.status, headers });
  };
}
