import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { render } from "../../data/china-2024/generate.ts";
import { MONTHLY_OUTPUTS } from "../../data/china-2024/generate-monthly.ts";
import { type Network, networkSchema } from "../../models/allocation/network.ts";
import type { Plan } from "../../models/allocation/plan-schema.ts";
import { solveNetwork } from "../../src/solve/solve.ts";

const dir = new URL("../../data/china-2024/", import.meta.url);
const committed = (file: string) => readFileSync(new URL(file, dir), "utf8");
const load = (file: string): Network => networkSchema.parse(JSON.parse(committed(file)));

/** Tonnes Yunnan's smelters receive from other provinces' plants in each period. */
function yunnanInflowT(network: Network, plan: Plan): number[] {
  const provinceOf = new Map(network.plants.map((p) => [p.id, p.province]));
  const yunnan = new Set(network.smelters.filter((s) => s.province === "Yunnan").map((s) => s.id));
  return (plan.periods ?? []).map((period) =>
    period.flows
      .filter((f) => yunnan.has(f.to) && provinceOf.get(f.from) !== "Yunnan")
      .reduce((sum, f) => sum + f.tonnes, 0),
  );
}

/** Closing stock over every holder at the end of each period, t. */
const closingStockT = (plan: Plan) =>
  (plan.periods ?? []).map((period) =>
    (period.inventories ?? []).reduce((sum, stock) => sum + stock.closingT, 0),
  );

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe("data/china-2024/network-monthly.json", () => {
  let network: Network;
  let monthly: Plan;
  let annual: Plan;
  beforeAll(async () => {
    network = load("network-monthly.json");
    // The corridors are side constraints, so the monthly plan solves with HiGHS.
    monthly = await solveNetwork(network, { solver: "highs" });
    annual = await solveNetwork(load("network.json"), { solver: "network-simplex" });
  });

  it("is exactly what generate-monthly.ts writes", () => {
    const [file, make] = Object.entries(MONTHLY_OUTPUTS)[0] ?? [];
    expect(file).toBe("network-monthly.json");
    expect(committed("network-monthly.json")).toBe(render(make?.() ?? ({} as never)));
  });

  it("has the 12 months of 2024 weighted by their days", () => {
    expect(network.periods?.map((p) => p.id)).toEqual(
      Array.from({ length: 12 }, (_, t) => `2024-${String(t + 1).padStart(2, "0")}`),
    );
    expect(network.periods?.[1]?.weight).toBeCloseTo(29 / 366, 12);
  });

  it("sends Yunnan less from other provinces in its dry season (Jan-Mar) than in its wet months (Jul-Oct)", () => {
    expect(monthly.status).toBe("optimal");
    const inflow = yunnanInflowT(network, monthly);
    expect(mean(inflow.slice(0, 3))).toBeLessThan(mean(inflow.slice(6, 10)) - 10_000);
  });

  it("plans the year's output, deliveries, exports and cost within 0.5 % of the annual plan", () => {
    const [m, a] = [monthly.totals, annual.totals];
    if (!m || !a) throw new Error("a plan without totals");
    for (const key of ["outputT", "deliveredT", "exportT", "totalCost"] as const)
      expect(Math.abs(m[key] - a[key]) / a[key], key).toBeLessThan(0.005);
  });

  it("builds stock before Yunnan's full restart and draws it down in July (about 5 kt at Henan's high-efficiency plants)", () => {
    const stock = closingStockT(monthly);
    // Built in May and June, when Yunnan's marginal tonne is 9-18 CNY/t cheaper than in July,
    // one or two months of holding at 8.92 CNY/t (monthly.md); nothing is held from July on.
    expect(Math.min(stock[4] ?? 0, stock[5] ?? 0)).toBeGreaterThan(3_000);
    expect(Math.max(...stock.slice(0, 4))).toBeLessThan(1);
    expect(Math.max(...stock.slice(6))).toBeLessThan(1);
    const holders = new Set(
      (monthly.periods ?? []).flatMap((p) =>
        (p.inventories ?? []).filter((i) => i.closingT > 1).map((i) => i.id),
      ),
    );
    expect([...holders].every((id) => id.endsWith("-he"))).toBe(true);
    // The stock's holding cost is the plan's, priced at each holder's own rate.
    const rate = new Map(
      [...network.plants, ...network.smelters].map((n) => [
        n.id,
        n.inventory?.holdingCostPerTPerPeriod ?? 0,
      ]),
    );
    const holding = (monthly.periods ?? [])
      .flatMap((p) => p.inventories ?? [])
      .reduce((sum, i) => sum + i.closingT * (rate.get(i.id) ?? 0), 0);
    expect(monthly.totals?.holdingCost ?? 0).toBeGreaterThan(50_000);
    expect(monthly.totals?.holdingCost ?? 0).toBeCloseTo(holding, 0);
  });

  it("carries the logistics: corridors over their rail lines under a third of capacity, contracts met, no route through a hub", () => {
    expect([network.hubs?.length, network.legs?.length, network.corridors?.length]).toEqual([
      9, 39, 7,
    ]);
    expect(monthly.solver.id).toBe("highs");
    // Measured: lanxin-east 257.5 kt, baolan-north 340 kt, guikun-west 327 kt (Yunnan's inflow) of
    // 1,095 kt a year each; the others carry nothing. All-rail stays cheaper than the sea-rail route.
    const used = new Map(monthly.corridors?.map((c) => [c.id, c.usedT]));
    expect(used.get("guikun-west")).toBeCloseTo(327_000, -3);
    expect(used.get("baolan-north")).toBeCloseTo(340_000, -3);
    for (const c of monthly.corridors ?? []) expect(c.usedT, c.id).toBeLessThan(c.capacityT / 3);
    for (const c of monthly.contracts ?? []) expect(c.tonnes, c.id).toBeGreaterThan(c.minT ?? 0);
    expect((monthly.hubs ?? []).every((h) => h.throughputT < 1)).toBe(true);
  });

  it("prices stock at the 2024 loan prime rate on the holder's own cost or price plus storage", () => {
    const lpr = (203 * 0.0345 + 91 * 0.0335 + 72 * 0.031) / 366;
    for (const plant of network.plants)
      expect(plant.inventory?.holdingCostPerTPerPeriod, plant.id).toBeCloseTo(
        (plant.productionCostPerT * lpr) / 12 + 0.5,
        1,
      );
    for (const smelter of network.smelters)
      expect(smelter.inventory?.holdingCostPerTPerPeriod, smelter.id).toBeCloseTo(
        ((smelter.pricePerT ?? 0) * lpr) / 12 + 3,
        1,
      );
  });
});
