// Handler of POST /v1/batches: the scenarios checked, then planned two at a time.
import type { StoredPlan } from "../../storage/plans.ts";
import type { Scenario } from "../../storage/scenarios.ts";
import { planScenario } from "../plans/plan-scenario.ts";
import { toSummaryBody } from "../plans/plans.handlers.ts";
import { type JobContext, prefersAsync, startJob } from "../shared/jobs.ts";
import { ApiError } from "../shared/problems.ts";
import { checkQuota } from "../shared/quotas.ts";
import type { AppRouteHandler } from "../shared/types.ts";
import type * as routes from "./batches.routes.ts";

/** Solves in flight per batch: the pool's threads stay busy without one batch taking the gate. */
const batchConcurrency = 2;

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const body = c.req.valid("json");
  const { services, organisationId } = c.var;
  const scenarios: Scenario[] = [];
  const seen = new Set<string>();
  const problems: { pointer: string; message: string }[] = [];
  for (const [i, id] of body.scenarioIds.entries()) {
    if (seen.has(id))
      problems.push({ pointer: `/scenarioIds/${i}`, message: `"${id}" is asked twice` });
    seen.add(id);
    const scenario = await services.repositories.scenarios.get(organisationId, id);
    if (scenario === undefined)
      problems.push({ pointer: `/scenarioIds/${i}`, message: `no scenario has id "${id}"` });
    else scenarios.push(scenario);
  }
  if (problems.length > 0)
    throw new ApiError("unknown_reference", "Some scenarios cannot be planned", problems);
  // Refused before any solve when the plans could not all be kept; each plan's bytes are checked
  // when it is stored.
  await checkQuota(services, organisationId, {
    plans: scenarios.length,
    storedBytes: scenarios.length,
  });
  const planAll = async (job?: JobContext) => {
    const plans: StoredPlan[] = new Array(scenarios.length);
    let next = 0;
    let done = 0;
    // A refusal midway (the solve gate's queue, the byte quota) ends the batch once the solves in
    // flight are stored: the plans stored so far stay, and the answer is that problem. A cancelled
    // job starts no more solves.
    let failure: unknown;
    const worker = async () => {
      while (failure === undefined && !job?.signal.aborted && next < scenarios.length) {
        const k = next++;
        try {
          plans[k] = await planScenario(
            services,
            organisationId,
            scenarios[k] as Scenario,
            body.options,
          );
          done++;
          job?.report({ phase: "running", done, total: scenarios.length });
        } catch (error) {
          failure ??= error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(batchConcurrency, scenarios.length) }, worker));
    if (failure !== undefined) throw failure;
    return { items: plans.map(toSummaryBody) };
  };
  if (prefersAsync(c)) return c.json(await startJob(c, "batch", (job) => planAll(job)), 202);
  return c.json(await planAll(), 201);
};
