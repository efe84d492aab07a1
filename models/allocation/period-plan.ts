// Solution of the time-expanded program -> plan: the annual tables over summed periods, then per-period tables.

import { columnCount, type LpResult } from "../lp.ts";
import { flowToleranceT } from "../tolerances.ts";
import { clean, periodMarginalsAutoMaxLanePeriods, runsSensitivity } from "./analysis.ts";
import type { LaneTerms } from "./build.ts";
import { hasContracts } from "./network-contracts.ts";
import { hasRoutes } from "./network-hubs.ts";
import { periodSmelterMarginals } from "./period-marginals.ts";
import type { PeriodicModel } from "./periods.ts";
import { type InterpretOptions, interpretPlan } from "./plan.ts";
import { contractsTable } from "./plan-contracts.ts";
import { corridorsTable, hubsTable, routeDestinationId } from "./plan-hubs.ts";
import { shortfallWarnings } from "./plan-markets.ts";
import type { Plan, PlanPeriod } from "./plan-schema.ts";
import { decomposeRoutes, routeModeLabel } from "./routes.ts";

type Optimal = Extract<LpResult, { status: "optimal" }>;

/** Why the annual sensitivity figures are absent from a plan with periods (sensitivity.note). */
export const periodsSensitivityNote =
  "The network has periods: the annual flows and totals are sums over periods, which no single annual marginal cost, capacity value, range or reduced cost describes, so those are left out; each period's smelters carry the cost of one more tonne of that period's demand (periods[].smelters[].marginalCostPerT).";

/** The note when side rows (corridors, contracts, the CO2 cap) price the per-period marginal costs. */
const periodsSideRowsNote = `${periodsSensitivityNote.slice(0, -1)}. The program has side constraints (corridors, contracts or the CO2 cap), so those marginal costs hold at their duals (each period's corridors[].marginalValuePerT, contracts[].marginalValuePerT, the implied carbon price), those rows held fixed.`;

/** The note when the per-period marginal costs were skipped as well (the solve's sensitivity option). */
const periodsSkippedNote = (lanePeriods: number) =>
  `The network has periods: the annual flows and totals are sums over periods, so annual marginal costs, capacity values, ranges and reduced costs are left out, and the per-period marginal costs (periods[].smelters[].marginalCostPerT) were skipped too: sensitivity "off", or "auto" on ${lanePeriods} lane-periods (lanes x periods) above its threshold; solve again with sensitivity "full" for them.`;

/** The annual program's column values: each the sum of its copies over the periods. */
function sumOverPeriods(model: PeriodicModel, result: Optimal): Optimal {
  const columnValues = new Array<number>(columnCount(model.annual.lp)).fill(0);
  for (const columns of model.column) {
    columns.forEach((expanded, j) => {
      columnValues[j] = (columnValues[j] as number) + (result.columnValues[expanded] ?? 0);
    });
  }
  // The duals of the expanded rows price period quantities, not annual ones: none are passed on.
  return { status: "optimal", objective: result.objective, columnValues, solver: result.solver };
}

/**
 * The plan of a network with periods: the annual plan of the summed solution (so every existing
 * field keeps its meaning), its holding cost in the totals, and `periods[]`.
 */
export function interpretPeriodicPlan(
  model: PeriodicModel,
  result: LpResult,
  options: InterpretOptions = {},
): Plan {
  // Not optimal: status and message, with the diagnosis of the expanded program if infeasible.
  if (result.status !== "optimal") return interpretPlan(model.annual, result, options);
  // The per-period analysis runs on the expanded network: "auto" counts its lanes once per period.
  const lanePeriods = model.annual.laneTable.length * model.periods.length;
  const analysed = runsSensitivity(
    options.sensitivity ?? "auto",
    lanePeriods,
    options.sensitivityAutoMaxLanes ?? periodMarginalsAutoMaxLanePeriods,
  );
  const sideRows =
    model.annual.corridorRow.length > 0 ||
    model.annual.contractRow.length > 0 ||
    model.annual.co2CapRow >= 0;
  const note = !analysed
    ? periodsSkippedNote(lanePeriods)
    : sideRows
      ? periodsSideRowsNote
      : periodsSensitivityNote;
  const summed = sumOverPeriods(model, result);
  const plan = withPeriodShortfalls(
    model,
    summed,
    interpretPlan(model.annual, summed, { ...options, notApplicable: note }),
  );
  const periods = periodTables(model, result, analysed);
  const holdingCost = periods.reduce((sum, period) => sum + period.holdingCost, 0);
  const totals = plan.totals && {
    ...plan.totals,
    holdingCost,
    totalCost: plan.totals.totalCost + holdingCost,
    margin: plan.totals.margin - holdingCost,
  };
  return { ...plan, totals, periods, ...periodContracts(model, summed, result) };
}

