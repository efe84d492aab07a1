// A worker-thread pool with the contract of solveNetwork, so that no solve runs on the event loop.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import type { Network } from "../../models/allocation/network.ts";
import { unsolvedPlan } from "../../models/allocation/plan.ts";
import type { Plan } from "../../models/allocation/plan-schema.ts";
import { getSolver, UnknownSolverError } from "../solvers/registry.ts";
import { defaultSolveOptions } from "../solvers/solver.ts";
import type { SolveNetworkOptions } from "./solve.ts";
import type { SolveTask } from "./solve-worker.ts";

export interface SolvePoolOptions {
  /** Worker threads, all started at once; defaults to the cores Node may use. */
  threads?: number;
  /**
   * Time a solve may run past its limit before its thread is terminated. The backends stop
   * themselves at the limit, but model build and plan interpretation lie outside their budget,
   * and javascript-lp-solver cannot stop at all.
   */
  overrunGraceMs?: number;
  /** The compiled worker script; see `defaultWorkerUrl`. */
  workerUrl?: URL;
}

export interface SolvePool {
  /**
   * solveNetwork's contract, run on a worker thread: outcomes come back in `plan.status` (a
   * cancelled solve as "error" with message "cancelled", one that overran as "timeLimit"), and an
   * unknown solver id throws UnknownSolverError. The time limit counts from this call, so time
   * spent waiting for a free thread counts against it.
   */
  solve(network: Network, options?: SolveNetworkOptions): Promise<Plan>;
  readonly threads: number;
  /** Cancels every queued and running solve, then terminates the threads. */
  close(): Promise<void>;
}

/**
 * Workers load plain JavaScript: under tsx or vitest the source modules are TypeScript that a
 * worker thread cannot import, so `npm run build` compiles the worker's module graph into
 * dist/node. Run from that compiled output, the worker sits beside this file.
 */
export const defaultWorkerUrl = import.meta.url.endsWith(".js")
  ? new URL("./solve-worker.js", import.meta.url)
  : new URL("../../dist/node/src/solve/solve-worker.js", import.meta.url);

const defaultOverrunGraceMs = 5_000;

export function createSolvePool(options: SolvePoolOptions = {}): SolvePool {
  const threads = options.threads ?? availableParallelism();
  const overrunGraceMs = options.overrunGraceMs ?? defaultOverrunGraceMs;
  const workerPath = fileURLToPath(options.workerUrl ?? defaultWorkerUrl);
  if (!existsSync(workerPath))
    throw new Error(`no compiled solve worker at ${workerPath}: run \`npm run build\` first`);
  const piscina = new Piscina<SolveTask, Plan>({
    filename: workerPath,
    minThreads: threads,
    maxThreads: threads,
  });
  // Closing aborts every solve through this one signal, so no caller is left waiting.
  const closing = new AbortController();

  async function solve(network: Network, solveOptions: SolveNetworkOptions = {}): Promise<Plan> {
    const { signal: callerSignal, timeLimitMs: requestedMs, ...taskOptions } = solveOptions;
    const solver = taskOptions.solver ?? "auto";
    // Checked here because an error's class does not survive the trip back from a worker.
    if (solver !== "auto" && getSolver(solver) === undefined) throw new UnknownSolverError(solver);
    if (closing.signal.aborted) throw new Error("the solve pool is closed");
    const started = performance.now();
    const timeLimitMs = requestedMs ?? defaultSolveOptions.timeLimitMs;
    const unanswered = (status: "error" | "timeLimit", message: string) =>
      // The backend never answered, so only the id that was asked for is known.
      unsolvedPlan(network.name, status, message, {
        id: solver,
        version: "",
        ms: performance.now() - started,
      });
    if (callerSignal?.aborted) return unanswered("error", "cancelled");

    const overrun = AbortSignal.timeout(timeLimitMs + overrunGraceMs);
    const signals = [closing.signal, overrun];
    if (callerSignal) signals.push(callerSignal);
    // piscina drops an aborted task from the queue, or terminates the thread running it.
    const signal = AbortSignal.any(signals);
    const task: SolveTask = { network, options: taskOptions, deadline: Date.now() + timeLimitMs };
    try {
      return await piscina.run(task, { signal });
    } catch (error) {
      if (!signal.aborted) throw error;
      if (!overrun.aborted) return unanswered("error", "cancelled");
      return unanswered(
        "timeLimit",
        `no answer within the ${timeLimitMs} ms limit and ${overrunGraceMs} ms of grace; the solve was stopped`,
      );
    }
  }

  return {
    solve,
    threads,
    async close() {
      closing.abort();
      await piscina.destroy();
    },
  };
}
