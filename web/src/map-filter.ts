// Which arcs the map draws: by mode, by province (arcs that leave or reach it) and the N largest.
import type { Arc } from "./map-model.ts";

export interface ArcFilter {
  /** Only arcs by this mode (a mode switch counts for both its modes); null for all. */
  mode: string | null;
  /** Only arcs from or to a site in this province; null for all. */
  province: string | null;
  /** Only the largest N (by tonnes, or by change in a comparison) of those left; null for all. */
  top: number | null;
}

export const noFilter: ArcFilter = { mode: null, province: null, top: null };

export const arcModes = (arc: Arc): string[] => [
  arc.mode,
  ...(arc.switched ? [arc.switched.fromMode] : []),
  ...arc.legs.map((leg) => leg.mode),
];

const provincesOf = (arc: Arc) => [...arc.from.nodes, ...arc.to.nodes].map((n) => n.province);

/** The arcs that pass the filter, in their order (largest first). */
export function filterArcs(arcs: readonly Arc[], filter: ArcFilter): Arc[] {
  const kept = arcs.filter(
    (arc) =>
      (filter.mode === null || arcModes(arc).includes(filter.mode)) &&
      (filter.province === null || provincesOf(arc).includes(filter.province)),
  );
  const byTonnes = [...kept].sort((a, b) => Math.abs(b.tonnes) - Math.abs(a.tonnes));
  const top = filter.top === null ? kept : new Set(byTonnes.slice(0, filter.top));
  return top === kept ? kept : kept.filter((arc) => (top as Set<Arc>).has(arc));
}

export const isFiltered = (filter: ArcFilter) =>
  filter.mode !== null || filter.province !== null || filter.top !== null;

/** The legend's count: "showing 12 of 35 flows", or "35 flows" when all are drawn. */
export function shownSummary(shown: number, total: number, comparison: boolean): string {
  const noun = comparison ? (total === 1 ? "change" : "changes") : total === 1 ? "flow" : "flows";
  return shown === total ? `${total} ${noun}` : `showing ${shown} of ${total} ${noun}`;
}

/** Provinces that some arc leaves or reaches, by name: the province filter's choices. */
export const arcProvinces = (arcs: readonly Arc[]) =>
  [...new Set(arcs.flatMap(provincesOf))].sort((a, b) => a.localeCompare(b));
