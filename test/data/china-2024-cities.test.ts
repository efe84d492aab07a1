import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { render } from "../../data/china-2024/generate.ts";
import { apportion, OUTPUTS } from "../../data/china-2024-cities/generate.ts";
import { SITES } from "../../data/china-2024-cities/sites.ts";
import { type Network, networkSchema } from "../../models/allocation/network.ts";
import type { Plan } from "../../models/allocation/plan-schema.ts";
import { solveNetwork } from "../../src/solve/solve.ts";

const files = Object.keys(OUTPUTS) as (keyof typeof OUTPUTS)[];

function text(dataset: string, file: string): string {
  return readFileSync(new URL(`../../data/${dataset}/${file}`, import.meta.url), "utf8");
}

function load(dataset: string, file: string): Network {
  return networkSchema.parse(JSON.parse(text(dataset, file)));
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** Sums `value` over items grouped by `key`. */
function totals<T>(items: readonly T[], key: (item: T) => string, value: (item: T) => number) {
  const out = new Map<string, number>();
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + value(item));
  return Object.fromEntries([...out].sort(([a], [b]) => a.localeCompare(b)));
}

/** The plant class from the id suffix every china-2024 dataset uses. */
const plantClass = (id: string) => id.slice(id.lastIndexOf("-") + 1);

describe("data/china-2024-cities", () => {
  const cities = () => load("china-2024-cities", "network.json");
  const provinces = () => load("china-2024", "network.json");

  it.each(files)("the committed %s is exactly what generate.ts writes", (file) => {
    expect(text("china-2024-cities", file)).toBe(render(OUTPUTS[file]()));
  });

  it.each(files)("%s parses with the network schema", (file) => {
    expect(networkSchema.safeParse(JSON.parse(text("china-2024-cities", file))).success).toBe(true);
  });

  it.each(files)("%s uses the same anode factor as the provincial %s", (file) => {
    expect(load("china-2024-cities", file).anodePerTonneAluminium).toBe(
      load("china-2024", file).anodePerTonneAluminium,
    );
  });

  it("keeps each province's capacity of each plant class, as in the provincial dataset", () => {
    const byClass = (n: Network) =>
      totals(
        n.plants,
        (p) => `${p.province}/${plantClass(p.id)}`,
        (p) => p.capacityT,
      );
    expect(byClass(cities())).toEqual(byClass(provinces()));
    expect(sum(cities().plants.map((p) => p.capacityT))).toBe(30_366_000);
  });

  it("keeps each province's aluminium output, as in the provincial dataset", () => {
    const byProvince = (n: Network) =>
      totals(
        n.smelters,
        (s) => s.province,
        (s) => s.aluminiumT ?? 0,
      );
    expect(byProvince(cities())).toEqual(byProvince(provinces()));
  });

  it("keeps the export minimums of each port province and the paper's 2,166,000 t in total", () => {
    const byProvince = (n: Network) =>
      totals(
        n.ports,
        (p) => p.province,
        (p) => p.minExportT,
      );
    expect(byProvince(cities())).toEqual(byProvince(provinces()));
    expect(sum(cities().ports.map((p) => p.minExportT))).toBe(2_166_000);
  });

  it("prices and floors every plant as the provincial plant of its class and province", () => {
    const reference = new Map(
      provinces().plants.map((p) => [`${p.province}/${plantClass(p.id)}`, p]),
    );
    for (const plant of cities().plants) {
      const same = reference.get(`${plant.province}/${plantClass(plant.id)}`);
      expect(same, plant.id).toBeDefined();
      expect(plant.productionCostPerT, plant.id).toBe(same?.productionCostPerT);
      expect(plant.highEfficiency, plant.id).toBe(same?.highEfficiency);
      const share = (p: { minOutputT: number; capacityT: number }) => p.minOutputT / p.capacityT;
      expect(share(plant), plant.id).toBeCloseTo(share(same ?? plant), 3);
    }
  });

  it.each([
    "Shandong",
    "Henan",
    "Xinjiang",
    "Inner Mongolia",
    "Yunnan",
    "Gansu",
    "Guangxi",
    "Qinghai",
    "Ningxia",
    "Shanxi",
  ])("splits %s over several plant cities and several smelter cities", (province) => {
    const sites = SITES[province];
    expect(sites?.plants.length).toBeGreaterThanOrEqual(2);
    expect(sites?.smelters.length).toBeGreaterThanOrEqual(2);
    const network = cities();
    const plantCities = new Set(
      network.plants.filter((p) => p.province === province).map((p) => `${p.lat},${p.lon}`),
    );
    expect(plantCities.size).toBe(sites?.plants.length);
    expect(network.smelters.filter((s) => s.province === province)).toHaveLength(
      sites?.smelters.length ?? -1,
    );
  });

  it("apportions a total exactly, in steps, in proportion to the weights", () => {
    // 100 in steps of 10 over three equal weights: 3.33 units each, the spare unit to the first.
    expect(apportion(100, [1, 1, 1])).toEqual([40, 30, 30]);
    const weights = [1_000, 700, 600, 270, 100, 300];
    const parts = apportion(1_120, weights);
    expect(sum(parts)).toBe(1_120);
    parts.forEach((part, i) => {
      const exact = (1_120 * (weights[i] ?? 0)) / sum(weights);
      expect(Math.abs(part - exact)).toBeLessThan(10);
      expect(part % 10).toBe(0);
    });
    expect(sum(apportion(290, [1, 1, 1]))).toBe(290);
    expect(apportion(0, [5, 5])).toEqual([0, 0]);
    expect(apportion(100, [0, 0])).toEqual([0, 0]);
  });
});

