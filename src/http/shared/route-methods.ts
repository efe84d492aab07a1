// Which methods a path takes, from the app's own route table: what a 405's Allow header lists.

interface RegisteredRoute {
  method: string;
  path: string;
}

/** A Hono path pattern ("/v1/plans/:id", "/docs/assets/:name") as a regular expression. */
function patternOf(path: string): RegExp {
  const source = path
    .split(/(:\w+(?:\{[^}]*\})?|\*)/)
    .map((part, i) => {
      if (i % 2 === 0) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      return part === "*" ? ".*" : "[^/]+";
    })
    .join("");
  return new RegExp(`^${source}/?$`);
}

/**
 * Reads the table on first use, once every route is registered. Middleware (method ALL) is left
 * out; HEAD goes with GET, which Hono answers for it.
 */
export function routeMethods(routes: () => readonly RegisteredRoute[]): (path: string) => string[] {
  let table: { pattern: RegExp; method: string }[] | undefined;
  return (path) => {
    table ??= routes()
      .filter((route) => route.method !== "ALL")
      .map((route) => ({ pattern: patternOf(route.path), method: route.method }));
    const methods = new Set(
      table.filter((route) => route.pattern.test(path)).map((route) => route.method),
    );
    if (methods.has("GET")) methods.add("HEAD");
    return [...methods].sort();
  };
}
