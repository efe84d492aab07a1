// Compressed (CSR) adjacency: items grouped by node, each node's items contiguous and in item order.

/** Items by node: node v's items are `items[start[v]]` up to (not including) `items[start[v + 1]]`. */
export interface Compressed {
  start: Int32Array;
  items: Int32Array;
}

/** Turns per-node counts into the offsets where each node's list starts; returns the total. */
export function countsToOffsets(counts: Int32Array): number {
  let sum = 0;
  for (let v = 0; v < counts.length; v++) {
    const d = counts[v] as number;
    counts[v] = sum;
    sum += d;
  }
  return sum;
}

/**
 * Groups items 0..itemCount-1 by the node `nodeOf` gives (a negative node leaves the item out).
 * Within a node the items keep their order, so a scan reads them as the caller listed them.
 */
export function compress(
  nodeCount: number,
  itemCount: number,
  nodeOf: (item: number) => number,
): Compressed {
  const start = new Int32Array(nodeCount + 1);
  for (let i = 0; i < itemCount; i++) {
    const v = nodeOf(i);
    if (v >= 0) start[v] = (start[v] as number) + 1;
  }
  const total = countsToOffsets(start);
  const fill = start.slice(0, nodeCount);
  const items = new Int32Array(total);
  for (let i = 0; i < itemCount; i++) {
    const v = nodeOf(i);
    if (v < 0) continue;
    items[fill[v] as number] = i;
    fill[v] = (fill[v] as number) + 1;
  }
  return { start, items };
}
