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
  largestRelativeMove,
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
/** Rounds of the iterated fit stop once no parameter moves by this share of its range, or after MAX_ROUNDS. */
export const MOVE_TOLERANCE = 1e-3;
export const MAX_ROUNDS = 10;

type Changes = Readonly<Record<string, number>>;

/** One round of the iterated fit: the inverse LP on the optimal flows of the network at `changes`. */
export async function fitRound(network: Network, changes: Changes): Promise<InverseSolution> {
  const model = buildAllocationModel(network);
  const forward = await resolveSolver("auto", model.lp).solve(model.lp, { timeLimitMs });
  if (forward.status !== "optimal") throw new Error(`baseline solve ended ${forward.status}`);
  const problem = allocationInverseProblem(
    model,
    forward.columnValues,
    // Built at this round's values, paying for the distance from the rules' estimates (change 0).
    CALIBRATION_PARAMETERS.map((p) => ({
      ...allocationParameter(p),
      prior: changes[p.id] ?? 0,
      origin: 0,
    })),
    smelterTargets(
      FIT_MONTH,
      network.smelters.map((s) => s.id),
      BENCHMARK_TOLERANCE_PER_T,
    ),
    RESIDUAL_WEIGHT,
  );
  const program = buildInverseProgram(problem);
  const inverse = await highsSolver.solve(program.lp, { timeLimitMs });
  if (inverse.status !== "optimal") throw new Error(`inverse LP ended ${inverse.status}`);
  return readInverseSolution(problem, program, inverse.columnValues);
}

export interface RoundRecord {
  round: number;
  /** Fitted changes after the round, by parameter id, in each parameter's unit. */
  changes: Record<string, number>;
  weightedChange: number;
  /** Σ |residual| of the inverse LP's duals against the March bands, CNY/t. */
  inverseResidualPerT: number;
  /** Largest move from the round before, as a share of the parameter's range. */
  largestMove: number;
}

/**
 * The iterated inverse LP: the margin and premia change which plants fill, so each round re-solves
 * the forward plan at the last round's values and fits again on its flows (complementary slackness
 * holds only at the flows the program is built on), until the fit stops moving.
 */
export async function fitMarch(start: Changes = {}): Promise<IteratedFit> {
  let changes: Changes = start;
  const rounds: RoundRecord[] = [];
  for (let round = 1; ; round++) {
    const fit = await fitRound(networkSchema.parse(calibratedNetwork(changes)), changes);
    // The solver's values may stray past a bound by its tolerance; the next round starts inside.
    const next = Object.fromEntries(
      fit.parameters.map((p) => [p.id, Math.min(p.upper, Math.max(p.lower, p.fitted))]),
    );
    const largestMove = largestRelativeMove(
      fit.parameters,
      fit.parameters.map((p) => changes[p.id] ?? 0),
      fit.parameters.map((p) => next[p.id] as number),
    );
    rounds.push({
      round,
      changes: next,
      weightedChange: fit.weightedChange,
      inverseResidualPerT: fit.targets.reduce((sum, t) => sum + Math.abs(t.residual), 0),
      largestMove,
    });
    changes = next;
    const converged = largestMove < MOVE_TOLERANCE;
    if (converged || round === MAX_ROUNDS)
      return { start, fit, rounds, converged, objective: inverseObjective(fit) };
  }
}

/**
 * Where the iterated fit starts. A round holds its flows fixed, so from the rules' estimates the
 * margin stops where idle north-western capacity caps the duals; started at the margin's upper
 * bound the north-west's plants fill first. Each start iterates to its own fixed point; the one
 * with the smaller inverse objective is kept, and both are reported.
 */
export const FIT_STARTS: readonly Changes[] = [
  {},
  Object.fromEntries(
    CALIBRATION_PARAMETERS.filter((p) => p.scope.kind === "inbound").map((p) => [p.id, p.upper]),
  ),
];

export interface IteratedFit {
  /** The changes the first round was built at. */
  start: Changes;
  fit: InverseSolution;
  rounds: RoundRecord[];
  converged: boolean;
  /** The inverse LP's objective at the last round: weighted change + residual weight x weighted residuals. */
  objective: number;
}

/** The iterated fit from every start, and the one with the smallest inverse objective. */
export async function fitFromEveryStart(): Promise<{ fits: IteratedFit[]; best: IteratedFit }> {
  const fits: IteratedFit[] = [];
  for (const start of FIT_STARTS) fits.push(await fitMarch(start));
  const best = fits.reduce((a, b) => (b.objective < a.objective ? b : a));
  return { fits, best };
}

const inverseObjective = (fit: InverseSolution) =>
  fit.weightedChange +
  RESIDUAL_WEIGHT * fit.targets.reduce((sum, t) => sum + (t.weight ?? 1) * Math.abs(t.residual), 0);

/** Fit, regenerate, re-solve and report. */
export async function calibrate(dir: URL): Promise<CalibrationReport> {
  const baseline = networkSchema.parse(calibratedNetwork({}));
  const before = await solveNetwork(baseline);
  const { fits, best } = await fitFromEveryStart();
  const { fit, rounds, converged } = best;
  const changes = rounds.at(-1)?.changes ?? {};
  const after = await solveNetwork(networkSchema.parse(calibratedNetwork(changes)));
  if (before.status !== "optimal" || after.status !== "optimal")
    throw new Error("a calibration plan is not optimal");
  const report: CalibrationReport = {
    fittedTo: `SMM ${FIT_MONTH}: ${observedPrices2024.months.find((m) => m.month === FIT_MONTH)?.url}; hold-out ${HOLD_OUT_MONTH}`,
    priceBasis: "CNY/t ex-VAT: SMM's VAT-inclusive prices / 1.13",
    residualWeight: RESIDUAL_WEIGHT,
    benchmarkToleranceExVatPerT: BENCHMARK_TOLERANCE_PER_T,
    weightedChange: fit.weightedChange,
    rounds: rounds.map((r) => ({
      ...r,
      changes: Object.fromEntries(
        Object.entries(r.changes).map(([id, change]) => [id, Number(change.toFixed(6))]),
      ),
    })),
    converged,
    moveTolerance: MOVE_TOLERANCE,
    starts: fits.map((f) => ({
      start: f.start,
      objective: f.objective,
      rounds: f.rounds.length,
      converged: f.converged,
      kept: f === best,
    })),
    parameters: CALIBRATION_PARAMETERS.map((p) => ({
      id: p.id,
      description: p.description,
      unit: p.unit,
      prior: p.prior,
      lower: p.lower,
      upper: p.upper,
      change: Number((changes[p.id] ?? 0).toFixed(6)),
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
