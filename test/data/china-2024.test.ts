import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { COSTS, NATIONAL, PORTS, PROVINCES } from "../../data/china-2024/brief-tables.ts";
import { applyCalibration } from "../../data/china-2024/calibration-parameters.ts";
import { buildNetwork, fittedChanges, OUTPUTS, render } from "../../data/china-2024/generate.ts";
import { VAT } from "../../data/china-2024/markets.ts";
import { type Network, networkSchema } from "../../models/allocation/network.ts";
import type { Plan } from "../../models/allocation/plan-schema.ts";
import { solveNetwork } from "../../src/solve/solve.ts";

const dir = new URL("../../data/china-2024/", import.meta.url);
const files = Object.keys(OUTPUTS) as (keyof typeof OUTPUTS)[];

function committed(file: string): string {
  return readFileSync(new URL(file, dir), "utf8");
}

function load(file: string): Network {
  return networkSchema.parse(JSON.parse(committed(file)));
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

describe("data/china-2024", () => {
  it.each(files)("the committed %s is exactly what generate.ts writes", (file) => {
    expect(committed(file)).toBe(render(OUTPUTS[file]()));
  });

  it.each(files)("%s parses with the network schema", (file) => {
    expect(networkSchema.safeParse(JSON.parse(committed(file))).success).toBe(true);
  });

  it.each(files)("%s has the paper's 30,366,000 t of capacity", (file) => {
    expect(sum(load(file).plants.map((p) => p.capacityT))).toBe(30_366_000);
  });

  it.each(files)("%s requires exactly the paper's 2,166,000 t of exports", (file) => {
    expect(sum(load(file).ports.map((p) => p.minExportT))).toBe(2_166_000);
  });

  it("network.json uses the paper's 0.45 t/t and calibrated.json the balancing 0.476 t/t", () => {
    expect(load("network.json").anodePerTonneAluminium).toBe(0.45);
    expect(load("calibrated.json").anodePerTonneAluminium).toBe(0.476);
  });

  it("both datasets carry calibration.json's fitted cost changes and differ only in the anode factor", () => {
    const rules = buildNetwork(NATIONAL.anodePerTonneAluminium.value, "rules");
    const { name: _r, ...expected } = networkSchema.parse(applyCalibration(rules, fittedChanges()));
    const { name: _p, description: paperDescription, ...paper } = load("network.json");
    expect(paper).toEqual(expected);
    const { anodePerTonneAluminium: _a, ...paperRest } = paper;
    const {
      anodePerTonneAluminium: _b,
      name: _m,
      description,
      ...calibrated
    } = load("calibrated.json");
    expect(calibrated).toEqual(paperRest);
    expect(description ?? "").toContain("calibration.md");
    expect(paperDescription).toBe(description);
  });

  it("every province keeps the brief's capacity and aluminium output", () => {
    const network = load("network.json");
    for (const row of PROVINCES) {
      const plants = network.plants.filter((p) => p.province === row.province);
      const smelters = network.smelters.filter((s) => s.province === row.province);
      expect(sum(plants.map((p) => p.capacityT)), row.province).toBe(row.capacityKt * 1000);
      expect(sum(smelters.map((s) => s.aluminiumT ?? 0)), row.province).toBe(
        row.aluminiumKt * 1000,
      );
      expect(smelters.length, row.province).toBe(row.aluminiumKt > 0 ? 1 : 0);
    }
    expect(sum(network.smelters.map((s) => s.aluminiumT ?? 0))).toBe(
      NATIONAL.aluminiumKt.value * 1000,
    );
  });

  it("each port's minimum is the brief's 2024 split and its maximum leaves headroom", () => {
    const network = load("network.json");
    const overland = network.ports.filter((p) =>
      ["port-alashankou", "port-manzhouli"].includes(p.id),
    );
    expect(sum(overland.map((p) => p.minExportT))).toBe(87_000);
    for (const row of PORTS.filter((r) => r.kind === "seaport")) {
      const port = network.ports.find((p) => p.name === row.name);
      expect(port?.minExportT, row.name).toBe(row.exportsKt * 1000);
    }
    for (const port of network.ports) {
      expect(port.maxExportT / port.minExportT, port.id).toBeGreaterThanOrEqual(1.2);
      expect(port.maxExportT / port.minExportT, port.id).toBeLessThanOrEqual(1.3);
      // The §6c band (VAT-inclusive) ex-VAT at the 9 % transport rate.
      const exVat = (cny: number) => cny / (1 + VAT.transport);
      expect(port.handlingCostPerT, port.id).toBeGreaterThanOrEqual(
        exVat(COSTS.handlingCostPerT.low) - 0.01,
      );
      expect(port.handlingCostPerT, port.id).toBeLessThanOrEqual(
        exVat(COSTS.handlingCostPerT.high) + 0.01,
      );
      // Exports earn the markets' prices, not a port FOB.
      expect(port.fobPricePerT, port.id).toBe(0);
    }
  });

  it("high-efficiency plants hold a bit more than 40 % of capacity, as the paper says", () => {
    const { plants } = load("network.json");
    const share =
      sum(plants.filter((p) => p.highEfficiency).map((p) => p.capacityT)) /
      sum(plants.map((p) => p.capacityT));
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.43);
  });

  it("every production cost of the rules, before calibration, lies in the brief's band for its class", () => {
    for (const plant of buildNetwork(NATIONAL.anodePerTonneAluminium.value, "rules").plants) {
      const band = plant.highEfficiency ? COSTS.highEfficiencyCostPerT : COSTS.standardCostPerT;
      // The §5 bands include 13 % VAT; the dataset is ex-VAT.
      const exVat = (cny: number) => cny / (1 + VAT.goods);
      expect(plant.productionCostPerT, plant.id).toBeGreaterThanOrEqual(exVat(band.low) - 0.5);
      expect(plant.productionCostPerT, plant.id).toBeLessThanOrEqual(exVat(band.high) + 0.5);
    }
  });

  it("minimum outputs fall only on western captive plants and stay within capacity", () => {
    const western = [
      "Xinjiang",
      "Inner Mongolia",
      "Yunnan",
      "Gansu",
      "Guangxi",
      "Qinghai",
      "Ningxia",
    ];
    for (const plant of load("network.json").plants) {
      if (plant.minOutputT > 0) expect(western, plant.id).toContain(plant.province);
      expect(plant.minOutputT, plant.id).toBeLessThanOrEqual(plant.capacityT);
    }
  });

  it("at 0.476 t/t, demand plus minimum exports comes within 1 % of the paper's 23.102 Mt", () => {
    const network = load("calibrated.json");
    const demand = sum(network.smelters.map((s) => (s.aluminiumT ?? 0) * 0.476));
    const exports = sum(network.ports.map((p) => p.minExportT));
    expect(Math.abs(demand + exports - 23_102_000) / 23_102_000).toBeLessThan(0.01);
  });

  it("at 0.45 t/t, demand plus exports leaves the brief's 1.15 Mt of 2024 output unexplained", () => {
    const network = load("network.json");
    const demand = sum(network.smelters.map((s) => (s.aluminiumT ?? 0) * 0.45));
    const exports = sum(network.ports.map((p) => p.minExportT));
    expect(23_102_000 - demand - exports).toBeCloseTo(1_154_000, -3);
  });
});

