// Idempotency-Key on creating POSTs: a retry gets the first answer, a reused key with another request a 422.
import { z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
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

async function fingerprint(method: string, path: string, body: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(`${method} ${path}\n${body}`),
  );
  let hex = "";
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

// When each app last purged expired keys: at most once a minute, so they do not pile up.
const lastPurgeMs = new WeakMap<object, number>();

/**
 * Route middleware for creating POSTs. Only a 2xx answer is kept: after an error the key is freed,
 * so the retry runs afresh. A first request that dies without answering holds the key for a lease
 * (the longest solve time limit, the longest queue wait and a minute); after it a retry runs again.
 */
export const idempotent: MiddlewareHandler<AppEnv> = async (c, next) => {
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
  const reservation = await idempotency.reserve({
    organisationId,
    key,
    fingerprint: await fingerprint(c.req.method, c.req.path, await c.req.text()),
    now,
    leaseMs: limits.maxSolveTimeLimitMs + limits.solveQueueTimeoutMs + 60_000,
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
    case "running":
      throw new ApiError(
        "idempotency_key_in_use",
        "The first request with this Idempotency-Key is still running",
        undefined,
        { "Retry-After": "1" },
      );
    case "replay": {
      const { status, contentType, location, body } = reservation.response;
      return c.body(body, status as 200, {
        ...(contentType === null ? {} : { "content-type": contentType }),
        ...(location === null ? {} : { location }),
        "idempotent-replayed": "true",
      });
    }
    case "reserved":
      break;
  }
  try {
    await next();
  } catch (error) {
    await idempotency.release(organisationId, key);
    throw error;
  }
  const response = c.res;
  if (response.status < 200 || response.status >= 300) {
    await idempotency.release(organisationId, key);
    return;
  }
  try {
    await idempotency.complete(organisationId, key, {
      status: response.status,
      contentType: response.headers.get("content-type"),
      location: response.headers.get("location"),
      body: await response.clone().text(),
    });
  } catch (error) {
    // The create succeeded: the client gets its answer, and a retry meets a held key until the
    // lease runs out.
    c.var.services.log({
      level: "error",
      msg: "idempotency answer not kept",
      requestId: c.var.requestId,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
};
