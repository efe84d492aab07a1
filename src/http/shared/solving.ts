// The steps between a request and a plan that /v1/solve and stored plans share: limits, changes, options, the solve call.
import type { Network } from "../../../models/allocation/network.ts";
import { unsupportedFields } from "../../../models/allocation/network-hubs.ts";
import type { Plan } from "../../../models/allocation/plan-schema.ts";
import { applyChanges, type Change } from "../../../models/allocation/scenario.ts";
import { type ReferenceFlow, referenceFlows } from "../../../models/allocation/stable.ts";
import type { Limits } from "../../config.ts";
import { SolveOutOfMemoryError } from "../../solve/errors.ts";
import { programSizeAtLeast, type SolvePhases } from "../../solve/solve.ts";
import {
  assertFits,
  assertSolvesInteger,
  IntegerProgramError,
  TooLargeForSolverError,
  UnknownSolverError,
} from "../../solvers/registry.ts";
import { datasetStats } from "../../storage/datasets.ts";
import type { Provenance } from "../../storage/records.ts";
import { ApiError, type ProblemItem } from "./problems.ts";
import type { SolveOptionsInput } from "./schemas.ts";
import type { Services } from "./types.ts";

/** 413 limit_exceeded for a network with more nodes or lanes (implied ones too) than allowed. */
export function checkNetworkLimits(network: Network, limits: Limits, pointer: string): void {
  const stats = datasetStats(network);
  const nodes = stats.plants + stats.smelters + stats.ports;
  const errors: ProblemItem[] = [];
  if (nodes > limits.nodes) {
    errors.push({
      pointer,
      message: `${nodes} plants, smelters and ports; at most ${limits.nodes} are allowed`,
    });
  }
  if (stats.lanes > limits.lanes) {
    errors.push({
      pointer: network.lanes === undefined ? pointer : `${pointer}/lanes`,
      message:
        network.lanes === undefined
          ? `${stats.lanes} implied lanes (plants x destinations x modes); at most ${limits.lanes} are allowed, so list the lanes`
          : `${stats.lanes} lanes; at most ${limits.lanes} are allowed`,
    });
  }
  // Legs are arcs as lanes are: they count against the same limit.
  const legs = network.legs?.length ?? 0;
  const arcs = stats.lanes + legs;
  if (legs > 0 && stats.lanes <= limits.lanes && arcs > limits.lanes) {
    errors.push({
      pointer: `${pointer}/legs`,
      message: `${stats.lanes} lanes and ${legs} legs; at most ${limits.lanes} lanes and legs together are allowed`,
    });
  }
  // A network with periods is solved as one copy of its lanes and legs per period (time-expanded).
  const periods = network.periods?.length ?? 1;
  if (periods > 1 && arcs <= limits.lanes && arcs * periods > limits.lanes) {
    const what = legs > 0 ? `${arcs} lanes and legs` : `${stats.lanes} lanes`;
    errors.push({
      pointer: `${pointer}/periods`,
      message: `${what} x ${periods} periods = ${arcs * periods} lanes in the time-expanded network; at most ${limits.lanes} are allowed`,
    });
  }
  if (errors.length > 0) throw new ApiError("limit_exceeded", "The network is too large", errors);
  refuseUnsupported(network, pointer);
}

/** Arcs a solve carries: lanes (implied ones too) and legs, once per period (time-expanded). */
export function solveArcs(network: Network): number {
  const arcs = datasetStats(network).lanes + (network.legs?.length ?? 0);
  return arcs * (network.periods?.length ?? 1);
}

/**
 * 413 network_too_large_for_worker for a network larger than a request may solve where solves run
 * inside the request under a CPU budget (Workers' WORKER_MAX_SOLVE_ARCS); nothing where there is no
 * such budget (Node). Checked before the solve gate, so a refused solve never takes a slot.
 */
