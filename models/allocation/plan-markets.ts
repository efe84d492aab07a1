// Solution -> the plan's market economics: sales by tier, netbacks per port and plant, domestic
// revenue, production CO2, and the warnings that name every unmet smelter and port.

import { flowToleranceT as tolT } from "../tolerances.ts";
import { type AllocationModel, tierWidthT } from "./build.ts";
import type { Plan, PlanMarket, PlanWarning } from "./plan-schema.ts";
import { type RoutedFlow, routeTerms } from "./routes.ts";

type Value = (column: number) => number;
type PortRow = Plan["ports"][number];
type PlantRow = Plan["plants"][number];

const perT = (amount: number, tonnes: number) => (tonnes > tolT ? amount / tonnes : null);

/**
 * Tonnes of each tier. Under maxMargin the solution's; under minCost, where tier prices are not in
 * the objective and any split of a market's tonnes among its tiers is equally cheap, the tonnes are
 * booked to the tiers in order, so the revenue reported does not depend on the backend.
 */
function tierTonnes(model: AllocationModel, x: Value, m: number): number[] {
  const market = model.network.markets?.[m];
  const solved = Array.from(model.saleColumn[m] as Int32Array, (column) => x(column));
  if (!market || model.network.options.objective === "maxMargin") return solved;
  let left = solved.reduce((sum, t) => sum + t, 0);
  return market.tiers.map((_, j) => {
    const take = Math.min(left, tierWidthT(market.tiers, j));
    left -= take;
    return take;
  });
}

/** Tonnes and revenue of each market by tier. */
function marketSales(model: AllocationModel, x: Value): PlanMarket[] {
  return (model.network.markets ?? []).map((market, m) => {
    const tonnesOf = tierTonnes(model, x, m);
    const tiers = market.tiers.map((tier, j) => ({
      upToT: tier.upToT ?? null,
      pricePerT: tier.pricePerT,
      tonnes: tonnesOf[j] ?? 0,
    }));
    const tonnes = tiers.reduce((sum, tier) => sum + tier.tonnes, 0);
    const revenue = tiers.reduce((sum, tier) => sum + tier.tonnes * tier.pricePerT, 0);
    const sold = tiers.filter((tier) => tier.tonnes > tolT);
    return {
      id: market.id,
      name: market.name,
      tonnes,
      revenue,
      averagePricePerT: perT(revenue, tonnes),
      marginalPricePerT: sold.length > 0 ? Math.min(...sold.map((tier) => tier.pricePerT)) : null,
      tiers,
    };
  });
}

/** Each port's routes with tonnes and netback, and its tonne-weighted netback. */
function portNetbacks(model: AllocationModel, x: Value, markets: readonly PlanMarket[]) {
  const { network } = model;
  const byPort = network.ports.map((): NonNullable<PortRow["markets"]> => []);
  const portIndex = new Map(network.ports.map((p, k) => [p.id, k]));
  const marketById = new Map(markets.map((m) => [m.id, m]));
  network.exportRoutes?.forEach((route, r) => {
    const k = portIndex.get(route.port) as number;
    const tonnes = x(model.shipColumn[r] as number);
    if (tonnes <= tolT) return;
    const pricePerT = marketById.get(route.market)?.averagePricePerT ?? 0;
    byPort[k]?.push({
      market: route.market,
      tonnes,
      freightPerT: route.freightPerT,
      pricePerT,
      netbackPerT: pricePerT - route.freightPerT - (network.ports[k]?.handlingCostPerT ?? 0),
    });
  });
  return network.ports.map((port, k) => {
    const routes = byPort[k] ?? [];
    const exported = x(model.exportColumn[k] as number);
    if ((model.quayRow[k] as number) < 0)
      return { netbackPerT: exported > tolT ? port.fobPricePerT - port.handlingCostPerT : null };
    const tonnes = routes.reduce((sum, r) => sum + r.tonnes, 0);
    const value = routes.reduce(
      (sum, r) => sum + r.tonnes * (r.netbackPerT + port.fobPricePerT),
      0,
    );
    return { markets: routes, netbackPerT: perT(value, tonnes) };
  });
}

