// Hubs, legs and corridors of the allocation program: leg and throughput columns, hub rows (9)-(10), corridor rows (11).
// The numbering follows formulation.md, "Multimodal routes: hubs, legs and corridors".
import type { LpBuilder, LpTerm } from "../lp.ts";
import { greatCircleKm } from "./geo.ts";
import type { LaneDestination, LaneTable } from "./lane-table.ts";
import type { Mode, Network } from "./network.ts";
import type { Hub, Leg } from "./network-hubs.ts";
import { legKey } from "./network-hubs.ts";
import { laneSurchargePerT } from "./network-surcharges.ts";
import { LandRouter, type RoutedNode } from "./routing.ts";

/** Where a leg starts or ends: a plant, a hub, a smelter or a port, by index into its list. */
export interface LegEnd {
  kind: "plant" | "hub" | "smelter" | "port";
  index: number;
}

/** One leg with its derived economics (the counterpart of LaneTerms). */
export interface LegTerms {
  from: LegEnd; // a plant or a hub
  to: LegEnd; // a hub, a smelter or a port
  mode: number; // index into network.modes
  km: number;
  freightPerT: number; // CNY/t, port handling excluded
  surchargePerT: number; // CNY/t: surcharges on a leg into a smelter or port, by its origin's province
  co2KgPerT: number;
  capacityT: number; // Infinity when the leg has no capacity
  corridor: number; // index into network.corridors, -1 for none
  corridors: number[]; // every corridor the leg counts in: the one it names and those whose links its land path crosses
}

/** A node of the network by id: the list it is in, its index, and what legs need of it. */
function nodeIndex(network: Network) {
  const nodes = new Map<string, LegEnd & { lat: number; lon: number; province: string }>();
  const add = (
    kind: LegEnd["kind"],
    list: readonly Omit<Hub, "kind" | "handlingCostPerT" | "name">[],
  ) =>
    list.forEach((node, index) => {
      nodes.set(node.id, { kind, index, lat: node.lat, lon: node.lon, province: node.province });
    });
  add("plant", network.plants);
  add("hub", network.hubs ?? []);
  add("smelter", network.smelters);
  add("port", network.ports);
  return nodes;
}

/** Every leg of the network: km given, else great-circle km x the mode's circuity; freight costPerT, else the mode's rule. */
export function deriveLegs(network: Network): LegTerms[] {
  const nodes = nodeIndex(network);
  const crossed = corridorCrossings(network);
  const modeIndex = new Map(network.modes.map((m, i) => [m.id, i]));
  const corridorIndex = new Map((network.corridors ?? []).map((c, i) => [c.id, i]));
  return (network.legs ?? []).map((leg) => {
    // The schema has already checked that every reference resolves.
    const from = nodes.get(leg.from);
    const to = nodes.get(leg.to);
    const mode = modeIndex.get(leg.mode);
    if (!from || !to || mode === undefined) throw new Error(`leg ${legKey(leg)} is unresolved`);
    const m = network.modes[mode] as Mode;
    const km = leg.km ?? greatCircleKm(from, to) * m.circuity;
    const intoDestination = to.kind === "smelter" || to.kind === "port";
    const corridor = leg.corridor === undefined ? -1 : (corridorIndex.get(leg.corridor) ?? -1);
    return {
      from: { kind: from.kind, index: from.index },
      to: { kind: to.kind, index: to.index },
      mode,
      km,
      freightPerT: leg.costPerT ?? m.fixedCostPerT + m.costPerTKm * km,
      surchargePerT: intoDestination
        ? laneSurchargePerT(network.surcharges, from.province, to.province)
        : 0,
      co2KgPerT: m.co2KgPerTKm * km,
      capacityT: leg.capacityT ?? Infinity,
      corridor,
      corridors: withNamed(
        corridor,
        crossed({ ...from, id: leg.from }, { ...to, id: leg.to }, m.id),
      ),
    };
  });
}

/** Id of a leg's end. */
export function legEndId(network: Network, end: LegEnd): string {
  const list =
    end.kind === "plant"
      ? network.plants
      : end.kind === "hub"
        ? (network.hubs ?? [])
        : end.kind === "smelter"
          ? network.smelters
          : network.ports;
  return list[end.index]?.id ?? "";
}

/** `<from>><to>:<mode>`, as the leg is keyed in the network. */
export const legName = (network: Network, leg: LegTerms) =>
  `${legEndId(network, leg.from)}>${legEndId(network, leg.to)}:${(network.modes[leg.mode] as Mode).id}`;

