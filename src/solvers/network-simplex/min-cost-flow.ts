// Primal network simplex for minimum-cost flow on typed arrays: strongly feasible trees, block pricing.
import { compress } from "../../../models/network-flow/compressed.ts";
import { PairHeap } from "../../../models/network-flow/heap.ts";
import {
  exactIntegerLimit,
  simplexCostTolerance,
  simplexFlowTolerance,
} from "../../../models/tolerances.ts";

/*
 * Where it comes from. The data structures and the main loop follow LEMON's NetworkSimplex
 * (Király and Kovács, "Efficient implementations of minimum-cost flow algorithms", Acta Univ.
 * Sapientiae Informatica 4(1), 2012; lemon.cs.elte.hu): an artificial root joined to every node,
 * Big-M artificial costs, lower bounds shifted out, and the spanning tree kept as parent / pred /
 * thread / reverse thread / subtree size / last successor arrays so a pivot re-threads only the
 * stem it reverses. Pricing is the block search rule of Kelly and O'Neill ("The minimum cost flow
 * problem and the network simplex solution method", University College Dublin, 1991), LEMON's
 * default: scan arcs cyclically in blocks and enter the most violating arc of the first block that
 * has one. The leaving arc is chosen by Cunningham's rule for strongly feasible trees ("A network
 * simplex method", Mathematical Programming 11, 1976): the last blocking arc met from the apex in
 * the direction of the push, which rules out cycling.
 *
 * Where ours departs from LEMON:
 * - Crash basis: instead of pivoting away from the all-artificial tree (LEMON 1.3 adds only a few
 *   heuristic initial pivots), the demands are first met greedily by one- and two-arc paths from
 *   supply nodes, keeping the tree strongly feasible.
 * - Block size: LEMON takes max(10, sqrt(m)); ours caps it at a tenth of the nodes, which on
 *   dense networks balances scanning against the cost of a pivot.
 * - Numbers: all data are doubles. Integral data below 2^50 is recognised and handled exactly
 *   (tolerance 1/2); otherwise tolerances are relative to Big-M and to the largest supply or bound
 *   (models/tolerances.ts), and optimality is confirmed on potentials rebuilt from the tree.
 * - Unboundedness: a negative cycle without a bound is reported as unbounded only after the same
 *   simplex, with costs zeroed, proves that a feasible flow exists (else: infeasible).
 * - Duals: at the optimum, subtrees still hanging from the root by artificial arcs are re-hung from
 *   real arcs by a dual ratio test, so the potentials are usable prices rather than Big-M apart.
 * - Slicing: the solve is resumable, so it hands the event loop back and honours a deadline and
 *   an abort signal.
 */

/**
 * A minimum-cost flow problem. Arc `a` carries `lower[a] <= flow <= upper[a]` from `source[a]` to
 * `target[a]` at `cost[a]` per unit; node `v` injects `supply[v]` (negative: withdraws). Lower
 * bounds must be finite, upper bounds may be Infinity, supplies must balance.
 */
export interface MinCostFlowProblem {
  nodeCount: number;
  supply: Float64Array;
  source: Int32Array;
  target: Int32Array;
  lower: Float64Array;
  upper: Float64Array;
  cost: Float64Array;
}

export interface MinCostFlowOptions {
  /** Time on the `now` clock after which the solve stops with status "timeLimit". */
  deadline?: number;
  /** Checked with the clock; once aborted the solve stops with status "cancelled". */
  signal?: AbortSignal;
  /** Milliseconds; defaults to `performance.now`. */
  now?: () => number;
}

/**
 * `potentials` price the nodes: every arc's reduced cost `cost + potentials[source] -
 * potentials[target]` is >= 0 when its flow is at its lower bound, <= 0 at its upper bound and 0
 * in between. So `potentials[v] - potentials[u]` is what one more unit moved from u to v costs,
 * the derivative of `cost` when v's supply falls and u's rises by the same amount.
 */
export type MinCostFlowResult =
  | {
      status: "optimal";
      flows: Float64Array;
      potentials: Float64Array;
      cost: number;
      pivots: number;
    }
  | {
      status: "infeasible" | "unbounded" | "timeLimit" | "cancelled";
      message: string;
      pivots: number;
    };

type StoppedResult = Extract<MinCostFlowResult, { message: string }>;

// Arc states double as the sign that makes a violation negative in pricing: an arc at its lower
// bound improves the cost when its reduced cost is negative, one at its upper bound when positive.
// Tree arcs and arcs whose bounds coincide are never priced.
const atUpper = -1;
const idle = 0;
const atLower = 1;

/** Arc visits between looks at the clock and the signal: a few milliseconds of work. */
const workPerCheck = 1 << 20;

function validate(problem: MinCostFlowProblem): void {
  const { nodeCount, supply, source, target, lower, upper, cost } = problem;
  const m = source.length;
  if (!Number.isInteger(nodeCount) || nodeCount < 0)
    throw new RangeError(`nodeCount must be a natural number, got ${nodeCount}`);
  if (supply.length !== nodeCount)
    throw new RangeError(`supply has ${supply.length} entries for ${nodeCount} nodes`);
  if (target.length !== m || lower.length !== m || upper.length !== m || cost.length !== m)
    throw new RangeError("source, target, lower, upper and cost must have one entry per arc");
  for (let v = 0; v < nodeCount; v++) {
    if (!Number.isFinite(supply[v] as number))
      throw new RangeError(`supply of node ${v} is ${supply[v]}`);
  }
  for (let a = 0; a < m; a++) {
    const s = source[a] as number;
    const t = target[a] as number;
    if (s < 0 || s >= nodeCount || t < 0 || t >= nodeCount)
      throw new RangeError(`arc ${a} joins ${s} and ${t}, outside 0..${nodeCount - 1}`);
    if (!Number.isFinite(cost[a] as number)) throw new RangeError(`arc ${a} costs ${cost[a]}`);
    if (!Number.isFinite(lower[a] as number) || Number.isNaN(upper[a] as number))
      throw new RangeError(`arc ${a} has bounds [${lower[a]}, ${upper[a]}]`);
  }
}

/**
 * Each arc's capacity `upper - lower` and starting state (at its lower bound, or idle when its
 * bounds coincide), its lower bound moved into the supplies of its ends, and what the tolerances
 * need: the largest cost, whether costs and flows are integral, the flow scale, the first arc whose
 * bounds cross (-1: none). A function of its own: as part of the constructor this loop was
 * optimised, thrown away and optimised again on every solve.
 */
