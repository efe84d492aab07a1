// The router factory every resource uses, so each router turns schema failures into problem+json alike.
import { OpenAPIHono } from "@hono/zod-openapi";
import { validationHook } from "./problems.ts";
import type { AppEnv } from "./types.ts";

/** A router whose schema failures become problem+json through the one validation hook. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}
