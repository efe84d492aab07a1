// Handler of GET /healthz.

import { ApiError } from "../shared/problems.ts";
import type { AppRouteHandler } from "../shared/types.ts";
import type * as routes from "./health.routes.ts";

export const health: AppRouteHandler<typeof routes.health> = async (c) => {
  try {
    await c.var.services.repositories.health.ping();
  } catch (error) {
    c.var.services.log({
      level: "error",
      msg: "database unreachable",
      requestId: c.var.requestId,
      error: error instanceof Error ? error.message : String(error),
    });
    throw new ApiError("unavailable", "The database does not answer");
  }
  return c.json({ status: "ok" as const }, 200);
};
