import { getPriority } from "node:os";
import { BroadcastChannel } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transportationNetwork } from "../../bench/generate.ts";
import { planSchema } from "../../models/allocation/plan-schema.ts";
import { SolveOutOfMemoryError } from "../../src/solve/errors.ts";
import { createSolvePool, type SolvePool, workerNiceIncrement } from "../../src/solve/pool.ts";
import { solveNetwork } from "../../src/solve/solve.ts";
import { TooLargeForSolverError, UnknownSolverError } from "../../src/solvers/registry.ts";
import { fixtureFiles, loadFixture } from "../support/fixtures.ts";

// A solve that cannot stop on its own (as javascript-lp-solver on a large network): the stuck
// worker never answers a network named "stuck", so only terminating its thread frees the thread.
const stuckWorkerUrl = new URL("./support/stuck-worker.mjs", import.meta.url);
const stuck = { ...loadFixture("balanced.json").network, name: "stuck" };

/** Resolves once a stuck solve runs on a thread (the channel named in stuck-worker.mjs). */
function stuckSolveRunning(): Promise<void> {
  const channel = new BroadcastChannel("anodeflow-stuck-solve");
  return new Promise((resolve) => {
    channel.onmessage = () => {
      channel.close();
      resolve();
    };
  });
}

/** The plan without its timing, which differs between any two solves. */
const timeless = ({ solver, ...plan }: Awaited<ReturnType<typeof solveNetwork>>) => ({
  ...plan,
  solver: { id: solver.id, version: solver.version },
});

describe("createSolvePool", () => {
  let pool: SolvePool;
  beforeAll(() => {
    pool = createSolvePool({ threads: 2, overrunGraceMs: 200 });
  });
  afterAll(() => pool.close());

  it.each(fixtureFiles)("solves %s on a worker to the same plan as solveNetwork", async (file) => {
    const { network } = loadFixture(file);
    const [pooled, inProcess] = await Promise.all([
      pool.solve(network, { timeLimitMs: 10_000 }),
      solveNetwork(network, { timeLimitMs: 10_000 }),
    ]);
    expect(timeless(pooled)).toEqual(timeless(inProcess));
  });

  it("completes many concurrent solves on every backend, more than it has threads", async () => {
    const cases = fixtureFiles.flatMap((file) =>
      ["auto", "highs", "javascript-lp-solver"].map((solver) => ({ file, solver })),
    );
    const plans = await Promise.all(
      cases.map(({ file, solver }) => pool.solve(loadFixture(file).network, { solver })),
    );
    plans.forEach((plan, i) => {
      const { file } = cases[i] as (typeof cases)[number];
      const { expected } = loadFixture(file);
      expect(plan.status, file).toBe(expected.status);
      if (expected.objective !== undefined)
        expect(plan.objective?.value, file).toBeCloseTo(expected.objective, 6);
    });
  });

  it("passes the sensitivity option through to the worker", async () => {
    const { network } = loadFixture("balanced.json");
    const [off, full] = await Promise.all([
      pool.solve(network, { sensitivity: "off" }),
      pool.solve(network, { sensitivity: "full" }),
    ]);
    expect(off.sensitivity?.status).toBe("skipped");
    expect(full.sensitivity?.status).toBe("exact");
    expect(off.objective).toEqual(full.objective);
    expect(off.flows).toEqual(full.flows);
  });

  it("throws UnknownSolverError for a solver id no backend answers to", async () => {
    await expect(
      pool.solve(loadFixture("balanced.json").network, { solver: "cplex" }),
    ).rejects.toBeInstanceOf(UnknownSolverError);
  });
});

