import { describe, expect, it } from "vitest";
import {
  clampZoom,
  homeZoom,
  panBy,
  pinch,
  showPoint,
  viewBoxOf,
  zoomAt,
  zoomKey,
} from "../../web/src/map-zoom.ts";
import { placeTooltip } from "../../web/src/tooltip-place.ts";

// The map is 760 x 560 units; zoom k shows 760/k x 560/k of it from (x, y).
describe("the map's zoom and pan", () => {
  it("zooms about a point that stays put on the screen, between 1 and 8", () => {
    expect(viewBoxOf(homeZoom)).toBe("0 0 760 560");
    expect(zoomAt(homeZoom, 2, [380, 280])).toEqual({ x: 190, y: 140, k: 2 });
    expect(viewBoxOf(zoomAt(homeZoom, 2, [380, 280]))).toBe("190 140 380 280");
    // (100, 100) was 100 units from the view's corner at zoom 1: 50 units (100 on the screen) at 2.
    const at = zoomAt(homeZoom, 2, [100, 100]);
    expect(((100 - at.x) * at.k) / homeZoom.k).toBe(100);
    expect(zoomAt(homeZoom, 0.5, [100, 100])).toEqual(homeZoom);
    expect(zoomAt(homeZoom, 100, [0, 0]).k).toBe(8);
  });

  it("pans within the map only", () => {
    expect(panBy(homeZoom, 50, 0)).toEqual(homeZoom);
    expect(panBy({ x: 190, y: 140, k: 2 }, 1000, -1000)).toEqual({ x: 380, y: 0, k: 2 });
    expect(clampZoom({ x: Number.NaN, y: -5, k: 0 })).toEqual(homeZoom);
  });

  it("pinches: fingers twice as far apart zoom 2x about their midpoint; moved together, they pan", () => {
    expect(
      pinch(
        homeZoom,
        [
          [300, 280],
          [460, 280],
        ],
        [
          [220, 280],
          [540, 280],
        ],
      ),
    ).toEqual({ x: 190, y: 140, k: 2 });
    const moved = pinch(
      { x: 190, y: 140, k: 2 },
      [
        [300, 200],
        [400, 200],
      ],
      [
        [310, 200],
        [410, 200],
      ],
    );
    expect(moved).toEqual({ x: 180, y: 140, k: 2 });
  });

  it("takes + - 0 and Shift+arrows; plain arrows are left to walk the flows", () => {
    expect(zoomKey(homeZoom, "+", false)?.k).toBe(1.5);
    expect(zoomKey({ x: 190, y: 140, k: 2 }, "-", false)?.k).toBeCloseTo(4 / 3, 10);
    expect(zoomKey({ x: 190, y: 140, k: 2 }, "0", false)).toEqual(homeZoom);
    expect(zoomKey(homeZoom, "ArrowLeft", false)).toBeUndefined();
    // A fifth of the 380 units in view.
    expect(zoomKey({ x: 190, y: 140, k: 2 }, "ArrowRight", true)).toEqual({ x: 266, y: 140, k: 2 });
    expect(zoomKey({ x: 190, y: 140, k: 2 }, "ArrowUp", true)).toEqual({ x: 190, y: 84, k: 2 });
  });

  it("brings a point out of view into it, and leaves the view alone otherwise", () => {
    const view = { x: 0, y: 0, k: 2 };
    expect(showPoint(view, [100, 100])).toBe(view);
    // Centred on (700, 500) would run off the map: pressed against its lower right corner.
    expect(showPoint(view, [700, 500])).toEqual({ x: 380, y: 280, k: 2 });
    expect(showPoint(view, [500, 300])).toEqual({ x: 310, y: 160, k: 2 });
  });
});

describe("the tooltip's place", () => {
  const box = { width: 800, height: 600, left: 0, top: 0 };
  const window = { width: 1440, height: 900 };
  const size = { width: 280, height: 100 };
  it("goes right of and below the point where it fits, else left or above", () => {
    expect(placeTooltip({ x: 100, y: 100 }, size, box, window)).toEqual({ left: 114, top: 114 });
    // 700 + 14 + 280 > 796: to the left, 700 - 14 - 280.
    expect(placeTooltip({ x: 700, y: 100 }, size, box, window)).toEqual({ left: 406, top: 114 });
    expect(placeTooltip({ x: 100, y: 550 }, size, box, window)).toEqual({ left: 114, top: 436 });
  });

  it("stays in the window where the map runs below it", () => {
    // The map starts 500 px down a 900 px window: only its top 400 px are in sight.
    const low = { ...box, top: 500 };
    expect(placeTooltip({ x: 100, y: 350 }, size, low, window)).toEqual({ left: 114, top: 236 });
    // Too big for either side: pressed against the edge, never off it.
    const tall = { width: 280, height: 500 };
    expect(placeTooltip({ x: 100, y: 200 }, tall, low, window).top).toBe(4);
  });
});
