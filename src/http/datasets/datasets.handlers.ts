// Handlers of /v1/datasets.
import type { Context } from "hono";
import type { Network } from "../../../models/allocation/network.ts";
import type { DatasetSummary } from "../../storage/datasets.ts";
import { ApiError } from "../shared/problems.ts";
import { quotaExcess } from "../shared/quotas.ts";
import { pageRequest } from "../shared/schemas.ts";
import { checkNetworkLimits } from "../shared/solving.ts";
import type { AppRouteHandler, Services } from "../shared/types.ts";
import type * as routes from "./datasets.routes.ts";

const summary = (dataset: DatasetSummary) => ({
  id: dataset.id,
  name: dataset.name,
  contentHash: dataset.contentHash,
  stats: dataset.stats,
  shared: dataset.shared,
  createdAt: dataset.createdAt.toISOString(),
});

/**
 * The upload's size, which the stored network's will be close to: Content-Length when sent, else
 * (a chunked upload) the network measured as JSON.
 */
function uploadBytes(c: Context, network: Network): number {
  const declared = Number(c.req.header("content-length"));
  if (Number.isSafeInteger(declared) && declared > 0) return declared;
  return new TextEncoder().encode(JSON.stringify(network)).byteLength;
}

/**
 * Counts the upload against the quotas, unless the organisation holds the same network already:
 * then nothing new is stored and the create answers with that dataset as ever.
 */
async function checkDatasetQuota(
  services: Services,
  organisationId: string,
  network: Network,
  bytes: number,
): Promise<void> {
  const usage = await services.repositories.usage.of(organisationId);
  const excess = quotaExcess(usage, services.limits.quotas, { datasets: 1, storedBytes: bytes });
  if (excess === undefined) return;
  if (await services.repositories.datasets.holds(organisationId, network)) return;
  throw excess;
}

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const { name, network } = c.req.valid("json");
  const { repositories, limits } = c.var.services;
  checkNetworkLimits(network, limits, "/network");
  await checkDatasetQuota(c.var.services, c.var.organisationId, network, uploadBytes(c, network));
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
