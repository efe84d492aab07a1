// RFC 9457 problem details, made in one place: the error class, onError, the validation hook, the contract entries.
import { z } from "@hono/zod-openapi";
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { jsonPointer } from "../../../models/allocation/network.ts";
import { defaultLogger } from "./logging.ts";
import type { Logger } from "./types.ts";

/** Every code the API answers with, and its status. Codes are stable: clients may branch on them. */
export const problemStatuses = {
  malformed_json: 400,
  invalid_parameter: 400,
  missing_api_key: 401,
  invalid_api_key: 401,
  forbidden: 403,
  host_not_allowed: 403,
  quota_exceeded: 403,
  not_found: 404,
  method_not_allowed: 405,
  idempotency_key_in_use: 409,
  payload_too_large: 413,
  limit_exceeded: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  unknown_reference: 422,
  not_supported_yet: 422,
  unknown_solver: 422,
  too_large_for_solver: 422,
  solver_cannot_solve_integer: 422,
  solve_out_of_memory: 422,
  idempotency_key_reused: 422,
  rate_limited: 429,
  auth_throttled: 429,
  too_many_solves: 429,
  internal: 500,
  unavailable: 503,
  overloaded: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ProblemCode = keyof typeof problemStatuses;

const problemMeanings: Record<ProblemCode, string> = {
  malformed_json: "the body is not JSON",
  invalid_parameter: "a query parameter or header is invalid (see errors[].parameter)",
  missing_api_key: "no `Authorization: Bearer <key>` header",
  invalid_api_key: "the API key is malformed, unknown or revoked",
  forbidden: "the key's role may not do this (viewer: read; planner: also write; admin: also keys)",
  host_not_allowed:
    "with AUTH=off the server answers only requests addressed to a loopback host (DNS-rebinding defence)",
  quota_exceeded:
    "the organisation's quota (see `quota`: which one, its limit, what is used and what the request adds) does not allow this; GET /v1/usage shows them all",
  not_found: "no such resource, or no such route",
  method_not_allowed: "the path exists but not with this method; Allow lists the methods it takes",
  idempotency_key_in_use:
    "the first request with this Idempotency-Key is still running; retry after Retry-After",
  payload_too_large: "the body is larger than the body limit",
  limit_exceeded: "the network has more nodes or lanes than the limits allow (see errors)",
  unsupported_media_type:
    "the body is not application/json (or, where the route says so, an .xlsx workbook or CSV files as multipart/form-data)",
  validation_failed: "the body does not match the schema (see errors[].pointer)",
  unknown_reference: "the body names an id that does not exist (see errors[].pointer)",
  not_supported_yet:
    "the network uses a field the format accepts but the solver does not handle yet (see errors[].pointer), such as a leg's lotT",
  unknown_solver: "options.solver names no registered solver",
  too_large_for_solver:
    "the network's program is larger than options.solver can hold in memory; the detail names the limit and the solvers that can take it",
  solver_cannot_solve_integer:
    "the network has lanes with lotT (whole lots: a mixed-integer program) and options.solver names a backend that solves only continuous programs; use highs or auto",
  solve_out_of_memory:
    "the solve needed more than its memory budget (MAX_SOLVE_MEMORY_MB) and was stopped; the same request would fail again, so solve a smaller network",
  idempotency_key_reused:
    "this Idempotency-Key was used for a different request (method, path or body)",
  rate_limited: "the key made more requests this minute than allowed; retry after Retry-After",
  auth_throttled:
    "this client address sent too many invalid API keys this minute (AUTH_FAILURES_PER_MINUTE); retry after Retry-After",
  too_many_solves:
    "the organisation has as many solves running or waiting as allowed; retry after Retry-After",
  internal: "a fault on the server; nothing was stored",
  unavailable: "the database cannot be reached",
  overloaded: "every solve slot and queue place is taken; retry after Retry-After",
};

// RFC 9110 reason phrases: with type "about:blank" the title must be the status's phrase.
const titles: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

const problemItemSchema = z.union([
  z.object({
    pointer: z
      .string()
      .describe(
        "RFC 6901 JSON pointer into the request body; for a network sent as a workbook or CSV files, into the network the sheets stand for",
      ),
    message: z.string(),
    sheet: z
      .string()
      .nullable()
      .optional()
      .describe("Workbook and CSV uploads: the sheet (or CSV part) of the problem"),
    row: z
      .number()
      .int()
      .nullable()
      .optional()
      .describe(
        "Workbook and CSV uploads: the 1-based row (the header is row 1); null: the whole sheet",
      ),
    column: z
      .string()
      .nullable()
      .optional()
      .describe("Workbook and CSV uploads: the column's field name; null: the whole row"),
    cell: z
      .string()
      .nullable()
      .optional()
      .describe('Workbook and CSV uploads: the cell\'s A1 reference, e.g. "F5"'),
  }),
  z.object({
    parameter: z.string().describe("Name of the query parameter"),
    message: z.string(),
  }),
]);

export type ProblemItem = z.infer<typeof problemItemSchema>;

const quotaProblemSchema = z.object({
  name: z
    .enum(["storedBytes", "datasets", "scenarios", "plans", "apiKeys"])
    .describe("The quota, as GET /v1/usage names it"),
  limit: z.number().int(),
  used: z.number().int().describe("What the organisation uses now"),
  requested: z.number().int().describe("What this request would add"),
});

export type QuotaProblem = z.infer<typeof quotaProblemSchema>;

export const problemSchema = z
  .object({
    type: z.string().describe('Always "about:blank": `code` says what went wrong'),
    title: z.string().describe("HTTP reason phrase of the status"),
    status: z.number().int(),
    detail: z.string().describe("What went wrong in this request, for people"),
    instance: z.string().describe("Path of the request"),
    requestId: z
      .string()
      .describe("The request's X-Request-Id (echoed or made): quote it when reporting a problem"),
    code: z
      .enum(Object.keys(problemStatuses) as [ProblemCode, ...ProblemCode[]])
      .describe("Stable machine-readable cause"),
    errors: z
      .array(problemItemSchema)
      .optional()
      .describe("Each offending field, for validation_failed, unknown_reference and limits"),
    quota: quotaProblemSchema
      .optional()
      .describe("For quota_exceeded: the quota the request would pass"),
  })
  .openapi("Problem", {
    description: "RFC 9457 problem details (application/problem+json)",
  });

export type Problem = z.infer<typeof problemSchema>;

export class ApiError extends Error {
  override name = "ApiError";
  readonly status: ContentfulStatusCode;

  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    readonly errors?: ProblemItem[],
    /** Response headers the problem needs, such as Retry-After or WWW-Authenticate. */
    readonly headers?: Record<string, string>,
    /** For quota_exceeded: which quota, its limit and the usage. */
    readonly quota?: QuotaProblem,
  ) {
    super(detail);
    this.status = problemStatuses[code];
  }
}