/**
 * contracts[] with the duals of their annual rows (13) in the expanded program, found by name (the
 * summed solution the annual tables read carries no duals).
 */
function periodContracts(model: PeriodicModel, summed: Optimal, result: Optimal) {
  if (!hasContracts(model.network)) return {};
  const rowIndex = new Map(model.lp.rows.map((row, i) => [row.name, i]));
  const laneT = Array.from({ length: model.annual.laneTable.length }, (_, l) =>
    clean(summed.columnValues[model.annual.flowColumn[l] as number] ?? 0),
  );
  const contracts = model.network.contracts ?? [];
  return {
    contracts: contractsTable(model.annual, laneT, (c) => {
      const i = rowIndex.get(`contract:${contracts[c]?.id}`);
      return i === undefined ? undefined : result.duals?.rowDuals[i];
    }),
  };
}

/**
 * Shortfalls summed over periods. The annual tables take a port's shortfall as its minimum less its
 * exports over the year, but a port short in one period and above its minimum in another is short
 * all the same (and penalised): the sum of the shortfall columns counts it, and so do the warnings,
 * the penalty, totalCost and margin.
 */
function withPeriodShortfalls(model: PeriodicModel, summed: Optimal, plan: Plan): Plan {
  if (!plan.totals) return plan;
  const { annual } = model;
  const x = (column: number) => (column < 0 ? 0 : clean(summed.columnValues[column] ?? 0));
  const smelters = plan.smelters.map((row, s) => ({
    ...row,
    shortfallT: x(annual.shortfallColumn[s] as number),
  }));
  const ports = plan.ports.map((row, k) => ({
    ...row,
    shortfallT: x(annual.exportShortfallColumn[k] as number),
  }));
  const shortfallT = [...smelters, ...ports].reduce((sum, row) => sum + row.shortfallT, 0);
  const extra = (shortfallT - plan.totals.shortfallT) * model.network.options.shortfallPenaltyPerT;
  return {
    ...plan,
    warnings: shortfallWarnings(smelters, ports),
    smelters,
    ports,
    totals: {
      ...plan.totals,
      shortfallT,
      shortfallPenalty: plan.totals.shortfallPenalty + extra,
      totalCost: plan.totals.totalCost + extra,
      margin: plan.totals.margin - extra,
    },
  };
}

/** Ids of lane l's plant, destination and mode. */
function laneEnds(model: PeriodicModel, l: number) {
  const { network } = model;
  const lanes = model.annual.laneTable;
  const destination = lanes.destinationOf(l);
  const to =
    destination.kind === "smelter"
      ? network.smelters[destination.index]
      : network.ports[destination.index];
  return {
    from: network.plants[lanes.plant[l] as number]?.id ?? "",
    to: to?.id ?? "",
    mode: network.modes[lanes.mode[l] as number]?.id ?? "",
  };
}

/** The lanes that carry tonnes in a period, as its flows. */
function usedLaneFlows(model: PeriodicModel, laneT: Float64Array) {
  const flows: { from: string; to: string; mode: string; tonnes: number }[] = [];
  for (let l = 0; l < laneT.length; l++)
    if ((laneT[l] as number) > flowToleranceT)
      flows.push({ ...laneEnds(model, l), tonnes: laneT[l] as number });
  return flows;
}

