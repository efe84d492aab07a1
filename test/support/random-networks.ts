// Seeded random allocation networks (format v1) with integer data, so that ties and degenerate optima are common.
import { type Network, parseNetwork } from "../../models/allocation/network.ts";
import { randomInt } from "./random.ts";

/**
 * A small network with explicit lanes priced per tonne (about two thirds of all plant-destination
 * pairs, one mode), integer capacities, demands and costs, sometimes minimum outputs, ports with
 * minimum and maximum exports, and either objective. Shortfall stays allowed, and plants with a
 * minimum output reach every smelter by uncapacitated lanes and together need less than all
 * demand, so it is feasible.
 */
export function randomNetwork(rng: () => number, objective: "minCost" | "maxMargin"): Network {
  const smelters = Array.from({ length: randomInt(rng, 2, 5) }, (_, i) => ({
    id: `s${i}`,
    name: `Smelter ${i}`,
    province: `P${randomInt(rng, 0, 2)}`,
    lat: 31,
    lon: 111,
    demandT: 10 * randomInt(rng, 1, 8),
  }));
  let absorbableT = smelters.reduce((sum, s) => sum + s.demandT, 0);
  const plants = Array.from({ length: randomInt(rng, 2, 5) }, (_, i) => {
    const capacityT = 10 * randomInt(rng, 2, 12);
    const wanted = rng() < 0.3 ? 10 * randomInt(rng, 1, capacityT / 20) : 0;
    const minOutputT = wanted <= absorbableT ? wanted : 0;
    absorbableT -= minOutputT;
    return {
      id: `p${i}`,
      name: `Plant ${i}`,
      province: `P${randomInt(rng, 0, 2)}`,
      lat: 30,
      lon: 110,
      capacityT,
      minOutputT,
      productionCostPerT: randomInt(rng, 10, 20),
    };
  });
  const ports = Array.from({ length: randomInt(rng, 0, 2) }, (_, i) => {
    const minExportT = 10 * randomInt(rng, 0, 4);
    return {
      id: `k${i}`,
      name: `Port ${i}`,
      province: `P${randomInt(rng, 0, 2)}`,
      lat: 32,
      lon: 112,
      minExportT,
      maxExportT: minExportT + 10 * randomInt(rng, 0, 4),
      fobPricePerT: randomInt(rng, 30, 60),
      handlingCostPerT: randomInt(rng, 0, 3),
    };
  });
  const lanes = plants.flatMap((p) =>
    [...smelters, ...ports]
      .filter((d) => rng() < 0.67 || (p.minOutputT > 0 && d.id.startsWith("s")))
      .map((d) => ({
        from: p.id,
        to: d.id,
        mode: "rail",
        costPerT: randomInt(rng, 1, 12),
        ...(rng() < 0.2 && p.minOutputT === 0 ? { capacityT: 10 * randomInt(rng, 1, 4) } : {}),
      })),
  );
  const parsed = parseNetwork({
    name: "random",
    modes: [{ id: "rail", fixedCostPerT: 0, costPerTKm: 0, co2KgPerTKm: 0.01 }],
    plants,
    smelters,
    ports,
    lanes,
    options: { objective, shortfallPenaltyPerT: 100, allowShortfall: true },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.network;
}
