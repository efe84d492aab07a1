// One builder per table of an optimal plan, each reading the finished analysis (analysis.ts).

import type { Marginal } from "../network-flow/marginals.ts";
import { type AllocationAnalysis, clean, deliveredCostPerT } from "./analysis.ts";
import type { Mode, Plant, Port, Smelter } from "./network.ts";
import { hasRoutes } from "./network-hubs.ts";
import { hasSurcharges, surchargeApplies } from "./network-surcharges.ts";
import { lotFields } from "./plan-contracts.ts";
import { legEndProvince, routedFlows, routedSource } from "./plan-hubs.ts";
import type { MarketEconomics } from "./plan-markets.ts";
import type {
  Plan,
  PlanFlow,
  PlanProvince,
  PlanSource,
  PlanSurcharge,
  PlanTotals,
  PlanUnusedLane,
} from "./plan-schema.ts";
import { type RoutedFlow, routeTerms } from "./routes.ts";

type PlanPlantRow = Plan["plants"][number];
type PlanSmelterRow = Plan["smelters"][number];
type PlanPortRow = Plan["ports"][number];

const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
const finiteOrNull = (value: number) => (Number.isFinite(value) ? clean(value) : null);
const sum = <T>(rows: readonly T[], value: (row: T) => number) =>
  rows.reduce((total, row) => total + value(row), 0);

/** A marginal figure in the plan's terms; `negate` turns a cost slope into a value (capacity). */
function marginalDetail(m: Marginal | undefined, negate: boolean, a: AllocationAnalysis) {
  if (!m || !a.sensitivity) return { figure: null, detail: null };
  const sign = negate ? -1 : 1;
  return {
    figure: finiteOrNull(sign * m.next),
    detail: {
      previousTonnePerT: finiteOrNull(sign * m.previous),
      degenerate: m.degenerate,
      range: a.sensitivity.rangesExact
        ? { moreT: finiteOrNull(m.moreT), fewerT: clean(m.fewerT) }
        : null,
    },
  };
}

/** Ids of a lane's ends and mode. */
function laneIds(a: AllocationAnalysis, lane: number) {
  const { network } = a.model;
  const terms = a.model.laneTable.at(lane);
  const to =
    terms.destination.kind === "smelter"
      ? (network.smelters[terms.destination.index] as Smelter)
      : (network.ports[terms.destination.index] as Port);
  return {
    terms,
    plant: network.plants[terms.plant] as Plant,
    to,
    mode: (network.modes[terms.mode] as Mode).id,
  };
}

/** `{ surchargePerT }` where the network has surcharges, else nothing (plans without stay as they were). */
const surchargeField = (a: AllocationAnalysis, perT: number) =>
  hasSurcharges(a.model.network) ? { surchargePerT: perT } : {};

/**
 * Every lane carrying tonnes, in lane order, then every route through legs (routes.ts). With hubs,
 * legs or corridors each flow carries its route leg by leg (a lane: one leg).
 */
export function flowsTable(a: AllocationAnalysis): PlanFlow[] {
  const routed = hasRoutes(a.model.network);
  const lanes = a.usedLanes.map((l) => {
    const { terms, plant, to, mode } = laneIds(a, l);
    const tonnes = a.laneT[l] as number;
    const route = [
      { from: plant.id, to: to.id, mode, km: terms.distanceKm, costPerT: terms.freightPerT },
    ];
    return {
      from: plant.id,
      to: to.id,
      mode,
      tonnes,
      distanceKm: terms.distanceKm,
      costPerT: terms.freightPerT,
      cost: tonnes * terms.freightPerT,
      ...surchargeField(a, terms.surchargePerT),
      co2T: (tonnes * terms.co2KgPerT) / 1000,
      ...(routed ? { hubHandlingPerT: 0, route } : {}),
      ...lotFields(terms.lotT, tonnes),
    };
  });
  return routed ? [...lanes, ...routedFlows(a)] : lanes;
}

/** Per smelter or port, the routes through legs that end there. */
function routesInto(a: AllocationAnalysis, kind: "smelter" | "port"): RoutedFlow[][] {
  const count = kind === "smelter" ? a.model.network.smelters.length : a.model.network.ports.length;
  const into: RoutedFlow[][] = Array.from({ length: count }, () => []);
  for (const route of a.routes)
    if (route.destination.kind === kind) into[route.destination.index]?.push(route);
  return into;
}

