// Handlers of /v1/datasets.
import type { Context, MiddlewareHandler } from "hono";
import { type DatasetSummary, prepareNetwork } from "../../storage/datasets.ts";
import {
  compiledWorkerUrl,
  fromProblemValue,
  largeJsonBody,
  transferOf,
} from "../shared/json-body.ts";
import { ApiError } from "../shared/problems.ts";
import { pageRequest } from "../shared/schemas.ts";
import { checkNetworkLimits } from "../shared/solving.ts";
import type { AppEnv, AppRouteHandler, OffloadFn } from "../shared/types.ts";
import { withDatasetQuota } from "./dataset-quota.ts";
import type * as routes from "./datasets.routes.ts";
import { toPreparedNetwork } from "./prepared-upload.ts";
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
  const { services, organisationId } = c.var;
  checkNetworkLimits(network, services.limits, "/network");
  const prepared = await prepareNetwork(network);
  const bytes = new TextEncoder().encode(prepared.networkJson).byteLength;
  const { dataset, created } = await withDatasetQuota(
    services,
    organisationId,
    { bytes, contentHash: prepared.contentHash },
    () =>
      services.repositories.datasets.createPrepared(organisationId, name ?? network.name, prepared),
  );
  return stored(c, dataset, created);
};

// Found when first offloaded: a Workers bundle has no import.meta.url (and no worker threads).
const uploadWorkerUrl = () =>
  compiledWorkerUrl(import.meta.url, "src/http/datasets/upload-worker.ts");

/** Runs an upload task on a worker; a problem it answers is thrown here. */
async function runUploadTask(
  offload: OffloadFn,
  task: UploadTask,
  transfer: ArrayBuffer[],
): Promise<Exclude<UploadResult, { problem: unknown }>> {
  const result = await offload<UploadTask, UploadResult>(uploadWorkerUrl(), task, { transfer });
  if ("problem" in result) throw fromProblemValue(result.problem);
  return result;
}

/**
 * Route middleware of POST /v1/datasets, before its validator: a body over OFFLOAD_BODY_BYTES is
 * parsed, validated, checked against the limits, hashed and serialised on a worker thread, under
 * the solve gate (queue, 503 with Retry-After); the main thread never parses it. With the
 * quotas held (exactly, by the stored JSON's length), the row is written: over a local file
 * database (`offloadDatabase`) by a worker, since the embedded libSQL binding writes synchronously
 * and a 14 MiB row would hold the event loop for seconds; otherwise here. The JSON bytes move
 * between the threads, never copied. Problems are the ones `create` gives. Smaller bodies go on
 * to the validator and `create`.
 */
export const offloadLargeUpload: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { services, organisationId } = c.var;
  const { offload, limits, offloadDatabase, repositories } = services;
  if (offload === undefined) return next();
  const body = await largeJsonBody(c, limits.offloadBodyBytes);
  if (body === undefined) return next();
  const result = await services.solveGate.run(organisationId, () =>
    runUploadTask(offload, { prepare: { body, limits } }, transferOf(body)),
  );
  if (!("prepared" in result)) throw new Error("an upload's prepare step answered no upload");
  const upload = result.prepared;
  const write = async () => {
    if (offloadDatabase === undefined) {
      return repositories.datasets.createPrepared(
        organisationId,
        upload.name,
        toPreparedNetwork(upload),
      );
    }
    const task = { store: { database: offloadDatabase, organisationId, upload } };
    const answer = await runUploadTask(offload, task, [upload.json.buffer]);
    if (!("stored" in answer)) throw new Error("an upload's store step stored nothing");
    return answer.stored;
  };
  const { dataset, created } = await withDatasetQuota(
    services,
    organisationId,
    { bytes: upload.json.byteLength, contentHash: upload.contentHash },
    write,
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
