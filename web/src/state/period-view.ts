// A plan with periods as the page reads it: one period's flows, rows and marginal costs in the plan's
// own shape (so the map and tables draw it as they draw the year), and the month-by-month tables.
import type { Plan } from "../api.ts";
import type { PlannerState } from "./planner-state.ts";

export type PlanPeriod = NonNullable<Plan["periods"]>[number];
type Province = Plan["provinces"][number];

const sum = <T>(rows: readonly T[], value: (row: T) => number) =>
  rows.reduce((total, row) => total + value(row), 0);

/** The period of the shown plan the page is set to; null for the year (or a plan without periods). */
export function shownPeriod(state: PlannerState): PlanPeriod | null {
  const { period, shown } = state;
  return period === null ? null : (shown?.plan.periods?.find((p) => p.id === period) ?? null);
}

// One period's plan per period object, so each render draws the same plan and the map's memo holds.
const periodPlans = new WeakMap<PlanPeriod, Plan>();

/** The plan the map and the Flows and Provinces tabs show: the year, or the chosen period. */
export function viewedPlan(state: PlannerState): Plan | null {
  const plan = state.shown?.plan ?? null;
  const period = shownPeriod(state);
  if (plan === null || period === null) return plan;
  const cached = periodPlans.get(period) ?? periodPlan(plan, period);
  periodPlans.set(period, cached);
  return cached;
}

/**
 * One period of a plan as a plan: its flows (with the year's lane distance, freight and CO2 per
 * tonne), plants, smelters, ports and provinces in tonnes in the period, and the smelters' marginal
 * costs of that period's demand. The annual analysis (sources, alternatives, netbacks, markets)
 * describes the year only and is left out; totals and warnings stay the year's. Flows keep the
 * year's route and hub handling per tonne; hubs and corridors are the period's.
 */
export function periodPlan(plan: Plan, period: PlanPeriod): Plan {
  const annual = new Map(plan.flows.map((f) => [`${f.from}>${f.to}:${f.mode}`, f]));
  const flows = period.flows.flatMap((f) => {
    const year = annual.get(`${f.from}>${f.to}:${f.mode}`);
    if (year === undefined) return [];
    const perT = (value: number) => (year.tonnes > 0 ? (value / year.tonnes) * f.tonnes : 0);
    return [{ ...year, tonnes: f.tonnes, cost: f.tonnes * year.costPerT, co2T: perT(year.co2T) }];
  });
  const ports = new Set(plan.ports.map((k) => k.id));
  const exportT = (plant: string) =>
    sum(
      flows.filter((f) => f.from === plant && ports.has(f.to)),
      (f) => f.tonnes,
    );
  const provinceOf = new Map(
    [...plan.plants, ...plan.smelters, ...plan.ports].map((row) => [row.id, row.province]),
  );
  const here = (id: string) => provinceOf.get(id) ?? "";
  const plants = period.plants.map((row) => ({
    id: row.id,
    province: here(row.id),
    capacityT: row.capacityT,
    outputT: row.outputT,
    utilization: row.capacityT > 0 ? row.outputT / row.capacityT : 0,
    exportT: exportT(row.id),
  }));
  const smelters = period.smelters.map((row) => ({ ...row, province: here(row.id) }));
  const periodPorts = period.ports.map(({ receivedT: _, ...row }) => ({
    ...row,
    province: here(row.id),
  }));
  return {
    ...plan,
    warnings: undefined,
    flows,
    plants,
    smelters,
    ports: periodPorts,
    markets: undefined,
    provinces: periodProvinces(plan.provinces, { flows, plants, smelters, ports: periodPorts }),
    unusedLanes: undefined,
    periods: undefined,
    // The period's hub throughputs and corridor use (capacities weight x annual), where it has them.
    ...(period.hubs ? { hubs: period.hubs } : {}),
    ...(period.corridors ? { corridors: period.corridors } : {}),
  };
}

type Rows = Pick<Plan, "flows" | "plants" | "smelters" | "ports">;

