// The calibration report: residuals of a plan's marginal costs against observed price bands, and its Markdown.
import type { Plan } from "../../models/allocation/plan-schema.ts";
import type { Calibration } from "../../models/allocation/regions.ts";
import type { SmelterTarget } from "../../models/calibration/allocation.ts";

export interface ResidualRow {
  smelter: string;
  province: string;
  /** The plan's next-tonne marginal cost, CNY/t ex-VAT. */
  marginalCostPerT: number | null;
  low: number;
  high: number;
  /** Signed distance outside [low, high], CNY/t: > 0 above, < 0 below, 0 within. */
  residualPerT: number | null;
}

export interface CalibrationReport {
  fittedTo: string;
  priceBasis: string;
  residualWeight: number;
  benchmarkToleranceExVatPerT: number;
  weightedChange: number;
  parameters: {
    id: string;
    description: string;
    unit: string;
    prior: number;
    lower: number;
    upper: number;
    change: number;
    basis: string;
  }[];
  /** The inverse LP's own duals against the March bands. */
  inverseFit: {
    smelter: string;
    dualPerT: number;
    low: number;
    high: number;
    residualPerT: number;
  }[];
  /** The re-solved calibrated plan against March (fit) and December (hold-out). */
  fit: ResidualRow[];
  holdOut: ResidualRow[];
  spreadBefore: Calibration | null;
  spreadAfter: Calibration | null;
}

const outside = (value: number, low: number, high: number) =>
  value > high ? value - high : value < low ? value - low : 0;

/** Each target smelter's marginal cost in the plan against its band. */
export function residualRows(plan: Plan, targets: readonly SmelterTarget[]): ResidualRow[] {
  return targets.map((t) => {
    const smelter = plan.smelters.find((s) => s.id === t.smelter);
    const cost = smelter?.marginalCostPerT ?? null;
    return {
      smelter: t.smelter,
      province: smelter?.province ?? "",
      marginalCostPerT: cost,
      low: t.low,
      high: t.high,
      residualPerT: cost === null ? null : outside(cost, t.low, t.high),
    };
  });
}

/** Mean absolute residual, CNY/t, of the rows that have one. */
export function meanAbsoluteResidual(rows: readonly ResidualRow[]): number {
  const known = rows.flatMap((r) => (r.residualPerT === null ? [] : [Math.abs(r.residualPerT)]));
  return known.reduce((a, b) => a + b, 0) / Math.max(1, known.length);
}

const fmt = (x: number | null | undefined, places = 0) =>
  x === null || x === undefined
    ? "-"
    : x.toLocaleString("en-US", { maximumFractionDigits: places });

function residualTable(rows: readonly ResidualRow[]): string[] {
  return [
    "| Province | Modelled marginal cost (CNY/t) | Observed band (CNY/t) | Residual (CNY/t) |",
    "| --- | ---: | ---: | ---: |",
    ...rows.map(
      (r) =>
        `| ${r.province} | ${fmt(r.marginalCostPerT)} | ${fmt(r.low)}-${fmt(r.high)} | ${fmt(r.residualPerT)} |`,
    ),
    `| Mean absolute | | | ${fmt(meanAbsoluteResidual(rows))} |`,
  ];
}

function spreadLine(label: string, c: Calibration | null): string {
  if (!c) return `- ${label}: no calibration line (no north-western province in deficit).`;
  return `- ${label}: ${fmt(c.modelledSpreadPerT)} CNY/t (${c.provinces.join(", ")}; ${fmt(c.modelledSpreadRangePerT.min)} to ${fmt(c.modelledSpreadRangePerT.max)} by province) against ${fmt(c.observedSpreadPerT.low)}-${fmt(c.observedSpreadPerT.high)} CNY/t ex-VAT: **${c.verdict}**.`;
}

/** The report as Markdown (calibration.md). */
export function calibrationMarkdown(r: CalibrationReport): string {
  const lines = [
    "# Calibration of data/china-2024/calibrated.json (written by `npm run calibrate`)",
    "",
    `Fitted to ${r.fittedTo}. Prices: ${r.priceBasis}. Method: inverse LP (models/allocation/formulation.md, "Calibration"): the smallest weighted L1 change to the estimates below under which the uncalibrated dataset's optimal flows stay optimal and the smelters' duals lie in the observed bands; 1 CNY/t outside a band weighs ${r.residualWeight}, a parameter's whole range 1. Shandong's band is its benchmark ±${r.benchmarkToleranceExVatPerT} CNY/t; the north-west group's is SMM's delivered range.`,
    "",
    "## Parameters",
    "",
    "| Parameter | Unit | Prior (change) | Bounds | Fitted change | Basis |",
    "| --- | --- | ---: | ---: | ---: | --- |",
    ...r.parameters.map(
      (p) =>
        `| ${p.id}: ${p.description} | ${p.unit} | ${p.prior} | ${p.lower} to ${p.upper} | ${fmt(p.change, 4)} | ${p.basis} |`,
    ),
    "",
    `Weighted change: ${fmt(r.weightedChange, 3)}.`,
    "",
    "## Fit, March 2024 (re-solved calibrated plan, next-tonne marginal costs)",
    "",
    ...residualTable(r.fit),
    "",
    "## Hold-out, December 2024 (same fitted parameters)",
    "",
    ...residualTable(r.holdOut),
    "",
    "## North-west minus Shandong (regions view)",
    "",
    spreadLine("Before", r.spreadBefore),
    spreadLine("After", r.spreadAfter),
    "",
  ];
  return `${lines.join("\n")}\n`;
}