export function checkSolveBudget(services: Pick<Services, "solveBudget">, network: Network): void {
  const budget = services.solveBudget;
  if (budget === undefined) return;
  const arcs = solveArcs(network);
  if (arcs <= budget.arcs) return;
  const periods = network.periods?.length ?? 1;
  const size =
    periods > 1 ? `${arcs} arcs (lanes and legs x ${periods} periods)` : `${arcs} lanes and legs`;
  // Memory binds before CPU (README, Workers): a queued job's isolate has the same 128 MB, so
  // the way out is the Node server, not Prefer: respond-async.
  throw new ApiError(
    "network_too_large_for_worker",
    `The network has ${size}; this Worker solves at most ${budget.arcs} within one isolate's CPU and memory budget (WORKER_MAX_SOLVE_ARCS): solve it on the Node server, or split the network`,
  );
}

/**
 * 422 not_supported_yet for fields the format accepts ahead of the solver (a leg's lotT): refused
 * here, where every network a request brings in is checked, rather than solved without them.
 */
export function refuseUnsupported(network: Network, pointer: string): void {
  const found = unsupportedFields(network);
  if (found.length === 0) return;
  throw new ApiError(
    "not_supported_yet",
    `The network uses ${found.length === 1 ? "a field" : "fields"} not supported yet`,
    found.map((f) => ({ pointer: `${pointer}${f.pointer}`, message: f.message })),
  );
}

/**
 * The network with the changes applied, or a 422 whose pointers address the request body: the
 * changes sit at /changes in every body that carries them.
 */
export function applyScenarioChanges(network: Network, changes: readonly Change[]): Network {
  if (changes.length === 0) return network;
  const result = applyChanges(network, changes);
  if (result.ok) return result.network;
  throw new ApiError(
    "validation_failed",
    "The changes do not apply to the network",
    result.issues.map(({ pointer, message }) => ({ pointer, message })),
  );
}

export type ResolvedOptions = Provenance["options"];

/** Options with defaults filled in; a time limit above the maximum is a 422, not silently cut. */
export function resolveOptions(
  options: SolveOptionsInput | undefined,
  network: Network,
  limits: Limits,
): ResolvedOptions {
  const timeLimitMs = options?.timeLimitMs ?? limits.defaultSolveTimeLimitMs;
  if (timeLimitMs > limits.maxSolveTimeLimitMs) {
    throw new ApiError("validation_failed", "The time limit is too long", [
      {
        pointer: "/options/timeLimitMs",
        message: `at most ${limits.maxSolveTimeLimitMs} ms is allowed`,
      },
    ]);
  }
  return {
    solver: options?.solver ?? "auto",
    timeLimitMs,
    objective: options?.objective ?? network.options.objective,
    sensitivity: options?.sensitivity ?? "auto",
  };
}

/** The network as it will be solved: the options' objective replaces the network's. */
export function withObjective(network: Network, objective: Network["options"]["objective"]) {
  if (network.options.objective === objective) return network;
  return { ...network, options: { ...network.options, objective } };
}

/**
 * Solves once the solve gate lets the organisation's solve through (else 429 or 503); an unknown
 * solver id, a network too large for the named solver and a solve beyond its memory budget become
 * 422s, the first two pointing at the option that named the solver.
 */
