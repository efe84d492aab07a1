// The planner page at /: one self-contained HTML file built by web/build.ts; the entry says where it is.
import type { OpenAPIHono } from "@hono/zod-openapi";
import { etag, RETAINED_304_HEADERS } from "hono/etag";
import { ApiError } from "../shared/problems.ts";
import type { AppEnv } from "../shared/types.ts";

/** Reads the built page; undefined when it has not been built (`npm run build:web`). */
export type PageSource = () => Promise<string | undefined>;

// web/build.ts writes the policy into the page's <meta>; `frame-ancestors` only works as a header.
const metaPolicy = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/i;

/**
 * The page's own hash-based policy as a header, with framing refused; undefined when the page has
 * none, so the closed API policy applies.
 */
export function pagePolicy(html: string): string | undefined {
  const policy = metaPolicy.exec(html)?.[1];
  return policy === undefined ? undefined : `${policy}; frame-ancestors 'none'`;
}

export function registerPage(app: OpenAPIHono<AppEnv>, page: PageSource | undefined): void {
  // The page changes only with a new build: the ETag lets a browser revalidate it for nothing. The
  // 304 keeps the page's policy: a browser takes the 304's headers, and the closed API policy that
  // would otherwise fill in blocks the page's own script and styles.
  app.use("/", etag({ retainedHeaders: [...RETAINED_304_HEADERS, "content-security-policy"] }));
  app.get("/", async (c) => {
    const html = await page?.();
    if (html === undefined) {
      throw new ApiError("not_found", "The planner page is not built; run npm run build:web");
    }
    const policy = pagePolicy(html);
    return c.html(html, 200, {
      "cache-control": "no-cache",
      ...(policy === undefined ? {} : { "content-security-policy": policy }),
    });
  });
}
