// A network's lanes as the model derives them (models/allocation/build.ts deriveLanes): the explicit
// lanes, or every plant x (smelters and ports) x mode with a land route, with their km and freight.
// The page bundles no model code, so this repeats the routing rules of models/allocation/routing.ts;
// a test holds the two to the same lanes, km and freight on both seeded datasets.
import type { Network } from "./api.ts";

export interface LaneRow {
  from: string;
  to: string;
  mode: string;
  distanceKm: number;
  /** Freight per tonne: the lane's costPerT, else the mode's fixedCostPerT + costPerTKm x km. */
  freightPerT: number;
  /** Most tonnes per year; null: uncapped. */
  capacityT: number | null;
}

interface Point {
  lat: number;
  lon: number;
}
interface Site extends Point {
  id: string;
  province: string;
}

const earthRadiusKm = 6371.0088; // IUGG mean radius, as models/allocation/geo.ts
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Haversine km between two points in degrees (models/allocation/geo.ts greatCircleKm). */
export function greatCircleKm(a: Point, b: Point): number {
  const dLat = radians(b.lat - a.lat);
  const dLon = radians(b.lon - a.lon);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * earthRadiusKm * Math.asin(Math.min(1, Math.sqrt(h)));
}

type Routes = NonNullable<Network["landRoutes"]>;

/** Land km by mode over the routing graph, as models/allocation/routing.ts LandRouter answers. */
function landRouter(graph: Routes) {
  const { junctions, links } = graph;
  const index = new Map(junctions.map((j, i) => [j.id, i]));
  // Per mode, the neighbours of each junction; the shortest-path trees are made on first use.
  const adjacency = new Map<string, [number, number][][]>();
  for (const link of links) {
    const a = index.get(link.from);
    const b = index.get(link.to);
    if (a === undefined || b === undefined) continue;
    for (const mode of link.modes) {
      let lists = adjacency.get(mode);
      if (!lists) {
        lists = junctions.map(() => []);
        adjacency.set(mode, lists);
      }
      lists[a]?.push([b, link.km]);
      lists[b]?.push([a, link.km]);
    }
  }
  // A mode some link names but whose links all miss a junction still routes (and finds no path).
  for (const link of links)
    for (const mode of link.modes)
      if (!adjacency.has(mode))
        adjacency.set(
          mode,
          junctions.map(() => []),
        );
  const trees = new Map<string, Float64Array>();
  const tree = (mode: string, source: number) => {
    const key = `${mode}:${source}`;
    let found = trees.get(key);
    if (!found) {
      found = shortestKm(adjacency.get(mode) ?? [], source);
      trees.set(key, found);
    }
    return found;
  };
  const attachments = new Map<string, { junction: number; km?: number }>();
  const attachment = (site: Site) => {
    let found = attachments.get(site.id);
    if (found) return found;
    const explicit = graph.access?.find((a) => a.node === site.id);
    found = explicit
      ? {
          junction: index.get(explicit.junction) ?? 0,
          ...(explicit.km === undefined ? {} : { km: explicit.km }),
        }
      : { junction: nearest(junctions, site) };
    attachments.set(site.id, found);
    return found;
  };
  const accessKm = (site: Site, at: { junction: number; km?: number }, circuity: number) =>
    at.km ?? greatCircleKm(site, junctions[at.junction] as Point) * circuity;
  return (from: Site, to: Site, mode: string, circuity: number): number | null => {
    if (!adjacency.has(mode)) return greatCircleKm(from, to) * circuity;
    const a = attachment(from);
    const b = attachment(to);
    const access = accessKm(from, a, circuity) + accessKm(to, b, circuity);
    if (a.junction === b.junction) return Math.min(greatCircleKm(from, to) * circuity, access);
    const between = tree(mode, a.junction)[b.junction] ?? Infinity;
    return between === Infinity ? null : access + between;
  };
}

/** Dijkstra by scanning: the routing graphs are small (tens to hundreds of junctions). */
function shortestKm(neighbours: readonly (readonly [number, number])[][], source: number) {
  const n = neighbours.length;
  const km = new Float64Array(n).fill(Infinity);
  const done = new Uint8Array(n);
  km[source] = 0;
  for (;;) {
    let next = -1;
    let nextKm = Infinity;
    for (let v = 0; v < n; v++) {
      const at = km[v] as number;
      if (done[v] === 0 && at < nextKm) {
        next = v;
        nextKm = at;
      }
    }
    if (next < 0) return km;
    done[next] = 1;
    for (const [to, length] of neighbours[next] ?? []) {
      const candidate = (km[next] as number) + length;
      if (candidate < (km[to] as number)) km[to] = candidate;
    }
  }
}

/** Its explicit-access-free junction: the nearest in its province, else the nearest of all. */
function nearest(junctions: Routes["junctions"], site: Site): number {
  const inProvince = junctions.some((j) => j.province === site.province);
  let best = -1;
  let bestKm = Infinity;
  junctions.forEach((junction, i) => {
    if (inProvince && junction.province !== site.province) return;
    const km = greatCircleKm(site, junction);
    if (km < bestKm) {
      best = i;
      bestKm = km;
    }
  });
  return best;
}

/** Every lane of the network in the model's order; implied lanes without a land route are left out. */
export function networkLanes(network: Network): LaneRow[] {
  const route = landRouter(network.landRoutes ?? { junctions: [], links: [] });
  const plants = new Map(network.plants.map((p) => [p.id, p]));
  const destinations = new Map<string, Site>([
    ...network.smelters.map((s) => [s.id, s] as const),
    ...network.ports.map((p) => [p.id, p] as const),
  ]);
  const modes = new Map(network.modes.map((m) => [m.id, m]));
  const row = (
    from: Site,
    to: Site,
    mode: Network["modes"][number],
    lane?: { distanceKm?: number; costPerT?: number; capacityT?: number },
  ): LaneRow | null => {
    const distanceKm = lane?.distanceKm ?? route(from, to, mode.id, mode.circuity);
    if (distanceKm === null) return null;
    return {
      from: from.id,
      to: to.id,
      mode: mode.id,
      distanceKm,
      freightPerT: lane?.costPerT ?? mode.fixedCostPerT + mode.costPerTKm * distanceKm,
      capacityT: lane?.capacityT ?? null,
    };
  };
  const rows: LaneRow[] = [];
  if (network.lanes) {
    for (const lane of network.lanes) {
      const from = plants.get(lane.from);
      const to = destinations.get(lane.to);
      const mode = modes.get(lane.mode);
      const made = from && to && mode ? row(from, to, mode, lane) : null;
      if (made) rows.push(made);
    }
    return rows;
  }
  for (const plant of network.plants)
    for (const destination of destinations.values())
      for (const mode of network.modes) {
        if (mode.impliedLanes === false) continue;
        const made = row(plant, destination, mode);
        if (made) rows.push(made);
      }
  return rows;
}

/** A lane's key, as the page names it: plant>destination:mode (the plan's flow keys alike). */
export const laneKey = (lane: { from: string; to: string; mode: string }) =>
  `${lane.from}>${lane.to}:${lane.mode}`;
