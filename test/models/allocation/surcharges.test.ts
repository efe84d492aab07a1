import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Network, parseNetwork } from "../../../models/allocation/network.ts";
import type { Plan } from "../../../models/allocation/plan-schema.ts";
import { solveNetwork } from "../../../src/solve/solve.ts";

/**
 * test/fixtures/balanced.json: plant a (East, 10 CNY/t, 100 t) and b (West, 20 CNY/t, 100 t);
 * smelter x (East, 80 t) and y (West, 60 t). Without surcharges a fills x and sends 20 t to y
 * (delivered 18 against b's 24), b sends 40 t to y: cost 2520.
 */
function balanced(surcharges?: unknown[]): Network {
  const text = readFileSync(join(import.meta.dirname, "../../fixtures/balanced.json"), "utf8");
  const { expected: _, ...network } = JSON.parse(text);
  const parsed = parseNetwork(surcharges === undefined ? network : { ...network, surcharges });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.network;
}

const west = (costPerT: number, fromOutside = true) => ({
  id: "west-inbound",
  name: "West inbound margin",
  toProvinces: ["West"],
  fromOutside,
  costPerT,
  basis: "ESTIMATE: test",
});

const tonnesOn = (plan: Plan, from: string, to: string) =>
  plan.flows.find((f) => f.from === from && f.to === to)?.tonnes ?? 0;
const smelter = (plan: Plan, id: string) => plan.smelters.find((s) => s.id === id);

describe("surcharges on lanes into a group of provinces", () => {
  it("price only the lanes from outside: a 3 CNY/t margin leaves a's 20 t to y in place and costs 60 CNY", async () => {
    const plan = await solveNetwork(balanced([west(3)]));
    expect(tonnesOn(plan, "a", "y")).toBeCloseTo(20, 6);
    expect(plan.totals?.surchargeCost).toBeCloseTo(60, 6);
    expect(plan.totals?.totalCost).toBeCloseTo(2520 + 60, 6);
    expect(plan.surcharges?.[0]).toMatchObject({ id: "west-inbound", costPerT: 3 });
    expect(plan.surcharges?.[0]?.tonnes).toBeCloseTo(20, 6);
    expect(plan.flows.find((f) => f.from === "b" && f.to === "y")?.surchargePerT).toBe(0);
    const source = smelter(plan, "y")?.sources?.find((s) => s.from === "a");
    expect(source?.surchargePerT).toBe(3);
    expect(source?.deliveredCostPerT).toBeCloseTo(10 + 8 + 3, 6);
  });

  it("split each marginal cost: y's next tonne is b's (no surcharge), x's displaces a surcharged tonne (-3)", async () => {
    const plan = await solveNetwork(balanced([west(3)]));
    // y: b has room, 20 + 4. x: a is full, so b -> y (24) frees a tonne of a -> y (-11) for a -> x (5).
    expect(smelter(plan, "y")?.marginalCostPerT).toBeCloseTo(24, 6);
    expect(smelter(plan, "y")?.marginalSurchargePerT).toBeCloseTo(0, 6);
    expect(smelter(plan, "x")?.marginalCostPerT).toBeCloseTo(18, 6);
    expect(smelter(plan, "x")?.marginalSurchargePerT).toBeCloseTo(-3, 6);
  });

  it("move supply to the local plant once the margin exceeds the import's 3 CNY/t advantage", async () => {
    const plan = await solveNetwork(balanced([west(7)]));
    expect(tonnesOn(plan, "a", "y")).toBe(0);
    expect(tonnesOn(plan, "b", "y")).toBeCloseTo(60, 6);
    expect(plan.totals?.surchargeCost).toBe(0);
    expect(plan.totals?.totalCost).toBeCloseTo(80 * 15 + 60 * 24, 6);
  });

  it("price the local lanes too when fromOutside is false: y's next tonne costs 27, 3 of it surcharge", async () => {
    const plan = await solveNetwork(balanced([west(3, false)]));
    expect(plan.totals?.surchargeCost).toBeCloseTo(60 * 3, 6);
    expect(smelter(plan, "y")?.marginalCostPerT).toBeCloseTo(27, 6);
    expect(smelter(plan, "y")?.marginalSurchargePerT).toBeCloseTo(3, 6);
    expect(plan.provinces.find((p) => p.province === "West")?.marginalSurchargePerT).toBeCloseTo(
      3,
      6,
    );
  });

  it("leave a network without them planning exactly as before: no surcharge fields, and the flows and cost of a zero surcharge", async () => {
    const without = await solveNetwork(balanced());
    const empty = await solveNetwork(balanced([]));
    const zero = await solveNetwork(balanced([west(0)]));
    const strip = (plan: Plan) => ({ ...plan, solver: { ...plan.solver, ms: 0 } });
    expect(strip(empty)).toEqual(strip(without));
    expect(without.totals).not.toHaveProperty("surchargeCost");
    expect(without).not.toHaveProperty("surcharges");
    for (const flow of without.flows) expect(flow).not.toHaveProperty("surchargePerT");
    for (const row of without.smelters) expect(row).not.toHaveProperty("marginalSurchargePerT");
    expect(zero.totals?.totalCost).toBe(without.totals?.totalCost);
    expect(zero.flows.map(({ surchargePerT: _, ...f }) => f)).toEqual(without.flows);
    expect(zero.smelters.map((s) => s.marginalCostPerT)).toEqual(
      without.smelters.map((s) => s.marginalCostPerT),
    );
  });
});

describe("the surcharges field of the network format", () => {
  const issues = (surcharges: unknown[]) => {
    const text = readFileSync(join(import.meta.dirname, "../../fixtures/balanced.json"), "utf8");
    const { expected: _, ...network } = JSON.parse(text);
    const parsed = parseNetwork({ ...network, surcharges });
    return parsed.ok ? [] : parsed.issues;
  };

  it("rejects an unknown field, naming it", () => {
    const found = issues([{ ...west(3), perKm: 1 }]);
    expect(found.map((i) => i.pointer)).toEqual(["/surcharges/0/perKm"]);
    expect(found[0]?.message).toMatch(/perKm/);
  });

  it("rejects a province of no plant, smelter or port, which would price nothing", () => {
    const found = issues([{ ...west(3), toProvinces: ["West", "Wset"] }]);
    expect(found).toEqual([
      { pointer: "/surcharges/0/toProvinces/1", message: expect.stringMatching(/"Wset"/) },
    ]);
  });

  it("rejects a duplicate id and a negative cost", () => {
    const found = issues([west(3), { ...west(-1) }]);
    expect(found.map((i) => i.pointer).sort()).toEqual([
      "/surcharges/1/costPerT",
      "/surcharges/1/id",
    ]);
  });
});
