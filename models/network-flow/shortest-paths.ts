// Shortest residual paths: Dijkstra on reduced costs, and the edges that lie on shortest paths.
import { type Compressed, compress } from "./compressed.ts";
import type { ResidualNetwork } from "./residual.ts";

/** "out": distances from the source; "in": distances to it. */
export type Direction = "out" | "in";

/** Optional limits of a search; see `shortestPaths`. */
export interface SearchLimits {
  /** Both edges of this arc are skipped (-1: none). */
  excluded?: number;
  /** Once reached, only nodes as near as it (plus the network's slack) are settled (-1: none). */
  target?: number;
  /** Nodes farther than this are left unsettled. */
  bound?: number;
  /** Called as each node settles with its distance; returns the (possibly lowered) bound. */
  settle?: (u: number, du: number) => number;
  /** Filled with the edge each node was last reached by: a shortest-path tree (-1: source, unreached). */
  parent?: Int32Array;
}

/**
 * Dijkstra on reduced costs (non-negative under the network's potentials) over edges with
 * capacity. Returns reduced distances, Infinity where no path exists or the search stopped short:
 * with a target, once every node as near as the target (plus `r.slack`) is settled, which are
 * all the nodes a shortest path to it can use.
 */
export function shortestPaths(
  r: ResidualNetwork,
  source: number,
  direction: Direction,
  { excluded = -1, target = -1, bound = Infinity, settle, parent }: SearchLimits = {},
): Float64Array {
  const ws = r.ws;
  const dist = new Float64Array(r.nodeCount).fill(Infinity);
  const { done, heap } = ws;
  done.fill(0);
  const out = direction === "out";
  const { start, items: edges } = out ? r.out : r.into;
  const other = out ? r.head : r.tail;
  const { rc, capacity, slack } = r;
  parent?.fill(-1);
  dist[source] = 0;
  heap.pushOrDecrease(source, dist);
  // Nothing beyond this distance matters: a tentative distance to the target bounds the answer.
  let limit = bound;
  while (heap.size > 0) {
    const u = heap.top();
    const du = dist[u] as number;
    if (du > limit) break;
    heap.pop(dist);
    done[u] = 1;
    if (settle) limit = Math.min(limit, settle(u, du));
    const end = start[u + 1] as number;
    for (let i = start[u] as number; i < end; i++) {
      const e = edges[i] as number;
      const dv = du + (rc[e] as number);
      // Out-edges are sorted by reduced cost: the rest are longer still.
      if (dv > limit || (capacity[e] as number) <= 0) {
        if (out) break;
        continue;
      }
      if (e >> 1 === excluded) continue;
      const v = other[e] as number;
      if (done[v] || dv >= (dist[v] as number)) continue;
      dist[v] = dv;
      if (parent) parent[v] = e;
      if (v === target) limit = dv + slack;
      heap.pushOrDecrease(v, dist);
    }
  }
  heap.clear((v) => {
    dist[v] = Infinity;
  });
  return dist;
}

/** Residual edges on shortest paths, by tail (CSR). */
export type Admissible = Compressed;

/**
 * The residual edges that lie on shortest paths as measured by `dist` (from a source for "out", to
 * a sink for "in"): both ends reached and a gap of at most the cost tolerance. The set does not
 * depend on capacities (an edge and its reverse have the same gap), so one list serves a whole
 * max-flow, and one per distance array serves every query that shares it. Out-edges are sorted by
 * reduced cost, and a tight edge's reduced cost is at most the distance still to go, so each node's
 * scan stops early.
 */
export function admissibleEdges(
  r: ResidualNetwork,
  dist: Float64Array,
  direction: Direction,
  excluded: number,
): Admissible {
  const n = r.nodeCount;
  const { tolCost, raw, rc, head } = r;
  const { start: outStart, items: outEdges } = r.out;
  const out = direction === "out";
  let dmax = 0;
  for (let v = 0; v < n; v++) {
    const d = dist[v] as number;
    if (d !== Infinity && d > dmax) dmax = d;
  }
  // A saturated edge turns usable once its reverse carries an augmentation: list both.
  const list: number[] = [];
  for (let u = 0; u < n; u++) {
    const df = dist[u] as number;
    if (df === Infinity) continue;
    const reach = (out ? dmax - df : df) + tolCost;
    const end = outStart[u + 1] as number;
    for (let i = outStart[u] as number; i < end; i++) {
      const e = outEdges[i] as number;
      if ((rc[e] as number) > reach || (r.capacity[e] as number) <= 0) break;
      if (e >> 1 === excluded) continue;
      const dt = dist[head[e] as number] as number;
      if (dt === Infinity) continue;
      const gap = out ? df + (raw[e] as number) - dt : dt + (raw[e] as number) - df;
      if (Math.abs(gap) <= tolCost) list.push(e, e ^ 1);
    }
  }
  const byTail = compress(n, list.length, (i) => r.tail[list[i] as number] as number);
  const items = byTail.items.map((i) => list[i] as number);
  return { start: byTail.start, items };
}
