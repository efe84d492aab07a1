// Handlers of /v1/datasets.
import type { DatasetSummary } from "../../storage/datasets.ts";
import { ApiError } from "../shared/problems.ts";
import { pageRequest } from "../shared/schemas.ts";
import { checkNetworkLimits } from "../shared/solving.ts";
import type { AppRouteHandler } from "../shared/types.ts";
import type * as routes from "./datasets.routes.ts";

const summary = (dataset: DatasetSummary) => ({
  id: dataset.id,
  name: dataset.name,
  contentHash: dataset.contentHash,
  stats: dataset.stats,
  shared: dataset.shared,
  createdAt: dataset.createdAt.toISOString(),
});

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const { name, network } = c.req.valid("json");
  const { repositories, limits } = c.var.services;
  checkNetworkLimits(network, limits, "/network");
  const { dataset, created } = await repositories.datasets.create(c.var.organisationId, {
    name: name ?? network.name,
    network,
  });
  c.header("Location", `/v1/datasets/${dataset.id}`);
  return created ? c.json(summary(dataset), 201) : c.json(summary(dataset), 200);
};

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const page = await c.var.services.repositories.datasets.list(
    c.var.organisationId,
    pageRequest(c.req.valid("query")),
  );
  return c.json({ items: page.items.map(summary), nextCursor: page.nextCursor }, 200);
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const { id } = c.req.valid("param");
  const dataset = await c.var.services.repositories.datasets.get(c.var.organisationId, id);
  if (dataset === undefined) throw new ApiError("not_found", `No dataset ${id}`);
  return c.json({ ...summary(dataset), network: dataset.network }, 200);
};
