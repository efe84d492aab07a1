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

/** The roles in the order ModelArcArrays.role numbers them. */
export const arcRoles: readonly ArcRole[] = [
  "output",
  "lane",
  "shortfall",
  "export",
  "exportShortfall",
  "market",
  "leg",
  "hub",
];

/** Each role's number in ModelArcArrays.role: its index in arcRoles. */
export const arcRoleNumber = Object.fromEntries(arcRoles.map((role, i) => [role, i])) as Record<
  ArcRole,
  number
>;

/** ModelArc by arc in typed arrays (`role` indexes arcRoles): no object per lane. */
export interface ModelArcArrays {
  count: number;
  from: Int32Array;
  to: Int32Array;
  column: Int32Array;
  role: Uint8Array;
  index: Int32Array;
}

/**
 * The arcs of the model's network: plants' output arcs first, then one per lane in lane order, then
 * the smelters' shortfall arcs, then each port's export arc (to its quay where it has export routes)
 * and its shortfall arc, then the market arcs (the order a diagnosis's conflicts index arcs by),
 * then the legs (`index` the leg) and the hubs' throughput arcs hub-in -> hub-out (`index` the hub).
 */
export function modelArcArrays(model: AllocationModel): ModelArcArrays {
  const { network, laneTable: lanes } = model;
  const nodes = nodeIndex(model);
  const market = marketArcs(model, nodes).arcs;
  const hubs = network.hubs?.length ?? 0;
  const most =
    network.plants.length +
    lanes.length +
    network.smelters.length +
    2 * network.ports.length +
    market.length +
    model.legs.length +
    hubs;
  const arcs: ModelArcArrays = {
    count: 0,
    from: new Int32Array(most),
    to: new Int32Array(most),
    column: new Int32Array(most),
    role: new Uint8Array(most),
    index: new Int32Array(most),
  };
  const push = (from: number, to: number, column: number, role: ArcRole, index: number) => {
    const a = arcs.count++;
    arcs.from[a] = from;
    arcs.to[a] = to;
    arcs.column[a] = column;
    arcs.role[a] = arcRoleNumber[role];
    arcs.index[a] = index;
  };
  network.plants.forEach((_, p) => {
    push(0, nodes.plant(p), model.outputColumn[p] as number, "output", p);
  });
  const smelters = network.smelters.length;
  const firstPort = nodes.port(0);
  for (let l = 0; l < lanes.length; l++) {
    // Destinations are the smelters, then the ports (deriveLaneTable), as the nodes are numbered.
    const d = lanes.destination[l] as number;
    const to = d < smelters ? nodes.smelter(d) : firstPort + d - smelters;
    push(nodes.plant(lanes.plant[l] as number), to, model.flowColumn[l] as number, "lane", l);
  }
  network.smelters.forEach((_, s) => {
    const column = model.shortfallColumn[s] as number;
    if (column >= 0) push(0, nodes.smelter(s), column, "shortfall", s);
  });
  network.ports.forEach((_, k) => {
    const column = model.exportColumn[k] as number;
    push(nodes.port(k), exportArcHead(model, k, nodes.quay), column, "export", k);
    const phantom = model.exportShortfallColumn[k] as number;
    if (phantom >= 0) push(0, nodes.port(k), phantom, "exportShortfall", k);
  });
  for (const arc of market) push(arc.from, arc.to, arc.column, "market", -1);
  model.legs.forEach((leg, a) => {
    const from = legNode(nodes, leg.from, "out");
    push(from, legNode(nodes, leg.to, "in"), model.legColumn[a] as number, "leg", a);
  });
  for (let h = 0; h < hubs; h++)
    push(nodes.hubIn(h), nodes.hubOut(h), model.hubColumn[h] as number, "hub", h);
  return arcs;
}

/** The arcs of modelArcArrays as objects. */
export function modelArcs(model: AllocationModel): ModelArc[] {
  const arcs = modelArcArrays(model);
  return Array.from({ length: arcs.count }, (_, a) => ({
    from: arcs.from[a] as number,
    to: arcs.to[a] as number,
    column: arcs.column[a] as number,
    role: arcRoles[arcs.role[a] as number] as ArcRole,
    index: arcs.index[a] as number,
  }));
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
