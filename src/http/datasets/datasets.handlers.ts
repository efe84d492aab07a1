// Handlers of /v1/datasets.
import type { Context, MiddlewareHandler } from "hono";
import type { DatasetSummary } from "../../storage/datasets.ts";
import { compiledWorkerUrl, fromProblemValue, isLargeJsonBody } from "../shared/json-body.ts";
import { ApiError } from "../shared/problems.ts";
import { pageRequest } from "../shared/schemas.ts";
import { checkNetworkLimits } from "../shared/solving.ts";
import type { AppEnv, AppRouteHandler } from "../shared/types.ts";
import type * as routes from "./datasets.routes.ts";
import type { UploadResult, UploadTask } from "./upload-worker.ts";

const summary = (dataset: DatasetSummary) => ({
  id: dataset.id,
  name: dataset.name,
  contentHash: dataset.contentHash,
  stats: dataset.stats,
  shared: dataset.shared,
  createdAt: dataset.createdAt.toISOString(),
});

function stored(c: Context<AppEnv>, dataset: DatasetSummary, created: boolean) {
  c.header("Location", `/v1/datasets/${dataset.id}`);
  return created ? c.json(summary(dataset), 201) : c.json(summary(dataset), 200);
}

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const { name, network } = c.req.valid("json");
  const { repositories, limits } = c.var.services;
  checkNetworkLimits(network, limits, "/network");
  const { dataset, created } = await repositories.datasets.create(c.var.organisationId, {
    name: name ?? network.name,
    network,
  });
  return stored(c, dataset, created);
};

const uploadWorkerUrl = compiledWorkerUrl(import.meta.url, "src/http/datasets/upload-worker.ts");

/**
 * Route middleware of POST /v1/datasets, before its validator: a body over OFFLOAD_BODY_BYTES is
 * parsed, validated, checked against the limits, hashed and serialised on a worker thread, under
 * the solve gate (queue, 503 with Retry-After), and stored as JSON text; the main thread never
 * parses it. Problems are the ones `create` gives. Smaller bodies go on to the validator and `create`.
 */
export const offloadLargeUpload: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { services, organisationId } = c.var;
  const { offload, limits } = services;
  if (offload === undefined) return next();
  const text = await c.req.text();
  if (!isLargeJsonBody(c.req.header("content-type"), text, limits.offloadBodyBytes)) return next();
  const result = await services.solveGate.run(organisationId, () =>
    offload<UploadTask, UploadResult>(uploadWorkerUrl, { text, limits }),
  );
  if ("problem" in result) throw fromProblemValue(result.problem);
  const { dataset, created } = await services.repositories.datasets.createPrepared(
    organisationId,
    result.name,
    result.prepared,
  );
  return stored(c, dataset, created);
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