export async function runSolve(
  services: Pick<Services, "solve" | "solveGate" | "solveBudget">,
  organisationId: string,
  network: Network,
  options: ResolvedOptions,
  call: {
    signal?: AbortSignal;
    reference?: readonly ReferenceFlow[];
    warmKey?: string;
    /** Filled with the solve's phases (SolveNetworkOptions.phases), for Server-Timing. */
    phases?: SolvePhases;
  } = {},
): Promise<Plan> {
  let plan: Plan;
  // Before the queue: a network too large for the request's CPU budget (Workers) is refused at once.
  checkSolveBudget(services, network);
  try {
    // Before the queue: a network too large for the named backend is refused at once.
    assertFits(options.solver, programSizeAtLeast(network));
    // Lots make integer columns (formulation.md, lots): refused here, before the queue and the worker.
    if (network.lanes?.some((lane) => lane.lotT !== undefined)) assertSolvesInteger(options.solver);
    plan = await services.solveGate.run(organisationId, () =>
      services.solve(network, {
        solver: options.solver,
        timeLimitMs: options.timeLimitMs,
        sensitivity: options.sensitivity,
        ...(call.signal === undefined ? {} : { signal: call.signal }),
        ...(call.reference === undefined ? {} : { reference: call.reference }),
        ...(call.warmKey === undefined ? {} : { warmKey: call.warmKey }),
        ...(call.phases === undefined ? {} : { phases: call.phases }),
      }),
    );
  } catch (error) {
    if (error instanceof UnknownSolverError) {
      throw new ApiError("unknown_solver", error.message, [
        { pointer: "/options/solver", message: error.message },
      ]);
    }
    if (error instanceof TooLargeForSolverError) {
      throw new ApiError("too_large_for_solver", error.message, [
        { pointer: "/options/solver", message: error.message },
      ]);
    }
    if (error instanceof IntegerProgramError) {
      throw new ApiError("solver_cannot_solve_integer", error.message, [
        { pointer: "/options/solver", message: error.message },
      ]);
    }
    if (error instanceof SolveOutOfMemoryError) {
      throw new ApiError("solve_out_of_memory", error.message);
    }
    throw error;
  }
  return plan;
}

/**
 * The key of a dataset's kept bases on the solve threads (src/solve/warm-bases.ts): its content,
 * within one organisation, so that whether a plan started warm tells nothing about what other
 * organisations solved.
 */
export const warmKeyOf = (organisationId: string, dataset: { contentHash: string }) =>
  `${organisationId}:${dataset.contentHash}`;

type Baselines = Map<string, Promise<readonly ReferenceFlow[] | undefined>>;
// Per app (its services object), so two apps in one process never share plans.
const baselineCaches = new WeakMap<object, Baselines>();
const baselineCacheSize = 16;

function baselineCache(services: object): Baselines {
  let cache = baselineCaches.get(services);
  if (!cache) {
    cache = new Map();
    baselineCaches.set(services, cache);
  }
  return cache;
}

const baselineKey = (dataset: { contentHash: string }, options: ResolvedOptions) =>
  `${dataset.contentHash}:${options.objective}:${options.solver}`;

function keep(cache: Baselines, key: string, flows: Promise<readonly ReferenceFlow[] | undefined>) {
  cache.delete(key);
  cache.set(key, flows);
  if (cache.size > baselineCacheSize) cache.delete(cache.keys().next().value as string);
}

/**
 * The flows of the dataset's baseline plan (its network solved without changes, with the same
 * objective and solver) that a scenario plan stays nearest to; undefined when the baseline is not
 * optimal. Cached per dataset content hash, objective and solver: a solve is deterministic, so the
 * baseline of one content is always the same plan.
 */
export function baselineFlows(
  services: Pick<Services, "solve" | "solveGate" | "solveBudget">,
  organisationId: string,
  dataset: { contentHash: string; network: Network },
  options: ResolvedOptions,
): Promise<readonly ReferenceFlow[] | undefined> {
  const cache = baselineCache(services);
  const key = baselineKey(dataset, options);
  const cached = cache.get(key);
  if (cached) return cached;
  const network = withObjective(dataset.network, options.objective);
  const flows = runSolve(
    services,
    organisationId,
    network,
    { ...options, sensitivity: "off" },
    // Its basis is where the dataset's scenarios start from.
    { warmKey: warmKeyOf(organisationId, dataset) },
  ).then((plan) => (plan.status === "optimal" ? referenceFlows(plan) : undefined));
  // A failed baseline solve (overload, unknown solver) is not kept: the next request retries.
  flows.catch(() => cache.delete(key));
  keep(cache, key, flows);
  return flows;
}

/** A dataset solved without changes is its own baseline: kept, so its scenarios need not solve it again. */
export function rememberBaseline(
  services: object,
  dataset: { contentHash: string },
  options: ResolvedOptions,
  plan: Plan,
): void {
  if (plan.status !== "optimal") return;
  keep(
    baselineCache(services),
    baselineKey(dataset, options),
    Promise.resolve(referenceFlows(plan)),
  );
}
