// Solving a stored scenario and storing its plan: one plan (POST /v1/scenarios/{id}/plans) or many (POST /v1/batches).
import { contentHash } from "../../storage/content-hash.ts";
import { planBytes, type StoredPlan } from "../../storage/plans.ts";
import type { Scenario } from "../../storage/scenarios.ts";
import { withQuota } from "../shared/quotas.ts";
import type { SolveOptionsInput } from "../shared/schemas.ts";
import {
  applyScenarioChanges,
  baselineFlows,
  rememberBaseline,
  resolveOptions,
  runSolve,
  warmKeyOf,
  withObjective,
} from "../shared/solving.ts";
import type { Services } from "../shared/types.ts";

/** Milliseconds between two performance.now() readings, to the microsecond. */
const elapsedMs = (from: number, to: number) => Math.round((to - from) * 1000) / 1000;

/**
 * Applies the scenario's changes to its dataset, solves on the pool (under the solve gate) and
 * stores the plan with its provenance, within the organisation's plan and byte quotas, and tells
 * the organisation's webhooks (plan.created). No abort signal: a plan that was asked for is
 * stored even if the client stops waiting.
 */
export async function planScenario(
  services: Services,
  organisationId: string,
  scenario: Scenario,
  bodyOptions: SolveOptionsInput | undefined,
): Promise<StoredPlan> {
  const { repositories, limits } = services;
  const dataset = await repositories.datasets.get(organisationId, scenario.datasetId);
  if (dataset === undefined) {
    throw new Error(
      `scenario ${scenario.id} refers to dataset ${scenario.datasetId}, which is missing`,
    );
  }
  const started = performance.now();
  const changed = applyScenarioChanges(dataset.network, scenario.changes);
  const options = resolveOptions(bodyOptions, changed, limits);
  const network = withObjective(changed, options.objective);
  const inputHash = await contentHash(network);
  // A scenario's plan stays nearest the dataset's own (solved once per dataset content, then kept).
  const reference =
    scenario.changes.length > 0
      ? await baselineFlows(services, organisationId, dataset, options)
      : undefined;
  const prepared = performance.now();
  // Every plan of a dataset starts from the basis its thread kept from the last one of the same
  // shape (the baseline's, another scenario's), cold when there is none; the answer is the same.
  const plan = await runSolve(services, organisationId, network, options, {
    reference,
    warmKey: warmKeyOf(organisationId, dataset),
  });
  if (scenario.changes.length === 0) rememberBaseline(services, dataset, options, plan);
  const solved = performance.now();
  const stored = await withQuota(
    services,
    organisationId,
    { plans: 1, storedBytes: planBytes(plan) },
    () =>
      repositories.plans.create(organisationId, {
        scenarioId: scenario.id,
        datasetId: dataset.id,
        plan,
        provenance: {
          inputHash,
          datasetHash: dataset.contentHash,
          solver: { id: plan.solver.id, version: plan.solver.version },
          options,
          timings: {
            prepareMs: elapsedMs(started, prepared),
            solveMs: elapsedMs(prepared, solved),
            solverMs: plan.solver.ms,
          },
        },
      }),
  );
  void services.webhooks?.emit(organisationId, "plan.created", {
    id: stored.id,
    scenarioId: stored.scenarioId,
    datasetId: stored.datasetId,
    status: stored.status,
    objectiveValue: stored.objectiveValue,
    url: `/v1/plans/${stored.id}`,
  });
  return stored;
}
