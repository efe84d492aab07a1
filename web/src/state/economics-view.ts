// The Economics tab's rows, read off a plan: every port with its limits, exports, netback and
// markets; marginal costs with the range over which each holds; the unused lanes nearest to use.
// Tonnes and CNY per tonne as the plan gives them; the columns scale them to their headers' units.
import type { Plan } from "../api.ts";

type PlanPort = Plan["ports"][number];
type Marginal = NonNullable<Plan["smelters"][number]["marginal"]>;

/** One port: its limits and exports in tonnes, its netback in CNY/t, its markets by name. */
export interface PortRow {
  id: string;
  province: string;
  minExportT: number;
  maxExportT: number;
  exportT: number;
  /** exportT over maxExportT, 0..1; null where the port may export nothing. */
  shareOfMax: number | null;
  shortfallT: number;
  netbackPerT: number | null;
  /** The markets it sold to, most tonnes first; empty where it exports nothing or has no routes. */
  markets: string[];
}

export function portRows(plan: Plan): PortRow[] {
  const marketName = new Map((plan.markets ?? []).map((m) => [m.id, m.name]));
  return plan.ports.map((p: PlanPort) => ({
    id: p.id,
    province: p.province,
    minExportT: p.minExportT,
    maxExportT: p.maxExportT,
    exportT: p.exportT,
    shareOfMax: p.maxExportT > 0 ? p.exportT / p.maxExportT : null,
    shortfallT: p.shortfallT,
    netbackPerT: p.netbackPerT ?? null,
    markets: [...(p.markets ?? [])]
      .filter((m) => m.tonnes > 0)
      .sort((a, b) => b.tonnes - a.tonnes)
      .map((m) => marketName.get(m.market) ?? m.market),
  }));
}

/** The markets column in words: their names, or why there are none. */
export function marketsText(row: PortRow, hasRoutes: boolean): string {
  if (row.exportT <= 0) return "none (no exports)";
  if (row.markets.length > 0) return row.markets.join(", ");
  return hasRoutes ? "–" : "FOB at the port";
}

/** A marginal cost and the range over which it holds, for a province, smelter or port. */
export interface MarginalRow {
  id: string;
  /** The province (a smelter's or port's), or the province itself. */
  province: string;
  marginalCostPerT: number | null;
  previousTonnePerT: number | null;
  /** Tonnes more for which the figure holds; null without limit; undefined: not computed. */
  moreT: number | null | undefined;
  /** Tonnes fewer for which it still prices the next tonne; undefined: not computed. */
  fewerT: number | undefined;
  degenerate: boolean | null;
}

const rangeOf = (marginal: Marginal | null | undefined) => ({
  previousTonnePerT: marginal?.previousTonnePerT ?? null,
  moreT:
    marginal?.range === null || marginal === undefined || marginal === null
      ? undefined
      : marginal.range.moreT,
  fewerT: marginal?.range?.fewerT,
  degenerate: marginal?.degenerate ?? null,
});

/** Each province's marginal cost (demand-weighted over its smelters) with the smallest range. */
export const provinceMarginalRows = (plan: Plan): MarginalRow[] =>
  plan.provinces
    .filter((p) => p.demandT > 0)
    .map((p) => ({
      id: p.province,
      province: p.province,
      marginalCostPerT: p.marginalCostPerT ?? null,
      ...rangeOf(p.marginal),
    }));

/** Each smelter's marginal cost of one more tonne of demand, with its range. */
export const smelterMarginalRows = (plan: Plan): MarginalRow[] =>
  plan.smelters.map((s) => ({
    id: s.id,
    province: s.province,
    marginalCostPerT: s.marginalCostPerT ?? null,
    ...rangeOf(s.marginal),
  }));

/** "no limit" for an open range, "–" where none was computed, else tonnes as given. */
export const rangeValue = (t: number | null | undefined): number | null =>
  t === undefined ? null : t;

/**
 * Why the ranges (or the figures) are missing, in the analysis's own words (plan.sensitivity.note);
 * null when the figures and ranges are exact and present.
 */
export function marginalNote(plan: Plan): string | null {
  const sensitivity = plan.sensitivity;
  if (sensitivity === undefined) {
    return plan.provinces.some((p) => typeof p.marginalCostPerT === "number")
      ? null
      : "This plan carries no marginal costs.";
  }
  if (sensitivity.status === "exact") return null;
  return sensitivity.note;
}

/** One unused lane: its ends, mode, and the CNY/t its cost must fall by before the plan uses it. */
export interface UnusedLaneRow {
  key: string;
  from: string;
  to: string;
  mode: string;
  reducedCostPerT: number | null;
}

/**
 * The unused lanes nearest to use, smallest reduced cost first (as the plan lists them), at most
 * `limit`; lanes no cost makes usable (null) last.
 */
export function unusedLaneRows(plan: Plan, limit: number): UnusedLaneRow[] {
  const lanes = (plan.unusedLanes ?? []).map((lane) => ({
    key: `${lane.from}>${lane.to}:${lane.mode}`,
    ...lane,
  }));
  const priced = lanes.filter((l) => l.reducedCostPerT !== null);
  const never = lanes.filter((l) => l.reducedCostPerT === null);
  return [
    ...priced.sort((a, b) => (a.reducedCostPerT ?? 0) - (b.reducedCostPerT ?? 0)),
    ...never,
  ].slice(0, limit);
}

/** The line above the unused lanes: how many the plan lists of how many lanes carry nothing. */
export function unusedLanesLine(plan: Plan, shown: number): string {
  const listed = plan.unusedLanes?.length ?? 0;
  const count = plan.unusedLaneCount ?? listed;
  if (count === 0) return "Every lane carries flow.";
  if (listed === 0)
    return `${count} lanes carry no flow; the plan lists none with its reduced cost (${
      plan.sensitivity?.note ?? "no duals"
    })`;
  const of = shown < count ? `the ${shown} nearest to use of ${count}` : `all ${count}`;
  return `Lanes without flow: ${of}. A lane is used once its cost per tonne falls by more than its reduced cost.`;
}
