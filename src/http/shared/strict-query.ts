// Query parameters are strict like bodies: one the operation does not declare (`?limt=5`,
// `?fromat=csv`) is refused, not ignored, so a typo never answers as if it had not been sent.
import type { MiddlewareHandler } from "hono";
import { ApiError } from "./problems.ts";

/** What the OpenAPI registry holds for a route: enough to know its query parameters. */
interface RouteDefinition {
  type: string;
  route?: {
    method: string;
    path: string;
    request?: { query?: unknown };
  };
}

interface Operation {
  method: string;
  pattern: RegExp;
  names: ReadonlySet<string>;
}

/** An OpenAPI path ("/v1/plans/{id}/flows.csv") as a regular expression over request paths. */
function patternOf(path: string): RegExp {
  const source = path
    .split(/(\{[^}]+\})/)
    .map((part, i) => (i % 2 === 0 ? part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : "[^/]+"))
    .join("");
  return new RegExp(`^${source}/?$`);
}

/** The keys of a route's query schema: a zod object, or nothing when it declares none. */
function parameterNames(query: unknown): string[] {
  const shape = (query as { shape?: unknown } | undefined)?.shape;
  return typeof shape === "object" && shape !== null ? Object.keys(shape) : [];
}

/**
 * Reads the registry on first use, once every route is registered. A path no operation takes is
 * left to the router (404 or 405); HEAD is checked as the GET it is.
 */
export function strictQuery(definitions: () => readonly RouteDefinition[]): MiddlewareHandler {
  let operations: Operation[] | undefined;
  return async (c, next) => {
    const search = new URL(c.req.url).searchParams;
    if (search.size === 0) return next();
    operations ??= definitions().flatMap((definition) =>
      definition.type === "route" && definition.route !== undefined
        ? [
            {
              method: definition.route.method.toUpperCase(),
              pattern: patternOf(definition.route.path),
              names: new Set(parameterNames(definition.route.request?.query)),
            },
          ]
        : [],
    );
    const method = c.req.method === "HEAD" ? "GET" : c.req.method;
    const operation = operations.find((op) => op.method === method && op.pattern.test(c.req.path));
    if (operation === undefined) return next();
    const unknown = [...new Set(search.keys())].filter((name) => !operation.names.has(name));
    if (unknown.length > 0) {
      const takes =
        operation.names.size === 0
          ? "this operation takes no query parameters"
          : `this operation takes ${[...operation.names].join(", ")}`;
      throw new ApiError(
        "invalid_parameter",
        `Unknown query parameter${unknown.length === 1 ? "" : "s"} ${unknown.join(", ")}: ${takes}`,
        unknown.map((parameter) => ({ parameter, message: `Unknown parameter: ${takes}` })),
      );
    }
    return next();
  };
}
