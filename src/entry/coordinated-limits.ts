// The Worker's rate limiters and solve gate: the HTTP layer's interfaces, answered by the LimitsCoordinator Durable Object.
import type { Limits } from "../config.ts";
import type { AppDeps } from "../http/app.ts";
import { ApiError } from "../http/shared/problems.ts";
import type {
  Logger,
  RateLimiter,
  RateLimitPeek,
  RateLimitTake,
  SolveGate,
  SolveGateLimits,
} from "../http/shared/types.ts";

/** The solve gate's limits as the coordinator applies them, with how long a slot may be held. */
export interface GateTerms extends SolveGateLimits {
  /** A slot not given back within this many milliseconds (its isolate died) is free again. */
  leaseMs: number;
}

/** What the coordinator answers to a request for a solve slot. */
export type Acquired =
  | { granted: true; lease: string }
  | {
      granted: false;
      code: "too_many_solves" | "overloaded";
      detail: string;
      retryAfterSeconds: number;
    };

/** The coordinator's RPC methods, as a stub offers them (src/entry/limits-coordinator.ts). */
export interface LimitsStub {
  take(key: string, limit: number, windowMs: number): Promise<RateLimitTake>;
  peek(key: string, limit: number, windowMs: number): Promise<RateLimitPeek>;
  acquire(organisationId: string, terms: GateTerms): Promise<Acquired>;
  release(lease: string): Promise<void>;
  load(): Promise<{ running: number; queued: number }>;
}

/** wrangler.toml's LIMITS binding: a Durable Object namespace of LimitsCoordinator. */
export interface LimitsNamespace {
  idFromName(name: string): unknown;
  get(id: unknown): LimitsStub;
}

/** The one coordinator instance that counts the deployment's solves. */
export const solvesInstance = "solves";

/** Past the longest time limit, this much longer before a held slot is taken back. */
export const leaseGraceMs = 30_000;

const windowMs = 60_000;

/**
 * A stub per call: a Worker may not use an I/O object made while serving another request, and the
 * app (so this limiter) outlives the request that made it.
 */
const stubOf = (namespace: LimitsNamespace, name: string) =>
  namespace.get(namespace.idFromName(name));

/**
 * Fixed one-minute windows per key, kept by the coordinator instance `${scope}:${key}`: every
 * isolate counts into the same window, and keys spread over instances, so no one instance serves
 * every request. A coordinator that cannot be reached lets the request through (logged): the limit
 * protects the service, and a fault in it should not stop the service.
 */
export function coordinatedRateLimiter(
  namespace: LimitsNamespace,
  scope: string,
  limit: number,
  log: Logger,
): RateLimiter {
  const unreachable = (key: string, error: unknown) =>
    log({
      level: "warn",
      msg: "rate limit not counted: the limits coordinator cannot be reached",
      scope,
      key,
      error: error instanceof Error ? error.message : String(error),
    });
  return {
    limit,
    windowSeconds: windowMs / 1000,
    async take(key) {
      try {
        return await stubOf(namespace, `${scope}:${key}`).take(key, limit, windowMs);
      } catch (error) {
        unreachable(key, error);
        return { allowed: true, remaining: limit, resetSeconds: windowMs / 1000 };
      }
    },
    async peek(key) {
      try {
        return await stubOf(namespace, `${scope}:${key}`).peek(key, limit, windowMs);
      } catch (error) {
        unreachable(key, error);
        return { allowed: true, resetSeconds: windowMs / 1000 };
      }
    },
  };
}

/**
 * Solves counted for the whole deployment by the coordinator instance "solves": a slot is asked for
 * (waiting in the coordinator's queue as the Node gate's queue waits), the task runs here, and the
 * slot is given back when the task settles, whether it resolved or threw. A slot whose isolate died
 * before giving it back is free again after `terms.leaseMs`. Without the coordinator no solve
 * starts: 503 overloaded, as when every slot is taken.
 */
export function coordinatedSolveGate(
  namespace: LimitsNamespace,
  terms: GateTerms,
  log: Logger,
): SolveGate {
  // This isolate's share, for load(): the deployment's count is the coordinator's.
  let running = 0;
  let queued = 0;
  return {
    async run(organisationId, task) {
      let acquired: Acquired;
      queued++;
      try {
        acquired = await stubOf(namespace, solvesInstance).acquire(organisationId, terms);
      } catch (error) {
        log({
          level: "error",
          msg: "solve refused: the limits coordinator cannot be reached",
          error: error instanceof Error ? error.message : String(error),
        });
        throw new ApiError(
          "overloaded",
          "The solve limits cannot be checked just now; retry shortly",
          undefined,
          { "Retry-After": "1" },
        );
      } finally {
        queued--;
      }
      if (!acquired.granted) {
        throw new ApiError(acquired.code, acquired.detail, undefined, {
          "Retry-After": String(acquired.retryAfterSeconds),
        });
      }
      running++;
      try {
        return await task();
      } finally {
        running--;
        try {
          await stubOf(namespace, solvesInstance).release(acquired.lease);
        } catch (error) {
          log({
            level: "warn",
            msg: "solve slot not given back: the limits coordinator frees it when its lease ends",
            leaseMs: terms.leaseMs,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      }
    },
    load: () => ({ running, queued }),
  };
}

/**
 * The app's limiters over the coordinator: requests per key and failed authentications per address
 * (each key its own instance), and the solve gate (one instance), with Node's limits and headers.
 */
export function coordinatedLimits(
  namespace: LimitsNamespace,
  limits: Limits,
  log: Logger,
): Required<Pick<AppDeps, "rateLimiters" | "solveGate">> {
  return {
    rateLimiters: {
      requests: coordinatedRateLimiter(namespace, "requests", limits.requestsPerMinute, log),
      authFailures: coordinatedRateLimiter(
        namespace,
        "auth-failures",
        limits.authFailuresPerMinute,
        log,
      ),
    },
    solveGate: coordinatedSolveGate(
      namespace,
      {
        concurrentSolves: limits.concurrentSolves,
        queuedSolves: limits.queuedSolves,
        solvesPerOrganisation: limits.solvesPerOrganisation,
        solveQueueTimeoutMs: limits.solveQueueTimeoutMs,
        leaseMs: limits.maxSolveTimeLimitMs + leaseGraceMs,
      },
      log,
    ),
  };
}
