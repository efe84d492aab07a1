// Seeded transportation networks for the benchmark: plants x smelters, one mode, all data integral.
import type { Network } from "../models/allocation/network.ts";
import { mulberry32, randomInt } from "../test/support/random.ts";

export interface TransportationSize {
  /** Label in the results table, e.g. "1M". */
  label: string;
  plants: number;
  smelters: number;
}

/** The instances: provinces, plants, then two synthetic squares. Arcs = plants x smelters. */
export const transportationSizes: readonly TransportationSize[] = [
  { label: "1k", plants: 31, smelters: 37 },
  { label: "20k", plants: 150, smelters: 130 },
  { label: "250k", plants: 500, smelters: 500 },
  { label: "1M", plants: 1000, smelters: 1000 },
];

/**
 * Sizes only the core is measured at, against the C++ reference (bench/lemon.ts): no backend or
 * HTTP run, whose programs would take gigabytes at this size.
 */
export const coreOnlySizes: readonly TransportationSize[] = [
  { label: "4M", plants: 2000, smelters: 2000 },
];

export const arcCount = (size: TransportationSize) => size.plants * size.smelters;

/**
 * A complete plant -> smelter network with explicit lanes (integral freight and distance), plant
 * capacities about 1.25x total demand and integral production costs, so the program is feasible,
 * bounded and integral. Built as the parsed `Network` type directly: zod on a million lanes would
 * dominate the timings it is not part of. The same seed and size give the same network. Without
 * `explicitLanes` the lanes are left implied (priced by great-circle distance, so not integral),
 * which keeps a request body small whatever the size.
 */
export function transportationNetwork(
  size: TransportationSize,
  { seed = 1, explicitLanes = true }: { seed?: number; explicitLanes?: boolean } = {},
): Network {
  const rng = mulberry32(seed ^ (size.plants * 65_537 + size.smelters));
  const demandT = Array.from({ length: size.smelters }, () => randomInt(rng, 1_000, 50_000));
  const totalDemandT = demandT.reduce((sum, t) => sum + t, 0);
  // Mean capacity so that all plants together hold 1.25x the demand, drawn within +-50 %.
  const meanCapacityT = (1.25 * totalDemandT) / size.plants;
  const plants = Array.from({ length: size.plants }, (_, p) => ({
    id: `p${p}`,
    name: `Plant ${p}`,
    province: `province-${p % 31}`,
    lat: randomInt(rng, 20, 45),
    lon: randomInt(rng, 85, 125),
    capacityT: randomInt(rng, Math.ceil(0.5 * meanCapacityT), Math.floor(1.5 * meanCapacityT)),
    minOutputT: 0,
    productionCostPerT: randomInt(rng, 3_000, 4_500),
    highEfficiency: rng() < 0.3,
  }));
  const smelters = demandT.map((t, s) => ({
    id: `s${s}`,
    name: `Smelter ${s}`,
    province: `province-${s % 31}`,
    lat: randomInt(rng, 20, 45),
    lon: randomInt(rng, 85, 125),
    demandT: t,
  }));
  const lanes: NonNullable<Network["lanes"]> = [];
  for (const plant of explicitLanes ? plants : []) {
    for (const smelter of smelters) {
      const distanceKm = randomInt(rng, 50, 3_000);
      lanes.push({
        from: plant.id,
        to: smelter.id,
        mode: "rail",
        distanceKm,
        costPerT: 20 + Math.round(distanceKm * 0.15),
      });
    }
  }
  return {
    version: 1,
    name: `transportation ${size.plants}x${size.smelters} seed ${seed}`,
    anodePerTonneAluminium: 0.45,
    modes: [{ id: "rail", fixedCostPerT: 20, costPerTKm: 0.15, co2KgPerTKm: 0, circuity: 1.3 }],
    plants,
    smelters,
    ports: [],
    ...(explicitLanes ? { lanes } : {}),
    options: {
      objective: "minCost",
      shortfallPenaltyPerT: 20_000,
      allowShortfall: true,
      carbonPricePerT: 0,
    },
  };
}
