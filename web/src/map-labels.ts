// Labels on the map: which province and site names fit without overlapping, chosen greedily in
// order of importance. Pure: the sizes come in screen pixels and the map's units per pixel, so a
// closer zoom (fewer units per pixel) makes each label smaller on the map and lets more fit.
import type { Point } from "./geo.ts";
import type { Box } from "./map-zoom.ts";

export interface LabelCandidate {
  id: string;
  text: string;
  at: Point;
  kind: "province" | "site" | "local";
  /** Clearance from `at` in screen pixels (a site's symbol): labels sit beside it, not on it. */
  gapPx: number;
  /** The zoom from which the label may show (a small province's name needs a closer look). */
  minZoom: number;
}

export interface PlacedLabel {
  id: string;
  text: string;
  kind: LabelCandidate["kind"];
  /** Where the text's anchor goes, in map units. */
  x: number;
  y: number;
  anchor: "start" | "middle" | "end";
  box: Box;
}

export interface LabelSpace {
  /** Map units per screen pixel at this zoom and size of the map on the screen. */
  unitsPerPx: number;
  zoom: number;
  /** The map's area in view: labels outside it are not placed. */
  visible: Box;
  fontPx: number;
}

/** A generous advance of a character in the page's sans-serif (site names are bold), as a share of the font size: estimates that fall short would let labels touch. */
const charWidth = 0.64;

/** The box a label of `text` takes, in screen pixels. */
export const textSizePx = (text: string, fontPx: number) => ({
  width: text.length * fontPx * charWidth,
  height: fontPx * 1.25,
});

export const overlaps = (a: Box, b: Box) =>
  a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

const inside = (a: Box, b: Box) => a.x0 >= b.x0 && a.x1 <= b.x1 && a.y0 >= b.y0 && a.y1 <= b.y1;

/**
 * Places labels in the candidates' order (most important first): each takes the first of its
 * positions (a site's right, left, above, below; a province's centre) whose box overlaps no label
 * placed before and lies in view, or is left out. No two placed boxes overlap.
 */
export function placeLabels(
  candidates: readonly LabelCandidate[],
  space: LabelSpace,
): PlacedLabel[] {
  const placed: PlacedLabel[] = [];
  const u = space.unitsPerPx;
  for (const candidate of candidates) {
    if (space.zoom < candidate.minZoom) continue;
    const size = textSizePx(candidate.text, space.fontPx);
    const w = size.width * u;
    const h = size.height * u;
    const gap = candidate.gapPx * u;
    const [x, y] = candidate.at;
    // Options as [box left, box top, anchor x, anchor]; the text's baseline sits 0.8 of h down.
    const options: [number, number, number, PlacedLabel["anchor"]][] =
      candidate.kind === "province"
        ? [
            [x - w / 2, y - h / 2, x, "middle"],
            [x - w / 2, y - h * 1.4, x, "middle"],
            [x - w / 2, y + h * 0.4, x, "middle"],
          ]
        : [
            [x + gap, y - h / 2, x + gap, "start"],
            [x - gap - w, y - h / 2, x - gap, "end"],
            [x - w / 2, y - gap - h, x, "middle"],
            [x - w / 2, y + gap, x, "middle"],
          ];
    for (const [left, top, anchorX, anchor] of options) {
      const box = { x0: left, y0: top, x1: left + w, y1: top + h };
      if (!inside(box, space.visible)) continue;
      if (placed.some((other) => overlaps(other.box, box))) continue;
      placed.push({
        id: candidate.id,
        text: candidate.text,
        kind: candidate.kind,
        x: anchorX,
        y: top + h * 0.8,
        anchor,
        box,
      });
      break;
    }
  }
  return placed;
}

/** A site's short name: the city in a name's brackets ("Shandong smelters (Zouping)" -> Zouping). */
export function shortSiteName(names: readonly string[]): string {
  const [first = "?"] = names;
  const city = /\(([^()]+)\)\s*$/.exec(first)?.[1];
  const name = city ?? first;
  return name.length > 22 ? `${name.slice(0, 21)}…` : name;
}

/** How many of the busiest sites are named at a zoom: more as the map is looked at closer. */
export const siteLabelBudget = (zoom: number) => Math.round(10 * zoom);

/** Room a site's label keeps from the point: its symbol's radius and a little. */
const siteGapPx = 9;

/**
 * The labels worth placing, most important first: the sites with the largest flows drawn (as many
 * as the zoom allows), then local supply, then provinces largest first, then the busier sites left.
 */
export function labelCandidates(
  provinces: readonly { name: string; centre: Point; area: number }[],
  sites: readonly { key: string; at: Point; names: readonly string[]; throughputT: number }[],
  local: readonly { key: string; at: Point; text: string }[],
  zoom: number,
): LabelCandidate[] {
  const busy = sites
    .filter((site) => site.throughputT > 0)
    .sort((a, b) => b.throughputT - a.throughputT)
    .slice(0, siteLabelBudget(zoom))
    .map(
      (site): LabelCandidate => ({
        id: `site:${site.key}`,
        text: shortSiteName(site.names),
        at: site.at,
        kind: "site",
        gapPx: siteGapPx,
        minZoom: 1,
      }),
    );
  const first = busy.slice(0, 5);
  const rest = busy.slice(5);
  const localLabels = local.map(
    (item): LabelCandidate => ({
      id: `local:${item.key}`,
      text: item.text,
      at: item.at,
      kind: "local",
      gapPx: siteGapPx + 8,
      minZoom: 1,
    }),
  );
  const provinceLabels = [...provinces]
    .sort((a, b) => b.area - a.area)
    .map(
      (p): LabelCandidate => ({
        id: `province:${p.name}`,
        text: p.name,
        at: p.centre,
        kind: "province",
        gapPx: 0,
        // Beijing, Tianjin, Shanghai, Hong Kong, Macao: too small for their names at full view.
        minZoom: p.area < 50 ? 5 : p.area < 400 ? 2.5 : 1,
      }),
    );
  return [...first, ...localLabels, ...provinceLabels, ...rest];
}
