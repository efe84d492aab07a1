// Sensitivity of an optimal plan, read off its residual network: marginal costs with exact ranges, reduced costs.
import type { LpResult } from "../lp.ts";
import type { AllocationModel } from "./build.ts";
import { laneObjectiveCostPerT } from "./build.ts";
import { exportArcHead, marketArcs, marketNodes } from "./market-arcs.ts";

/*
 * Everything here works in cost form: the objective of minCost, and minus the margin of maxMargin,
 * so a positive figure is always money spent. The program is a min-cost flow (formulation.md, "It
 * is a network") with node 0 the ground; with a CO2 cap, lane costs carry the cap's implied carbon
 * price and the figures hold at that price (the cap itself is then held fixed).
 *
 * Why not read the solver's duals directly: at a degenerate optimum the duals are not unique, and a
 * backend returns whichever its basis gives, which may be the saving of the last tonne rather than
 * the cost of the next. The value function of a min-cost flow is convex and piecewise linear in
 * every supply and bound, and its one-sided slopes are shortest paths in the residual network: the
 * next tonne at smelter s costs the cheapest residual path ground -> s, the last tonne saves minus
 * the cheapest path s -> ground. The slope holds for as many tonnes as the paths of that same cost
 * can carry: a maximum flow through the arcs that lie on a shortest path. The solver's duals are
 * used as node potentials, which makes every residual arc's reduced cost non-negative, so
 * Dijkstra finds the paths.
 */

/** One figure, as computed: Infinity where a bound does not apply (JSON has null for it). */
export interface Marginal {
  /** d(cost)/d(quantity) for the next tonne; Infinity when one more tonne is infeasible. */
  next: number;
  /** The same slope for the previous tonne; -Infinity when the quantity cannot fall. */
  previous: number;
  /** Tonnes more for which `next` holds; Infinity for unlimited. */
  moreT: number;
  /** Tonnes fewer for which `next` still holds (0 where degenerate). */
  fewerT: number;
  /** The slopes differ: the dual is not unique and `next` is one end of its interval. */
  degenerate: boolean;
}

export interface LaneReducedCost {
  lane: number; // index into model.lanes
  /** How much cheaper (CNY/t) the lane must become before it carries flow; Infinity: never. */
  reducedCostPerT: number;
}

export interface Sensitivity {
  /** Figures hold at this carbon price (CNY/t CO2): the CO2 cap's dual, 0 without a binding cap. */
  impliedCarbonPricePerT: number | null;
  /** False when a side constraint (the CO2 cap) binds: ranges then are not computed. */
  rangesExact: boolean;
  smelters: Marginal[]; // per smelter: the next tonne of demand
  ports: Marginal[]; // per port: the next tonne of minimum export
  /** Per plant, in cost form: the next tonne of capacity changes cost by `next` (<= 0). */
  plantCapacity: Marginal[];
  /**
   * Lanes without flow with their exact reduced costs, smallest first (then by lane index): the
   * first `unusedLanesTop` of them (all by default). Lanes further down are not evaluated.
   */
  unusedLanes: LaneReducedCost[];
  /** Per smelter, its unused lane with the smallest finite exact reduced cost, if any. */
  bestAlternative: (LaneReducedCost | undefined)[];
}

// Edge 2a runs along arc a (residual upper - flow), edge 2a + 1 against it (residual flow - lower).
interface Residual {
  nodeCount: number;
  from: Int32Array; // per arc
  to: Int32Array;
  cost: Float64Array; // cost form, carbon priced at the cap's dual
  flow: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  /** Reduced cost of each arc, cost + pi[from] - pi[to]. */
  reduced: Float64Array;
  pi: Float64Array;
  /** Residual capacity of each edge. */
  capacity: Float64Array;
  /** Edges leaving each node (CSR), and edges entering it. */
  outStart: Int32Array;
  outEdges: Int32Array;
  inStart: Int32Array;
  inEdges: Int32Array;
  tolT: number;
  tolCost: number;
  /** Per edge: tail, head, reduced cost clamped at 0, and signed reduced cost. */
  tail: Int32Array;
  head: Int32Array;
  rc: Float64Array;
  raw: Float64Array;
  /** Slack (CNY/t) for cutting a search short: enough for n tolerance-sized gaps on a path. */
  slack: number;
  ws: Workspace;
  outputArc: Int32Array; // per plant
  laneArc: Int32Array; // per lane
  exportArc: Int32Array; // per port
}

/**
 * Buffers reused by every search, so the hot loops allocate nothing: an indexed binary heap keyed by
 * a distance array, a BFS queue and visit stamps, and a scratch copy of the residual capacities
 * that each max-flow restores (only the edges it touched) when it is done.
 */
