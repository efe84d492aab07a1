// Handlers of /v1/datasets.
import type { z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import type { Network } from "../../../models/allocation/network.ts";
import { networkToTables } from "../../../models/allocation/network-tables.ts";
import { tableToCsv } from "../../../models/csv.ts";
import { SolveOutOfMemoryError } from "../../solve/errors.ts";
import { type DatasetSummary, prepareNetwork } from "../../storage/datasets.ts";
import {
  networkFromCsvForm,
  SpreadsheetError,
  spreadsheetKind,
} from "../../workbook/network-upload.ts";
import { tablesToXlsx, xlsxMediaType } from "../../workbook/xlsx.ts";
import { accepts } from "../shared/accept.ts";
import { checkDeleted } from "../shared/deletion.ts";
import { prefersAsync, startJob } from "../shared/jobs.ts";
import {
  bodyBytes,
  compiledWorkerUrl,
  fromProblemValue,
  largeJsonBody,
  transferOf,
} from "../shared/json-body.ts";
import { ApiError } from "../shared/problems.ts";
import { pageRequest } from "../shared/schemas.ts";
import { checkNetworkLimits } from "../shared/solving.ts";
import type { AppEnv, AppRouteHandler, JobTask, OffloadFn, Services } from "../shared/types.ts";
import { withDatasetQuota } from "./dataset-quota.ts";
import type * as routes from "./datasets.routes.ts";
import { newDatasetSchema } from "./datasets.routes.ts";
import { toPreparedNetwork } from "./prepared-upload.ts";
import { mapSlugTaken } from "./slug-taken.ts";
import { spreadsheetProblem, workbookNetwork } from "./spreadsheet-problems.ts";
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

/**
 * Hashes, serialises and stores the network within the quotas (or finds it stored): the upload
 * answered now, or its job (kind dataset).
 */
async function storeDataset(
  services: Services,
  organisationId: string,
  { name, slug, network }: Omit<Extract<JobTask, { kind: "dataset" }>, "kind">,
) {
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
}

/** The job of an upload sent with Prefer: respond-async (kind dataset): the summary of what it stored. */
export async function datasetJob(
  services: Services,
  organisationId: string,
  task: Extract<JobTask, { kind: "dataset" }>,
) {
  return summary((await storeDataset(services, organisationId, task)).dataset);
}

/**
 * Checks the limits, then stores the network within the quotas (or finds it stored); with
 * Prefer: respond-async it answers 202 and a job hashes, serialises and stores it.
 */
async function storeNetwork(
  c: Context<AppEnv>,
  names: { name: string | undefined; slug: string | undefined },
  network: Network,
  pointerPrefix: string,
) {
  const { services, organisationId } = c.var;
  checkNetworkLimits(network, services.limits, pointerPrefix);
  const task = { kind: "dataset" as const, ...names, network };
  if (prefersAsync(c)) return c.json(await startJob(c, task), 202);
  const { dataset, created } = await storeDataset(services, organisationId, task);
  return stored(c, dataset, created);
}

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  // The route also declares the workbook and CSV bodies, which spreadsheetUpload answers before
  // this handler: what reaches it is the JSON body.
  const { name, slug, network } = c.req.valid("json") as z.output<typeof newDatasetSchema>;
  return storeNetwork(c, { name, slug }, network, "/network");
};

const datasetName = (c: Context<AppEnv>) => {
  const name = c.req.query("name");
  if (name === undefined) return undefined;
  const checked = newDatasetSchema.shape.name.safeParse(name);
  if (!checked.success)
    throw new ApiError("invalid_parameter", "Invalid query parameter", [
      { parameter: "name", message: checked.error.issues[0]?.message ?? "invalid" },
    ]);
  return checked.data;
};

/**
 * An uploaded workbook's network. Unzipping and reading a workbook takes exceljs about a second
 * per MiB, so with a worker pool it runs there, under the solve gate, with the pool's heap limit
 * (WORKBOOK_MAX_UNPACKED_MB refuses first what its parts declare); on Workers, inline.
 */
