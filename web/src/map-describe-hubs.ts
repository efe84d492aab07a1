// The map's tooltips for hubs and routes through them: a hub's throughput against its capacity and
// the value of more, a route's legs in words with the handling it pays at the hubs.
import { percent, perT, tonnes } from "./format.ts";
import type { Arc } from "./map-model.ts";
import type { MapScene } from "./map-scene.ts";
import { hubKindNames, routeLabel } from "./state/hub-view.ts";

type Rows = [string, string][];

/** A hub in the plan on the map (the year's, or the period's: tonnes in the period). */
export function describeHub(scene: MapScene, id: string) {
  const site = scene.geo.hubById.get(id);
  const hub = scene.plan?.hubs?.find((row) => row.id === id);
  const title = hub?.name ?? site?.name ?? id;
  const kind = hub?.kind ?? site?.kind;
  const rows: Rows = kind ? [["Kind", hubKindNames[kind]]] : [];
  if (hub === undefined) return { title, rows: [...rows, ["In this plan", "no figures"]] as Rows };
  const { capacityT, marginalValuePerT } = hub;
  return {
    title,
    rows: [
      ...rows,
      ["Province", hub.province],
      ["Throughput", tonnes(hub.throughputT)],
      ["Capacity", capacityT === null ? "unlimited" : tonnes(capacityT)],
      [
        "Utilisation",
        capacityT === null || capacityT <= 0
          ? "– (no limit)"
          : percent(hub.throughputT / capacityT),
      ],
      ["Handling", perT(hub.handlingCostPerT)],
      [
        "Marginal value",
        marginalValuePerT === null ? "not available" : `${perT(marginalValuePerT)} of capacity`,
      ],
    ] as Rows,
  };
}

/** An arc's mode in words: a route through hubs by its legs ("coastal → Fangchenggang → rail"). */
export const arcMode = (scene: MapScene, arc: Arc): string =>
  arc.via.length > 0
    ? routeLabel(
        { from: "", to: "", mode: arc.mode },
        (id) => scene.geo.hubById.get(id)?.name ?? id,
      )
    : arc.mode;

/** What a route through hubs pays at them, per tonne, beside its freight. */
export const hubHandlingRows = (flow: { hubHandlingPerT?: number | undefined }): Rows =>
  typeof flow.hubHandlingPerT === "number" ? [["Hub handling", perT(flow.hubHandlingPerT)]] : [];
