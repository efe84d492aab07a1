// Worker-thread entry for large dataset uploads: parse, validation, limits, hash and JSON text, so the event loop never holds the network.
import type { Limits } from "../../config.ts";
import { type PreparedNetwork, prepareNetwork } from "../../storage/datasets.ts";
import { type ProblemValue, parseJsonBody, toProblemValue } from "../shared/json-body.ts";
import { ApiError } from "../shared/problems.ts";
import { checkNetworkLimits } from "../shared/solving.ts";
import { newDatasetSchema } from "./datasets.routes.ts";

export interface UploadTask {
  /** The request body as sent. */
  text: string;
  limits: Limits;
}

/** What the main thread stores, or the problem it answers. */
export type UploadResult = { name: string; prepared: PreparedNetwork } | { problem: ProblemValue };

/** piscina calls the default export once per task; the result travels back by structured clone. */
export default async function prepareUpload(task: UploadTask): Promise<UploadResult> {
  try {
    const { name, network } = parseJsonBody(task.text, newDatasetSchema);
    checkNetworkLimits(network, task.limits, "/network");
    return { name: name ?? network.name, prepared: await prepareNetwork(network) };
  } catch (error) {
    if (error instanceof ApiError) return { problem: toProblemValue(error) };
    throw error;
  }
}
