import { describe, expect, it } from "vitest";
import {
  type LabelCandidate,
  labelCandidates,
  overlaps,
  placeLabels,
  shortSiteName,
  textSizePx,
} from "../../web/src/map-labels.ts";

const site = (id: string, x: number, y: number, text = "Abcdefgh"): LabelCandidate => ({
  id,
  text,
  at: [x, y],
  kind: "site",
  gapPx: 9,
  minZoom: 1,
});
const whole = { x0: 0, y0: 0, x1: 760, y1: 560 };
const space = { unitsPerPx: 1, zoom: 1, visible: whole, fontPx: 11 };

function noneOverlap(placed: ReturnType<typeof placeLabels>) {
  for (const [i, a] of placed.entries())
    for (const b of placed.slice(i + 1))
      expect(overlaps(a.box, b.box), `${a.id} ${b.id}`).toBe(false);
}

describe("the map's labels", () => {
  it("tries right, left, above and below a site, and leaves out a fifth label at the same place", () => {
    const placed = placeLabels(
      ["a", "b", "c", "d", "e"].map((id) => site(id, 300, 300)),
      space,
    );
    expect(placed.map((label) => [label.id, label.anchor])).toEqual([
      ["a", "start"],
      ["b", "end"],
      ["c", "middle"],
      ["d", "middle"],
    ]);
    // "Abcdefgh" at 11 px: 8 x 11 x 0.64 = 56.32 wide, 13.75 high; right of the 9 px gap.
    expect(placed[0]?.box).toEqual({
      x0: 309,
      y0: 300 - 13.75 / 2,
      x1: 309 + 56.32,
      y1: 300 + 13.75 / 2,
    });
    expect(textSizePx("Abcdefgh", 11).width).toBeCloseTo(56.32, 10);
    noneOverlap(placed);
  });

  it("never places two overlapping labels, and fits more when zoomed in (fewer units per pixel)", () => {
    // 60 sites on a fixed pseudo-random scatter over a 100 x 60 patch.
    let seed = 7;
    const next = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const candidates = Array.from({ length: 60 }, (_, i) =>
      site(`s${i}`, 100 + next() * 100, 100 + next() * 60),
    );
    const far = placeLabels(candidates, space);
    const near = placeLabels(candidates, { ...space, unitsPerPx: 0.25, zoom: 4 });
    noneOverlap(far);
    noneOverlap(near);
    expect(far.length).toBeGreaterThan(3);
    expect(near.length).toBeGreaterThan(far.length * 2);
  });

  it("places only labels wholly in view, and small provinces' names only from their zoom", () => {
    const view = { x0: 0, y0: 0, x1: 200, y1: 200 };
    expect(
      placeLabels([site("in", 50, 50), site("out", 400, 50)], { ...space, visible: view }).map(
        (l) => l.id,
      ),
    ).toEqual(["in"]);
    const beijing: LabelCandidate = {
      id: "province:Beijing",
      text: "Beijing",
      at: [100, 100],
      kind: "province",
      gapPx: 0,
      minZoom: 2.5,
    };
    expect(placeLabels([beijing], space)).toEqual([]);
    expect(placeLabels([beijing], { ...space, zoom: 3, unitsPerPx: 1 / 3 })[0]?.anchor).toBe(
      "middle",
    );
  });

  it("names sites by the city in their brackets and picks the busiest sites first, more when zoomed", () => {
    expect(shortSiteName(["Shandong smelters (Zouping)"])).toBe("Zouping");
    expect(shortSiteName(["Qingdao"])).toBe("Qingdao");
    expect(shortSiteName(["A very long port name that goes on"])).toBe("A very long port name…");
    const sites = Array.from({ length: 30 }, (_, i) => ({
      key: `k${i}`,
      at: [i * 10, 100] as const,
      names: [`Site ${i}`],
      throughputT: i === 0 ? 0 : i * 1000,
    }));
    const provinces = [
      { name: "Small", centre: [1, 1] as const, area: 100 },
      { name: "Big", centre: [2, 2] as const, area: 5000 },
    ];
    const local = [{ key: "k3", at: [30, 100] as const, text: "1.0 kt local" }];
    const atOne = labelCandidates(provinces, sites, local, 1);
    expect(atOne.map((c) => c.text)).toEqual([
      ...[29, 28, 27, 26, 25].map((i) => `Site ${i}`),
      "1.0 kt local",
      "Big",
      "Small",
      ...[24, 23, 22, 21, 20].map((i) => `Site ${i}`),
    ]);
    expect(atOne.find((c) => c.text === "Small")?.minZoom).toBe(2.5);
    // Zoom 2: twenty sites; a site with no flow drawn is never named.
    const atTwo = labelCandidates(provinces, sites, local, 2).filter((c) => c.kind === "site");
    expect(atTwo).toHaveLength(20);
    expect(labelCandidates(provinces, sites, local, 8).some((c) => c.text === "Site 0")).toBe(
      false,
    );
  });
});
