// Requests per API key per minute: a fixed window per key, with the IETF RateLimit headers on every answer.
import type { MiddlewareHandler } from "hono";
import { ApiError } from "./problems.ts";
import type { AppEnv, RateLimiter } from "./types.ts";

/**
 * In memory, so per process: behind several processes the effective limit is the sum (Workers
 * count in a Durable Object instead, src/entry/limits-coordinator.ts). Keyed by API key id (requests) or client address (failed authentications); windows
 * older than a minute are swept, so the map holds only the last minute's callers.
 */
export function createRateLimiter(limit: number, now: () => number = Date.now): RateLimiter {
  const windowMs = 60_000;
  const windows = new Map<string, { startedMs: number; used: number }>();
  let lastSweepMs = now();
  const resetSeconds = (startedMs: number, nowMs: number) =>
    Math.max(1, Math.ceil((startedMs + windowMs - nowMs) / 1000));
  return {
    limit,
    windowSeconds: windowMs / 1000,
    peek(key) {
      const nowMs = now();
      const window = windows.get(key);
      if (window === undefined || nowMs - window.startedMs >= windowMs) {
        return { allowed: true, resetSeconds: windowMs / 1000 };
      }
      return { allowed: window.used < limit, resetSeconds: resetSeconds(window.startedMs, nowMs) };
    },
    take(key) {
      const nowMs = now();
      if (nowMs - lastSweepMs > windowMs) {
        for (const [k, w] of windows) if (nowMs - w.startedMs >= windowMs) windows.delete(k);
        lastSweepMs = nowMs;
      }
      let window = windows.get(key);
      if (window === undefined || nowMs - window.startedMs >= windowMs) {
        window = { startedMs: nowMs, used: 0 };
        windows.set(key, window);
      }
      const allowed = window.used < limit;
      if (allowed) window.used++;
      return {
        allowed,
        remaining: limit - window.used,
        resetSeconds: resetSeconds(window.startedMs, nowMs),
      };
    },
  };
}

const policy = "per-key";

/**
 * RateLimit-Policy and RateLimit (draft-ietf-httpapi-ratelimit-headers) on every answer: quota q per
 * window w seconds, r requests remaining, t seconds until the window resets. Over the quota, 429
 * with Retry-After.
 */
export function rateLimit(limiter: RateLimiter): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { allowed, remaining, resetSeconds } = await limiter.take(c.var.keyId);
    const headers = {
      "RateLimit-Policy": `"${policy}";q=${limiter.limit};w=${limiter.windowSeconds}`,
      RateLimit: `"${policy}";r=${remaining};t=${resetSeconds}`,
    };
    if (!allowed) {
      throw new ApiError(
        "rate_limited",
        `This key may make ${limiter.limit} requests a minute; retry in ${resetSeconds} s`,
        undefined,
        { ...headers, "Retry-After": String(resetSeconds) },
      );
    }
    await next();
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  };
}
