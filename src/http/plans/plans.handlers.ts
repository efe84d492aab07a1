// Handlers of the plan routes.
import type { Context, MiddlewareHandler } from "hono";
import { flowsToCsv } from "../../../models/allocation/flows-csv.ts";
import { flowsSheet, planToTables } from "../../../models/allocation/plan-workbook.ts";
import { tableToCsv } from "../../../models/csv.ts";
import type { PlanSummary, StoredPlan } from "../../storage/plans.ts";
import { tablesToXlsx, xlsxMediaType } from "../../workbook/xlsx.ts";
import { accepts } from "../shared/accept.ts";
import { prefersAsync, startJob } from "../shared/jobs.ts";
import { ApiError } from "../shared/problems.ts";
import { checkQuota } from "../shared/quotas.ts";
import { pageRequest, solveOptionsSchema } from "../shared/schemas.ts";
import type { AppEnv, AppRouteHandler, JobTask, Services } from "../shared/types.ts";
import { planScenario } from "./plan-scenario.ts";
import type * as routes from "./plans.routes.ts";

export const toSummaryBody = (plan: PlanSummary) => ({
  id: plan.id,
  scenarioId: plan.scenarioId,
  datasetId: plan.datasetId,
  status: plan.status,
  objectiveValue: plan.objectiveValue,
  totals: plan.totals,
  provenance: plan.provenance,
  createdAt: plan.createdAt.toISOString(),
});

const toPlanBody = (plan: StoredPlan) => ({ ...toSummaryBody(plan), plan: plan.plan });

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const { id } = c.req.valid("param");
  const body = c.req.valid("json");
  const organisationId = c.var.organisationId;
  const { services } = c.var;
  const scenario = await services.repositories.scenarios.get(organisationId, id);
  if (scenario === undefined) throw new ApiError("not_found", `No scenario ${id}`);

  // Refused before the solve when no plan could be kept; the plan's own bytes are checked after it.
  await checkQuota(services, organisationId, { plans: 1, storedBytes: 1 });
  // As a job, the result is the plan's summary (the job's resultUrl has the whole plan).
  if (prefersAsync(c))
    return c.json(
      await startJob(c, { kind: "plan", scenarioId: scenario.id, options: body.options }),
      202,
    );
  const stored = await planScenario(services, organisationId, scenario, body.options);
  c.header("Location", `/v1/plans/${stored.id}`);
  return c.json(toPlanBody(stored), 201);
};

/** The job of a plan (kind plan): the scenario read again when it runs, its plan's summary. */
export async function planJob(
  services: Services,
  organisationId: string,
  task: Extract<JobTask, { kind: "plan" }>,
) {
  const scenario = await services.repositories.scenarios.get(organisationId, task.scenarioId);
  if (scenario === undefined) throw new ApiError("not_found", `No scenario ${task.scenarioId}`);
  const options = task.options === undefined ? undefined : solveOptionsSchema.parse(task.options);
  return toSummaryBody(await planScenario(services, organisationId, scenario, options));
}

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const query = c.req.valid("query");
  const page = await c.var.services.repositories.plans.list(
    c.var.organisationId,
    { scenarioId: query.scenarioId, datasetId: query.datasetId },
    pageRequest(query),
  );
  return c.json({ items: page.items.map(toSummaryBody), nextCursor: page.nextCursor }, 200);
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const { id } = c.req.valid("param");
  const plan = await c.var.services.repositories.plans.get(c.var.organisationId, id);
  if (plan === undefined) throw new ApiError("not_found", `No plan ${id}`);
  return c.json(toPlanBody(plan), 200);
};

export const flowsCsv: AppRouteHandler<typeof routes.flowsCsv> = async (c) => {
  const { id } = c.req.valid("param");
  const plan = await c.var.services.repositories.plans.get(c.var.organisationId, id);
  if (plan === undefined) throw new ApiError("not_found", `No plan ${id}`);
  const { version } = c.req.valid("query");
  const csv = version === "2" ? tableToCsv(flowsSheet(plan.plan)) : flowsToCsv(plan.plan);
  return c.body(csv, 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${plan.id}-flows.csv"`,
  });
};

export const remove: AppRouteHandler<typeof routes.remove> = async (c) => {
  const { id } = c.req.valid("param");
  const deleted = await c.var.services.repositories.plans.remove(c.var.organisationId, id);
  if (!deleted) throw new ApiError("not_found", `No plan ${id}`);
  return c.body(null, 204);
};

/** The stored plan as an Excel workbook (plan-workbook.ts's sheets). */
async function planWorkbook(c: Context<AppEnv>, id: string) {
  const plan = await c.var.services.repositories.plans.get(c.var.organisationId, id);
  if (plan === undefined) throw new ApiError("not_found", `No plan ${id}`);
  const bytes = await tablesToXlsx(planToTables(plan.plan));
  return c.body(bytes.buffer as ArrayBuffer, 200, {
    "content-type": xlsxMediaType,
    "content-disposition": `attachment; filename="${plan.id}.xlsx"`,
  });
}

export const workbook: AppRouteHandler<typeof routes.workbook> = async (c) =>
  planWorkbook(c, c.req.valid("param").id);

/**
 * Route middleware of GET /v1/plans/{id}: `?format=xlsx` or an Accept that prefers the workbook
 * answers the plan workbook; anything else goes on to the JSON handler.
 */
export const planDownload: MiddlewareHandler<AppEnv> = async (c, next) => {
  const format = c.req.query("format");
  if (format === "xlsx" || (format === undefined && accepts(c, xlsxMediaType)))
    return planWorkbook(c, c.req.param("id") ?? "");
  return next();
};
