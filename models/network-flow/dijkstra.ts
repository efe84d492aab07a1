// Single-source shortest paths on a sparse graph with non-negative edge lengths (Dijkstra, binary heap).
// Generic: nodes are 0..n-1 and edges carry only a length, so nothing here knows the anode domain.
import { compress } from "./compressed.ts";
import { PairHeap } from "./heap.ts";

/** An edge between two node indices; undirected graphs list each edge once. */
export interface Edge {
  from: number;
  to: number;
  length: number;
}

/** Adjacency in compressed rows: the arcs leaving node v are `offsets[v] .. offsets[v + 1] - 1`. */
export interface Adjacency {
  nodeCount: number;
  offsets: Int32Array;
  heads: Int32Array;
  lengths: Float64Array;
}

/**
 * Builds the adjacency of `edges`; an undirected graph gets both arcs of every edge. Arc 2e runs
 * along edge e and arc 2e + 1 against it, grouped by tail with the shared compressed layout.
 */
export function buildAdjacency(
  nodeCount: number,
  edges: readonly Edge[],
  directed = false,
): Adjacency {
  for (const edge of edges) {
    if (!(edge.length >= 0)) throw new Error(`edge ${edge.from}-${edge.to} has a negative length`);
  }
  const tail = (arc: number) => {
    const edge = edges[arc >> 1] as Edge;
    if (arc & 1) return directed ? -1 : edge.to;
    return edge.from;
  };
  const { start, items } = compress(nodeCount, 2 * edges.length, tail);
  const heads = new Int32Array(items.length);
  const lengths = new Float64Array(items.length);
  items.forEach((arc, i) => {
    const edge = edges[arc >> 1] as Edge;
    heads[i] = arc & 1 ? edge.from : edge.to;
    lengths[i] = edge.length;
  });
  return { nodeCount, offsets: start, heads, lengths };
}

/** Distances from one source, and for each node the node before it on a shortest path (-1: none). */
export interface ShortestPathTree {
  source: number;
  distance: Float64Array; // Infinity where unreachable
  predecessor: Int32Array;
}

/** Dijkstra from `source`: O((n + m) log n). Ties keep the first path found, so results are deterministic. */
export function shortestPathTree(graph: Adjacency, source: number): ShortestPathTree {
  const distance = new Float64Array(graph.nodeCount).fill(Infinity);
  const predecessor = new Int32Array(graph.nodeCount).fill(-1);
  const done = new Uint8Array(graph.nodeCount);
  // Lazy deletion: each arc pushes at most once, so the heap never holds more than arcs + 1 pairs.
  const heap = new PairHeap(graph.heads.length + 1);
  distance[source] = 0;
  heap.push(0, source);
  while (heap.size > 0) {
    const key = heap.minKey();
    const node = heap.pop();
    if (done[node] === 1 || key > (distance[node] as number)) continue;
    done[node] = 1;
    const end = graph.offsets[node + 1] as number;
    for (let a = graph.offsets[node] as number; a < end; a++) {
      const head = graph.heads[a] as number;
      const candidate = key + (graph.lengths[a] as number);
      if (candidate < (distance[head] as number)) {
        distance[head] = candidate;
        predecessor[head] = node;
        heap.push(candidate, head);
      }
    }
  }
  return { source, distance, predecessor };
}

/** The nodes of the tree's path from its source to `target`, source first; empty when unreachable. */
export function pathTo(tree: ShortestPathTree, target: number): number[] {
  if (tree.distance[target] === Infinity) return [];
  const path = [target];
  for (let v = tree.predecessor[target] as number; v >= 0; v = tree.predecessor[v] as number) {
    path.push(v);
  }
  return path.reverse();
}
