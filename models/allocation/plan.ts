// Solver result -> plan in the public plan format v1: the analysis once, then one builder per table.
import type { LpResult } from "../lp.ts";
import { type AnalysisOptions, analyseAllocation } from "./analysis.ts";
import type { AllocationModel } from "./build.ts";
import type { Diagnosis } from "./diagnosis-schema.ts";
import type { Plan } from "./plan-schema.ts";
import {
  flowsTable,
  plantsTable,
  portsTable,
  provincesTable,
  smeltersTable,
  totalsTable,
  unusedLanesTable,
} from "./plan-tables.ts";

export {
  defaultUnusedLanesTop,
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

export function interpretPlan(
  model: AllocationModel,
  result: LpResult,
  options: InterpretOptions = {},
): Plan {
  const { network } = model;
  if (result.status !== "optimal") {
    return {
      ...unsolvedPlan(network.name, result.status, result.message, result.solver),
      ...(options.diagnosis !== undefined ? { diagnosis: options.diagnosis } : {}),
    };
  }
  const analysis = analyseAllocation(model, result, options);
  const tables = {
    flows: flowsTable(analysis),
    plants: plantsTable(analysis),
    smelters: smeltersTable(analysis),
    ports: portsTable(analysis),
  };
  return {
    format: "anodeflow.plan/v1",
    network: network.name,
    solver: result.solver,
    status: "optimal",
    objective: { sense: model.lp.sense, kind: network.options.objective, value: result.objective },
    totals: totalsTable(analysis, tables),
    ...tables,
    provinces: provincesTable(analysis, tables),
    unusedLanes: unusedLanesTable(analysis),
    unusedLaneCount: model.lanes.length - analysis.usedLanes.length,
    sensitivity: { status: analysis.sensitivityStatus, note: analysis.sensitivityNote },
  };
}
