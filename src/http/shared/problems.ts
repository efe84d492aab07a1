// RFC 9457 problem details, made in one place: the error class, onError, the validation hook, the contract entries.
import { z } from "@hono/zod-openapi";
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { issuesWithPointers, type SchemaIssue } from "../../../models/allocation/network.ts";
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
  shared_read_only: 403,
  not_found: 404,
  method_not_allowed: 405,
  idempotency_key_in_use: 409,
  slug_taken: 409,
  in_use: 409,
  payload_too_large: 413,
  limit_exceeded: 413,
  network_too_large_for_worker: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  unknown_field: 422,
  unknown_reference: 422,
  content_hash_mismatch: 422,
  not_supported_yet: 422,
  unknown_solver: 422,
  too_large_for_solver: 422,
  solver_cannot_solve_integer: 422,
  solve_out_of_memory: 422,
  idempotency_key_reused: 422,
  destination_not_allowed: 422,
  rate_limited: 429,
  auth_throttled: 429,
  too_many_solves: 429,
  internal: 500,
  webhooks_unavailable: 501,
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
  shared_read_only:
    "the dataset is in the shared catalogue (`shared: true`), which every organisation reads and none can change or delete",
  not_found: "no such resource, or no such route",
  method_not_allowed: "the path exists but not with this method; Allow lists the methods it takes",
  idempotency_key_in_use:
    "the first request with this Idempotency-Key is still running; retry after Retry-After",
  slug_taken:
    "the organisation, or the shared catalogue it sees, has a dataset with this slug already (see errors[].pointer); choose another or omit slug",
  in_use:
    "scenarios or plans still refer to it (see `referencedBy`); delete them first, or send `?cascade=true` to delete them with it",
  payload_too_large: "the body is larger than the body limit",
  limit_exceeded: "the network has more nodes or lanes than the limits allow (see errors)",
  network_too_large_for_worker:
    "this deployment (Cloudflare Workers) solves within each request's CPU budget, and the network has more lanes and legs (times periods) than WORKER_MAX_SOLVE_ARCS allows; the detail names both. Memory binds first, so a job on the queue has the same limit: solve a smaller network or use the Node server",
  unsupported_media_type:
    "the body is not application/json (or, where the route says so, an .xlsx workbook or CSV files as multipart/form-data)",
  validation_failed: "the body does not match the schema (see errors[].pointer)",
  unknown_field:
    "the body has a field the schema does not know, at any depth (a typo such as `change` for `changes`): errors[].pointer names each one, with the body's other problems if it has any",
  unknown_reference: "the body names an id that does not exist (see errors[].pointer)",
  content_hash_mismatch:
    "an imported item's content does not hash to its contentHash (see errors[].pointer, one per item): the bundle was changed or damaged after its export; nothing was stored",
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
  destination_not_allowed:
    "the webhook's url (see errors[].pointer) is on a loopback, private, link-local or unique-local address, by its host or what the host resolves to, or does not resolve; WEBHOOK_ALLOW_PRIVATE=true allows private destinations",
  rate_limited: "the key made more requests this minute than allowed; retry after Retry-After",
  auth_throttled:
    "this client address sent too many invalid API keys this minute (AUTH_FAILURES_PER_MINUTE); retry after Retry-After",
  too_many_solves:
    "the organisation has as many solves running or waiting as allowed; retry after Retry-After",
  internal: "a fault on the server; nothing was stored",
  webhooks_unavailable:
    "this deployment (Cloudflare Workers without a JOBS queue) cannot send webhooks: its work ends with each request, so it could not retry; bind the queue or use the Node server",
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
  501: "Not Implemented",
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

const referrerSchema = z.object({
  kind: z.enum(["scenario", "plan"]),
  id: z.string(),
});

export type Referrer = z.infer<typeof referrerSchema>;

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
      .describe(
        "Each offending field, for validation_failed, unknown_field, unknown_reference, content_hash_mismatch and limits",
      ),
    quota: quotaProblemSchema
      .optional()
      .describe("For quota_exceeded: the quota the request would pass"),
    referencedBy: z
      .array(referrerSchema)
      .optional()
      .describe(
        "For in_use: what still refers to the resource (at most 100; the detail gives the count)",
      ),
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
    /** For in_use: what refers to the resource. */
    readonly referencedBy?: Referrer[],
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
    ...(error.referencedBy === undefined ? {} : { referencedBy: error.referencedBy }),
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
 * bad query parameter a 400 naming the parameter. A body with an unknown field is `unknown_field`,
 * whatever else is wrong with it: a misspelt field is the likelier cause of the rest (a required
 * field "missing" because it was misspelt), and every problem is listed either way.
 */
