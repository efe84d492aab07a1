import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildAdjacency,
  type Edge,
  pathTo,
  shortestPathTree,
} from "../../../models/network-flow/dijkstra.ts";

// 0 -1- 1 -1- 2 and a long direct edge 0 -5- 2; node 3 is cut off.
const square: Edge[] = [
  { from: 0, to: 1, length: 1 },
  { from: 1, to: 2, length: 1 },
  { from: 0, to: 2, length: 5 },
];

/** All-pairs distances by Floyd-Warshall, the reference for Dijkstra. */
function floydWarshall(n: number, edges: readonly Edge[], directed: boolean): number[][] {
  const d = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 0 : Infinity)),
  );
  const relax = (a: number, b: number, length: number) => {
    const row = d[a] as number[];
    row[b] = Math.min(row[b] as number, length);
  };
  for (const e of edges) {
    relax(e.from, e.to, e.length);
    if (!directed) relax(e.to, e.from, e.length);
  }
  for (let k = 0; k < n; k++)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const via = (d[i]?.[k] as number) + (d[k]?.[j] as number);
        if (via < (d[i]?.[j] as number)) (d[i] as number[])[j] = via;
      }
  return d;
}

describe("shortestPathTree", () => {
  it("takes two short edges over one long edge and names the path", () => {
    const tree = shortestPathTree(buildAdjacency(4, square), 0);
    expect(Array.from(tree.distance)).toEqual([0, 1, 2, Infinity]);
    expect(pathTo(tree, 2)).toEqual([0, 1, 2]);
  });

  it("leaves a node with no path at Infinity and an empty path", () => {
    const tree = shortestPathTree(buildAdjacency(4, square), 3);
    expect(tree.distance[0]).toBe(Infinity);
    expect(pathTo(tree, 0)).toEqual([]);
  });

  it("follows arcs one way only in a directed graph", () => {
    const tree = shortestPathTree(buildAdjacency(3, square, true), 2);
    expect(Array.from(tree.distance)).toEqual([Infinity, Infinity, 0]);
  });

  it("rejects a negative length", () => {
    expect(() => buildAdjacency(2, [{ from: 0, to: 1, length: -1 }])).toThrow(/negative/);
  });

  it("agrees with Floyd-Warshall on random graphs, directed or not", () => {
    const graph = fc.integer({ min: 1, max: 9 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        directed: fc.boolean(),
        edges: fc.array(
          fc.record({
            from: fc.nat(n - 1),
            to: fc.nat(n - 1),
            length: fc.integer({ min: 0, max: 100 }),
          }),
          { maxLength: 30 },
        ),
      }),
    );
    fc.assert(
      fc.property(graph, ({ n, directed, edges }) => {
        const adjacency = buildAdjacency(n, edges, directed);
        const reference = floydWarshall(n, edges, directed);
        for (let s = 0; s < n; s++) {
          const tree = shortestPathTree(adjacency, s);
          expect(Array.from(tree.distance)).toEqual(reference[s]);
          for (let t = 0; t < n; t++) {
            const path = pathTo(tree, t);
            if (tree.distance[t] !== Infinity) expect([path[0], path.at(-1)]).toEqual([s, t]);
          }
        }
      }),
    );
  });
});
