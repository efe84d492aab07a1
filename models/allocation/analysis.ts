// The analysis of an optimal solve, computed once: cleaned tonnes per plant and lane, and the sensitivity figures.
import type { LpResult } from "../lp.ts";
import { flowToleranceT, zeroTolerance } from "../tolerances.ts";
import type { AllocationModel } from "./build.ts";
import { laneObjectiveCostPerTAt } from "./build.ts";
import { decomposeRoutes, type RoutedFlow } from "./routes.ts";
import { computeSensitivity, type Sensitivity } from "./sensitivity.ts";

/**
 * Whether a solve runs the sensitivity analysis: "full" always, "off" never, "auto" (the default)
 * up to `sensitivityAutoMaxLanes` lanes. The analysis costs more than the solve on a huge network
 * (a 1M-lane network: 2-5 s of solve, ~28 s of analysis), so "auto" returns such a plan without it.
 */
export const sensitivityModes = ["auto", "full", "off"] as const;
export type SensitivityMode = (typeof sensitivityModes)[number];

/** "auto" runs the analysis on networks with at most this many lanes, explicit or implied. */
export const sensitivityAutoMaxLanes = 100_000;

/**
 * "auto" runs a network with periods' per-period marginal costs up to this many lane-periods
 * (lanes x periods): they are one shortest-path pass per period without ranges, 0.18 s on the
 * cities monthly dataset's 147,840 (2.24 s end to end without them, 2.42 s with).
 */
export const periodMarginalsAutoMaxLanePeriods = 1_000_000;

export const defaultUnusedLanesTop = 500;

/** The decision behind `sensitivity`: true when the analysis runs on a network of `laneCount` lanes. */
export function runsSensitivity(
  mode: SensitivityMode,
  laneCount: number,
  autoMaxLanes: number = sensitivityAutoMaxLanes,
): boolean {
  if (mode === "full") return true;
  if (mode === "off") return false;
  return laneCount <= autoMaxLanes;
}

export interface AnalysisOptions {
  /** Most unused lanes listed in the plan, smallest reduced cost first (default 500). */
  unusedLanesTop?: number;
  /** Whether to run the sensitivity analysis (default "auto"; see `runsSensitivity`). */
  sensitivity?: SensitivityMode;
  /** The lane count up to which "auto" runs the analysis (default `sensitivityAutoMaxLanes`). */
  sensitivityAutoMaxLanes?: number;
  /**
   * Set when the analysis cannot apply to this solution (a network with periods, whose annual
   * figures are sums over periods): the plan is "skipped" with this note, whatever the mode.
   */
  notApplicable?: string;
}

export type SensitivityStatus =
  | "exact"
  | "atImpliedCarbonPrice"
  | "atSideConstraintPrices"
  | "unavailable"
  | "skipped";

/** Everything a plan's tables read: no table calls back into the model's build or the analysis. */
export interface AllocationAnalysis {
  model: AllocationModel;
  result: Extract<LpResult, { status: "optimal" }>;
  /** A column's value, rounding noise cleared (0 for a missing column, index -1). */
  x: (column: number) => number;
  /** Per plant, its output (t); per lane, its tonnes (t), rounding noise cleared. */
  outputT: Float64Array;
  laneT: Float64Array;
  /** Lanes carrying more than the flow tolerance, in lane order. */
  usedLanes: number[];
  /** Per leg and per hub, its tonnes (t), rounding noise cleared (empty without legs and hubs). */
  legT: Float64Array;
  hubT: Float64Array;
  /** The leg flows as plant-to-destination routes (routes.ts); empty without legs. */
  routes: RoutedFlow[];
  /** Undefined when the backend gave no duals or the analysis was skipped (see the status). */
  sensitivity: Sensitivity | undefined;
  sensitivityStatus: SensitivityStatus;
  sensitivityNote: string;
  unusedLanesTop: number;
}

/** A figure within the zero tolerance of 0 is 0. */
export const clean = (value: number) => (Math.abs(value) < zeroTolerance ? 0 : value);

const askForIt =
  'solve again with the option sensitivity "full" (`--sensitivity full` in the CLI) for them';

