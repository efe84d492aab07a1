import { describe, expect, it } from "vitest";
import type { Plan } from "../models/allocation/plan-schema.ts";
import { solveNetwork } from "../src/solve/solve.ts";
import { solverIds } from "../src/solvers/registry.ts";
import { type FixtureExpectation, fixtureFiles, loadFixture } from "./support/fixtures.ts";
import { expectPlanInvariants } from "./support/plan-invariants.ts";

/** The fixture's written market sales, netbacks, warnings and production CO2, where it gives them. */
function expectMarketEconomics(plan: Plan, expected: FixtureExpectation) {
  for (const [id, tonnes] of Object.entries(expected.markets ?? {}))
    expect(plan.markets?.find((m) => m.id === id)?.tonnes).toBeCloseTo(tonnes, 6);
  for (const [id, netback] of Object.entries(expected.netbacks ?? {})) {
    const row = plan.ports.find((k) => k.id === id) ?? plan.plants.find((p) => p.id === id);
    expect(row?.netbackPerT, `netback of ${id}`).toBeCloseTo(netback, 6);
  }
  const warned = Object.fromEntries((plan.warnings ?? []).map((w) => [w.subject, w.tonnes]));
  expect(Object.keys(warned).sort()).toEqual(Object.keys(expected.warnings ?? {}).sort());
  for (const [id, tonnes] of Object.entries(expected.warnings ?? {}))
    expect(warned[id]).toBeCloseTo(tonnes, 6);
  if (expected.co2ProductionT !== undefined)
    expect(plan.totals?.co2ProductionT).toBeCloseTo(expected.co2ProductionT, 6);
}

const cases = fixtureFiles.flatMap((file) => solverIds.map((solver) => [file, solver] as const));

describe("solveNetwork", () => {
  it.each(cases)(
    "solves %s with %s to the optimum written in the fixture",
    async (file, solver) => {
      const { network, expected } = loadFixture(file);
      const plan = await solveNetwork(network, { solver });
      // Corridors are side constraints: the network simplex refuses such a program by name.
      if (solver === "network-simplex" && (network.corridors?.length ?? 0) > 0) {
        expect(plan.status).toBe("error");
        expect(plan.message).toMatch(/only network programs.*corridor:/);
        return;
      }
      expect(plan.status).toBe(expected.status);
      if (expected.status !== "optimal") {
        expect(plan.totals).toBeNull();
        expect(plan.flows).toEqual([]);
        return;
      }
      expect(plan.objective?.value).toBeCloseTo(expected.objective ?? Number.NaN, 6);
      expectPlanInvariants(network, plan);
      if (expected.flows) {
        const tonnes = Object.fromEntries(
          plan.flows.map((f) => [`${f.from}>${f.to}:${f.mode}`, f.tonnes]),
        );
        expect(Object.keys(tonnes).sort()).toEqual(Object.keys(expected.flows).sort());
        for (const [key, value] of Object.entries(expected.flows))
          expect(tonnes[key]).toBeCloseTo(value, 6);
      }
      if (expected.shortfallT !== undefined) {
        expect(plan.totals?.shortfallT).toBeCloseTo(expected.shortfallT, 6);
      }
      expectMarketEconomics(plan, expected);
    },
  );

  it("reports the carbon cost apart from freight", async () => {
    const plan = await solveNetwork(loadFixture("carbon-price.json").network);
    expect(plan.totals?.transportCost).toBeCloseTo(1100, 6);
    expect(plan.totals?.carbonCost).toBeCloseTo(30, 6);
    expect(plan.totals?.co2T).toBeCloseTo(0.1, 9);
  });

  it("reports export revenue and idle capacity under maxMargin", async () => {
    const plan = await solveNetwork(loadFixture("port-bottleneck.json").network);
    expect(plan.objective?.sense).toBe("max");
    expect(plan.totals?.exportRevenue).toBeCloseTo(150 * 400, 6);
    expect(plan.totals?.idleCapacityT).toBeCloseTo(50, 6);
    expect(plan.totals?.utilization).toBeCloseTo(0.75, 9);
  });

  it("rejects an unknown solver id", async () => {
    await expect(
      solveNetwork(loadFixture("balanced.json").network, { solver: "cplex" }),
    ).rejects.toThrow(/cplex/);
  });
});
