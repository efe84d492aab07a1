// Binary min-heaps on typed arrays: one indexed by node and keyed by a distance array, one of (key, value) pairs.

/**
 * An indexed binary heap of node ids keyed by `dist[v]`: push or decrease a node's key, pop the
 * minimum. Reused across searches (`clear` empties it without allocating), so a search loop
 * allocates nothing; `pos[v]` is v's slot, or -1 when v is not in the heap.
 */
export class IndexedHeap {
  readonly nodes: Int32Array;
  readonly pos: Int32Array;
  size = 0;

  constructor(nodeCount: number) {
    this.nodes = new Int32Array(nodeCount);
    this.pos = new Int32Array(nodeCount).fill(-1);
  }

  /** The node with the smallest key (the heap must not be empty). */
  top(): number {
    return this.nodes[0] as number;
  }

  /** Inserts v, or moves it up after its key `dist[v]` fell. */
  pushOrDecrease(v: number, dist: Float64Array): void {
    let at = this.pos[v] as number;
    if (at < 0) {
      at = this.size++;
      this.nodes[at] = v;
    }
    this.siftUp(at, dist);
  }

  /** Removes and returns the node with the smallest key. */
  pop(dist: Float64Array): number {
    const { nodes, pos } = this;
    const top = nodes[0] as number;
    pos[top] = -1;
    const n = --this.size;
    if (n === 0) return top;
    const last = nodes[n] as number;
    const d = dist[last] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (
        child + 1 < n &&
        (dist[nodes[child + 1] as number] as number) < (dist[nodes[child] as number] as number)
      )
        child++;
      const cv = nodes[child] as number;
      if ((dist[cv] as number) >= d) break;
      nodes[i] = cv;
      pos[cv] = i;
      i = child;
    }
    nodes[i] = last;
    pos[last] = i;
    return top;
  }

  /** Empties the heap, calling `onLeft` for each node still in it. */
  clear(onLeft?: (v: number) => void): void {
    for (let i = 0; i < this.size; i++) {
      const v = this.nodes[i] as number;
      this.pos[v] = -1;
      onLeft?.(v);
    }
    this.size = 0;
  }

  private siftUp(i: number, dist: Float64Array): void {
    const { nodes, pos } = this;
    const v = nodes[i] as number;
    const d = dist[v] as number;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pv = nodes[parent] as number;
      if ((dist[pv] as number) <= d) break;
      nodes[i] = pv;
      pos[pv] = i;
      i = parent;
    }
    nodes[i] = v;
    pos[v] = i;
  }
}

/**
 * A binary min-heap of (key, value) pairs with integer values, for queues that re-push an item
 * whose key changed and skip the stale entries on pop (the caller knows which are stale).
 */
export class PairHeap {
  private readonly keys: Float64Array;
  private readonly values: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(capacity);
    this.values = new Int32Array(capacity);
  }

  minKey(): number {
    return this.keys[0] as number;
  }

  push(key: number, value: number): void {
    const { keys, values } = this;
    let i = this.size++;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if ((keys[up] as number) <= key) break;
      keys[i] = keys[up] as number;
      values[i] = values[up] as number;
      i = up;
    }
    keys[i] = key;
    values[i] = value;
  }

  /** Removes the pair with the smallest key and returns its value. */
  pop(): number {
    const { keys, values } = this;
    const top = values[0] as number;
    const last = --this.size;
    const key = keys[last] as number;
    const value = values[last] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && (keys[child + 1] as number) < (keys[child] as number)) child++;
      if ((keys[child] as number) >= key) break;
      keys[i] = keys[child] as number;
      values[i] = values[child] as number;
      i = child;
    }
    keys[i] = key;
    values[i] = value;
    return top;
  }
}