interface Workspace {
  heap: Int32Array;
  pos: Int32Array;
  done: Uint8Array;
  parentEdge: Int32Array;
  queue: Int32Array;
  stamp: Int32Array;
  stampNow: number;
  cap: Float64Array;
  touched: number[];
}

const edgeFrom = (r: Residual, e: number) => (e & 1 ? r.to[e >> 1] : r.from[e >> 1]) as number;
const edgeTo = (r: Residual, e: number) => (e & 1 ? r.from[e >> 1] : r.to[e >> 1]) as number;

/** Node of each plant, smelter and port: 0 is the ground, then plants, smelters, ports. */
export function nodeIndex(model: AllocationModel) {
  const plants = model.network.plants.length;
  const smelters = model.network.smelters.length;
  const base = 1 + plants + smelters + model.network.ports.length;
  // Quay and market nodes (market-arcs.ts) follow; without export markets they carry no arc.
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

function csr(nodeCount: number, edgeCount: number, endOf: (e: number) => number) {
  const start = new Int32Array(nodeCount + 1);
  for (let e = 0; e < edgeCount; e++) start[endOf(e) + 1] = (start[endOf(e) + 1] as number) + 1;
  for (let v = 0; v < nodeCount; v++)
    start[v + 1] = (start[v + 1] as number) + (start[v] as number);
  const fill = start.slice(0, nodeCount);
  const edges = new Int32Array(edgeCount);
  for (let e = 0; e < edgeCount; e++) {
    const v = endOf(e);
    edges[fill[v] as number] = e;
    fill[v] = (fill[v] as number) + 1;
  }
  return { start, edges };
}

/** Arcs of the model's network with their flows; undefined unless the result carries duals. */
function buildResidual(
  model: AllocationModel,
  result: Extract<LpResult, { status: "optimal" }>,
  carbonPrice: number,
): Residual | undefined {
  const duals = result.duals;
  if (!duals) return undefined;
  const { network, lp } = model;
  const sign = lp.sense === "max" ? -1 : 1;
  const nodes = nodeIndex(model);
  const arcs: { from: number; to: number; column: number; extraCost: number; uncapped: boolean }[] =
    [];
  const outputArc = new Int32Array(network.plants.length);
  const laneArc = new Int32Array(model.lanes.length);
  const exportArc = new Int32Array(network.ports.length);
  network.plants.forEach((_, p) => {
    outputArc[p] = arcs.length;
    arcs.push({
      from: 0,
      to: nodes.plant(p),
      column: model.outputColumn[p] as number,
      extraCost: 0,
      uncapped: false,
    });
  });
  model.lanes.forEach((lane, l) => {
    const to = lane.destination.kind === "smelter" ? nodes.smelter : nodes.port;
    laneArc[l] = arcs.length;
    arcs.push({
      from: nodes.plant(lane.plant),
      to: to(lane.destination.index),
      column: model.flowColumn[l] as number,
      extraCost: model.co2CapRow >= 0 ? (carbonPrice * lane.co2KgPerT) / 1000 : 0,
      uncapped: false,
    });
  });
  // The phantom columns' upper bounds (demand, minimum export) move with the quantity they make
  // up, and never bind otherwise (inflow + shortfall = demand), so they count as uncapped.
  network.smelters.forEach((_, s) => {
    const column = model.shortfallColumn[s] as number;
    if (column >= 0)
      arcs.push({ from: 0, to: nodes.smelter(s), column, extraCost: 0, uncapped: true });
  });
  network.ports.forEach((_, k) => {
    exportArc[k] = arcs.length;
    arcs.push({
      from: nodes.port(k),
      to: exportArcHead(model, k, nodes.quay),
      column: model.exportColumn[k] as number,
      extraCost: 0,
      uncapped: false,
    });
    const phantom = model.exportShortfallColumn[k] as number;
    if (phantom >= 0)
      arcs.push({ from: 0, to: nodes.port(k), column: phantom, extraCost: 0, uncapped: true });
  });

  const markets = marketArcs(model, nodes);
  for (const arc of markets.arcs) arcs.push({ ...arc, extraCost: 0, uncapped: false });

  // Node potentials in cost form: the duals of rows (1)-(3), found by their names; the ground's is 0.
  const rowIndex = new Map(lp.rows.map((row, i) => [row.name, i]));
  const pi = new Float64Array(nodes.count);
  const potential = (rowName: string) => sign * (duals.rowDuals[rowIndex.get(rowName) ?? -1] ?? 0);
  network.plants.forEach((plant, p) => {
    pi[nodes.plant(p)] = potential(`plant:${plant.id}`);
  });
  network.smelters.forEach((smelter, s) => {
    pi[nodes.smelter(s)] = potential(`smelter:${smelter.id}`);
  });
  network.ports.forEach((port, k) => {
    pi[nodes.port(k)] = potential(`port:${port.id}`);
  });
  for (const { node, row } of markets.potentials) pi[node] = potential(row);

  const m = arcs.length;
  const r: Residual = {
    nodeCount: nodes.count,
    from: new Int32Array(m),
    to: new Int32Array(m),
    cost: new Float64Array(m),
    flow: new Float64Array(m),
    lower: new Float64Array(m),
    upper: new Float64Array(m),
    reduced: new Float64Array(m),
    pi,
    capacity: new Float64Array(2 * m),
    outStart: new Int32Array(0),
    outEdges: new Int32Array(0),
    inStart: new Int32Array(0),
    inEdges: new Int32Array(0),
    tolT: 0,
    tolCost: 0,
    tail: new Int32Array(0),
    head: new Int32Array(0),
    rc: new Float64Array(0),
    raw: new Float64Array(0),
    slack: 0,
    ws: undefined as unknown as Workspace,
    outputArc,
    laneArc,
    exportArc,
  };
  let scaleT = 1;
  let scaleCost = 1;
  arcs.forEach((arc, a) => {
    const column = lp.columns[arc.column];
    if (!column) throw new Error(`column ${arc.column} missing`);
    r.from[a] = arc.from;
    r.to[a] = arc.to;
    r.cost[a] = sign * column.cost + arc.extraCost;
    r.flow[a] = result.columnValues[arc.column] ?? 0;
    r.lower[a] = column.lower;
    r.upper[a] = arc.uncapped ? Infinity : column.upper;
    r.reduced[a] = (r.cost[a] as number) + (pi[arc.from] as number) - (pi[arc.to] as number);
    scaleCost = Math.max(scaleCost, Math.abs(r.cost[a] as number));
    for (const x of [column.lower, column.upper, r.flow[a] as number])
      if (Number.isFinite(x)) scaleT = Math.max(scaleT, Math.abs(x));
  });
  r.tolT = 1e-9 * scaleT;
  r.tolCost = 1e-7 * scaleCost;
  for (let a = 0; a < m; a++) {
    const up = (r.upper[a] as number) - (r.flow[a] as number);
    const down = (r.flow[a] as number) - (r.lower[a] as number);
    r.capacity[2 * a] = up > r.tolT ? up : 0;
    r.capacity[2 * a + 1] = down > r.tolT ? down : 0;
  }
  const out = csr(nodes.count, 2 * m, (e) => edgeFrom(r, e));
  const into = csr(nodes.count, 2 * m, (e) => edgeTo(r, e));
  r.outStart = out.start;
  r.outEdges = out.edges;
  r.inStart = into.start;
  r.inEdges = into.edges;
  repairPotentials(r);
  const n = nodes.count;
  r.tail = new Int32Array(2 * m);
  r.head = new Int32Array(2 * m);
  r.rc = new Float64Array(2 * m);
  r.raw = new Float64Array(2 * m);
  for (let a = 0; a < m; a++) {
    const rc = r.reduced[a] as number;
    r.tail[2 * a] = r.from[a] as number;
    r.head[2 * a] = r.to[a] as number;
    r.tail[2 * a + 1] = r.to[a] as number;
    r.head[2 * a + 1] = r.from[a] as number;
    r.raw[2 * a] = rc;
    r.raw[2 * a + 1] = -rc;
    r.rc[2 * a] = Math.max(0, rc);
    r.rc[2 * a + 1] = Math.max(0, -rc);
  }
  // Out-edges with residual capacity by increasing reduced cost, then the saturated ones, so a
  // search with a distance bound stops scanning a node at the first edge past the bound or without
  // capacity: on a million lanes, most of a plant's lanes (and a smelter's unused ones) are not read.
  const key = new Float64Array(2 * m);
  for (let e = 0; e < 2 * m; e++)
    key[e] = (r.capacity[e] as number) > 0 ? (r.rc[e] as number) : Infinity;
  for (let v = 0; v < n; v++) {
    const lo = r.outStart[v] as number;
    const hi = r.outStart[v + 1] as number;
    if (hi - lo > 1)
      r.outEdges.subarray(lo, hi).sort((x, y) => (key[x] as number) - (key[y] as number) || x - y);
  }
  r.slack = Math.max(1, n) * r.tolCost;
  r.ws = {
    heap: new Int32Array(n),
    pos: new Int32Array(n).fill(-1),
    done: new Uint8Array(n),
    parentEdge: new Int32Array(n),
    queue: new Int32Array(n),
    stamp: new Int32Array(n),
    stampNow: 0,
    cap: Float64Array.from(r.capacity),
    touched: [],
  };
  return r;
}

/**
 * Makes every residual edge's reduced cost non-negative. The solver's duals usually are already,
 * but a backend may price a redundant bound as active (HiGHS can leave a shortfall column
 * non-basic at its upper bound, the demand, which this network treats as uncapped). The residual
 * network of an optimum has no negative cycle, so Bellman-Ford from a virtual source joined to
 * every node at cost 0 gives distances d <= 0, and pi + d are feasible potentials. With valid duals
 * nothing changes.
 */
function repairPotentials(r: Residual): void {
  const edgeCount = 2 * r.from.length;
  const rawReduced = (e: number) =>
    e & 1 ? -(r.reduced[e >> 1] as number) : (r.reduced[e >> 1] as number);
  let violated = false;
  for (let e = 0; e < edgeCount && !violated; e++)
    violated = (r.capacity[e] as number) > 0 && rawReduced(e) < -r.tolCost;
  if (!violated) return;
  const d = new Float64Array(r.nodeCount);
  for (let pass = 0; pass < r.nodeCount; pass++) {
    let changed = false;
    for (let e = 0; e < edgeCount; e++) {
      if ((r.capacity[e] as number) <= 0) continue;
      const i = edgeFrom(r, e);
      const j = edgeTo(r, e);
      const through = (d[i] as number) + rawReduced(e);
      if (through < (d[j] as number) - r.tolCost) {
        d[j] = through;
        changed = true;
      }
    }
    if (!changed) break;
  }
  for (let v = 0; v < r.nodeCount; v++) r.pi[v] = (r.pi[v] as number) + (d[v] as number);
  for (let a = 0; a < r.from.length; a++)
    r.reduced[a] =
      (r.cost[a] as number) +
      (r.pi[r.from[a] as number] as number) -
      (r.pi[r.to[a] as number] as number);
}

/** "out": distances from `source`; "in": distances to it. */
type Direction = "out" | "in";

/** Indexed binary heap over node ids keyed by `dist`: push or decrease, and pop the minimum. */
function heapUp(ws: Workspace, dist: Float64Array, i: number): void {
  const { heap, pos } = ws;
  const v = heap[i] as number;
  const d = dist[v] as number;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const pv = heap[parent] as number;
    if ((dist[pv] as number) <= d) break;
    heap[i] = pv;
    pos[pv] = i;
    i = parent;
  }
  heap[i] = v;
  pos[v] = i;
}