function shiftLowerBounds(
  problem: MinCostFlowProblem,
  cap: Float64Array,
  state: Int8Array,
  supply: Float64Array,
) {
  const { cost, lower, upper, source, target } = problem;
  let maxCost = 0;
  let exactCosts = true;
  let exactFlows = true;
  let flowScale = 0;
  let infeasibleArc = -1;
  for (let a = 0; a < cost.length; a++) {
    const c = cost[a] as number;
    const l = lower[a] as number;
    const u = upper[a] as number;
    const size = c < 0 ? -c : c;
    if (size > maxCost) maxCost = size;
    if (exactCosts && !Number.isInteger(c)) exactCosts = false;
    const capacity = u - l;
    if (capacity < 0 && infeasibleArc < 0) infeasibleArc = a;
    cap[a] = capacity;
    state[a] = capacity > 0 ? atLower : idle;
    if (u !== Infinity) {
      if (exactFlows && !Number.isInteger(u)) exactFlows = false;
      const bound = u < 0 ? -u : u;
      if (bound > flowScale) flowScale = bound;
    }
    if (l !== 0) {
      if (exactFlows && !Number.isInteger(l)) exactFlows = false;
      const bound = l < 0 ? -l : l;
      if (bound > flowScale) flowScale = bound;
      const s = source[a] as number;
      const t = target[a] as number;
      supply[s] = (supply[s] as number) - l;
      supply[t] = (supply[t] as number) + l;
    }
  }
  return { maxCost, exactCosts, exactFlows, flowScale, infeasibleArc };
}

/**
 * One solve, resumable so that a caller can hand the event loop back between slices. The spanning
 * tree hangs from an artificial root joined to every node by an artificial arc (Big-M: routing a
 * unit through the root costs more than any simple path of real arcs), stored as parent/pred arrays
 * plus a preorder thread with subtree sizes and last descendants, so a pivot touches only the
 * cycle, the re-hung subtree and the two paths to the apex.
 */
class NetworkSimplex {
  private readonly n: number; // real nodes; node n is the root
  private readonly m: number; // real arcs; arc m + v is node v's artificial arc
  private readonly source: Int32Array;
  private readonly target: Int32Array;
  private readonly cost: Float64Array;
  private readonly cap: Float64Array;
  private readonly flow: Float64Array;
  private readonly state: Int8Array;
  private lower: Float64Array;
  private originalCost: Float64Array;

  private readonly parent: Int32Array;
  private readonly pred: Int32Array;
  /** 1 when a node's tree arc points from it to its parent. */
  private readonly predUp: Uint8Array;
  private readonly thread: Int32Array;
  private readonly revThread: Int32Array;
  private readonly succNum: Int32Array;
  private readonly lastSucc: Int32Array;
  private readonly pi: Float64Array;

  // Scratch for the stem of a pivot (the path from the entering arc up to the leaving arc).
  private readonly stem: Int32Array;
  private readonly stemLast: Int32Array;
  private readonly stemRev: Int32Array;
  private readonly stemAfter: Int32Array;
  private readonly stemSize: Int32Array;

  private readonly blockSize: number;
  private nextArc = 0;
  private costTol: number;
  private flowTol: number;
  private exactCosts: boolean;
  private freshPotentials = true;
  /** After an unbounded cycle, costs are zeroed to learn whether any feasible flow exists. */
  private provingFeasibility = false;
  private work = 0;
  private pivots = 0;
  private outcome: MinCostFlowResult | undefined;

  constructor(
    problem: MinCostFlowProblem,
    private options: MinCostFlowOptions,
  ) {
    validate(problem);
    const n = problem.nodeCount;
    const m = problem.source.length;
    const all = m + n;
    this.n = n;
    this.m = m;
    this.source = new Int32Array(all);
    this.target = new Int32Array(all);
    this.cost = new Float64Array(all);
    this.cap = new Float64Array(all);
    this.flow = new Float64Array(all);
    this.state = new Int8Array(all);
    this.lower = problem.lower;
    this.originalCost = problem.cost;
    this.source.set(problem.source);
    this.target.set(problem.target);
    this.cost.set(problem.cost);
    this.parent = new Int32Array(n + 1);
    this.pred = new Int32Array(n + 1);
    this.predUp = new Uint8Array(n + 1);
    this.thread = new Int32Array(n + 1);
    this.revThread = new Int32Array(n + 1);
    this.succNum = new Int32Array(n + 1);
    this.lastSucc = new Int32Array(n + 1);
    this.pi = new Float64Array(n + 1);
    this.stem = new Int32Array(n + 1);
    this.stemLast = new Int32Array(n + 1);
    this.stemRev = new Int32Array(n + 1);
    this.stemAfter = new Int32Array(n + 1);
    this.stemSize = new Int32Array(n + 1);
    // sqrt(m) as in LEMON on sparse networks, but at most a tenth of the nodes: a pivot costs
    // about a subtree's worth of node updates, so on dense networks (a complete transportation
    // network) a block that long balances scanning against pivoting. Run alternately with LEMON on
    // the bench's instances: 250k arcs 1.6x LEMON's time, 1M 1.3x, 4M ~1.0x, where the earlier rule
    // (sqrt(m) x 10 n / m, ~20 arcs on all three) gave 2.0x, 1.7x and 1.3x.
    this.blockSize = Math.max(10, Math.round(Math.min(Math.sqrt(m), 0.1 * (n + 1))));

    // Lower bounds are shifted out: the simplex sees 0 <= flow <= upper - lower.
    const supply = Float64Array.from(problem.supply);
    let exactFlows = true;
    let flowScale = 1;
    for (let v = 0; v < n; v++) {
      const b = supply[v] as number;
      if (!Number.isInteger(b)) exactFlows = false;
      flowScale = Math.max(flowScale, Math.abs(b));
    }
    const arcs = shiftLowerBounds(problem, this.cap, this.state, supply);
    const maxCost = arcs.maxCost;
    const exactCosts = arcs.exactCosts;
    if (!arcs.exactFlows) exactFlows = false;
    flowScale = Math.max(flowScale, arcs.flowScale);
    const infeasibleArc = arcs.infeasibleArc;
    // A simple path has at most n - 1 arcs, so any route through the root costs more than one
    // avoiding it; rounding noise in the potentials grows with this magnitude.
    const bigM = (maxCost + 1) * (n + 1);
    // Integral data stays integral through every pivot (while potentials stay well inside 2^53),
    // so any nonzero violation is at least 1.
    this.exactCosts = exactCosts && bigM < exactIntegerLimit;
    this.costTol = this.exactCosts ? 0.5 : simplexCostTolerance * bigM;
    this.flowTol =
      exactFlows && flowScale * (m + n) < exactIntegerLimit
        ? 0.5
        : simplexFlowTolerance * flowScale;

    let imbalance = 0;
    for (let v = 0; v < n; v++) imbalance += supply[v] as number;

    if (infeasibleArc >= 0) {
      this.outcome = this.stopped(
        "infeasible",
        `arc ${infeasibleArc} has lower bound ${problem.lower[infeasibleArc]} above upper bound ${problem.upper[infeasibleArc]}`,
      );
    } else if (Math.abs(imbalance) > this.flowTol) {
      this.outcome = this.stopped(
        "infeasible",
        `supplies do not balance: they sum to ${imbalance}, not 0`,
      );
    }

    // Every node hangs from the root by its artificial arc, pointing along the flow its supply
    // needs, so a zero-flow arc always points up and the tree is strongly feasible.
    const root = n;
    for (let v = 0; v < n; v++) {
      const a = m + v;
      const b = supply[v] as number;
      this.parent[v] = root;
      this.pred[v] = a;
      this.cap[a] = Infinity;
      this.state[a] = idle;
      if (b >= 0) {
        this.source[a] = v;
        this.target[a] = root;
        this.flow[a] = b;
        this.predUp[v] = 1;
      } else {
        this.source[a] = root;
        this.target[a] = v;
        this.flow[a] = -b;
        this.cost[a] = bigM;
      }
    }
    this.parent[root] = -1;
    this.pred[root] = -1;
    if (!this.outcome) this.crashBasis(supply);
    this.threadTree();
  }

