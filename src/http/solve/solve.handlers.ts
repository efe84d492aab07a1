// Handler of POST /v1/solve.
import type { Network } from "../../../models/allocation/network.ts";
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
import type { AppRouteHandler } from "../shared/types.ts";
import type * as routes from "./solve.routes.ts";

export const solve: AppRouteHandler<typeof routes.solve> = async (c) => {
  const body = c.req.valid("json");
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
        { pointer: "/datasetId", message: `no dataset has id "${id}"` },
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
};