/** Each plant's export tonnes and their netback: the port's netback less the inland freight. */
function plantNetbacks(
  model: AllocationModel,
  x: Value,
  ports: readonly (number | null)[],
  routes: readonly RoutedFlow[],
) {
  const exportT = new Float64Array(model.network.plants.length);
  const value = new Float64Array(model.network.plants.length);
  const lanes = model.laneTable;
  for (let l = 0; l < lanes.length; l++) {
    const destination = lanes.destinationOf(l);
    if (destination.kind !== "port") continue;
    const tonnes = x(model.flowColumn[l] as number);
    if (tonnes <= tolT) continue;
    const portNetback = ports[destination.index] ?? 0;
    const p = lanes.plant[l] as number;
    exportT[p] = (exportT[p] as number) + tonnes;
    value[p] = (value[p] as number) + tonnes * (portNetback - (lanes.freightPerT[l] as number));
  }
  // Routes through hubs to a port: their inland cost is the legs' freight and the hubs' handling.
  for (const route of routes) {
    if (route.destination.kind !== "port") continue;
    const terms = routeTerms(model.network, model.legs, route);
    const portNetback = ports[route.destination.index] ?? 0;
    const inland = terms.freightPerT + terms.hubHandlingPerT;
    exportT[route.plant] = (exportT[route.plant] as number) + route.tonnes;
    value[route.plant] = (value[route.plant] as number) + route.tonnes * (portNetback - inland);
  }
  return Array.from(exportT, (tonnes, p) => ({
    exportT: tonnes,
    netbackPerT: perT(value[p] as number, tonnes),
  }));
}

/** One warning per smelter and port left short, largest first. */
export function shortfallWarnings(
  smelters: readonly { id: string; shortfallT: number }[],
  ports: readonly { id: string; shortfallT: number }[],
): PlanWarning[] {
  const fmt = (t: number) => `${Math.round(t).toLocaleString("en-US")} t`;
  return [
    ...smelters
      .filter((s) => s.shortfallT > tolT)
      .map((s) => ({
        code: "unmetDemand" as const,
        subject: s.id,
        tonnes: s.shortfallT,
        message: `Smelter ${s.id} is short of ${fmt(s.shortfallT)} of anode demand (shortfall allowed and used)`,
      })),
    ...ports
      .filter((k) => k.shortfallT > tolT)
      .map((k) => ({
        code: "unmetMinimumExport" as const,
        subject: k.id,
        tonnes: k.shortfallT,
        message: `Port ${k.id} exports ${fmt(k.shortfallT)} less than its minimum (shortfall allowed and used)`,
      })),
  ].sort((a, b) => b.tonnes - a.tonnes || a.subject.localeCompare(b.subject));
}

/**
 * The market economics of an optimal solution: totals to add to the plan's, rows to merge into its
 * ports and plants, and its markets. Without markets, prices or production CO2 every figure is 0
 * and nothing is added to a row, so such a plan reads exactly as before.
 */
export type MarketEconomics = ReturnType<typeof interpretMarkets>;

export function interpretMarkets(
  model: AllocationModel,
  x: Value,
  receivedT: Float64Array,
  routes: readonly RoutedFlow[] = [],
) {
  const { network } = model;
  const hasMarkets = (network.markets?.length ?? 0) > 0;
  const markets = marketSales(model, x);
  const ports = portNetbacks(model, x, markets);
  const plants = plantNetbacks(
    model,
    x,
    ports.map((p) => p.netbackPerT),
    routes,
  );
  let co2ProductionT = 0;
  network.plants.forEach((plant, p) => {
    co2ProductionT += (x(model.outputColumn[p] as number) * (plant.co2KgPerT ?? 0)) / 1000;
  });
  let exportFreightCost = 0;
  network.exportRoutes?.forEach((route, r) => {
    exportFreightCost += x(model.shipColumn[r] as number) * route.freightPerT;
  });
  const domesticRevenue = network.smelters.reduce(
    (sum, smelter, s) => sum + (smelter.pricePerT ?? 0) * (receivedT[s] as number),
    0,
  );
  return {
    salesRevenue: markets.reduce((sum, m) => sum + m.revenue, 0),
    exportFreightCost,
    domesticRevenue,
    co2ProductionT,
    markets: hasMarkets ? markets : undefined,
    portRow: (k: number): Partial<PortRow> => ports[k] ?? {},
    plantRow: (p: number): Partial<PlantRow> => plants[p] ?? {},
  };
}
