// Handlers of /v1/datasets.
import type { Context, MiddlewareHandler } from "hono";
import { type DatasetSummary, prepareNetwork } from "../../storage/datasets.ts";
import { checkDeleted } from "../shared/deletion.ts";
import { prefersAsync, startJob } from "../shared/jobs.ts";
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
import { mapSlugTaken } from "./slug-taken.ts";
import type { UploadResult, UploadTask } from "./upload-worker.ts";

const summary = (dataset: DatasetSummary) => ({
  id: dataset.id,
  name: dataset.name,
  slug: dataset.slug,
  contentHash: dataset.contentHash,
  stats: dataset.stats,
  shared: dataset.shared,
  createdAt: dataset.createdAt.toISOString(),
});

function stored(c: Context<AppEnv>, dataset: DatasetSummary, created: boolean) {
  c.header("Location", `/v1/datasets/${dataset.id}`);
  return created ? c.json(summary(dataset), 201) : c.json(summary(dataset), 200);
}

/** The job of an upload sent with Prefer: respond-async (kind dataset): `store` runs after the 202. */
const storeLater = (c: Context<AppEnv>, store: () => Promise<{ dataset: DatasetSummary }>) =>
  startJob(c, "dataset", async () => summary((await store()).dataset));

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const { name, slug, network } = c.req.valid("json");
  const { services, organisationId } = c.var;
  checkNetworkLimits(network, services.limits, "/network");
  const store = async () => {
    const prepared = await prepareNetwork(network);
    const bytes = new TextEncoder().encode(prepared.networkJson).byteLength;
    return withDatasetQuota(
      services,
      organisationId,
      { bytes, contentHash: prepared.contentHash },
      () =>
        mapSlugTaken(() =>
          services.repositories.datasets.createPrepared(
            organisationId,
            { name: name ?? network.name, slug },
            prepared,
          ),
        ),
    );
  };
  // Checked (schema, limits) before the 202; hashed, serialised and stored after it.
  if (prefersAsync(c)) return c.json(await storeLater(c, store), 202);
  const { dataset, created } = await store();
  return stored(c, dataset, created);
};

const uploadWorkerUrl = compiledWorkerUrl(import.meta.url, "src/http/datasets/upload-worker.ts");

/** Runs an upload task on a worker; a problem it answers is thrown here. */
async function runUploadTask(
  offload: OffloadFn,
  task: UploadTask,
  transfer: ArrayBuffer[],
): Promise<Exclude<UploadResult, { problem: unknown }>> {
  const result = await offload<UploadTask, UploadResult>(uploadWorkerUrl, task, { transfer });
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
  const store = async () => {
    const result = await services.solveGate.run(organisationId, () =>
      runUploadTask(offload, { prepare: { body, limits } }, transferOf(body)),
    );
    if (!("prepared" in result)) throw new Error("an upload's prepare step answered no upload");
    const upload = result.prepared;
    const write = async () => {
      if (offloadDatabase === undefined) {
        return mapSlugTaken(() =>
          repositories.datasets.createPrepared(
            organisationId,
            { name: upload.name, slug: upload.slug },
            toPreparedNetwork(upload),
          ),
        );
      }
      const task = { store: { database: offloadDatabase, organisationId, upload } };
      const answer = await runUploadTask(offload, task, [upload.json.buffer]);
      if (!("stored" in answer)) throw new Error("an upload's store step stored nothing");
      return answer.stored;
    };
    return withDatasetQuota(
      services,
      organisationId,
      { bytes: upload.json.byteLength, contentHash: upload.contentHash },
      write,
    );
  };
  // The body is read in full before the 202; parsing, validation and storing run as the job, so
  // a problem in the body (422, 413 limit_exceeded) becomes the job's problem.
  if (prefersAsync(c)) return c.json(await storeLater(c, store), 202);
  const { dataset, created } = await store();
  return stored(c, dataset, created);
};

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const query = c.req.valid("query");
  const page = await c.var.services.repositories.datasets.list(
    c.var.organisationId,
    { slug: query.slug, contentHash: query.contentHash },
    pageRequest(query),
  );
  return c.json({ items: page.items.map(summary), nextCursor: page.nextCursor }, 200);
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const { id } = c.req.valid("param");
  const dataset = await c.var.services.repositories.datasets.get(c.var.organisationId, id);
  if (dataset === undefined) throw new ApiError("not_found", `No dataset ${id}`);
  return c.json({ ...summary(dataset), network: dataset.network }, 200);
};

export const remove: AppRouteHandler<typeof routes.remove> = async (c) => {
  const { id } = c.req.valid("param");
  const { cascade } = c.req.valid("query");
  const outcome = await c.var.services.repositories.datasets.remove(c.var.organisationId, id, {
    cascade: cascade === "true",
  });
  checkDeleted(outcome, "dataset", id);
  return c.body(null, 204);
};
