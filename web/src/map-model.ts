// What the map draws, computed from a network and a plan (or a comparison): sites, arcs, province fills.
import type { Comparison, Network, Plan } from "./api.ts";
import { arcPath, isLoop, type Point, project } from "./geo.ts";
import { type ArcLeg, type HubSite, hubSites, routeGeometry } from "./map-hubs.ts";
import { drawnMode } from "./state/hub-view.ts";

export type NodeKind = "plant" | "smelter" | "port";

export interface MapNode {
  id: string;
  name: string;
  kind: NodeKind;
  province: string;
}

/** Nodes of one kind at one place (the provincial dataset puts several plants on one city). */
export interface Site {
  key: string;
  kind: NodeKind;
  at: Point;
  nodes: MapNode[];
  /** Capacity, demand or maximum export of the nodes here, tonnes: sizes the symbol. */
  sizeT: number;
}

export interface Arc {
  key: string;
  mode: string;
  from: Site;
  to: Site;
  /** Flow in tonnes; in a comparison, b - a. */
  tonnes: number;
  d: string;
  /** Supply within one place, drawn as a small loop. */
  loop: boolean;
  /** The plan's flows (or the comparison's flow deltas) drawn by this arc. */
  flowKeys: string[];
  /** A route through hubs: the hubs it passes, in order; empty for a direct lane. */
  via: string[];
  /** A route through hubs drawn leg by leg, each straight and styled by its mode. */
  legs: ArcLeg[];
  /** In a comparison, tonnes moved between the same sites from one mode to another (map-switch.ts). */
  switched?: { fromMode: string; toMode: string };
}

export interface Geography {
  sites: Site[];
  siteOfNode: Map<string, Site>;
  nodeById: Map<string, MapNode>;
  /** The network's hubs (none without them), by id too. */
  hubs: HubSite[];
  hubById: Map<string, HubSite>;
}

export function geography(network: Network): Geography {
  const sites = new Map<string, Site>();
  const siteOfNode = new Map<string, Site>();
  const nodeById = new Map<string, MapNode>();
  const place = (
    kind: NodeKind,
    node: { id: string; name: string; province: string; lat: number; lon: number },
    sizeT: number,
  ) => {
    const key = `${kind}@${node.lat},${node.lon}`;
    let site = sites.get(key);
    if (site === undefined) {
      site = { key, kind, at: project(node.lat, node.lon), nodes: [], sizeT: 0 };
      sites.set(key, site);
    }
    const mapNode = { id: node.id, name: node.name, kind, province: node.province };
    site.nodes.push(mapNode);
    site.sizeT += sizeT;
    siteOfNode.set(node.id, site);
    nodeById.set(node.id, mapNode);
  };
  for (const plant of network.plants) place("plant", plant, plant.capacityT);
  for (const smelter of network.smelters) {
    const demandT = smelter.demandT ?? (smelter.aluminiumT ?? 0) * network.anodePerTonneAluminium;
    place("smelter", smelter, demandT);
  }
  for (const port of network.ports) place("port", port, port.maxExportT);
  const hubs = hubSites(network);
  const hubById = new Map(hubs.map((hub) => [hub.id, hub]));
  return { sites: [...sites.values()], siteOfNode, nodeById, hubs, hubById };
}

interface FlowLike {
  key: string;
  from: string;
  to: string;
  mode: string;
  tonnes: number;
  route?: readonly { from: string; to: string; mode: string }[] | undefined;
}

/** One arc per pair of sites and mode, largest first: drawn in this order, thin arcs lie on thick ones. */
function arcsOf(flows: readonly FlowLike[], geo: Geography): Arc[] {
  const arcs = new Map<string, Arc>();
  for (const flow of flows) {
    const from = geo.siteOfNode.get(flow.from);
    const to = geo.siteOfNode.get(flow.to);
    if (from === undefined || to === undefined) continue;
    // A leg straight from plant to destination ("rail leg") joins the lane by its mode.
    const mode = drawnMode(flow);
    const key = `${from.key}>${to.key}:${mode}`;
    const arc = arcs.get(key);
    if (arc === undefined) {
      const route = routeGeometry(flow, from, to, geo);
      arcs.set(key, {
        key,
        mode,
        from,
        to,
        tonnes: flow.tonnes,
        d:
          route.legs.length > 0 ? route.legs.map((leg) => leg.d).join("") : arcPath(from.at, to.at),
        loop: isLoop(from.at, to.at),
        flowKeys: [flow.key],
        ...route,
      });
    } else {
      arc.tonnes += flow.tonnes;
      arc.flowKeys.push(flow.key);
    }
  }
  return [...arcs.values()].sort((a, b) => Math.abs(b.tonnes) - Math.abs(a.tonnes));
}

export const flowKey = (flow: { from: string; to: string; mode: string }) =>
  `${flow.from}>${flow.to}:${flow.mode}`;

export function planArcs(plan: Plan, geo: Geography): Arc[] {
  return arcsOf(
    plan.flows.map((flow) => ({ ...flow, key: flowKey(flow) })),
    geo,
  );
}

/** Arcs of tonnes gained (delta > 0) and lost (delta < 0) from plan a to plan b. */
export function comparisonArcs(comparison: Comparison, geo: Geography): Arc[] {
  return arcsOf(
    comparison.flows.map((flow) => ({ ...flow, tonnes: flow.tonnes.delta })),
    geo,
  ).filter((arc) => Math.abs(arc.tonnes) >= 1);
}
