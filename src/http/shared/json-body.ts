// Large JSON bodies parsed off the event loop: the parse and its problems as the routes' own validators give them, and problems as values that cross threads.
import type { z } from "@hono/zod-openapi";
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
 * Whether a request's body goes to a worker: application/json (the media type the routes declare;
 * any other keeps the main thread's 415) and larger than `thresholdBytes`.
 */
export function isLargeJsonBody(
  contentType: string | undefined,
  text: string,
  thresholdBytes: number,
): boolean {
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
  // UTF-16 length: at most the byte length, so a body is never sent to a worker for less.
  return mediaType === "application/json" && text.length > thresholdBytes;
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
