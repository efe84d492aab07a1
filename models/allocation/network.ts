// The public network format v1 (what procurement systems write): zod schema, defaults and checks.
import { z } from "zod";
import { plainText } from "../text.ts";
import { checkContracts, contractSchema } from "./network-contracts.ts";
import { checkHubs, corridorSchema, hubSchema, legSchema } from "./network-hubs.ts";
import { checkLandRoutes, landRoutesSchema } from "./network-land-routes.ts";
import { withFastLanes } from "./network-lanes-fast.ts";
import { checkMarkets, exportRouteSchema, marketSchema } from "./network-markets.ts";
import { checkPeriods, inventorySchema, periodSchema, profileSchema } from "./network-periods.ts";
import {
  cnyPerT,
  duplicateIds,
  idSchema,
  latitude,
  longitude,
  tonnes,
} from "./network-primitives.ts";
import { checkSurcharges, surchargeSchema } from "./network-surcharges.ts";

export { contractSchema } from "./network-contracts.ts";
// The parts live in their own modules; their names stay available from here for every importer.
export { corridorSchema, hubSchema, legSchema } from "./network-hubs.ts";
export { landRoutesSchema } from "./network-land-routes.ts";
export { exportRouteSchema, marketSchema, marketTierSchema } from "./network-markets.ts";
export { inventorySchema, periodSchema } from "./network-periods.ts";
export { idSchema } from "./network-primitives.ts";
export { surchargeSchema } from "./network-surcharges.ts";

export const modeSchema = z
  .strictObject({
    id: idSchema,
    fixedCostPerT: cnyPerT.describe("CNY per tonne per shipment, whatever the distance (ex-VAT)"),
    costPerTKm: z.number().nonnegative().max(100).describe("CNY per tonne-kilometre (ex-VAT)"),
    co2KgPerTKm: z
      .number()
      .nonnegative()
      .max(10)
      .describe("kg CO2e per tonne-kilometre (well-to-wheel)"),
    circuity: z
      .number()
      .min(1)
      .max(5)
      .default(1.3)
      .describe("Network km per great-circle km, used where a lane gives no distanceKm"),
    impliedLanes: z
      .boolean()
      .optional()
      .describe(
        "false: the mode makes no implied lanes when `lanes` is absent (a mode for legs only, such as coastal shipping between ports); absent: true",
      ),
  })
  .describe("A transport mode such as rail or road");

export const plantSchema = z
  .strictObject({
    id: idSchema,
    name: plainText(1, 200),
    province: plainText(1, 100),
    lat: latitude,
    lon: longitude,
    capacityT: tonnes.describe("Anode capacity, tonnes per year"),
    minOutputT: tonnes.default(0).describe("Output the plant must make, tonnes per year"),
    productionCostPerT: cnyPerT
      .default(0)
      .describe("Cash cost of production, CNY per tonne, ex-VAT (formulation.md, price basis)"),
    co2KgPerT: z
      .number()
      .nonnegative()
      .max(10_000)
      .optional()
      .describe(
        "Production CO2 (calcining, baking fuel, pitch volatiles, packing coke, electricity), kg CO2e per tonne of anode; priced by carbonPricePerT and counted by co2CapT. Absent: 0",
      ),
    highEfficiency: z
      .boolean()
      .default(false)
      .describe("Counts toward the plan's high-efficiency output share"),
    capacityProfile: profileSchema
      .optional()
      .describe(
        "Per period, a multiplier on the weight-spread capacity and minimum output (needs periods; absent: 1 in every period)",
      ),
    inventory: inventorySchema.optional().describe("Stock of baked anodes not yet dispatched"),
  })
  .describe("A prebaked-anode plant");

export const smelterSchema = z
  .strictObject({
    id: idSchema,
    name: plainText(1, 200),
    province: plainText(1, 100),
    lat: latitude,
    lon: longitude,
    demandT: tonnes.optional().describe("Anode demand, tonnes per year"),
    aluminiumT: tonnes
      .optional()
      .describe("Aluminium output, tonnes per year; demand = aluminiumT x anodePerTonneAluminium"),
    pricePerT: cnyPerT
      .optional()
      .describe(
        "Delivered anode price this smelter pays, CNY per tonne ex-VAT: domestic revenue in the plan's margin (and in the maxMargin objective, where unmet demand forgoes it). Absent: 0",
      ),
    demandProfile: profileSchema
      .optional()
      .describe(
        "Per period, a multiplier on the weight-spread demand (needs periods; absent: 1 in every period)",
      ),
    inventory: inventorySchema.optional().describe("Stock of received anodes not yet consumed"),
  })
  .describe("An aluminium smelter (give demandT or aluminiumT, not both)")
  .meta({ oneOf: [{ required: ["demandT"] }, { required: ["aluminiumT"] }] });

