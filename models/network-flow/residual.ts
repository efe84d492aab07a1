// The residual network of a flow: two edges per arc, reduced costs under node potentials, CSR adjacency.
import { residualCostTolerance, residualFlowTolerance } from "../tolerances.ts";
import { type Compressed, compress } from "./compressed.ts";
import { IndexedHeap } from "./heap.ts";
import { repairPotentials } from "./potentials.ts";

/** A flow on a network: arc a runs from[a] -> to[a], costs cost[a] a unit, lower <= flow <= upper. */
export interface FlowArcs {
  nodeCount: number;
  from: Int32Array;
  to: Int32Array;
  cost: Float64Array;
  flow: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

/**
 * Edge 2a runs along arc a (residual capacity upper - flow), edge 2a + 1 against it (flow - lower).
 * Reduced costs are taken under the potentials `pi`, which the builder makes feasible (every edge
 * with capacity has reduced cost >= 0, up to `tolCost`), so Dijkstra finds shortest paths.
 */
export interface ResidualNetwork extends FlowArcs {
  /** Reduced cost of each arc, cost + pi[from] - pi[to]. */
  reduced: Float64Array;
  pi: Float64Array;
  /** Residual capacity of each edge (0 within `tolT` of a bound). */
  capacity: Float64Array;
  /** Per edge: tail, head, reduced cost clamped at 0 (`rc`), and signed reduced cost (`raw`). */
  tail: Int32Array;
  head: Int32Array;
  rc: Float64Array;
  raw: Float64Array;
  /** Edges leaving each node, those with capacity by increasing reduced cost first. */
  out: Compressed;
  /** Edges entering each node, in edge order. */
  into: Compressed;
  /** Tonnes and unit costs closer than these are equal. */
  tolT: number;
  tolCost: number;
  /** Slack (cost per unit) for cutting a search short: enough for n tolerance-sized gaps on a path. */
  slack: number;
  ws: Workspace;
}

/**
 * Buffers reused by every search, so the hot loops allocate nothing: the heap, a BFS queue and
 * visit stamps, and a scratch copy of the residual capacities that each max-flow restores (only
 * the edges it touched) when it is done.
 */
export interface Workspace {
  heap: IndexedHeap;
  done: Uint8Array;
  parentEdge: Int32Array;
  queue: Int32Array;
  stamp: Int32Array;
  stampNow: number;
  cap: Float64Array;
  touched: number[];
}

/** The scales the tolerances are relative to: the largest tonnes and the largest unit cost. */
export interface Scale {
  tonnes: number;
  cost: number;
}

/**
 * The residual network of `arcs` under `potentials` (copied; repaired where an edge with capacity
 * prices negative). `scale` sets the tolerances (see tolerances.ts).
 */
export function residualNetwork(
  arcs: FlowArcs,
  potentials: Float64Array,
  scale: Scale,
): ResidualNetwork {
  const n = arcs.nodeCount;
  const m = arcs.from.length;
  const pi = Float64Array.from(potentials);
  const reduced = new Float64Array(m);
  const tail = new Int32Array(2 * m);
  const head = new Int32Array(2 * m);
  const capacity = new Float64Array(2 * m);
  const tolT = residualFlowTolerance * scale.tonnes;
  for (let a = 0; a < m; a++) {
    const [u, v] = [arcs.from[a] as number, arcs.to[a] as number];
    reduced[a] = (arcs.cost[a] as number) + (pi[u] as number) - (pi[v] as number);
    tail[2 * a] = u;
    head[2 * a] = v;
    tail[2 * a + 1] = v;
    head[2 * a + 1] = u;
    const up = (arcs.upper[a] as number) - (arcs.flow[a] as number);
    const down = (arcs.flow[a] as number) - (arcs.lower[a] as number);
    capacity[2 * a] = up > tolT ? up : 0;
    capacity[2 * a + 1] = down > tolT ? down : 0;
  }
  const tolCost = residualCostTolerance * scale.cost;
  const r: ResidualNetwork = {
    ...arcs,
    reduced,
    pi,
    capacity,
    tail,
    head,
    rc: new Float64Array(2 * m),
    raw: new Float64Array(2 * m),
    out: compress(n, 2 * m, (e) => tail[e] as number),
    into: compress(n, 2 * m, (e) => head[e] as number),
    tolT,
    tolCost,
    slack: Math.max(1, n) * tolCost,
    ws: workspace(n, capacity),
  };
  repairPotentials(r);
  for (let a = 0; a < m; a++) {
    const rc = r.reduced[a] as number;
    r.raw[2 * a] = rc;
    r.raw[2 * a + 1] = -rc;
    r.rc[2 * a] = Math.max(0, rc);
    r.rc[2 * a + 1] = Math.max(0, -rc);
  }
  sortOutEdges(r);
  return r;
}

/**
 * Out-edges with residual capacity by increasing reduced cost, then the saturated ones, so a
 * search with a distance bound stops scanning a node at the first edge past the bound or without
 * capacity: on a million arcs, most of a node's edges are never read.
 */
function sortOutEdges(r: ResidualNetwork): void {
  const edgeCount = r.capacity.length;
  const key = new Float64Array(edgeCount);
  for (let e = 0; e < edgeCount; e++)
    key[e] = (r.capacity[e] as number) > 0 ? (r.rc[e] as number) : Infinity;
  const { start, items } = r.out;
  for (let v = 0; v < r.nodeCount; v++) {
    const lo = start[v] as number;
    const hi = start[v + 1] as number;
    if (hi - lo > 1)
      items.subarray(lo, hi).sort((x, y) => (key[x] as number) - (key[y] as number) || x - y);
  }
}

function workspace(n: number, capacity: Float64Array): Workspace {
  return {
    heap: new IndexedHeap(n),
    done: new Uint8Array(n),
    parentEdge: new Int32Array(n),
    queue: new Int32Array(n),
    stamp: new Int32Array(n),
    stampNow: 0,
    cap: Float64Array.from(capacity),
    touched: [],
  };
}

/** True cost of the cheapest residual path from `from` to `to`, given its reduced length. */
export const pathCost = (r: ResidualNetwork, reducedDist: number, from: number, to: number) =>
  reducedDist + (r.pi[to] as number) - (r.pi[from] as number);
