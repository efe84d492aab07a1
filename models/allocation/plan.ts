// Solver result -> plan in the public plan format v1: the analysis once, then one builder per table.
import type { LpResult } from "../lp.ts";
import {
  type AllocationAnalysis,
  type AnalysisOptions,
  analyseAllocation,
  clean,
} from "./analysis.ts";
import type { AllocationModel } from "./build.ts";
import type { Diagnosis } from "./diagnosis-schema.ts";
import { hasContracts } from "./network-contracts.ts";
import { hasRoutes } from "./network-hubs.ts";
import { hasSurcharges } from "./network-surcharges.ts";
import { contractsTable } from "./plan-contracts.ts";
import { corridorsTable, hubsTable } from "./plan-hubs.ts";
import { interpretMarkets, shortfallWarnings } from "./plan-markets.ts";
import type { Plan } from "./plan-schema.ts";
import {
  flowsTable,
  plantsTable,
  portsTable,
  provincesTable,
  smeltersTable,
  surchargesTable,
  totalsTable,
  unusedLanesTable,
} from "./plan-tables.ts";

export {
  defaultUnusedLanesTop,
  periodMarginalsAutoMaxLanePeriods,
  runsSensitivity,
  type SensitivityMode,
  sensitivityAutoMaxLanes,
  sensitivityModes,
} from "./analysis.ts";

export interface InterpretOptions extends AnalysisOptions {
  /** Attached to a plan that is not optimal (see diagnosis.ts). */
  diagnosis?: Diagnosis | null;
}

/** The plan of a solve that found no optimum: status and message, and no values. */
export function unsolvedPlan(
  networkName: string,
  status: Exclude<Plan["status"], "optimal">,
  message: string,
  solver: Plan["solver"],
): Plan {
  return {
    format: "anodeflow.plan/v1",
    network: networkName,
    status,
    message,
    objective: null,
    totals: null,
    flows: [],
    plants: [],
    smelters: [],
    ports: [],
    provinces: [],
    solver,
  };
}

/** Why a plan with lots has no marginal figures: its fixed LP did not solve (time, most likely). */
const fixedLpMissingNote =
  "The network has lots (a MILP, which has no duals), and the LP with the lot counts fixed that prices the plan did not solve within the time left, so marginal figures and reduced costs are left out; solve again with a longer time limit for them.";

/**
 * The plan of a solve. `analysis`, when given, is analyseAllocation's of this model, result and
 * options, made beforehand (so a caller can time it apart); otherwise it is made here.
 */
export function interpretPlan(
  model: AllocationModel,
  result: LpResult,
  options: InterpretOptions = {},
  analysed?: AllocationAnalysis,
): Plan {
  const { network } = model;
  if (result.status !== "optimal") {
    return {
      ...unsolvedPlan(network.name, result.status, result.message, result.solver),
      ...(options.diagnosis !== undefined ? { diagnosis: options.diagnosis } : {}),
    };
  }
  // Corridor rows (11) are side constraints: the analysis prices them at their duals, as contracts.
  const analysis = analysed ?? analyseAllocation(model, result, options);
  const tables = {
    flows: flowsTable(analysis),
    plants: plantsTable(analysis),
    smelters: smeltersTable(analysis),
    ports: portsTable(analysis),
  };
  const receivedT = Float64Array.from(tables.smelters, (row) => row.receivedT);
  const market = interpretMarkets(model, analysis.x, receivedT, analysis.routes);
  return {
    format: "anodeflow.plan/v1",
    network: network.name,
    solver: result.solver,
    status: "optimal",
    warnings: shortfallWarnings(tables.smelters, tables.ports),
    objective: {
      sense: model.lp.sense,
      kind: network.options.objective,
      value: result.objective + model.objectiveOffset,
    },
    totals: totalsTable(analysis, tables, market),
    flows: tables.flows,
    plants: tables.plants.map((row, p) => Object.assign(row, market.plantRow(p))),
    smelters: tables.smelters,
    ports: tables.ports.map((row, k) => Object.assign(row, market.portRow(k))),
    ...(market.markets ? { markets: market.markets } : {}),
    provinces: provincesTable(analysis, tables),
    ...(hasContracts(network)
      ? {
          contracts: contractsTable(
            model,
            analysis.laneT,
            (c) => result.duals?.rowDuals[model.contractRow[c] as number],
          ),
        }
      : {}),
    ...(hasSurcharges(network) ? { surcharges: surchargesTable(analysis) } : {}),
    ...(hasRoutes(network) ? routesTables(analysis) : {}),
    unusedLanes: unusedLanesTable(analysis),
    unusedLaneCount: model.laneTable.length - analysis.usedLanes.length,
    sensitivity: {
      status: analysis.sensitivityStatus,
      note:
        result.solver.mipStatus !== undefined && !result.duals
          ? fixedLpMissingNote
          : analysis.sensitivityNote,
      // A MILP's duals are its fixed LP's (src/solve/milp.ts).
      ...(result.solver.mipStatus !== undefined && result.duals
        ? { dualsFrom: "fixedLp" as const }
        : {}),
    },
  };
}

/**
 * hubs[] and corridors[] of an annual plan. A hub's marginal value is the residual network's next
 * tonne (at the corridors' prices where one binds), a corridor's the solver's dual of its row (11),
 * where the analysis ran; otherwise (no duals, analysis skipped) every marginal value is null.
 */
function routesTables(analysis: ReturnType<typeof analyseAllocation>) {
  const { model, result, sensitivity } = analysis;
  const same = (j: number) => j;
  const solved = sensitivity !== undefined ? result : { ...result, duals: undefined };
  const next = sensitivity
    ? (h: number) => {
        const m = sensitivity.hubCapacity[h];
        return m && Number.isFinite(m.next) ? clean(-m.next) : null;
      }
    : undefined;
  return {
    hubs: hubsTable(model, solved, same, 1, next),
    corridors: corridorsTable(model, solved, same, same, 1),
  };
}
