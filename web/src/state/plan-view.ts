// What the plan view reads of a plan besides its totals and flows: the warnings it shows first, the
// export markets with the netbacks per port and plant, and CO2 by scope.
import type { Plan } from "../api.ts";
import { tonnes } from "../format.ts";
import type { PlannerState } from "./planner-state.ts";

export type PlanWarning = NonNullable<Plan["warnings"]>[number];
export type PlanMarket = NonNullable<Plan["markets"]>[number];

/** One line of the warning banner: what is left short, in the CLI's words, with its unit. */
export interface WarningLine {
  key: string;
  code: PlanWarning["code"];
  subject: string;
  tonnes: number;
  text: string;
}

/**
 * The shown plan's warnings, largest first as the plan lists them. A plan stored before plans
 * carried `warnings` still names each smelter and port left short, read from their rows.
 */
export function planWarnings(plan: Plan): Omit<PlanWarning, "message">[] {
  if (plan.warnings) return plan.warnings;
  const short = (code: PlanWarning["code"], rows: readonly { id: string; shortfallT: number }[]) =>
    rows
      .filter((row) => row.shortfallT > 0)
      .map((row) => ({ code, subject: row.id, tonnes: row.shortfallT }));
  return [...short("unmetDemand", plan.smelters), ...short("unmetMinimumExport", plan.ports)].sort(
    (a, b) => b.tonnes - a.tonnes,
  );
}

/** The banner's lines, naming each smelter and port as the map does. */
export function warningLines(plan: Plan, nameOf: (id: string) => string): WarningLine[] {
  return planWarnings(plan).map((w) => ({
    key: `${w.code}:${w.subject}`,
    code: w.code,
    subject: w.subject,
    tonnes: w.tonnes,
    text:
      w.code === "unmetDemand"
        ? `Smelter ${nameOf(w.subject)} is short of ${tonnes(w.tonnes)} of anode demand`
        : `Port ${nameOf(w.subject)} exports ${tonnes(w.tonnes)} less than its minimum`,
  }));
}

/** Warnings of the plan on screen; none while no plan is shown. */
export const shownWarnings = (state: PlannerState) =>
  state.shown ? planWarnings(state.shown.plan) : [];

/** One port-to-market route of the plan, as the Exports tab lists them. */
export interface RouteRow {
  port: string;
  market: string;
  tonnes: number;
  pricePerT: number;
  freightPerT: number;
  netbackPerT: number;
}

/**
 * The plan's exports: markets (only where the network has them), each route used, and the ports
 * and plants that export with their tonnes and netback (CNY per tonne; null when not in the plan).
 */
export function exportsView(plan: Plan) {
  const ports = plan.ports.filter((p) => p.exportT > 0);
  return {
    markets: plan.markets ?? [],
    routes: ports.flatMap((p): RouteRow[] => (p.markets ?? []).map((m) => ({ port: p.id, ...m }))),
    ports: ports.map((p) => ({ id: p.id, exportT: p.exportT, netbackPerT: p.netbackPerT ?? null })),
    plants: plan.plants
      .filter((p) => (p.exportT ?? 0) > 0)
      .map((p) => ({ id: p.id, exportT: p.exportT ?? 0, netbackPerT: p.netbackPerT ?? null })),
  };
}

export type ExportsView = ReturnType<typeof exportsView>;

/** CO2 by scope, tonnes CO2e per year: transport always, production and the total where the plan has them. */
export function co2ByScope(totals: NonNullable<Plan["totals"]>): { scope: string; t: number }[] {
  const production = totals.co2ProductionT;
  if (production === undefined) return [{ scope: "Transport CO2", t: totals.co2T }];
  return [
    { scope: "Transport CO2", t: totals.co2T },
    { scope: "Production CO2", t: production },
    { scope: "Total CO2", t: totals.co2TotalT ?? totals.co2T + production },
  ];
}
