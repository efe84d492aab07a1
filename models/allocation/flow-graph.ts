// The allocation as a flow network: node numbering and the arc behind each column of the program.
import type { AllocationModel } from "./build.ts";
import type { LegEnd } from "./build-hubs.ts";
import { exportArcHead, marketArcs, marketNodes } from "./market-arcs.ts";

/**
 * Node of each plant, smelter and port: 0 is the ground, then plants, smelters, ports, and then the
 * quay and market nodes of the export markets (market-arcs.ts; without markets they carry no arc).
 */
export function nodeIndex(model: Pick<AllocationModel, "network">) {
  const plants = model.network.plants.length;
  const smelters = model.network.smelters.length;
  const base = 1 + plants + smelters + model.network.ports.length;
  const markets = marketNodes(model, base);
  // Hubs come last, two nodes each (in, out), so the numbering before them is as without hubs.
  const firstHub = base + markets.count;
  return {
    plant: (p: number) => 1 + p,
    smelter: (s: number) => 1 + plants + s,
    port: (k: number) => 1 + plants + smelters + k,
    quay: markets.quay,
    market: markets.market,
    hubIn: (h: number) => firstHub + 2 * h,
    hubOut: (h: number) => firstHub + 2 * h + 1,
    count: firstHub + 2 * (model.network.hubs?.length ?? 0),
  };
}

/**
 * What a column is in the network: a plant's output (ground -> plant), a lane, a smelter's
 * shortfall (ground -> smelter), a port's export (port -> ground), or a port's export shortfall
 * (ground -> port), or a ship or sale arc of an export market (quay -> market -> ground). `index`
 * is the plant, lane, smelter or port (-1 for a market arc).
 */
export type ArcRole =
  | "output"
  | "lane"
  | "shortfall"
  | "export"
  | "exportShortfall"
  | "market"
  | "leg"
  | "hub";

export interface ModelArc {
  from: number;
  to: number;
  column: number;
  role: ArcRole;
  index: number;
}

/**
 * The arcs of the model's network: plants' output arcs first, then one per lane in lane order, then
 * the smelters' shortfall arcs, then each port's export arc (to its quay where it has export routes)
 * and its shortfall arc, then the market arcs (the order a diagnosis's conflicts index arcs by),
 * then the legs (`index` the leg) and the hubs' throughput arcs hub-in -> hub-out (`index` the hub).
 */
export function modelArcs(model: AllocationModel): ModelArc[] {
  const { network } = model;
  const nodes = nodeIndex(model);
  const arcs: ModelArc[] = [];
  network.plants.forEach((_, p) => {
    const column = model.outputColumn[p] as number;
    arcs.push({ from: 0, to: nodes.plant(p), column, role: "output", index: p });
  });
  model.lanes.forEach((lane, l) => {
    const to = lane.destination.kind === "smelter" ? nodes.smelter : nodes.port;
    const [from, column] = [nodes.plant(lane.plant), model.flowColumn[l] as number];
    arcs.push({ from, to: to(lane.destination.index), column, role: "lane", index: l });
  });
  network.smelters.forEach((_, s) => {
    const column = model.shortfallColumn[s] as number;
    if (column >= 0)
      arcs.push({ from: 0, to: nodes.smelter(s), column, role: "shortfall", index: s });
  });
  network.ports.forEach((_, k) => {
    const column = model.exportColumn[k] as number;
    const to = exportArcHead(model, k, nodes.quay);
    arcs.push({ from: nodes.port(k), to, column, role: "export", index: k });
    const phantom = model.exportShortfallColumn[k] as number;
    if (phantom >= 0)
      arcs.push({ from: 0, to: nodes.port(k), column: phantom, role: "exportShortfall", index: k });
  });
  for (const arc of marketArcs(model, nodes).arcs) arcs.push({ ...arc, role: "market", index: -1 });
  model.legs.forEach((leg, a) => {
    const column = model.legColumn[a] as number;
    arcs.push({
      from: legNode(nodes, leg.from, "out"),
      to: legNode(nodes, leg.to, "in"),
      column,
      role: "leg",
      index: a,
    });
  });
  (network.hubs ?? []).forEach((_, h) => {
    const column = model.hubColumn[h] as number;
    arcs.push({ from: nodes.hubIn(h), to: nodes.hubOut(h), column, role: "hub", index: h });
  });
  return arcs;
}

/** The node a leg leaves (a plant, or a hub's out node) or enters (a hub's in node, a smelter, a port). */
export function legNode(
  nodes: ReturnType<typeof nodeIndex>,
  end: LegEnd,
  side: "in" | "out",
): number {
  switch (end.kind) {
    case "plant":
      return nodes.plant(end.index);
    case "hub":
      return side === "in" ? nodes.hubIn(end.index) : nodes.hubOut(end.index);
    case "smelter":
      return nodes.smelter(end.index);
    case "port":
      return nodes.port(end.index);
  }
}

/** Node potentials of the hub nodes: the rows whose duals price them. */
export function hubPotentials(
  model: Pick<AllocationModel, "network">,
  nodes: ReturnType<typeof nodeIndex>,
) {
  return (model.network.hubs ?? []).flatMap((hub, h) => [
    { node: nodes.hubIn(h), row: `hub:${hub.id}:in` },
    { node: nodes.hubOut(h), row: `hub:${hub.id}:out` },
  ]);
}