export function plantsTable(a: AllocationAnalysis): PlanPlantRow[] {
  return a.model.network.plants.map((plant, p) => {
    const output = a.outputT[p] as number;
    const marginal = marginalDetail(a.sensitivity?.plantCapacity[p], true, a);
    return {
      id: plant.id,
      province: plant.province,
      capacityT: plant.capacityT,
      outputT: output,
      utilization: ratio(output, plant.capacityT),
      capacityValuePerT: marginal.figure,
      capacityValue: marginal.detail,
    };
  });
}

/** What a smelter gets from one lane, and what it costs delivered. */
function source(a: AllocationAnalysis, l: number): PlanSource {
  const { terms, plant, mode } = laneIds(a, l);
  return {
    from: plant.id,
    mode,
    tonnes: a.laneT[l] as number,
    productionCostPerT: plant.productionCostPerT,
    freightPerT: terms.freightPerT,
    carbonCostPerT: (a.model.network.options.carbonPricePerT * terms.co2KgPerT) / 1000,
    ...surchargeField(a, terms.surchargePerT),
    deliveredCostPerT: deliveredCostPerT(a.model, l),
  };
}

/** Per smelter, the lanes into it that carry tonnes, in lane order. */
function lanesInto(a: AllocationAnalysis, kind: "smelter" | "port"): number[][] {
  const count = kind === "smelter" ? a.model.network.smelters.length : a.model.network.ports.length;
  const into: number[][] = Array.from({ length: count }, () => []);
  for (const l of a.usedLanes) {
    const destination = a.model.laneTable.destinationOf(l);
    if (destination.kind === kind) into[destination.index]?.push(l);
  }
  return into;
}

function bestAlternative(a: AllocationAnalysis, s: number): PlanSmelterRow["bestAlternative"] {
  const alternative = a.sensitivity?.bestAlternative[s];
  if (!alternative || !Number.isFinite(alternative.reducedCostPerT)) return null;
  const { plant, mode } = laneIds(a, alternative.lane);
  return {
    from: plant.id,
    mode,
    deliveredCostPerT: deliveredCostPerT(a.model, alternative.lane),
    reducedCostPerT: clean(alternative.reducedCostPerT),
  };
}

export function smeltersTable(a: AllocationAnalysis): PlanSmelterRow[] {
  const into = lanesInto(a, "smelter");
  const routed = routesInto(a, "smelter");
  const { network, legs } = a.model;
  return a.model.network.smelters.map((smelter, s) => {
    const lanes = into[s] ?? [];
    const routes = routed[s] ?? [];
    const demand = a.model.demandT[s] as number;
    const received = sum(lanes, (l) => a.laneT[l] as number) + sum(routes, (route) => route.tonnes);
    const routesCo2T = sum(
      routes,
      (route) => (route.tonnes * routeTerms(network, legs, route).co2KgPerT) / 1000,
    );
    const marginal = marginalDetail(a.sensitivity?.smelters[s], false, a);
    return {
      id: smelter.id,
      province: smelter.province,
      demandT: demand,
      receivedT: received,
      shortfallT: Math.max(0, clean(demand - received)),
      co2T:
        sum(
          lanes,
          (l) => ((a.laneT[l] as number) * (a.model.laneTable.co2KgPerT[l] as number)) / 1000,
        ) + routesCo2T,
      marginalCostPerT: marginal.figure,
      marginal: marginal.detail,
      ...(a.sensitivity?.smelterSurchargePerT
        ? { marginalSurchargePerT: finiteOrNull(a.sensitivity.smelterSurchargePerT[s] ?? NaN) }
        : {}),
      sources: [
        ...lanes.map((l) => source(a, l)),
        ...routes.map((route) => routedSource(a, route)),
      ].sort((x, y) => y.tonnes - x.tonnes),
      bestAlternative: bestAlternative(a, s),
    };
  });
}

export function portsTable(a: AllocationAnalysis): PlanPortRow[] {
  const into = lanesInto(a, "port");
  const routed = routesInto(a, "port");
  return a.model.network.ports.map((port, k) => {
    const exported =
      sum(into[k] ?? [], (l) => a.laneT[l] as number) +
      sum(routed[k] ?? [], (route) => route.tonnes);
    const marginal = marginalDetail(a.sensitivity?.ports[k], false, a);
    return {
      id: port.id,
      province: port.province,
      exportT: exported,
      minExportT: port.minExportT,
      maxExportT: port.maxExportT,
      shortfallT: Math.max(0, clean(port.minExportT - exported)),
      marginalCostPerT: marginal.figure,
      marginal: marginal.detail,
    };
  });
}

/** Tables the totals are summed from, in the order they were built. */
export interface PlanTables {
  flows: PlanFlow[];
  plants: PlanPlantRow[];
  smelters: PlanSmelterRow[];
  ports: PlanPortRow[];
}