/** Per period: flows, output, deliveries, exports, closing stocks and the smelters' marginals. */
function periodTables(model: PeriodicModel, result: Optimal, analysed: boolean): PlanPeriod[] {
  const { annual } = model;
  const marginals = analysed ? periodSmelterMarginals(model, result) : undefined;
  return model.periods.map((period, t) => {
    const columns = model.column[t] as Int32Array;
    const x = (annualColumn: number) =>
      annualColumn < 0 ? 0 : clean(result.columnValues[columns[annualColumn] as number] ?? 0);
    const lanes = annual.laneTable;
    const laneT = Float64Array.from(annual.flowColumn, (column) => x(column));
    const routes = decomposeRoutes(
      annual.legs,
      Float64Array.from(annual.legs, (_, a) => x(annual.legColumn[a] as number)),
    );
    const received = {
      smelter: new Float64Array(annual.network.smelters.length),
      port: new Float64Array(annual.network.ports.length),
    };
    const receive = (destination: LaneTerms["destination"], tonnes: number) => {
      const into = received[destination.kind];
      into[destination.index] = (into[destination.index] as number) + tonnes;
    };
    for (let l = 0; l < lanes.length; l++) receive(lanes.destinationOf(l), laneT[l] as number);
    for (const route of routes) receive(route.destination, route.tonnes);
    const inflow = (kind: "smelter" | "port", index: number) => received[kind][index] as number;
    const share = (kind: keyof PeriodicModel["share"], i: number) => model.share[kind][t]?.[i] ?? 0;
    const inventories = stockTable(model, result, t);
    return {
      id: period.id,
      weight: period.weight,
      flows: [
        ...usedLaneFlows(model, laneT),
        ...routes.map((route) => ({
          from: annual.network.plants[route.plant]?.id ?? "",
          to: routeDestinationId(annual.network, route),
          mode: routeModeLabel(annual.network, annual.legs, route),
          tonnes: route.tonnes,
        })),
      ],
      plants: annual.network.plants.map((plant, p) => ({
        id: plant.id,
        capacityT: plant.capacityT * share("plant", p),
        outputT: x(annual.outputColumn[p] as number),
      })),
      smelters: annual.network.smelters.map((smelter, s) => {
        const marginal = marginals?.[t]?.[s];
        return {
          id: smelter.id,
          demandT: (annual.demandT[s] as number) * share("smelter", s),
          receivedT: inflow("smelter", s),
          shortfallT: x(annual.shortfallColumn[s] as number),
          marginalCostPerT:
            marginal !== undefined && Number.isFinite(marginal) ? clean(marginal) : null,
        };
      }),
      ports: annual.network.ports.map((port, k) => ({
        id: port.id,
        receivedT: inflow("port", k),
        exportT: clean(
          x(annual.exportColumn[k] as number) - x(annual.exportShortfallColumn[k] as number),
        ),
        shortfallT: x(annual.exportShortfallColumn[k] as number),
        minExportT: port.minExportT * share("port", k),
        maxExportT: port.maxExportT * share("port", k),
      })),
      inventories,
      holdingCost: inventories.reduce((sum, row) => sum + row.holdingCost, 0),
      ...(hasRoutes(annual.network) ? periodRoutesTables(model, result, t, period.weight) : {}),
    };
  });
}

/** Each holder's opening and closing stock in period t, with the closing stock's holding cost. */
function stockTable(model: PeriodicModel, result: Optimal, t: number): PlanPeriod["inventories"] {
  const n = model.periods.length;
  const value = (period: number, h: number) =>
    clean(result.columnValues[model.stockColumn[period]?.[h] as number] ?? 0);
  return model.holders.map((holder, h) => {
    const closingT = value(t, h);
    return {
      id: holder.id,
      kind: holder.kind,
      openingT: value((t + n - 1) % n, h),
      closingT,
      capacityT: holder.inventory.capacityT,
      holdingCost: closingT * holder.inventory.holdingCostPerTPerPeriod,
    };
  });
}

/**
 * A period's hubs and corridors: throughput and use on the period's columns, capacities spread by
 * the period's weight, marginal values from the expanded program's duals (null without them).
 */
function periodRoutesTables(model: PeriodicModel, result: Optimal, t: number, weight: number) {
  const columns = model.column[t] as Int32Array;
  const rows = model.row[t] as Int32Array;
  const column = (j: number) => columns[j] as number;
  const row = (i: number) => rows[i] as number;
  return {
    hubs: hubsTable(model.annual, result, column, weight),
    corridors: corridorsTable(model.annual, result, column, row, weight),
  };
}