describe("the plan for data/china-2024-cities/calibrated.json", () => {
  let plan: Plan;
  const netInflow = (name: string) =>
    plan.provinces.find((p) => p.province === name)?.netInflowT ?? Number.NaN;

  beforeAll(async () => {
    plan = await solveNetwork(load("china-2024-cities", "calibrated.json"));
  });

  it("is optimal, meets all demand and makes the paper's 23.10 Mt to within 1 %", () => {
    expect(plan.status).toBe("optimal");
    expect(plan.totals?.shortfallT).toBeCloseTo(0, 3);
    expect(Math.abs((plan.totals?.outputT ?? 0) - 23_100_000) / 23_100_000).toBeLessThan(0.01);
  });

  it("has Shandong and Henan supply other provinces and Inner Mongolia and Yunnan take in", () => {
    expect(netInflow("Shandong")).toBeLessThan(-500_000);
    expect(netInflow("Henan")).toBeLessThan(-500_000);
    expect(netInflow("Inner Mongolia")).toBeGreaterThan(300_000);
    expect(netInflow("Yunnan")).toBeGreaterThan(300_000);
  });
});

describe("data/china-2024-cities/network-monthly.json (12 months with hubs and corridors)", () => {
  let network: Network;
  let plan: Plan;
  beforeAll(async () => {
    network = load("china-2024-cities", "network-monthly.json");
    // HiGHS (asked by name, to check the network simplex's plan against) takes about 16 s here.
    plan = await solveNetwork(network, { solver: "highs" });
  }, 180_000);

  it("has the months, the hubs, legs mapped onto the city sites and the corridors over their links", () => {
    expect(network.periods).toHaveLength(12);
    expect([network.hubs?.length, network.legs?.length, network.corridors?.length]).toEqual([
      9, 99, 7,
    ]);
    const ids = new Set([...network.plants, ...network.smelters].map((n) => n.id));
    for (const leg of network.legs ?? []) {
      if (!leg.from.startsWith("hub-")) expect(ids.has(leg.from), leg.from).toBe(true);
      if (!leg.to.startsWith("hub-")) expect(ids.has(leg.to), leg.to).toBe(true);
    }
  });

  it("is optimal with Yunnan taking less from other provinces in Jan-Mar than in Jul-Oct, no corridor over a third", () => {
    // Measured: 74,429.9 M CNY (the same without the corridors on the network simplex).
    expect(plan.status).toBe("optimal");
    expect(plan.totals?.totalCost ?? 0).toBeCloseTo(74_429.9e6, -5);
    const provinceOf = new Map(network.plants.map((p) => [p.id, p.province]));
    const yunnan = new Set(
      network.smelters.filter((s) => s.province === "Yunnan").map((s) => s.id),
    );
    const inflow = (plan.periods ?? []).map((p) =>
      sum(
        p.flows
          .filter((f) => yunnan.has(f.to) && provinceOf.get(f.from) !== "Yunnan")
          .map((f) => f.tonnes),
      ),
    );
    expect(sum(inflow.slice(0, 3)) / 3).toBeLessThan(sum(inflow.slice(6, 10)) / 4 - 10_000);
    for (const c of plan.corridors ?? []) expect(c.usedT, c.id).toBeLessThan(c.capacityT / 3);
  });

  it("plans on the network simplex by default (no corridor binds) at HiGHS's cost, with each month's marginal costs", async () => {
    const auto = await solveNetwork(network);
    expect(auto.solver.id).toBe("network-simplex");
    expect(auto.totals?.totalCost ?? 0).toBeCloseTo(plan.totals?.totalCost ?? Number.NaN, -2);
    // 147,840 lane-periods: above the annual analysis's 100,000 lanes, within the per-period one's.
    const marginals = (auto.periods ?? []).flatMap((p) =>
      p.smelters.map((s) => s.marginalCostPerT),
    );
    expect(marginals.length).toBeGreaterThan(0);
    for (const m of marginals) expect(m).toBeGreaterThan(0);
  }, 120_000);
});
