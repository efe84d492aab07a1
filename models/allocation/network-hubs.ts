// Multimodal routes of the network format: hubs (rail hubs, ports, river ports), legs between plants, hubs and destinations, corridors shared by legs and lanes; and their checks.
import { z } from "zod";
import { plainText } from "../text.ts";
import {
  cnyPerT,
  duplicateIds,
  type IssueSink,
  idSchema,
  latitude,
  longitude,
  tonnes,
} from "./network-primitives.ts";

export const hubKinds = ["railHub", "port", "riverPort"] as const;

export const hubSchema = z
  .object({
    id: idSchema.describe("Hub id, unique among hubs, plants, smelters and ports"),
    name: plainText(1, 200),
    province: plainText(1, 100),
    lat: latitude,
    lon: longitude,
    kind: z
      .enum(hubKinds)
      .describe("railHub, port (a transshipment port, not an export port) or riverPort"),
    handlingCostPerT: cnyPerT.describe(
      "Transshipment cost per tonne passing through the hub (unloading, storage, loading), CNY ex-VAT",
    ),
    capacityT: tonnes
      .optional()
      .describe("Most tonnes per year the hub can pass through (absent: unlimited)"),
  })
  .strict()
  .describe("A transshipment node: tonnes arrive by one leg and leave by another");

export const legSchema = z
  .object({
    from: idSchema.describe("Plant or hub id"),
    to: idSchema.describe("Hub, smelter or port id"),
    mode: idSchema.describe("Mode id"),
    km: z
      .number()
      .nonnegative()
      .max(20_000)
      .optional()
      .describe("Network distance, km (absent: great-circle km x the mode's circuity)"),
    costPerT: cnyPerT
      .optional()
      .describe("The whole leg's freight, CNY per tonne ex-VAT (absent: the mode's rule on km)"),
    capacityT: tonnes.optional().describe("Most tonnes per year on this leg (absent: unlimited)"),
    corridor: idSchema.optional().describe("Corridor id whose capacity this leg shares"),
    lotT: z
      .number()
      .positive()
      .max(1e6)
      .optional()
      .describe(
        "Shipments in whole multiples of this many tonnes (trainloads, parcels): not supported yet, a network that sets it is refused (422 not_supported_yet)",
      ),
  })
  .strict()
  .describe("One leg of a multimodal route: plant or hub to hub, smelter or port by one mode");

export const corridorSchema = z
  .object({
    id: idSchema.describe("Corridor id, unique among corridors"),
    name: plainText(1, 200),
    capacityT: tonnes.describe(
      "Most tonnes per year over every leg and lane that names this corridor or crosses one of its links, together",
    ),
    links: z
      .array(
        z
          .object({
            from: idSchema.describe("landRoutes junction id where the corridor's direction starts"),
            to: idSchema.describe("landRoutes junction id where it ends"),
          })
          .strict(),
      )
      .min(1)
      .max(1_000)
      .optional()
      .describe(
        "Land-route links the corridor covers, in its direction of travel: every lane or leg whose land path steps from `from` to `to` counts in the corridor (absent: only the legs and lanes that name it)",
      ),
    modes: z
      .array(idSchema)
      .min(1)
      .max(100)
      .optional()
      .describe(
        "Mode ids whose traffic over `links` counts (absent: every mode routed over them); legs and lanes that name the corridor count whatever their mode",
      ),
  })
  .strict()
  .describe(
    "A shared capacity (a rail line, a river section) over the legs and lanes that name it",
  );

export type Hub = z.output<typeof hubSchema>;
export type Leg = z.output<typeof legSchema>;
export type Corridor = z.output<typeof corridorSchema>;

/** The parts of a network the hub checks read. */
export interface HubsOfNetwork {
  modes: readonly { id: string }[];
  landRoutes?: { junctions: readonly { id: string }[] } | undefined;
  plants: readonly { id: string }[];
  smelters: readonly { id: string }[];
  ports: readonly { id: string }[];
  lanes?: readonly { corridor?: string | undefined }[] | undefined;
  hubs?: readonly Hub[] | undefined;
  legs?: readonly Leg[] | undefined;
  corridors?: readonly Corridor[] | undefined;
  contracts?: readonly { plants: readonly string[]; to: string }[] | undefined;
}

export const legKey = (leg: Pick<Leg, "from" | "to" | "mode">) =>
  `${leg.from}>${leg.to}:${leg.mode}`;

/**
 * Hub ids unique and distinct from every plant, smelter and port id (`nodes`: the ids already
 * seen, with where); legs from a plant or hub to a hub, smelter or port by a known mode, once
 * each; corridors named by legs and lanes exist.
 */
