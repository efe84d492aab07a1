// Handlers of /v1/datasets.
import type { Context, MiddlewareHandler } from "hono";
import type { Network } from "../../../models/allocation/network.ts";
import { contentHash } from "../../storage/content-hash.ts";
import type { DatasetSummary } from "../../storage/datasets.ts";
import { compiledWorkerUrl, fromProblemValue, largeJsonBody } from "../shared/json-body.ts";
import { ApiError } from "../shared/problems.ts";
import { pageRequest } from "../shared/schemas.ts";
import { checkNetworkLimits } from "../shared/solving.ts";
import type { AppEnv, AppRouteHandler } from "../shared/types.ts";
import { checkDatasetQuota } from "./dataset-quota.ts";
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

/**
 * The upload's size, which the stored network's will be close to: Content-Length when sent, else
 * (a chunked upload) the network measured as JSON.
 */
function uploadBytes(c: Context, network: Network): number {
  const declared = Number(c.req.header("content-length"));
  if (Number.isSafeInteger(declared) && declared > 0) return declared;
  return new TextEncoder().encode(JSON.stringify(network)).byteLength;
}

function stored(c: Context<AppEnv>, dataset: DatasetSummary, created: boolean) {
  c.header("Location", `/v1/datasets/${dataset.id}`);
  return created ? c.json(summary(dataset), 201) : c.json(summary(dataset), 200);
}

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const { name, network } = c.req.valid("json");
  const { repositories, limits } = c.var.services;
  checkNetworkLimits(network, limits, "/network");
  await checkDatasetQuota(repositories, limits.quotas, {
    organisationId: c.var.organisationId,
    bytes: uploadBytes(c, network),
    hash: () => contentHash(network),
  });
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
 * the solve gate (queue, 503 with Retry-After); the main thread never parses it. Over a local file
 * database (`offloadDatabase`) the worker also checks the quota and stores the row, since the
 * embedded libSQL binding writes synchronously and a 14 MiB row would hold the event loop for
 * seconds; otherwise the main thread stores the prepared JSON text. Problems are the ones `create`
 * gives. Smaller bodies go on to the validator and `create`.
 */
export const offloadLargeUpload: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { services, organisationId } = c.var;
  const { offload, limits, offloadDatabase } = services;
  if (offload === undefined) return next();
  const body = await largeJsonBody(c.req, limits.offloadBodyBytes);
  if (body === undefined) return next();
  const task: UploadTask = {
    body,
    limits,
    ...(offloadDatabase === undefined
      ? {}
      : { store: { database: offloadDatabase, organisationId } }),
  };
  const result = await services.solveGate.run(organisationId, () =>
    offload<UploadTask, UploadResult>(uploadWorkerUrl, task),
  );
  if ("problem" in result) throw fromProblemValue(result.problem);
  if ("stored" in result) return stored(c, result.stored.dataset, result.stored.created);
  const bytes = new TextEncoder().encode(result.prepared.networkJson).byteLength;
  await checkDatasetQuota(services.repositories, limits.quotas, {
    organisationId,
    bytes,
    hash: async () => result.prepared.contentHash,
  });
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