export const portSchema = z
  .strictObject({
    id: idSchema,
    name: plainText(1, 200),
    province: plainText(1, 100),
    lat: latitude,
    lon: longitude,
    minExportT: tonnes.describe(
      "Exports that must leave through this port, tonnes per year (0 lets the economics decide; the 2024 volume replays 2024)",
    ),
    maxExportT: tonnes.describe(
      "Most exports this port can take: its throughput limit, tonnes per year",
    ),
    fobPricePerT: cnyPerT
      .default(0)
      .describe(
        "FOB export price, CNY per tonne (ex-VAT), earned on every tonne exported here; with exportRoutes leave it 0 and price the markets instead",
      ),
    handlingCostPerT: cnyPerT.default(0).describe("Port handling, CNY per tonne exported, ex-VAT"),
    exportProfile: profileSchema
      .optional()
      .describe(
        "Per period, a multiplier on the weight-spread minimum and maximum exports (needs periods; absent: 1 in every period)",
      ),
    inventory: inventorySchema.optional().describe("Stock at the port not yet shipped"),
  })
  .describe("An export node: a seaport or a land border crossing");

export const laneSchema = z
  .strictObject({
    from: idSchema.describe("Plant id"),
    to: idSchema.describe("Smelter or port id"),
    mode: idSchema.describe("Mode id"),
    distanceKm: z.number().nonnegative().max(20_000).optional().describe("Network distance, km"),
    costPerT: cnyPerT
      .optional()
      .describe("Delivered freight, CNY per tonne ex-VAT (overrides the mode)"),
    capacityT: tonnes.optional().describe("Most tonnes per year on this lane"),
    corridor: idSchema
      .optional()
      .describe("Corridor id whose capacity this lane shares with the legs and lanes naming it"),
    lotT: z
      .number()
      .positive()
      .max(1e7)
      .optional()
      .describe(
        "Lot size, tonnes: the lane carries whole lots only (a trainload ~3,000 t, a vessel parcel), in every period with periods. Makes the program a MILP (formulation.md, lots): only highs solves it, with the gap reported",
      ),
  })
  .describe("A plant-to-destination link by one mode");

export const objectiveSchema = z.enum(["minCost", "maxMargin"]);

export const networkOptionsSchema = z
  .strictObject({
    objective: objectiveSchema
      .default("minCost")
      .describe(
        "minCost: meet all demand and minimum exports at least cost; maxMargin: choose exports between min and max to maximise revenue minus cost",
      ),
    shortfallPenaltyPerT: cnyPerT
      .default(20_000)
      .describe("Cost of each tonne of demand or minimum export left unmet, CNY"),
    allowShortfall: z
      .boolean()
      .default(true)
      .describe("When false, unmet demand or minimum export makes the plan infeasible"),
    carbonPricePerT: z
      .number()
      .nonnegative()
      .max(1e5)
      .default(0)
      .describe(
        "CNY per tonne CO2, added to transport cost and, where plants give co2KgPerT, to production cost",
      ),
    co2CapT: z
      .number()
      .nonnegative()
      .max(1e9)
      .optional()
      .describe(
        "Most CO2 the plan may emit, transport plus production (plants' co2KgPerT), tonnes CO2e per year (constraint (4)). A side constraint: the program is no longer a pure network, so `auto` solves it with HiGHS; its dual is the plan's totals.impliedCarbonPricePerT",
      ),
  })
  .default({
    objective: "minCost",
    shortfallPenaltyPerT: 20_000,
    allowShortfall: true,
    carbonPricePerT: 0,
  });

