import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { fitMarch } from "../../data/china-2024/calibrate.ts";
import {
  BENCHMARK_TOLERANCE_PER_T,
  smelterTargets,
} from "../../data/china-2024/calibration-parameters.ts";
import { type CalibrationReport, residualRows } from "../../data/china-2024/calibration-report.ts";
import { calibratedNetwork } from "../../data/china-2024/generate.ts";
import { buildAllocationModel } from "../../models/allocation/build.ts";
import { networkSchema } from "../../models/allocation/network.ts";
import type { Plan } from "../../models/allocation/plan-schema.ts";
import { regionalView } from "../../models/allocation/regions.ts";
import { solveNetwork } from "../../src/solve/solve.ts";
import { resolveSolver } from "../../src/solvers/registry.ts";

const report = JSON.parse(
  readFileSync(new URL("../../data/china-2024/calibration.json", import.meta.url), "utf8"),
) as CalibrationReport;
const committedChanges = Object.fromEntries(report.parameters.map((p) => [p.id, p.change]));
const baseline = networkSchema.parse(calibratedNetwork({}));
const calibrated = networkSchema.parse(calibratedNetwork(committedChanges));

describe("the calibration of data/china-2024 (calibration.json)", () => {
  let plan: Plan;
  beforeAll(async () => {
    plan = await solveNetwork(calibrated);
  });

  it("holds the changes the inverse LP fits today on the uncalibrated dataset's flows", async () => {
    const fit = await fitMarch(baseline);
    for (const p of fit.parameters) {
      expect(committedChanges[p.id], p.id).toBeCloseTo(p.change, 5);
      expect(p.fitted, p.id).toBeGreaterThanOrEqual(p.lower - 1e-9);
      expect(p.fitted, p.id).toBeLessThanOrEqual(p.upper + 1e-9);
    }
  });

  it("keeps the baseline flows optimal: priced at the calibrated costs they cost what the calibrated optimum costs", async () => {
    const before = buildAllocationModel(baseline);
    const after = buildAllocationModel(calibrated);
    const solved = await resolveSolver("auto", before.lp).solve(before.lp, { timeLimitMs: 60_000 });
    if (solved.status !== "optimal") throw new Error(solved.status);
    const repriced = after.lp.columns.reduce(
      (sum, c, j) => sum + c.cost * (solved.columnValues[j] as number),
      0,
    );
    const totalCost = plan.totals?.totalCost ?? Number.NaN;
    expect(plan.status).toBe("optimal");
    expect(Math.abs(repriced - totalCost) / totalCost).toBeLessThan(1e-8);
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
