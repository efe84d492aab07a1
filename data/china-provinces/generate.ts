// Writes data/china-provinces/provinces.json (GeoJSON): China's province outlines from DCW-GMT, simplified
// for a page-sized map. Needs Debian's gmt-dcw (the data) and netcdf-bin (ncdump); see README.md.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const source = process.argv[2] ?? "/usr/share/gmt-dcw/dcw-gmt.nc";
const output = fileURLToPath(new URL("provinces.json", import.meta.url));

/** DCW's state codes (ISO 3166-2:CN) and the province names the datasets use. */
const provinces: Record<string, string> = {
  AH: "Anhui",
  BJ: "Beijing",
  CQ: "Chongqing",
  FJ: "Fujian",
  GD: "Guangdong",
  GS: "Gansu",
  GX: "Guangxi",
  GZ: "Guizhou",
  HA: "Henan",
  HB: "Hubei",
  HE: "Hebei",
  HI: "Hainan",
  HK: "Hong Kong",
  HL: "Heilongjiang",
  HN: "Hunan",
  JL: "Jilin",
  JS: "Jiangsu",
  JX: "Jiangxi",
  LN: "Liaoning",
  MO: "Macao",
  NM: "Inner Mongolia",
  NX: "Ningxia",
  QH: "Qinghai",
  SC: "Sichuan",
  SD: "Shandong",
  SH: "Shanghai",
  SN: "Shaanxi",
  SX: "Shanxi",
  TJ: "Tianjin",
  TW: "Taiwan",
  XJ: "Xinjiang",
  XZ: "Xizang",
  YN: "Yunnan",
  ZJ: "Zhejiang",
};

// 0.05 degrees is about 5 km, under a pixel at the page's scale (some 0.08 degrees per pixel).
const toleranceDeg = 0.05;
// Islands smaller than this (square degrees, about 50 km2) would be specks; Macao is kept whole.
const minRingAreaDeg2 = 0.005;

type Point = [number, number];

function ncdump(args: string[]): string {
  return execFileSync("ncdump", [...args, source], { encoding: "utf8", maxBuffer: 1 << 28 });
}

/** DCW packs each coordinate as min + u / scale with u in 0..65534; 65535 (ncdump's _) starts a ring. */
function decode(variable: string, header: string, data: string): (number | null)[] {
  const attribute = (name: string) => {
    const match = new RegExp(`${variable}:${name} = ([-0-9.e]+)`).exec(header);
    if (match?.[1] === undefined) throw new Error(`no ${variable}:${name} in ${source}`);
    return Number(match[1]);
  };
  const min = attribute("min");
  const scale = attribute("scale");
  const values = new RegExp(`${variable} =([^;]*);`).exec(data)?.[1];
  if (values === undefined) throw new Error(`no data for ${variable} in ${source}`);
  return values.split(",").map((raw) => {
    const value = raw.trim();
    return value === "_" ? null : min + Number(value) / scale;
  });
}

function rings(lon: (number | null)[], lat: (number | null)[]): Point[][] {
  const result: Point[][] = [];
  let ring: Point[] = [];
  lon.forEach((x, i) => {
    const y = lat[i];
    if (x === null || y === null || y === undefined) {
      if (ring.length > 0) result.push(ring);
      ring = [];
    } else ring.push([x, y]);
  });
  if (ring.length > 0) result.push(ring);
  return result;
}

/** Signed area in square degrees, positive when counter-clockwise. */
function signedArea(ring: readonly Point[]): number {
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i] as Point;
    const [x2, y2] = ring[(i + 1) % ring.length] as Point;
    sum += x1 * y2 - x2 * y1;
  }
  return sum / 2;
}

function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length2 = dx * dx + dy * dy;
  const t =
    length2 === 0
      ? 0
      : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Douglas-Peucker, iterative so that rings of 100,000 points do not overflow the stack. */
function simplify(points: readonly Point[], tolerance: number): Point[] {
  if (points.length <= 4) return [...points];
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop() as [number, number];
    let farthest = -1;
    let farthestDistance = tolerance;
    for (let i = first + 1; i < last; i++) {
      const d = distanceToSegment(
        points[i] as Point,
        points[first] as Point,
        points[last] as Point,
      );
      if (d > farthestDistance) {
        farthest = i;
        farthestDistance = d;
      }
    }
    if (farthest >= 0) {
      keep[farthest] = 1;
      stack.push([first, farthest], [farthest, last]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

const round = (value: number) => Math.round(value * 100) / 100;

/** A closed ring wound counter-clockwise (RFC 7946 exterior), without repeated points. */
function closedRing(points: readonly Point[]): Point[] {
  const open = points.map(([x, y]): Point => [round(x), round(y)]);
  const deduplicated = open.filter(
    (p, i) => i === 0 || p[0] !== open[i - 1]?.[0] || p[1] !== open[i - 1]?.[1],
  );
  const first = deduplicated[0] as Point;
  const last = deduplicated[deduplicated.length - 1] as Point;
  if (first[0] === last[0] && first[1] === last[1]) deduplicated.pop();
  if (signedArea(deduplicated) < 0) deduplicated.reverse();
  return [...deduplicated, deduplicated[0] as Point];
}

function province(code: string, header: string): Point[][] {
  const data = ncdump(["-v", `CN${code}_lon,CN${code}_lat`]);
  const all = rings(decode(`CN${code}_lon`, header, data), decode(`CN${code}_lat`, header, data));
  const largest = Math.max(...all.map((ring) => Math.abs(signedArea(ring))));
  return all
    .filter((ring) => {
      const area = Math.abs(signedArea(ring));
      return area === largest || area >= minRingAreaDeg2;
    })
    .map((ring) => {
      // A province smaller than the tolerance (Macao) keeps a finer outline rather than vanish.
      const coarse = closedRing(simplify(ring, toleranceDeg));
      return coarse.length >= 4 ? coarse : closedRing(simplify(ring, toleranceDeg / 10));
    })
    .filter((ring) => ring.length >= 4);
}

const header = ncdump(["-h"]);
const version = /:version = "([^"]+)"/.exec(header)?.[1] ?? "unknown";
const features = Object.entries(provinces).map(([code, name]) => ({
  type: "Feature",
  id: `CN-${code}`,
  properties: { name },
  geometry: {
    type: "MultiPolygon",
    coordinates: province(code, header).map((ring) => [ring]),
  },
}));
// One feature per line keeps diffs readable when the source or the tolerance changes.
writeFileSync(
  output,
  `{"type":"FeatureCollection","dcwVersion":${JSON.stringify(version)},"features":[\n${features
    .map((feature) => JSON.stringify(feature))
    .join(",\n")}\n]}\n`,
);
console.log(`wrote ${features.length} provinces from DCW-GMT ${version} to ${output}`);
