// Hubs on the map and routes drawn through them: where each hub is, and a route's legs as lines.
import type { Network } from "./api.ts";
import { type Point, project } from "./geo.ts";
import { type HubKind, routeSteps } from "./state/hub-view.ts";

export interface ArcLeg {
  mode: string;
  d: string;
}

/** A transshipment hub where the map draws it. */
export interface HubSite {
  key: string;
  id: string;
  name: string;
  kind: HubKind;
  province: string;
  at: Point;
}

export function hubSites(network: Network): HubSite[] {
  return (network.hubs ?? []).map(
    (hub): HubSite => ({
      key: hub.id,
      id: hub.id,
      name: hub.name,
      kind: hub.kind,
      province: hub.province,
      at: project(hub.lat, hub.lon),
    }),
  );
}

type Routed = Parameters<typeof routeSteps>[0];

const r = (value: number) => Math.round(value * 10) / 10;

/**
 * A route's legs as straight lines through its hubs (plant -> hub(s) -> destination); none for a
 * direct lane, or where a hub is not on the map.
 */
// Ends and hubs typed by what is read of them, not map-model's Site and Geography, which import
// this file (no import cycle).
export function routeGeometry(
  flow: Routed,
  from: { at: Point },
  to: { at: Point },
  geo: { hubById: ReadonlyMap<string, HubSite> },
) {
  const steps = routeSteps(flow);
  const via = steps.slice(0, -1).map((step) => geo.hubById.get(step.to));
  if (steps.length < 2 || via.some((hub) => hub === undefined)) return { via: [], legs: [] };
  const points = [from.at, ...via.map((hub) => (hub as HubSite).at), to.at];
  const legs = steps.map((step, i) => {
    const [a, b] = [points[i] as Point, points[i + 1] as Point];
    return { mode: step.mode, d: `M${r(a[0])},${r(a[1])}L${r(b[0])},${r(b[1])}` };
  });
  return { via: via.map((hub) => (hub as HubSite).id), legs };
}
