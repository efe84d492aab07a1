import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseNetwork } from "../../../models/allocation/network.ts";
import {
  calibrationTarget,
  northwestSpread2024,
  regionalView,
  regionsViewSchema,
} from "../../../models/allocation/regions.ts";
import { solveNetwork } from "../../../src/solve/solve.ts";
import { loadFixture } from "../../support/fixtures.ts";

describe("the regional mismatch view", async () => {
  const raw = JSON.parse(
    readFileSync(join(import.meta.dirname, "../../../data/china-2024/network.json"), "utf8"),
  );
  const parsed = parseNetwork(raw);
  if (!parsed.ok) throw new Error("invalid dataset");
  const plan = await solveNetwork(parsed.network, { solver: "network-simplex" });
  const view = regionalView(plan);
  const row = (province: string) => view.regions.find((r) => r.province === province);

  it("reproduces the paper's picture on the default dataset: Shandong and Henan supply, Inner Mongolia and Yunnan buy", () => {
    expect(row("Shandong")?.role).toBe("surplus");
    expect(row("Henan")?.role).toBe("surplus");
    expect(row("Inner Mongolia")?.role).toBe("deficit");
    expect(row("Yunnan")?.role).toBe("deficit");
    // The two surplus provinces lead the table, the largest deficits close it.
    expect(
      view.regions
        .slice(0, 2)
        .map((r) => r.province)
        .sort(),
    ).toEqual(["Henan", "Shandong"]);
    expect(view.regions.at(-1)?.province).toBe("Inner Mongolia");
    expect(regionsViewSchema.safeParse(view).success).toBe(true);
  });

  it("sorts by net outflow, which sums to zero and is minus the plan's net inflow", () => {
    const flows = view.regions.map((r) => r.netOutflowT);
    expect([...flows].sort((a, b) => b - a)).toEqual(flows);
    expect(flows.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 3);
    for (const province of plan.provinces)
      expect(row(province.province)?.netOutflowT).toBeCloseTo(-province.netInflowT, 9);
  });

  it("sets the modelled north-west minus Shandong spread beside the observed 450-820 CNY/t, ex-VAT", () => {
    const calibration = view.calibration;
    if (!calibration) throw new Error("no calibration line");
    expect(calibration.referenceProvince).toBe("Shandong");
    expect(calibration.provinces).toContain("Inner Mongolia");
    expect(calibration.observedSpreadPerT.low).toBeCloseTo(450 / 1.13, 9);
    expect(calibration.observedSpreadPerT.high).toBeCloseTo(820 / 1.13, 9);
    const shandong = row("Shandong")?.marginalCostPerT ?? Number.NaN;
    expect(calibration.referenceMarginalCostPerT).toBe(shandong);
    expect(calibration.modelledSpreadPerT).toBeCloseTo(calibration.marginalCostPerT - shandong, 9);
    const { min, max } = calibration.modelledSpreadRangePerT;
    expect(calibration.modelledSpreadPerT).toBeGreaterThanOrEqual(min - 1e-9);
    expect(calibration.modelledSpreadPerT).toBeLessThanOrEqual(max + 1e-9);
    // Within only with the fitted north-west inbound margin, which the note names as not a cost.
    expect(calibration.verdict).toBe("within");
    expect(calibration.surchargeSpreadPerT).toBeGreaterThan(0);
    expect(calibration.surchargeSpreadPerT).toBeLessThan(calibration.modelledSpreadPerT);
    expect(calibration.note).toContain("not a cost the model explains");
    expect(calibration.note).toContain("398-726 CNY/t ex-VAT");
  });

  it("has no calibration line for a network without Shandong", async () => {
    const small = regionalView(await solveNetwork(loadFixture("balanced.json").network));
    expect(small.calibration).toBeNull();
    expect(small.regions.map((r) => [r.province, r.role])).toEqual([
      ["East", "surplus"],
      ["West", "deficit"],
    ]);
  });
});

