// Worker-thread entry for large dataset uploads: parse, validation, limits, hash, JSON text and (over a local file database) the quota check and the row itself, so the event loop never holds the network.
import { createClient } from "@libsql/client";
import type { DatabaseConfig, Limits, Quotas } from "../../config.ts";
import {
  type DatasetSummary,
  type PreparedNetwork,
  prepareNetwork,
} from "../../storage/datasets.ts";
import { createDb } from "../../storage/db.ts";
import { randomId } from "../../storage/ids.ts";
import { createRepositories, type Repositories } from "../../storage/repositories.ts";
import {
  bodyText,
  type LargeBody,
  type ProblemValue,
  parseJsonBody,
  toProblemValue,
} from "../shared/json-body.ts";
import { ApiError } from "../shared/problems.ts";
import { checkNetworkLimits } from "../shared/solving.ts";
import { checkDatasetQuota } from "./dataset-quota.ts";
import { newDatasetSchema } from "./datasets.routes.ts";

export interface UploadTask {
  /** The request body as sent. */
  body: LargeBody;
  limits: Limits;
  /** Given when the worker stores the upload itself: the file database and whose upload it is. */
  store?: { database: DatabaseConfig; organisationId: string };
}

/**
 * What the main thread stores (no `store` in the task), the dataset the worker stored, or the
 * problem the main thread answers.
 */
export type UploadResult =
  | { name: string; prepared: PreparedNetwork }
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

async function store(
  task: UploadTask & { store: NonNullable<UploadTask["store"]> },
  quotas: Quotas,
  name: string,
  prepared: PreparedNetwork,
): Promise<UploadResult> {
  const repositories = await repositoriesFor(task.store.database);
  const { organisationId } = task.store;
  const bytes = new TextEncoder().encode(prepared.networkJson).byteLength;
  await checkDatasetQuota(repositories, quotas, {
    organisationId,
    bytes,
    hash: async () => prepared.contentHash,
  });
  return { stored: await repositories.datasets.createPrepared(organisationId, name, prepared) };
}

/** piscina calls the default export once per task; the result travels back by structured clone. */
export default async function prepareUpload(task: UploadTask): Promise<UploadResult> {
  try {
    const { name, network } = parseJsonBody(bodyText(task.body), newDatasetSchema);
    checkNetworkLimits(network, task.limits, "/network");
    const prepared = await prepareNetwork(network);
    const datasetName = name ?? network.name;
    if (task.store === undefined) return { name: datasetName, prepared };
    return await store({ ...task, store: task.store }, task.limits.quotas, datasetName, prepared);
  } catch (error) {
    if (error instanceof ApiError) return { problem: toProblemValue(error) };
    throw error;
  }
}
