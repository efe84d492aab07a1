// Handlers of /v1/scenarios.
import type { Scenario } from "../../storage/scenarios.ts";
import { checkDeleted } from "../shared/deletion.ts";
import { ApiError } from "../shared/problems.ts";
import { withQuota } from "../shared/quotas.ts";
import { pageRequest } from "../shared/schemas.ts";
import { applyScenarioChanges } from "../shared/solving.ts";
import type { AppRouteHandler } from "../shared/types.ts";
import type * as routes from "./scenarios.routes.ts";

export const toScenarioBody = (scenario: Scenario) => ({
  ...scenario,
  createdAt: scenario.createdAt.toISOString(),
});

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const body = c.req.valid("json");
  const { repositories } = c.var.services;
  const dataset = await repositories.datasets.get(c.var.organisationId, body.datasetId);
  if (dataset === undefined) {
    throw new ApiError("unknown_reference", `No dataset ${body.datasetId}`, [
      { pointer: "/datasetId", message: `no dataset has the id or slug "${body.datasetId}"` },
    ]);
  }
  // Checked now, so a stored scenario always applies to its (immutable) dataset.
  applyScenarioChanges(dataset.network, body.changes);
  const { services, organisationId } = c.var;
  const scenario = await withQuota(services, organisationId, { scenarios: 1 }, () =>
    // Stored by id: a slug names the same immutable dataset, and the id is what plans record.
    repositories.scenarios.create(organisationId, { ...body, datasetId: dataset.id }),
  );
  c.header("Location", `/v1/scenarios/${scenario.id}`);
  return c.json(toScenarioBody(scenario), 201);
};

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const query = c.req.valid("query");
  const page = await c.var.services.repositories.scenarios.list(
    c.var.organisationId,
    { datasetId: query.datasetId },
    pageRequest(query),
  );
  return c.json({ items: page.items.map(toScenarioBody), nextCursor: page.nextCursor }, 200);
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const { id } = c.req.valid("param");
  const scenario = await c.var.services.repositories.scenarios.get(c.var.organisationId, id);
  if (scenario === undefined) throw new ApiError("not_found", `No scenario ${id}`);
  return c.json(toScenarioBody(scenario), 200);
};

export const rename: AppRouteHandler<typeof routes.rename> = async (c) => {
  const { id } = c.req.valid("param");
  const { name } = c.req.valid("json");
  const scenario = await c.var.services.repositories.scenarios.rename(
    c.var.organisationId,
    id,
    name,
  );
  if (scenario === undefined) throw new ApiError("not_found", `No scenario ${id}`);
  return c.json(toScenarioBody(scenario), 200);
};

export const remove: AppRouteHandler<typeof routes.remove> = async (c) => {
  const { id } = c.req.valid("param");
  const { cascade } = c.req.valid("query");
  const outcome = await c.var.services.repositories.scenarios.remove(c.var.organisationId, id, {
    cascade: cascade === "true",
  });
  checkDeleted(outcome, "scenario", id);
  return c.body(null, 204);
};