function heapPop(ws: Workspace, dist: Float64Array, size: number): number {
  const { heap, pos } = ws;
  const top = heap[0] as number;
  pos[top] = -1;
  const n = size - 1;
  if (n > 0) {
    const last = heap[n] as number;
    const d = dist[last] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (
        child + 1 < n &&
        (dist[heap[child + 1] as number] as number) < (dist[heap[child] as number] as number)
      )
        child++;
      const cv = heap[child] as number;
      if ((dist[cv] as number) >= d) break;
      heap[i] = cv;
      pos[cv] = i;
      i = child;
    }
    heap[i] = last;
    pos[last] = i;
  }
  return top;
}

/**
 * Dijkstra on reduced costs (non-negative thanks to the duals) over residual edges, skipping both
 * edges of arc `excluded`. Returns reduced distances; Infinity where no path exists. With a
 * `target`, the search stops once every node as near as the target (plus `r.slack`) is settled:
 * those are all the nodes a shortest path to it can use, and the rest are left at Infinity.
 */
function shortestPaths(
  r: Residual,
  source: number,
  direction: Direction,
  excluded = -1,
  target = -1,
  bound = Infinity,
  settle?: (u: number, du: number) => number,
): Float64Array {
  const n = r.nodeCount;
  const ws = r.ws;
  const dist = new Float64Array(n).fill(Infinity);
  const done = ws.done;
  done.fill(0);
  const out = direction === "out";
  const start = out ? r.outStart : r.inStart;
  const edges = out ? r.outEdges : r.inEdges;
  const other = out ? r.head : r.tail;
  const { rc, capacity } = r;
  const slack = r.slack;
  dist[source] = 0;
  ws.heap[0] = source;
  ws.pos[source] = 0;
  let size = 1;
  // Nothing beyond this distance matters: a tentative distance to the target bounds the answer.
  let limit = bound;
  while (size > 0) {
    const u = ws.heap[0] as number;
    const du = dist[u] as number;
    if (du > limit) break;
    heapPop(ws, dist, size);
    size--;
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
      if (v === target) limit = dv + slack;
      let at = ws.pos[v] as number;
      if (at < 0) {
        at = size++;
        ws.heap[at] = v;
      }
      heapUp(ws, dist, at);
    }
  }
  for (let i = 0; i < size; i++) {
    const v = ws.heap[i] as number;
    ws.pos[v] = -1;
    dist[v] = Infinity;
  }
  return dist;
}

