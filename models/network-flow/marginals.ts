// Marginal cost of a node's supply or an arc's bound in an optimal min-cost flow, with the exact range it holds over.
import { degeneracyToleranceFactor } from "../tolerances.ts";
import { admissibleMaxFlow, maxFlow } from "./max-flow.ts";
import { pathCost, type ResidualNetwork } from "./residual.ts";
import { type Admissible, shortestPaths } from "./shortest-paths.ts";

/*
 * The value function of a min-cost flow is convex and piecewise linear in every supply and bound,
 * and its one-sided slopes are shortest paths in the residual network: the next unit of demand at
 * v costs the cheapest residual path source -> v, the last unit saves minus the cheapest path
 * v -> source. The slope holds for as many units as the paths of that same cost can carry: a
 * maximum flow through the edges that lie on a shortest path.
 */

/** One figure, as computed: Infinity where a bound does not apply. */
export interface Marginal {
  /** d(cost)/d(quantity) for the next unit; Infinity when one more unit is infeasible. */
  next: number;
  /** The same slope for the previous unit; -Infinity when the quantity cannot fall. */
  previous: number;
  /** Units more for which `next` holds; Infinity for unlimited. */
  moreT: number;
  /** Units fewer for which `next` still holds (0 where degenerate). */
  fewerT: number;
  /** The slopes differ: the dual is not unique and `next` is one end of its interval. */
  degenerate: boolean;
}

export interface MarginalOptions {
  /** Whether to compute the ranges (NaN otherwise), which cost a max-flow each. */
  ranges: boolean;
}

function marginal(
  r: ResidualNetwork,
  next: number,
  previous: number,
  moreT: () => number,
  fewerT: () => number,
  options: MarginalOptions,
): Marginal {
  if (next === Infinity) return { next, previous, moreT: 0, fewerT: 0, degenerate: false };
  const ranged = (range: () => number) => (options.ranges ? range() : Number.NaN);
  if (previous === -Infinity)
    return { next, previous, moreT: ranged(moreT), fewerT: 0, degenerate: false };
  const degenerate = next - previous > degeneracyToleranceFactor * r.tolCost;
  return {
    next,
    previous,
    moreT: ranged(moreT),
    fewerT: ranged(() => (degenerate ? 0 : fewerT())),
    degenerate,
  };
}

/** Shortest paths from and to a source node, and the edges on them, shared by supply queries. */
export interface SourcePaths {
  source: number;
  from: Float64Array;
  to: Float64Array;
  fromEdges: Admissible;
  toEdges: Admissible;
}

/** One more unit withdrawn at node v, supplied by `paths.source`; `quantityT` now withdrawn. */
export function supplyMarginal(
  r: ResidualNetwork,
  v: number,
  quantityT: number,
  paths: SourcePaths,
  options: MarginalOptions,
): Marginal {
  const s = paths.source;
  const next = pathCost(r, paths.from[v] as number, s, v);
  const previous = quantityT > r.tolT ? -pathCost(r, paths.to[v] as number, v, s) : -Infinity;
  return marginal(
    r,
    next,
    previous,
    () => maxFlow(r, paths.fromEdges, s, v, Infinity),
    () => maxFlow(r, paths.toEdges, v, s, quantityT),
    options,
  );
}

/**
 * Raising the lower bound of arc a: the cost of forcing a unit on. `directPerT` prices a way in
 * that the network gains only once the bound is positive (Infinity: none).
 */
export function lowerBoundMarginal(
  r: ResidualNetwork,
  a: number,
  options: MarginalOptions,
  directPerT = Infinity,
): Marginal {
  const flow = r.flow[a] as number;
  const lower = r.lower[a] as number;
  const room = (r.upper[a] as number) - lower;
  const [u, v, c] = [r.from[a] as number, r.to[a] as number, r.cost[a] as number];
  if (flow > lower + r.tolT) {
    // Free up to the current flow, and beyond it for as long as a zero-cost cycle through a can
    // carry more (another optimum that sends more through a).
    let moreT = flow - lower;
    if (options.ranges && flow < (r.upper[a] as number) - r.tolT) {
      const fromV = shortestPaths(r, v, "out", { excluded: a, target: u });
      const viaNetwork = c + pathCost(r, fromV[u] as number, v, u);
      const headroom = (r.upper[a] as number) - flow;
      if (c + directPerT <= r.tolCost) moreT += headroom;
      else if (viaNetwork <= r.tolCost)
        moreT += admissibleMaxFlow(r, v, u, fromV, "out", a, headroom);
    }
    return { next: 0, previous: 0, moreT, fewerT: lower, degenerate: false };
  }
  // One more unit on a returns from v to u by the cheapest other residual path.
  const fromV = shortestPaths(r, v, "out", { excluded: a, target: u });
  const viaNetwork = c + pathCost(r, fromV[u] as number, v, u);
  const next = room > r.tolT ? Math.min(viaNetwork, c + directPerT) : Infinity;
  // An uncapacitated direct way in, as cheap as any path, never runs out.
  const direct = c + directPerT <= viaNetwork + r.tolCost;
  // One unit fewer may leave a if a cheaper path u -> v exists; the saving is never negative.
  const fromU = shortestPaths(r, u, "out", { excluded: a, target: v });
  const relief = pathCost(r, fromU[v] as number, u, v) - c;
  const previous = lower > r.tolT ? Math.max(0, -relief) : -Infinity;
  return marginal(
    r,
    next,
    previous,
    () => (direct ? room : Math.min(room, admissibleMaxFlow(r, v, u, fromV, "out", a, room))),
    () => (relief < -r.tolCost ? admissibleMaxFlow(r, u, v, fromU, "out", a, lower) : lower),
    options,
  );
}

/** Raising the upper bound of arc a (a capacity): cost slopes, <= 0. */
export function upperBoundMarginal(
  r: ResidualNetwork,
  a: number,
  options: MarginalOptions,
): Marginal {
  const flow = r.flow[a] as number;
  const upper = r.upper[a] as number;
  const lower = r.lower[a] as number;
  const [u, v, c] = [r.from[a] as number, r.to[a] as number, r.cost[a] as number];
  if (flow < upper - r.tolT) {
    // Worthless down to the current flow, and below it for as long as a zero-cost path can take
    // over (another optimum that uses less of a).
    let fewerT = upper - flow;
    if (options.ranges && flow > lower + r.tolT) {
      const fromU = shortestPaths(r, u, "out", { excluded: a, target: v });
      if (pathCost(r, fromU[v] as number, u, v) - c <= r.tolCost)
        fewerT += admissibleMaxFlow(r, u, v, fromU, "out", a, flow - lower);
    }
    return { next: 0, previous: 0, moreT: Infinity, fewerT, degenerate: false };
  }
  // Another unit through a is used only if the cycle a + (v -> u) saves money.
  const fromV = shortestPaths(r, v, "out", { excluded: a, target: u });
  const cycle = c + pathCost(r, fromV[u] as number, v, u);
  const next = Math.min(0, cycle);
  const room = upper - lower;
  // One unit less through a must go by the cheapest other path u -> v.
  const fromU = shortestPaths(r, u, "out", { excluded: a, target: v });
  const previous = room > r.tolT ? c - pathCost(r, fromU[v] as number, u, v) : -Infinity;
  return marginal(
    r,
    next,
    previous,
    () => (cycle < -r.tolCost ? admissibleMaxFlow(r, v, u, fromV, "out", a, Infinity) : Infinity),
    () => admissibleMaxFlow(r, u, v, fromU, "out", a, room),
    options,
  );
}
