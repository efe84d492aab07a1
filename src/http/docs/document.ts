// What the generated OpenAPI document gets beyond the routes' contracts: servers, the headers middleware sets, response examples, limits from the configuration, read views.
import type { Limits } from "../../config.ts";
import { type OpenApiDocument, withReadSchemas } from "./read-view.ts";
import responseExamples from "./response-examples.json" with { type: "json" };

interface Header {
  description: string;
  schema: { type: "string" | "integer"; example?: string };
}

// Set by middleware on every answer, so no route's contract names them.
const requestIdHeader: Record<string, Header> = {
  "X-Request-Id": {
    description:
      "The request's id: the client's X-Request-Id when it sent a plain token (letters, digits, `_`, `-`, `=`, at most 128), else a new UUID; problem bodies repeat it as `requestId`",
    schema: { type: "string", example: "0b6c1f9e-3f7a-4d2e-9a51-8c2f4e7d1a30" },
  },
};

const rateLimitHeaders = (limits: Limits): Record<string, Header> => ({
  RateLimit: {
    description:
      "What is left of the key's quota this minute (draft-ietf-httpapi-ratelimit-headers): r requests remain, the window resets in t seconds. On every answer to a request whose key was accepted",
    schema: { type: "string", example: `"per-key";r=${limits.requestsPerMinute - 1};t=60` },
  },
  "RateLimit-Policy": {
    description: "The key's quota: q requests per w seconds. On every answer RateLimit is on",
    schema: { type: "string", example: `"per-key";q=${limits.requestsPerMinute};w=60` },
  },
});

const replayedHeader: Record<string, Header> = {
  "Idempotent-Replayed": {
    description:
      "`true` when this is the stored answer to an earlier request with the same Idempotency-Key, replayed without acting again; absent otherwise",
    schema: { type: "string", example: "true" },
  },
};

interface Operation {
  parameters?: { in?: string; name?: string }[];
  responses?: Record<
    string,
    {
      headers?: Record<string, unknown>;
      content?: Record<string, { example?: unknown; examples?: unknown }>;
    }
  >;
}

const takesIdempotencyKey = (op: Operation) =>
  (op.parameters ?? []).some(
    (p) => p.in === "header" && p.name?.toLowerCase() === "idempotency-key",
  );

/** Declares the headers middleware sets on each answer it sets them on. */
function withMiddlewareHeaders(document: OpenApiDocument, limits: Limits): void {
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const op of Object.values(item) as Operation[]) {
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        response.headers = {
          ...requestIdHeader,
          ...(path.startsWith("/v1/") ? rateLimitHeaders(limits) : {}),
          ...(takesIdempotencyKey(op) && status.startsWith("2") ? replayedHeader : {}),
          ...response.headers,
        };
      }
    }
  }
}

interface Example {
  contentType: string;
  body: unknown;
}

/**
 * Gives each answer with a body its example: a real answer of a fresh install to the request
 * examples, made and checked by test/http/response-examples.test.ts (workbooks have none: binary).
 */
function withResponseExamples(document: OpenApiDocument): void {
  const examples = responseExamples as Record<string, Example>;
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, op] of Object.entries(item) as [string, Operation][]) {
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        const example = examples[`${method} ${path} ${status}`];
        if (example === undefined) continue;
        const media = response.content?.[example.contentType];
        if (media !== undefined && media.example === undefined && media.examples === undefined)
          media.example = example.body;
      }
    }
  }
}

/** Writes the configured solve time limit into every `timeLimitMs` the document has. */
function withTimeLimit(value: unknown, limits: Limits): void {
  if (Array.isArray(value)) for (const item of value) withTimeLimit(item, limits);
  else if (typeof value === "object" && value !== null) {
    const properties = (value as { properties?: Record<string, Record<string, unknown>> })
      .properties;
    const timeLimit = properties?.timeLimitMs;
    if (timeLimit !== undefined) {
      timeLimit.maximum = limits.maxSolveTimeLimitMs;
    }
    for (const item of Object.values(value)) withTimeLimit(item, limits);
  }
}

/** The document as served: the routes' contracts plus what the module comment lists. */
export function finishDocument(generated: object, limits: Limits): OpenApiDocument {
  const document = structuredClone(generated) as OpenApiDocument;
  withMiddlewareHeaders(document, limits);
  withResponseExamples(document);
  withTimeLimit(document.components, limits);
  withTimeLimit(document.paths, limits);
  return withReadSchemas({
    ...document,
    servers: [
      {
        url: "/",
        description:
          "The server this document is served from (every path is relative to its origin)",
      },
    ],
  });
}
