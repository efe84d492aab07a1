// CORS for browser clients on an allow-list of origins (CORS_ORIGINS): off unless configured.
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import type { AppEnv } from "./types.ts";

/** What a browser page may send beyond the CORS-safelisted headers. */
const allowHeaders = ["Authorization", "Content-Type", "Idempotency-Key", "Prefer", "X-Request-Id"];

/** The response headers a page may read: those the API documents beside the body. */
const exposeHeaders = [
  "Location",
  "X-Request-Id",
  "Retry-After",
  "RateLimit",
  "RateLimit-Policy",
  "Idempotent-Replayed",
  "Preference-Applied",
  "Content-Disposition",
  "Allow",
];

/**
 * Answers preflights (OPTIONS) itself, before any API key is asked for: a browser sends them
 * without credentials. Origins not on the list get no Access-Control-Allow-Origin, so their pages
 * cannot read answers. The key travels in Authorization, never a cookie, so no credentials mode.
 */
export function corsFor(origins: readonly string[]): MiddlewareHandler<AppEnv> {
  return cors({
    origin: origins.includes("*") ? "*" : [...origins],
    allowMethods: ["GET", "POST", "PATCH", "DELETE"],
    allowHeaders,
    exposeHeaders,
    maxAge: 600,
  });
}
