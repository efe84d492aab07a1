// Handler of GET /healthz.
import { sql } from "drizzle-orm";
import type { AppRouteHandler } from "./context.ts";
import type * as routes from "./health.routes.ts";
import { ApiError } from "./problems.ts";

export const health: AppRouteHandler<typeof routes.health> = async (c) => {
  try {
    await c.var.services.db.run(sql`select 1`);
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
