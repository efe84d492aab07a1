// Handler of POST /v1/batches: the scenarios checked, then planned two at a time.
import type { StoredPlan } from "../../storage/plans.ts";
import type { Scenario } from "../../storage/scenarios.ts";
import { planScenario } from "../plans/plan-scenario.ts";
import { toSummaryBody } from "../plans/plans.handlers.ts";
import { prefersAsync, startJob } from "../shared/jobs.ts";
import { ApiError } from "../shared/problems.ts";
import { checkQuota } from "../shared/quotas.ts";
import { type SolveOptionsInput, solveOptionsSchema } from "../shared/schemas.ts";
import type { AppRouteHandler, JobContext, JobTask, Services } from "../shared/types.ts";
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
  if (prefersAsync(c))
    return c.json(
      await startJob(c, { kind: "batch", scenarioIds: body.scenarioIds, options: body.options }),
      202,
    );
  return c.json(await planBatch(services, organisationId, scenarios, body.options), 201);
};

/** The job of a batch (kind batch): the scenarios read again when it runs, then planned. */
export async function batchJob(
  services: Services,
  organisationId: string,
  task: Extract<JobTask, { kind: "batch" }>,
  job: JobContext,
) {
  const scenarios: Scenario[] = [];
  for (const [i, id] of task.scenarioIds.entries()) {
    const scenario = await services.repositories.scenarios.get(organisationId, id);
    if (scenario === undefined)
      throw new ApiError("unknown_reference", "Some scenarios cannot be planned", [
        { pointer: `/scenarioIds/${i}`, message: `no scenario has id "${id}"` },
      ]);
    scenarios.push(scenario);
  }
  const options = task.options === undefined ? undefined : solveOptionsSchema.parse(task.options);
  return planBatch(services, organisationId, scenarios, options, job);
}

/** Plans the scenarios two at a time, each stored; a job counts them in its progress. */
async function planBatch(
  services: Services,
  organisationId: string,
  scenarios: Scenario[],
  options: SolveOptionsInput | undefined,
  job?: JobContext,
) {
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
        plans[k] = await planScenario(services, organisationId, scenarios[k] as Scenario, options);
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
}
