// Seeded random network programs (transportation and transshipment) for tests across backends.
import { type LinearProgram, LpBuilder, type LpSense } from "../../models/lp.ts";
import { randomInt } from "./random.ts";

export interface RandomNetworkOptions {
  plants: number;
  /** Transshipment nodes; 0 gives a transportation program. */
  hubs: number;
  smelters: number;
  /** Probability that each possible arc exists. */
  density: number;
  /** Whether each smelter may buy its shortfall at a penalty, which keeps most programs feasible. */
  shortfall: boolean;
  sense: LpSense;
}

const shortfallPenaltyPerT = 1000;

/**
 * A min-cost (or, for "max", max-margin) flow program in the shape of the allocation model: plant
 * rows bound output (-out in [-capacity, -minOutput]), hub rows balance (in - out = 0), smelter
 * rows bound receipts (in + shortfall in [demand, maxIntake]); arcs have costs, some capacities
 * and some positive lower bounds. Every column has at most one +1 and one -1, so
 * `isNetworkProgram` holds. Options left out are drawn from `rng`.
 */
export function randomNetworkProgram(
  rng: () => number,
  options: Partial<RandomNetworkOptions> = {},
): LinearProgram {
  const plants = options.plants ?? randomInt(rng, 2, 8);
  const hubs = options.hubs ?? randomInt(rng, 0, 3);
  const smelters = options.smelters ?? randomInt(rng, 2, 12);
  const density = options.density ?? 0.3 + 0.6 * rng();
  const shortfall = options.shortfall ?? rng() < 0.8;
  const sense = options.sense ?? (rng() < 0.7 ? "min" : "max");

  const lp = new LpBuilder(`random-${sense}-${plants}x${hubs}x${smelters}`, sense);
  const rowTerms = new Map<string, { column: number; coef: number }[]>();
  const node = (name: string) => {
    rowTerms.set(name, []);
    return name;
  };
  const plantNodes = Array.from({ length: plants }, (_, p) => node(`plant:${p}`));
  const hubNodes = Array.from({ length: hubs }, (_, h) => node(`hub:${h}`));
  const smelterNodes = Array.from({ length: smelters }, (_, s) => node(`smelter:${s}`));
  const pricePerT = new Map(smelterNodes.map((s) => [s, randomInt(rng, 150, 300)]));

  const addArc = (from: string, to: string) => {
    const costPerT = randomInt(rng, 1, 100);
    const capacityT = rng() < 0.5 ? randomInt(rng, 10, 150) : Infinity;
    const lowerT = rng() < 0.15 ? Math.min(randomInt(rng, 1, 5), capacityT) : 0;
    const marginPerT = (pricePerT.get(to) ?? 0) - costPerT;
    const column = lp.addColumn({
      name: `flow:${from}>${to}`,
      lower: lowerT,
      upper: capacityT,
      cost: sense === "min" ? costPerT : marginPerT,
    });
    rowTerms.get(from)?.push({ column, coef: -1 });
    rowTerms.get(to)?.push({ column, coef: 1 });
  };
  for (const plant of plantNodes) {
    // One direct arc at least, so that a plant with a minimum output always has an outlet.
    const always = smelterNodes[randomInt(rng, 0, smelters - 1)];
    for (const smelter of smelterNodes)
      if (smelter === always || rng() < density) addArc(plant, smelter);
    for (const hub of hubNodes) if (rng() < density) addArc(plant, hub);
  }
  hubNodes.forEach((hub, h) => {
    for (const later of hubNodes.slice(h + 1)) if (rng() < density / 2) addArc(hub, later);
    for (const smelter of smelterNodes) if (rng() < density) addArc(hub, smelter);
  });
  if (shortfall) {
    for (const smelter of smelterNodes) {
      const column = lp.addColumn({
        name: `shortfall:${smelter}`,
        lower: 0,
        upper: Infinity,
        cost: sense === "min" ? shortfallPenaltyPerT : -shortfallPenaltyPerT,
      });
      rowTerms.get(smelter)?.push({ column, coef: 1 });
    }
  }

  for (const plant of plantNodes) {
    const capacityT = randomInt(rng, 50, 200);
    const minOutputT = rng() < 0.3 ? randomInt(rng, 1, 20) : 0;
    const terms = rowTerms.get(plant) ?? [];
    lp.addRow({
      name: plant,
      terms,
      lower: -capacityT,
      upper: minOutputT > 0 ? -minOutputT : Infinity,
    });
  }
  for (const hub of hubNodes)
    lp.addRow({ name: hub, terms: rowTerms.get(hub) ?? [], lower: 0, upper: 0 });
  for (const smelter of smelterNodes) {
    const demandT = randomInt(rng, 20, 100);
    const maxIntakeT = rng() < 0.5 ? demandT : Math.round(demandT * 1.5);
    lp.addRow({
      name: smelter,
      terms: rowTerms.get(smelter) ?? [],
      lower: demandT,
      upper: maxIntakeT,
    });
  }
  return lp.build();
}
