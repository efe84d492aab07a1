import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { FIT_STARTS, fitFromEveryStart, MOVE_TOLERANCE } from "../../data/china-2024/calibrate.ts";
import {
  BENCHMARK_TOLERANCE_PER_T,
  smelterTargets,
} from "../../data/china-2024/calibration-parameters.ts";
import { type CalibrationReport, residualRows } from "../../data/china-2024/calibration-report.ts";
import { calibratedNetwork } from "../../data/china-2024/generate.ts";
import { networkSchema } from "../../models/allocation/network.ts";
import type { Plan } from "../../models/allocation/plan-schema.ts";
import { regionalView } from "../../models/allocation/regions.ts";
import { solveNetwork } from "../../src/solve/solve.ts";

const report = JSON.parse(
  readFileSync(new URL("../../data/china-2024/calibration.json", import.meta.url), "utf8"),
) as CalibrationReport;
const committedChanges = Object.fromEntries(report.parameters.map((p) => [p.id, p.change]));
const calibrated = networkSchema.parse(calibratedNetwork(committedChanges));

describe("the calibration of data/china-2024 (calibration.json)", () => {
  let plan: Plan;
  beforeAll(async () => {
    plan = await solveNetwork(calibrated);
  });

  it("holds the changes the iterated inverse LP fits today from its better start, each inside its bounds", async () => {
    const { fits, best } = await fitFromEveryStart();
    expect(fits).toHaveLength(FIT_STARTS.length);
    expect(best.converged).toBe(true);
    const fitted = best.rounds.at(-1)?.changes ?? {};
    for (const p of report.parameters) {
      expect(committedChanges[p.id], p.id).toBeCloseTo(fitted[p.id] ?? Number.NaN, 4);
      expect(committedChanges[p.id], p.id).toBeGreaterThanOrEqual(p.lower - 1e-9);
      expect(committedChanges[p.id], p.id).toBeLessThanOrEqual(p.upper + 1e-9);
    }
    expect(report.starts.find((s) => s.kept)?.objective).toBeCloseTo(best.objective, 4);
  });

  it("stops the rounds only once no parameter moves by the tolerance share of its range", () => {
    const last = report.rounds.at(-1);
    expect(report.converged).toBe(true);
    expect(last?.largestMove).toBeLessThan(MOVE_TOLERANCE);
    report.rounds.slice(0, -1).forEach((round) => {
      expect(round.largestMove, `round ${round.round}`).toBeGreaterThanOrEqual(MOVE_TOLERANCE);
    });
  });

  it("computes the March fit and December hold-out residuals from the calibrated plan's marginal costs", () => {
    for (const [month, rows] of [
      ["2024-03", report.fit],
      ["2024-12", report.holdOut],
    ] as const) {
      const ids = plan.smelters.map((s) => s.id);
      const recomputed = residualRows(plan, smelterTargets(month, ids, BENCHMARK_TOLERANCE_PER_T));
      expect(recomputed.map((r) => r.smelter)).toEqual(rows.map((r) => r.smelter));
      recomputed.forEach((r, i) => {
        expect(r.residualPerT, r.smelter).toBeCloseTo(rows[i]?.residualPerT as number, 6);
        const cost = r.marginalCostPerT as number;
        const inside = cost >= r.low && cost <= r.high;
        expect(r.residualPerT === 0, r.smelter).toBe(inside);
      });
    }
  });

  it("puts the default dataset's north-west spread within the observed band, solved here and not read from the report", () => {
    const calibration = regionalView(plan).calibration;
    const { low, high } = calibration?.observedSpreadPerT ?? { low: Number.NaN, high: Number.NaN };
    const spread = calibration?.modelledSpreadPerT ?? Number.NaN;
    expect(spread).toBeGreaterThanOrEqual(low);
    expect(spread).toBeLessThanOrEqual(high);
    expect(calibration?.verdict).toBe("within");
    // The fitted margin is named apart from the costs the model explains, and is part of the spread.
    const margin = calibration?.surchargeSpreadPerT ?? Number.NaN;
    expect(margin).toBeGreaterThan(0);
    expect(margin).toBeLessThan(spread);
    expect(calibration?.note).toMatch(/fitted margin, not a cost the model explains/);
    // It is the group's demand-weighted surcharge part of the next tonne less Shandong's.
    const part = (name: string) => plan.provinces.find((p) => p.province === name);
    const group = (calibration?.provinces ?? []).map((name) => part(name));
    const demand = group.reduce((sum, p) => sum + (p?.demandT ?? 0), 0);
    const weighted =
      group.reduce((sum, p) => sum + (p?.marginalSurchargePerT ?? 0) * (p?.demandT ?? 0), 0) /
      demand;
    expect(margin).toBeCloseTo(weighted - (part("Shandong")?.marginalSurchargePerT ?? 0), 6);
  });

  it("prices the fitted margin as a cost line of the plan: surchargeCost is tonnes times the margin on the lanes into the group", () => {
    const surcharge = plan.surcharges?.[0];
    const margin = calibrated.surcharges?.[0]?.costPerT ?? Number.NaN;
    expect(surcharge?.costPerT).toBe(margin);
    const inbound = plan.flows.filter((f) => (f.surchargePerT ?? 0) > 0);
    const tonnes = inbound.reduce((sum, f) => sum + f.tonnes, 0);
    expect(tonnes).toBeGreaterThan(0);
    expect(surcharge?.tonnes).toBeCloseTo(tonnes, 3);
    expect(plan.totals?.surchargeCost).toBeCloseTo(tonnes * margin, 1);
  });

  it("reports the regions view's verdict on the calibrated dataset as the view gives it", () => {
    const calibration = regionalView(plan).calibration;
    expect(calibration?.verdict).toBe(report.spreadAfter?.verdict);
    expect(calibration?.modelledSpreadPerT).toBeCloseTo(
      report.spreadAfter?.modelledSpreadPerT ?? 0,
      6,
    );
    const { low, high } = calibration?.observedSpreadPerT ?? { low: 0, high: 0 };
    const spread = calibration?.modelledSpreadPerT ?? Number.NaN;
    expect(calibration?.verdict).toBe(spread < low ? "below" : spread > high ? "above" : "within");
  });

  it("gives each target smelter the fitted dual as its marginal cost, to the dataset's rounding of costs", () => {
    for (const target of report.inverseFit) {
      const smelter = plan.smelters.find((s) => s.id === target.smelter);
      expect(Math.abs((smelter?.marginalCostPerT ?? Number.NaN) - target.dualPerT)).toBeLessThan(
        0.05,
      );
    }
  });

  it("fits the Shandong benchmark within its tolerance in March, to the dataset's rounding of costs", () => {
    const shandong = report.fit.find((r) => r.province === "Shandong");
    expect(Math.abs(shandong?.residualPerT ?? Number.NaN)).toBeLessThan(0.05);
  });
});
