// Handler of POST /v1/sweeps: the network (inline or stored), then the sweep on a pool thread.
import type { MiddlewareHandler } from "hono";
import type { Network } from "../../../models/allocation/network.ts";
import { SolveOutOfMemoryError } from "../../solve/errors.ts";
import { programSizeAtLeast } from "../../solve/solve.ts";
import { assertFits } from "../../solvers/registry.ts";
import { prefersAsync, startJob } from "../shared/jobs.ts";
import { compiledWorkerUrl } from "../shared/json-body.ts";
import { ApiError } from "../shared/problems.ts";
import { checkNetworkLimits, checkSolveBudget, resolveOptions } from "../shared/solving.ts";
import type { AppEnv, AppRouteHandler, JobTask, Services } from "../shared/types.ts";
import { runSweep, type SweepTask, type SweepTaskResult } from "./sweep-worker.ts";
import type * as routes from "./sweeps.routes.ts";

// Found when first offloaded: a Workers bundle has no import.meta.url (and no worker threads).
const sweepWorkerUrl = () => compiledWorkerUrl(import.meta.url, "src/http/sweeps/sweep-worker.ts");

/**
 * Route middleware before the validator: an inline network larger than OFFLOAD_BODY_BYTES would be
 * parsed on the event loop, so it is refused (upload it as a dataset and sweep its id instead).
 */
export const refuseLargeSweepBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  const length = Number(c.req.header("content-length") ?? 0);
  const limit = c.var.services.limits.offloadBodyBytes;
  if (length > limit)
    throw new ApiError(
      "payload_too_large",
      `A sweep body may hold at most ${limit} bytes (OFFLOAD_BODY_BYTES); upload the network with POST /v1/datasets and sweep its datasetId`,
    );
  return next();
};

export const sweep: AppRouteHandler<typeof routes.sweep> = async (c) => {
  const body = c.req.valid("json");
  const { services, organisationId } = c.var;
  const { repositories, limits } = services;
  let network: Network;
  if (body.network !== undefined) {
    checkNetworkLimits(body.network, limits, "/network");
    network = body.network;
  } else {
    const id = body.datasetId ?? "";
    const dataset = await repositories.datasets.get(organisationId, id);
    if (dataset === undefined)
      throw new ApiError("unknown_reference", `No dataset ${id}`, [
        { pointer: "/datasetId", message: `no dataset has the id or slug "${id}"` },
      ]);
    network = dataset.network;
  }
  // The time limit's bounds and the solver's name and size, as a solve checks them.
  const options = resolveOptions(body.options, network, limits);
  assertFits(options.solver, programSizeAtLeast(network));
  checkSolveBudget(services, network);
  const sweep: Omit<SweepTask, "deadline"> = {
    network,
    changes: body.changes,
    parameter: body.parameter,
    ...(body.grid ? { grid: body.grid } : {}),
    solver: options.solver,
  };
  // Answered later: the job's own signal, since the request ends with the 202.
  if (prefersAsync(c))
    return c.json(
      await startJob(c, { kind: "sweep", sweep, timeLimitMs: options.timeLimitMs }),
      202,
    );
  return c.json(
    await sweepJob(
      services,
      organisationId,
      { kind: "sweep", sweep, timeLimitMs: options.timeLimitMs },
      c.req.raw.signal,
    ),
    200,
  );
};

/**
 * A sweep, answered now or as a job (kind sweep), on a pool thread when the runtime has one; its
 * time limit counts from here.
 */
export async function sweepJob(
  services: Services,
  organisationId: string,
  { sweep, timeLimitMs }: Extract<JobTask, { kind: "sweep" }>,
  signal: AbortSignal,
): Promise<Exclude<SweepTaskResult, { status: "invalid" }>> {
  const task: SweepTask = { ...sweep, deadline: Date.now() + timeLimitMs };
  let result: SweepTaskResult;
  try {
    result = await services.solveGate.run(organisationId, () =>
      services.offload
        ? services.offload<SweepTask, SweepTaskResult>(sweepWorkerUrl(), task, { signal })
        : runSweep(task, signal),
    );
  } catch (error) {
    if (error instanceof SolveOutOfMemoryError)
      throw new ApiError("solve_out_of_memory", error.message);
    throw error;
  }
  if (result.status === "invalid")
    throw new ApiError("validation_failed", "The sweep cannot run on this network", result.issues);
  return result;
}