  /**
   * A crash basis. From the all-artificial tree the simplex spends most of its pivots routing the
   * supplies at all, so the demands are first met greedily, each node in turn by the cheapest
   * paths of one or two arcs from supply nodes (the middle node having supply 0), in a way that
   * keeps the tree strongly feasible. A path that fits the whole remaining demand hangs the node
   * below its last node by an arc carrying that demand. One that fits only part of it is filled:
   * if its arc into the node is what runs full, that arc is left out of the tree at its upper
   * bound; if the middle node's feeding arc is, that arc is, and the middle node (with what hangs
   * below it) is re-hung below the demand node by its arc into it, which points up and is not
   * full. A supply node's artificial arc keeps what is left of its supply, and a demand no path
   * fits keeps its artificial arc with what is left of the demand.
   */
  private crashBasis(supply: Float64Array): void {
    const { n, m, source, target, cost, cap, flow, state, parent, pred, predUp } = this;
    const root = n;
    // reach[v]: what a unit costs to bring to v, via[v] the feeding arc on its way (-1 from a
    // supply node itself); Infinity when no path may go on from v.
    const reach = new Float64Array(n).fill(Infinity);
    const via = new Int32Array(n).fill(-1);
    for (let v = 0; v < n; v++) if ((supply[v] as number) > 0) reach[v] = 0;
    // Each zero-supply node's cheapest arc from a supply node, and the arcs into each node (CSR,
    // with their tails and costs, so that a scan reads in order).
    for (let a = 0; a < m; a++) {
      if (state[a] === idle) continue;
      const s = source[a] as number;
      const t = target[a] as number;
      if (
        supply[t] === 0 &&
        (supply[s] as number) > 0 &&
        (cost[a] as number) < (reach[t] as number)
      ) {
        reach[t] = cost[a] as number;
        via[t] = a;
      }
    }
    const { start, items: inArc } = compress(n, m, (a) =>
      state[a] === idle ? -1 : (target[a] as number),
    );
    const sum = inArc.length;
    // Plain loops: Float64Array.from with a mapping function goes through the iterator protocol
    // and was the crash's main cost (about 10x a loop on 250k arcs).
    const inTail = new Int32Array(sum);
    const inCost = new Float64Array(sum);
    for (let p = 0; p < sum; p++) {
      const a = inArc[p] as number;
      inTail[p] = source[a] as number;
      inCost[p] = cost[a] as number;
    }

    // Each path scans the node's arcs again, so a few passes' worth of scanning bounds the crash.
    let scanBudget = 4 * sum;
    for (let t = 0; t < n; t++) {
      let rest = -(supply[t] as number);
      if (!(rest > 0)) continue;
      while (rest > 0 && scanBudget > 0) {
        scanBudget -= (start[t + 1] as number) - (start[t] as number);
        let best = Infinity;
        let chosen = -1;
        let room = 0;
        for (let p = start[t] as number, end = start[t + 1] as number; p < end; p++) {
          const c = (inCost[p] as number) + (reach[inTail[p] as number] as number);
          if (!(c < best)) continue;
          const u = inTail[p] as number;
          const f = via[u] as number;
          const r = Math.min(
            cap[inArc[p] as number] as number,
            f < 0 ? Infinity : (cap[f] as number) - (flow[f] as number),
          );
          const s = f < 0 ? u : (source[f] as number);
          if (r <= 0 || (flow[m + s] as number) < Math.min(r, rest)) continue;
          best = c;
          chosen = p;
          room = r;
        }
        if (chosen < 0) break;
        const a = inArc[chosen] as number;
        const u = inTail[chosen] as number;
        const f = via[u] as number;
        const s = f < 0 ? u : (source[f] as number);
        const x = Math.min(room, rest);
        flow[m + s] = (flow[m + s] as number) - x;
        flow[a] = x;
        rest -= x;
        if (f >= 0) {
          if (parent[u] === root) {
            parent[u] = s;
            pred[u] = f;
            predUp[u] = 0;
            state[f] = idle;
            state[m + u] = atLower;
          }
          const feederRoom = (cap[f] as number) - (flow[f] as number);
          flow[f] = x === feederRoom ? (cap[f] as number) : (flow[f] as number) + x;
        }
        if (rest === 0) {
          parent[t] = u;
          pred[t] = a;
          predUp[t] = 0;
          state[a] = idle;
          state[m + t] = atLower;
        } else if (x === cap[a]) {
          state[a] = atUpper;
          inCost[chosen] = Infinity;
        } else {
          state[f] = atUpper;
          parent[u] = t;
          pred[u] = a;
          predUp[u] = 1;
          state[a] = idle;
        }
      }
      flow[m + t] = rest;
    }
  }

  /**
   * Starts a solve of the same network with other arc costs from this solve's final basis: its
   * flows stay feasible (bounds and supplies are unchanged), so the simplex goes on from them
   * with potentials rebuilt for the new costs, usually a few pivots from the new optimum. False,
   * changing nothing, when a cost is not finite (a cold start reports it).
   */
  reprice(cost: Float64Array, options: MinCostFlowOptions): boolean {
    if (!this.readCosts(cost)) return false;
    this.setCosts(cost);
    this.restart(options);
    this.takeCheaperParallels();
    this.recomputePotentials();
    return true;
  }

  /** Rings of parallel arcs (see parallelRings), made on the first warm start that needs them. */
  private parallelNext: Int32Array | undefined;