describe("createSolvePool with one thread", () => {
  let pool: SolvePool;
  const { network: fixture } = loadFixture("balanced.json");
  beforeAll(async () => {
    pool = createSolvePool({ threads: 1, overrunGraceMs: 200, workerUrl: stuckWorkerUrl });
    // A first solve makes sure the thread is up, so a solve below runs at once, not queued.
    await pool.solve(fixture);
  });
  afterAll(() => pool.close());

  // A stuck solve never frees its thread, so the next solve is served only if the pool terminated
  // that thread; otherwise it comes back as timeLimit after its (generous) limit.
  const nextSolveIsServed = async () => {
    const next = await pool.solve(fixture, { timeLimitMs: 60_000 });
    expect(next.status).toBe("optimal");
  };

  it("answers an already aborted solve as cancelled without using a thread", async () => {
    const plan = await pool.solve(stuck, { signal: AbortSignal.abort() });
    expect(plan.status).toBe("error");
    expect(plan.message).toBe("cancelled");
    await nextSolveIsServed();
  });

  it("stops a running solve that is cancelled, and then serves the next solve", async () => {
    const controller = new AbortController();
    const running = stuckSolveRunning();
    const pending = pool.solve(stuck, { signal: controller.signal });
    await running;
    controller.abort();
    const plan = await pending;
    expect(planSchema.parse(plan).status).toBe("error");
    expect(plan.message).toBe("cancelled");
    await nextSolveIsServed();
  });

  it("stops a module's task when its signal aborts, and then serves the next solve", async () => {
    const controller = new AbortController();
    const running = stuckSolveRunning();
    const task = { network: stuck, options: {}, deadline: Date.now() + 60_000 };
    const pending = pool.runModule(stuckWorkerUrl, task, { signal: controller.signal });
    await running;
    controller.abort();
    await expect(pending).rejects.toThrow();
    await nextSolveIsServed();
  });

  it("stops a solve that overruns its time limit, reports timeLimit, and serves the next", async () => {
    const running = stuckSolveRunning();
    const pending = pool.solve(stuck, { solver: "highs", timeLimitMs: 100 });
    await running;
    const plan = await pending;
    expect(planSchema.parse(plan).status).toBe("timeLimit");
    expect(plan.solver.id).toBe("highs");
    await nextSolveIsServed();
  });
});

describe("SolvePool.close", () => {
  it("cancels a running solve and refuses solves after it", async () => {
    const pool = createSolvePool({ threads: 1, workerUrl: stuckWorkerUrl });
    const running = stuckSolveRunning();
    const pending = pool.solve(stuck);
    await running;
    await pool.close();
    expect((await pending).message).toBe("cancelled");
    await expect(pool.solve(loadFixture("balanced.json").network)).rejects.toThrow(/closed/);
  });
});

describe("createSolvePool's memory budget", () => {
  // 1M implied lanes in a request of a few KB. The program's arrays lie outside the JavaScript
  // heap, but its solution and plan need 32-48 MiB of it (measured), two to three times the
  // budget. (The 450 x 450 network now needs 16-20 MiB: too near the line to test.)
  const wideNetwork = transportationNetwork(
    { label: "1000x1000", plants: 1000, smelters: 1000 },
    { explicitLanes: false },
  );
  let pool: SolvePool;
  beforeAll(() => {
    pool = createSolvePool({ threads: 1, memoryMb: 16 });
  });
  afterAll(() => pool.close());

  it("answers a solve beyond the budget with SolveOutOfMemoryError, and a fresh thread solves the next", async () => {
    const failed = pool.solve(wideNetwork);
    await expect(failed).rejects.toBeInstanceOf(SolveOutOfMemoryError);
    await expect(failed).rejects.toThrow(/16 MiB/);
    const next = await pool.solve(loadFixture("balanced.json").network);
    expect(next.status).toBe("optimal");
  });

  it("refuses javascript-lp-solver the wide network by size before building its program", async () => {
    const refused = pool.solve(wideNetwork, { solver: "javascript-lp-solver" });
    await expect(refused).rejects.toBeInstanceOf(TooLargeForSolverError);
    await expect(refused).rejects.toThrow(/network-simplex or highs/);
  });
});

describe("createSolvePool's threads", () => {
  it("run at a lower scheduling priority than the event loop, so they never crowd it out", async () => {
    const pool = createSolvePool({ threads: 1 });
    try {
      const priorityWorkerUrl = new URL("./support/priority-worker.mjs", import.meta.url);
      const threadNice = await pool.runModule<undefined, number>(priorityWorkerUrl, undefined);
      // Nice values stop at 19.
      expect(threadNice).toBe(Math.min(19, getPriority() + workerNiceIncrement));
    } finally {
      await pool.close();
    }
  });
});
