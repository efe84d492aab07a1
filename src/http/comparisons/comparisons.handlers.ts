// Handlers of the comparison routes.
import { type ComparedPlan, comparePlans } from "../../../models/allocation/compare.ts";
import { ApiError } from "../shared/problems.ts";
import type { AppRouteHandler, Services } from "../shared/types.ts";
import type * as routes from "./comparisons.routes.ts";

/** A stored plan with what a comparison shows beside it: its scenario's changes and name. */
async function loadCompared(
  services: Services,
  organisationId: string,
  planId: string,
): Promise<ComparedPlan | undefined> {
  const stored = await services.repositories.plans.get(organisationId, planId);
  if (stored === undefined) return undefined;
  const scenario = await services.repositories.scenarios.get(organisationId, stored.scenarioId);
  if (scenario === undefined) {
    throw new Error(`plan ${planId} refers to scenario ${stored.scenarioId}, which is missing`);
  }
  return { plan: stored.plan, changes: scenario.changes, label: scenario.name };
}

export const comparePair: AppRouteHandler<typeof routes.comparePair> = async (c) => {
  const { id, otherId } = c.req.valid("param");
  const [a, b] = await Promise.all(
    [id, otherId].map((planId) => loadCompared(c.var.services, c.var.organisationId, planId)),
  );
  if (a === undefined) throw new ApiError("not_found", `No plan ${id}`);
  if (b === undefined) throw new ApiError("not_found", `No plan ${otherId}`);
  return c.json(comparePlans(a, b), 200);
};

export const compareMany: AppRouteHandler<typeof routes.compareMany> = async (c) => {
  const { planIds } = c.req.valid("json");
  const loaded = await Promise.all(
    planIds.map(async (planId, index) => ({
      planId,
      index,
      compared: await loadCompared(c.var.services, c.var.organisationId, planId),
    })),
  );
  const found = loaded.filter(
    (entry): entry is { planId: string; index: number; compared: ComparedPlan } =>
      entry.compared !== undefined,
  );
  const [baseline, ...others] = found;
  if (baseline === undefined || found.length < loaded.length) {
    const missing = loaded.filter((entry) => entry.compared === undefined);
    throw new ApiError(
      "unknown_reference",
      "Some plans do not exist",
      missing.map(({ planId, index }) => ({
        pointer: `/planIds/${index}`,
        message: `no plan has id "${planId}"`,
      })),
    );
  }
  return c.json(
    {
      baselineId: baseline.planId,
      comparisons: others.map((other) => ({
        planId: other.planId,
        comparison: comparePlans(baseline.compared, other.compared),
      })),
    },
    200,
  );
};
