import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const read = (path: string) => JSON.parse(readFileSync(join(root, path), "utf8"));

interface Outline {
  id: string;
  properties: { name: string };
  geometry: { type: string; coordinates: [number, number][][][] };
}
const outlines: Outline[] = read("data/china-provinces/provinces.json").features;

/** Twice the signed area in square degrees, positive when counter-clockwise. */
const doubleArea = (ring: [number, number][]) =>
  ring.slice(1).reduce((sum, [x2, y2], i) => {
    const [x1, y1] = ring[i] as [number, number];
    return sum + x1 * y2 - x2 * y1;
  }, 0);

describe("data/china-provinces", () => {
  it("has the 34 outlines of DCW-GMT's China, each with an ISO 3166-2:CN id", () => {
    expect(outlines).toHaveLength(34);
    for (const outline of outlines) expect(outline.id).toMatch(/^CN-[A-Z]{2}$/);
    expect(new Set(outlines.map((o) => o.properties.name)).size).toBe(34);
  });

  it("winds every ring counter-clockwise, closed, inside China's bounding box", () => {
    for (const outline of outlines) {
      expect(outline.geometry.type).toBe("MultiPolygon");
      expect(outline.geometry.coordinates.length, outline.id).toBeGreaterThan(0);
      for (const [ring] of outline.geometry.coordinates) {
        if (ring === undefined) throw new Error(`${outline.id} has an empty polygon`);
        expect(ring.length).toBeGreaterThanOrEqual(4);
        expect(ring[0]).toEqual(ring[ring.length - 1]);
        expect(doubleArea(ring), outline.id).toBeGreaterThan(0);
        for (const [lon, lat] of ring) {
          expect(lon).toBeGreaterThan(73);
          expect(lon).toBeLessThan(136);
          expect(lat).toBeGreaterThan(17);
          expect(lat).toBeLessThan(54);
        }
      }
    }
  });

  it.each(["data/china-2024/network.json", "data/china-2024-cities/network.json"])(
    "outlines every province %s names except Others",
    (path) => {
      const network = read(path);
      const names = new Set(outlines.map((o) => o.properties.name));
      const provinces = new Set<string>(
        [...network.plants, ...network.smelters, ...network.ports].map(
          (node: { province: string }) => node.province,
        ),
      );
      expect([...provinces].filter((p) => !names.has(p))).toEqual(["Others"]);
    },
  );
});
