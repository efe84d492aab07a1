// The sensitivity budget: "auto" skips the analysis above a lane count, "off" always; a skipped plan is complete but for its figures.
import { describe, expect, it } from "vitest";
import { buildAllocationModel } from "../../../models/allocation/build.ts";
import type { Network } from "../../../models/allocation/network.ts";
import {
  interpretPlan,
  runsSensitivity,
  sensitivityAutoMaxLanes,
} from "../../../models/allocation/plan.ts";
import { type Plan, planSchema } from "../../../models/allocation/plan-schema.ts";
import { solveNetwork } from "../../../src/solve/solve.ts";
import { networkSimplexSolver } from "../../../src/solvers/network-simplex/index.ts";
import { loadFixture } from "../../support/fixtures.ts";

/** Everything the analysis gives, and nothing else. */
const figures = (plan: Plan) => ({
  impliedCarbonPricePerT: plan.totals?.impliedCarbonPricePerT,
  plants: plan.plants.map((p) => [p.capacityValuePerT, p.capacityValue]),
  smelters: plan.smelters.map((s) => [s.marginalCostPerT, s.marginal, s.bestAlternative]),
  ports: plan.ports.map((k) => [k.marginalCostPerT, k.marginal]),
  provinces: plan.provinces.map((r) => [r.marginalCostPerT, r.marginal]),
  unusedLanes: plan.unusedLanes,
});

/** Everything else: the plan proper. */
const withoutFigures = (plan: Plan) => ({
  status: plan.status,
  objective: plan.objective,
  totals: { ...plan.totals, impliedCarbonPricePerT: undefined },
  flows: plan.flows,
  plants: plan.plants.map((p) => [p.id, p.outputT, p.utilization]),
  smelters: plan.smelters.map((s) => [s.id, s.receivedT, s.shortfallT, s.co2T, s.sources]),
  ports: plan.ports.map((k) => [k.id, k.exportT, k.shortfallT]),
  provinces: plan.provinces.map(({ marginalCostPerT, marginal, ...rest }) => rest),
  unusedLaneCount: plan.unusedLaneCount,
});

/** A CO2 cap that does not bind: with the analysis its implied price is 0, without it null. */
const withLooseCap = (network: Network): Network => ({
  ...network,
  options: { ...network.options, co2CapT: 1e9 },
});

const optimalFixtures = [
  "balanced.json",
  "lane-capacity.json",
  "port-bottleneck.json",
  "shortfall.json",
  "max-margin-choice.json",
];

describe("runsSensitivity", () => {
  it("runs full always, off never, and auto up to the threshold inclusive", () => {
    for (const lanes of [0, 1, sensitivityAutoMaxLanes, sensitivityAutoMaxLanes + 1, 5_000_000]) {
      expect(runsSensitivity("full", lanes)).toBe(true);
      expect(runsSensitivity("off", lanes)).toBe(false);
    }
    expect(sensitivityAutoMaxLanes).toBe(100_000);
    expect(runsSensitivity("auto", sensitivityAutoMaxLanes)).toBe(true);
    expect(runsSensitivity("auto", sensitivityAutoMaxLanes + 1)).toBe(false);
    expect(runsSensitivity("auto", 4, 4)).toBe(true);
    expect(runsSensitivity("auto", 5, 4)).toBe(false);
  });
});

describe("the sensitivity option of solveNetwork", () => {
  it.each(optimalFixtures)(
    "off on %s skips the analysis: the same plan as full, figures null as without duals",
    async (file) => {
      const network = withLooseCap(loadFixture(file).network);
      const [full, off, noDuals] = await Promise.all([
        solveNetwork(network, { solver: "highs", sensitivity: "full" }),
        solveNetwork(network, { solver: "highs", sensitivity: "off" }),
        solveNetwork(network, { solver: "javascript-lp-solver", sensitivity: "full" }),
      ]);
      planSchema.parse(off);
      expect(full.sensitivity?.status).toBe("exact");
      expect(off.sensitivity?.status).toBe("skipped");
      expect(off.sensitivity?.note).toContain('sensitivity "off"');
      expect(off.sensitivity?.note).toContain('sensitivity "full"');
      expect(withoutFigures(off)).toEqual(withoutFigures(full));
      expect(figures(off)).toEqual(figures(noDuals));
      expect(figures(off).unusedLanes).toEqual([]);
      expect(off.totals?.impliedCarbonPricePerT).toBeNull();
      expect(full.totals?.impliedCarbonPricePerT).toBe(0);
      expect(off.smelters.every((s) => s.marginalCostPerT === null && s.marginal === null)).toBe(
        true,
      );
      // The figures off leaves out are there under full.
      expect(full.smelters.every((s) => s.marginal !== null)).toBe(true);
    },
  );

  it("auto runs the analysis on a small network, as full does", async () => {
    const { network } = loadFixture("balanced.json");
    const [auto, byDefault, full] = await Promise.all([
      solveNetwork(network, { sensitivity: "auto" }),
      solveNetwork(network),
      solveNetwork(network, { sensitivity: "full" }),
    ]);
    expect(auto.sensitivity?.status).toBe("exact");
    expect(figures(auto)).toEqual(figures(full));
    expect(byDefault.sensitivity).toEqual(auto.sensitivity);
    // Plant a is full: x's next tonne comes from a (15) by moving one of a's tonnes at y (18) to b (24).
    expect(auto.smelters[0]?.marginalCostPerT).toBeCloseTo(15 + 24 - 18, 6);
  });

  it("leaves infeasibility diagnosis alone when the analysis is off", async () => {
    const { network } = loadFixture("infeasible-demand.json");
    const [off, full] = await Promise.all([
      solveNetwork(network, { sensitivity: "off" }),
      solveNetwork(network, { sensitivity: "full" }),
    ]);
    expect(off.status).toBe("infeasible");
    expect(off.diagnosis).not.toBeNull();
    expect(off.diagnosis).toEqual(full.diagnosis);
  });
});

describe("interpretPlan with a lowered auto threshold", () => {
  const { network } = loadFixture("balanced.json");
  const model = buildAllocationModel(network);
  const lanes = model.lanes.length;

  it("skips the analysis above the threshold and says why and how to ask for it", async () => {
    const result = await networkSimplexSolver.solve(model.lp, { timeLimitMs: 5_000 });
    const over = interpretPlan(model, result, { sensitivityAutoMaxLanes: lanes - 1 });
    const at = interpretPlan(model, result, { sensitivityAutoMaxLanes: lanes });
    expect(at.sensitivity?.status).toBe("exact");
    expect(over.sensitivity?.status).toBe("skipped");
    expect(over.sensitivity?.note).toContain(`${lanes} lanes, more than the ${lanes - 1}`);
    expect(over.sensitivity?.note).toContain('sensitivity "full"');
    expect(over.sensitivity?.note).toContain("--sensitivity full");
    expect(over.unusedLanes).toEqual([]);
    expect(over.unusedLaneCount).toBe(at.unusedLaneCount);
    expect(over.unusedLaneCount).toBe(1);
    expect(withoutFigures(over)).toEqual(withoutFigures(at));
    // full overrides the threshold.
    const full = interpretPlan(model, result, {
      sensitivity: "full",
      sensitivityAutoMaxLanes: 0,
    });
    expect(figures(full)).toEqual(figures(at));
  });
});
