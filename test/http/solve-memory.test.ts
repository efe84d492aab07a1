import { afterEach, describe, expect, it } from "vitest";
import { transportationNetwork } from "../../bench/generate.ts";
import * as planRoutes from "../../src/http/plans/plans.routes.ts";
import * as routes from "../../src/http/solve/solve.routes.ts";
import { SolveOutOfMemoryError } from "../../src/solve/errors.ts";
import { maxProgramCells } from "../../src/solvers/javascript-lp-solver.ts";
import {
  createBaseline,
  createTestApp,
  fixture,
  jsonRequest,
  pointers,
  readProblem,
  testLimits,
} from "./support/test-app.ts";

// The 60 KB request: 450 x 450 with implied lanes, 202,500 of them.
const wide = transportationNetwork(
  { label: "450x450", plants: 450, smelters: 450 },
  { explicitLanes: false },
);
const roomy = {
  ...testLimits,
  bodyBytes: 1024 * 1024,
  nodes: 1_000,
  lanes: 1_000_000,
  maxSolveTimeLimitMs: 60_000,
};

describe("solves beyond a backend's memory", () => {
  let t: Awaited<ReturnType<typeof createTestApp>> | undefined;
  afterEach(() => t?.close());

  it("POST /v1/solve refuses javascript-lp-solver a 202,500-lane network with 422 too_large_for_solver", async () => {
    // Refused before the solve gate and the solve: a solve that is called fails the test.
    t = await createTestApp({
      limits: roomy,
      solve: () => Promise.reject(new Error("solved a network it should have refused")),
    });
    const body = {
      network: wide,
      options: { solver: "javascript-lp-solver", timeLimitMs: 60_000 },
    };
    const problem = await readProblem(
      await t.app.request("/v1/solve", jsonRequest("POST", body)),
      routes.solve,
      "too_large_for_solver",
    );
    expect(problem.status).toBe(422);
    expect(pointers(problem)).toEqual(["/options/solver"]);
    expect(problem.detail).toContain(maxProgramCells.toLocaleString("en-US"));
    expect(problem.detail).toMatch(/network-simplex or highs/);
  });

  it("a solve that runs out of its memory budget is 422 solve_out_of_memory, for stored plans too", async () => {
    t = await createTestApp({
      solve: () => Promise.reject(new SolveOutOfMemoryError(64)),
    });
    const { scenario } = await createBaseline(t.app, fixture("two-plants.json"));
    const stateless = await readProblem(
      await t.app.request(
        "/v1/solve",
        jsonRequest("POST", { network: fixture("two-plants.json") }),
      ),
      routes.solve,
      "solve_out_of_memory",
    );
    expect(stateless.detail).toMatch(/64 MiB/);
    const stored = await t.app.request(
      `/v1/scenarios/${scenario.id}/plans`,
      jsonRequest("POST", {}),
    );
    expect((await readProblem(stored, planRoutes.create, "solve_out_of_memory")).status).toBe(422);
  });
});
