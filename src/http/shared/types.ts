// The types every HTTP module shares (services, context variables, logger, solve gate): types only, so nothing imports back.
import type { RouteConfig, RouteHandler } from "@hono/zod-openapi";
import type { Network } from "../../../models/allocation/network.ts";
import type { SensitivityMode } from "../../../models/allocation/plan.ts";
import type { Plan } from "../../../models/allocation/plan-schema.ts";
import type { ReferenceFlow } from "../../../models/allocation/stable.ts";
import type { DatabaseConfig, Limits } from "../../config.ts";
import type { RunModuleOptions } from "../../solve/pool.ts";
import type { Job } from "../../storage/jobs.ts";
import type { JobKind, JobProgress, Role, WebhookEvent } from "../../storage/records.ts";
import type { Repositories } from "../../storage/repositories.ts";
import type { Usage } from "../../storage/usage.ts";
import type { SweepTask } from "../sweeps/sweep-worker.ts";

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

/** What a job's work gets: its cancel signal, and where to say how far it has come. */
export interface JobContext {
  signal: AbortSignal;
  report(progress: JobProgress): void;
}

/**
 * What a job (Prefer: respond-async) is to do, as data: what a queue message can name and a
 * consumer in another isolate can run. Ids are read again when it runs; inline networks travel.
 */
export type JobTask =
  | { kind: "plan"; scenarioId: string; options?: JobSolveOptions | undefined }
  | { kind: "batch"; scenarioIds: string[]; options?: JobSolveOptions | undefined }
  | {
      kind: "sweep";
      /** The sweep without its deadline, which starts when the job does. */
      sweep: Omit<SweepTask, "deadline">;
      timeLimitMs: number;
    }
  | { kind: "dataset"; name: string | undefined; slug: string | undefined; network: Network };

/**
 * Work that only the process holding it can do (an upload's bytes, parsed on Node's worker
 * threads): only the process scheduler takes it, and only Node offloads.
 */
export interface InProcessWork {
  kind: JobKind;
  work: (job: JobContext) => Promise<unknown>;
}

/**
 * A request's validated `options` (shared/schemas.ts SolveOptionsInput) as JSON: stored with a
 * queued job and parsed again by the schema when it runs (naming the type here would be an
 * import cycle through schemas.ts).
 */
export type JobSolveOptions = Record<string, unknown>;

/** Runs a task wherever the job runs (src/http/jobs/job-tasks.ts); its answer is the job's result. */
export type RunJobTask = (
  services: Services,
  organisationId: string,
  task: JobTask,
  job: JobContext,
) => Promise<unknown>;

/**
 * Where jobs run: in this process (Node, shared/jobs.ts createProcessJobs) or on a queue consumer
 * with its own CPU budget (Workers, createQueueJobs). The handlers know only this.
 */
export interface JobScheduler {
  /** Stores the job and has `task` run after the answer. */
  start(services: Services, organisationId: string, task: JobTask | InProcessWork): Promise<Job>;
  /**
   * Asks the job to stop (it ends as cancelled); an ended job is left as it is. True when the
   * stored job ended here and then (a queued job), false when it ends once its work stops.
   */
  cancel(services: Services, organisationId: string, job: Job): Promise<boolean>;
  /** A running job's latest progress when this process runs it; else the stored one counts. */
  progress(jobId: string): JobProgress | undefined;
}

/** The messages of the jobs queue (Workers): a job to run, or a webhook delivery to attempt. */
export type QueueMessage =
  | { type: "job"; jobId: string }
  | { type: "delivery"; deliveryId: string };

/** A Cloudflare Queue's producer side, as the app uses it (the `JOBS` binding). */
export interface MessageQueue {
  send(message: QueueMessage, options?: { delaySeconds?: number }): Promise<void>;
}

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

/**
 * Bounds solves. In memory on Node (shared/solve-gate.ts); on Workers a Durable Object keeps the
 * count for the whole deployment (src/entry/limits-coordinator.ts), behind the same interface.
 */
export interface SolveGate {
  /**
   * Runs `task` once a slot is free, or throws a 429 or 503 ApiError with Retry-After. The slot is
   * given back when `task` settles, whether it resolves or throws.
   */
  run<T>(organisationId: string, task: () => Promise<T>): Promise<T>;
  /** Running and waiting solves (on Workers: this isolate's), for tests and health. */
  load(): { running: number; queued: number };
}

/**
 * Where every solve runs inside its request under a CPU budget (Cloudflare Workers): the largest
 * network one request may solve. Absent on Node, whose solves run on worker threads.
 */
export interface SolveBudget {
  /** Most arcs, (lanes + legs) x periods, of a network solved within one request. */
  arcs: number;
}

/** A value, or a promise of it: the in-memory limiter answers at once, a remote one later. */
export type Awaitable<T> = T | Promise<T>;

export interface RateLimitTake {
  allowed: boolean;
  remaining: number;
  resetSeconds: number;
}

export interface RateLimitPeek {
  allowed: boolean;
  resetSeconds: number;
}

/**
 * A fixed window per key: in memory on Node (shared/rate-limit.ts), a Durable Object on Workers
 * (src/entry/limits-coordinator.ts). Callers await both methods, so they need not know which.
 */
export interface RateLimiter {
  /** Counts one request of `key`; says whether it may go on and what is left. */
  take(key: string): Awaitable<RateLimitTake>;
  /** Whether `key` may go on, without counting anything. */
  peek(key: string): Awaitable<RateLimitPeek>;
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
  /**
   * Settles once the events emitted so far are stored and handed on: a Worker keeps its
   * invocation alive for it (waitUntil), since work left floating there may be dropped.
   */
  settled?(): Promise<void>;
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
  /** The largest network a request may solve (Workers' CPU budget); absent: no such bound. */
  solveBudget?: SolveBudget;
  quotaHolds: QuotaHolds;
  /**
   * Where jobs (Prefer: respond-async) run. Absent where work cannot outlive its request (Workers
   * without a queue): the preference is then ignored and the request answered whole.
   */
  jobs?: JobScheduler;
  /** Absent where jobs are (Workers without a queue): no later retry could run, so webhooks are off. */
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
