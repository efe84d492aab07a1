// Leg flows -> plant-to-destination routes: a deterministic flow decomposition, and the routes' economics.
import { flowToleranceT } from "../tolerances.ts";
import type { LegEnd, LegTerms } from "./build-hubs.ts";
import { legEndId } from "./build-hubs.ts";
import type { Network } from "./network.ts";

/** Tonnes from one plant to one smelter or port along a path of legs (hubs between). */
export interface RoutedFlow {
  plant: number;
  destination: { kind: "smelter" | "port"; index: number };
  legs: number[]; // indices into the model's legs, plant first
  tonnes: number;
}

/**
 * Decomposes leg flows into paths plant -> (hubs) -> destination, deterministically: plants in
 * order, and from each node the first leg (in leg order) with flow left, each path carrying its
 * bottleneck. Conservation at hubs (rows (9)-(10)) means every path reaches a smelter or port; a
 * cycle through hubs (possible only at zero cost) is cancelled, not reported. Paths with the
 * same legs merge. Residues within the flow tolerance are dropped.
 */
export function decomposeRoutes(legs: readonly LegTerms[], legT: ArrayLike<number>): RoutedFlow[] {
  const left = Float64Array.from(legT, (x) => (x > flowToleranceT ? x : 0));
  const leaving = new Map<string, number[]>();
  const key = (end: LegEnd) => `${end.kind}:${end.index}`;
  legs.forEach((leg, a) => {
    const list = leaving.get(key(leg.from)) ?? [];
    list.push(a);
    leaving.set(key(leg.from), list);
  });
  const next = (end: LegEnd) => leaving.get(key(end))?.find((a) => (left[a] as number) > 0);
  const plants = [...new Set(legs.filter((l) => l.from.kind === "plant").map((l) => l.from.index))];
  plants.sort((x, y) => x - y);
  const routes = new Map<string, RoutedFlow>();
  // Every pass zeroes at least one leg, so the passes are bounded by the legs (guard against noise).
  let passes = 0;
  for (const plant of plants) {
    const start: LegEnd = { kind: "plant", index: plant };
    while (next(start) !== undefined && passes++ <= 4 * legs.length + 4) {
      const path: number[] = [];
      const seenAt = new Map<number, number>(); // hub -> position in path after which it is left
      let at: LegEnd = start;
      let done = false;
      while (!done) {
        const a = next(at);
        if (a === undefined) {
          // A dead end: flow out of a hub below tolerance. Drop the last leg's residue.
          const last = path.pop();
          if (last !== undefined) left[last] = 0;
          break;
        }
        path.push(a);
        const to = (legs[a] as LegTerms).to;
        if (to.kind === "hub") {
          const first = seenAt.get(to.index);
          if (first !== undefined) {
            // A cycle: cancel its bottleneck and go on from the hub where it closed.
            const cycle = path.splice(first);
            const bottleneck = Math.min(...cycle.map((c) => left[c] as number));
            for (const c of cycle) left[c] = (left[c] as number) - bottleneck;
            for (const [hub, position] of seenAt) if (position > first) seenAt.delete(hub);
            at = to;
            continue;
          }
          seenAt.set(to.index, path.length);
          at = to;
        } else {
          const bottleneck = Math.min(...path.map((c) => left[c] as number));
          for (const c of path) {
            left[c] = (left[c] as number) - bottleneck;
            if ((left[c] as number) <= flowToleranceT) left[c] = 0;
          }
          const id = path.join(",");
          const found = routes.get(id);
          if (found) found.tonnes += bottleneck;
          else
            routes.set(id, {
              plant,
              destination: { kind: to.kind as "smelter" | "port", index: to.index },
              legs: [...path],
              tonnes: bottleneck,
            });
          done = true;
        }
      }
    }
  }
  return [...routes.values()].filter((r) => r.tonnes > flowToleranceT);
}

/**
 * A route's label as a flow's mode: each leg's mode, with the hub it reaches between legs
 * (`coastal@fangchenggang+rail`). A single leg straight from a plant to a destination reads
 * `<mode> leg`: a space is in no id, so it never reads as the lane by the same mode.
 */
export function routeModeLabel(network: Network, legs: readonly LegTerms[], route: RoutedFlow) {
  if (route.legs.length === 1)
    return `${network.modes[(legs[route.legs[0] as number] as LegTerms).mode]?.id ?? ""} leg`;
  return route.legs
    .map((a, i) => {
      const leg = legs[a] as LegTerms;
      const mode = network.modes[leg.mode]?.id ?? "";
      return i < route.legs.length - 1 ? `${mode}@${legEndId(network, leg.to)}` : mode;
    })
    .join("+");
}

/** Per tonne along a route: km, freight, surcharges, CO2 and hub handling. */
export function routeTerms(network: Network, legs: readonly LegTerms[], route: RoutedFlow) {
  let km = 0;
  let freightPerT = 0;
  let surchargePerT = 0;
  let co2KgPerT = 0;
  let hubHandlingPerT = 0;
  for (const a of route.legs) {
    const leg = legs[a] as LegTerms;
    km += leg.km;
    freightPerT += leg.freightPerT;
    surchargePerT += leg.surchargePerT;
    co2KgPerT += leg.co2KgPerT;
    if (leg.to.kind === "hub")
      hubHandlingPerT += network.hubs?.[leg.to.index]?.handlingCostPerT ?? 0;
  }
  return { km, freightPerT, surchargePerT, co2KgPerT, hubHandlingPerT };
}

/** The route leg by leg, as the plan reports it. */
export function routeLegs(network: Network, legs: readonly LegTerms[], route: RoutedFlow) {
  return route.legs.map((a) => {
    const leg = legs[a] as LegTerms;
    return {
      from: legEndId(network, leg.from),
      to: legEndId(network, leg.to),
      mode: network.modes[leg.mode]?.id ?? "",
      km: leg.km,
      costPerT: leg.freightPerT,
    };
  });
}
