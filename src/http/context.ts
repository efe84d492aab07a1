// What every route shares: the injected services, the context variables, the router factory.
import { OpenAPIHono, type RouteConfig, type RouteHandler } from "@hono/zod-openapi";
import type { Network } from "../../models/allocation/network.ts";
import type { SensitivityMode } from "../../models/allocation/plan.ts";
import type { Plan } from "../../models/allocation/plan-schema.ts";
import type { Limits } from "../config.ts";
import type { Db } from "../storage/db.ts";
import type { Role } from "../storage/records.ts";
import type { Repositories } from "../storage/repositories.ts";
import type { Logger } from "./logging.ts";
import { validationHook } from "./problems.ts";
import type { SolveGate } from "./solve-gate.ts";

export interface SolveCallOptions {
  solver?: string;
  timeLimitMs?: number;
  sensitivity?: SensitivityMode;
  signal?: AbortSignal;
}

/**
 * Network -> plan: `solveNetwork` from src/solve.ts, or a worker-pool client with the same
 * contract (optimisation outcomes in `plan.status`; an unknown solver id throws UnknownSolverError).
 */
export type SolveFn = (network: Network, options?: SolveCallOptions) => Promise<Plan>;

export interface Services {
  db: Db;
  repositories: Repositories;
  solve: SolveFn;
  /** Every solve passes through it: concurrency per organisation and in total. */
  solveGate: SolveGate;
  limits: Limits;
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
    /** X-Request-Id: the client's, or made for the request. */
    requestId: string;
    services: Services;
  };
};

export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, AppEnv>;

/** A router whose schema failures become problem+json through the one validation hook. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}