/**
 * The residual edges that lie on shortest paths as measured by `dist` (from a source for "out", to
 * a sink for "in"): both ends reached and a gap of at most the cost tolerance. The set does not
 * depend on capacities (an edge and its reverse have the same gap), so one list serves a whole
 * max-flow, and one per distance array serves every query that shares it. Out-edges are sorted by
 * reduced cost, and a tight edge's reduced cost is at most the distance still to go, so each node's
 * scan stops early.
 */
interface Admissible {
  start: Int32Array;
  edges: Int32Array;
  excluded: number;
}

function admissibleEdges(
  r: Residual,
  dist: Float64Array,
  direction: Direction,
  excluded: number,
): Admissible {
  const n = r.nodeCount;
  const { tolCost, raw, rc, head, outStart, outEdges } = r;
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
  const start = new Int32Array(n + 1);
  for (const e of list)
    start[(r.tail[e] as number) + 1] = (start[(r.tail[e] as number) + 1] as number) + 1;
  for (let v = 0; v < n; v++) start[v + 1] = (start[v + 1] as number) + (start[v] as number);
  const fill = start.slice(0, n);
  const edges = new Int32Array(list.length);
  for (const e of list) {
    const v = r.tail[e] as number;
    edges[fill[v] as number] = e;
    fill[v] = (fill[v] as number) + 1;
  }
  return { start, edges, excluded };
}

