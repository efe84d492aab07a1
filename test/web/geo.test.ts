import { geoArea } from "d3-geo";
import { describe, expect, it } from "vitest";
import { toCsv } from "../../web/src/csv.ts";
import { arcPath, mapHeight, mapWidth, project, provinceFeatures } from "../../web/src/geo.ts";

describe("the map's geography", () => {
  it("hands d3-geo rings that enclose each province, not the rest of the globe", () => {
    // A province covers far less than 1 % of the sphere (4 pi steradians).
    for (const feature of provinceFeatures) {
      expect(geoArea(feature), feature.properties.name).toBeLessThan(0.01 * 4 * Math.PI);
      expect(geoArea(feature), feature.properties.name).toBeGreaterThan(0);
    }
  });

  it("projects China's corners and its cities inside the map", () => {
    for (const [lat, lon] of [
      [44.01, 87.31], // Urumqi
      [49.6, 117.43], // Manzhouli
      [21.69, 108.35], // Fangchenggang
      [41.88, 123.96], // Fushun
    ] as const) {
      const [x, y] = project(lat, lon);
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(mapWidth);
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThan(mapHeight);
    }
  });

  it("bows an arc to the left of travel, so flows both ways stay apart, and loops a local flow", () => {
    expect(arcPath([0, 0], [100, 0])).toBe("M0,0Q50,-18 100,0");
    expect(arcPath([100, 0], [0, 0])).toBe("M100,0Q50,18 0,0");
    expect(arcPath([10, 10], [12, 11])).toMatch(/^M10,10c/);
  });
});

describe("CSV of a table", () => {
  it("quotes what needs quoting and ends every line with CRLF", () => {
    expect(
      toCsv(
        ["from", "to", "tonnes"],
        [
          ['Plant "A", north', "Smelter\nB", 1200.5],
          ["C", null, 0],
        ],
      ),
    ).toBe('from,to,tonnes\r\n"Plant ""A"", north","Smelter\nB",1200.5\r\nC,,0\r\n');
  });
});
