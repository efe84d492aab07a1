import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deriveLanes } from "../../models/allocation/build.ts";
import { greatCircleKm as modelKm } from "../../models/allocation/geo.ts";
import { parseNetwork } from "../../models/allocation/network.ts";
import { greatCircleKm, laneKey, networkLanes } from "../../web/src/lanes.ts";

const read = (path: string) => {
  const parsed = parseNetwork(
    JSON.parse(readFileSync(join(import.meta.dirname, "../..", path), "utf8")),
  );
  if (!parsed.ok) throw new Error(`${path} does not parse`);
  return parsed.network;
};

describe("the page's lanes", () => {
  for (const path of ["data/china-2024/network.json", "data/china-2024-cities/network.json"]) {
    it(`are the model's lanes, km and freight for ${path}`, () => {
      const network = read(path);
      const page = networkLanes(network);
      const model = deriveLanes(network);
      expect(page).toHaveLength(model.length);
      model.forEach((lane, i) => {
        const row = page[i];
        const plant = network.plants[lane.plant];
        const to =
          lane.destination.kind === "smelter"
            ? network.smelters[lane.destination.index]
            : network.ports[lane.destination.index];
        expect(row?.from).toBe(plant?.id);
        expect(row?.to).toBe(to?.id);
        expect(row?.mode).toBe(network.modes[lane.mode]?.id);
        expect(Math.abs((row?.distanceKm ?? 0) - lane.distanceKm)).toBeLessThan(1e-6);
        expect(Math.abs((row?.freightPerT ?? 0) - lane.freightPerT)).toBeLessThan(1e-6);
      });
      expect(new Set(page.map(laneKey)).size).toBe(page.length);
    });
  }

  it("measure great circles as the model does", () => {
    const a = { lat: 36.07, lon: 120.38 };
    const b = { lat: 25.04, lon: 102.71 };
    expect(greatCircleKm(a, b)).toBe(modelKm(a, b));
  });
});
