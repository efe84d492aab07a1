// Handlers of the plan routes.
import { flowsToCsv } from "../../../models/allocation/flows-csv.ts";
import { contentHash } from "../../storage/content-hash.ts";
import { type PlanSummary, planBytes, type StoredPlan } from "../../storage/plans.ts";
import { ApiError } from "../shared/problems.ts";
import { checkQuota, withQuota } from "../shared/quotas.ts";
import { pageRequest } from "../shared/schemas.ts";
import {
  applyScenarioChanges,
  baselineFlows,
  rememberBaseline,
  resolveOptions,
  runSolve,
  withObjective,
} from "../shared/solving.ts";
import type { AppRouteHandler } from "../shared/types.ts";
import type * as routes from "./plans.routes.ts";

const toSummaryBody = (plan: PlanSummary) => ({
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

/** Milliseconds between two performance.now() readings, to the microsecond. */
const elapsedMs = (from: number, to: number) => Math.round((to - from) * 1000) / 1000;

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const { id } = c.req.valid("param");
  const body = c.req.valid("json");
  const organisationId = c.var.organisationId;
  const { services } = c.var;
  const { repositories, limits } = services;
  const scenario = await repositories.scenarios.get(organisationId, id);
  if (scenario === undefined) throw new ApiError("not_found", `No scenario ${id}`);
  const dataset = await repositories.datasets.get(organisationId, scenario.datasetId);
  if (dataset === undefined) {
    throw new Error(`scenario ${id} refers to dataset ${scenario.datasetId}, which is missing`);
  }

  // Refused before the solve when no plan could be kept; the plan's own bytes are checked after it.
  await checkQuota(services, organisationId, { plans: 1, storedBytes: 1 });
  const started = performance.now();
  const changed = applyScenarioChanges(dataset.network, scenario.changes);
  const options = resolveOptions(body.options, changed, limits);
  const network = withObjective(changed, options.objective);
  const inputHash = await contentHash(network);
  // A scenario's plan stays nearest the dataset's own (solved once per dataset content, then kept).
  const reference =
    scenario.changes.length > 0
      ? await baselineFlows(services, organisationId, dataset, options)
      : undefined;
  const prepared = performance.now();
  // No abort signal: a plan that was asked for is stored even if the client stops waiting.
  const plan = await runSolve(services, organisationId, network, options, { reference });
  if (scenario.changes.length === 0) rememberBaseline(services, dataset, options, plan);
  const solved = performance.now();
  const stored = await withQuota(
    services,
    organisationId,
    { plans: 1, storedBytes: planBytes(plan) },
    () =>
      repositories.plans.create(organisationId, {
        scenarioId: scenario.id,
        datasetId: dataset.id,
        plan,
        provenance: {
          inputHash,
          datasetHash: dataset.contentHash,
          solver: { id: plan.solver.id, version: plan.solver.version },
          options,
          timings: {
            prepareMs: elapsedMs(started, prepared),
            solveMs: elapsedMs(prepared, solved),
            solverMs: plan.solver.ms,
          },
        },
      }),
  );
  c.header("Location", `/v1/plans/${stored.id}`);
  return c.json(toPlanBody(stored), 201);
};

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
  return c.body(flowsToCsv(plan.plan), 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${plan.id}-flows.csv"`,
  });
};