async function readWorkbook(c: Context<AppEnv>, bytes: Uint8Array): Promise<Network> {
  const { services, organisationId } = c.var;
  const { offload, limits } = services;
  if (offload === undefined) return workbookNetwork(bytes, limits.workbookUnpackedBytes);
  const owned = bytes.slice();
  const task = { workbook: { bytes: owned, maxUnpackedBytes: limits.workbookUnpackedBytes } };
  const result = await services.solveGate
    .run(organisationId, () => runUploadTask(offload, task, [owned.buffer as ArrayBuffer]))
    .catch((error: unknown) => {
      // A part that declared less than it unpacks to fills the thread's heap.
      if (error instanceof SolveOutOfMemoryError)
        throw new ApiError("solve_out_of_memory", `Reading the workbook: ${error.message}`);
      throw error;
    });
  if (!("network" in result)) throw new Error("a workbook task answered no network");
  return result.network;
}

/**
 * Route middleware of POST /v1/datasets, before its JSON validator: a network sent as an .xlsx
 * workbook or as CSV files (multipart/form-data, a part per table) is read into tables, checked
 * whole (every bad cell in one 422), then stored as a JSON upload is; `?name=` names it. A
 * workbook is read on a worker thread where there is a pool (readWorkbook); CSV text, bounded by
 * the body limit, here.
 */
export const spreadsheetUpload: MiddlewareHandler<AppEnv> = async (c, next) => {
  const kind = spreadsheetKind(c.req.header("content-type"));
  if (kind === undefined) return next();
  const name = datasetName(c);
  let network: Network;
  try {
    if (kind === "xlsx") network = await readWorkbook(c, await bodyBytes(c));
    else {
      const bytes = await bodyBytes(c);
      let form: FormData;
      try {
        form = await new Response(bytes, {
          headers: { "content-type": c.req.header("content-type") ?? "" },
        }).formData();
      } catch (error) {
        // An unreadable form is a bad upload like an unreadable workbook: 422, said in words.
        throw new SpreadsheetError("The CSV files cannot be read", [
          {
            sheet: null,
            row: null,
            column: null,
            cell: null,
            pointer: "",
            message: `not a readable multipart/form-data body (${(error as Error).message})`,
          },
        ]);
      }
      network = await networkFromCsvForm(form);
    }
  } catch (error) {
    if (error instanceof SpreadsheetError) throw spreadsheetProblem(error);
    throw error;
  }
  return storeNetwork(c, { name, slug: undefined }, network, "");
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
  // Node alone offloads, so this job runs in its process: the bytes stay in memory, not in a
  // message.
  if (prefersAsync(c))
    return c.json(
      await startJob(c, { kind: "dataset", work: async () => summary((await store()).dataset) }),
      202,
    );
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

/** The dataset's network as a workbook, or one of its tables as CSV. */
async function datasetFile(c: Context<AppEnv>, id: string, format: "xlsx" | "csv") {
  const dataset = await c.var.services.repositories.datasets.get(c.var.organisationId, id);
  if (dataset === undefined) throw new ApiError("not_found", `No dataset ${id}`);
  const tables = networkToTables(dataset.network);
  const file = `${dataset.id}-network`;
  if (format === "xlsx") {
    const bytes = await tablesToXlsx(tables);
    return c.body(bytes.buffer as ArrayBuffer, 200, {
      "content-type": xlsxMediaType,
      "content-disposition": `attachment; filename="${file}.xlsx"`,
    });
  }
  const table = c.req.query("table");
  const sheet = tables.find((t) => t.name === table);
  if (sheet === undefined)
    throw new ApiError("invalid_parameter", "Invalid query parameter", [
      {
        parameter: "table",
        message: `format=csv needs table, one of this network's: ${tables.map((t) => t.name).join(", ")}`,
      },
    ]);
  return c.body(tableToCsv(sheet), 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${file}-${sheet.name}.csv"`,
  });
}

/**
 * Route middleware of GET /v1/datasets/{id}: `?format=xlsx` or an Accept that prefers the
 * workbook answers the workbook, `?format=csv&table=` one table as CSV; anything else goes on to
 * the JSON handler (which validates the query).
 */
export const datasetDownload: MiddlewareHandler<AppEnv> = async (c, next) => {
  const format = c.req.query("format");
  const wanted =
    format === "xlsx" || format === "csv"
      ? format
      : format === undefined && accepts(c, xlsxMediaType)
        ? "xlsx"
        : undefined;
  if (wanted === undefined) return next();
  return datasetFile(c, c.req.param("id") ?? "", wanted);
};

export const workbook: AppRouteHandler<typeof routes.workbook> = async (c) => {
  const { id } = c.req.valid("param");
  return datasetFile(c, id, "xlsx");
};
