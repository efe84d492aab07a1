// Feasible node potentials for a residual network: Bellman-Ford repair of duals that price an edge negative.

/** The parts of a residual network (residual.ts) the repair reads and writes. */
export interface PricedEdges {
  nodeCount: number;
  from: Int32Array;
  to: Int32Array;
  cost: Float64Array;
  /** Per arc, cost + pi[from] - pi[to]; rewritten with the repaired potentials. */
  reduced: Float64Array;
  pi: Float64Array;
  /** Per edge (2a along arc a, 2a + 1 against it): capacity, tail and head. */
  capacity: Float64Array;
  tail: Int32Array;
  head: Int32Array;
  tolCost: number;
}

/**
 * Makes every residual edge's reduced cost non-negative, updating `pi` and `reduced` in place.
 * Duals from a solver usually are already feasible, but a backend may price a redundant bound as
 * active (HiGHS can leave a column non-basic at a bound that never binds). The residual network of
 * an optimum has no negative cycle, so Bellman-Ford from a virtual source joined to every node at
 * cost 0 gives distances d <= 0, and pi + d are feasible potentials. Feasible duals stay as given.
 */
export function repairPotentials(r: PricedEdges): void {
  const edgeCount = r.capacity.length;
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
      const i = r.tail[e] as number;
      const j = r.head[e] as number;
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
