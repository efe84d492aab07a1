// Handler of POST /v1/solve, and the middleware that sends a large one to a worker whole.

import type { Context, MiddlewareHandler } from "hono";
import type { Network } from "../../../models/allocation/network.ts";
import { SolveOutOfMemoryError } from "../../solve/errors.ts";
import {
  compiledWorkerUrl,
  fromProblemValue,
  largeJsonBody,
  transferOf,
} from "../shared/json-body.ts";
import { ApiError } from "../shared/problems.ts";
import {
  applyScenarioChanges,
  baselineFlows,
  checkNetworkLimits,
  rememberBaseline,
  resolveOptions,
  runSolve,
  withObjective,
} from "../shared/solving.ts";
import type { AppEnv, AppRouteHandler } from "../shared/types.ts";
import type * as routes from "./solve.routes.ts";
import type { SolveRequest, SolveRequestResult, SolveRequestTask } from "./solve-request-worker.ts";

/** The request, parsed and validated (by the route's validator or a worker), to a plan. */
async function answer(c: Context<AppEnv>, body: SolveRequest) {
  const { services } = c.var;
  const { repositories, limits } = services;
  let base: Network;
  let dataset: { contentHash: string; network: Network } | undefined;
  if (body.network !== undefined) {
    checkNetworkLimits(body.network, limits, "/network");
    base = body.network;
  } else {
    // The schema admits a body only with exactly one of network and datasetId.
    const id = body.datasetId ?? "";
    dataset = await repositories.datasets.get(c.var.organisationId, id);
    if (dataset === undefined) {
      throw new ApiError("unknown_reference", `No dataset ${id}`, [
        { pointer: "/datasetId", message: `no dataset has the id or slug "${id}"` },
      ]);
    }
    base = dataset.network;
  }
  const network = applyScenarioChanges(base, body.changes);
  const options = resolveOptions(body.options, network, limits);
  // Changes to a stored dataset: the plan stays nearest the dataset's own plan (its baseline).
  const reference =
    dataset !== undefined && body.changes.length > 0
      ? await baselineFlows(services, c.var.organisationId, dataset, options)
      : undefined;
  // Stateless, so a client that hangs up leaves nothing worth finishing: cancel the solve.
  const plan = await runSolve(
    services,
    c.var.organisationId,
    withObjective(network, options.objective),
    options,
    { signal: c.req.raw.signal, reference },
  );
  if (dataset !== undefined && body.changes.length === 0) {
    rememberBaseline(services, dataset, options, plan);
  }
  return c.json(plan, 200);
}

export const solve: AppRouteHandler<typeof routes.solve> = async (c) =>
  answer(c, c.req.valid("json"));

// Found when first offloaded: a Workers bundle has no import.meta.url (and no worker threads).
const solveRequestWorkerUrl = () =>
  compiledWorkerUrl(import.meta.url, "src/http/solve/solve-request-worker.ts");

/** Past the longest time limit and this grace, a worker's request is cancelled. */
const overrunGraceMs = 5_000;

/**
 * Route middleware of POST /v1/solve, before its validator: a body over OFFLOAD_BODY_BYTES goes,
 * under the solve gate, to a worker that does the whole request and answers the plan or the
 * problem `solve` would give; the main thread never parses it. A body naming a stored dataset
 * comes back parsed and goes on here. Smaller bodies go on to the validator and `solve`.
 */
export const offloadLargeSolve: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { services, organisationId } = c.var;
  const { offload, limits } = services;
  if (offload === undefined) return next();
  const body = await largeJsonBody(c, limits.offloadBodyBytes);
  if (body === undefined) return next();
  // A client that hangs up leaves nothing worth finishing; nor does a solve far past every limit.
  const signal = AbortSignal.any([
    c.req.raw.signal,
    AbortSignal.timeout(limits.maxSolveTimeLimitMs + overrunGraceMs),
  ]);
  let result: SolveRequestResult;
  try {
    result = await services.solveGate.run(organisationId, () =>
      offload<SolveRequestTask, SolveRequestResult>(
        solveRequestWorkerUrl(),
        { body, limits, sentAt: Date.now() },
        { signal, transfer: transferOf(body) },
      ),
    );
  } catch (error) {
    if (error instanceof SolveOutOfMemoryError)
      throw new ApiError("solve_out_of_memory", error.message);
    throw error;
  }
  // The plan comes as the worker serialised it, so the event loop neither copies nor stringifies it.
  // Server-Timing: the worker's phases, for a client or a benchmark to read (solve-request-worker.ts).
  if ("plan" in result)
    return c.body(result.plan, 200, {
      "content-type": "application/json",
      "server-timing": result.serverTiming,
    });
  if ("problem" in result) throw fromProblemValue(result.problem);
  return answer(c, result.request);
};
