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
  /** The iterated fit, round by round (calibrate.ts fitMarch). */
  rounds: {
    round: number;
    changes: Record<string, number>;
    weightedChange: number;
    inverseResidualPerT: number;
    largestMove: number;
  }[];
  converged: boolean;
  moveTolerance: number;
  /** Each start of the iterated fit, its final inverse objective, and which was kept. */
  starts: {
    start: Record<string, number>;
    objective: number;
    rounds: number;
    converged: boolean;
    kept: boolean;
  }[];
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
  const split =
    c.surchargeSpreadPerT == null
      ? ""
      : ` Of it, ${fmt(c.surchargeSpreadPerT)} CNY/t is the fitted surcharge on the next tonne's path and ${fmt(c.modelledSpreadPerT - c.surchargeSpreadPerT)} CNY/t production and freight.`;
  return `- ${label}: ${fmt(c.modelledSpreadPerT)} CNY/t (${c.provinces.join(", ")}; ${fmt(c.modelledSpreadRangePerT.min)} to ${fmt(c.modelledSpreadRangePerT.max)} by province) against ${fmt(c.observedSpreadPerT.low)}-${fmt(c.observedSpreadPerT.high)} CNY/t ex-VAT: **${c.verdict}**.${split}`;
}

function roundsTable(r: CalibrationReport): string[] {
  const ids = r.parameters.map((p) => p.id);
  return [
    `| Round | ${ids.join(" | ")} | Weighted change | Σ inverse residual (CNY/t) | Largest move (share of range) |`,
    `| ---: | ${ids.map(() => "---:").join(" | ")} | ---: | ---: | ---: |`,
    ...r.rounds.map(
      (x) =>
        `| ${x.round} | ${ids.map((id) => fmt(x.changes[id], 3)).join(" | ")} | ${fmt(x.weightedChange, 3)} | ${fmt(x.inverseResidualPerT, 1)} | ${x.largestMove.toExponential(2)} |`,
    ),
  ];
}

/** The report as Markdown (calibration.md). */
export function calibrationMarkdown(r: CalibrationReport): string {
  const lines = [
    "# Calibration of data/china-2024/calibrated.json (written by `npm run calibrate`)",
    "",
    `Fitted to ${r.fittedTo}. Prices: ${r.priceBasis}. Method: iterated inverse LP (models/allocation/formulation.md, "Calibration"): each round finds the smallest weighted L1 change to the estimates below (measured from the rules' values) under which the last round's optimal flows stay optimal and the smelters' duals lie in the observed bands; 1 CNY/t outside a band weighs ${r.residualWeight}, a parameter's whole range 1. The next round re-solves the plan at the fitted values and fits again on its flows, until no parameter moves by ${r.moveTolerance} of its range (${r.converged ? `converged after ${r.rounds.length} rounds` : `NOT converged after ${r.rounds.length} rounds`}). Shandong's band is its benchmark ±${r.benchmarkToleranceExVatPerT} CNY/t; the north-west group's is SMM's delivered range.`,
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
    "## Starts of the iterated fit",
    "",
    "| Start (changes) | Rounds | Converged | Inverse objective | Kept |",
    "| --- | ---: | --- | ---: | --- |",
    ...r.starts.map(
      (x) =>
        `| ${
          Object.keys(x.start).length === 0
            ? "the rules' estimates (all 0)"
            : Object.entries(x.start)
                .map(([id, v]) => `${id} ${v}`)
                .join(", ")
        } | ${x.rounds} | ${x.converged ? "yes" : "no"} | ${fmt(x.objective, 3)} | ${x.kept ? "yes" : "no"} |`,
    ),
    "",
    "The inverse objective is the weighted change plus the residual weight times the weighted residuals of the last round's duals.",
    "",
    "## Rounds of the kept start (fitted changes after each round)",
    "",
    ...roundsTable(r),
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
