import { afterEach, describe, expect, it, vi } from "vitest";
import { sameBytes } from "../../../src/solvers/network-simplex/same-bytes.ts";

describe("sameBytes", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("compares the first entries of two arrays, wherever they sit in their buffers", () => {
    const buffer = new ArrayBuffer(64);
    const x = new Float64Array(buffer, 8, 4);
    x.set([1.5, -2, Infinity, 7]);
    const y = Float64Array.from([1.5, -2, Infinity, 8]);
    expect(sameBytes(x, y, 3)).toBe(true);
    expect(sameBytes(x, y, 4)).toBe(false);
    expect(sameBytes(Int32Array.from([3, 1, 4]), Int32Array.from([3, 1, 5]), 2)).toBe(true);
    expect(sameBytes(Int32Array.from([3, 1, 4]), Int32Array.from([3, 1, 5]), 3)).toBe(false);
  });

  it("tells 0 from -0, which are equal values, so a caller compares the values then", () => {
    expect(sameBytes(Float64Array.from([0]), Float64Array.from([-0]), 1)).toBe(false);
  });

  it("cannot tell where the runtime has no Buffer (Workers without nodejs_compat)", () => {
    vi.stubGlobal("Buffer", undefined);
    expect(sameBytes(Int32Array.from([1]), Int32Array.from([1]), 1)).toBeUndefined();
  });
});
