// Exact reduced costs of arcs without flow: how much cheaper each must become before it carries any.
import { compress } from "./compressed.ts";
import { pathCost, type ResidualNetwork } from "./residual.ts";
import { shortestPaths } from "./shortest-paths.ts";

/** An arc of the candidate list (by its position there) and its exact reduced cost per unit. */
export interface EnteringCost {
  /** Position in the `arcs` list given to `enteringCosts`. */
  position: number;
  /** How much cheaper the arc must become before it carries flow; Infinity: never. */
  reducedCostPerT: number;
}

export interface EnteringCosts {
  /** The `top` smallest, smallest first (then by position). */
  smallest: EnteringCost[];
  /** Per node, the cheapest candidate into it with a finite cost, for nodes asked to track. */
  bestInto: (EnteringCost | undefined)[];
}

/** The candidates without flow, grouped by head, with the per-candidate lower bounds. */
interface Candidates {
  positions: number[];
  arc: Int32Array;
  value: Float64Array;
  lower: Float64Array;
  byHead: { start: Int32Array; items: Int32Array };
  minLower: Float64Array;
}

/**
 * Exact reduced costs of the arcs of `arcs` that carry no flow. An idle arc p -> d enters once its
 * cost falls below minus the cheapest residual path d -> p, so its exact reduced cost is
 * cost + pathCost(d -> p). The dual reduced cost (cost + pi[p] - pi[d]) is a lower bound on it,
 * since reduced distances are >= 0. Only the `top` smallest are wanted (and the smallest into each
 * tracked node), so the searches from each head are cut off at a bound G on the exact value: an arc
 * with exact value <= G has lower bound <= G and lies within G minus its head's smallest lower
 * bound. G starts at the top-th smallest lower bound and grows until at least `top` arcs are known
 * within it; then every arc with exact value <= G is evaluated, which includes the whole top.
 */
export function enteringCosts(
  r: ResidualNetwork,
  arcs: Int32Array,
  top: number,
  tracked: Uint8Array,
): EnteringCosts {
  const c = candidates(r, arcs);
  const count = c.positions.length;
  const search = headSearch(r, c);
  const want = Math.min(top, count);
  let g = Infinity;
  if (want < count) {
    const sorted = Float64Array.from(c.lower).sort();
    g = want > 0 ? (sorted[want - 1] as number) : Number.NEGATIVE_INFINITY;
  }
  const g0 = g;
  for (let round = 0; ; round++) {
    for (let d = 0; d < r.nodeCount; d++) {
      if (c.byHead.start[d] === c.byHead.start[d + 1]) continue;
      const minLb = c.minLower[d] as number;
      const bound = g === Infinity ? Infinity : g - minLb + r.slack;
      if (round === 0) search.run(d, bound, tracked[d] === 1);
      else if ((search.covered[d] as number) < bound && minLb <= g + r.slack)
        search.run(d, bound, false);
    }
    if (g === Infinity) break;
    let within = 0;
    for (let i = 0; i < count; i++) if ((c.value[i] as number) <= g) within++;
    if (within >= want) break;
    g = round >= 20 ? Infinity : g + 4 * Math.max(1, g - g0);
  }
  const smallest: EnteringCost[] = [];
  for (let i = 0; i < count; i++)
    if (!Number.isNaN(c.value[i] as number))
      smallest.push({ position: c.positions[i] as number, reducedCostPerT: c.value[i] as number });
  smallest.sort((x, y) => x.reducedCostPerT - y.reducedCostPerT || x.position - y.position);
  if (smallest.length > want) smallest.length = want;
  const bestInto = Array.from({ length: r.nodeCount }, (_, d) => {
    const i = search.bestCandidate[d] as number;
    return i >= 0 && Number.isFinite(search.best[d] as number)
      ? { position: c.positions[i] as number, reducedCostPerT: search.best[d] as number }
      : undefined;
  });
  return { smallest, bestInto };
}

function candidates(r: ResidualNetwork, arcs: Int32Array): Candidates {
  // Plain loops: typed-array from() with a mapping function is an iterator walk, ~10x slower.
  const positions: number[] = [];
  for (let position = 0; position < arcs.length; position++) {
    if ((r.flow[arcs[position] as number] as number) <= r.tolT) positions.push(position);
  }
  const count = positions.length;
  const arc = new Int32Array(count);
  for (let i = 0; i < count; i++) arc[i] = arcs[positions[i] as number] as number;
  // value: NaN until evaluated; an arc without room can never enter.
  const value = new Float64Array(count).fill(Number.NaN);
  const lower = new Float64Array(count);
  const minLower = new Float64Array(r.nodeCount).fill(Infinity);
  for (let i = 0; i < count; i++) {
    const a = arc[i] as number;
    if ((r.upper[a] as number) <= r.tolT) {
      value[i] = Infinity;
      lower[i] = Infinity;
    } else {
      lower[i] = r.reduced[a] as number;
      const d = r.to[a] as number;
      minLower[d] = Math.min(minLower[d] as number, lower[i] as number);
    }
  }
  const byHead = compress(r.nodeCount, count, (i) => r.to[arc[i] as number] as number);
  return { positions, arc, value, lower, byHead, minLower };
}

/**
 * One bounded search from head d back to the tails of its idle arcs, evaluating those reached;
 * `covered[d]` keeps how far d has been searched, `best` the cheapest arc into a tracked head.
 */
function headSearch(r: ResidualNetwork, c: Candidates) {
  const n = r.nodeCount;
  // Per tail node, the candidates into the head being searched (a linked list).
  const firstAt = new Int32Array(n).fill(-1);
  const nextAt = new Int32Array(c.positions.length).fill(-1);
  const covered = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  const best = new Float64Array(n).fill(Infinity);
  const bestCandidate = new Int32Array(n).fill(-1);
  const { start, items } = c.byHead;
  const run = (d: number, bound: number, trackBest: boolean) => {
    const [lo, hi] = [start[d] as number, start[d + 1] as number];
    for (let k = lo; k < hi; k++) {
      const i = items[k] as number;
      if ((c.lower[i] as number) === Infinity) continue;
      const p = r.from[c.arc[i] as number] as number;
      nextAt[i] = firstAt[p] as number;
      firstAt[p] = i;
    }
    const minLb = c.minLower[d] as number;
    let limit = trackBest ? Infinity : bound;
    const settle = (u: number, du: number) => {
      for (let i = firstAt[u] as number; i >= 0; i = nextAt[i] as number) {
        const v = (r.cost[c.arc[i] as number] as number) + pathCost(r, du, d, u);
        c.value[i] = v;
        if (
          trackBest &&
          (v < (best[d] as number) || (v === best[d] && i < (bestCandidate[d] as number)))
        ) {
          best[d] = v;
          bestCandidate[d] = i;
        }
      }
      if (trackBest) limit = Math.max(bound, (best[d] as number) - minLb + r.slack);
      return limit;
    };
    shortestPaths(r, d, "out", { bound: limit, settle });
    covered[d] = limit;
    for (let k = lo; k < hi; k++) {
      const i = items[k] as number;
      if ((c.lower[i] as number) === Infinity) continue;
      firstAt[r.from[c.arc[i] as number] as number] = -1;
      // Not reached by an unbounded search: no residual path back, the arc can never enter.
      if (limit === Infinity && Number.isNaN(c.value[i] as number)) c.value[i] = Infinity;
    }
  };
  return { run, covered, best, bestCandidate };
}