  /**
   * Hands each tree arc's flow to the cheapest parallel arc (same source and target) that is at
   * its lower bound and has at least its capacity, which then takes its place in the tree: a
   * pivot on a cycle of two arcs, found without pricing. The tree keeps its shape and its arcs'
   * directions and flows, with no less room on any (so it stays strongly feasible), and the cost
   * does not rise. On the cities dataset this halves the pivots after a change of tariffs (85 to
   * 37 a solve), where a cheaper mode now beats a lane's tree arc.
   */
  private takeCheaperParallels(): void {
    const { n, m, pred, cost, cap, flow, state } = this;
    this.parallelNext ??= parallelRings(this.source, this.target, m, n);
    const next = this.parallelNext;
    for (let v = 0; v < n; v++) {
      const a = pred[v] as number;
      if (a >= m || next[a] === a) continue;
      let best = a;
      for (let b = next[a] as number; b !== a; b = next[b] as number) {
        if (
          state[b] === atLower &&
          (cost[b] as number) < (cost[best] as number) &&
          (cap[b] as number) >= (cap[a] as number)
        )
          best = b;
      }
      if (best === a) continue;
      pred[v] = best;
      flow[best] = flow[a] as number;
      state[best] = idle;
      flow[a] = 0;
      state[a] = (cap[a] as number) > 0 ? atLower : idle;
    }
  }

  /** What the last setCosts read: the cost array itself and its largest magnitude. */
  private costsRead: { cost: Float64Array; maxCost: number; exact: boolean } | undefined;

  /**
   * Takes `cost` as the real arcs' costs (not read again when it is the array last taken: the
   * arrays a warm solve is given are not changed afterwards) and prices the artificial arcs as the
   * constructor does, Big-M when pointing down (finish() zeroed them), for the tree as it stands.
   */
  private setCosts(cost: Float64Array): void {
    const { n, m } = this;
    const read = this.readCosts(cost);
    if (!read) throw new Error("costs must be checked (readCosts) before they are set");
    if (this.originalCost !== cost) this.cost.set(cost);
    const bigM = (read.maxCost + 1) * (n + 1);
    for (let v = 0; v < n; v++) this.cost[m + v] = this.source[m + v] === n ? bigM : 0;
    this.exactCosts = read.exact && bigM < exactIntegerLimit;
    this.costTol = this.exactCosts ? 0.5 : simplexCostTolerance * bigM;
    this.originalCost = cost;
  }

  /** `cost`'s largest magnitude and whether all are integers (kept); undefined if one is not finite. */
  private readCosts(cost: Float64Array) {
    let read = this.costsRead;
    if (read?.cost !== cost) {
      if (cost.length !== this.m) return undefined;
      read = { cost, ...costScale(cost) };
      if (!Number.isFinite(read.maxCost)) return undefined;
      this.costsRead = read;
    }
    return read;
  }

  private restart(options: MinCostFlowOptions): void {
    this.options = options;
    this.provingFeasibility = false;
    this.outcome = undefined;
    this.pivots = 0;
  }

  /** What the last rebase read of the bounds: the arrays themselves and what sets flowTol. */
  private boundsRead:
    | { lower: Float64Array; upper: Float64Array; exact: boolean; scale: number }
    | undefined;

  /**
   * Starts a solve of the same arcs with other supplies, bounds and costs from this solve's final
   * basis (`previous` is the problem it solved). Arcs out of the tree stay at the bound they were
   * at (the lower one when the upper is gone); the tree arcs' flows move by what the supplies and
   * the changed arcs out of the tree now ask of them, leaf to root, so that only the supplies and
   * the arcs whose bounds changed are read (O(nodes + changed arcs), not O(arcs)). A real tree arc
   * that would leave its bounds, or that would keep the tree from being strongly feasible
   * (Cunningham's rule needs that to rule out cycling), leaves the tree at its nearest bound, and
   * the node below it hangs from the root by its artificial arc, which carries the difference at
   * Big-M cost when it points down: the simplex then pivots it out as in a cold start, but from a
   * basis that is mostly the old optimum. Returns false, leaving this solver unusable, when the
   * new data would fail validation, some arc's bounds cross or the supplies do not balance (a cold
   * start reports those).
   */
  rebase(
    problem: MinCostFlowProblem,
    previous: MinCostFlowProblem,
    options: MinCostFlowOptions,
  ): boolean {
    const { n, m, parent, pred, predUp, revThread, source, target, cap, flow } = this;
    const root = n;
    if (problem.nodeCount !== n || problem.source.length !== m) return false;
    const { supply, lower, upper } = problem;
    if (supply.length !== n || lower.length !== m || upper.length !== m) return false;
    if (!this.readCosts(problem.cost)) return false;

    // delta[v]: how much more node v must now send out through its tree arcs (in flows with
    // their lower bounds, not shifted).
    const delta = new Float64Array(n + 1);
    let exactFlows = true;
    let flowScale = 1;
    let imbalance = 0;
    for (let v = 0; v < n; v++) {
      const b = supply[v] as number;
      if (!Number.isFinite(b)) return false;
      if (!Number.isInteger(b)) exactFlows = false;
      flowScale = Math.max(flowScale, Math.abs(b));
      imbalance += b;
      delta[v] = b - (previous.supply[v] as number);
    }

    // The arcs whose bounds changed; the bounds' share of the tolerances.
    const oldLower = previous.lower;
    const oldUpper = previous.upper;
    let bounds = this.boundsRead;
    const changed: number[] = [];
    if (
      lower !== oldLower ||
      upper !== oldUpper ||
      bounds?.lower !== lower ||
      bounds.upper !== upper
    ) {
      let exact = true;
      let scale = 0;
      for (let a = 0; a < m; a++) {
        const l = lower[a] as number;
        const u = upper[a] as number;
        if (!Number.isInteger(l) || (u !== Infinity && !Number.isInteger(u))) exact = false;
        scale = Math.max(scale, Math.abs(l), u === Infinity ? 0 : Math.abs(u));
        if (l !== oldLower[a] || u !== oldUpper[a]) changed.push(a);
      }
      bounds = { lower, upper, exact, scale };
    }
    for (const a of changed) {
      const l = lower[a] as number;
      const u = upper[a] as number;
      if (!Number.isFinite(l) || Number.isNaN(u) || u - l < 0) return false;
    }
    exactFlows &&= bounds.exact;
    flowScale = Math.max(flowScale, bounds.scale);
    const flowTol =
      exactFlows && flowScale * (m + n) < exactIntegerLimit
        ? 0.5
        : simplexFlowTolerance * flowScale;
    if (Math.abs(imbalance) > flowTol) return false;
    this.boundsRead = bounds;
    this.flowTol = flowTol;

    // Changed arcs out of the tree go to their new bound; tree arcs only take their new capacity.
    for (const a of changed) {
      const s = source[a] as number;
      const t = target[a] as number;
      const l = lower[a] as number;
      const capacity = (upper[a] as number) - l;
      cap[a] = capacity;
      if (pred[s] === a || pred[t] === a) continue;
      const before = (flow[a] as number) + (oldLower[a] as number);
      this.rest(a, this.state[a] === atUpper && capacity < Infinity ? capacity : 0);
      const moved = (flow[a] as number) + l - before;
      delta[s] = (delta[s] as number) - moved;
      delta[t] = (delta[t] as number) + moved;
    }

    // Artificial arcs out of the tree carry nothing (they leave it empty); should one not, it is
    // emptied here, its flow counted like a changed arc's.
    for (let v = 0; v < n; v++) {
      const a = m + v;
      const x = flow[a] as number;
      if (x === 0 || pred[v] === a) continue;
      flow[a] = 0;
      delta[source[a] as number] = (delta[source[a] as number] as number) + x;
      delta[target[a] as number] = (delta[target[a] as number] as number) - x;
    }

    // Leaf to root (reverse preorder), so a node's subtree is settled before it. out: what the
    // node sent up its tree arc (negative: received down it), and now must.
    let cut = false;
    for (let v = revThread[root] as number; v !== root; v = revThread[v] as number) {
      let a = pred[v] as number;
      const p = parent[v] as number;
      const change = delta[v] as number;
      const l = a < m ? (lower[a] as number) : 0;
      const x = (flow[a] as number) + (a < m ? (oldLower[a] as number) : 0);
      const before = predUp[v] ? x : -x;
      let out = before + change;
      if (a < m) {
        const f = (predUp[v] ? out : -out) - l;
        const fits = predUp[v]
          ? f > -this.flowTol && f < (cap[a] as number)
          : f > 0 && f < (cap[a] as number) + this.flowTol;
        if (fits) {
          flow[a] = Math.min(Math.max(f, 0), cap[a] as number);
          delta[p] = (delta[p] as number) + change;
          continue;
        }
        // The arc rests at its nearest bound; the rest goes through the root.
        const rested = f <= 0 || (cap[a] as number) === Infinity ? 0 : (cap[a] as number);
        this.rest(a, rested);
        const moved = predUp[v] ? rested + l : -(rested + l);
        delta[p] = (delta[p] as number) + moved - before;
        out -= moved;
        a = m + v;
        parent[v] = root;
        pred[v] = a;
        this.state[a] = idle;
        cut = true;
      }
      // An artificial arc points along its flow: up from the node (cost 0), or down (Big-M); with
      // no flow, up.
      const up = out >= 0;
      source[a] = up ? v : root;
      target[a] = up ? root : v;
      predUp[v] = up ? 1 : 0;
      flow[a] = Math.abs(out);
    }

    this.lower = lower;
    this.setCosts(problem.cost);
    this.restart(options);
    this.takeCheaperParallels();
    if (cut) this.threadTree();
    else this.recomputePotentials();
    return true;
  }