/** The request id the request-id middleware set; made here for apps without it. */
function requestIdOf(c: Context): string {
  const id: unknown = c.get("requestId");
  if (typeof id === "string") return id;
  const made = crypto.randomUUID();
  c.set("requestId", made);
  c.header("X-Request-Id", made);
  return made;
}

function problemResponse(c: Context, error: ApiError): Response {
  const problem: Problem = {
    type: "about:blank",
    title: titles[error.status] ?? "Error",
    status: error.status,
    detail: error.detail,
    instance: new URL(c.req.url).pathname,
    requestId: requestIdOf(c),
    code: error.code,
    ...(error.errors === undefined ? {} : { errors: error.errors }),
    ...(error.quota === undefined ? {} : { quota: error.quota }),
  };
  return c.body(JSON.stringify(problem), error.status, {
    ...error.headers,
    "content-type": "application/problem+json",
  });
}

// Hono and its validators raise these; they keep their status and get a code.
const httpExceptionCodes: Partial<Record<number, ProblemCode>> = {
  400: "malformed_json",
  413: "payload_too_large",
  415: "unsupported_media_type",
};

export const onError: ErrorHandler = (err, c) => {
  if (err instanceof ApiError) return problemResponse(c, err);
  const code = err instanceof HTTPException ? httpExceptionCodes[err.status] : undefined;
  if (code !== undefined) return problemResponse(c, new ApiError(code, err.message));
  // Anything else is a bug: log it whole, tell the client nothing about the internals.
  const log: Logger = c.get("services")?.log ?? defaultLogger;
  log({
    level: "error",
    msg: "unexpected error",
    requestId: requestIdOf(c),
    error: err.stack ?? String(err),
  });
  return problemResponse(c, new ApiError("internal", "An unexpected error occurred"));
};

