import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { JUNCTIONS, LINKS } from "../../data/china-2024/land-routes.ts";
import { deriveLanes } from "../../models/allocation/build.ts";
import { type Network, networkSchema } from "../../models/allocation/network.ts";
import { buildAdjacency, shortestPathTree } from "../../models/network-flow/dijkstra.ts";

const datasets = [
  "china-2024/network.json",
  "china-2024/calibrated.json",
  "china-2024-cities/network.json",
] as const;

const load = (file: string): Network =>
  networkSchema.parse(
    JSON.parse(readFileSync(new URL(`../../data/${file}`, import.meta.url), "utf8")),
  );

describe("the china-2024 land routing graph", () => {
  it("links only known junctions, each distance with a basis, and connects every junction", () => {
    const index = new Map(JUNCTIONS.map((j, i) => [j.id, i]));
    for (const link of LINKS) {
      expect(index.has(link.from) && index.has(link.to), `${link.from}-${link.to}`).toBe(true);
      expect(link.basis.length).toBeGreaterThan(10);
    }
    const edges = LINKS.map((l) => ({
      from: index.get(l.from) ?? 0,
      to: index.get(l.to) ?? 0,
      length: l.km,
    }));
    const tree = shortestPathTree(buildAdjacency(JUNCTIONS.length, edges), 0);
    expect(Array.from(tree.distance).filter((d) => d === Infinity)).toEqual([]);
  });

  it.each(datasets)("%s has no land lane between Shandong and Liaoning under 800 km", (file) => {
    const network = load(file);
    const province = (network: Network, lane: ReturnType<typeof deriveLanes>[number]) => [
      network.plants[lane.plant]?.province,
      (lane.destination.kind === "smelter" ? network.smelters : network.ports)[
        lane.destination.index
      ]?.province,
    ];
    const across = deriveLanes(network).filter((lane) => {
      const pair = province(network, lane).sort().join("|");
      return pair === "Liaoning|Shandong";
    });
    expect(across.length).toBeGreaterThan(0);
    expect(Math.min(...across.map((lane) => lane.distanceKm))).toBeGreaterThanOrEqual(800);
  });

  it.each(datasets)("%s keeps a lane from every plant to every destination by rail", (file) => {
    const network = load(file);
    const rail = network.modes.findIndex((m) => m.id === "rail");
    const railLanes = deriveLanes(network).filter((lane) => lane.mode === rail);
    expect(railLanes.length).toBe(
      network.plants.length * (network.smelters.length + network.ports.length),
    );
  });
});
