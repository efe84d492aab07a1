import { describe, expect, it } from "vitest";
import { enteringCosts } from "../../../models/network-flow/entering-costs.ts";
import {
  type SourcePaths,
  supplyMarginal,
  upperBoundMarginal,
} from "../../../models/network-flow/marginals.ts";
import { maxFlow } from "../../../models/network-flow/max-flow.ts";
import { reachable } from "../../../models/network-flow/reachability.ts";
import { pathCost, residualNetwork } from "../../../models/network-flow/residual.ts";
import { admissibleEdges, shortestPaths } from "../../../models/network-flow/shortest-paths.ts";

/*
 * Node 0 is the source, 1 and 2 are plants, 3 a smelter taking 7 units. Plant 1 makes at 10 (up to
 * 5 units), plant 2 at 20 (up to 10); both ship to 3 at 1. Optimal: 5 from plant 1, 2 from plant 2.
 * Arcs 4 (2 -> 3 at 5) and 5 (1 -> 3 at 3) are dearer second routes without flow.
 */
const arcs = {
  nodeCount: 4,
  from: Int32Array.from([0, 0, 1, 2, 2, 1]),
  to: Int32Array.from([1, 2, 3, 3, 3, 3]),
  cost: Float64Array.from([10, 20, 1, 1, 5, 3]),
  flow: Float64Array.from([5, 2, 5, 2, 0, 0]),
  lower: Float64Array.from([0, 0, 0, 0, 0, 0]),
  upper: Float64Array.from([5, 10, Infinity, Infinity, Infinity, Infinity]),
};
const scale = { tonnes: 10, cost: 20 };
// Zero potentials price the reverse edges of arcs with flow negative: the builder must repair them.
const network = () => residualNetwork(arcs, new Float64Array(4), scale);

function sourcePaths(r: ReturnType<typeof network>): SourcePaths {
  const from = shortestPaths(r, 0, "out");
  const to = shortestPaths(r, 0, "in");
  return {
    source: 0,
    from,
    to,
    fromEdges: admissibleEdges(r, from, "out", -1),
    toEdges: admissibleEdges(r, to, "in", -1),
  };
}

describe("the residual network", () => {
  it("has two edges per arc, with capacity only where the flow can move", () => {
    const r = network();
    // Arc 0 is full (no forward room, 5 back); arc 1 has 8 forward and 2 back.
    expect([...r.capacity.subarray(0, 4)]).toEqual([0, 5, 8, 2]);
    expect(r.out.items.length).toBe(12);
    expect(r.into.items.length).toBe(12);
  });

  it("repairs potentials so that no edge with capacity has a negative reduced cost", () => {
    const r = network();
    for (let e = 0; e < r.capacity.length; e++)
      if ((r.capacity[e] as number) > 0) expect(r.raw[e]).toBeGreaterThanOrEqual(-r.tolCost);
  });

  it("finds the cheapest residual paths: a unit into the smelter costs 21, one out saves 21", () => {
    const r = network();
    const from = shortestPaths(r, 0, "out");
    const to = shortestPaths(r, 0, "in");
    expect(pathCost(r, from[3] as number, 0, 3)).toBeCloseTo(21, 9);
    expect(pathCost(r, to[3] as number, 3, 0)).toBeCloseTo(-21, 9);
  });

  it("moves at most plant 2's spare 8 units along the cheapest paths to the smelter", () => {
    const r = network();
    const paths = sourcePaths(r);
    expect(maxFlow(r, paths.fromEdges, 0, 3, Infinity)).toBeCloseTo(8, 9);
    // The scratch capacities are restored: the same flow again.
    expect(maxFlow(r, paths.fromEdges, 0, 3, Infinity)).toBeCloseTo(8, 9);
  });
});

describe("marginal figures of a small flow", () => {
  it("prices the smelter's next unit at plant 2's 21, for 8 more units and 2 fewer", () => {
    const r = network();
    const m = supplyMarginal(r, 3, 7, sourcePaths(r), { ranges: true });
    expect(m.next).toBeCloseTo(21, 9);
    expect(m.previous).toBeCloseTo(21, 9);
    expect(m.moreT).toBeCloseTo(8, 9);
    expect(m.fewerT).toBeCloseTo(2, 9);
    expect(m.degenerate).toBe(false);
  });

  it("values plant 1's next unit of capacity at 10 saved, for the 2 units plant 2 still makes", () => {
    const r = network();
    const m = upperBoundMarginal(r, 0, { ranges: true });
    expect(m.next).toBeCloseTo(-10, 9);
    expect(m.moreT).toBeCloseTo(2, 9);
  });

  it("leaves the ranges out (NaN) when asked not to compute them", () => {
    const r = network();
    const m = supplyMarginal(r, 3, 7, sourcePaths(r), { ranges: false });
    expect(m.next).toBeCloseTo(21, 9);
    expect(m.moreT).toBeNaN();
  });

  it("gives idle arcs their exact reduced costs: the second route from plant 1 is 2 dearer, from plant 2 is 4", () => {
    const r = network();
    const tracked = Uint8Array.from([0, 0, 0, 1]);
    // Positions: 0 is arc 4, 1 is arc 5, 2 is arc 2 (carries flow, so not a candidate).
    const costs = enteringCosts(r, Int32Array.from([4, 5, 2]), Infinity, tracked);
    expect(costs.smallest.map((c) => c.position)).toEqual([1, 0]);
    expect(costs.smallest[0]?.reducedCostPerT).toBeCloseTo(2, 9);
    expect(costs.smallest[1]?.reducedCostPerT).toBeCloseTo(4, 9);
    expect(costs.bestInto[3]?.position).toBe(1);
    expect(costs.bestInto[1]).toBeUndefined();
  });

  it("lists only the cheapest `top` idle arcs when asked for fewer", () => {
    const r = network();
    const costs = enteringCosts(r, Int32Array.from([4, 5]), 1, new Uint8Array(4));
    expect(costs.smallest).toHaveLength(1);
    expect(costs.smallest[0]?.position).toBe(1);
  });
});

describe("reachability along residual arcs", () => {
  // 0 -> 1 can rise, 1 -> 2 can only fall (so 2 -> 1 is an edge), 2 -> 3 can neither.
  const residual = [
    { from: 0, to: 1, canRaise: true, canLower: false },
    { from: 1, to: 2, canRaise: false, canLower: true },
    { from: 2, to: 3, canRaise: false, canLower: false },
  ];

  it("follows raisable arcs forward and lowerable arcs backward", () => {
    expect([...reachable(residual, 4, 0, "out")]).toEqual([1, 1, 0, 0]);
    expect([...reachable(residual, 4, 1, "in")]).toEqual([1, 1, 1, 0]);
  });

  it("never passes through the avoided node", () => {
    expect([...reachable(residual, 4, 1, "in", 0)]).toEqual([0, 1, 1, 0]);
  });
});