const networkObjectSchema = z
  .strictObject({
    version: z.literal(1).default(1).describe("Network format version"),
    name: plainText(1, 200),
    description: plainText(0, 10_000, { multiline: true }).optional(),
    anodePerTonneAluminium: z
      .number()
      .positive()
      .max(2)
      .default(0.45)
      .describe("Tonnes of anode per tonne of aluminium"),
    modes: z.array(modeSchema).min(1),
    plants: z.array(plantSchema).min(1),
    smelters: z.array(smelterSchema),
    ports: z.array(portSchema).default([]),
    lanes: withFastLanes(z.array(laneSchema))
      .optional()
      .describe("Without lanes, every plant links to every smelter and port by every mode"),
    landRoutes: landRoutesSchema.optional(),
    markets: z
      .array(marketSchema)
      .optional()
      .describe("Export markets with tiered prices; absent: exports earn the ports' fobPricePerT"),
    exportRoutes: z
      .array(exportRouteSchema)
      .optional()
      .describe(
        "Port-to-market routes; every tonne exported through a port with routes goes to a market by one of them",
      ),
    surcharges: z
      .array(surchargeSchema)
      .max(1000)
      .optional()
      .describe(
        "Costs per tonne on lanes into groups of provinces, beside freight (implied and explicit lanes alike); absent: none",
      ),
    periods: z
      .array(periodSchema)
      .max(366)
      .optional()
      .describe(
        "The year's periods in order, weights summing to 1: the plan becomes a time-expanded network with stocks between periods (formulation.md, periods); absent: one annual plan",
      ),
    hubs: z
      .array(hubSchema)
      .max(10_000)
      .optional()
      .describe(
        "Transshipment hubs (rail hubs, ports, river ports) that legs pass through; absent: none (formulation.md, hubs)",
      ),
    legs: z
      .array(legSchema)
      .max(100_000)
      .optional()
      .describe(
        "Legs of multimodal routes, plant or hub to hub, smelter or port; lanes stay direct plant-to-destination legs",
      ),
    corridors: z
      .array(corridorSchema)
      .max(10_000)
      .optional()
      .describe(
        "Capacities shared by every leg and lane that names them or whose land path crosses their `links`. Side constraints: with any corridor `auto` solves with HiGHS",
      ),
    contracts: z
      .array(contractSchema)
      .max(10_000)
      .optional()
      .describe(
        "Annual tonnes bounds from groups of plants to one destination (supply contracts, captive links), on direct lanes; absent: none",
      ),
    options: networkOptionsSchema,
  })
  .describe("An anode supply network (format v1). Units: tonnes per year, CNY ex-VAT, km, kg CO2");

export type NetworkInput = z.input<typeof networkObjectSchema>;
export type Network = z.output<typeof networkObjectSchema>;
export type Mode = Network["modes"][number];
export type Plant = Network["plants"][number];
export type Smelter = Network["smelters"][number];
export type Port = Network["ports"][number];
export type Lane = NonNullable<Network["lanes"]>[number];
export type Market = NonNullable<Network["markets"]>[number];
export type ExportRoute = NonNullable<Network["exportRoutes"]>[number];
export type Objective = z.output<typeof objectiveSchema>;
export type LandRoutes = NonNullable<Network["landRoutes"]>;
export type Surcharge = NonNullable<Network["surcharges"]>[number];
export type { Corridor, Hub, Leg } from "./network-hubs.ts";
export type Contract = NonNullable<Network["contracts"]>[number];
export type { Inventory, Period } from "./network-periods.ts";

type Ctx = z.core.$RefinementCtx<Network>;

export const networkSchema = networkObjectSchema.superRefine((network, ctx) =>
  checkReferences(network, ctx),
);

function checkReferences(network: Network, ctx: Ctx) {
  duplicateIds(ctx, network.modes, "modes", new Map());
  const nodes = new Map<string, string>();
  duplicateIds(ctx, network.plants, "plants", nodes);
  duplicateIds(ctx, network.smelters, "smelters", nodes);
  duplicateIds(ctx, network.ports, "ports", nodes);

  network.plants.forEach((plant, i) => {
    if (plant.minOutputT > plant.capacityT) {
      ctx.addIssue({
        code: "custom",
        path: ["plants", i, "minOutputT"],
        message: `minOutputT ${plant.minOutputT} exceeds capacityT ${plant.capacityT}`,
      });
    }
  });
  network.smelters.forEach((smelter, i) => {
    if ((smelter.demandT === undefined) === (smelter.aluminiumT === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["smelters", i],
        message: "give exactly one of demandT and aluminiumT",
      });
    }
  });
  network.ports.forEach((port, i) => {
    if (port.minExportT > port.maxExportT) {
      ctx.addIssue({
        code: "custom",
        path: ["ports", i, "minExportT"],
        message: `minExportT ${port.minExportT} exceeds maxExportT ${port.maxExportT}`,
      });
    }
  });

  checkMarkets(network, ctx);
  checkSurcharges(network, ctx);
  checkPeriods(network, ctx);
  checkLanes(network, ctx);
  // A copy: hub ids must not clash with node ids, but land routes give access to nodes only.
  checkHubs(network, ctx, new Map(nodes));
  checkContracts(network, ctx);
  checkLandRoutes(network, ctx, nodes);
}