export function validationHook(
  result: { target: string } & (
    | { success: true }
    | { success: false; error: { issues: readonly SchemaIssue[] } }
  ),
): void {
  if (result.success) return;
  if (result.target === "json") {
    const issues = issuesWithPointers(result.error.issues);
    const unknown = issues.filter((issue) => issue.unknownField).map((issue) => issue.pointer);
    const count = `${issues.length} problem${issues.length === 1 ? "" : "s"}`;
    throw new ApiError(
      unknown.length > 0 ? "unknown_field" : "validation_failed",
      unknown.length > 0
        ? `The request body has ${unknown.length === 1 ? "an unknown field" : "unknown fields"} (${unknown.join(", ")}): ${count}`
        : `The request body is invalid: ${count}`,
      issues.map(({ pointer, message }) => ({ pointer, message })),
    );
  }
  const issues = result.error.issues;
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
    content: {
      "application/problem+json": {
        schema: typeof problemSchema;
        examples: Record<string, { summary: string; value: Problem }>;
      };
    };
  };
};

// What each code's example lists in errors (or quota), as the API would answer it.
const exampleDetails: Partial<Record<ProblemCode, Pick<Problem, "detail" | "errors" | "quota">>> = {
  validation_failed: {
    detail: "The request body is invalid: 1 problem",
    errors: [{ pointer: "/changes/0/factor", message: "Too small: expected number to be >=0" }],
  },
  unknown_field: {
    detail: "The request body has an unknown field (/change): 1 problem",
    errors: [{ pointer: "/change", message: 'unknown field "change"' }],
  },
  unknown_reference: {
    detail: "The body names an id that does not exist",
    errors: [{ pointer: "/datasetId", message: 'no dataset "ds_0f3k8x2m9q7r4t6v"' }],
  },
  content_hash_mismatch: {
    detail: "1 item does not match its content hash; nothing was stored",
    errors: [
      {
        pointer: "/plans/0/contentHash",
        message:
          "the item hashes to sha256:5d41402abc4b2a76b9719d911017c592ae4f8d8f4f5e1a4b3c2d1e0f9a8b7c6d, not to its contentHash",
      },
    ],
  },
  invalid_parameter: {
    detail: "Invalid query parameter",
    errors: [{ parameter: "limit", message: "Too big: expected number to be <=100" }],
  },
  quota_exceeded: {
    detail: "The organisation's datasets quota does not allow this",
    quota: { name: "datasets", limit: 1000, used: 1000, requested: 1 },
  },
};

/** An example answer with this code, for the document. */
function problemExample(code: ProblemCode): Problem {
  const status = problemStatuses[code];
  return {
    type: "about:blank",
    title: titles[status] ?? "Error",
    status,
    detail: problemMeanings[code].replace(/^./, (first) => first.toUpperCase()),
    instance: "/v1/solve",
    requestId: "0b6c1f9e-3f7a-4d2e-9a51-8c2f4e7d1a30",
    code,
    ...exampleDetails[code],
  };
}

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

// A 409 carries Retry-After only for a request still running (the others are no use retrying).
const headersOf = (status: number, group: ProblemCode[]) =>
  status === 409 && !group.includes("idempotency_key_in_use") ? undefined : problemHeaders[status];

/**
 * Contract entries for the problems a route can answer with, grouped by status; every route also
 * gets `internal`. Spread into `createRoute({ responses })`.
 */
export function problems<C extends ProblemCode>(...codes: C[]): ProblemResponses<C> {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of new Set([...codes, "internal" as const])) {
    const status = problemStatuses[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, group]) => [
      status,
      {
        description: group.map((code) => `\`${code}\`: ${problemMeanings[code]}`).join("; "),
        ...(headersOf(status, group) === undefined ? {} : { headers: headersOf(status, group) }),
        content: {
          "application/problem+json": {
            schema: problemSchema,
            examples: Object.fromEntries(
              group.map((code) => [code, { summary: code, value: problemExample(code) }]),
            ),
          },
        },
      },
    ]),
  ) as unknown as ProblemResponses<C>;
}

/**
 * The problems of every route behind an API key (each names the role it needs); each also refuses
 * a query parameter it does not declare.
 */
export const keyProblems = [
  "invalid_parameter",
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
  "network_too_large_for_worker",
] as const;

/** The problems of every route that reads a JSON body. */
export const jsonBodyProblems = [
  "malformed_json",
  "payload_too_large",
  "unsupported_media_type",
  "validation_failed",
  "unknown_field",
] as const;