describe("the plan for data/china-2024/calibrated.json", () => {
  let plan: Plan;
  const province = (name: string) => {
    const found = plan.provinces.find((p) => p.province === name);
    if (!found) throw new Error(`no province ${name} in the plan`);
    return found;
  };

  beforeAll(async () => {
    plan = await solveNetwork(load("calibrated.json"));
  });

  it("is optimal and meets all demand and minimum exports", () => {
    expect(plan.status).toBe("optimal");
    expect(plan.totals?.shortfallT).toBeCloseTo(0, 3);
  });

  it("makes the paper's 23.10 Mt of anodes to within 1 %, at about 76 % utilisation", () => {
    expect(Math.abs((plan.totals?.outputT ?? 0) - 23_100_000) / 23_100_000).toBeLessThan(0.01);
    expect(plan.totals?.utilization).toBeGreaterThan(0.75);
    expect(plan.totals?.utilization).toBeLessThan(0.77);
  });

  it("has Shandong and Henan ship more to other provinces than they receive", () => {
    // netInflowT < 0 is a net outflow; 0.5 Mt is far above any rounding or tie between optima.
    expect(province("Shandong").netInflowT).toBeLessThan(-500_000);
    expect(province("Henan").netInflowT).toBeLessThan(-500_000);
  });

  it("has the deficit provinces Inner Mongolia and Yunnan receive from other provinces", () => {
    expect(province("Inner Mongolia").netInflowT).toBeGreaterThan(300_000);
    expect(province("Yunnan").netInflowT).toBeGreaterThan(300_000);
  });

  it("sends most exports through Shandong's ports", () => {
    const shandong = sum(plan.ports.filter((p) => p.province === "Shandong").map((p) => p.exportT));
    expect(shandong / (plan.totals?.exportT ?? 1)).toBeGreaterThan(0.6);
  });

  it("leaves some standard capacity idle and runs high-efficiency plants hardest", () => {
    const network = load("calibrated.json");
    const he = new Set(network.plants.filter((p) => p.highEfficiency).map((p) => p.id));
    const rate = (pick: (id: string) => boolean) => {
      const plants = plan.plants.filter((p) => pick(p.id));
      return sum(plants.map((p) => p.outputT)) / sum(plants.map((p) => p.capacityT));
    };
    expect(rate((id) => !he.has(id))).toBeLessThan(0.7);
    expect(rate((id) => he.has(id))).toBeGreaterThan(0.95);
  });
});

