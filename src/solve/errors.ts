// Errors of the solve pipeline that the HTTP layer turns into problems; runtime-neutral, unlike the pool.

/**
 * Thrown for a solve whose worker thread ran out of its heap budget. The thread is gone and a fresh
 * one takes its place; the same request would fail the same way, so the HTTP layer answers 422
 * rather than 503 (which would invite a retry).
 */
export class SolveOutOfMemoryError extends Error {
  override name = "SolveOutOfMemoryError";
  readonly code = "solve_out_of_memory";

  constructor(readonly memoryMb: number) {
    super(
      `the solve needed more than its ${memoryMb} MiB memory budget and was stopped; solve a smaller network or another solver, or raise MAX_SOLVE_MEMORY_MB`,
    );
  }
}
