// The export markets as arcs of the model's network: quay and market nodes, ship and sale arcs.
import type { AllocationModel } from "./build.ts";

/** Node numbers after the ground, plants, smelters and ports: one quay per port, then markets. */
export function marketNodes(model: Pick<AllocationModel, "network">, firstFree: number) {
  const ports = model.network.ports.length;
  return {
    quay: (k: number) => firstFree + k,
    market: (m: number) => firstFree + ports + m,
    count: ports + (model.network.markets?.length ?? 0),
  };
}

export interface MarketArc {
  from: number;
  to: number;
  column: number;
}

/**
 * Where a port's export arc ends: its quay node when the port has export routes (row (5)), else
 * the ground (node 0).
 */
export function exportArcHead(model: AllocationModel, k: number, quay: (k: number) => number) {
  return (model.quayRow[k] as number) >= 0 ? quay(k) : 0;
}

/** Ship arcs quay -> market and sale arcs market -> ground, with the rows whose duals price them. */
export function marketArcs(
  model: AllocationModel,
  nodes: ReturnType<typeof marketNodes>,
): { arcs: MarketArc[]; potentials: { node: number; row: string }[] } {
  const { network } = model;
  const portIndex = new Map(network.ports.map((p, k) => [p.id, k]));
  const marketIndex = new Map((network.markets ?? []).map((m, i) => [m.id, i]));
  const arcs: MarketArc[] = [];
  network.exportRoutes?.forEach((route, r) => {
    arcs.push({
      from: nodes.quay(portIndex.get(route.port) as number),
      to: nodes.market(marketIndex.get(route.market) as number),
      column: model.shipColumn[r] as number,
    });
  });
  network.markets?.forEach((_, m) => {
    for (const column of model.saleColumn[m] as Int32Array)
      arcs.push({ from: nodes.market(m), to: 0, column });
  });
  const potentials = [
    ...network.ports.flatMap((port, k) =>
      (model.quayRow[k] as number) >= 0 ? [{ node: nodes.quay(k), row: `quay:${port.id}` }] : [],
    ),
    ...(network.markets ?? []).map((market, m) => ({
      node: nodes.market(m),
      row: `market:${market.id}`,
    })),
  ];
  return { arcs, potentials };
}
