// Worker-thread entry for large POST /v1/solve bodies: the whole request (parse, validation, limits, changes, options, solve, plan), so the event loop only forwards text; a validated network costs more to send back than to parse.
import type { z } from "@hono/zod-openapi";
import type { Plan } from "../../../models/allocation/plan-schema.ts";
import type { Limits } from "../../config.ts";
import { moved } from "../../solve/moved.ts";
import { type SolvePhases, solveNetwork } from "../../solve/solve.ts";
import {
  type BodyChunks,
  bodyText,
  type ProblemValue,
  parseJsonBody,
  toProblemValue,
} from "../shared/json-body.ts";
import { ApiError } from "../shared/problems.ts";
import {
  applyScenarioChanges,
  checkNetworkLimits,
  resolveOptions,
  runSolve,
  withObjective,
} from "../shared/solving.ts";
import type { SolveGate } from "../shared/types.ts";
import { solveRequestSchema } from "./solve.routes.ts";

export type SolveRequest = z.output<typeof solveRequestSchema>;

export interface SolveRequestTask {
  /** The request body as sent, transferred from the main thread. */
  body: BodyChunks;
  limits: Limits;
  /** Date.now() when the main thread sent the task: time queued for a thread counts against the limit. */
  sentAt: number;
}

/**
 * The plan as JSON bytes (the response body, moved rather than copied to the main thread), the
 * problem the main thread answers, or a request naming a stored dataset, which the main thread
 * goes on with (its network is in the database, not in the body).
 */
export type SolveRequestResult =
  | { plan: Uint8Array<ArrayBuffer>; serverTiming: string }
  | { problem: ProblemValue }
  | { request: SolveRequest };

// The main thread's solve gate admitted this task already.
const admitted: SolveGate = {
  run: (_organisationId, task) => task(),
  load: () => ({ running: 0, queued: 0 }),
};

async function solveBody(
  task: SolveRequestTask,
  phases: Record<string, number>,
): Promise<{ plan: Plan } | { request: SolveRequest }> {
  phases.queue = Math.max(0, Date.now() - task.sentAt);
  const started = performance.now();
  const text = bodyText(task.body);
  phases.read = performance.now() - started;
  const request = parseJsonBody(text, solveRequestSchema, phases);
  if (request.network === undefined) return { request };
  checkNetworkLimits(request.network, task.limits, "/network");
  const network = applyScenarioChanges(request.network, request.changes);
  const options = resolveOptions(request.options, network, task.limits);
  const queuedMs = Math.max(0, Date.now() - task.sentAt);
  const planStarted = performance.now();
  const planPhases: SolvePhases = {};
  const plan = await runSolve(
    { solve: solveNetwork, solveGate: admitted },
    "",
    withObjective(network, options.objective),
    { ...options, timeLimitMs: Math.max(0, options.timeLimitMs - queuedMs) },
    { phases: planPhases },
  );
  phases.plan = performance.now() - planStarted;
  phases.solve = plan.solver.ms;
  for (const name of ["build", "analysis", "interpret"] as const) {
    const ms = planPhases[name];
    if (ms !== undefined) phases[name] = ms;
  }
  return { plan };
}

/**
 * The phases as a Server-Timing header (W3C Server Timing): queue (waiting for a thread), read
 * (the body's bytes to text), parse (JSON), validate (the schema), plan (build, solve, analysis and
 * interpretation), and inside plan build (network -> program), solve (the solver alone), analysis
 * (marginal costs and the rest; inside interpret for a network with periods) and interpret (the
 * plan's tables); serialise (the plan to JSON bytes).
 */
export function serverTiming(phases: Record<string, number>): string {
  return Object.entries(phases)
    .map(([name, ms]) => `${name};dur=${ms.toFixed(1)}`)
    .join(", ");
}

/**
 * piscina calls the default export once per task; a plan travels back as moved bytes, anything
 * else by structured clone.
 */
export default async function solveRequest(task: SolveRequestTask): Promise<SolveRequestResult> {
  try {
    const phases: Record<string, number> = {};
    const answer = await solveBody(task, phases);
    if ("request" in answer) return answer;
    const serialiseStarted = performance.now();
    const bytes = new TextEncoder().encode(JSON.stringify(answer.plan));
    phases.serialise = performance.now() - serialiseStarted;
    return moved({ plan: bytes, serverTiming: serverTiming(phases) }, [bytes.buffer]);
  } catch (error) {
    if (error instanceof ApiError) return { problem: toProblemValue(error) };
    throw error;
  }
}
