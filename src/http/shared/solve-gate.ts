// Bounds solves: so many at once in the process, a bounded queue behind them, and a share per organisation.
import { ApiError } from "./problems.ts";
import type { SolveGate, SolveGateLimits } from "./types.ts";

interface Waiter {
  start: () => void;
  timer: ReturnType<typeof setTimeout>;
}

/** What a gate keeps between solves. */
interface GateState {
  running: number;
  queue: Waiter[];
  perOrganisation: Map<string, number>;
  // A moving average of solve times, so Retry-After says roughly when a slot frees up.
  averageSolveMs: number;
}

function retryAfter(state: GateState, limits: SolveGateLimits, waitingAhead: number) {
  return {
    "Retry-After": String(
      Math.min(
        60,
        Math.max(
          1,
          Math.ceil((state.averageSolveMs * (1 + waitingAhead / limits.concurrentSolves)) / 1000),
        ),
      ),
    ),
  };
}

function release(state: GateState, organisationId: string) {
  const left = (state.perOrganisation.get(organisationId) ?? 1) - 1;
  if (left === 0) state.perOrganisation.delete(organisationId);
  else state.perOrganisation.set(organisationId, left);
}

function next(state: GateState) {
  const waiter = state.queue.shift();
  if (waiter === undefined) {
    state.running--;
    return;
  }
  // The slot passes straight to the next waiter: `running` stays the same.
  clearTimeout(waiter.timer);
  waiter.start();
}

async function waitForSlot(
  state: GateState,
  limits: SolveGateLimits,
  onQueued: (queued: number) => void,
): Promise<void> {
  const { queue } = state;
  if (state.running < limits.concurrentSolves) {
    state.running++;
    return;
  }
  if (queue.length >= limits.queuedSolves) {
    throw new ApiError(
      "overloaded",
      `All ${limits.concurrentSolves} solve slots and ${limits.queuedSolves} queue places are taken`,
      undefined,
      retryAfter(state, limits, queue.length),
    );
  }
  await new Promise<void>((resolve, reject) => {
    const waiter: Waiter = {
      start: resolve,
      timer: setTimeout(() => {
        const at = queue.indexOf(waiter);
        if (at >= 0) queue.splice(at, 1);
        reject(
          new ApiError(
            "overloaded",
            `No solve slot came free within ${limits.solveQueueTimeoutMs} ms`,
            undefined,
            retryAfter(state, limits, queue.length),
          ),
        );
      }, limits.solveQueueTimeoutMs),
    };
    queue.push(waiter);
    onQueued(queue.length);
  });
}

/**
 * `onQueued` is told each time a solve starts waiting for a slot, with the queue's new length, so
 * a test can act once a request is queued instead of guessing how long that takes.
 */
export function createSolveGate(
  limits: SolveGateLimits,
  onQueued: (queued: number) => void = () => {},
): SolveGate {
  const state: GateState = {
    running: 0,
    queue: [],
    perOrganisation: new Map(),
    averageSolveMs: 1000,
  };

  return {
    async run(organisationId, task) {
      const mine = state.perOrganisation.get(organisationId) ?? 0;
      if (mine >= limits.solvesPerOrganisation) {
        throw new ApiError(
          "too_many_solves",
          `This organisation already has ${mine} solves running or waiting; at most ${limits.solvesPerOrganisation} are allowed`,
          undefined,
          retryAfter(state, limits, 0),
        );
      }
      state.perOrganisation.set(organisationId, mine + 1);
      try {
        await waitForSlot(state, limits, onQueued);
      } catch (error) {
        release(state, organisationId);
        throw error;
      }
      const started = performance.now();
      try {
        return await task();
      } finally {
        state.averageSolveMs = 0.8 * state.averageSolveMs + 0.2 * (performance.now() - started);
        release(state, organisationId);
        next(state);
      }
    },
    load: () => ({ running: state.running, queued: state.queue.length }),
  };
}
