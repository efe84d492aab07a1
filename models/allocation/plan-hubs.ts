// The plan's multimodal tables: routed flows and sources, hub throughputs and corridor use, annual or per period.
import type { LpResult } from "../lp.ts";
import { type AllocationAnalysis, clean } from "./analysis.ts";
import type { AllocationModel } from "./build.ts";
import type { LegEnd } from "./build-hubs.ts";
import type { Network } from "./network.ts";
import { hasSurcharges } from "./network-surcharges.ts";
import type { PlanCorridor, PlanHub } from "./plan-hubs-schema.ts";
import type { PlanFlow, PlanSource } from "./plan-schema.ts";
import { type RoutedFlow, routeLegs, routeModeLabel, routeTerms } from "./routes.ts";

type Optimal = Extract<LpResult, { status: "optimal" }>;

/** The province of a leg's end. */
export function legEndProvince(network: Network, end: LegEnd): string {
  const list =
    end.kind === "plant"
      ? network.plants
      : end.kind === "hub"
        ? (network.hubs ?? [])
        : end.kind === "smelter"
          ? network.smelters
          : network.ports;
  return list[end.index]?.province ?? "";
}

/** The destination id of a route. */
export function routeDestinationId(network: Network, route: RoutedFlow): string {
  const list = route.destination.kind === "smelter" ? network.smelters : network.ports;
  return list[route.destination.index]?.id ?? "";
}

/** Every route through legs as a flow, in decomposition order (after the lanes' flows). */
export function routedFlows(a: AllocationAnalysis): PlanFlow[] {
  const { network, legs } = a.model;
  return a.routes.map((route) => {
    const terms = routeTerms(network, legs, route);
    return {
      from: network.plants[route.plant]?.id ?? "",
      to: routeDestinationId(network, route),
      mode: routeModeLabel(network, legs, route),
      tonnes: route.tonnes,
      distanceKm: terms.km,
      costPerT: terms.freightPerT,
      cost: route.tonnes * terms.freightPerT,
      ...(hasSurcharges(network) ? { surchargePerT: terms.surchargePerT } : {}),
      co2T: (route.tonnes * terms.co2KgPerT) / 1000,
      hubHandlingPerT: terms.hubHandlingPerT,
      route: routeLegs(network, legs, route),
    };
  });
}

/** What a smelter gets by one route, and what it costs delivered (hub handling included). */
export function routedSource(a: AllocationAnalysis, route: RoutedFlow): PlanSource {
  const { network, legs } = a.model;
  const terms = routeTerms(network, legs, route);
  const plant = network.plants[route.plant];
  const carbonCostPerT = (network.options.carbonPricePerT * terms.co2KgPerT) / 1000;
  const productionCostPerT = plant?.productionCostPerT ?? 0;
  return {
    from: plant?.id ?? "",
    mode: routeModeLabel(network, legs, route),
    tonnes: route.tonnes,
    productionCostPerT,
    freightPerT: terms.freightPerT,
    carbonCostPerT,
    ...(hasSurcharges(network) ? { surchargePerT: terms.surchargePerT } : {}),
    hubHandlingPerT: terms.hubHandlingPerT,
    deliveredCostPerT:
      productionCostPerT +
      terms.freightPerT +
      terms.surchargePerT +
      carbonCostPerT +
      terms.hubHandlingPerT,
  };
}

/** A value of one more unit of an upper bound from a dual in the program's sense: cost form, >= 0. */
const valueOfDual = (sense: "min" | "max", dual: number | undefined) =>
  dual === undefined ? null : clean(Math.max(0, -(sense === "max" ? -1 : 1) * dual));

/**
 * Each hub's throughput, capacity, handling cost and marginal value. `column(j)` maps an annual
 * column to the solved program's (identity for an annual plan, the period's copy for a period);
 * `share` scales annual capacities (the period's weight). `next`, when given, is the residual
 * network's next-tonne value per hub; otherwise the solver's reduced cost of the throughput column.
 */
export function hubsTable(
  model: AllocationModel,
  result: Optimal,
  column: (annualColumn: number) => number,
  share: number,
  next?: (h: number) => number | null,
): PlanHub[] {
  return (model.network.hubs ?? []).map((hub, h) => {
    const j = column(model.hubColumn[h] as number);
    const throughputT = clean(result.columnValues[j] ?? 0);
    const dual = result.duals?.reducedCosts[j];
    return {
      id: hub.id,
      name: hub.name,
      kind: hub.kind,
      province: hub.province,
      throughputT,
      capacityT: hub.capacityT === undefined ? null : hub.capacityT * share,
      handlingCostPerT: hub.handlingCostPerT,
      handlingCost: throughputT * hub.handlingCostPerT,
      marginalValuePerT: next ? next(h) : valueOfDual(model.lp.sense, dual),
    };
  });
}

/** Each corridor's use against its capacity, with its row's dual as the value of one more tonne. */
export function corridorsTable(
  model: AllocationModel,
  result: Optimal,
  column: (annualColumn: number) => number,
  row: (annualRow: number) => number,
  share: number,
): PlanCorridor[] {
  return (model.network.corridors ?? []).map((corridor, c) => {
    const annualRow = model.lp.rows[model.corridorRow[c] as number];
    const usedT = clean(
      (annualRow?.terms ?? []).reduce(
        (sum, term) => sum + term.coef * (result.columnValues[column(term.column)] ?? 0),
        0,
      ),
    );
    const dual = result.duals?.rowDuals[row(model.corridorRow[c] as number)];
    return {
      id: corridor.id,
      name: corridor.name,
      usedT,
      capacityT: corridor.capacityT * share,
      marginalValuePerT: valueOfDual(model.lp.sense, dual),
    };
  });
}
