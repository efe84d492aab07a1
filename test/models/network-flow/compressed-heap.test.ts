import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compress, countsToOffsets } from "../../../models/network-flow/compressed.ts";
import { IndexedHeap, PairHeap } from "../../../models/network-flow/heap.ts";

describe("compressed adjacency", () => {
  it("turns counts into start offsets and returns the total", () => {
    const counts = Int32Array.from([2, 0, 3, 1]);
    expect(countsToOffsets(counts)).toBe(6);
    expect([...counts]).toEqual([0, 2, 2, 5]);
  });

  it("groups items by node in item order and leaves out items without a node", () => {
    // Items 0..5 at nodes 2, 0, 2, -1 (left out), 1, 0.
    const nodeOf = [2, 0, 2, -1, 1, 0];
    const { start, items } = compress(3, nodeOf.length, (i) => nodeOf[i] as number);
    expect([...start]).toEqual([0, 2, 3, 5]);
    expect([...items]).toEqual([1, 5, 4, 0, 2]);
  });

  it("lists every item with a node exactly once, under its node", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1, max: 4 }), { maxLength: 40 }), (nodeOf) => {
        const { start, items } = compress(5, nodeOf.length, (i) => nodeOf[i] as number);
        expect(items.length).toBe(nodeOf.filter((v) => v >= 0).length);
        for (let v = 0; v < 5; v++)
          for (let k = start[v] as number; k < (start[v + 1] as number); k++)
            expect(nodeOf[items[k] as number]).toBe(v);
      }),
    );
  });
});

describe("the heaps", () => {
  it("pops nodes by increasing distance, after a decrease moves one up", () => {
    const dist = Float64Array.from([5, 3, 8, 1]);
    const heap = new IndexedHeap(4);
    for (let v = 0; v < 4; v++) heap.pushOrDecrease(v, dist);
    dist[2] = 2;
    heap.pushOrDecrease(2, dist);
    const order: number[] = [];
    while (heap.size > 0) order.push(heap.pop(dist));
    expect(order).toEqual([3, 2, 1, 0]);
    expect([...heap.pos]).toEqual([-1, -1, -1, -1]);
  });

  it("empties an indexed heap on clear, reporting the nodes left in it", () => {
    const dist = Float64Array.from([1, 2, 3]);
    const heap = new IndexedHeap(3);
    heap.pushOrDecrease(0, dist);
    heap.pushOrDecrease(2, dist);
    const left: number[] = [];
    heap.clear((v) => {
      left.push(v);
    });
    expect(left.sort()).toEqual([0, 2]);
    expect(heap.size).toBe(0);
  });

  it("pops pairs by increasing key, whatever the push order", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 30 }), (keys) => {
        const heap = new PairHeap(keys.length);
        keys.forEach((key, i) => {
          heap.push(key, i);
        });
        const popped: number[] = [];
        while (heap.size > 0) {
          const key = heap.minKey();
          expect(keys[heap.pop()]).toBe(key);
          popped.push(key);
        }
        expect(popped).toEqual([...keys].sort((a, b) => a - b));
      }),
    );
  });
});
