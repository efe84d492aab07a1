// The South China Sea inset that maps of China for Chinese readers carry in the lower right corner:
// the southern provinces' outlines (from the bundled outlines), the island groups as small dots and
// the ten-dash line, in the main map's projection and shown at a smaller scale. The outlines file
// drops islands under 50 km², so the island groups are placed here by their approximate centres; the
// line is a schematic through approximate turning points, for orientation, not for measurement.
import { type Point, project } from "./geo.ts";

/** Provinces the inset's frame holds (the rest would fall outside it anyway). */
export const insetProvinces = new Set([
  "Guangdong",
  "Guangxi",
  "Hainan",
  "Taiwan",
  "Fujian",
  "Hong Kong",
  "Macao",
  "Yunnan",
]);

/** Island groups and features by their approximate centre, degrees north and east. */
const islandsLatLon: readonly [number, number][] = [
  [20.7, 116.72], // Dongsha
  [16.83, 112.33], // Xisha: Yongle and Xuande groups
  [16.5, 111.7],
  [16.05, 111.5],
  [15.85, 114.45], // Zhongsha
  [15.15, 117.75], // Huangyan
  [11.1, 114.3], // Nansha
  [10.4, 114.4],
  [9.9, 115.5],
  [8.8, 112.6],
  [7.6, 113.9],
  [3.97, 112.35], // Zengmu Ansha
];

/** Turning points of the line, west to east, degrees north and east (schematic). */
const lineLatLon: readonly [number, number][] = [
  [18.0, 108.2],
  [15.5, 109.8],
  [12.0, 110.0],
  [8.0, 109.4],
  [6.0, 109.7],
  [4.0, 111.5],
  [3.4, 112.4],
  [4.0, 113.6],
  [5.8, 115.8],
  [7.8, 116.8],
  [10.3, 118.3],
  [13.0, 118.9],
  [16.0, 119.3],
  [19.0, 119.8],
  [21.0, 121.2],
  [24.0, 122.8],
];

/** The frame's corners: 2.5 to 24.5 degrees north, 105.5 to 124 east, projected. */
function frame(): { x: number; y: number; width: number; height: number } {
  const corners: Point[] = [];
  for (const lat of [2.5, 13.5, 24.5])
    for (const lon of [105.5, 124]) corners.push(project(lat, lon));
  const xs = corners.map((p) => p[0]);
  const ys = corners.map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/**
 * `count` dashes evenly along a polyline, each `share` of its slot long: [start, end] pairs. The
 * first and last dash start at the line's ends.
 */
export function dashesAlong(
  points: readonly Point[],
  count: number,
  share: number,
): [Point, Point][] {
  const lengths = points.slice(1).map((p, i) => {
    const q = points[i] as Point;
    return Math.hypot(p[0] - q[0], p[1] - q[1]);
  });
  const total = lengths.reduce((a, b) => a + b, 0);
  const at = (distance: number): Point => {
    let left = Math.min(Math.max(0, distance), total);
    for (let i = 0; i < lengths.length; i++) {
      const length = lengths[i] as number;
      const [a, b] = [points[i] as Point, points[i + 1] as Point];
      if (left <= length || i === lengths.length - 1) {
        const t = length > 0 ? Math.min(1, left / length) : 0;
        return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
      }
      left -= length;
    }
    return points[0] as Point;
  };
  if (count < 1 || total === 0) return [];
  const slot = count === 1 ? total : total / (count - 1 + share);
  return Array.from({ length: count }, (_, i) => [at(i * slot), at(i * slot + share * slot)]);
}

const r = (value: number) => Math.round(value * 10) / 10;

export interface Inset {
  viewBox: string;
  islands: Point[];
  /** The dashes as one SVG path. */
  line: string;
}

export function southChinaSeaInset(): Inset {
  const box = frame();
  const dashes = dashesAlong(
    lineLatLon.map(([lat, lon]) => project(lat, lon)),
    10,
    0.45,
  );
  return {
    viewBox: `${r(box.x)} ${r(box.y)} ${r(box.width)} ${r(box.height)}`,
    islands: islandsLatLon.map(([lat, lon]) => project(lat, lon)),
    line: dashes.map(([a, b]) => `M${r(a[0])},${r(a[1])}L${r(b[0])},${r(b[1])}`).join(""),
  };
}
