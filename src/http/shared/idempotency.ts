// Idempotency-Key on creating POSTs: a retry gets the first answer, a reused key with another request a 422.
import { z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import type { Limits } from "../../config.ts";
import { bodyBytes } from "./json-body.ts";
import { ApiError } from "./problems.ts";
import type { AppEnv } from "./types.ts";

export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, "1 to 255 visible ASCII characters")
  .optional()
  .describe(
    "Makes the create safe to retry: a retry with the same key and body gets the first answer (same status and body, header Idempotent-Replayed: true); the same key with another body is a 422 idempotency_key_reused. Keys belong to the organisation and are kept for IDEMPOTENCY_TTL_HOURS (24 by default). Use a new UUID per create.",
  )
  .openapi({ example: "8e0f1c52-8a4b-4d7e-b5a3-2f1a9c6d7e01" });

/** The request headers of a route that takes an Idempotency-Key, for its contract. */
export const idempotencyHeaders = z.object({ "idempotency-key": idempotencyKeySchema });

/** SHA-256 of the method, path and body bytes as sent: the request a key was first used for. */
async function fingerprint(method: string, path: string, body: Uint8Array): Promise<string> {
  const head = new TextEncoder().encode(`${method} ${path}\n`);
  const message = new Uint8Array(head.byteLength + body.byteLength);
  message.set(head);
  message.set(body, head.byteLength);
  // Web Crypto hashes on a thread of its own in Node, not on the event loop.
  const digest = await crypto.subtle.digest("SHA-256", message);
  let hex = "";
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

// When each app last purged expired keys: at most once a minute, so they do not pile up.
const lastPurgeMs = new WeakMap<object, number>();

/**
 * How long past the queue wait and the time limit a running first request keeps its key if its
 * process dies without releasing it (the pool itself stops a solve 5 s past its limit).
 */
export const leaseGraceMs = 30_000;

/**
 * The time limit a solving body asks for (as resolveOptions reads it), or the default. A body over
 * OFFLOAD_BODY_BYTES is not parsed here, where it would hold the event loop: it gets the longest.
 */
function requestedTimeLimitMs(body: Uint8Array, limits: Limits): number {
  if (body.byteLength > limits.offloadBodyBytes) return limits.maxSolveTimeLimitMs;
  let requested: unknown;
  try {
    requested = (
      JSON.parse(new TextDecoder().decode(body)) as { options?: { timeLimitMs?: unknown } } | null
    )?.options?.timeLimitMs;
  } catch {
    // Malformed: the route's validation answers it, within the shortest lease.
  }
  return typeof requested === "number" && requested > 0
    ? Math.min(requested, limits.maxSolveTimeLimitMs)
    : limits.defaultSolveTimeLimitMs;
}

/**
 * Route middleware for creating POSTs. Only a 2xx answer is kept; when the request ends any other
 * way (an error answer or a throw) the key is freed, so the retry runs afresh. Should the process
 * die first, the key is held for a lease: the longest queue wait, the solve's own time limit on a
 * route that solves, and `leaseGraceMs`; a retry meanwhile is told the lease's remaining seconds.
 */
export function idempotent(options: { solves?: boolean } = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header("idempotency-key");
    if (key === undefined) return next();
    const parsed = idempotencyKeySchema.safeParse(key);
    if (!parsed.success) {
      throw new ApiError("invalid_parameter", "Invalid Idempotency-Key header", [
        { parameter: "Idempotency-Key", message: "1 to 255 visible ASCII characters" },
      ]);
    }
    const { services } = c.var;
    const { idempotency } = services.repositories;
    const { limits } = services;
    const organisationId = c.var.organisationId;
    const now = services.clock();
    if (now.getTime() - (lastPurgeMs.get(services) ?? 0) > 60_000) {
      lastPurgeMs.set(services, now.getTime());
      await idempotency.purgeExpired(now);
    }
    // The bytes stay in the body cache for the route, which may move them to a worker.
    const body = await bodyBytes(c);
    const solveMs = options.solves ? requestedTimeLimitMs(body, limits) : 0;
    const reservation = await idempotency.reserve({
      organisationId,
      key,
      fingerprint: await fingerprint(c.req.method, c.req.path, body),
      now,
      leaseMs: limits.solveQueueTimeoutMs + solveMs + leaseGraceMs,
      ttlMs: limits.idempotencyTtlMs,
    });
    switch (reservation.state) {
      case "mismatch":
        throw new ApiError(
          "idempotency_key_reused",
          "This Idempotency-Key was used for a different request; use a new key for a new request",
          [
            {
              parameter: "Idempotency-Key",
              message: "already used with another method, path or body",
            },
          ],
        );
      case "running": {
        const seconds = Math.max(
          1,
          Math.ceil((reservation.lockedUntil.getTime() - now.getTime()) / 1000),
        );
        throw new ApiError(
          "idempotency_key_in_use",
          `The first request with this Idempotency-Key is still running; it holds the key for at most ${seconds} s more`,
          undefined,
          { "Retry-After": String(seconds) },
        );
      }
      case "replay": {
        const { status, contentType, location, body: stored } = reservation.response;
        return c.body(stored, status as 200, {
          ...(contentType === null ? {} : { "content-type": contentType }),
          ...(location === null ? {} : { location }),
          "idempotent-replayed": "true",
        });
      }
      case "reserved":
        break;
    }
    let settled = false;
    try {
      await next();
      if (c.res.status >= 200 && c.res.status < 300) {
        // Settled even if keeping the answer fails: the create happened, so freeing the key would
        // let a retry create twice; it stays held until the lease runs out.
        settled = true;
        await keep(c, key, c.res);
      }
    } finally {
      if (!settled) await free(c, key);
    }
  };
}

/** Stores the first answer under the key; a failure is logged, not the client's problem. */
async function keep(c: Context<AppEnv>, key: string, response: Response): Promise<void> {
  try {
    await c.var.services.repositories.idempotency.complete(c.var.organisationId, key, {
      status: response.status,
      contentType: response.headers.get("content-type"),
      location: response.headers.get("location"),
      body: await response.clone().text(),
    });
  } catch (error) {
    logFailure(c, "idempotency answer not kept", error);
  }
}

/** Frees the key of a request that did not succeed; a failure leaves it to the lease. */
async function free(c: Context<AppEnv>, key: string): Promise<void> {
  try {
    await c.var.services.repositories.idempotency.release(c.var.organisationId, key);
  } catch (error) {
    logFailure(c, "idempotency key not released", error);
  }
}

function logFailure(c: Context<AppEnv>, msg: string, error: unknown): void {
  c.var.services.log({
    level: "error",
    msg,
    requestId: c.var.requestId,
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
}
