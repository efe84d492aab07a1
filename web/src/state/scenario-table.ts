// The scenarios table's rows: each saved plan with its scenario's name, then each scenario of the
// dataset that has no plan (one whose plans were deleted), so it can still be renamed or deleted.
import type { Scenario } from "../api.ts";
import type { SavedPlan } from "./planner-state.ts";

export interface ScenarioRow {
  key: string;
  scenarioId: string;
  /** The stored plan; null for a scenario without one. */
  planId: string | null;
  name: string;
  status: string;
  totals: SavedPlan["totals"];
  /** How many stored plans the scenario has (all rows of one scenario share it). */
  planCount: number;
}

export function scenarioRows(
  saved: readonly SavedPlan[],
  scenarios: ReadonlyMap<string, Scenario>,
): ScenarioRow[] {
  const counts = new Map<string, number>();
  for (const plan of saved) counts.set(plan.scenarioId, (counts.get(plan.scenarioId) ?? 0) + 1);
  const planned: ScenarioRow[] = saved.map((plan) => ({
    key: plan.id,
    scenarioId: plan.scenarioId,
    planId: plan.id,
    name: plan.name,
    status: plan.status,
    totals: plan.totals,
    planCount: counts.get(plan.scenarioId) ?? 0,
  }));
  const unplanned: ScenarioRow[] = [...scenarios.values()]
    .filter((s) => !counts.has(s.id))
    .map((s) => ({
      key: s.id,
      scenarioId: s.id,
      planId: null,
      name: s.name,
      status: "not solved",
      totals: null,
      planCount: 0,
    }));
  return [...planned, ...unplanned];
}