describe("the calibration target from observed prices", () => {
  const month = (m: string, reference: number, low: number, high: number) => ({
    month: m,
    referencePricePerT: reference,
    groupDeliveredPerT: { low, high },
    url: "https://example.org/prices",
  });
  const observed = {
    referenceProvince: "A",
    group: ["B", "C"],
    vatIncludedRate: 0,
    months: [month("2024-03", 100, 130, 190), month("2024-12", 90, 110, 150)],
    source: "test",
  };

  it("spans the group's lowest to highest price above the same month's reference", () => {
    const target = calibrationTarget(observed);
    expect(target.observedSpreadPerT).toEqual({ low: 20, high: 90 });
    expect(target.group).toEqual(["B", "C"]);
  });

  it("refuses a month with an unknown field", () => {
    const bad = { ...observed, months: [{ ...month("2024-03", 1, 2, 3), note: "x" }] };
    expect(() => calibrationTarget(bad as never)).toThrow();
  });

  it("takes VAT out of VAT-inclusive prices before comparing them with ex-VAT marginal costs", () => {
    const target = calibrationTarget({ ...observed, vatIncludedRate: 0.25 });
    expect(target.observedSpreadPerT.low).toBeCloseTo(16, 9);
    expect(target.observedSpreadPerT.high).toBeCloseTo(72, 9);
  });

  it("derives the committed 2024 band of 450-820 CNY/t incl. VAT, 398-726 ex-VAT, from data/market-2024", () => {
    expect(northwestSpread2024.observedSpreadPerT.low).toBeCloseTo(450 / 1.13, 9);
    expect(northwestSpread2024.observedSpreadPerT.high).toBeCloseTo(820 / 1.13, 9);
  });
});

describe("the regional view of a plan with periods", () => {
  it("gives each period's province balance and marginal cost (periods-stock-build, solved by hand)", async () => {
    // p1: a makes 800 t (1.6 x 500) for x's 500 t and 300 t of stock; p2: a makes 200 t, x draws
    // the stock. x's next tonne: 250 CNY/t in p1 (one tonne less stock, b in p2), 300 in p2 (b).
    const plan = await solveNetwork(loadFixture("periods-stock-build.json").network);
    const view = regionalView(plan);
    const at = (period: number, province: string) =>
      view.periods?.[period]?.regions.find((r) => r.province === province);
    expect(view.periods?.map((p) => p.id)).toEqual(["p1", "p2"]);
    expect(at(0, "East")).toMatchObject({ role: "surplus", capacityT: 800, utilization: 1 });
    expect(at(0, "East")?.outputT).toBeCloseTo(800, 6);
    expect(at(0, "East")?.netOutflowT).toBeCloseTo(800, 6);
    expect(at(1, "East")?.netOutflowT).toBeCloseTo(200, 6);
    expect(at(0, "West")?.role).toBe("deficit");
    expect(at(0, "West")?.demandT).toBeCloseTo(500, 6);
    expect(at(0, "West")?.netOutflowT).toBeCloseTo(-800, 6);
    expect(at(0, "West")?.marginalCostPerT).toBeCloseTo(250, 6);
    expect(at(1, "West")?.marginalCostPerT).toBeCloseTo(300, 6);
    expect(at(1, "North")).toMatchObject({ outputT: 0, netOutflowT: 0, marginalCostPerT: null });
    expect(view.regions.find((r) => r.province === "West")?.marginalCostPerT).toBeNull();
    expect(regionsViewSchema.safeParse(view).success).toBe(true);
  });

  it("sums over the months to the annual rows on the monthly dataset", async () => {
    const raw = JSON.parse(
      readFileSync(
        join(import.meta.dirname, "../../../data/china-2024/network-monthly.json"),
        "utf8",
      ),
    );
    const parsed = parseNetwork(raw);
    if (!parsed.ok) throw new Error("invalid dataset");
    const view = regionalView(await solveNetwork(parsed.network));
    expect(view.periods).toHaveLength(12);
    for (const annual of view.regions) {
      const months = (view.periods ?? []).map(
        (p) => p.regions.find((r) => r.province === annual.province) ?? null,
      );
      for (const field of ["capacityT", "outputT", "demandT", "exportT", "netOutflowT"] as const) {
        const summed = months.reduce((sum, r) => sum + (r?.[field] ?? Number.NaN), 0);
        expect(Math.abs(summed - annual[field]), `${annual.province} ${field}`).toBeLessThan(1);
      }
    }
    const yunnan = (view.periods ?? []).map(
      (p) => p.regions.find((r) => r.province === "Yunnan")?.marginalCostPerT,
    );
    for (const m of yunnan) expect(m).toBeGreaterThan(0);
  });
});
