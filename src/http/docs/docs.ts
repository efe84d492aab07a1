// The OpenAPI 3.1 document (built once, on first request) and the offline Swagger UI reference at /docs.
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Limits } from "../../config.ts";
import { ApiError, problemStatuses } from "../shared/problems.ts";
import type { AppEnv } from "../shared/types.ts";
import { finishDocument } from "./document.ts";

/** The swagger-ui-dist files /docs uses; the runtime entry knows where they live. */
export const docsAssetTypes = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
} as const;

export type DocsAssetName = keyof typeof docsAssetTypes;

/** Reads one swagger-ui-dist file; undefined when this runtime has none. */
export type DocsAssets = (name: DocsAssetName) => Promise<ArrayBuffer | ReadableStream | undefined>;

/** The changes limit is changesSchema's maxItems; a test holds this figure to the document. */
export const maxChanges = 1000;

const hours = (ms: number) => `${Math.round(ms / 3_600_000)} h`;
const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 100) / 100} MiB`;

function apiDescription(limits: Limits): string {
  const codes = Object.entries(problemStatuses)
    .map(([code, status]) => `| \`${code}\` | ${status} |`)
    .join("\n");
  return `Optimises the supply of prebaked carbon anodes from plants to aluminium smelters and export ports with linear programming.

Store a network as a **dataset**, describe what-ifs as **scenarios** (a dataset plus typed changes), solve them into stored **plans**, and **compare** plans. \`POST /v1/solve\` solves without storing anything. Units: tonnes per year, CNY, km, kg CO2.

A plan whose solve is infeasible or hits its time limit is a success response: read \`status\` first.

## Authentication
Every \`/v1\` request needs an API key: \`Authorization: Bearer afk_...\`. A key belongs to one organisation and has a role: **viewer** reads; **planner** also solves and creates datasets, scenarios and plans; **admin** also manages the organisation's keys (\`/v1/keys\`). Each operation names the least role it needs. Without a key the answer is 401 \`missing_api_key\`, with a malformed, unknown or revoked one 401 \`invalid_api_key\`, with too small a role 403 \`forbidden\`.

Datasets, scenarios and plans belong to the caller's organisation: another organisation's id answers exactly like an id that does not exist. The shared catalogue (datasets with \`shared: true\`, such as the seeded China 2024 dataset) is readable by every organisation and can be the base of its scenarios. Every dataset has a \`slug\` (the seeded ones \`china-2024\`, \`china-2024-calibrated\`, \`china-2024-cities\`, \`china-2024-cities-calibrated\` on every install), accepted wherever a dataset id is. A planner deletes the organisation's datasets, scenarios and plans with DELETE: 409 \`in_use\` names what still refers to one unless \`?cascade=true\`; shared datasets cannot be deleted.

The first \`npm start\` on an empty database creates an admin key and prints it; \`npm run keys -- create --org NAME --role ROLE\` makes more. Keys are stored only as hashes. \`/healthz\`, \`/openapi.json\` and \`/docs\` need no key.

## Retrying safely
\`POST /v1/datasets\`, \`POST /v1/scenarios\` and \`POST /v1/scenarios/{id}/plans\` take an \`Idempotency-Key\` header (1 to 255 visible ASCII characters; a UUID per create). A retry with the same key, method, path and body gets the first answer again (same status and body, with \`Idempotent-Replayed: true\`) without acting twice; the same key with another request is 422 \`idempotency_key_reused\`; a retry while the first request still runs is 409 \`idempotency_key_in_use\` with \`Retry-After\`: the seconds left of the first request's lease (the longest queue wait, plus the solve's time limit on a plan create, plus 30 s). A first request that fails frees its key at once; one whose server died holds it only until its lease ends. Only successful answers are kept, for ${hours(limits.idempotencyTtlMs)}, per organisation.

## Request ids
Every answer carries \`X-Request-Id\`: yours when you send one (letters, digits, \`_\`, \`-\`, \`=\`, at most 128), else a new UUID. Problem bodies repeat it as \`requestId\`; the server's log lines carry it too.

## Errors
Every error is \`application/problem+json\` (RFC 9457) with a stable \`code\`. Validation errors list each problem in \`errors\`, with an RFC 6901 \`pointer\` into the body (or the query \`parameter\`). A failed request changes nothing that is stored.

| code | status |
|---|---|
${codes}

## Limits
| limit | value | beyond it |
|---|---|---|
| request body | ${mib(limits.bodyBytes)} | 413 \`payload_too_large\` |
| plants + smelters + ports in a network | ${limits.nodes} | 413 \`limit_exceeded\` |
| lanes in a network (without \`lanes\`, plants x destinations x modes) | ${limits.lanes} | 413 \`limit_exceeded\` |
| changes in a scenario or solve | ${maxChanges} | 422 \`validation_failed\` |
| solve time limit | default ${limits.defaultSolveTimeLimitMs} ms, at most ${limits.maxSolveTimeLimitMs} ms | 422 \`validation_failed\` |
| solves running at once (whole service) | ${limits.concurrentSolves}, then up to ${limits.queuedSolves} wait, each at most ${limits.solveQueueTimeoutMs} ms | 503 \`overloaded\` with Retry-After |
| solves running or waiting per organisation | ${limits.solvesPerOrganisation} | 429 \`too_many_solves\` with Retry-After |
| requests per API key per minute | ${limits.requestsPerMinute} | 429 \`rate_limited\` with Retry-After |
| invalid API keys per client address per minute | ${limits.authFailuresPerMinute} | 429 \`auth_throttled\` with Retry-After for every keyed request from that address until the minute ends |
| page size (\`limit\`) | 1 to 100, default 20 | 400 \`invalid_parameter\` |
| stored network and plan JSON per organisation | ${mib(limits.quotas.storedBytes)} | 403 \`quota_exceeded\` |
| datasets / scenarios / plans per organisation | ${limits.quotas.datasets} / ${limits.quotas.scenarios} / ${limits.quotas.plans} | 403 \`quota_exceeded\` |
| unrevoked API keys per organisation | ${limits.quotas.apiKeys} | 403 \`quota_exceeded\` |

Every \`/v1\` answer carries the key's quota as \`RateLimit-Policy: "per-key";q=${limits.requestsPerMinute};w=60\` and what is left as \`RateLimit: "per-key";r=REMAINING;t=SECONDS_TO_RESET\` (draft-ietf-httpapi-ratelimit-headers). \`GET /v1/usage\` shows the organisation's usage against each quota; a \`quota_exceeded\` problem names the quota, its limit, the usage and what the request would add in \`quota\`. Solves count against the solve limits whether they come from \`POST /v1/solve\` or \`POST /v1/scenarios/{id}/plans\`. Counters live in each server process; on Cloudflare Workers in a Durable Object, for the whole deployment, where a network with more arcs than the Worker may solve in one request is 413 \`network_too_large_for_worker\`.

## Pagination
Lists are newest first. Pass a page's \`nextCursor\` as \`cursor\` to get the next page; it is null on the last.`;
}

const docsPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>anodeflow API reference</title>
<link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

// validatorUrl null: the default sends the document to validator.swagger.io, which an offline
// reference must not do.
const initScript = `window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  validatorUrl: null,
  deepLinking: true,
  tryItOutEnabled: true,
});
`;

/**
 * Swagger UI's bundle and init script come from /docs itself; it sets inline style attributes and
 * draws icons from data: URLs, and "Try it out" calls this API.
 */
const docsPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

/** Adds /openapi.json, /docs and its assets; call after every API route is registered. */
export function registerDocs(
  app: OpenAPIHono<AppEnv>,
  options: { limits: Limits; assets: DocsAssets | undefined },
): void {
  let document: unknown;
  app.get("/openapi.json", (c) => {
    document ??= finishDocument(
      app.getOpenAPI31Document({
        openapi: "3.1.0",
        info: {
          title: "anodeflow API",
          version: "1.0.0",
          description: apiDescription(options.limits),
          license: { name: "MIT", url: "https://opensource.org/license/mit" },
        },
        tags: [
          { name: "Solve", description: "Stateless solves" },
          { name: "Datasets", description: "Networks, stored immutably by content" },
          { name: "Scenarios", description: "A dataset plus typed changes" },
          { name: "Plans", description: "Solved scenarios with provenance" },
          { name: "Comparisons", description: "What differs between plans" },
          { name: "Keys", description: "API keys of the caller's organisation (admin)" },
          {
            name: "Transfer",
            description:
              "The organisation's datasets, scenarios and plans moved between deployments, checked by content hashes",
          },
          { name: "Service", description: "Health" },
        ],
      }),
      options.limits,
    );
    return c.json(document);
  });
  app.get("/docs", (c) => c.html(docsPage, 200, { "content-security-policy": docsPolicy }));
  app.get("/docs/init.js", (c) =>
    c.body(initScript, 200, { "content-type": "text/javascript; charset=utf-8" }),
  );
  app.get("/docs/assets/:name", async (c) => {
    const name = c.req.param("name");
    const missing = new ApiError("not_found", `No documentation asset ${name}`);
    if (!isAssetName(name)) throw missing;
    const body = await options.assets?.(name);
    if (body === undefined) throw missing;
    return c.body(body, 200, {
      "content-type": docsAssetTypes[name],
      "cache-control": "public, max-age=86400",
    });
  });
}

const isAssetName = (name: string): name is DocsAssetName => Object.hasOwn(docsAssetTypes, name);
