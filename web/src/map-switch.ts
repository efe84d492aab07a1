// A comparison's mode switches: between the same two sites, tonnes lost by one mode and gained by
// another are one change (moved from rail to road), drawn once rather than as two arcs on one curve.
import { arcPath } from "./geo.ts";
import type { Arc } from "./map-model.ts";

/** Changes below a tonne are rounding, not a change: the map leaves them out. */
const minTonnes = 1;

/**
 * Pairs each gained arc with a lost arc of another mode between the same sites, largest first:
 * the tonnes moved become one switch arc (tonnes > 0, mode the gaining one, `switched.fromMode` the
 * losing one); what is left of either stays a gained or lost arc. Tonnes are conserved: for each
 * pair of sites, the sum of gained minus lost is unchanged. Input order (largest first) is kept.
 */
export function pairModeSwitches(arcs: readonly Arc[]): Arc[] {
  const byPair = new Map<string, Arc[]>();
  for (const arc of arcs) {
    const pair = `${arc.from.key}>${arc.to.key}`;
    byPair.set(pair, [...(byPair.get(pair) ?? []), { ...arc }]);
  }
  const out: Arc[] = [];
  for (const group of byPair.values()) {
    const gained = group.filter((a) => a.tonnes > 0).sort((a, b) => b.tonnes - a.tonnes);
    const lost = group.filter((a) => a.tonnes < 0).sort((a, b) => a.tonnes - b.tonnes);
    for (const gain of gained) {
      for (const loss of lost) {
        if (gain.tonnes < minTonnes) break;
        if (-loss.tonnes < minTonnes || loss.mode === gain.mode) continue;
        const moved = Math.min(gain.tonnes, -loss.tonnes);
        gain.tonnes -= moved;
        loss.tonnes += moved;
        out.push({
          key: `switch:${gain.from.key}>${gain.to.key}:${loss.mode}>${gain.mode}`,
          mode: gain.mode,
          from: gain.from,
          to: gain.to,
          tonnes: moved,
          d: arcPath(gain.from.at, gain.to.at),
          loop: gain.loop,
          flowKeys: [...loss.flowKeys, ...gain.flowKeys],
          via: [],
          legs: [],
          switched: { fromMode: loss.mode, toMode: gain.mode },
        });
      }
    }
    out.push(...group.filter((a) => Math.abs(a.tonnes) >= minTonnes));
  }
  return out.sort((a, b) => Math.abs(b.tonnes) - Math.abs(a.tonnes));
}

/**
 * Arcs between the same two sites (several modes, or a switch beside what is left of a change) bow
 * apart, each a little more than the one before, so none hides another on one curve. Loops and
 * routes through hubs keep their shapes.
 */
export function spreadParallel(arcs: readonly Arc[]): Arc[] {
  const seen = new Map<string, number>();
  return arcs.map((arc) => {
    if (arc.loop || arc.legs.length > 0) return arc;
    const pair = `${arc.from.key}>${arc.to.key}`;
    const index = seen.get(pair) ?? 0;
    seen.set(pair, index + 1);
    return index === 0 ? arc : { ...arc, d: arcPath(arc.from.at, arc.to.at, 0.18 + 0.12 * index) };
  });
}