  /** Puts arc `a`, out of the tree, at flow `f`: one of its bounds. */
  private rest(a: number, f: number): void {
    this.flow[a] = f;
    this.state[a] = (this.cap[a] as number) > 0 ? (f > 0 ? atUpper : atLower) : idle;
  }

  /** Derives the thread, subtree sizes, last descendants and potentials from `parent`. */
  private threadTree(): void {
    const { n, parent, thread, revThread, succNum, lastSucc } = this;
    const root = n;
    // Children lists, each in decreasing order, so that the stack below pops them increasing.
    const firstChild = new Int32Array(n + 1).fill(-1);
    const nextSibling = new Int32Array(n + 1);
    for (let v = 0; v < n; v++) {
      const p = parent[v] as number;
      nextSibling[v] = firstChild[p] as number;
      firstChild[p] = v;
    }
    const order = new Int32Array(n + 1);
    const stack = new Int32Array(n + 1);
    let depth = 0;
    stack[depth++] = root;
    for (let k = 0; depth > 0; k++) {
      const v = stack[--depth] as number;
      order[k] = v;
      for (let c = firstChild[v] as number; c >= 0; c = nextSibling[c] as number)
        stack[depth++] = c;
    }
    succNum.fill(1);
    for (let k = n; k > 0; k--) {
      const v = order[k] as number;
      const p = parent[v] as number;
      succNum[p] = (succNum[p] as number) + (succNum[v] as number);
    }
    for (let k = 0; k <= n; k++) {
      const v = order[k] as number;
      const next = k < n ? (order[k + 1] as number) : root;
      thread[v] = next;
      revThread[next] = v;
      lastSucc[v] = order[k + (succNum[v] as number) - 1] as number;
    }
    this.recomputePotentials();
  }

  private now(): number {
    return (this.options.now ?? performance.now.bind(performance))();
  }

  private stopped(status: StoppedResult["status"], message: string): StoppedResult {
    return { status, message, pivots: this.pivots };
  }

  /** Pivots until the solve ends (returned) or the clock passes `sliceEnd` (undefined). */
  advance(sliceEnd: number): MinCostFlowResult | undefined {
    // Every call does some work, however late it starts, so that slicing cannot stall the solve.
    for (let started = false; ; started = true) {
      if (this.outcome) return this.outcome;
      if (this.options.signal?.aborted) {
        this.outcome = this.stopped("cancelled", "the solve was aborted");
        continue;
      }
      const now = this.now();
      if (now >= (this.options.deadline ?? Infinity)) {
        this.outcome = this.stopped("timeLimit", `time limit reached after ${this.pivots} pivots`);
        continue;
      }
      if (started && now >= sliceEnd) return undefined;
      this.work = 0;
      while (this.work < workPerCheck && !this.outcome) this.step();
    }
  }

  /** One pivot, or the end of the solve. */
  private step(): void {
    const entering = this.selectEntering();
    if (entering < 0) {
      // Incremental potential updates drift with inexact costs, so optimality is confirmed on
      // potentials rebuilt from the tree, without pricing every arc again: pricing flags a
      // violation beyond half the tolerance, so if no potential moved by more than a quarter of
      // it in the rebuild, no reduced cost moved by more than half, and none violates the
      // tolerance on the rebuilt potentials. Otherwise pricing goes on from those.
      if (this.exactCosts || this.freshPotentials) this.outcome = this.finish();
      else if (this.recomputePotentials() <= this.costTol / 4) this.outcome = this.finish();
      return;
    }
    this.pivots++;
    if (!this.pivot(entering)) this.onUnboundedCycle();
  }

