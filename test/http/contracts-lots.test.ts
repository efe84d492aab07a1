import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as routes from "../../src/http/solve/solve.routes.ts";
import { fixturesDir } from "../support/fixtures.ts";
import { createTestApp, jsonRequest, pointers, readAs, readProblem } from "./support/test-app.ts";

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const solve = (body: unknown) => t.app.request("/v1/solve", jsonRequest("POST", body));
/** A fixture as it would be sent: the network document without its written-down answer. */
function network(file: string) {
  const { expected: _, ...raw } = JSON.parse(
    readFileSync(join(fixturesDir, "contracts", file), "utf8"),
  );
  return raw;
}

describe("contracts and lots through POST /v1/solve", () => {
  it("returns contracts[] with the binding minimum and its marginal value", async () => {
    const plan = await readAs(
      await solve({ network: network("contract-min-binds.json") }),
      routes.solve,
      200,
    );
    expect(plan.objective?.value).toBeCloseTo(9700, 6);
    expect(plan.solver.id).toBe("highs");
    expect(plan.contracts).toEqual([
      {
        id: "bx",
        plants: ["b"],
        to: "x",
        tonnes: expect.closeTo(30, 6),
        minT: 30,
        maxT: null,
        binding: "min",
        marginalValuePerT: expect.closeTo(30, 6),
      },
    ]);
  });

  it("applies setContract before solving: a captive link of x's whole demand to b", async () => {
    const plan = await readAs(
      await solve({
        network: network("contract-min-binds.json"),
        changes: [{ kind: "setContract", contract: "bx", minT: 80 }],
      }),
      routes.solve,
      200,
    );
    // All 80 t from b at 140.
    expect(plan.objective?.value).toBeCloseTo(80 * 140, 6);
    expect(plan.contracts?.[0]).toMatchObject({ tonnes: 80, binding: "min" });
  });

  it("refuses a contract whose minimum exceeds its maximum with a 422 naming the field", async () => {
    const body = network("contract-min-binds.json");
    body.contracts = [{ id: "bx", plants: ["b"], to: "x", minT: 50, maxT: 40 }];
    const problem = await readProblem(
      await solve({ network: body }),
      routes.solve,
      "validation_failed",
    );
    expect(pointers(problem)).toEqual(["/network/contracts/0/minT"]);
  });

  it("solves lots with HiGHS and reports the gap and the fixed-LP duals", async () => {
    const plan = await readAs(
      await solve({ network: network("lots-rounding.json") }),
      routes.solve,
      200,
    );
    expect(plan.objective?.value).toBeCloseTo(790_000, 6);
    expect(plan.solver).toMatchObject({ id: "highs", mipStatus: "optimal" });
    expect(plan.solver.mipGap).toBeLessThanOrEqual(1e-4);
    expect(plan.sensitivity?.dualsFrom).toBe("fixedLp");
    expect(plan.flows.find((f) => f.mode === "rail")).toMatchObject({ lotT: 3000, lotCount: 2 });
  });

  it.each(["network-simplex", "javascript-lp-solver"])(
    "refuses %s for a network with lots: 422 solver_cannot_solve_integer at /options/solver",
    async (solver) => {
      const response = await solve({ network: network("lots-rounding.json"), options: { solver } });
      const problem = await readProblem(response, routes.solve, "solver_cannot_solve_integer");
      expect(response.status).toBe(422);
      expect(pointers(problem)).toEqual(["/options/solver"]);
      expect(problem.detail).toMatch(/highs/);
    },
  );
});