function skippedNote(mode: SensitivityMode, laneCount: number, autoMaxLanes: number): string {
  const why =
    mode === "off"
      ? 'The sensitivity analysis was turned off for this solve (sensitivity "off")'
      : `The network has ${laneCount} lanes, more than the ${autoMaxLanes} up to which sensitivity "auto" runs the analysis, so it was skipped to return the plan promptly`;
  return `${why}: flows, totals and balances are complete, but marginal figures, ranges and reduced costs are left out; ${askForIt}.`;
}

const sensitivityNotes = {
  exact:
    "Marginal figures are the cost of the next tonne, read off the residual network with the solver's duals as potentials; ranges are exact.",
  atImpliedCarbonPrice:
    "The CO2 cap binds, so the program is not a pure network: figures hold at the cap's implied carbon price (the cap held fixed) and ranges are not computed.",
  atSideConstraintPrices:
    "A contract or a corridor binds (and perhaps the CO2 cap), so the program is not a pure network: figures hold at the binding contracts' and corridors' prices (contracts[].marginalValuePerT, corridors[].marginalValuePerT) and the cap's implied carbon price, those rows held fixed, and ranges are not computed.",
  unavailable: "This backend returns no duals, so marginal figures and reduced costs are left out.",
} as const;

/** Delivered cost per tonne of a lane in cost form: production + freight + surcharges + carbon (+ handling). */
export function deliveredCostPerT(model: AllocationModel, lane: number): number {
  const lanes = model.laneTable;
  if (!(lane >= 0 && lane < lanes.length)) throw new Error(`lane ${lane} missing`);
  const plant = model.network.plants[lanes.plant[lane] as number];
  return (plant?.productionCostPerT ?? 0) + laneObjectiveCostPerTAt(model.network, lanes, lane);
}

/** Runs the analysis of an optimal solve once, for every table of its plan to read. */
export function analyseAllocation(
  model: AllocationModel,
  result: Extract<LpResult, { status: "optimal" }>,
  options: AnalysisOptions = {},
): AllocationAnalysis {
  const x = (column: number) => (column < 0 ? 0 : clean(result.columnValues[column] ?? 0));
  // A plain loop: Float64Array.from over an array walks its iterator, 80 ms at 250k lanes.
  const laneT = new Float64Array(model.laneTable.length);
  for (let l = 0; l < laneT.length; l++) laneT[l] = x(model.flowColumn[l] as number);
  const outputT = Float64Array.from(model.network.plants, (_, p) =>
    x(model.outputColumn[p] as number),
  );
  const usedLanes: number[] = [];
  for (let l = 0; l < laneT.length; l++)
    if ((laneT[l] as number) > flowToleranceT) usedLanes.push(l);
  const legT = Float64Array.from(model.legs, (_, a) => x(model.legColumn[a] as number));
  const hubT = Float64Array.from(model.hubColumn, (column) => x(column));
  const top = options.unusedLanesTop ?? defaultUnusedLanesTop;
  const mode = options.sensitivity ?? "auto";
  const autoMaxLanes = options.sensitivityAutoMaxLanes ?? sensitivityAutoMaxLanes;
  const analysed =
    options.notApplicable === undefined &&
    runsSensitivity(mode, model.laneTable.length, autoMaxLanes);
  // Skipped, the plan reads as one from a backend without duals: every figure null, no lanes listed.
  const sensitivity = analysed
    ? computeSensitivity(model, result, { unusedLanesTop: top })
    : undefined;
  const sensitivityStatus: SensitivityStatus = !analysed
    ? "skipped"
    : !sensitivity
      ? "unavailable"
      : sensitivity.rangesExact
        ? "exact"
        : sensitivity.contractsPriced || sensitivity.corridorsPriced
          ? "atSideConstraintPrices"
          : "atImpliedCarbonPrice";
  return {
    model,
    result,
    x,
    outputT,
    laneT,
    usedLanes,
    legT,
    hubT,
    routes: decomposeRoutes(model.legs, legT),
    sensitivity,
    sensitivityStatus,
    sensitivityNote:
      sensitivityStatus === "skipped"
        ? (options.notApplicable ?? skippedNote(mode, model.laneTable.length, autoMaxLanes))
        : sensitivityNotes[sensitivityStatus],
    unusedLanesTop: top,
  };
}
