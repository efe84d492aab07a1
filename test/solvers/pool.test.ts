import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transportationNetwork } from "../../bench/generate.ts";
import { planSchema } from "../../models/allocation/plan-schema.ts";
import { SolveOutOfMemoryError } from "../../src/solve/errors.ts";
import { createSolvePool, type SolvePool } from "../../src/solve/pool.ts";
import { solveNetwork } from "../../src/solve/solve.ts";
import { TooLargeForSolverError, UnknownSolverError } from "../../src/solvers/registry.ts";
import { fixtureFiles, loadFixture } from "../support/fixtures.ts";

// javascript-lp-solver needs over 10 s on 50k lanes and cannot stop on its own, so only
// terminating its thread ends the solve early.
const slowNetwork = transportationNetwork({ label: "50k", plants: 250, smelters: 200 });
const slowSolver = "javascript-lp-solver";

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

  it("answers an already aborted solve as cancelled without using a thread", async () => {
    const plan = await pool.solve(slowNetwork, { solver: slowSolver, signal: AbortSignal.abort() });
    expect(plan.status).toBe("error");
    expect(plan.message).toBe("cancelled");
  });
});

describe("createSolvePool with one thread", () => {
  let pool: SolvePool;
  const { network: fixture } = loadFixture("balanced.json");
  beforeAll(async () => {
    pool = createSolvePool({ threads: 1, overrunGraceMs: 200 });
    // A first solve makes sure the thread is up, so the slow solve below is running, not queued.
    await pool.solve(fixture);
  });
  afterAll(() => pool.close());

  // The next solve's 5 s limit counts its wait for the thread, so it comes back optimal only if
  // the slow solve's thread was freed at once rather than left to finish.
  const nextSolveIsServed = async () => {
    const next = await pool.solve(fixture, { timeLimitMs: 5_000 });
    expect(next.status).toBe("optimal");
  };

  it("stops a running solve that is cancelled, and then serves the next solve", async () => {
    const controller = new AbortController();
    const pending = pool.solve(slowNetwork, { solver: slowSolver, signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    const plan = await pending;
    expect(planSchema.parse(plan).status).toBe("error");
    expect(plan.message).toBe("cancelled");
    await nextSolveIsServed();
  });

  it("stops a solve that overruns its time limit, reports timeLimit, and serves the next", async () => {
    const plan = await pool.solve(slowNetwork, { solver: slowSolver, timeLimitMs: 100 });
    expect(planSchema.parse(plan).status).toBe("timeLimit");
    expect(plan.solver.id).toBe(slowSolver);
    await nextSolveIsServed();
  });
});

describe("SolvePool.close", () => {
  it("cancels a running solve and refuses solves after it", async () => {
    const pool = createSolvePool({ threads: 1 });
    const { network } = loadFixture("balanced.json");
    await pool.solve(network);
    const pending = pool.solve(slowNetwork, { solver: slowSolver });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await pool.close();
    expect((await pending).message).toBe("cancelled");
    await expect(pool.solve(network)).rejects.toThrow(/closed/);
  });
});

describe("createSolvePool's memory budget", () => {
  // 202,500 implied lanes: the 60 KB request, whose program no 32 MiB heap can hold.
  const wideNetwork = transportationNetwork(
    { label: "450x450", plants: 450, smelters: 450 },
    { explicitLanes: false },
  );
  let pool: SolvePool;
  beforeAll(() => {
    pool = createSolvePool({ threads: 1, memoryMb: 32 });
  });
  afterAll(() => pool.close());

  it("answers a solve beyond the budget with SolveOutOfMemoryError, and a fresh thread solves the next", async () => {
    const failed = pool.solve(wideNetwork);
    await expect(failed).rejects.toBeInstanceOf(SolveOutOfMemoryError);
    await expect(failed).rejects.toThrow(/32 MiB/);
    const next = await pool.solve(loadFixture("balanced.json").network);
    expect(next.status).toBe("optimal");
  });

  it("refuses javascript-lp-solver the wide network by size before building its program", async () => {
    const refused = pool.solve(wideNetwork, { solver: "javascript-lp-solver" });
    await expect(refused).rejects.toBeInstanceOf(TooLargeForSolverError);
    await expect(refused).rejects.toThrow(/network-simplex or highs/);
  });
});
