// How the model measures and prices a lane, in one place so every module that needs it agrees.
import type { Lane, Mode } from "./network.ts";

/** IUGG mean Earth radius; the circuity factors are calibrated against great-circle km on it. */
const EARTH_RADIUS_KM = 6371.0088;

export interface LatLon {
  /** Degrees north */
  lat: number;
  /** Degrees east */
  lon: number;
}

/** Great-circle distance in km (haversine, which stays accurate for nearby points). */
export function greatCircleKm(a: LatLon, b: LatLon): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  // min() guards asin against rounding just above 1 for antipodal points.
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Network km of a lane: its own distanceKm, else great-circle km times the mode's circuity. */
export function laneDistanceKm(
  lane: Pick<Lane, "distanceKm">,
  from: LatLon,
  to: LatLon,
  mode: Pick<Mode, "circuity">,
): number {
  return lane.distanceKm ?? greatCircleKm(from, to) * mode.circuity;
}

/** Freight in CNY per tonne: the lane's costPerT, else fixedCostPerT + costPerTKm x network km. */
export function laneCostPerT(
  lane: Pick<Lane, "distanceKm" | "costPerT">,
  from: LatLon,
  to: LatLon,
  mode: Pick<Mode, "circuity" | "fixedCostPerT" | "costPerTKm">,
): number {
  return (
    lane.costPerT ?? mode.fixedCostPerT + mode.costPerTKm * laneDistanceKm(lane, from, to, mode)
  );
}
