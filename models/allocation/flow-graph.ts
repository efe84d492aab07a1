// The allocation as a flow network: node numbering and the arc behind each column of the program.
import type { AllocationModel } from "./build.ts";
import { exportArcHead, marketArcs, marketNodes } from "./market-arcs.ts";

/**
 * Node of each plant, smelter and port: 0 is the ground, then plants, smelters, ports, and then the
 * quay and market nodes of the export markets (market-arcs.ts; without markets they carry no arc).
 */
export function nodeIndex(model: AllocationModel) {
  const plants = model.network.plants.length;
  const smelters = model.network.smelters.length;
  const base = 1 + plants + smelters + model.network.ports.length;
  const markets = marketNodes(model, base);
  return {
    plant: (p: number) => 1 + p,
    smelter: (s: number) => 1 + plants + s,
    port: (k: number) => 1 + plants + smelters + k,
    quay: markets.quay,
    market: markets.market,
    count: base + markets.count,
  };
}

/**
 * What a column is in the network: a plant's output (ground -> plant), a lane, a smelter's
 * shortfall (ground -> smelter), a port's export (port -> ground), or a port's export shortfall
 * (ground -> port), or a ship or sale arc of an export market (quay -> market -> ground). `index`
 * is the plant, lane, smelter or port (-1 for a market arc).
 */
export type ArcRole = "output" | "lane" | "shortfall" | "export" | "exportShortfall" | "market";

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
 * and its shortfall arc, then the market arcs (the order a diagnosis's conflicts index arcs by).
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
  return arcs;
}
