// A worker-thread pool with the contract of solveNetwork, so that no solve runs on the event loop.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import type { Network } from "../../models/allocation/network.ts";
import { unsolvedPlan } from "../../models/allocation/plan.ts";
import type { Plan } from "../../models/allocation/plan-schema.ts";
import { getSolver, TooLargeForSolverError, UnknownSolverError } from "../solvers/registry.ts";
import { defaultSolveOptions } from "../solvers/solver.ts";
import { SolveOutOfMemoryError } from "./errors.ts";
import type { SolveNetworkOptions } from "./solve.ts";
import type { SolveTask, SolveTaskResult, SolveWorkerData } from "./solve-worker.ts";
import { defaultWarmBasesLimits } from "./warm-bases.ts";

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
  /**
   * JavaScript heap of each thread, MiB (MAX_SOLVE_MEMORY_MB); default 1536. A solve that needs
   * more ends its thread, which piscina replaces, and throws SolveOutOfMemoryError.
   */
  memoryMb?: number;
  /**
   * Bytes of optimal bases each thread keeps for warm starts, MiB (WARM_BASES_MB, warm-bases.ts);
   * default 256, counted inside `memoryMb`.
   */
  warmBasesMb?: number;
}

const defaultMemoryMb = 1536;

/** Node's error for a worker thread that hit its resourceLimits. */
const isOutOfMemory = (error: unknown) =>
  error instanceof Error && (error as { code?: unknown }).code === "ERR_WORKER_OUT_OF_MEMORY";

export interface RunModuleOptions {
  /** Aborting it drops the task from the queue, or terminates the thread running it. */
  signal?: AbortSignal;
  /**
   * Buffers of the task to move to the thread rather than copy (a 14 MiB body costs the event
   * loop ~0.1-0.2 s to copy); they are unusable here afterwards.
   */
  transfer?: readonly ArrayBuffer[];
}

export interface SolvePool {
  /**
   * solveNetwork's contract, run on a worker thread: outcomes come back in `plan.status` (a
   * cancelled solve as "error" with message "cancelled", one that overran as "timeLimit"); an
   * unknown solver id throws UnknownSolverError, a program too large for the asked backend
   * TooLargeForSolverError, and a solve beyond the memory budget SolveOutOfMemoryError. The time
   * limit counts from this call, so time spent waiting for a free thread counts against it.
   */
  solve(network: Network, options?: SolveNetworkOptions): Promise<Plan>;
  /**
   * Runs the default export of another compiled worker module (such as the upload worker) on the
   * same threads under the same memory budget: a task beyond it throws SolveOutOfMemoryError.
   */
  runModule<T, R>(moduleUrl: URL, task: T, options?: RunModuleOptions): Promise<R>;
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

/**
 * How much lower the threads' scheduling priority is than the event loop's (Linux nice, per
 * thread, through piscina's optional @napi-rs/nice): with as many busy threads as cores, the event
 * loop otherwise waits its turn behind its own solves and parses (a /healthz stalled 0.1-0.4 s
 * beside four 14 MiB parses), while the threads lose nothing the event loop does not use.
 */
export const workerNiceIncrement = 10;

/** The threads, all started at once, each with the heap budget. */
function startThreads(workerUrl: URL, threads: number, memoryMb: number, warmBasesMb: number) {
  const workerPath = fileURLToPath(workerUrl);
  if (!existsSync(workerPath))
    throw new Error(`no compiled solve worker at ${workerPath}: run \`npm run build\` first`);
  return new Piscina<SolveTask, SolveTaskResult>({
    filename: workerPath,
    minThreads: threads,
    maxThreads: threads,
    // The old generation holds the network, the program and the plan; typed arrays (the network
    // simplex's, javascript-lp-solver's tableau) and HiGHS's Wasm memory lie outside it, which is
    // why javascript-lp-solver also refuses programs by size.
    resourceLimits: { maxOldGenerationSizeMb: memoryMb },
    niceIncrement: workerNiceIncrement,
    workerData: { warmBasesMb } satisfies SolveWorkerData,
  });
}

export function createSolvePool(options: SolvePoolOptions = {}): SolvePool {
  const threads = options.threads ?? availableParallelism();
  const overrunGraceMs = options.overrunGraceMs ?? defaultOverrunGraceMs;
  const memoryMb = options.memoryMb ?? defaultMemoryMb;
  const piscina = startThreads(
    options.workerUrl ?? defaultWorkerUrl,
    threads,
    memoryMb,
    options.warmBasesMb ?? defaultWarmBasesLimits.maxBytes / 2 ** 20,
  );
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
    let result: SolveTaskResult;
    try {
      result = await piscina.run(task, { signal });
    } catch (error) {
      if (isOutOfMemory(error)) throw new SolveOutOfMemoryError(memoryMb);
      if (!signal.aborted) throw error;
      if (!overrun.aborted) return unanswered("error", "cancelled");
      return unanswered(
        "timeLimit",
        `no answer within the ${timeLimitMs} ms limit and ${overrunGraceMs} ms of grace; the solve was stopped`,
      );
    }
    if ("plan" in result) return result.plan;
    const { solverId, reason, alternatives } = result.tooLarge;
    throw new TooLargeForSolverError(solverId, reason, alternatives);
  }

  async function runModule<T, R>(
    moduleUrl: URL,
    task: T,
    options: RunModuleOptions = {},
  ): Promise<R> {
    if (closing.signal.aborted) throw new Error("the solve pool is closed");
    const { signal, transfer = [] } = options;
    try {
      // The pool's type parameters describe the solve worker; other modules bring their own.
      const run = piscina.run.bind(piscina) as unknown as (
        task: T,
        options: { filename: string; signal: AbortSignal; transferList: ArrayBuffer[] },
      ) => Promise<R>;
      return await run(task, {
        filename: fileURLToPath(moduleUrl),
        signal: signal === undefined ? closing.signal : AbortSignal.any([closing.signal, signal]),
        transferList: [...transfer],
      });
    } catch (error) {
      if (isOutOfMemory(error)) throw new SolveOutOfMemoryError(memoryMb);
      throw error;
    }
  }

  return {
    solve,
    runModule,
    threads,
    async close() {
      closing.abort();
      await piscina.destroy();
    },
  };
}