  /**
   * Block search: scan arcs cyclically in blocks (see blockSize) and take the most violating arc
   * of the first block that has one.
   */
  private selectEntering(): number {
    const m = this.m;
    const { state, cost, pi, source, target, blockSize } = this;
    let best = -1;
    // Half the tolerance (see step).
    let min = -this.costTol / 2;
    let inBlock = blockSize;
    const start = this.nextArc;
    // From the last stop to the end, then from the first arc back to it (LEMON's two loops): no
    // wrap-around test per arc.
    let e = start;
    let end = m;
    for (let pass = 0; pass < 2; pass++) {
      for (; e < end; e++) {
        const c =
          (state[e] as number) *
          ((cost[e] as number) +
            (pi[source[e] as number] as number) -
            (pi[target[e] as number] as number));
        if (c < min) {
          min = c;
          best = e;
        }
        if (--inBlock === 0) {
          if (best >= 0) {
            e++;
            this.work += pass === 0 ? e - start : m - start + e;
            this.nextArc = e === m ? 0 : e;
            return best;
          }
          inBlock = blockSize;
        }
      }
      e = 0;
      end = start;
    }
    this.work += m;
    this.nextArc = start;
    return best;
  }

  /**
   * Rebuilds every potential from the tree, so that every tree arc has reduced cost 0, and returns
   * the largest change to one (the root's stays 0).
   */
  private recomputePotentials(): number {
    const { thread, pred, predUp, parent, pi, cost } = this;
    const root = this.n;
    pi[root] = 0;
    let moved = 0;
    for (let v = thread[root] as number; v !== root; v = thread[v] as number) {
      const a = pred[v] as number;
      const p = parent[v] as number;
      const before = pi[v] as number;
      const now = predUp[v]
        ? (pi[p] as number) - (cost[a] as number)
        : (pi[p] as number) + (cost[a] as number);
      pi[v] = now;
      const change = now > before ? now - before : before - now;
      if (change > moved) moved = change;
    }
    this.work += this.n;
    this.freshPotentials = true;
    return moved;
  }

  /**
   * Pushes flow round the cycle that `e` closes and swaps it into the tree. The leaving arc is the
   * last blocking arc met walking the cycle from its apex in the direction of the push
   * (Cunningham's rule), which keeps the tree strongly feasible and rules out cycling. Returns
   * false when nothing blocks the push: a negative cycle of unbounded capacity.
   */
  private pivot(e: number): boolean {
    const { parent, pred, predUp, flow, cap, succNum } = this;
    const dir = this.state[e] as number;
    const first = dir === atLower ? (this.source[e] as number) : (this.target[e] as number);
    const second = dir === atLower ? (this.target[e] as number) : (this.source[e] as number);

    // The push runs from the apex down to `first`, along e, and from `second` up to the apex.
    // Both paths are climbed together to find the apex (an ancestor has the larger subtree, so
    // the side with the smaller one climbs), and each side's blocking arc is taken on the way:
    // on the first side the lowest minimum (strict <), on the second the highest (<=), which is
    // the last in the direction of the push on each.
    let u = first;
    let v = second;
    let firstDelta = Infinity;
    let firstLeaving = -1;
    let secondDelta = Infinity;
    let secondLeaving = -1;
    while (u !== v) {
      if ((succNum[u] as number) < (succNum[v] as number)) {
        const a = pred[u] as number;
        const r = predUp[u] ? (flow[a] as number) : (cap[a] as number) - (flow[a] as number);
        if (r < firstDelta) {
          firstDelta = r;
          firstLeaving = u;
        }
        u = parent[u] as number;
      } else {
        const a = pred[v] as number;
        const r = predUp[v] ? (cap[a] as number) - (flow[a] as number) : (flow[a] as number);
        if (r <= secondDelta) {
          secondDelta = r;
          secondLeaving = v;
        }
        v = parent[v] as number;
      }
    }
    const join = u;
    // Ties go to the later arc in the push direction: first side, then e, then second side.
    let delta = firstDelta;
    let leaving = firstLeaving; // the node below the leaving tree arc, or -1 when e itself leaves
    let leavingOnFirst = true;
    if ((cap[e] as number) <= delta) {
      delta = cap[e] as number;
      leaving = -1;
    }
    if (secondDelta <= delta) {
      delta = secondDelta;
      leaving = secondLeaving;
      leavingOnFirst = false;
    }
    if (delta === Infinity) return false;

    if (delta > 0) {
      flow[e] = (flow[e] as number) + dir * delta;
      for (let w = first; w !== join; w = parent[w] as number) {
        const a = pred[w] as number;
        flow[a] = (flow[a] as number) + (predUp[w] ? -delta : delta);
      }
      for (let w = second; w !== join; w = parent[w] as number) {
        const a = pred[w] as number;
        flow[a] = (flow[a] as number) + (predUp[w] ? delta : -delta);
      }
    }
    this.freshPotentials = false;

    if (leaving < 0) {
      this.state[e] = -dir;
      flow[e] = dir === atLower ? (cap[e] as number) : 0;
      return true;
    }

    // The leaving arc stops exactly at the bound it reached, whatever the rounding said.
    const out = pred[leaving] as number;
    const emptied = leavingOnFirst === (predUp[leaving] === 1);
    flow[out] = emptied ? 0 : (cap[out] as number);
    this.state[out] = emptied ? atLower : atUpper;

    const uIn = leavingOnFirst ? first : second;
    const vIn = leavingOnFirst ? second : first;
    this.rehang(e, uIn, vIn, leaving, join);
    return true;
  }

