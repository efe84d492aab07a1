// Which nodes reach, or are reached from, a start node along the residual edges of a flow.
import { compress } from "./compressed.ts";

/** An arc that may carry more (edge from -> to) or less (edge to -> from) than it does. */
export interface ResidualArc {
  from: number;
  to: number;
  canRaise: boolean;
  canLower: boolean;
}

/**
 * Membership (1) of the nodes that can reach `start` ("in") or be reached from it ("out") along
 * residual edges, never passing through `avoid` (-1: none).
 */
export function reachable(
  arcs: readonly ResidualArc[],
  nodeCount: number,
  start: number,
  direction: "in" | "out",
  avoid = -1,
): Uint8Array {
  // Edge 2a runs from -> to (if a can rise), 2a + 1 to -> from (if a can fall); listed by the end
  // the search leaves from.
  const near = (e: number) => {
    const arc = arcs[e >> 1] as ResidualArc;
    if (!(e & 1 ? arc.canLower : arc.canRaise)) return -1;
    const tail = e & 1 ? arc.to : arc.from;
    const head = e & 1 ? arc.from : arc.to;
    return direction === "out" ? tail : head;
  };
  const far = (e: number) => {
    const arc = arcs[e >> 1] as ResidualArc;
    const head = e & 1 ? arc.from : arc.to;
    return direction === "out" ? head : e & 1 ? arc.to : arc.from;
  };
  const { start: first, items } = compress(nodeCount, 2 * arcs.length, near);
  const member = new Uint8Array(nodeCount);
  member[start] = 1;
  const stack = [start];
  while (stack.length > 0) {
    const v = stack.pop() as number;
    for (let i = first[v] as number; i < (first[v + 1] as number); i++) {
      const w = far(items[i] as number);
      if (w === avoid || member[w]) continue;
      member[w] = 1;
      stack.push(w);
    }
  }
  return member;
}
