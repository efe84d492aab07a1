// The sweep's request (the panel's changes with one mode's factor swept) and its curve in a box.
import { describe, expect, it } from "vitest";
import { labelled, modeCostSweep, sweepCurve, sweepRange } from "../../web/src/sweep.ts";

describe("modeCostSweep", () => {
  it("sweeps the panel's own change for the mode when it has one", () => {
    const { changes, parameter } = modeCostSweep(
      [
        { kind: "scaleModeCost", mode: "road", factor: 1.2 },
        { kind: "scaleModeCost", mode: "rail", factor: 1.1 },
      ],
      "rail",
      0.5,
      2,
    );
    expect(changes).toHaveLength(2);
    expect(parameter).toEqual({ change: 1, field: "factor", from: 0.5, to: 2 });
  });

  it("adds a factor-1 change at the end otherwise, leaving the others as they are", () => {
    const road = { kind: "scaleModeCost", mode: "road", factor: 1.2 } as const;
    const { changes, parameter } = modeCostSweep([road], "rail", 0.5, 2);
    expect(changes).toEqual([road, { kind: "scaleModeCost", mode: "rail", factor: 1 }]);
    expect(parameter.change).toBe(1);
  });
});

describe("sweepRange", () => {
  it("reads from and to, or says why not", () => {
    expect(sweepRange("0.5", " 2 ")).toEqual({ from: 0.5, to: 2 });
    expect(sweepRange("2", "1")).toBe("To must be greater than from.");
    expect(sweepRange("", "1")).toBe("From and to must be numbers.");
    expect(sweepRange("-1", "1")).toBe("From must be 0 or more.");
  });
});

describe("sweepCurve", () => {
  const pieces = [
    { from: 0.5, to: 1, totalCostAtFrom: 80e9, totalCostAtTo: 82e9, slope: 4e9 },
    { from: 1, to: 2, totalCostAtFrom: 82e9, totalCostAtTo: 84e9, slope: 2e9 },
  ];
  const curve = sweepCurve(pieces, [{ value: 1, totalCost: 82e9 }], [60, 460], [200, 10]);

  it("joins the pieces' ends once each, in M CNY, across the whole box", () => {
    expect(curve.points.map((p) => [p.value, p.costM])).toEqual([
      [0.5, 80_000],
      [1, 82_000],
      [2, 84_000],
    ]);
    expect(curve.points[0]?.x).toBe(60);
    expect(curve.points.at(-1)?.x).toBe(460);
    expect(curve.path).toMatch(/^M60,[\d.]+L[\d.]+,[\d.]+L460,[\d.]+$/);
    // Dearer is higher: smaller y.
    const ys = curve.points.map((p) => p.y);
    expect(ys[0]).toBeGreaterThan(ys[1] ?? 0);
    expect(ys[1]).toBeGreaterThan(ys[2] ?? 0);
  });

  it("places each breakpoint on the curve", () => {
    expect(curve.breakpoints).toHaveLength(1);
    expect(curve.breakpoints[0]?.x).toBeCloseTo(curve.points[1]?.x ?? 0);
    expect(curve.breakpoints[0]?.y).toBeCloseTo(curve.points[1]?.y ?? 0);
  });

  it("has round ticks inside the range swept and around the costs", () => {
    expect(curve.x.ticks[0]).toBeGreaterThanOrEqual(0.5);
    expect(curve.x.ticks.at(-1)).toBeLessThanOrEqual(2);
    expect(curve.x.ticks).toContain(1);
    // The ends of the range where no round tick is near: 0.5 and 2 are round here.
    expect(curve.x.ticks[0]).toBe(0.5);
    expect(curve.x.ticks.at(-1)).toBe(2);
    const odd = sweepCurve(
      [{ from: 0.55, to: 1.95, totalCostAtFrom: 1e9, totalCostAtTo: 2e9, slope: 1e9 }],
      [],
      [0, 400],
      [100, 0],
    );
    // 0.55 is too near 0.6 to carry its own label; 1.95 is far enough from 1.8.
    expect(odd.x.ticks).toEqual([0.6, 0.8, 1, 1.2, 1.4, 1.6, 1.8, 1.95]);
    const [lo, hi] = curve.y.domain;
    expect(lo).toBeLessThanOrEqual(80_000);
    expect(hi).toBeGreaterThanOrEqual(84_000);
    expect(curve.y.ticks.every((t) => t >= lo && t <= hi)).toBe(true);
  });

  it("draws a flat sweep without dividing by zero", () => {
    const flat = sweepCurve(
      [{ from: 0.5, to: 2, totalCostAtFrom: 5e9, totalCostAtTo: 5e9, slope: 0 }],
      [],
      [0, 100],
      [100, 0],
    );
    expect(flat.points.every((p) => Number.isFinite(p.y))).toBe(true);
    expect(flat.breakpoints).toEqual([]);
  });
});

describe("labelled", () => {
  it("labels breakpoints from the left, each at least the gap past the last labelled", () => {
    expect(labelled([{ x: 10 }, { x: 20 }, { x: 45 }, { x: 50 }, { x: 90 }], 30)).toEqual([
      true,
      false,
      true,
      false,
      true,
    ]);
    expect(labelled([], 30)).toEqual([]);
  });
});
