// The types every HTTP module shares (services, context variables, logger, solve gate): types only, so nothing imports back.
import type { RouteConfig, RouteHandler } from "@hono/zod-openapi";
import type { Network } from "../../../models/allocation/network.ts";
import type { SensitivityMode } from "../../../models/allocation/plan.ts";
import type { Plan } from "../../../models/allocation/plan-schema.ts";
import type { ReferenceFlow } from "../../../models/allocation/stable.ts";
import type { DatabaseConfig, Limits } from "../../config.ts";
import type { RunModuleOptions } from "../../solve/pool.ts";
import type { JobProgress, Role, WebhookEvent } from "../../storage/records.ts";
import type { Repositories } from "../../storage/repositories.ts";
import type { Usage } from "../../storage/usage.ts";

export interface SolveCallOptions {
  solver?: string;
  timeLimitMs?: number;
  sensitivity?: SensitivityMode;
  signal?: AbortSignal;
  /** A baseline plan's flows: the plan returned is the optimal one nearest them. */
  reference?: readonly ReferenceFlow[];
  /** Start from the solving thread's kept basis under this key (SolveNetworkOptions.warmKey). */
  warmKey?: string;
}

/**
 * Network -> plan: `solveNetwork` from src/solve/solve.ts, or a worker-pool client with the same
 * contract (optimisation outcomes in `plan.status`; an unknown solver id throws UnknownSolverError).
 */
export type SolveFn = (network: Network, options?: SolveCallOptions) => Promise<Plan>;

export interface LogLine {
  level: "info" | "warn" | "error";
  msg: string;
  [field: string]: unknown;
}

export type Logger = (line: LogLine) => void;

/** The jobs this process runs: their cancel switch and latest progress, by job id. */
export type RunningJobs = Map<string, { controller: AbortController; progress: JobProgress }>;

export interface SolveGateLimits {
  /** Solves running at once. */
  concurrentSolves: number;
  /** Solves waiting for a slot; beyond it, 503 overloaded. */
  queuedSolves: number;
  /** Solves one organisation may have running or waiting; beyond it, 429 too_many_solves. */
  solvesPerOrganisation: number;
  /** Longest wait in the queue; beyond it, 503 overloaded. */
  solveQueueTimeoutMs: number;
}

export interface SolveGate {
  /** Runs `task` once a slot is free, or throws a 429 or 503 ApiError with Retry-After. */
  run<T>(organisationId: string, task: () => Promise<T>): Promise<T>;
  /** Running and waiting solves, for tests and health. */
  load(): { running: number; queued: number };
}

export interface RateLimiter {
  /** Counts one request of `key`; says whether it may go on and what is left. */
  take(key: string): { allowed: boolean; remaining: number; resetSeconds: number };
  /** Whether `key` may go on, without counting anything. */
  peek(key: string): { allowed: boolean; resetSeconds: number };
  readonly limit: number;
  readonly windowSeconds: number;
}
/**
 * Runs the default export of a compiled worker module on the solve pool's threads (SolvePool's
 * runModule): how large bodies are parsed off the event loop.
 */
export type OffloadFn = <T, R>(moduleUrl: URL, task: T, options?: RunModuleOptions) => Promise<R>;

/**
 * What the creates in flight hold against their organisation's quotas (shared/quotas.ts): stored
 * usage alone lets parallel creates each pass the check before any has written.
 */
export interface QuotaHolds {
  /** What the organisation's creates in flight hold now. */
  held(organisationId: string): Usage;
  /**
   * Runs `fits` (given what is held) in the organisation's turn and, when it answers true, holds
   * `adding` before the next turn; answers what `fits` answered.
   */
  hold(
    organisationId: string,
    adding: Partial<Usage>,
    fits: (held: Usage) => Promise<boolean>,
  ): Promise<boolean>;
  /** Gives a hold back, in the organisation's turn. */
  release(organisationId: string, adding: Partial<Usage>): Promise<void>;
}

/** The runtime's name resolution: every address `host` resolves to (Node's dns.lookup). */
export type ResolveHost = (host: string) => Promise<string[]>;

/** Sends events to webhooks (shared/webhooks.ts). */
export interface WebhookSender {
  /**
   * Stores a delivery for each of the organisation's webhooks subscribed to `event` and starts
   * sending it; never throws (a failure is logged), so callers need not wait for it.
   */
  emit(organisationId: string, event: WebhookEvent, data: Record<string, unknown>): Promise<void>;
  /** Why a webhook may not deliver to `url` (WEBHOOK_ALLOW_PRIVATE), or undefined. */
  refusal(url: string): Promise<string | undefined>;
  /** Schedules the deliveries a stopped process left with attempts to make; returns how many. */
  resume(): Promise<number>;
  /** Stops every scheduled attempt. */
  close(): void;
}

export interface Services {
  repositories: Repositories;
  solve: SolveFn;
  /** Absent (tests, Workers): every body is parsed on the main thread. */
  offload?: OffloadFn;
  /**
   * The local file database, when worker threads may write to it: a large upload is then stored
   * by the worker that parsed it, so the main thread never carries the row. Absent (a remote
   * libSQL server, Workers, most tests): the main thread stores what the worker prepared.
   */
  offloadDatabase?: DatabaseConfig;
  /** Every solve passes through it: concurrency per organisation and in total. */
  solveGate: SolveGate;
  quotaHolds: QuotaHolds;
  /**
   * The jobs this process runs (Prefer: respond-async). Absent where work cannot outlive its
   * request (Workers): the preference is then ignored and the request answered whole.
   */
  runningJobs?: RunningJobs;
  /** Absent where jobs are (Workers): no later retry could run there, so webhooks are off. */
  webhooks?: WebhookSender;
  limits: Limits;
  /** Failed authentications per client address: a guessing client is held off without a lookup. */
  authFailures: RateLimiter;
  log: Logger;
  clock: () => Date;
}

export type AppEnv = {
  Variables: {
    /** Set by the identify middleware; every repository call is scoped to it. */
    organisationId: string;
    /** The calling key's role; routes name the least role they need. */
    role: Role;
    /** The calling key's id (not its secret): rate limits and logs use it. */
    keyId: string;
    /** The caller's network address (the runtime says how), or "unknown". */
    clientAddress: string;
    /** X-Request-Id: the client's, or made for the request. */
    requestId: string;
    services: Services;
  };
};

export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, AppEnv>;
