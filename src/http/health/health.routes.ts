// Contract of GET /healthz: the process answers and the database is reachable.
import { createRoute, z } from "@hono/zod-openapi";
import { problems } from "../shared/problems.ts";

export const healthSchema = z.object({ status: z.literal("ok") }).openapi("Health");

export const health = createRoute({
  method: "get",
  path: "/healthz",
  tags: ["Service"],
  operationId: "health",
  summary: "Liveness and database reachability",
  // No key: a load balancer's probe has none.
  security: [],
  responses: {
    200: { description: "Serving", content: { "application/json": { schema: healthSchema } } },
    ...problems("unavailable"),
  },
});
