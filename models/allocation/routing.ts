// Land distances of lanes: shortest paths over a network's optional routing graph (junctions, links).
// Structural types only, so that the network schema can use it to check lanes without an import cycle.
import {
  type Adjacency,
  buildAdjacency,
  pathTo,
  type ShortestPathTree,
  shortestPathTree,
} from "../network-flow/dijkstra.ts";
import { greatCircleKm } from "./geo.ts";

interface Point {
  lat: number;
  lon: number;
}

/** A plant, smelter or port as routing sees it. */
export interface RoutedNode extends Point {
  id: string;
  province: string;
}

export interface RoutingGraph {
  junctions: readonly (Point & { id: string; province?: string })[];
  links: readonly { from: string; to: string; km: number; modes: readonly string[] }[];
  access?: readonly { node: string; junction: string; km?: number }[];
}

interface Attachment {
  junction: number;
  km?: number; // explicit access distance; else great-circle x the mode's circuity
}

/**
 * Answers "how far by this mode over land" for node pairs. Shortest-path trees are computed per
 * (junction, mode) on first use and kept, so a network's lanes cost one Dijkstra per source junction.
 */
export class LandRouter {
  private readonly junctionIndex: Map<string, number>;
  private readonly graphs = new Map<string, Adjacency>();
  private readonly trees = new Map<string, ShortestPathTree>();
  private readonly attachments = new Map<string, Attachment>();

  constructor(private readonly graph: RoutingGraph) {
    this.junctionIndex = new Map(graph.junctions.map((j, i) => [j.id, i]));
    const modes = new Set(graph.links.flatMap((link) => link.modes));
    for (const mode of modes) {
      const edges = graph.links
        .filter((link) => link.modes.includes(mode))
        .map((link) => ({
          from: this.junctionIndex.get(link.from) ?? -1,
          to: this.junctionIndex.get(link.to) ?? -1,
          length: link.km,
        }))
        .filter((edge) => edge.from >= 0 && edge.to >= 0);
      this.graphs.set(mode, buildAdjacency(graph.junctions.length, edges));
    }
  }

  /** True when some link carries the mode: its lanes follow the graph. */
  routes(mode: string): boolean {
    return this.graphs.has(mode);
  }

  /**
   * Land km from `from` to `to` by `mode` (circuity applies to the access legs), or null when the
   * graph has no path. Two nodes at the same junction haul directly: great-circle x circuity, or the
   * two access legs if shorter.
   */
  distanceKm(from: RoutedNode, to: RoutedNode, mode: string, circuity: number): number | null {
    const adjacency = this.graphs.get(mode);
    if (!adjacency) return greatCircleKm(from, to) * circuity;
    const a = this.attachment(from);
    const b = this.attachment(to);
    const access = this.accessKm(from, a, circuity) + this.accessKm(to, b, circuity);
    if (a.junction === b.junction) return Math.min(greatCircleKm(from, to) * circuity, access);
    const between = this.tree(mode, adjacency, a.junction)[b.junction] as number;
    return between === Infinity ? null : access + between;
  }

  /**
   * The junction ids of the land path from `from` to `to` by `mode`, in order ([] when the mode is
   * off the graph, both attach to one junction, or no path exists): the links a haul crosses, for
   * the corridors that cover them.
   */
  pathJunctions(from: RoutedNode, to: RoutedNode, mode: string): string[] {
    const adjacency = this.graphs.get(mode);
    if (!adjacency) return [];
    const a = this.attachment(from).junction;
    const b = this.attachment(to).junction;
    if (a === b) return [];
    return pathTo(this.fullTree(mode, adjacency, a), b).map(
      (j) => this.graph.junctions[j]?.id ?? "",
    );
  }

  private tree(mode: string, adjacency: Adjacency, source: number): Float64Array {
    return this.fullTree(mode, adjacency, source).distance;
  }

  private fullTree(mode: string, adjacency: Adjacency, source: number): ShortestPathTree {
    const key = `${mode}:${source}`;
    let found = this.trees.get(key);
    if (!found) {
      found = shortestPathTree(adjacency, source);
      this.trees.set(key, found);
    }
    return found;
  }

  private accessKm(node: RoutedNode, attachment: Attachment, circuity: number): number {
    if (attachment.km !== undefined) return attachment.km;
    return greatCircleKm(node, this.graph.junctions[attachment.junction] as Point) * circuity;
  }

  /** The node's explicit access, else its nearest junction in its province, else its nearest. */
  private attachment(node: RoutedNode): Attachment {
    let found = this.attachments.get(node.id);
    if (found) return found;
    const explicit = this.graph.access?.find((a) => a.node === node.id);
    found = explicit
      ? { junction: this.junctionIndex.get(explicit.junction) ?? 0, km: explicit.km }
      : { junction: this.nearest(node) };
    this.attachments.set(node.id, found);
    return found;
  }

  private nearest(node: RoutedNode): number {
    const inProvince = this.graph.junctions.some((j) => j.province === node.province);
    let best = -1;
    let bestKm = Infinity;
    this.graph.junctions.forEach((junction, i) => {
      if (inProvince && junction.province !== node.province) return;
      const km = greatCircleKm(node, junction);
      if (km < bestKm) {
        best = i;
        bestKm = km;
      }
    });
    return best;
  }
}
