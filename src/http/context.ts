// What every route shares: the injected services, the context variables, the router factory.
import { OpenAPIHono, type RouteConfig, type RouteHandler } from "@hono/zod-openapi";
import type { Network } from "../../models/allocation/network.ts";
import type { Plan } from "../../models/allocation/plan-schema.ts";
import type { Limits } from "../config.ts";
import type { Db } from "../storage/db.ts";
import type { Repositories } from "../storage/repositories.ts";
import { validationHook } from "./problems.ts";

export interface SolveCallOptions {
  solver?: string;
  timeLimitMs?: number;
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
  limits: Limits;
}

export type AppEnv = {
  Variables: {
    /** Set by the organisation middleware; every repository call is scoped to it. */
    organisationId: string;
    services: Services;
  };
};

export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, AppEnv>;

/** A router whose schema failures become problem+json through the one validation hook. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}
