// The page's client of the public API: same-origin fetches, an optional bearer key, problem+json as errors.
import type { z } from "zod";
import type { Comparison } from "../../models/allocation/compare.ts";
import type { Network } from "../../models/allocation/network.ts";
import type { Plan } from "../../models/allocation/plan-schema.ts";
import type { Change } from "../../models/allocation/scenario.ts";
import type { comparisonSetSchema } from "../../src/http/comparisons/comparisons.routes.ts";
import type {
  datasetSchema,
  datasetSummarySchema,
} from "../../src/http/datasets/datasets.routes.ts";
import type { planRegionsSchema } from "../../src/http/plan-regions/plan-regions.routes.ts";
import type { planSummarySchema, storedPlanSchema } from "../../src/http/plans/plans.routes.ts";
import type { scenarioSchema } from "../../src/http/scenarios/scenarios.routes.ts";
import type { Problem as ApiProblem } from "../../src/http/shared/problems.ts";
import type { sweepResponseSchema } from "../../src/http/sweeps/sweeps.routes.ts";
import { keyParameter, withoutKey } from "./deep-link.ts";

// Types only: the page bundles none of the server's code, but reads the API's own schemas.
export type DatasetSummary = z.infer<typeof datasetSummarySchema>;
export type Dataset = z.infer<typeof datasetSchema> & { network: Network };
export type PlanSummary = z.infer<typeof planSummarySchema>;
export type StoredPlan = z.infer<typeof storedPlanSchema> & { plan: Plan };
export type Scenario = z.infer<typeof scenarioSchema>;
export type PlanRegions = z.infer<typeof planRegionsSchema>;
export type SweepResponse = z.infer<typeof sweepResponseSchema>;
export interface SweepParameter {
  change: number;
  field: string;
  from: number;
  to: number;
}
export type ComparisonSet = z.infer<typeof comparisonSetSchema> & {
  comparisons: { planId: string; comparison: Comparison }[];
};
export type { Change, Comparison, Network, Plan };

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** What the page shows of a failed request: an API problem, or one made up for a failure outside it. */
export type Problem = Pick<ApiProblem, "title" | "detail"> &
  Partial<Pick<ApiProblem, "status" | "code" | "errors">>;

export class ProblemError extends Error {
  override name = "ProblemError";
  constructor(readonly problem: Problem) {
    super(`${problem.title}: ${problem.detail}`);
  }
}

/** A body sent as it is, with its media type (a workbook), not as JSON. */
class RawBody {
  constructor(
    readonly bytes: ArrayBuffer,
    readonly type: string,
  ) {}
}

export const apiKeyStorageKey = "anodeflow.apiKey";

/**
 * The API key: from the URL fragment (`#key=...`, as a login link gives it), which is then kept in
 * storage and taken out of the address bar so it stays out of history and screenshots (the rest of
 * the fragment, a deep link such as `#key=...&plan=...`, stays); otherwise the stored one. Undefined
 * while the server needs none.
 */
