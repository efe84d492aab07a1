// Worker-thread entry for large dataset uploads: parse, validation, limits, hash and JSON text; then, over a local file database, the row itself, so the event loop never holds the network. Workbooks are read here too.
import { createClient } from "@libsql/client";
import type { Network } from "../../../models/allocation/network.ts";
import type { DatabaseConfig, Limits } from "../../config.ts";
import { moved } from "../../solve/moved.ts";
import { type DatasetSummary, prepareNetwork } from "../../storage/datasets.ts";
import { createDb } from "../../storage/db.ts";
import { randomId } from "../../storage/ids.ts";
import { createRepositories, type Repositories } from "../../storage/repositories.ts";
import {
  type BodyChunks,
  bodyText,
  type ProblemValue,
  parseJsonBody,
  toProblemValue,
} from "../shared/json-body.ts";
import { ApiError } from "../shared/problems.ts";
import { checkNetworkLimits } from "../shared/solving.ts";
import { newDatasetSchema } from "./datasets.routes.ts";
import { type PreparedUpload, toPreparedNetwork } from "./prepared-upload.ts";
import { asSlugTaken } from "./slug-taken.ts";
import { workbookNetwork } from "./spreadsheet-problems.ts";

/**
 * Two steps, with the quota held on the main thread between them: prepare the body (transferred),
 * then, over a local file database, store the prepared upload (transferred back). Or read a
 * workbook (transferred) into the network it stands for.
 */
export type UploadTask =
  | { prepare: { body: BodyChunks; limits: Limits } }
  | { workbook: { bytes: Uint8Array; maxUnpackedBytes: number } }
  | { store: { database: DatabaseConfig; organisationId: string; upload: PreparedUpload } };

/** The prepared upload, the dataset stored, or the problem the main thread answers. */
export type UploadResult =
  | { prepared: PreparedUpload }
  | { network: Network }
  | { stored: { dataset: DatasetSummary; created: boolean } }
  | { problem: ProblemValue };

/**
 * How long a write waits for the database's one writer (WAL) before failing: the main thread's
 * writes are short, and waiting blocks only this worker thread.
 */
const busyTimeoutMs = 10_000;

// One connection pool per database and thread, opened by the first upload the thread stores.
const stores = new Map<string, Promise<Repositories>>();

function repositoriesFor(database: DatabaseConfig): Promise<Repositories> {
  let repositories = stores.get(database.url);
  if (repositories === undefined) {
    repositories = openStore(database);
    stores.set(database.url, repositories);
  }
  return repositories;
}

async function openStore(database: DatabaseConfig): Promise<Repositories> {
  const { url, authToken } = database;
  const client = createClient({
    url,
    timeout: busyTimeoutMs,
    ...(authToken === undefined ? {} : { authToken }),
  });
  // As the entry's connection (src/entry/database.ts): the pragma belongs to a connection.
  await client.execute(
    `PRAGMA synchronous=${database.synchronous === "normal" ? "NORMAL" : "FULL"}`,
  );
  return createRepositories({ db: createDb(client), newId: randomId, clock: () => new Date() });
}

async function prepare(body: BodyChunks, limits: Limits): Promise<UploadResult> {
  const { name, slug, network } = parseJsonBody(bodyText(body), newDatasetSchema);
  checkNetworkLimits(network, limits, "/network");
  const { contentHash, stats, networkJson } = await prepareNetwork(network);
  const json = new TextEncoder().encode(networkJson);
  const prepared = { name: name ?? network.name, slug, contentHash, stats, json };
  return moved({ prepared }, [json.buffer]);
}

async function store(
  task: Extract<UploadTask, { store: unknown }>["store"],
): Promise<UploadResult> {
  const { database, organisationId, upload } = task;
  const repositories = await repositoriesFor(database);
  const created = await repositories.datasets.createPrepared(
    organisationId,
    { name: upload.name, slug: upload.slug },
    toPreparedNetwork(upload),
  );
  return { stored: created };
}

/** piscina calls the default export once per task; JSON bytes move, the rest is cloned. */
export default async function uploadTask(task: UploadTask): Promise<UploadResult> {
  try {
    if ("workbook" in task) {
      const { bytes, maxUnpackedBytes } = task.workbook;
      return { network: await workbookNetwork(bytes, maxUnpackedBytes) };
    }
    return "prepare" in task
      ? await prepare(task.prepare.body, task.prepare.limits)
      : await store(task.store);
  } catch (error) {
    if (error instanceof ApiError) return { problem: toProblemValue(error) };
    return { problem: toProblemValue(asSlugTaken(error)) };
  }
}