/** Each province of the year's table with the period's figures, as the plan computes the year's. */
function periodProvinces(year: readonly Province[], rows: Rows): Province[] {
  const provinceOf = new Map(
    [...rows.plants, ...rows.smelters, ...rows.ports].map((row) => [row.id, row.province]),
  );
  const ports = new Set(rows.ports.map((k) => k.id));
  return year.map(({ province }) => {
    const own = <T extends { province: string }>(list: readonly T[]) =>
      list.filter((row) => row.province === province);
    const smelters = own(rows.smelters);
    const across = (f: Plan["flows"][number]) =>
      !ports.has(f.to) && provinceOf.get(f.from) !== provinceOf.get(f.to);
    const into = rows.flows.filter((f) => across(f) && provinceOf.get(f.to) === province);
    const out = rows.flows.filter((f) => across(f) && provinceOf.get(f.from) === province);
    return {
      province,
      capacityT: sum(own(rows.plants), (p) => p.capacityT),
      outputT: sum(own(rows.plants), (p) => p.outputT),
      demandT: sum(smelters, (s) => s.demandT),
      receivedT: sum(smelters, (s) => s.receivedT),
      exportT: sum(own(rows.plants), (p) => p.exportT ?? 0),
      netInflowT: sum(into, (f) => f.tonnes) - sum(out, (f) => f.tonnes),
      marginalCostPerT: demandWeighted(smelters),
    };
  });
}

type Priced = Pick<Plan["smelters"][number], "demandT" | "marginalCostPerT">;

/** Demand-weighted mean of the smelters' marginal costs (equal weights without demand); null if any lacks one. */
function demandWeighted(smelters: readonly Priced[]): number | null {
  const costs = smelters.map((s) => s.marginalCostPerT);
  if (smelters.length === 0 || costs.some((c) => typeof c !== "number")) return null;
  const demand = sum(smelters, (s) => s.demandT);
  const weight = (s: Priced) => (demand > 0 ? s.demandT / demand : 1 / smelters.length);
  return sum(smelters, (s) => weight(s) * (s.marginalCostPerT as number));
}

/** One row of a month-by-month table: a province or a stock holder, one value per period. */
export interface ByPeriodRow<Value = number> {
  key: string;
  label: string;
  values: Value[];
}

/** Per receiving province, tonnes its smelters get from other provinces' plants in each period (as the CLI). */
export function inflowByPeriod(plan: Plan): ByPeriodRow[] {
  const periods = plan.periods ?? [];
  const provinceOf = new Map(
    [...plan.plants, ...plan.smelters].map((row) => [row.id, row.province]),
  );
  const smelters = new Set(plan.smelters.map((s) => s.id));
  const rows = new Map<string, number[]>();
  periods.forEach((period, t) => {
    for (const f of period.flows) {
      const [from, to] = [provinceOf.get(f.from), provinceOf.get(f.to)];
      if (!smelters.has(f.to) || to === undefined || from === to) continue;
      const values = rows.get(to) ?? new Array<number>(periods.length).fill(0);
      values[t] = (values[t] ?? 0) + f.tonnes;
      rows.set(to, values);
    }
  });
  return [...rows.entries()].map(([province, values]) => ({
    key: province,
    label: province,
    values,
  }));
}

/**
 * Per province with smelters, the demand-weighted mean of their marginal costs in each period, CNY
 * per tonne of that period's demand (as the CLI); null where a smelter's is not available.
 */
export function marginalByPeriod(plan: Plan): ByPeriodRow<number | null>[] {
  const provinceOf = new Map(plan.smelters.map((s) => [s.id, s.province]));
  const provinces = [...new Set(plan.smelters.map((s) => s.province))].sort();
  return provinces.map((province) => ({
    key: province,
    label: province,
    values: (plan.periods ?? []).map((period) =>
      demandWeighted(period.smelters.filter((s) => provinceOf.get(s.id) === province)),
    ),
  }));
}

/** Per stock holder, its closing stock in each period. */
export function stockByPeriod(plan: Plan): ByPeriodRow[] {
  const periods = plan.periods ?? [];
  return (periods[0]?.inventories ?? []).map((holder, h) => ({
    key: `${holder.kind}:${holder.id}`,
    label: `${holder.id} (${holder.kind})`,
    values: periods.map((p) => p.inventories[h]?.closingT ?? 0),
  }));
}

/** One row per period: what the CLI's "By period" table shows, tonnes in the period and CNY. */
export function periodTotals(period: PlanPeriod) {
  return {
    id: period.id,
    weight: period.weight,
    capacityT: sum(period.plants, (r) => r.capacityT),
    outputT: sum(period.plants, (r) => r.outputT),
    demandT: sum(period.smelters, (r) => r.demandT),
    deliveredT: sum(period.smelters, (r) => r.receivedT),
    exportT: sum(period.ports, (r) => r.exportT),
    shortfallT: sum(period.smelters, (r) => r.shortfallT),
    closingStockT: sum(period.inventories, (r) => r.closingT),
    holdingCost: period.holdingCost,
  };
}

export type PeriodTotals = ReturnType<typeof periodTotals>;
