// Comparisons of hand-written plans: change sets, totals, flows and provinces, with deltas by hand.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { comparePlans, comparisonSchema } from "../../../models/allocation/compare.ts";
import type { Plan, PlanFlow, PlanTotals } from "../../../models/allocation/plan-schema.ts";
import { planSchema, planTotalsSchema } from "../../../models/allocation/plan-schema.ts";
import type { Change } from "../../../models/allocation/scenario.ts";

const flow = (key: string, tonnes: number, costPerT: number): PlanFlow => {
  const [from, rest] = key.split(">") as [string, string];
  const [to, mode] = rest.split(":") as [string, string];
  return { from, to, mode, tonnes, distanceKm: 1000, costPerT, cost: tonnes * costPerT, co2T: 0 };
};

const province = (name: string, figures: Partial<Plan["provinces"][number]>) => ({
  province: name,
  capacityT: 0,
  outputT: 0,
  demandT: 0,
  receivedT: 0,
  exportT: 0,
  netInflowT: 0,
  ...figures,
});

const totalsA: PlanTotals = {
  productionCost: 3_300_000,
  transportCost: 283_000,
  handlingCost: 1_000,
  carbonCost: 0,
  exportRevenue: 500_000,
  shortfallPenalty: 0,
  totalCost: 3_584_000,
  margin: -3_084_000,
  capacityT: 1800,
  outputT: 1100,
  idleCapacityT: 700,
  utilization: 1100 / 1800,
  highEfficiencyOutputT: 0,
  highEfficiencyShare: 0,
  demandT: 1000,
  deliveredT: 1000,
  exportT: 100,
  shortfallT: 0,
  co2T: 19.5,
};

// Plan b: the port's road lane is closed, so p2 stops exporting and rail gets dearer.
const totalsB: PlanTotals = {
  ...totalsA,
  productionCost: 3_000_000,
  transportCost: 297_500,
  handlingCost: 0,
  exportRevenue: 0,
  shortfallPenalty: 2_000_000,
  totalCost: 5_297_500,
  margin: -5_297_500,
  outputT: 1000,
  idleCapacityT: 800,
  utilization: 1000 / 1800,
  exportT: 0,
  shortfallT: 100,
  co2T: 20,
};

function plan(totals: PlanTotals, rest: Partial<Plan> = {}): Plan {
  return planSchema.parse({
    format: "anodeflow.plan/v1",
    network: "tiny",
    status: "optimal",
    objective: { sense: "min", kind: "minCost", value: totals.totalCost },
    totals,
    flows: [],
    plants: [],
    smelters: [],
    ports: [],
    provinces: [],
    solver: { id: "test", version: "0", ms: 1 },
    ...rest,
  });
}

const planA = plan(totalsA, {
  flows: [flow("p1>s1:rail", 500, 300), flow("p2>s2:rail", 500, 250), flow("p2>qd:road", 100, 80)],
  provinces: [
    province("Shandong", { outputT: 500, netInflowT: -500 }),
    province("Henan", { outputT: 600, exportT: 100, netInflowT: -500 }),
    province("Yunnan", { demandT: 1000, receivedT: 1000, netInflowT: 1000 }),
    province("Gansu", { outputT: 50 }),
  ],
});

const planB = plan(totalsB, {
  flows: [
    flow("p1>s1:rail", 300, 300),
    flow("p1>s1:road", 200, 350),
    flow("p2>s2:rail", 500, 275),
    // Below the tolerance: solver noise, not a new flow.
    flow("p2>qd:rail", 1e-7, 90),
  ],
  provinces: [
    province("Shandong", { outputT: 500, netInflowT: -500 }),
    province("Henan", { outputT: 500, netInflowT: -500 }),
    province("Yunnan", { demandT: 1000, receivedT: 1000, netInflowT: 1000 }),
    province("Guangxi", {}),
  ],
});

const infeasible = planSchema.parse({
  ...plan(totalsA),
  status: "infeasible",
  message: "demand exceeds capacity",
  objective: null,
  totals: null,
});

