// Great-circle distance between nodes, the default basis of lane distances.

const earthRadiusKm = 6371.0088; // IUGG mean radius

const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Haversine distance in km between two WGS84 points given in degrees. */
export function greatCircleKm(
  a: { lat: number; lon: number },
  b: { lat: number; lon: number },
): number {
  const dLat = radians(b.lat - a.lat);
  const dLon = radians(b.lon - a.lon);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * earthRadiusKm * Math.asin(Math.min(1, Math.sqrt(h)));
}
