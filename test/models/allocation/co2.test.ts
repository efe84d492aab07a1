import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildAllocationModel } from "../../../models/allocation/build.ts";
import { type Network, parseNetwork } from "../../../models/allocation/network.ts";
import { planSchema } from "../../../models/allocation/plan-schema.ts";
import { isNetworkProgram } from "../../../models/lp.ts";
import { solveNetwork } from "../../../src/solve/solve.ts";
import { highsSolver } from "../../../src/solvers/highs.ts";
import { costOf, withDemand } from "../../support/perturb.ts";

/**
 * One plant, one smelter of 100 t, 1000 km by road (10 CNY/t, 60 kg CO2/t) or rail (15 CNY/t,
 * 10 kg/t). Unconstrained, all goes by road: 6 t CO2. Under a cap of 3 t, 40 t go by road and 60 t
 * by rail; each tonne moved to rail saves 0.05 t CO2 for 5 CNY, so carbon is worth 100 CNY/t.
 */
function twoModes(co2CapT?: number): Network {
  const parsed = parseNetwork({
    name: "two modes",
    modes: [
      { id: "road", fixedCostPerT: 0, costPerTKm: 0, co2KgPerTKm: 0.06 },
      { id: "rail", fixedCostPerT: 0, costPerTKm: 0, co2KgPerTKm: 0.01 },
    ],
    plants: [{ id: "a", name: "A", province: "East", lat: 36, lon: 117, capacityT: 200 }],
    smelters: [{ id: "x", name: "X", province: "West", lat: 30, lon: 105, demandT: 100 }],
    lanes: [
      { from: "a", to: "x", mode: "road", costPerT: 10, distanceKm: 1000 },
      { from: "a", to: "x", mode: "rail", costPerT: 15, distanceKm: 1000 },
    ],
    options: co2CapT === undefined ? {} : { co2CapT },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.network;
}

const withCap = (network: Network, co2CapT: number): Network => ({
  ...network,
  options: { ...network.options, co2CapT },
});

describe("the CO2 cap (4)", () => {
  it("makes the program a general LP, which auto sends to HiGHS", async () => {
    expect(isNetworkProgram(buildAllocationModel(twoModes()).lp)).toBe(true);
    expect(isNetworkProgram(buildAllocationModel(twoModes(3)).lp)).toBe(false);
    const plan = await solveNetwork(twoModes(3));
    expect(plan.solver.id).toBe("highs");
    expect(plan.objective?.value).toBeCloseTo(40 * 10 + 60 * 15, 6);
    expect(plan.totals?.co2T).toBeCloseTo(3, 9);
    expect(plan.totals?.co2CapT).toBe(3);
  });

  it("reports its binding dual as the implied carbon price, which finite differences confirm", async () => {
    const network = twoModes(3);
    const plan = await solveNetwork(network);
    expect(plan.totals?.impliedCarbonPricePerT).toBeCloseTo(100, 6);
    const step = 0.5;
    const saving =
      ((await costOf(network, highsSolver)) -
        (await costOf(withCap(network, 3 + step), highsSolver))) /
      step;
    expect(saving).toBeCloseTo(plan.totals?.impliedCarbonPricePerT ?? Number.NaN, 6);
    expect(planSchema.safeParse(plan).success).toBe(true);
  });

  it("prices the next tonne of demand at the implied carbon price, without ranges", async () => {
    const network = twoModes(3);
    const plan = await solveNetwork(network);
    const x = plan.smelters[0];
    // Either mode at 100 CNY/t CO2: road 10 + 6 = rail 15 + 1 = 16.
    expect(x?.marginalCostPerT).toBeCloseTo(16, 6);
    expect(x?.marginal?.range).toBeNull();
    expect(plan.sensitivity?.status).toBe("atImpliedCarbonPrice");
    const step = 1;
    const slope =
      ((await costOf(withDemand(network, 0, step), highsSolver)) -
        (await costOf(network, highsSolver))) /
      step;
    expect(slope).toBeCloseTo(x?.marginalCostPerT ?? Number.NaN, 6);
  });

  it("is worth nothing when it does not bind, and leaves the figures exact", async () => {
    const plan = await solveNetwork(twoModes(10));
    expect(plan.totals?.impliedCarbonPricePerT).toBe(0);
    expect(plan.sensitivity?.status).toBe("exact");
    expect(plan.smelters[0]?.marginalCostPerT).toBeCloseTo(10, 9);
    expect(plan.smelters[0]?.marginal?.range).toEqual({ moreT: 100, fewerT: 100 });
  });

  it("has no implied price without a cap, nor from a backend without duals", async () => {
    expect((await solveNetwork(twoModes())).totals?.impliedCarbonPricePerT).toBeNull();
    const plan = await solveNetwork(twoModes(3), { solver: "javascript-lp-solver" });
    expect(plan.objective?.value).toBeCloseTo(1300, 6);
    expect(plan.totals?.impliedCarbonPricePerT).toBeNull();
  });

  it("adds up: each smelter's delivered CO2 plus exports' CO2 is the plan's", async () => {
    const network = JSON.parse(
      readFileSync(join(import.meta.dirname, "../../../data/china-2024/network.json"), "utf8"),
    );
    const parsed = parseNetwork(network);
    if (!parsed.ok) throw new Error("invalid dataset");
    const plan = await solveNetwork(parsed.network, { solver: "network-simplex" });
    const ports = new Set(parsed.network.ports.map((k) => k.id));
    const exportCo2 = plan.flows.filter((f) => ports.has(f.to)).reduce((sum, f) => sum + f.co2T, 0);
    const smelterCo2 = plan.smelters.reduce((sum, s) => sum + (s.co2T ?? 0), 0);
    expect(exportCo2).toBeGreaterThan(0);
    expect(smelterCo2 + exportCo2).toBeCloseTo(plan.totals?.co2T ?? Number.NaN, 6);
  });
});