/** Lanes join a plant to a smelter or port by a known mode, each (from, to, mode) once. */
function checkLanes(network: Network, ctx: Ctx) {
  const plantIndex = new Map(network.plants.map((p, i) => [p.id, i]));
  const destinationIndex = new Map(
    [...network.smelters, ...network.ports].map((n, i) => [n.id, i] as const),
  );
  const modeIndex = new Map(network.modes.map((m, i) => [m.id, i]));
  // Dimensions from the lists, not the maps: with a duplicate id a map keeps the last index.
  const destinations = network.smelters.length + network.ports.length;
  const modes = network.modes.length;
  const lanes = network.lanes ?? [];
  // A lane whose ends and mode all resolve is keyed by their indices, a number (building and
  // hashing a key string per lane was 0.15 s of a 250k-lane file), in a table when the key space
  // is not much larger than the lanes; any other lane by its key string.
  const keySpace = network.plants.length * destinations * modes;
  const table = keySpace <= 8 * lanes.length + 4096 ? new Int32Array(keySpace).fill(-1) : undefined;
  const firstByIndex = new Map<number, number>();
  const firstByKey = new Map<string, number>();
  // Files list a plant's lanes together, so its id is looked up once per run of them.
  let lastFrom: string | undefined;
  let lastP: number | undefined;
  lanes.forEach((lane, i) => {
    if (lane.from !== lastFrom) {
      lastFrom = lane.from;
      lastP = plantIndex.get(lane.from);
    }
    const p = lastP;
    const d = destinationIndex.get(lane.to);
    const m = modes === 1 && lane.mode === network.modes[0]?.id ? 0 : modeIndex.get(lane.mode);
    if (p === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["lanes", i, "from"],
        message: `"${lane.from}" is not a plant id`,
      });
    }
    if (d === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["lanes", i, "to"],
        message: `"${lane.to}" is not a smelter or port id`,
      });
    }
    if (m === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["lanes", i, "mode"],
        message: `"${lane.mode}" is not a mode id`,
      });
    }
    let first: number | undefined;
    if (p !== undefined && d !== undefined && m !== undefined) {
      const index = (p * destinations + d) * modes + m;
      if (table) {
        const at = table[index] as number;
        if (at >= 0) first = at;
        else table[index] = i;
      } else {
        first = firstByIndex.get(index);
        if (first === undefined) firstByIndex.set(index, i);
      }
    } else {
      first = firstByKey.get(laneKey(lane));
      if (first === undefined) firstByKey.set(laneKey(lane), i);
    }
    if (first !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["lanes", i],
        message: `duplicate lane ${laneKey(lane)} (first at /lanes/${first})`,
      });
    }
  });
}

const laneKey = (lane: Lane) => `${lane.from}>${lane.to}:${lane.mode}`;

/** Smelter anode demand in tonnes: demandT, or aluminiumT times the network's anode factor. */
export function smelterDemandT(network: Network, smelter: Smelter): number {
  return smelter.demandT ?? (smelter.aluminiumT ?? 0) * network.anodePerTonneAluminium;
}

export interface NetworkIssue {
  /** RFC 6901 JSON pointer to the offending field, "" for the document itself. */
  pointer: string;
  message: string;
}

export function jsonPointer(path: readonly PropertyKey[]): string {
  return path
    .map((segment) => `/${String(segment).replaceAll("~", "~0").replaceAll("/", "~1")}`)
    .join("");
}

/** The parts of a zod issue that say where it is and, for an unknown field, which. */
export interface SchemaIssue {
  code?: string;
  path: readonly PropertyKey[];
  message: string;
  keys?: readonly string[];
}

/**
 * Each issue with its JSON pointer. Zod reports every unknown key of an object as one issue at the
 * object; each becomes an issue at the key itself (`/change`, `/plants/3/capacityTT`), so a typo
 * is named where it is.
 */
export function issuesWithPointers(
  issues: readonly SchemaIssue[],
): (NetworkIssue & { unknownField?: true })[] {
  return issues.flatMap((issue) =>
    issue.code === "unrecognized_keys" && issue.keys !== undefined
      ? issue.keys.map((key) => ({
          pointer: jsonPointer([...issue.path, key]),
          message: `unknown field "${key}"`,
          unknownField: true as const,
        }))
      : [{ pointer: jsonPointer(issue.path), message: issue.message }],
  );
}

export type ParseNetworkResult =
  | { ok: true; network: Network }
  | { ok: false; issues: NetworkIssue[] };

/** Validates untrusted JSON as a network; every problem comes back with its JSON pointer. */
export function parseNetwork(input: unknown): ParseNetworkResult {
  const result = networkSchema.safeParse(input);
  if (result.success) return { ok: true, network: result.data };
  return {
    ok: false,
    issues: issuesWithPointers(result.error.issues).map(({ pointer, message }) => ({
      pointer,
      message,
    })),
  };
}
