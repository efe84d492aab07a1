// Zoom and pan of the map as a value: the part of the map's coordinates the SVG's viewBox shows.
// Pure, so the wheel, drag, pinch, buttons and keys all go through the same clamped arithmetic.
import { mapHeight, mapWidth, type Point } from "./geo.ts";

/** The view's top-left corner in map units and its zoom (1 shows the whole map). */
export interface MapZoom {
  x: number;
  y: number;
  k: number;
}

export const homeZoom: MapZoom = { x: 0, y: 0, k: 1 };
export const maxZoom = 8;
/** One press of + or -, or one wheel notch. */
export const zoomStep = 1.5;

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The map's area in view: the whole map at zoom 1. */
export function visibleBox(view: MapZoom): Box {
  return {
    x0: view.x,
    y0: view.y,
    x1: view.x + mapWidth / view.k,
    y1: view.y + mapHeight / view.k,
  };
}

const r2 = (value: number) => Math.round(value * 100) / 100;

export function viewBoxOf(view: MapZoom): string {
  return `${r2(view.x)} ${r2(view.y)} ${r2(mapWidth / view.k)} ${r2(mapHeight / view.k)}`;
}

/** Zoom between 1 and maxZoom, and the view kept on the map: no panning off into blank space. */
export function clampZoom(view: MapZoom): MapZoom {
  const k = Math.min(maxZoom, Math.max(1, view.k));
  const clamp = (value: number, size: number) =>
    Math.min(size - size / k, Math.max(0, Number.isFinite(value) ? value : 0));
  return { x: clamp(view.x, mapWidth), y: clamp(view.y, mapHeight), k };
}

/** Zoom by `factor` about a point of the map, which stays where it is on the screen. */
export function zoomAt(view: MapZoom, factor: number, at: Point): MapZoom {
  const k = Math.min(maxZoom, Math.max(1, view.k * factor));
  const scale = view.k / k;
  return clampZoom({ x: at[0] - (at[0] - view.x) * scale, y: at[1] - (at[1] - view.y) * scale, k });
}

/** Zoom about the centre of the view (the buttons and keys). */
export function zoomCentre(view: MapZoom, factor: number): MapZoom {
  const box = visibleBox(view);
  return zoomAt(view, factor, [(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2]);
}

/** Move the view by a distance in map units (a drag moves the map the other way). */
export function panBy(view: MapZoom, dx: number, dy: number): MapZoom {
  return clampZoom({ ...view, x: view.x + dx, y: view.y + dy });
}

/**
 * Two fingers moved from `before` to `after` (map units in the current view): zoom by the change in
 * their distance about their old midpoint, then follow the midpoint.
 */
export function pinch(
  view: MapZoom,
  before: readonly [Point, Point],
  after: readonly [Point, Point],
): MapZoom {
  const distance = ([a, b]: readonly [Point, Point]) => Math.hypot(b[0] - a[0], b[1] - a[1]);
  const mid = ([a, b]: readonly [Point, Point]): Point => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  const d0 = distance(before);
  const factor = d0 > 0 ? distance(after) / d0 : 1;
  const [m0, m1] = [mid(before), mid(after)];
  const zoomed = zoomAt(view, factor, m0);
  const scale = view.k / zoomed.k;
  return panBy(zoomed, -(m1[0] - m0[0]) * scale, -(m1[1] - m0[1]) * scale);
}

/** The view centred on a point if the point is out of view (keys walking to a far arc). */
export function showPoint(view: MapZoom, at: Point): MapZoom {
  const box = visibleBox(view);
  const inside = at[0] >= box.x0 && at[0] <= box.x1 && at[1] >= box.y0 && at[1] <= box.y1;
  if (inside) return view;
  return clampZoom({
    ...view,
    x: at[0] - mapWidth / view.k / 2,
    y: at[1] - mapHeight / view.k / 2,
  });
}

/** How far Shift+arrow pans: a fifth of the view. */
const panShare = 0.2;

/**
 * The view after a key on the focused map: + and - zoom, 0 resets, Shift+arrows pan (plain arrows
 * walk the flows and provinces); undefined for any other key.
 */
export function zoomKey(view: MapZoom, key: string, shift: boolean): MapZoom | undefined {
  if (key === "+" || key === "=") return zoomCentre(view, zoomStep);
  if (key === "-" || key === "_") return zoomCentre(view, 1 / zoomStep);
  if (key === "0") return homeZoom;
  if (!shift) return undefined;
  const stepX = (mapWidth / view.k) * panShare;
  const stepY = (mapHeight / view.k) * panShare;
  if (key === "ArrowLeft") return panBy(view, -stepX, 0);
  if (key === "ArrowRight") return panBy(view, stepX, 0);
  if (key === "ArrowUp") return panBy(view, 0, -stepY);
  if (key === "ArrowDown") return panBy(view, 0, stepY);
  return undefined;
}
