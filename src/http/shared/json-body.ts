// Large JSON bodies parsed off the event loop: the parse and its problems as the routes' own validators give them, and problems as values that cross threads.
import type { z } from "@hono/zod-openapi";
import type { HonoRequest } from "hono";
import {
  ApiError,
  type ProblemCode,
  type ProblemItem,
  type QuotaProblem,
  validationHook,
} from "./problems.ts";

/** A problem as a plain value: an error's class does not survive the trip back from a worker. */
export interface ProblemValue {
  code: ProblemCode;
  detail: string;
  errors?: ProblemItem[];
  headers?: Record<string, string>;
  quota?: QuotaProblem;
}

export const toProblemValue = (error: ApiError): ProblemValue => ({
  code: error.code,
  detail: error.detail,
  ...(error.errors === undefined ? {} : { errors: error.errors }),
  ...(error.headers === undefined ? {} : { headers: error.headers }),
  ...(error.quota === undefined ? {} : { quota: error.quota }),
});

export const fromProblemValue = (problem: ProblemValue) =>
  new ApiError(problem.code, problem.detail, problem.errors, problem.headers, problem.quota);

/**
 * JSON.parse and the route's schema, failing exactly as Hono's validator and validationHook do on
 * the main thread: 400 malformed_json, or 422 validation_failed with a pointer per issue.
 */
export function parseJsonBody<S extends z.ZodType>(text: string, schema: S): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError("malformed_json", "Malformed JSON in request body");
  }
  const result = schema.safeParse(value);
  if (!result.success) validationHook({ target: "json", success: false, error: result.error });
  return result.data as z.output<S>;
}

/**
 * A body for a worker: the bytes as they arrived (a 14 MiB body costs the main thread ~0.4 s to
 * join and decode, so the worker does that), or the text when the main thread has read it already
 * (an Idempotency-Key fingerprints it) or had to measure it (a chunked body).
 */
export type LargeBody = string | Uint8Array[];

const isJson = (contentType: string | undefined) =>
  contentType?.split(";")[0]?.trim().toLowerCase() === "application/json";

/**
 * The body when it goes to a worker: application/json (the media type the routes declare; any
 * other keeps the main thread's 415) and larger than `thresholdBytes`. Otherwise undefined, and a
 * body with a Content-Length is left unread for the route's validator.
 */
export async function largeJsonBody(
  req: HonoRequest,
  thresholdBytes: number,
): Promise<LargeBody | undefined> {
  if (!isJson(req.header("content-type"))) return undefined;
  const declared = Number(req.header("content-length"));
  const stream = req.raw.bodyUsed ? null : req.raw.body;
  if (stream !== null && Number.isSafeInteger(declared) && declared > 0) {
    return declared > thresholdBytes ? await readChunks(stream) : undefined;
  }
  const text = await req.text();
  // UTF-16 length: at most the byte length, so a body is never sent to a worker for less.
  return text.length > thresholdBytes ? text : undefined;
}

async function readChunks(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return chunks;
}

/** The text of a body, decoded as Hono's `req.text()` does: UTF-8, a leading BOM dropped. */
export function bodyText(body: LargeBody): string {
  if (typeof body === "string") return body;
  const bytes = new Uint8Array(body.reduce((n, chunk) => n + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of body) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/**
 * Where a compiled worker module sits: beside the running module when it is compiled itself,
 * else in dist/node, which `npm run build` fills (worker threads cannot load TypeScript).
 */
export function compiledWorkerUrl(moduleUrl: string, sourcePath: string): URL {
  const name = sourcePath.replace(/^.*\//, "").replace(/\.ts$/, ".js");
  return moduleUrl.endsWith(".js")
    ? new URL(`./${name}`, moduleUrl)
    : new URL(`dist/node/${sourcePath.replace(/\.ts$/, ".js")}`, rootOf(moduleUrl));
}

/** The repository root of a module under src/. */
function rootOf(moduleUrl: string): URL {
  return new URL(moduleUrl.slice(0, moduleUrl.lastIndexOf("/src/") + 1));
}
