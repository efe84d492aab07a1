// Maximum flow along the shortest residual paths: how many units move at the shortest-path cost.
import type { ResidualNetwork } from "./residual.ts";
import { type Admissible, admissibleEdges, type Direction } from "./shortest-paths.ts";

/**
 * Most flow from s to t along the edges of `graph`, stopping at `limit`. Edmonds-Karp on the
 * workspace's scratch capacities, restored afterwards; Infinity when an uncapacitated path exists.
 */
export function maxFlow(
  r: ResidualNetwork,
  graph: Admissible,
  s: number,
  t: number,
  limit: number,
): number {
  const ws = r.ws;
  const { cap, parentEdge, touched } = ws;
  touched.length = 0;
  let total = 0;
  while (total < limit) {
    if (!augmentingPath(r, graph, s, t)) break;
    let bottleneck = limit - total;
    for (let v = t; v !== s; v = r.tail[parentEdge[v] as number] as number)
      bottleneck = Math.min(bottleneck, cap[parentEdge[v] as number] as number);
    if (bottleneck === Infinity) {
      total = Infinity;
      break;
    }
    for (let v = t; v !== s; v = r.tail[parentEdge[v] as number] as number) {
      const e = parentEdge[v] as number;
      cap[e] = (cap[e] as number) - bottleneck;
      cap[e ^ 1] = (cap[e ^ 1] as number) + bottleneck;
      touched.push(e);
    }
    total += bottleneck;
  }
  for (const e of touched) {
    cap[e] = r.capacity[e] as number;
    cap[e ^ 1] = r.capacity[e ^ 1] as number;
  }
  return total;
}

/** Breadth-first search for a path s -> t with scratch capacity; leaves it in `parentEdge`. */
function augmentingPath(r: ResidualNetwork, graph: Admissible, s: number, t: number): boolean {
  const ws = r.ws;
  const { cap, parentEdge, queue, stamp } = ws;
  const { start, items: edges } = graph;
  const visit = ++ws.stampNow;
  stamp[s] = visit;
  queue[0] = s;
  let tail = 1;
  for (let q = 0; q < tail; q++) {
    const u = queue[q] as number;
    const end = start[u + 1] as number;
    for (let i = start[u] as number; i < end; i++) {
      const e = edges[i] as number;
      const v = r.head[e] as number;
      if (stamp[v] === visit || (cap[e] as number) <= r.tolT) continue;
      stamp[v] = visit;
      parentEdge[v] = e;
      if (v === t) return true;
      queue[tail++] = v;
    }
  }
  return false;
}

/** `maxFlow` on the edges that lie on shortest paths as measured by `dist` (see admissibleEdges). */
export function admissibleMaxFlow(
  r: ResidualNetwork,
  s: number,
  t: number,
  dist: Float64Array,
  direction: Direction,
  excluded: number,
  limit: number,
): number {
  return maxFlow(r, admissibleEdges(r, dist, direction, excluded), s, t, limit);
}
