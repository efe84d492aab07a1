// Handler of the regional mismatch view: computed from the stored plan, so it needs no solve.
import { regionalView } from "../../../models/allocation/regions.ts";
import { ApiError } from "../shared/problems.ts";
import type { AppRouteHandler } from "../shared/types.ts";
import type * as routes from "./plan-regions.routes.ts";

export const regions: AppRouteHandler<typeof routes.regions> = async (c) => {
  const { id } = c.req.valid("param");
  const stored = await c.var.services.repositories.plans.get(c.var.organisationId, id);
  if (stored === undefined) throw new ApiError("not_found", `No plan ${id}`);
  return c.json(
    { planId: stored.id, status: stored.plan.status, ...regionalView(stored.plan) },
    200,
  );
};