/** Cost per tonne of a leg in the objective: freight, surcharges, carbon and (into a port) handling, CNY/t. */
export function legObjectiveCostPerT(network: Network, leg: LegTerms): number {
  const handling =
    leg.to.kind === "port" ? (network.ports[leg.to.index]?.handlingCostPerT ?? 0) : 0;
  return (
    leg.freightPerT +
    leg.surchargePerT +
    (network.options.carbonPricePerT * leg.co2KgPerT) / 1000 +
    handling
  );
}

/** Where the multimodal quantities live in the program (all empty without hubs, legs and corridors). */
export interface RouteIndex {
  legs: LegTerms[];
  legColumn: Int32Array; // per leg
  hubColumn: Int32Array; // per hub: its throughput column
  hubInRow: Int32Array; // per hub, row (9)
  hubOutRow: Int32Array; // per hub, row (10)
  corridorRow: Int32Array; // per corridor, row (11)
}

export function emptyRouteIndex(network: Network): RouteIndex {
  const legs = deriveLegs(network);
  const hubs = network.hubs?.length ?? 0;
  return {
    legs,
    legColumn: new Int32Array(legs.length),
    hubColumn: new Int32Array(hubs),
    hubInRow: new Int32Array(hubs).fill(-1),
    hubOutRow: new Int32Array(hubs).fill(-1),
    corridorRow: new Int32Array(network.corridors?.length ?? 0).fill(-1),
  };
}

/** Variables: leg_a (0 <= leg_a <= u_a, cost k_a) and throughput_h (0 <= t_h <= cap_h, cost h_h). */
export function addRouteColumns(lp: LpBuilder, network: Network, index: RouteIndex, sign: number) {
  index.legs.forEach((leg, a) => {
    index.legColumn[a] = lp.addStoredColumn({
      name: `leg:${legName(network, leg)}`,
      lower: 0,
      upper: leg.capacityT,
      cost: sign * legObjectiveCostPerT(network, leg),
    });
  });
  (network.hubs ?? []).forEach((hub, h) => {
    index.hubColumn[h] = lp.addStoredColumn({
      name: `hub:${hub.id}`,
      lower: 0,
      upper: hub.capacityT ?? Infinity,
      cost: sign * hub.handlingCostPerT,
    });
  });
}

/** The leg terms of the plant (1), smelter (2) and port (3) rows: -1 out of a plant, +1 into a smelter or port. */
export function legTermsOfNodes(network: Network, index: RouteIndex) {
  const terms = {
    plant: network.plants.map((): LpTerm[] => []),
    smelter: network.smelters.map((): LpTerm[] => []),
    port: network.ports.map((): LpTerm[] => []),
  };
  index.legs.forEach((leg, a) => {
    const column = index.legColumn[a] as number;
    if (leg.from.kind === "plant") terms.plant[leg.from.index]?.push({ column, coef: -1 });
    if (leg.to.kind === "smelter") terms.smelter[leg.to.index]?.push({ column, coef: 1 });
    if (leg.to.kind === "port") terms.port[leg.to.index]?.push({ column, coef: 1 });
  });
  return terms;
}

/**
 * (9) hub inflow `hub:<h>:in`: Σ legs into h − t_h = 0, and (10) hub outflow `hub:<h>:out`:
 * t_h − Σ legs out of h = 0. Two nodes joined by the throughput arc, so the program stays a network.
 */
export function addHubRows(lp: LpBuilder, network: Network, index: RouteIndex) {
  const into = (network.hubs ?? []).map((): LpTerm[] => []);
  const out = (network.hubs ?? []).map((): LpTerm[] => []);
  index.legs.forEach((leg, a) => {
    const column = index.legColumn[a] as number;
    if (leg.to.kind === "hub") into[leg.to.index]?.push({ column, coef: 1 });
    if (leg.from.kind === "hub") out[leg.from.index]?.push({ column, coef: -1 });
  });
  (network.hubs ?? []).forEach((hub, h) => {
    const throughput = index.hubColumn[h] as number;
    index.hubInRow[h] = lp.addRow({
      name: `hub:${hub.id}:in`,
      terms: [...(into[h] ?? []), { column: throughput, coef: -1 }],
      lower: 0,
      upper: 0,
    });
    index.hubOutRow[h] = lp.addRow({
      name: `hub:${hub.id}:out`,
      terms: [{ column: throughput, coef: 1 }, ...(out[h] ?? [])],
      lower: 0,
      upper: 0,
    });
  });
}