export function checkHubs(network: HubsOfNetwork, ctx: IssueSink, nodes: Map<string, string>) {
  duplicateIds(ctx, network.hubs ?? [], "hubs", nodes);
  duplicateIds(ctx, network.corridors ?? [], "corridors", new Map());
  const ids = (list: readonly { id: string }[]) => new Set(list.map((n) => n.id));
  const plants = ids(network.plants);
  const hubs = ids(network.hubs ?? []);
  const ends = ids([...network.smelters, ...network.ports]);
  const modes = ids(network.modes);
  const corridors = ids(network.corridors ?? []);
  const seen = new Map<string, number>();
  const issue = (path: PropertyKey[], message: string) =>
    ctx.addIssue({ code: "custom", path, message });
  network.legs?.forEach((leg, i) => {
    if (ends.has(leg.from))
      issue(["legs", i, "from"], `"${leg.from}" is a smelter or port: a leg cannot leave it`);
    else if (!plants.has(leg.from) && !hubs.has(leg.from))
      issue(["legs", i, "from"], `"${leg.from}" is not a plant or hub id`);
    if (plants.has(leg.to))
      issue(["legs", i, "to"], `"${leg.to}" is a plant: a leg cannot enter it`);
    else if (!hubs.has(leg.to) && !ends.has(leg.to))
      issue(["legs", i, "to"], `"${leg.to}" is not a hub, smelter or port id`);
    if (leg.from === leg.to) issue(["legs", i, "to"], "a leg must join two different nodes");
    if (!modes.has(leg.mode)) issue(["legs", i, "mode"], `"${leg.mode}" is not a mode id`);
    if (leg.corridor !== undefined && !corridors.has(leg.corridor))
      issue(["legs", i, "corridor"], `"${leg.corridor}" is not a corridor id`);
    const key = legKey(leg);
    const first = seen.get(key);
    if (first !== undefined) issue(["legs", i], `duplicate leg ${key} (first at /legs/${first})`);
    else seen.set(key, i);
  });
  const junctions = new Set(network.landRoutes?.junctions.map((j) => j.id) ?? []);
  network.corridors?.forEach((corridor, i) => {
    corridor.links?.forEach((link, k) => {
      for (const end of ["from", "to"] as const)
        if (!junctions.has(link[end]))
          issue(
            ["corridors", i, "links", k, end],
            `"${link[end]}" is not a landRoutes junction id`,
          );
    });
    corridor.modes?.forEach((mode, k) => {
      if (!modes.has(mode)) issue(["corridors", i, "modes", k], `"${mode}" is not a mode id`);
    });
  });
  network.lanes?.forEach((lane, i) => {
    if (lane.corridor !== undefined && !corridors.has(lane.corridor))
      issue(["lanes", i, "corridor"], `"${lane.corridor}" is not a corridor id`);
  });
  checkContractsOffLegs(network, issue);
}

/**
 * A contract counts direct lanes only (formulation.md, (13)): a hub cannot tell which plant its
 * outbound tonne came from. A contract one of whose plants reaches its destination by legs would
 * be counted wrongly, so it is refused at its own pointer.
 */
function checkContractsOffLegs(
  network: HubsOfNetwork,
  issue: (path: PropertyKey[], message: string) => void,
) {
  if (!network.contracts?.length || !network.legs?.length) return;
  const out = new Map<string, string[]>();
  for (const leg of network.legs) out.set(leg.from, [...(out.get(leg.from) ?? []), leg.to]);
  const reached = (from: string) => {
    const seen = new Set<string>();
    const stack = [...(out.get(from) ?? [])];
    while (stack.length > 0) {
      const node = stack.pop() as string;
      if (seen.has(node)) continue;
      seen.add(node);
      stack.push(...(out.get(node) ?? []));
    }
    return seen;
  };
  network.contracts.forEach((contract, i) => {
    const plant = contract.plants.find((p) => reached(p).has(contract.to));
    if (plant !== undefined)
      issue(
        ["contracts", i],
        `plant "${plant}" reaches "${contract.to}" by legs, which a contract cannot count (it counts direct lanes only): leave such legs out or the plant out of the contract`,
      );
  });
}

/** Fields the format accepts but the solver does not handle yet, with their JSON pointers. */
export function unsupportedFields(network: Pick<HubsOfNetwork, "legs">) {
  const found: { pointer: string; message: string }[] = [];
  network.legs?.forEach((leg, i) => {
    if (leg.lotT !== undefined)
      found.push({
        pointer: `/legs/${i}/lotT`,
        message: `lotT (shipments in whole lots, a MILP) is not supported yet; leave it out of leg ${legKey(leg)}`,
      });
  });
  return found;
}

/** Whether a network has any multimodal part: hubs, legs or corridors (empty lists are none). */
export const hasRoutes = (network: Pick<HubsOfNetwork, "hubs" | "legs" | "corridors">) =>
  (network.hubs?.length ?? 0) + (network.legs?.length ?? 0) + (network.corridors?.length ?? 0) > 0;