export function totalsTable(
  a: AllocationAnalysis,
  t: PlanTables,
  market: MarketEconomics,
): PlanTotals {
  const { network } = a.model;
  const plant = (p: number) => network.plants[p] as Plant;
  const handlingCost =
    sum(a.usedLanes, (l) => {
      const destination = a.model.laneTable.destinationOf(l);
      const port = destination.kind === "port" ? network.ports[destination.index] : undefined;
      return port ? (a.laneT[l] as number) * port.handlingCostPerT : 0;
    }) +
    sum(a.routes, (route) =>
      route.destination.kind === "port"
        ? route.tonnes * (network.ports[route.destination.index]?.handlingCostPerT ?? 0)
        : 0,
    );
  const routed = hasRoutes(network);
  const hubHandlingCost = sum(
    (network.hubs ?? []).map((hub, h) => (a.hubT[h] as number) * hub.handlingCostPerT),
    (cost) => cost,
  );
  const indexed = <T>(rows: readonly T[]) => rows.map((row, i) => ({ row, i }));
  const productionCost = sum(
    indexed(t.plants),
    ({ row, i }) => row.outputT * plant(i).productionCostPerT,
  );
  const transportCost = sum(t.flows, (f) => f.cost);
  const surchargeCost = sum(t.flows, (f) => f.tonnes * (f.surchargePerT ?? 0));
  const co2T = sum(t.flows, (f) => f.co2T);
  const capacityT = sum(t.plants, (row) => row.capacityT);
  const outputT = sum(t.plants, (row) => row.outputT);
  const highEfficiencyOutputT = sum(indexed(t.plants), ({ row, i }) =>
    plant(i).highEfficiency ? row.outputT : 0,
  );
  const exportT = sum(t.ports, (row) => row.exportT);
  const exportRevenue =
    sum(indexed(t.ports), ({ row, i }) => row.exportT * (network.ports[i] as Port).fobPricePerT) +
    market.salesRevenue;
  // Smelters' shortfalls, then ports', into one running sum.
  const shortfallT = t.ports.reduce(
    (total, row) => total + row.shortfallT,
    sum(t.smelters, (row) => row.shortfallT),
  );
  const shortfallPenalty = shortfallT * network.options.shortfallPenaltyPerT;
  const co2TotalT = co2T + market.co2ProductionT;
  const carbonCost = co2TotalT * network.options.carbonPricePerT;
  const totalCost =
    productionCost +
    transportCost +
    handlingCost +
    market.exportFreightCost +
    surchargeCost +
    carbonCost +
    shortfallPenalty +
    (routed ? hubHandlingCost : 0);
  return {
    productionCost,
    transportCost,
    handlingCost,
    carbonCost,
    exportRevenue,
    domesticRevenue: market.domesticRevenue,
    exportFreightCost: market.exportFreightCost,
    ...(hasSurcharges(network) ? { surchargeCost } : {}),
    shortfallPenalty,
    ...(routed ? { hubHandlingCost } : {}),
    totalCost,
    margin: exportRevenue + market.domesticRevenue - totalCost,
    capacityT,
    outputT,
    idleCapacityT: capacityT - outputT,
    utilization: ratio(outputT, capacityT),
    highEfficiencyOutputT,
    highEfficiencyShare: ratio(highEfficiencyOutputT, outputT),
    demandT: sum(t.smelters, (row) => row.demandT),
    deliveredT: sum(t.smelters, (row) => row.receivedT),
    exportT,
    shortfallT,
    co2T,
    co2ProductionT: market.co2ProductionT,
    co2TotalT,
    co2CapT: network.options.co2CapT ?? null,
    impliedCarbonPricePerT: a.sensitivity?.impliedCarbonPricePerT ?? null,
  };
}

/** Each surcharge with the tonnes on the lanes it applies to and what it costs. */
export function surchargesTable(a: AllocationAnalysis): PlanSurcharge[] {
  const { network } = a.model;
  return (network.surcharges ?? []).map((surcharge) => {
    const tonnes =
      sum(a.usedLanes, (l) => {
        const { plant, to } = laneIds(a, l);
        return surchargeApplies(surcharge, plant.province, to.province)
          ? (a.laneT[l] as number)
          : 0;
      }) +
      // A leg into a smelter or port carries the surcharges of its origin's province (build-hubs.ts).
      sum(a.routes, (route) => {
        const last = a.model.legs[route.legs.at(-1) as number];
        if (!last) return 0;
        const from = legEndProvince(network, last.from);
        const to = legEndProvince(network, last.to);
        return surchargeApplies(surcharge, from, to) ? route.tonnes : 0;
      });
    return {
      id: surcharge.id,
      name: surcharge.name,
      toProvinces: surcharge.toProvinces,
      fromOutside: surcharge.fromOutside,
      costPerT: surcharge.costPerT,
      tonnes,
      cost: tonnes * surcharge.costPerT,
      basis: surcharge.basis ?? null,
    };
  });
}