/**
 * (11) corridor `corridor:<c>`: Σ legs and lanes naming c ≤ U_c. A side constraint: each of its
 * arcs then has two +1 coefficients, so the program is a general LP and `auto` solves it with HiGHS.
 * `laneColumns[l]` is lane l's column, `laneCorridor[l]` the corridors it counts in. A lane or leg
 * counts in the corridor it names and in every corridor one of whose links its land path crosses.
 */
export function addCorridorRows(
  lp: LpBuilder,
  network: Network,
  index: RouteIndex,
  laneColumns: Int32Array,
  laneCorridor: readonly (readonly number[])[],
) {
  const corridors = network.corridors ?? [];
  // Without corridors there is nothing to add: no walk over every lane's (empty) list.
  if (corridors.length === 0) return;
  const terms = corridors.map((): LpTerm[] => []);
  laneCorridor.forEach((list, l) => {
    for (const c of list) terms[c]?.push({ column: laneColumns[l] as number, coef: 1 });
  });
  index.legs.forEach((leg, a) => {
    for (const c of leg.corridors)
      terms[c]?.push({ column: index.legColumn[a] as number, coef: 1 });
  });
  corridors.forEach((corridor, c) => {
    index.corridorRow[c] = lp.addRow({
      name: `corridor:${corridor.id}`,
      terms: terms[c] ?? [],
      lower: -Infinity,
      upper: corridor.capacityT,
    });
  });
}

/** The corridor a lane or leg names (-1: none) first, then the ones its path crosses, once each. */
const withNamed = (named: number, crossed: number[]) =>
  named < 0 ? crossed : [named, ...crossed.filter((c) => c !== named)];

/**
 * A function giving, for a haul from one node to another by a mode, the corridors (indices, in
 * network order) one of whose `links` its land path crosses in the corridor's direction. Only
 * modes routed over the land graph have a path; a corridor with `modes` counts those modes only.
 */
export function corridorCrossings(
  network: Network,
): (from: RoutedNode, to: RoutedNode, mode: string) => number[] {
  const covering = (network.corridors ?? []).flatMap((corridor, c) =>
    corridor.links?.length
      ? [
          {
            c,
            steps: new Set(corridor.links.map((link) => `${link.from}>${link.to}`)),
            modes: corridor.modes ? new Set(corridor.modes) : null,
          },
        ]
      : [],
  );
  if (covering.length === 0 || !network.landRoutes) return () => [];
  const router = new LandRouter(network.landRoutes);
  return (from, to, mode) => {
    const relevant = covering.filter((k) => !k.modes || k.modes.has(mode));
    if (relevant.length === 0 || !router.routes(mode)) return [];
    const path = router.pathJunctions(from, to, mode);
    const steps = new Set(path.slice(1).map((j, i) => `${path[i]}>${j}`));
    return relevant.filter((k) => [...k.steps].some((step) => steps.has(step))).map((k) => k.c);
  };
}

/** Per lane, the corridors it counts in: the one it names (explicit lanes), then those its land path crosses. */
export function laneCorridors(network: Network, lanes: LaneTable): number[][] {
  // Without corridors every lane counts in none: one shared empty list, not one per lane.
  if (!network.corridors?.length) {
    const none: number[] = [];
    return new Array<number[]>(lanes.length).fill(none);
  }
  const corridorIndex = new Map((network.corridors ?? []).map((c, i) => [c.id, i]));
  const crossed = corridorCrossings(network);
  // Explicit lanes derive one to one, in order (deriveLanes), so lane l is network.lanes[l].
  return Array.from({ length: lanes.length }, (_, l) => {
    const name = network.lanes?.[l]?.corridor;
    const named = name === undefined ? -1 : (corridorIndex.get(name) ?? -1);
    const from = network.plants[lanes.plant[l] as number] as RoutedNode;
    const destination = lanes.destinations[lanes.destination[l] as number] as LaneDestination;
    const to = (destination.kind === "smelter" ? network.smelters : network.ports)[
      destination.index
    ] as RoutedNode;
    return withNamed(named, crossed(from, to, (network.modes[lanes.mode[l] as number] as Mode).id));
  });
}

export type { Leg };