/**
 * 404 for a path no route takes; 405 with Allow for a path that takes other methods, which
 * `allowedMethods` lists.
 */
export function notFound(allowedMethods: (path: string) => string[]): NotFoundHandler {
  return (c) => {
    const allowed = allowedMethods(c.req.path);
    if (allowed.length === 0) {
      return problemResponse(
        c,
        new ApiError("not_found", `No route for ${c.req.method} ${c.req.path}`),
      );
    }
    return problemResponse(
      c,
      new ApiError(
        "method_not_allowed",
        `${c.req.path} takes ${allowed.join(", ")}, not ${c.req.method}`,
        undefined,
        { Allow: allowed.join(", ") },
      ),
    );
  };
}

/**
 * The zod-openapi defaultHook: a body that fails its schema is a 422 with a pointer per issue, a
 * bad query parameter a 400 naming the parameter.
 */
export function validationHook(
  result: { target: string } & (
    | { success: true }
    | { success: false; error: { issues: readonly { path: PropertyKey[]; message: string }[] } }
  ),
): void {
  if (result.success) return;
  const issues = result.error.issues;
  if (result.target === "json") {
    throw new ApiError(
      "validation_failed",
      `The request body is invalid: ${issues.length} problem${issues.length === 1 ? "" : "s"}`,
      issues.map((issue) => ({ pointer: jsonPointer(issue.path), message: issue.message })),
    );
  }
  throw new ApiError(
    "invalid_parameter",
    `Invalid ${result.target} parameter${issues.length === 1 ? "" : "s"}`,
    issues.map((issue) => ({ parameter: String(issue.path[0] ?? ""), message: issue.message })),
  );
}

type ProblemResponses<C extends ProblemCode> = {
  [S in (typeof problemStatuses)[C | "internal"]]: {
    description: string;
    headers?: Record<string, { description: string; schema: { type: "string" | "integer" } }>;
    content: { "application/problem+json": { schema: typeof problemSchema } };
  };
};

// The headers a client needs to act on these statuses, documented wherever they can occur.
const retryAfter = {
  "Retry-After": {
    description: "Seconds to wait before retrying",
    schema: { type: "integer" as const },
  },
};
const problemHeaders: Partial<Record<number, ProblemResponses<ProblemCode>[400]["headers"]>> = {
  401: {
    "WWW-Authenticate": {
      description: 'The scheme to authenticate with: `Bearer realm="anodeflow"`',
      schema: { type: "string" },
    },
  },
  409: retryAfter,
  429: retryAfter,
  503: retryAfter,
};

/**
 * Contract entries for the problems a route can answer with, grouped by status; every route also
 * gets `internal`. Spread into `createRoute({ responses })`.
 */
export function problems<C extends ProblemCode>(...codes: C[]): ProblemResponses<C> {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of [...codes, "internal" as const]) {
    const status = problemStatuses[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, group]) => [
      status,
      {
        description: group.map((code) => `\`${code}\`: ${problemMeanings[code]}`).join("; "),
        ...(problemHeaders[status] === undefined ? {} : { headers: problemHeaders[status] }),
        content: { "application/problem+json": { schema: problemSchema } },
      },
    ]),
  ) as unknown as ProblemResponses<C>;
}

/** The problems of every route behind an API key (each names the role it needs). */
export const keyProblems = [
  "missing_api_key",
  "invalid_api_key",
  "forbidden",
  "host_not_allowed",
  "rate_limited",
  "auth_throttled",
] as const;

/** The problems of a route that may take an Idempotency-Key. */
export const idempotencyProblems = [
  "invalid_parameter",
  "idempotency_key_in_use",
  "idempotency_key_reused",
] as const;

/** The problems of a route that solves. */
export const solveProblems = [
  "too_many_solves",
  "overloaded",
  "too_large_for_solver",
  "solver_cannot_solve_integer",
  "solve_out_of_memory",
] as const;

/** The problems of every route that reads a JSON body. */
export const jsonBodyProblems = [
  "malformed_json",
  "payload_too_large",
  "unsupported_media_type",
  "validation_failed",
] as const;
