// `npm run calibrate`: fits the dataset's uncertain costs to SMM's March 2024 prices by inverse LP,
// regenerates calibrated.json with them, and writes calibration.json and calibration.md (fit, hold-out).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildAllocationModel } from "../../models/allocation/build.ts";
import { type Network, networkSchema } from "../../models/allocation/network.ts";
import type { Plan } from "../../models/allocation/plan-schema.ts";
import { regionalView } from "../../models/allocation/regions.ts";
import { allocationInverseProblem } from "../../models/calibration/allocation.ts";
import {
  buildInverseProgram,
  type InverseSolution,
  readInverseSolution,
} from "../../models/calibration/inverse-lp.ts";
import { solveNetwork } from "../../src/solve/solve.ts";
import { highsSolver } from "../../src/solvers/highs.ts";
import { resolveSolver } from "../../src/solvers/registry.ts";
import { observedPrices2024 } from "../market-2024/observed-prices.ts";
import {
  allocationParameter,
  BENCHMARK_TOLERANCE_PER_T,
  CALIBRATION_PARAMETERS,
  smelterTargets,
} from "./calibration-parameters.ts";
import { type CalibrationReport, calibrationMarkdown, residualRows } from "./calibration-report.ts";
import { calibratedNetwork, OUTPUTS, writeOutputs } from "./generate.ts";

/** Objective weight of 1 CNY/t of price outside its band; a parameter's whole range weighs 1. */
export const RESIDUAL_WEIGHT = 10;
const FIT_MONTH = "2024-03";
const HOLD_OUT_MONTH = "2024-12";

const timeLimitMs = 60_000;

/** The inverse LP on the uncalibrated dataset's optimal flows. */
export async function fitMarch(baseline: Network): Promise<InverseSolution> {
  const model = buildAllocationModel(baseline);
  const forward = await resolveSolver("auto", model.lp).solve(model.lp, { timeLimitMs });
  if (forward.status !== "optimal") throw new Error(`baseline solve ended ${forward.status}`);
  const problem = allocationInverseProblem(
    model,
    forward.columnValues,
    CALIBRATION_PARAMETERS.map(allocationParameter),
    smelterTargets(
      FIT_MONTH,
      baseline.smelters.map((s) => s.id),
      BENCHMARK_TOLERANCE_PER_T,
    ),
    RESIDUAL_WEIGHT,
  );
  const program = buildInverseProgram(problem);
  const inverse = await highsSolver.solve(program.lp, { timeLimitMs });
  if (inverse.status !== "optimal") throw new Error(`inverse LP ended ${inverse.status}`);
  return readInverseSolution(problem, program, inverse.columnValues);
}

/** Fit, regenerate, re-solve and report. */
export async function calibrate(dir: URL): Promise<CalibrationReport> {
  const baseline = networkSchema.parse(calibratedNetwork({}));
  const before = await solveNetwork(baseline);
  const fit = await fitMarch(baseline);
  const changes = Object.fromEntries(fit.parameters.map((p) => [p.id, p.change]));
  const after = await solveNetwork(networkSchema.parse(calibratedNetwork(changes)));
  if (before.status !== "optimal" || after.status !== "optimal")
    throw new Error("a calibration plan is not optimal");
  const report: CalibrationReport = {
    fittedTo: `SMM ${FIT_MONTH}: ${observedPrices2024.months.find((m) => m.month === FIT_MONTH)?.url}; hold-out ${HOLD_OUT_MONTH}`,
    priceBasis: "CNY/t ex-VAT: SMM's VAT-inclusive prices / 1.13",
    residualWeight: RESIDUAL_WEIGHT,
    benchmarkToleranceExVatPerT: BENCHMARK_TOLERANCE_PER_T,
    weightedChange: fit.weightedChange,
    parameters: CALIBRATION_PARAMETERS.map((p, k) => ({
      id: p.id,
      description: p.description,
      unit: p.unit,
      prior: p.prior,
      lower: p.lower,
      upper: p.upper,
      change: Number((fit.parameters[k]?.change ?? 0).toFixed(6)),
      basis: p.basis,
    })),
    inverseFit: fit.targets.map((t) => ({
      smelter: t.id,
      dualPerT: t.dual,
      low: t.low,
      high: t.high,
      residualPerT: t.residual,
    })),
    fit: residualRows(
      after,
      smelterTargets(FIT_MONTH, smelterIds(after), BENCHMARK_TOLERANCE_PER_T),
    ),
    holdOut: residualRows(
      after,
      smelterTargets(HOLD_OUT_MONTH, smelterIds(after), BENCHMARK_TOLERANCE_PER_T),
    ),
    spreadBefore: regionalView(before).calibration,
    spreadAfter: regionalView(after).calibration,
  };
  writeFileSync(new URL("calibration.json", dir), `${JSON.stringify(report, null, 2)}\n`);
  writeOutputs(dir, OUTPUTS);
  writeFileSync(new URL("calibration.md", dir), calibrationMarkdown(report));
  return report;
}

const smelterIds = (plan: Plan) => plan.smelters.map((s) => s.id);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const report = await calibrate(new URL(".", import.meta.url));
  console.log(
    `spread ${Math.round(report.spreadBefore?.modelledSpreadPerT ?? Number.NaN)} -> ${Math.round(report.spreadAfter?.modelledSpreadPerT ?? Number.NaN)} CNY/t, verdict ${report.spreadAfter?.verdict}`,
  );
}
