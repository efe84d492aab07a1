// The request body's size limit (BODY_BYTES), checked without opening the body when its length is declared.
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ApiError } from "./problems.ts";
import type { AppEnv } from "./types.ts";

/**
 * Hono's bodyLimit, but a body with a Content-Length (and no Transfer-Encoding) is judged by it
 * alone, as Hono's does, without touching `c.req.raw.body`: on Node, asking for it puts Node's web
 * stream adapter over the request, which copies every chunk into fresh memory on the event loop,
 * and it starts reading at once. Left alone, a large body is read from Node's request itself
 * (json-body.ts). A body without a declared length is counted as it is read, by Hono's.
 */
export function requestBodyLimit(maxBytes: number): MiddlewareHandler<AppEnv> {
  const tooLarge = (): never => {
    throw new ApiError("payload_too_large", `The body is larger than ${maxBytes} bytes`);
  };
  const counted = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    const declared = c.req.header("content-length");
    if (declared === undefined || c.req.header("transfer-encoding") !== undefined)
      return counted(c, next);
    if (Number.parseInt(declared, 10) > maxBytes) tooLarge();
    return next();
  };
}
