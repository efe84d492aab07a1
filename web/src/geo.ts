// China's provinces projected to the map's SVG coordinates, and the curves that draw flows between sites.
import { type GeoProjection, geoConicEqualArea, geoPath } from "d3-geo";
import type { Feature, FeatureCollection, MultiPolygon, Position } from "geojson";
import provincesData from "../../data/china-provinces/provinces.json";

export const mapWidth = 760;
export const mapHeight = 560;

export type ProvinceFeature = Feature<MultiPolygon, { name: string }>;

/**
 * The file follows RFC 7946 (exterior rings counter-clockwise); d3-geo reads rings on the sphere
 * the other way round and would fill the rest of the globe, so every ring is reversed once here.
 */
export function forD3(collection: FeatureCollection<MultiPolygon, { name: string }>) {
  return collection.features.map(
    (feature): ProvinceFeature => ({
      ...feature,
      geometry: {
        type: "MultiPolygon",
        coordinates: feature.geometry.coordinates.map((polygon) =>
          polygon.map((ring: Position[]) => [...ring].reverse()),
        ),
      },
    }),
  );
}

export const provinceFeatures = forD3(
  provincesData as FeatureCollection<MultiPolygon, { name: string }>,
);

// An equal-area conic on standard parallels 25 and 47 degrees north, the usual choice for China.
export const projection: GeoProjection = geoConicEqualArea()
  .parallels([25, 47])
  .rotate([-105, 0])
  .fitExtent(
    [
      [8, 8],
      [mapWidth - 8, mapHeight - 8],
    ],
    { type: "FeatureCollection", features: provinceFeatures },
  );

const path = geoPath(projection);

export interface ProvinceShape {
  id: string;
  name: string;
  d: string;
  /** Where its name goes: the centroid of its largest polygon (not of the islands too). */
  centre: Point;
  /** Area in square map units: the small ones are named only when zoomed in. */
  area: number;
}

function largestPart(feature: ProvinceFeature): ProvinceFeature {
  const parts = feature.geometry.coordinates.map(
    (polygon): ProvinceFeature => ({
      ...feature,
      geometry: { type: "MultiPolygon", coordinates: [polygon] },
    }),
  );
  return parts.reduce((a, b) => (path.area(b) > path.area(a) ? b : a));
}

export const provinceShapes: ProvinceShape[] = provinceFeatures.map((feature) => ({
  id: String(feature.id),
  name: feature.properties.name,
  d: path(feature) ?? "",
  centre: path.centroid(largestPart(feature)),
  area: path.area(feature),
}));

export type Point = readonly [number, number];

export function project(lat: number, lon: number): Point {
  return projection([lon, lat]) ?? [Number.NaN, Number.NaN];
}

/**
 * A flow's curve: a quadratic arc bowing to the left of the direction of travel, so that flows
 * both ways between two sites stay apart (a larger bow sets a second arc between the same two sites
 * apart from the first); a flow within one site is a small loop above it.
 */
export function arcPath(from: Point, to: Point, bow = 0.18): string {
  const [x1, y1] = from;
  const [x2, y2] = to;
  const dx = x2 - x1;
  const dy = y2 - y1;
  if (isLoop(from, to)) {
    return `M${r(x1)},${r(y1)}c-9,-16 9,-16 ${r(dx)},${r(dy)}`;
  }
  const cx = (x1 + x2) / 2 + dy * bow;
  const cy = (y1 + y2) / 2 - dx * bow;
  return `M${r(x1)},${r(y1)}Q${r(cx)},${r(cy)} ${r(x2)},${r(y2)}`;
}

/** Ends closer than this many pixels draw as a loop: a straight arc would not show. */
export const isLoop = (from: Point, to: Point) => Math.hypot(to[0] - from[0], to[1] - from[1]) < 6;

const r = (value: number) => Math.round(value * 10) / 10;