describe("comparePlans between two optimal plans", () => {
  const comparison = comparePlans({ plan: planA, label: "base" }, { plan: planB });

  it("reports each plan's status and label, defaulting the label to its side", () => {
    expect(comparison.comparable).toBe(true);
    expect(comparison.a).toEqual({
      label: "base",
      network: "tiny",
      status: "optimal",
      objective: { sense: "min", kind: "minCost", value: 3_584_000 },
    });
    expect(comparison.b.label).toBe("b");
  });

  it("splits the total-cost difference by cost part", () => {
    const { totals } = comparison;
    expect(totals.productionCost).toEqual({ a: 3_300_000, b: 3_000_000, delta: -300_000 });
    expect(totals.transportCost).toEqual({ a: 283_000, b: 297_500, delta: 14_500 });
    expect(totals.handlingCost).toEqual({ a: 1_000, b: 0, delta: -1_000 });
    expect(totals.carbonCost).toEqual({ a: 0, b: 0, delta: 0 });
    expect(totals.shortfallPenalty).toEqual({ a: 0, b: 2_000_000, delta: 2_000_000 });
    expect(totals.totalCost).toEqual({ a: 3_584_000, b: 5_297_500, delta: 1_713_500 });
    const parts = ["productionCost", "transportCost", "handlingCost", "carbonCost"] as const;
    const sumOfParts = [...parts, "shortfallPenalty" as const].reduce(
      (sum, part) => sum + (totals[part].delta ?? Number.NaN),
      0,
    );
    expect(sumOfParts).toBeCloseTo(totals.totalCost.delta ?? Number.NaN, 6);
    expect(totals.margin.delta).toBe(-2_213_500);
  });

  it("gives output, export, shortfall and CO2 deltas", () => {
    const { totals } = comparison;
    expect(totals.outputT.delta).toBe(-100);
    expect(totals.exportT.delta).toBe(-100);
    expect(totals.shortfallT.delta).toBe(100);
    expect(totals.co2T.delta).toBeCloseTo(0.5, 12);
    // Every totals field of the format, optional ones included.
    expect(Object.keys(totals)).toEqual(Object.keys(planTotalsSchema.shape));
  });

  it("lists flows added, removed, moved and repriced, largest tonnage move first", () => {
    expect(comparison.flows).toEqual([
      {
        key: "p1>s1:road",
        from: "p1",
        to: "s1",
        mode: "road",
        change: "added",
        tonnes: { a: 0, b: 200, delta: 200 },
        costPerT: { a: null, b: 350, delta: null },
        cost: { a: 0, b: 70_000, delta: 70_000 },
      },
      {
        key: "p1>s1:rail",
        from: "p1",
        to: "s1",
        mode: "rail",
        change: "changed",
        tonnes: { a: 500, b: 300, delta: -200 },
        costPerT: { a: 300, b: 300, delta: 0 },
        cost: { a: 150_000, b: 90_000, delta: -60_000 },
      },
      {
        key: "p2>qd:road",
        from: "p2",
        to: "qd",
        mode: "road",
        change: "removed",
        tonnes: { a: 100, b: 0, delta: -100 },
        costPerT: { a: 80, b: null, delta: null },
        cost: { a: 8_000, b: 0, delta: -8_000 },
      },
      {
        key: "p2>s2:rail",
        from: "p2",
        to: "s2",
        mode: "rail",
        change: "changed",
        tonnes: { a: 500, b: 500, delta: 0 },
        costPerT: { a: 250, b: 275, delta: 25 },
        cost: { a: 125_000, b: 137_500, delta: 12_500 },
      },
    ]);
  });

  it("lists only provinces that differ, largest difference first, missing ones as zero", () => {
    expect(comparison.provinces).toEqual([
      {
        province: "Henan",
        outputT: { a: 600, b: 500, delta: -100 },
        receivedT: { a: 0, b: 0, delta: 0 },
        exportT: { a: 100, b: 0, delta: -100 },
        netInflowT: { a: -500, b: -500, delta: 0 },
      },
      {
        province: "Gansu",
        outputT: { a: 50, b: 0, delta: -50 },
        receivedT: { a: 0, b: 0, delta: 0 },
        exportT: { a: 0, b: 0, delta: 0 },
        netInflowT: { a: 0, b: 0, delta: 0 },
      },
    ]);
  });

  it("comparing a plan with itself finds no flow or province difference", () => {
    const same = comparePlans({ plan: planA }, { plan: planA });
    expect(same.flows).toEqual([]);
    expect(same.provinces).toEqual([]);
    expect(same.totals.totalCost.delta).toBe(0);
  });

  it("matches the published comparison schema, which converts to JSON Schema", () => {
    expect(comparisonSchema.parse(comparison)).toEqual(comparison);
    expect(() => z.toJSONSchema(comparisonSchema)).not.toThrow();
  });
});

describe("comparePlans input difference", () => {
  const carbon: Change = { kind: "setCarbonPrice", carbonPricePerT: 100 };
  const close: Change = { kind: "closeLane", from: "p2", to: "qd", mode: "road" };
  const outage: Change = { kind: "scalePlantCapacity", plantId: "p1", factor: 0.5 };

  it("sorts changes into only a, only b and both by content, whatever the key order", () => {
    const reordered = { mode: "road", to: "qd", from: "p2", kind: "closeLane" } as Change;
    const { changes } = comparePlans(
      { plan: planA, changes: [carbon, close, close] },
      { plan: planB, changes: [reordered, outage] },
    );
    expect(changes).toEqual({ onlyA: [carbon, close], onlyB: [outage], both: [close] });
  });

  it("treats a side without changes as the base network", () => {
    const { changes } = comparePlans({ plan: planA }, { plan: planB, changes: [outage] });
    expect(changes).toEqual({ onlyA: [], onlyB: [outage], both: [] });
  });

  it("tells changes with different values apart", () => {
    const dearer: Change = { kind: "setCarbonPrice", carbonPricePerT: 101 };
    const { changes } = comparePlans(
      { plan: planA, changes: [carbon] },
      { plan: planB, changes: [dearer] },
    );
    expect(changes).toEqual({ onlyA: [carbon], onlyB: [dearer], both: [] });
  });
});

describe("comparePlans with a plan that is not optimal", () => {
  it("keeps the optimal plan's totals, nulls the deltas and lists no flows or provinces", () => {
    const comparison = comparePlans({ plan: planA }, { plan: infeasible, label: "outage" });
    expect(comparison.comparable).toBe(false);
    expect(comparison.b).toEqual({
      label: "outage",
      network: "tiny",
      status: "infeasible",
      message: "demand exceeds capacity",
      objective: null,
    });
    expect(comparison.totals.totalCost).toEqual({ a: 3_584_000, b: null, delta: null });
    expect(comparison.totals.co2T).toEqual({ a: 19.5, b: null, delta: null });
    expect(comparison.flows).toEqual([]);
    expect(comparison.provinces).toEqual([]);
    expect(comparisonSchema.safeParse(comparison).success).toBe(true);
  });

  it("gives null totals throughout when neither plan is optimal", () => {
    const comparison = comparePlans({ plan: infeasible }, { plan: infeasible });
    expect(Object.values(comparison.totals).every((t) => t.a === null && t.delta === null)).toBe(
      true,
    );
  });
});
