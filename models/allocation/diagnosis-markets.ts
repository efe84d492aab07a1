// Infeasibility diagnosis at the export side: relaxations of export routes and market tiers, and the
// quays, markets and routes of a conflict with their tonnes.
import type { AllocationModel } from "./build.ts";
import type { ConflictMarket, ConflictQuay, HardLimit } from "./diagnosis-schema.ts";
import { nodeIndex } from "./flow-graph.ts";

/** One column of the elastic program that breaks a hard limit, as an arc of the network. */
export interface Relaxation {
  column: number;
  limit: HardLimit;
  id: string;
  /** Arc ends in the network of flow-graph.ts (0 is the ground); -1 for the CO2 cap. */
  from: number;
  to: number;
  /** Cost in the elastic objective besides the weight: what the relaxed plan pays per tonne. */
  realCostPerT: number;
  /** Unmet demand or minimum export, priced at shortfallPenaltyPerT only to rank relaxations. */
  rankingCostPerT: number;
}

/** Adds a column that breaks a limit, with its upper bound and its terms in the named rows. */
export type AddRelaxation = (
  relaxation: Omit<Relaxation, "column">,
  upper: number,
  terms: { row: string; coef: number }[],
) => void;

/**
 * Relaxations downstream of the quays, without which a port minimum above what its routes and
 * markets take made the elastic program itself infeasible: a route beyond its capacity (a second
 * quay -> market arc, paying its freight) and a market beyond its last tier's upToT (a second
 * market -> ground arc, earning the last tier's price under maxMargin, as a raised upToT would).
 */
export function addMarketRelaxations(base: AllocationModel, add: AddRelaxation): void {
  const { network } = base;
  const nodes = nodeIndex(base);
  const sign = network.options.objective === "maxMargin" ? -1 : 0;
  const portIndex = new Map(network.ports.map((p, k) => [p.id, k]));
  const marketIndex = new Map((network.markets ?? []).map((m, i) => [m.id, i]));
  network.exportRoutes?.forEach((route) => {
    if (route.capacityT === undefined) return;
    const [k, m] = [portIndex.get(route.port) as number, marketIndex.get(route.market) as number];
    const relaxation = {
      limit: "routeCapacity" as const,
      id: `${route.port}>${route.market}`,
      from: nodes.quay(k),
      to: nodes.market(m),
      realCostPerT: route.freightPerT,
      rankingCostPerT: 0,
    };
    add(relaxation, Infinity, [
      { row: `quay:${route.port}`, coef: -1 },
      { row: `market:${route.market}`, coef: 1 },
    ]);
  });
  network.markets?.forEach((market, m) => {
    const last = market.tiers[market.tiers.length - 1];
    if (last?.upToT === undefined) return;
    const relaxation = {
      limit: "marketCapacity" as const,
      id: market.id,
      from: nodes.market(m),
      to: 0,
      realCostPerT: sign * last.pricePerT,
      rankingCostPerT: 0,
    };
    add(relaxation, Infinity, [{ row: `market:${market.id}`, coef: -1 }]);
  });
}

/** What a conflict reads of an arc at the elastic optimum. */
interface ArcState {
  x: number;
  canRaise: boolean;
}

/**
 * The export side of a conflict region: its quays and markets with their tonnes, the full routes
 * leaving it, and what they add to the region's balance. In a surplus region a quay whose port is
 * outside receives the port's minimum export (its export arc cannot be lowered): that is tonnes
 * the region must take; its markets' sales and full routes out are what it can take. A port whose
 * quay is inside counts at its markets, not at its maxExportT (`portsAtQuay`).
 */
export function exportSide(
  base: AllocationModel,
  members: Uint8Array,
  surplus: boolean,
  arcOf: (column: number) => ArcState,
) {
  const { network } = base;
  const nodes = nodeIndex(base);
  const inside = (v: number) => members[v] === 1;
  const portIndex = new Map(network.ports.map((p, k) => [p.id, k]));
  const marketIndex = new Map((network.markets ?? []).map((m, i) => [m.id, i]));
  const side = {
    quays: [] as ConflictQuay[],
    markets: [] as ConflictMarket[],
    fullRoutes: [] as { id: string; tonnes: number }[],
    /** Ports outside the region whose minimum export it must take. */
    forcingPorts: [] as string[],
    portsAtQuay: new Set<number>(),
    needT: 0,
    availableT: 0,
  };
  const shippedT = new Float64Array(network.ports.length);
  network.exportRoutes?.forEach((route, r) => {
    const [k, m] = [portIndex.get(route.port) as number, marketIndex.get(route.market) as number];
    const arc = arcOf(base.shipColumn[r] as number);
    shippedT[k] = (shippedT[k] as number) + arc.x;
    if (surplus && inside(nodes.quay(k)) && !inside(nodes.market(m)) && !arc.canRaise) {
      side.fullRoutes.push({ id: `${route.port}>${route.market}`, tonnes: arc.x });
      side.availableT += arc.x;
    }
  });
  network.ports.forEach((port, k) => {
    if ((base.quayRow[k] as number) < 0 || !inside(nodes.quay(k))) return;
    side.quays.push({ port: port.id, minExportT: port.minExportT, tonnes: shippedT[k] as number });
    side.portsAtQuay.add(k);
    if (surplus && !inside(nodes.port(k))) {
      side.forcingPorts.push(port.id);
      side.needT += port.minExportT;
    }
  });
  network.markets?.forEach((market, m) => {
    if (!inside(nodes.market(m))) return;
    const sold = Array.from(base.saleColumn[m] as Int32Array, (c) => arcOf(c).x);
    const tonnes = sold.reduce((sum, t) => sum + t, 0);
    side.markets.push({ id: market.id, tonnes, limitT: market.tiers.at(-1)?.upToT ?? null });
    if (surplus) side.availableT += tonnes;
  });
  return side;
}