  /**
   * Replaces the tree arc above `out` by `e`, which joins `uIn` (in the subtree of `out`) to `vIn`
   * (outside it): the path from uIn up to out (the stem) is reversed, the subtree is re-threaded
   * and spliced in right after vIn, and its potentials shift so that e gets reduced cost 0.
   */
  private rehang(e: number, uIn: number, vIn: number, out: number, join: number): void {
    const { parent, pred, predUp, thread, revThread, succNum, lastSucc } = this;
    const { stem, stemLast, stemRev, stemAfter, stemSize } = this;
    const reduced =
      (this.cost[e] as number) +
      (this.pi[this.source[e] as number] as number) -
      (this.pi[this.target[e] as number] as number);
    const sigma = uIn === this.target[e] ? reduced : -reduced;

    let k = 0;
    for (let w = uIn; ; w = parent[w] as number) {
      stem[k] = w;
      stemLast[k] = lastSucc[w] as number;
      stemRev[k] = revThread[w] as number;
      stemAfter[k] = thread[lastSucc[w] as number] as number;
      stemSize[k] = succNum[w] as number;
      if (w === out) break;
      k++;
    }
    const outParent = parent[out] as number;
    const outSize = succNum[out] as number;
    const oldOutLast = lastSucc[out] as number;
    const beforeOut = revThread[out] as number;
    const afterOut = thread[oldOutLast] as number;

    // The new preorder of the subtree: stem node i with its old subtree minus that of stem node
    // i - 1 (which is now its child), for i = 0..k in turn.
    let tail = stemLast[0] as number;
    for (let i = 1; i <= k; i++) {
      const s = stem[i] as number;
      thread[tail] = s;
      revThread[s] = tail;
      const aEnd = stemRev[i - 1] as number;
      if (stemLast[i - 1] !== stemLast[i]) {
        const bStart = stemAfter[i - 1] as number;
        thread[aEnd] = bStart;
        revThread[bStart] = aEnd;
        tail = stemLast[i] as number;
      } else {
        tail = aEnd;
      }
    }
    const blockLast = tail;

    // Cut the old block out, then splice the new one in as vIn's first child.
    thread[beforeOut] = afterOut;
    revThread[afterOut] = beforeOut;
    const vNext = thread[vIn] as number;
    thread[vIn] = uIn;
    revThread[uIn] = vIn;
    thread[blockLast] = vNext;
    revThread[vNext] = blockLast;

    for (let i = k; i >= 1; i--) {
      const s = stem[i] as number;
      const below = stem[i - 1] as number;
      parent[s] = below;
      pred[s] = pred[below] as number;
      predUp[s] = 1 - (predUp[below] as number);
    }
    parent[uIn] = vIn;
    pred[uIn] = e;
    predUp[uIn] = this.source[e] === uIn ? 1 : 0;
    this.state[e] = idle;

    let size = 0;
    for (let i = k; i >= 0; i--) {
      size += (stemSize[i] as number) - (i > 0 ? (stemSize[i - 1] as number) : 0);
      succNum[stem[i] as number] = size;
      lastSucc[stem[i] as number] = blockLast;
    }
    for (let w = outParent; w !== join; w = parent[w] as number)
      succNum[w] = (succNum[w] as number) - outSize;
    for (let w = vIn; w !== join; w = parent[w] as number)
      succNum[w] = (succNum[w] as number) + outSize;
    for (let w = outParent; w >= 0 && lastSucc[w] === oldOutLast; w = parent[w] as number) {
      lastSucc[w] = beforeOut;
    }
    for (let w = vIn; w >= 0 && lastSucc[w] === vIn; w = parent[w] as number)
      lastSucc[w] = blockLast;

    const pi = this.pi;
    let w = uIn;
    for (let i = 0; i < outSize; i++) {
      pi[w] = (pi[w] as number) + sigma;
      w = thread[w] as number;
    }
    this.work += outSize + 2 * k;
  }

  /**
   * A negative cycle without a bound is unboundedness only if some feasible flow exists, which
   * the same simplex settles once every real cost is 0 and routing through the root costs 1.
   */
  private onUnboundedCycle(): void {
    if (this.provingFeasibility) throw new Error("unbounded cycle with non-negative costs");
    this.provingFeasibility = true;
    const { cost, m, n } = this;
    cost.fill(0, 0, m);
    for (let v = 0; v < n; v++) cost[m + v] = this.source[m + v] === n ? 1 : 0;
    this.costTol = 0.5;
    this.recomputePotentials();
  }

  private artificialFlow(): boolean {
    for (let v = 0; v < this.n; v++) {
      if ((this.flow[this.m + v] as number) > this.flowTol) return true;
    }
    return false;
  }

  private finish(): MinCostFlowResult {
    if (this.provingFeasibility) {
      return this.artificialFlow()
        ? this.stopped("infeasible", "no flow meets every supply within the arc bounds")
        : this.stopped("unbounded", "a cycle of unbounded capacity has negative cost");
    }
    if (this.artificialFlow())
      return this.stopped("infeasible", "no flow meets every supply within the arc bounds");

    this.detachFromRoot();
    const { m, n } = this;
    for (let v = 0; v < n; v++) this.cost[m + v] = 0;
    this.recomputePotentials();

    const flows = new Float64Array(m);
    return {
      status: "optimal",
      flows,
      cost: unshift(flows, this.flow, this.lower, this.originalCost),
      potentials: this.pi.slice(0, n),
      pivots: this.pivots,
    };
  }

  /**
   * At the optimum artificial arcs carry no flow, but several may still join subtrees to the root,
   * and Big-M then sets those subtrees' potentials apart by about M: valid, but useless as prices.
   * Each such subtree, smallest first, is re-hung from a real arc that crosses into the rest of the
   * tree, chosen by a dual ratio test so that every crossing arc keeps its optimality sign (a
   * degenerate pivot: no flow moves). A subtree with no crossing arc keeps its artificial arc,
   * whose cost then becomes 0; its prices are fixed only up to a constant anyway.
   */
  private detachFromRoot(): void {
    const { n, m, source, target, state, parent, succNum, thread, lastSucc } = this;
    const root = n;
    if (n === 0 || succNum[thread[root] as number] === n) return;

    // Incidence lists of the arcs that can move (CSR): item 2a at a's source, 2a + 1 at its target.
    const { start, items } = compress(n, 2 * m, (i) =>
      state[i >> 1] === idle ? -1 : ((i & 1 ? target : source)[i >> 1] as number),
    );
    const incident = items.map((i) => i >> 1);

    // The smallest subtree hanging from the root goes first: merging it into another at least
    // doubles the subtree its nodes belong to, so each node is scanned O(log n) times. The queue
    // holds (size, node) pairs; entries whose node has moved or grown since are skipped.
    const queue = new PairHeap(2 * n);
    let children = 0;
    for (let c = thread[root] as number; c !== root; c = thread[lastSucc[c] as number] as number) {
      queue.push(succNum[c] as number, c);
      children++;
    }
    const mark = new Int32Array(n + 1);
    let stamp = 0;
    while (children > 1 && queue.size > 0) {
      const size = queue.minKey();
      const child = queue.pop();
      if (parent[child] !== root || succNum[child] !== size) continue;
      stamp++;
      let w = child;
      for (let i = 0; i < size; i++) {
        mark[w] = stamp;
        w = thread[w] as number;
      }
      // Shifting the subtree's potentials by theta changes a crossing arc's reduced cost by
      // +theta (source inside) or -theta (target inside); its state allows only one sign.
      let lo = -Infinity;
      let loArc = -1;
      let hi = Infinity;
      let hiArc = -1;
      w = child;
      for (let i = 0; i < size; i++) {
        for (let p = start[w] as number, end = start[w + 1] as number; p < end; p++) {
          const a = incident[p] as number;
          const st = state[a] as number;
          const s = source[a] as number;
          const t = target[a] as number;
          if (st === idle || (mark[s] === stamp) === (mark[t] === stamp)) continue;
          const slack = Math.max(0, st * this.reducedCost(a));
          if (st * (mark[s] === stamp ? 1 : -1) > 0) {
            if (-slack > lo) {
              lo = -slack;
              loArc = a;
            }
          } else if (slack < hi) {
            hi = slack;
            hiArc = a;
          }
        }
        w = thread[w] as number;
      }
      // No crossing arc: the subtree's prices are fixed only up to a constant.
      if (loArc < 0 && hiArc < 0) continue;
      const a = hiArc >= 0 && (loArc < 0 || hi <= -lo) ? hiArc : loArc;
      const inside =
        mark[source[a] as number] === stamp ? (source[a] as number) : (target[a] as number);
      const outside = inside === source[a] ? (target[a] as number) : (source[a] as number);
      let top = outside;
      while (parent[top] !== root) top = parent[top] as number;
      this.state[this.pred[child] as number] = atLower;
      this.rehang(a, inside, outside, child, root);
      children--;
      // The merged subtree may now reach others through arcs of the one just hung below it.
      queue.push(succNum[top] as number, top);
    }
  }

