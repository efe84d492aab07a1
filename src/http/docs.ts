// The OpenAPI 3.1 document (built once, on first request) and the offline Swagger UI reference at /docs.
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Limits } from "../config.ts";
import type { AppEnv } from "./context.ts";
import { ApiError, problemStatuses } from "./problems.ts";

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

const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 100) / 100} MiB`;

function apiDescription(limits: Limits): string {
  const codes = Object.entries(problemStatuses)
    .map(([code, status]) => `| \`${code}\` | ${status} |`)
    .join("\n");
  return `Optimises the supply of prebaked carbon anodes from plants to aluminium smelters and export ports with linear programming.

Store a network as a **dataset**, describe what-ifs as **scenarios** (a dataset plus typed changes), solve them into stored **plans**, and **compare** plans. \`POST /v1/solve\` solves without storing anything. Units: tonnes per year, CNY, km, kg CO2.

A plan whose solve is infeasible or hits its time limit is a success response: read \`status\` first.

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
| page size (\`limit\`) | 1 to 100, default 20 | 400 \`invalid_parameter\` |

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

/** Adds /openapi.json, /docs and its assets; call after every API route is registered. */
export function registerDocs(
  app: OpenAPIHono<AppEnv>,
  options: { limits: Limits; assets: DocsAssets | undefined },
): void {
  let document: unknown;
  app.get("/openapi.json", (c) => {
    document ??= app.getOpenAPI31Document({
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
        { name: "Service", description: "Health" },
      ],
    });
    return c.json(document);
  });
  app.get("/docs", (c) => c.html(docsPage));
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