/**
 * Most flow from s to t along residual edges that lie on shortest paths (`admissibleEdges`),
 * stopping at `limit`: the tonnes that can move at the shortest-path cost. Edmonds-Karp on the
 * shared scratch capacities, restored afterwards; Infinity when an uncapacitated path exists.
 */
function admissibleMaxFlow(
  r: Residual,
  s: number,
  t: number,
  dist: Float64Array,
  direction: Direction,
  excluded: number,
  limit: number,
): number {
  return maxFlowOn(r, admissibleEdges(r, dist, direction, excluded), s, t, limit);
}

function maxFlowOn(r: Residual, graph: Admissible, s: number, t: number, limit: number): number {
  const ws = r.ws;
  const { cap, parentEdge, queue, stamp, touched } = ws;
  const { tolT, head } = r;
  const { start, edges } = graph;
  touched.length = 0;
  let total = 0;
  while (total < limit) {
    const visit = ++ws.stampNow;
    stamp[s] = visit;
    queue[0] = s;
    let tail = 1;
    let reached = false;
    for (let q = 0; q < tail && !reached; q++) {
      const u = queue[q] as number;
      const end = start[u + 1] as number;
      for (let i = start[u] as number; i < end; i++) {
        const e = edges[i] as number;
        const v = head[e] as number;
        if (stamp[v] === visit || (cap[e] as number) <= tolT) continue;
        stamp[v] = visit;
        parentEdge[v] = e;
        if (v === t) {
          reached = true;
          break;
        }
        queue[tail++] = v;
      }
    }
    if (!reached) break;
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

/** True cost of the cheapest residual path, from reduced distances and the potentials. */
const pathCost = (r: Residual, reducedDist: number, from: number, to: number) =>
  reducedDist + (r.pi[to] as number) - (r.pi[from] as number);

interface QueryOptions {
  ranges: boolean;
}

export interface SensitivityOptions {
  /** How many unused lanes to evaluate exactly and list, smallest reduced cost first (all). */
  unusedLanesTop?: number;
}

function finish(
  r: Residual,
  next: number,
  previous: number,
  moreT: () => number,
  fewerT: () => number,
  options: QueryOptions,
): Marginal {
  const tol = 10 * r.tolCost;
  if (next === Infinity) return { next, previous, moreT: 0, fewerT: 0, degenerate: false };
  if (previous === -Infinity) {
    return {
      next,
      previous,
      moreT: options.ranges ? moreT() : Number.NaN,
      fewerT: 0,
      degenerate: false,
    };
  }
  const degenerate = next - previous > tol;
  return {
    next,
    previous,
    moreT: options.ranges ? moreT() : Number.NaN,
    fewerT: !options.ranges ? Number.NaN : degenerate ? 0 : fewerT(),
    degenerate,
  };
}

/** One more tonne withdrawn at node v, supplied by the ground (a smelter's demand). */
function supplyQuery(
  r: Residual,
  v: number,
  fromGround: Float64Array,
  toGround: Float64Array,
  quantityT: number,
  options: QueryOptions,
  shared: { fromGround: Admissible; toGround: Admissible },
): Marginal {
  const next = pathCost(r, fromGround[v] as number, 0, v);
  const previous = quantityT > r.tolT ? -pathCost(r, toGround[v] as number, v, 0) : -Infinity;
  return finish(
    r,
    next,
    previous,
    () => maxFlowOn(r, shared.fromGround, 0, v, Infinity),
    () => maxFlowOn(r, shared.toGround, v, 0, quantityT),
    options,
  );
}

/**
 * Raising the lower bound of arc a (a port's minimum export): the cost of forcing a tonne on.
 * `directPerT` prices a way in that the program gains only once the bound is positive (the phantom
 * exports of a port whose minimum is 0): Infinity when there is none.
 */
function lowerBoundQuery(
  r: Residual,
  a: number,
  options: QueryOptions,
  directPerT = Infinity,
): Marginal {
  const flow = r.flow[a] as number;
  const lower = r.lower[a] as number;
  const room = (r.upper[a] as number) - lower;
  const [u, v, c] = [r.from[a] as number, r.to[a] as number, r.cost[a] as number];
  if (flow > lower + r.tolT) {
    // Free up to the current flow, and beyond it for as long as a zero-cost cycle through a can
    // carry more (another optimum that exports more).
    let moreT = flow - lower;
    if (options.ranges && flow < (r.upper[a] as number) - r.tolT) {
      const fromV = shortestPaths(r, v, "out", a, u);
      const viaNetwork = c + pathCost(r, fromV[u] as number, v, u);
      const headroom = (r.upper[a] as number) - flow;
      if (c + directPerT <= r.tolCost) moreT += headroom;
      else if (viaNetwork <= r.tolCost)
        moreT += admissibleMaxFlow(r, v, u, fromV, "out", a, headroom);
    }
    return { next: 0, previous: 0, moreT, fewerT: lower, degenerate: false };
  }
  // One more tonne on a returns from v to u by the cheapest other residual path.
  const fromV = shortestPaths(r, v, "out", a, u);
  const viaNetwork = c + pathCost(r, fromV[u] as number, v, u);
  const next = room > r.tolT ? Math.min(viaNetwork, c + directPerT) : Infinity;
  // An uncapacitated direct way in, as cheap as any path, never runs out.
  const direct = c + directPerT <= viaNetwork + r.tolCost;
  // One tonne fewer may leave a if a cheaper path u -> v exists; the saving is never negative.
  const fromU = shortestPaths(r, u, "out", a, v);
  const relief = pathCost(r, fromU[v] as number, u, v) - c;
  const previous = lower > r.tolT ? Math.max(0, -relief) : -Infinity;
  return finish(
    r,
    next,
    previous,
    () => (direct ? room : Math.min(room, admissibleMaxFlow(r, v, u, fromV, "out", a, room))),
    () => (relief < -r.tolCost ? admissibleMaxFlow(r, u, v, fromU, "out", a, lower) : lower),
    options,
  );
}

/** Raising the upper bound of arc a (a plant's capacity): cost slopes, <= 0. */
function upperBoundQuery(r: Residual, a: number, options: QueryOptions): Marginal {
  const flow = r.flow[a] as number;
  const upper = r.upper[a] as number;
  const lower = r.lower[a] as number;
  const [u, v, c] = [r.from[a] as number, r.to[a] as number, r.cost[a] as number];
  if (flow < upper - r.tolT) {
    // Worthless down to the current flow, and below it for as long as a zero-cost path can take
    // over (another optimum that uses less of a).
    let fewerT = upper - flow;
    if (options.ranges && flow > lower + r.tolT) {
      const fromU = shortestPaths(r, u, "out", a, v);
      if (pathCost(r, fromU[v] as number, u, v) - c <= r.tolCost)
        fewerT += admissibleMaxFlow(r, u, v, fromU, "out", a, flow - lower);
    }
    return { next: 0, previous: 0, moreT: Infinity, fewerT, degenerate: false };
  }
  // Another tonne through a is used only if the cycle a + (v -> u) saves money.
  const fromV = shortestPaths(r, v, "out", a, u);
  const cycle = c + pathCost(r, fromV[u] as number, v, u);
  const next = Math.min(0, cycle);
  const room = upper - lower;
  // One tonne less through a must go by the cheapest other path u -> v.
  const fromU = shortestPaths(r, u, "out", a, v);
  const previous = room > r.tolT ? c - pathCost(r, fromU[v] as number, u, v) : -Infinity;
  return finish(
    r,
    next,
    previous,
    () => (cycle < -r.tolCost ? admissibleMaxFlow(r, v, u, fromV, "out", a, Infinity) : Infinity),
    () => admissibleMaxFlow(r, u, v, fromU, "out", a, room),
    options,
  );
}

/**
 * Marginal costs, capacity values and exact reduced costs of an optimal solution, or undefined
 * when the result has no duals (javascript-lp-solver).
 */
export function computeSensitivity(
  model: AllocationModel,
  result: Extract<LpResult, { status: "optimal" }>,
  { unusedLanesTop }: SensitivityOptions = {},
): Sensitivity | undefined {
  if (!result.duals) return undefined;
  const sign = model.lp.sense === "max" ? -1 : 1;
  const capDual = model.co2CapRow >= 0 ? (result.duals.rowDuals[model.co2CapRow] ?? 0) : 0;
  // Raising the cap lowers cost: the cost-form dual is <= 0 and the carbon price is its negation.
  const carbonPrice = Math.max(0, -sign * capDual);
  const r = buildResidual(model, result, carbonPrice);
  if (!r) return undefined;
  const options = { ranges: model.co2CapRow < 0 || carbonPrice === 0, unusedLanesTop };
  const nodes = nodeIndex(model);
  const { network } = model;

  const fromGround = shortestPaths(r, 0, "out");
  const toGround = shortestPaths(r, 0, "in");
  const shared = {
    fromGround: admissibleEdges(r, fromGround, "out", -1),
    toGround: admissibleEdges(r, toGround, "in", -1),
  };
  const smelters = network.smelters.map((_, s) =>
    supplyQuery(
      r,
      nodes.smelter(s),
      fromGround,
      toGround,
      model.demandT[s] as number,
      options,
      shared,
    ),
  );
  const plantCapacity = network.plants.map((_, p) =>
    upperBoundQuery(r, r.outputArc[p] as number, options),
  );
  // With shortfall allowed, a port whose minimum is 0 has no phantom column yet; raising the
  // minimum brings one in at the penalty (plus the revenue a phantom tonne forgoes in maxMargin).
  const ports = network.ports.map((port, k) => {
    const phantomPerT =
      network.options.allowShortfall && (model.exportShortfallColumn[k] as number) < 0
        ? network.options.shortfallPenaltyPerT +
          (network.options.objective === "maxMargin" ? port.fobPricePerT : 0)
        : Infinity;
    return lowerBoundQuery(r, r.exportArc[k] as number, options, phantomPerT);
  });

  const { unusedLanes, bestAlternative } = unusedLaneCosts(
    model,
    r,
    options.unusedLanesTop ?? Infinity,
  );
  return {
    impliedCarbonPricePerT: model.co2CapRow >= 0 ? carbonPrice : null,
    rangesExact: options.ranges,
    smelters,
    ports,
    plantCapacity,
    unusedLanes,
    bestAlternative,
  };
}

/**
 * Exact reduced costs of unused lanes: a lane p -> d enters once its cost falls below minus the
 * cheapest residual path d -> p, so its exact reduced cost is cost + pathCost(d -> p). The dual
 * reduced cost (cost + pi[p] - pi[d]) is a lower bound on it, since reduced distances are >= 0.
 * Only the `top` smallest are wanted (and each smelter's smallest, for its best alternative), so
 * the searches from each destination are cut off at a bound G on the exact value: a lane with
 * exact value <= G has lower bound <= G and lies within G minus its destination's smallest lower
 * bound. G starts at the top-th smallest lower bound and grows until at least `top` lanes are known
 * within it; then every lane with exact value <= G is evaluated, which includes the whole top.
 */
function unusedLaneCosts(model: AllocationModel, r: Residual, top: number) {
  const n = r.nodeCount;
  const lanes: number[] = [];
  model.lanes.forEach((_, l) => {
    if ((r.flow[r.laneArc[l] as number] as number) <= r.tolT) lanes.push(l);
  });
  const count = lanes.length;
  const value = new Float64Array(count).fill(Number.NaN);
  const lower = new Float64Array(count);
  // Unused lanes by destination (CSR), and each destination's smallest lower bound.
  const destStart = new Int32Array(n + 1);
  const minLower = new Float64Array(n).fill(Infinity);
  for (let i = 0; i < count; i++) {
    const a = r.laneArc[lanes[i] as number] as number;
    const d = r.to[a] as number;
    destStart[d + 1] = (destStart[d + 1] as number) + 1;
    if ((r.upper[a] as number) <= r.tolT) {
      value[i] = Infinity;
      lower[i] = Infinity;
    } else {
      lower[i] = r.reduced[a] as number;
      minLower[d] = Math.min(minLower[d] as number, lower[i] as number);
    }
  }
  for (let v = 0; v < n; v++)
    destStart[v + 1] = (destStart[v + 1] as number) + (destStart[v] as number);
  const fill = destStart.slice(0, n);
  const destLanes = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const d = r.to[r.laneArc[lanes[i] as number] as number] as number;
    destLanes[fill[d] as number] = i;
    fill[d] = (fill[d] as number) + 1;
  }
  // Per plant node, the unused lanes into the destination being searched (a linked list).
  const firstAt = new Int32Array(n).fill(-1);
  const nextAt = new Int32Array(count).fill(-1);
  const covered = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  const best = new Float64Array(n).fill(Infinity);
  const bestLane = new Int32Array(n).fill(-1);
  const isSmelter = new Uint8Array(n);
  const nodes = nodeIndex(model);
  model.network.smelters.forEach((_, s) => {
    isSmelter[nodes.smelter(s)] = 1;
  });

  const search = (d: number, bound: number, trackBest: boolean) => {
    const lo = destStart[d] as number;
    const hi = destStart[d + 1] as number;
    for (let k = lo; k < hi; k++) {
      const i = destLanes[k] as number;
      if ((lower[i] as number) === Infinity) continue;
      const p = r.from[r.laneArc[lanes[i] as number] as number] as number;
      nextAt[i] = firstAt[p] as number;
      firstAt[p] = i;
    }
    const minLb = minLower[d] as number;
    let limit = trackBest ? Infinity : bound;
    shortestPaths(r, d, "out", -1, -1, limit, (u, du) => {
      for (let i = firstAt[u] as number; i >= 0; i = nextAt[i] as number) {
        const a = r.laneArc[lanes[i] as number] as number;
        const v = (r.cost[a] as number) + pathCost(r, du, d, u);
        value[i] = v;
        const l = lanes[i] as number;
        if (
          trackBest &&
          (v < (best[d] as number) || (v === best[d] && l < (bestLane[d] as number)))
        ) {
          best[d] = v;
          bestLane[d] = l;
        }
      }
      if (trackBest) limit = Math.max(bound, (best[d] as number) - minLb + r.slack);
      return limit;
    });
    covered[d] = limit;
    for (let k = lo; k < hi; k++) {
      const i = destLanes[k] as number;
      if ((lower[i] as number) === Infinity) continue;
      firstAt[r.from[r.laneArc[lanes[i] as number] as number] as number] = -1;
      // Not reached by an unbounded search: no residual path back, the lane can never enter.
      if (limit === Infinity && Number.isNaN(value[i] as number)) value[i] = Infinity;
    }
  };

  const want = Math.min(top, count);
  let g = Infinity;
  if (want < count) {
    const sorted = Float64Array.from(lower).sort();
    g = want > 0 ? (sorted[want - 1] as number) : Number.NEGATIVE_INFINITY;
  }
  const g0 = g;
  for (let round = 0; ; round++) {
    for (let d = 0; d < n; d++) {
      if (destStart[d] === destStart[d + 1]) continue;
      const minLb = minLower[d] as number;
      const bound = g === Infinity ? Infinity : g - minLb + r.slack;
      if (round === 0) search(d, minLb === Infinity ? bound : bound, isSmelter[d] === 1);
      else if ((covered[d] as number) < bound && minLb <= g + r.slack) search(d, bound, false);
    }
    if (g === Infinity) break;
    let within = 0;
    for (let i = 0; i < count; i++) if ((value[i] as number) <= g) within++;
    if (within >= want) break;
    g = round >= 20 ? Infinity : g + 4 * Math.max(1, g - g0);
  }

  const unusedLanes: LaneReducedCost[] = [];
  for (let i = 0; i < count; i++)
    if (!Number.isNaN(value[i] as number))
      unusedLanes.push({ lane: lanes[i] as number, reducedCostPerT: value[i] as number });
  unusedLanes.sort((x, y) => x.reducedCostPerT - y.reducedCostPerT || x.lane - y.lane);
  if (unusedLanes.length > want) unusedLanes.length = want;
  const bestAlternative = model.network.smelters.map((_, s) => {
    const d = nodes.smelter(s);
    const l = bestLane[d] as number;
    return l >= 0 && Number.isFinite(best[d] as number)
      ? { lane: l, reducedCostPerT: best[d] as number }
      : undefined;
  });
  return { unusedLanes, bestAlternative };
}

/** Delivered cost per tonne of a lane in cost form: production + freight + carbon (+ handling). */
export function deliveredCostPerT(model: AllocationModel, lane: number): number {
  const terms = model.lanes[lane];
  if (!terms) throw new Error(`lane ${lane} missing`);
  const plant = model.network.plants[terms.plant];
  return (plant?.productionCostPerT ?? 0) + laneObjectiveCostPerT(model.network, terms);
}
