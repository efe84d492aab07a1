// Bounds solves: so many at once in the process, a bounded queue behind them, and a share per organisation.
import { ApiError } from "./problems.ts";
import type { SolveGate, SolveGateLimits } from "./types.ts";

interface Waiter {
  start: () => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * `onQueued` is told each time a solve starts waiting for a slot, with the queue's new length, so
 * a test can act once a request is queued instead of guessing how long that takes.
 */
export function createSolveGate(
  limits: SolveGateLimits,
  onQueued: (queued: number) => void = () => {},
): SolveGate {
  let running = 0;
  const queue: Waiter[] = [];
  const perOrganisation = new Map<string, number>();
  // A moving average of solve times, so Retry-After says roughly when a slot frees up.
  let averageSolveMs = 1000;

  const retryAfter = (waitingAhead: number) => ({
    "Retry-After": String(
      Math.min(
        60,
        Math.max(
          1,
          Math.ceil((averageSolveMs * (1 + waitingAhead / limits.concurrentSolves)) / 1000),
        ),
      ),
    ),
  });

  function release(organisationId: string) {
    const left = (perOrganisation.get(organisationId) ?? 1) - 1;
    if (left === 0) perOrganisation.delete(organisationId);
    else perOrganisation.set(organisationId, left);
  }

  function next() {
    const waiter = queue.shift();
    if (waiter === undefined) {
      running--;
      return;
    }
    // The slot passes straight to the next waiter: `running` stays the same.
    clearTimeout(waiter.timer);
    waiter.start();
  }

  async function waitForSlot(): Promise<void> {
    if (running < limits.concurrentSolves) {
      running++;
      return;
    }
    if (queue.length >= limits.queuedSolves) {
      throw new ApiError(
        "overloaded",
        `All ${limits.concurrentSolves} solve slots and ${limits.queuedSolves} queue places are taken`,
        undefined,
        retryAfter(queue.length),
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
              retryAfter(queue.length),
            ),
          );
        }, limits.solveQueueTimeoutMs),
      };
      queue.push(waiter);
      onQueued(queue.length);
    });
  }

  return {
    async run(organisationId, task) {
      const mine = perOrganisation.get(organisationId) ?? 0;
      if (mine >= limits.solvesPerOrganisation) {
        throw new ApiError(
          "too_many_solves",
          `This organisation already has ${mine} solves running or waiting; at most ${limits.solvesPerOrganisation} are allowed`,
          undefined,
          retryAfter(0),
        );
      }
      perOrganisation.set(organisationId, mine + 1);
      try {
        await waitForSlot();
      } catch (error) {
        release(organisationId);
        throw error;
      }
      const started = performance.now();
      try {
        return await task();
      } finally {
        averageSolveMs = 0.8 * averageSolveMs + 0.2 * (performance.now() - started);
        release(organisationId);
        next();
      }
    },
    load: () => ({ running, queued: queue.length }),
  };
}
