// Seeded property test: every backend reaches the same optimum on random network programs.
import { describe, expect, it } from "vitest";
import { isNetworkProgram } from "../../models/lp.ts";
import { highsSolver } from "../../src/solvers/highs.ts";
import { solvers } from "../../src/solvers/registry.ts";
import { expectClose, expectOptimal } from "../support/lp-checks.ts";
import { mulberry32 } from "../support/random.ts";
import { randomNetworkProgram } from "../support/random-programs.ts";

const seeds = Array.from({ length: 40 }, (_, k) => 1000 + k);

describe("backends on random network programs", () => {
  it.each(seeds)("all agree on the status and optimal objective for seed %i", async (seed) => {
    const lp = randomNetworkProgram(mulberry32(seed));
    expect(isNetworkProgram(lp)).toBe(true);
    const results = await Promise.all(solvers.map((s) => s.solve(lp, { timeLimitMs: 20_000 })));
    const [first, ...rest] = results;
    if (!first) throw new Error("no solver registered");
    for (const result of rest) {
      expect(`${result.solver.id}: ${result.status}`).toBe(`${result.solver.id}: ${first.status}`);
    }
    if (first.status !== "optimal") return;
    for (const result of results) {
      const optimal = expectOptimal(lp, result);
      expectClose(optimal.objective, first.objective, `${result.solver.id} objective`);
    }
  });

  it("draws mostly optimal and some infeasible programs, so both outcomes are compared", async () => {
    const statuses = await Promise.all(
      seeds.map(async (seed) => {
        const lp = randomNetworkProgram(mulberry32(seed));
        return (await highsSolver.solve(lp, { timeLimitMs: 20_000 })).status;
      }),
    );
    const optimal = statuses.filter((s) => s === "optimal").length;
    expect(optimal).toBeGreaterThan(seeds.length / 2);
    expect(statuses.filter((s) => s === "infeasible").length).toBeGreaterThan(0);
    expect(optimal + statuses.filter((s) => s === "infeasible").length).toBe(seeds.length);
  });
});
