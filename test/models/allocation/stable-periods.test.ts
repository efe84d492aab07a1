// Stable plans on periodic networks: nearest a reference period by period, or months alike without one.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Network, networkSchema } from "../../../models/allocation/network.ts";
import type { Plan } from "../../../models/allocation/plan-schema.ts";
import { applyChanges } from "../../../models/allocation/scenario.ts";
import { type ReferenceFlow, referenceFlows } from "../../../models/allocation/stable.ts";
import { solveNetwork } from "../../../src/solve/solve.ts";
import { loadFixture } from "../../support/fixtures.ts";
import { expectPlanInvariants } from "../../support/plan-invariants.ts";

// Two identical plants and smelters x (60 t) and y (40 t), every lane equally dear: any split is
// optimal at 1,500 CNY. Over a quarter and three quarters of the year it stays so in each period.
const tied: Network = {
  ...loadFixture("tied-alternatives.json").network,
  periods: [
    { id: "q1", weight: 0.25 },
    { id: "rest", weight: 0.75 },
  ],
};

/** Flow tonnes by `from>to:mode` key of each period. */
const periodFlows = (plan: Plan) =>
  (plan.periods ?? []).map((period) =>
    Object.fromEntries(period.flows.map((f) => [`${f.from}>${f.to}:${f.mode}`, f.tonnes])),
  );

/** Sum of |tonnes moved| over every period's lanes, and the largest single move. */
function moves(a: Plan, b: Plan): { total: number; largest: number } {
  const before = periodFlows(a);
  let total = 0;
  let largest = 0;
  periodFlows(b).forEach((after, t) => {
    const keys = new Set([...Object.keys(before[t] ?? {}), ...Object.keys(after)]);
    for (const key of keys) {
      const moved = Math.abs((after[key] ?? 0) - (before[t]?.[key] ?? 0));
      total += moved;
      largest = Math.max(largest, moved);
    }
  });
  return { total, largest };
}

describe("stable plans with periods", () => {
  it("reproduces an optimal reference exactly, period by period, at the optimum's cost", async () => {
    const reference: ReferenceFlow[] = [
      { from: "a", to: "x", mode: "rail", tonnes: 15, period: "q1" },
      { from: "b", to: "y", mode: "rail", tonnes: 10, period: "q1" },
      { from: "a", to: "y", mode: "rail", tonnes: 30, period: "rest" },
      { from: "b", to: "x", mode: "rail", tonnes: 45, period: "rest" },
    ];
    const plan = await solveNetwork(tied, { reference });
    expect(plan.objective?.value).toBeCloseTo(1500, 6);
    expect(periodFlows(plan)).toEqual([
      { "a>x:rail": 15, "b>y:rail": 10 },
      { "a>y:rail": 30, "b>x:rail": 45 },
    ]);
    expect(referenceFlows(plan)).toEqual(reference.map((flow) => expect.objectContaining(flow)));
  });

  it("without a reference makes each period's flows its lanes' annual tonnes times the period's weight", async () => {
    const plan = await solveNetwork(tied);
    expectPlanInvariants(tied, plan);
    const [q1, rest] = periodFlows(plan);
    for (const flow of plan.flows) {
      const key = `${flow.from}>${flow.to}:${flow.mode}`;
      expect(q1?.[key] ?? 0).toBeCloseTo(flow.tonnes * 0.25, 6);
      expect(rest?.[key] ?? 0).toBeCloseTo(flow.tonnes * 0.75, 6);
    }
  });

  describe("on the monthly default dataset", () => {
    const file = new URL("../../../data/china-2024/network-monthly.json", import.meta.url);
    const network = networkSchema.parse(JSON.parse(readFileSync(file, "utf8")));

    it("moves no monthly flow by 5 kt or more when Yunnan's demand grows by 0.1 %", async () => {
      const baseline = await solveNetwork(network, { sensitivity: "off" });
      const changed = applyChanges(network, [
        { kind: "scaleDemand", province: "Yunnan", factor: 1.001 },
      ]);
      if (!changed.ok) throw new Error(JSON.stringify(changed.issues));
      const reference = referenceFlows(baseline);
      const plan = await solveNetwork(changed.network, { sensitivity: "off", reference });
      const plain = await solveNetwork(changed.network, { sensitivity: "off" });
      expect(plan.objective?.value).toBeCloseTo(plain.objective?.value ?? Number.NaN, 0);

      const yunnan = (p: Plan) =>
        p.smelters.filter((s) => s.province === "Yunnan").reduce((a, s) => a + s.demandT, 0);
      const increment = yunnan(plan) - yunnan(baseline);
      expect(increment).toBeGreaterThan(1_000);
      const { total, largest } = moves(baseline, plan);
      expect(largest).toBeLessThan(5_000);
      // The increment arrives and displaces about as much again; a month's extra tonnes may also
      // change when stock is built, so some move in two months (measured 2.76x the increment
      // with the stocks priced at the loan prime rate; the solver's own optimum moves 1.19 Mt).
      expect(total).toBeLessThanOrEqual(3 * increment);
      // Months alike alone is not enough: the reference is what keeps the scenario near its baseline.
      // With the logistics' corridors the dataset solves on HiGHS, whose own optimum moves 188 kt
      // (75x the 2.52 kt increment; the network simplex's moved 1.19 Mt before the corridors).
      expect(moves(baseline, plain).total).toBeGreaterThan(50 * increment);
    });
  });
});