describe("the maxMargin plan for data/china-2024/network.json with every port minimum at 0", () => {
  let plan: Plan;
  const brief = Object.fromEntries(PORTS.map((row) => [`port-${row.city}`, row.exportsKt * 1000]));

  beforeAll(async () => {
    const network = load("network.json");
    plan = await solveNetwork({
      ...network,
      ports: network.ports.map((p) => ({ ...p, minExportT: 0 })),
      options: { ...network.options, objective: "maxMargin" },
    });
  });

  it("exports the paper's 2.166 Mt within 10 % out of the economics alone", () => {
    expect(plan.status).toBe("optimal");
    expect(plan.warnings).toEqual([]);
    const exportT = plan.totals?.exportT ?? 0;
    expect(Math.abs(exportT - 2_166_000) / 2_166_000).toBeLessThan(0.1);
    expect(sum((plan.markets ?? []).map((m) => m.tonnes))).toBeCloseTo(exportT, 0);
  });

  it("sends them through Shandong's and Jiangsu's ports as the brief's split does, within 15 points", () => {
    const exportT = plan.totals?.exportT ?? 1;
    const share = (ids: string[], of: Record<string, number>, total: number) =>
      sum(ids.map((id) => of[id] ?? 0)) / total;
    const exported = Object.fromEntries(plan.ports.map((p) => [p.id, p.exportT]));
    const east = ["port-qingdao", "port-rizhao", "port-yantai", "port-lianyungang"];
    expect(share(east, exported, exportT)).toBeGreaterThan(share(east, brief, 2_166_000) - 0.15);
    for (const id of east)
      expect(exported[id] ?? 0, id).toBeLessThanOrEqual(1.25 * (brief[id] ?? 0) + 1000);
  });

  it("earns a positive industry margin, with domestic revenue above production cost", () => {
    const totals = plan.totals;
    expect(totals?.margin).toBeGreaterThan(0);
    expect(totals?.domesticRevenue).toBeGreaterThan(totals?.productionCost ?? Infinity);
    // ex-VAT average production cost inside the brief's bands (3,400-4,200 CNY/t with VAT).
    const average = (totals?.productionCost ?? 0) / (totals?.outputT ?? 1);
    expect(average).toBeGreaterThan(3_400 / 1.13);
    expect(average).toBeLessThan(4_200 / 1.13);
  });
});
