// A cost sweep on the page: the request for one mode's cost factor over a range, and the curve of
// its answer (total cost in M CNY, ex-VAT, against the factor) as SVG points and round ticks.
import type { Change } from "./api.ts";
import { linearScale, type Scale } from "./charts.ts";

/** The sweep answer's pieces and breakpoints, as POST /v1/sweeps gives them (CNY). */
export interface SweepPiece {
  from: number;
  to: number;
  totalCostAtFrom: number;
  totalCostAtTo: number;
  slope: number;
}
export interface SweepBreakpoint {
  value: number;
  totalCost: number;
}

/**
 * The panel's changes with `mode`'s cost factor as the one swept: its scaleModeCost change where
 * the panel has one, else one added (factor 1) at the end; the field swept is its factor.
 */
export function modeCostSweep(
  changes: readonly Change[],
  mode: string,
  from: number,
  to: number,
): { changes: Change[]; parameter: { change: number; field: string; from: number; to: number } } {
  const all = [...changes];
  let index = all.findIndex((c) => c.kind === "scaleModeCost" && c.mode === mode);
  if (index < 0) {
    all.push({ kind: "scaleModeCost", mode, factor: 1 });
    index = all.length - 1;
  }
  return { changes: all, parameter: { change: index, field: "factor", from, to } };
}

/** What the form's from and to say: both numbers, from below to; else why not, in words. */
export function sweepRange(from: string, to: string): { from: number; to: number } | string {
  const a = from.trim() === "" ? Number.NaN : Number(from);
  const b = to.trim() === "" ? Number.NaN : Number(to);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return "From and to must be numbers.";
  if (a < 0) return "From must be 0 or more.";
  if (b <= a) return "To must be greater than from.";
  return { from: a, to: b };
}

export interface CurvePoint {
  value: number;
  costM: number;
  x: number;
  y: number;
}

export interface Curve {
  x: Scale;
  y: Scale;
  /** The pieces' ends in order, joined: one straight segment per piece. */
  points: CurvePoint[];
  /** The SVG path through the points. */
  path: string;
  /** Each breakpoint, placed on the chart. */
  breakpoints: CurvePoint[];
}

const million = (cny: number) => cny / 1e6;

/**
 * The curve of a sweep in a box: x the parameter over [first piece's from, last piece's to], y the
 * total cost in M CNY over the costs (padded, not from zero: the changes are small beside the total).
 */
export function sweepCurve(
  pieces: readonly SweepPiece[],
  breakpoints: readonly SweepBreakpoint[],
  xRange: [number, number],
  yRange: [number, number],
): Curve {
  const values = pieces.flatMap((p) => [p.from, p.to]);
  const costs = pieces.flatMap((p) => [million(p.totalCostAtFrom), million(p.totalCostAtTo)]);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const x = exactScale(lo, hi, xRange);
  const cLo = Math.min(...costs);
  const cHi = Math.max(...costs);
  const pad = Math.max((cHi - cLo) * 0.08, Math.abs(cHi) * 0.001, 1e-6);
  const y = linearScale([cLo - pad, cHi + pad], yRange, 4, false);
  const at = (value: number, costM: number): CurvePoint => ({
    value,
    costM,
    x: x(value),
    y: y(costM),
  });
  const points: CurvePoint[] = [];
  for (const p of pieces) {
    const start = at(p.from, million(p.totalCostAtFrom));
    const last = points.at(-1);
    if (last === undefined || last.value !== start.value || last.costM !== start.costM)
      points.push(start);
    points.push(at(p.to, million(p.totalCostAtTo)));
  }
  const path = points.map((p, i) => `${i === 0 ? "M" : "L"}${round(p.x)},${round(p.y)}`).join("");
  return {
    x,
    y,
    points,
    path,
    breakpoints: breakpoints.map((b) => at(b.value, million(b.totalCost))),
  };
}

/**
 * Which breakpoints get a value label: from the left, each at least `gap` (chart units) right of the
 * last one labelled, so dense breakpoints keep their markers without labels on top of each other.
 */
export function labelled(points: readonly Pick<CurvePoint, "x">[], gap: number): boolean[] {
  let last = Number.NEGATIVE_INFINITY;
  return points.map((p) => {
    if (p.x - last < gap) return false;
    last = p.x;
    return true;
  });
}

/** A linear scale whose domain is exactly [lo, hi] (the range swept), with round ticks inside and its ends. */
function exactScale(lo: number, hi: number, range: [number, number]): Scale {
  const top = hi > lo ? hi : lo + 1;
  const wide = linearScale([lo, top], range, 6, false);
  const [r0, r1] = range;
  const scale = ((value: number) => r0 + ((value - lo) / (top - lo)) * (r1 - r0)) as Scale;
  const inner = wide.ticks.filter((t) => t >= lo - 1e-12 && t <= top + 1e-12);
  // The range's own ends as ticks too (the axis spans the curve), unless a round tick is too near.
  const step = (wide.ticks[1] ?? top) - (wide.ticks[0] ?? lo) || top - lo;
  const far = (end: number) => inner.every((t) => Math.abs(t - end) >= step * 0.45);
  scale.ticks = [...(far(lo) ? [lo] : []), ...inner, ...(far(top) ? [top] : [])];
  scale.domain = [lo, top];
  return scale;
}

const round = (v: number) => Math.round(v * 10) / 10;
