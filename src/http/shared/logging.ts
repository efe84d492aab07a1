// Structured logs: one JSON object per line, each request's line with its id, and never a secret.
import type { MiddlewareHandler } from "hono";
import { requestId } from "hono/request-id";
import type { AppEnv, Logger } from "./types.ts";

/** JSON lines with a timestamp: info on stdout, warnings and errors on stderr. */
export const defaultLogger: Logger = (line) => {
  const text = JSON.stringify({ time: new Date().toISOString(), ...line });
  if (line.level === "info") console.log(text);
  else console.error(text);
};

/** A logger that drops everything, for tests that do not read the logs. */
export const silentLogger: Logger = () => {};

// A key pasted into a URL by mistake must not reach the logs either.
const tokenLike = /afk_[0-9a-z]+_[0-9a-z]+/gi;

/**
 * Gives every request an id (the client's X-Request-Id when it is a plain token of at most 128
 * characters, else a new UUID), echoes it in the response, and logs one line per request. The line
 * holds method, path (no query string, which is the client's business), status, milliseconds,
 * organisation and key id: never a header, a body or a key.
 */
export function requestLog(): MiddlewareHandler<AppEnv>[] {
  const log: MiddlewareHandler<AppEnv> = async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    c.var.services.log({
      level: status >= 500 ? "error" : "info",
      msg: "request",
      requestId: c.var.requestId,
      method: c.req.method,
      path: c.req.path.replace(tokenLike, "afk_[redacted]"),
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      org: c.var.organisationId ?? null,
      key: c.var.keyId ?? null,
    });
  };
  return [requestId({ limitLength: 128 }), log];
}