/** Lanes without flow by exact reduced cost, at most the analysis's `unusedLanesTop`. */
export function unusedLanesTable(a: AllocationAnalysis): PlanUnusedLane[] {
  return (a.sensitivity?.unusedLanes ?? [])
    .slice(0, a.unusedLanesTop)
    .map(({ lane, reducedCostPerT }) => {
      const { plant, to, mode } = laneIds(a, lane);
      return { from: plant.id, to: to.id, mode, reducedCostPerT: finiteOrNull(reducedCostPerT) };
    });
}

/**
 * Per province: capacity and output of its plants, demand and receipts of its smelters, what its
 * plants export and its net inflow across province lines, with its smelters' marginal figures;
 * largest capacity first.
 */
export function provincesTable(a: AllocationAnalysis, t: PlanTables): PlanProvince[] {
  const provinces = new Map<string, PlanProvince>();
  const province = (name: string) => {
    let row = provinces.get(name);
    if (!row) {
      row = {
        province: name,
        capacityT: 0,
        outputT: 0,
        demandT: 0,
        receivedT: 0,
        exportT: 0,
        netInflowT: 0,
      };
      provinces.set(name, row);
    }
    return row;
  };
  const { network } = a.model;
  const carried = [
    ...a.usedLanes.map((l) => {
      const { terms, plant, to } = laneIds(a, l);
      return { kind: terms.destination.kind, plant, to, tonnes: a.laneT[l] as number };
    }),
    ...a.routes.map((route) => ({
      kind: route.destination.kind,
      plant: network.plants[route.plant] as Plant,
      to: (route.destination.kind === "smelter" ? network.smelters : network.ports)[
        route.destination.index
      ] as Smelter | Port,
      tonnes: route.tonnes,
    })),
  ];
  for (const { kind, plant, to, tonnes } of carried) {
    if (kind === "port") province(plant.province).exportT += tonnes;
    else if (plant.province !== to.province) {
      province(plant.province).netInflowT -= tonnes;
      province(to.province).netInflowT += tonnes;
    }
  }
  t.plants.forEach((row) => {
    const own = province(row.province);
    own.capacityT += row.capacityT;
    own.outputT += row.outputT;
  });
  t.smelters.forEach((row) => {
    const own = province(row.province);
    own.demandT += row.demandT;
    own.receivedT += row.receivedT;
  });
  for (const row of provinces.values())
    Object.assign(row, provinceMarginal(row.province, t.smelters));
  return [...provinces.values()].sort(
    (x, y) => y.capacityT - x.capacityT || x.province.localeCompare(y.province),
  );
}

/** Demand-weighted mean of the province's smelters' figures; ranges are the tightest of theirs. */
function provinceMarginal(
  name: string,
  smelters: readonly PlanSmelterRow[],
): Pick<PlanProvince, "marginalCostPerT" | "marginal" | "marginalSurchargePerT"> {
  const own = smelters.filter((s) => s.province === name);
  if (own.length === 0 || own.some((s) => !s.marginal))
    return { marginalCostPerT: null, marginal: null };
  const totalDemand = own.reduce((total, s) => total + s.demandT, 0);
  const weight = (s: PlanSmelterRow) =>
    totalDemand > 0 ? s.demandT / totalDemand : 1 / own.length;
  const mean = (value: (s: PlanSmelterRow) => number | null | undefined) =>
    own.some((s) => value(s) == null)
      ? null
      : own.reduce((total, s) => total + weight(s) * (value(s) as number), 0);
  const ranges = own.map((s) => s.marginal?.range);
  const range = ranges.every((r) => r)
    ? {
        moreT: ranges.some((r) => r?.moreT != null)
          ? Math.min(...ranges.map((r) => r?.moreT ?? Infinity))
          : null,
        fewerT: Math.min(...ranges.map((r) => r?.fewerT ?? 0)),
      }
    : null;
  return {
    marginalCostPerT: mean((s) => s.marginalCostPerT),
    ...(own.some((s) => s.marginalSurchargePerT !== undefined)
      ? { marginalSurchargePerT: mean((s) => s.marginalSurchargePerT) }
      : {}),
    marginal: {
      previousTonnePerT: mean((s) => s.marginal?.previousTonnePerT),
      degenerate: own.some((s) => s.marginal?.degenerate),
      range,
    },
  };
}
