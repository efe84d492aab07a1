// Single-source shortest paths on a sparse graph with non-negative edge lengths (Dijkstra, binary heap).
// Generic: nodes are 0..n-1 and edges carry only a length, so nothing here knows the anode domain.

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

/** Builds the adjacency of `edges`; an undirected graph gets both arcs of every edge. */
export function buildAdjacency(
  nodeCount: number,
  edges: readonly Edge[],
  directed = false,
): Adjacency {
  const offsets = new Int32Array(nodeCount + 1);
  const count = (v: number) => {
    offsets[v + 1] = (offsets[v + 1] ?? 0) + 1;
  };
  for (const edge of edges) {
    if (!(edge.length >= 0)) throw new Error(`edge ${edge.from}-${edge.to} has a negative length`);
    count(edge.from);
    if (!directed) count(edge.to);
  }
  for (let v = 0; v < nodeCount; v++) offsets[v + 1] = (offsets[v + 1] ?? 0) + (offsets[v] ?? 0);
  const next = offsets.slice(0, nodeCount);
  const heads = new Int32Array(offsets[nodeCount] ?? 0);
  const lengths = new Float64Array(heads.length);
  const place = (tail: number, head: number, length: number) => {
    const at = next[tail] ?? 0;
    next[tail] = at + 1;
    heads[at] = head;
    lengths[at] = length;
  };
  for (const { from, to, length } of edges) {
    place(from, to, length);
    if (!directed) place(to, from, length);
  }
  return { nodeCount, offsets, heads, lengths };
}

/** A binary min-heap of (key, node) pairs; stale pairs are skipped by the caller (lazy deletion). */
class MinHeap {
  private keys: number[] = [];
  private nodes: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  push(key: number, node: number): void {
    let i = this.keys.length;
    this.keys.push(key);
    this.nodes.push(node);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.keys[parent] as number) <= key) break;
      this.move(parent, i);
      i = parent;
    }
    this.keys[i] = key;
    this.nodes[i] = node;
  }

  /** Removes the smallest pair; call only when size > 0. */
  pop(): { key: number; node: number } {
    const top = { key: this.keys[0] as number, node: this.nodes[0] as number };
    const key = this.keys.pop() as number;
    const node = this.nodes.pop() as number;
    const n = this.keys.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && (this.keys[child + 1] as number) < (this.keys[child] as number)) child++;
      if ((this.keys[child] as number) >= key) break;
      this.move(child, i);
      i = child;
    }
    this.keys[i] = key;
    this.nodes[i] = node;
    return top;
  }

  private move(from: number, to: number): void {
    this.keys[to] = this.keys[from] as number;
    this.nodes[to] = this.nodes[from] as number;
  }
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
  const heap = new MinHeap();
  distance[source] = 0;
  heap.push(0, source);
  while (heap.size > 0) {
    const { key, node } = heap.pop();
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