  private reducedCost(a: number): number {
    return (
      (this.cost[a] as number) +
      (this.pi[this.source[a] as number] as number) -
      (this.pi[this.target[a] as number] as number)
    );
  }
}

// Loops of the warm path kept out of the methods that call them: a method whose loop is compiled
// while it runs (on-stack replacement) was de-optimised at the code after the loop, on each of a
// warm run's first few dozen solves.

/** Writes flow + lower into `flows` and returns the cost of those flows. */
function unshift(
  flows: Float64Array,
  flow: Float64Array,
  lower: Float64Array,
  cost: Float64Array,
): number {
  let total = 0;
  for (let a = 0; a < flows.length; a++) {
    const x = (flow[a] as number) + (lower[a] as number);
    flows[a] = x;
    total += (cost[a] as number) * x;
  }
  return total;
}

/** The largest magnitude among `cost` and whether all are integers. */
function costScale(cost: Float64Array): { maxCost: number; exact: boolean } {
  // NaN makes maxCost NaN, and Infinity makes it Infinity: either is refused.
  let maxCost = 0;
  let a = 0;
  for (; a < cost.length; a++) {
    const c = cost[a] as number;
    maxCost = Math.max(maxCost, Math.abs(c));
    if (!Number.isInteger(c)) break;
  }
  const exact = a === cost.length;
  // The rest without the integer test (which took as long as the rest of the loop).
  for (a++; a < cost.length; a++) maxCost = Math.max(maxCost, Math.abs(cost[a] as number));
  return { maxCost, exact };
}

/**
 * Arcs `0..m-1` grouped by their ends: `next[a]` is the next arc with a's source and target, the
 * arcs of a group forming a ring (`next[a] === a` when a has no parallel arc).
 */
function parallelRings(source: Int32Array, target: Int32Array, m: number, n: number): Int32Array {
  const next = new Int32Array(m);
  const bySource = compress(n + 1, m, (a) => source[a] as number);
  const ringOf = new Int32Array(n + 1).fill(-1);
  for (let v = 0; v <= n; v++) {
    const from = bySource.start[v] as number;
    const to = bySource.start[v + 1] as number;
    for (let i = from; i < to; i++) {
      const a = bySource.items[i] as number;
      const t = target[a] as number;
      const ring = ringOf[t] as number;
      if (ring < 0) {
        ringOf[t] = a;
        next[a] = a;
      } else {
        next[a] = next[ring] as number;
        next[ring] = a;
      }
    }
    for (let i = from; i < to; i++) ringOf[target[bySource.items[i] as number] as number] = -1;
  }
  return next;
}

/** Solves to the end in one synchronous call (still honouring the deadline and the signal). */
export function solveMinCostFlow(
  problem: MinCostFlowProblem,
  options: MinCostFlowOptions = {},
): MinCostFlowResult {
  const result = new NetworkSimplex(problem, options).advance(Infinity);
  if (!result) throw new Error("a solve without a slice end cannot pause");
  return result;
}

const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) =>
    typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0),
  );

/**
 * Solves in slices of `sliceMs`, handing the event loop back in between, so that a timer or a
 * request can abort the signal while the solve runs.
 */
export async function solveMinCostFlowAsync(
  problem: MinCostFlowProblem,
  options: MinCostFlowOptions & { sliceMs?: number } = {},
): Promise<MinCostFlowResult> {
  return runSliced(new NetworkSimplex(problem, options), options);
}

/**
 * A network simplex that keeps its last optimal basis: a problem with the same arcs as the last
 * one (a re-solve after a tariff or price change, a sweep over a cost, other demands or
 * capacities) starts from that basis instead of a crash basis, when the basis fits (see rebase).
 * Anything else starts cold.
 */
export class WarmMinCostFlow {
  private last: { problem: MinCostFlowProblem; solver: NetworkSimplex } | undefined;
  /** How many solves started warm, for the benchmark and tests. */
  warmStarts = 0;

  async solve(
    problem: MinCostFlowProblem,
    options: MinCostFlowOptions & { sliceMs?: number } = {},
  ): Promise<MinCostFlowResult> {
    const last = this.last;
    this.last = undefined;
    let solver: NetworkSimplex;
    if (
      last &&
      sameExceptCosts(last.problem, problem) &&
      last.solver.reprice(problem.cost, options)
    ) {
      solver = last.solver;
      this.warmStarts++;
    } else if (
      last &&
      sameArcs(last.problem, problem) &&
      last.solver.rebase(problem, last.problem, options)
    ) {
      solver = last.solver;
      this.warmStarts++;
    } else {
      solver = new NetworkSimplex(problem, options);
    }
    const result = await runSliced(solver, options);
    if (result.status === "optimal") this.last = { problem, solver };
    return result;
  }
}

function equal(x: ArrayLike<number>, y: ArrayLike<number>): boolean {
  if (x === y) return true;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** The same nodes and arcs: a basis of one is a basis of the other. */
function sameArcs(a: MinCostFlowProblem, b: MinCostFlowProblem): boolean {
  return a.nodeCount === b.nodeCount && equal(a.source, b.source) && equal(a.target, b.target);
}

function sameExceptCosts(a: MinCostFlowProblem, b: MinCostFlowProblem): boolean {
  return (
    sameArcs(a, b) &&
    equal(a.supply, b.supply) &&
    equal(a.lower, b.lower) &&
    equal(a.upper, b.upper)
  );
}

async function runSliced(
  solver: NetworkSimplex,
  options: MinCostFlowOptions & { sliceMs?: number },
): Promise<MinCostFlowResult> {
  const now = options.now ?? performance.now.bind(performance);
  const sliceMs = options.sliceMs ?? 50;
  for (;;) {
    const result = solver.advance(now() + sliceMs);
    if (result) return result;
    await yieldToEventLoop();
  }
}