export function readApiKey(
  location: Pick<Location, "hash" | "pathname" | "search">,
  storage: Pick<Storage, "getItem" | "setItem"> | undefined,
  replaceUrl: (url: string) => void,
): string | undefined {
  const fromFragment = new URLSearchParams(location.hash.replace(/^#/, "")).get(keyParameter);
  if (fromFragment !== null && fromFragment !== "") {
    try {
      storage?.setItem(apiKeyStorageKey, fromFragment);
    } catch {
      // Storage can be full or disabled; the key still works for this visit.
    }
    replaceUrl(`${location.pathname}${location.search}${withoutKey(location.hash)}`);
    return fromFragment;
  }
  try {
    return storage?.getItem(apiKeyStorageKey) ?? undefined;
  } catch {
    return undefined;
  }
}

async function problemOf(response: Response): Promise<Problem> {
  const text = await response.text();
  if ((response.headers.get("content-type") ?? "").includes("json")) {
    try {
      const body = JSON.parse(text) as Partial<ApiProblem>;
      if (typeof body.detail === "string") {
        return {
          title: body.title ?? response.statusText,
          detail: body.detail,
          status: response.status,
          ...(body.code === undefined ? {} : { code: body.code }),
          ...(body.errors === undefined ? {} : { errors: body.errors }),
        };
      }
    } catch {
      // Not the JSON it claims to be: fall through to the text.
    }
  }
  return {
    title: response.statusText || `HTTP ${response.status}`,
    detail: text.trim().slice(0, 300) || `The server answered ${response.status}`,
    status: response.status,
  };
}

export interface ApiClient {
  datasets(): Promise<DatasetSummary[]>;
  dataset(id: string): Promise<Dataset>;
  /** A network as JSON; `name` names the dataset (default: the network's name). */
  createDataset(network: unknown, name?: string): Promise<DatasetSummary>;
  /** A network as an Excel workbook (the format GET .../network.xlsx writes). */
  createDatasetFromWorkbook(workbook: ArrayBuffer): Promise<DatasetSummary>;
  /** A dataset as a file: the workbook, or one table as CSV. */
  datasetFile(datasetId: string, format: "xlsx" | { csv: string }): Promise<Blob>;
  solve(datasetId: string, changes: Change[], signal?: AbortSignal): Promise<Plan>;
  /** The optimal total cost over parameter.field of changes[parameter.change], as exact pieces. */
  sweep(
    datasetId: string,
    changes: Change[],
    parameter: SweepParameter,
    signal?: AbortSignal,
  ): Promise<SweepResponse>;
  createScenario(datasetId: string, name: string, changes: Change[]): Promise<Scenario>;
  scenarios(datasetId: string): Promise<Scenario[]>;
  createPlan(scenarioId: string, signal?: AbortSignal): Promise<StoredPlan>;
  plans(datasetId: string): Promise<PlanSummary[]>;
  plan(id: string): Promise<StoredPlan>;
  compare(a: string, b: string): Promise<Comparison>;
  /** The first plan is the baseline; one comparison per other plan. */
  compareMany(planIds: string[]): Promise<ComparisonSet>;
  renameScenario(scenarioId: string, name: string): Promise<Scenario>;
  /** 409 in_use while plans refer to it, unless `cascade` deletes them with it. */
  deleteScenario(scenarioId: string, cascade: boolean): Promise<void>;
  deletePlan(planId: string): Promise<void>;
  regions(planId: string): Promise<PlanRegions>;
}

export const xlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export function createApiClient(
  apiKey: string | undefined,
  fetcher: typeof fetch = (input, init) => fetch(input, init),
): ApiClient {
  /** A request with the key; a body given as { bytes, type } goes as it is, anything else as JSON. */
  async function send(
    method: string,
    path: string,
    accept: string,
    body?: unknown,
    signal?: AbortSignal,
  ) {
    const headers: Record<string, string> = { accept };
    if (apiKey !== undefined) headers.authorization = `Bearer ${apiKey}`;
    const raw = body instanceof RawBody ? body : undefined;
    if (body !== undefined) headers["content-type"] = raw ? raw.type : "application/json";
    let response: Response;
    try {
      response = await fetcher(path, {
        method,
        headers,
        ...(body === undefined ? {} : { body: raw ? raw.bytes : JSON.stringify(body) }),
        ...(signal === undefined ? {} : { signal }),
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ProblemError({
        title: "No answer from the server",
        detail: `${method} ${path} failed before an answer came: ${String(error)}`,
      });
    }
    if (!response.ok) throw new ProblemError(await problemOf(response));
    return response;
  }
  async function call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal) {
    const response = await send(method, path, "application/json", body, signal);
    // 204 (a delete) has no body to read.
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
  const id = encodeURIComponent;
  return {
    datasets: async () => (await call<Page<DatasetSummary>>("GET", "/v1/datasets?limit=100")).items,
    dataset: (datasetId) => call("GET", `/v1/datasets/${id(datasetId)}`),
    createDataset: (network, name) =>
      call("POST", "/v1/datasets", { ...(name === undefined ? {} : { name }), network }),
    createDatasetFromWorkbook: (workbook) =>
      call("POST", "/v1/datasets", new RawBody(workbook, xlsxMediaType)),
    datasetFile: async (datasetId, format) => {
      const path =
        format === "xlsx"
          ? `/v1/datasets/${id(datasetId)}/network.xlsx`
          : `/v1/datasets/${id(datasetId)}?format=csv&table=${id(format.csv)}`;
      const accept = format === "xlsx" ? xlsxMediaType : "text/csv";
      return (await send("GET", path, accept)).blob();
    },
    solve: (datasetId, changes, signal) =>
      call("POST", "/v1/solve", { datasetId, changes }, signal),
    sweep: (datasetId, changes, parameter, signal) =>
      call("POST", "/v1/sweeps", { datasetId, changes, parameter }, signal),
    createScenario: (datasetId, name, changes) =>
      call("POST", "/v1/scenarios", { datasetId, name, changes }),
    scenarios: async (datasetId) =>
      (await call<Page<Scenario>>("GET", `/v1/scenarios?limit=100&datasetId=${id(datasetId)}`))
        .items,
    createPlan: (scenarioId, signal) =>
      call("POST", `/v1/scenarios/${id(scenarioId)}/plans`, {}, signal),
    plans: async (datasetId) =>
      (await call<Page<PlanSummary>>("GET", `/v1/plans?limit=100&datasetId=${id(datasetId)}`))
        .items,
    plan: (planId) => call("GET", `/v1/plans/${id(planId)}`),
    compare: (a, b) => call("GET", `/v1/plans/${id(a)}/compare/${id(b)}`),
    compareMany: (planIds) => call("POST", "/v1/plans/compare", { planIds }),
    renameScenario: (scenarioId, name) =>
      call("PATCH", `/v1/scenarios/${id(scenarioId)}`, { name }),
    deleteScenario: (scenarioId, cascade) =>
      call("DELETE", `/v1/scenarios/${id(scenarioId)}${cascade ? "?cascade=true" : ""}`),
    deletePlan: (planId) => call("DELETE", `/v1/plans/${id(planId)}`),
    regions: (planId) => call("GET", `/v1/plans/${id(planId)}/regions`),
  };
}
