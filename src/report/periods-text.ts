// A plan's periods as terminal text: the month-by-month totals, inflow by province, stocks and marginal costs.
import type { Network } from "../../models/allocation/network.ts";
import type { Plan, PlanPeriod } from "../../models/allocation/plan-schema.ts";
import { type Column, fixed, kt, percent, textTable } from "./text-table.ts";

const sum = <T>(rows: readonly T[], value: (row: T) => number) =>
  rows.reduce((total, row) => total + value(row), 0);

/** One row per period: capacity, output, demand, deliveries, exports, shortfall and stock, kt. */
function totalsByPeriod(periods: readonly PlanPeriod[]): string {
  const columns: Column<PlanPeriod>[] = [
    { header: "Period", value: (p) => p.id, align: "left" },
    { header: "Weight", value: (p) => percent(p.weight) },
    { header: "Capacity kt", value: (p) => kt(sum(p.plants, (r) => r.capacityT)) },
    { header: "Output kt", value: (p) => kt(sum(p.plants, (r) => r.outputT)) },
    { header: "Demand kt", value: (p) => kt(sum(p.smelters, (r) => r.demandT)) },
    { header: "Delivered kt", value: (p) => kt(sum(p.smelters, (r) => r.receivedT)) },
    { header: "Exports kt", value: (p) => kt(sum(p.ports, (r) => r.exportT)) },
    { header: "Unmet demand kt", value: (p) => kt(sum(p.smelters, (r) => r.shortfallT)) },
    { header: "Closing stock kt", value: (p) => kt(sum(p.inventories, (r) => r.closingT)) },
    { header: "Holding k CNY", value: (p) => fixed(p.holdingCost / 1000) },
  ];
  return textTable(periods, columns);
}

/** A row of a per-period table: a province or a stock holder, one value per period. */
interface ProvinceRow {
  province: string;
  values: number[];
}

/** A table with one row per province (or holder) and one column per period, plus the year where it adds up. */
function byProvince(
  label: string,
  periods: readonly PlanPeriod[],
  rows: readonly ProvinceRow[],
  format: (value: number) => string,
  year: ((row: ProvinceRow) => string) | null,
): string {
  const columns: Column<ProvinceRow>[] = [
    { header: label, value: (r) => r.province, align: "left" },
    ...periods.map((p, t) => ({
      header: p.id,
      value: (r: ProvinceRow) => format(r.values[t] ?? 0),
    })),
    ...(year ? [{ header: "Year", value: year }] : []),
  ];
  return textTable(rows, columns);
}

/** Per receiving province, tonnes its smelters get from other provinces' plants in each period. */
function inflowRows(network: Network, periods: readonly PlanPeriod[]): ProvinceRow[] {
  const provinceOf = new Map(
    [...network.plants, ...network.smelters].map((node) => [node.id, node.province]),
  );
  const smelters = new Set(network.smelters.map((s) => s.id));
  const rows = new Map<string, number[]>();
  periods.forEach((period, t) => {
    for (const f of period.flows) {
      const [from, to] = [provinceOf.get(f.from), provinceOf.get(f.to)];
      if (!smelters.has(f.to) || !to || from === to) continue;
      const values = rows.get(to) ?? new Array<number>(periods.length).fill(0);
      values[t] = (values[t] ?? 0) + f.tonnes;
      rows.set(to, values);
    }
  });
  return [...rows.entries()]
    .map(([province, values]) => ({ province, values }))
    .sort((a, b) => sum(b.values, (v) => v) - sum(a.values, (v) => v));
}

/** Per province, the demand-weighted mean of its smelters' marginal costs in each period. */
function marginalRows(network: Network, periods: readonly PlanPeriod[]): ProvinceRow[] {
  const provinceOf = new Map(network.smelters.map((s) => [s.id, s.province]));
  const provinces = [...new Set(network.smelters.map((s) => s.province))].sort();
  return provinces.map((province) => ({
    province,
    values: periods.map((period) => {
      const own = period.smelters.filter((s) => provinceOf.get(s.id) === province);
      const demand = sum(own, (s) => s.demandT);
      if (own.some((s) => s.marginalCostPerT === null) || demand <= 0) return Number.NaN;
      return sum(own, (s) => (s.marginalCostPerT ?? 0) * s.demandT) / demand;
    }),
  }));
}

/** Per holder, its closing stock in each period. */
function stockRows(periods: readonly PlanPeriod[]): ProvinceRow[] {
  const first = periods[0]?.inventories ?? [];
  return first.map((holder, h) => ({
    province: `${holder.id} (${holder.kind}, cap ${kt(holder.capacityT)})`,
    values: periods.map((p) => p.inventories[h]?.closingT ?? 0),
  }));
}

/** Per hub its throughput, per corridor its use, in each period (with hubs or corridors only). */
function routeRows(plan: Plan, periods: readonly PlanPeriod[]): ProvinceRow[] {
  const first = periods[0];
  return [
    ...(first?.hubs ?? []).map((hub, h) => ({
      province: `hub ${hub.id}`,
      values: periods.map((p) => p.hubs?.[h]?.throughputT ?? 0),
    })),
    ...(first?.corridors ?? []).map((corridor, c) => ({
      province: `corridor ${corridor.id} (${kt(plan.corridors?.[c]?.capacityT ?? 0)} kt a year, by weight)`,
      values: periods.map((p) => p.corridors?.[c]?.usedT ?? 0),
    })),
  ];
}

/** The month-by-month section of a plan with periods; empty for an annual plan. */
export function periodsToText(network: Network, plan: Plan): string[] {
  const periods = plan.periods;
  if (!periods || periods.length === 0) return [];
  const ktOf = (value: number) => kt(value);
  const yearKt = (row: ProvinceRow) => kt(sum(row.values, (v) => v));
  const inflow = inflowRows(network, periods);
  const stocks = stockRows(periods);
  const routes = routeRows(plan, periods);
  const cny = (value: number) => (Number.isFinite(value) ? fixed(value, 0) : "-");
  return [
    "",
    `By period (${periods.length}; tonnes in the period, kt):`,
    totalsByPeriod(periods),
    "",
    "Inflow from other provinces by receiving province (kt in the period):",
    inflow.length > 0 ? byProvince("Province", periods, inflow, ktOf, yearKt) : "  none",
    "",
    "Closing stock by holder (kt at the end of the period; the year ends with the initial stock):",
    stocks.length > 0
      ? byProvince("Holder", periods, stocks, ktOf, null)
      : "  none (no inventory in the network)",
    ...(routes.length > 0
      ? [
          "",
          "Hub throughput and corridor use by period (kt in the period):",
          byProvince("Hub or corridor", periods, routes, ktOf, yearKt),
        ]
      : []),
    "",
    "Marginal cost by province and period (CNY/t: the next tonne of that period's demand, demand-weighted over its smelters; -: not available):",
    network.smelters.length > 0
      ? byProvince("Province", periods, marginalRows(network, periods), cny, null)
      : "  none (no smelters)",
  ];
}
