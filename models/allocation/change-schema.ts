// The scenario change format: typed what-if changes to a network, as zod schemas (the OpenAPI's too).
import { z } from "zod";
import {
  contractSchema,
  idSchema,
  inventorySchema,
  laneSchema,
  networkOptionsSchema,
  networkSchema,
  objectiveSchema,
  plantSchema,
  portSchema,
  smelterSchema,
} from "./network.ts";
import { profileSchema } from "./network-periods.ts";

// Values a change writes reuse the network's own field schemas, so a change can only ask for
// what the network format accepts (and the OpenAPI bounds match).
const factor = z
  .number()
  .nonnegative()
  .describe("Multiplier, finite and >= 0 (1 leaves the value as it is, 0 zeroes it)");
const tonnes = plantSchema.shape.capacityT;
const cnyPerT = laneSchema.shape.costPerT.unwrap();
const lane = {
  from: idSchema.describe("Plant id at the start of the lane"),
  to: idSchema.describe("Smelter or port id at the end of the lane"),
  mode: idSchema.describe("Mode id of the lane"),
};
const plantId = idSchema.describe("Plant id");
const smelterId = idSchema.describe("Smelter id");
const portId = idSchema.describe("Port id");

/** JSON Schema for "exactly one of these fields" (the OpenAPI document says the rule, too). */
const exactlyOne = (fields: readonly string[]) => ({
  oneOf: fields.map((field) => ({ required: [field] })),
});

/** Exactly one of a change's target fields is given (plantId, smelterId, portId, province). */
function oneTarget<T extends object>(fields: readonly (keyof T & string)[]) {
  return {
    check: (change: T) => fields.filter((field) => change[field] !== undefined).length === 1,
    message: `give exactly one of ${fields.join(", ")}`,
  };
}

const seasonalityTargets = ["plantId", "smelterId", "portId", "province"] as const;
const seasonality =
  oneTarget<Partial<Record<(typeof seasonalityTargets)[number], string>>>(seasonalityTargets);
const inventoryTargets = ["plantId", "smelterId", "portId"] as const;
const stockHolder =
  oneTarget<Partial<Record<(typeof inventoryTargets)[number], string>>>(inventoryTargets);

const laneNote =
  "On a network without lanes (every plant-destination-mode lane implied), the lanes are written out so that only this one changes.";

export const changeSchema = z
  .discriminatedUnion("kind", [
    z
      .strictObject({
        kind: z.literal("scaleModeCost"),
        mode: idSchema.describe("Mode id"),
        factor,
      })
      .describe(
        "Scale a mode's freight: fixedCostPerT, costPerTKm, and the explicit costPerT of every lane on the mode (those override the mode, so a mode-wide price move must reach them too). CO2 is unchanged.",
      ),
    z
      .strictObject({
        kind: z.literal("setLaneCost"),
        ...lane,
        costPerT: cnyPerT.describe("Delivered freight on the lane, CNY per tonne"),
      })
      .describe(
        `Set a lane's freight per tonne, overriding its mode's price (CO2 still follows distance). ${laneNote}`,
      ),
    z
      .strictObject({ kind: z.literal("scaleLaneCost"), ...lane, factor })
      .describe(
        `Scale a lane's freight per tonne. A lane priced by its mode gets an explicit costPerT = factor x (fixedCostPerT + costPerTKm x km), km being its distanceKm or great-circle km x circuity. ${laneNote}`,
      ),
    z
      .strictObject({
        kind: z.literal("setLaneCapacity"),
        ...lane,
        capacityT: tonnes.describe("Most tonnes per year on the lane"),
      })
      .describe(`Set a lane's capacity. ${laneNote}`),
    z
      .strictObject({ kind: z.literal("scaleLaneCapacity"), ...lane, factor })
      .describe(
        `Scale a lane's capacity; the lane must already have a capacityT (use setLaneCapacity for an uncapped lane). ${laneNote}`,
      ),
    z
      .strictObject({ kind: z.literal("closeLane"), ...lane })
      .describe(`Close a lane: its capacity becomes 0 tonnes. ${laneNote}`),
    z
      .strictObject({
        kind: z.literal("setPlantCapacity"),
        plantId,
        capacityT: tonnes.describe("Anode capacity, tonnes per year"),
      })
      .describe(
        "Set a plant's capacity (an outage or expansion); minOutputT is lowered to the new capacity if above it.",
      ),
    z
      .strictObject({ kind: z.literal("scalePlantCapacity"), plantId, factor })
      .describe(
        "Scale a plant's capacity (0.7 = a 30% outage); minOutputT is lowered to the new capacity if above it.",
      ),
    z
      .strictObject({
        kind: z.literal("setSmelterDemand"),
        smelterId,
        demandT: tonnes.describe("Anode demand, tonnes per year"),
      })
      .describe(
        "Set a smelter's anode demand; a smelter given by aluminiumT switches to demandT (the anode factor no longer applies to it).",
      ),
    z
      .strictObject({
        kind: z.literal("scaleDemand"),
        smelterId: smelterId.optional().describe("Scale this smelter only"),
        province: smelterSchema.shape.province
          .optional()
          .describe("Scale every smelter in this province"),
        factor,
      })
      .refine((change) => (change.smelterId === undefined) !== (change.province === undefined), {
        message: "give exactly one of smelterId and province",
      })
      .meta(exactlyOne(["smelterId", "province"]))
      .describe(
        "Scale anode demand of one smelter or of every smelter in a province: demandT where given, else aluminiumT (which scales demand the same).",
      ),
    z
      .strictObject({
        kind: z.literal("setPortExport"),
        portId,
        minExportT: portSchema.shape.minExportT
          .optional()
          .describe("Exports that must leave through the port, tonnes per year"),
        maxExportT: portSchema.shape.maxExportT
          .optional()
          .describe("Most exports the port can take, tonnes per year"),
      })
      .refine((change) => change.minExportT !== undefined || change.maxExportT !== undefined, {
        message: "give minExportT, maxExportT or both",
      })
      // In allOf, so that generated client types intersect it with the fields (a bare anyOf
      // beside them is read as a union, which loses the fields).
      .meta({ allOf: [{ anyOf: [{ required: ["minExportT"] }, { required: ["maxExportT"] }] }] })
      .describe("Set a port's export limits; a limit not given is kept."),
    z
      .strictObject({
        kind: z.literal("setPortPrice"),
        portId,
        fobPricePerT: portSchema.shape.fobPricePerT
          .unwrap()
          .describe("FOB export price, CNY per tonne"),
      })
      .describe("Set a port's FOB export price."),
    z
      .strictObject({
        kind: z.literal("setAnodeFactor"),
        anodePerTonneAluminium: networkSchema.shape.anodePerTonneAluminium
          .unwrap()
          .describe("Tonnes of anode per tonne of aluminium"),
      })
      .describe("Set the anode factor, which converts smelters' aluminiumT into anode demand."),
    z
      .strictObject({
        kind: z.literal("setCarbonPrice"),
        carbonPricePerT: networkOptionsSchema
          .unwrap()
          .shape.carbonPricePerT.unwrap()
          .describe("CNY per tonne CO2, added to transport cost"),
      })
      .describe("Set the carbon price."),
    z
      .strictObject({
        kind: z.literal("setCo2Cap"),
        co2CapT: networkOptionsSchema
          .unwrap()
          .shape.co2CapT.unwrap()
          .nullable()
          .describe("Most transport CO2, tonnes CO2e per year; null removes the cap"),
      })
      .describe("Set or remove the cap on transport CO2 (constraint (4))."),
    z
      .strictObject({
        kind: z.literal("setSeasonality"),
        plantId: plantId.optional().describe("Set this plant's capacityProfile"),
        smelterId: smelterId.optional().describe("Set this smelter's demandProfile"),
        portId: portId.optional().describe("Set this port's exportProfile"),
        province: smelterSchema.shape.province
          .optional()
          .describe("Set the profile of every node of kind `nodes` in this province"),
        nodes: z
          .enum(["plants", "smelters", "ports"])
          .optional()
          .describe(
            "With province: whose profile (plants: capacity, smelters: demand, ports: exports)",
          ),
        profile: profileSchema
          .nullable()
          .describe(
            "One multiplier per period of the network; null removes the profile (spread by weight)",
          ),
      })
      .refine(seasonality.check, { message: seasonality.message })
      .refine((change) => (change.province === undefined) === (change.nodes === undefined), {
        message: "nodes goes with province, and only with it",
        path: ["nodes"],
      })
      .meta({
        ...exactlyOne(seasonalityTargets),
        dependentRequired: { province: ["nodes"], nodes: ["province"] },
      })
      .describe(
        "Set the seasonal profile of a plant (capacity), a smelter (demand), a port (exports) or of a province's plants, smelters or ports; the network must have periods, and the profile one multiplier per period.",
      ),
    z
      .strictObject({
        kind: z.literal("setInventory"),
        plantId: plantId.optional().describe("Stock at this plant"),
        smelterId: smelterId.optional().describe("Stock at this smelter"),
        portId: portId.optional().describe("Stock at this port"),
        inventory: inventorySchema
          .refine((stock) => stock.initialT <= stock.capacityT, {
            message: "initialT exceeds capacityT",
            path: ["initialT"],
          })
          .nullable()
          .describe("The stock's capacity, holding cost and initial tonnes; null removes it"),
      })
      .refine(stockHolder.check, { message: stockHolder.message })
      .meta(exactlyOne(inventoryTargets))
      .describe(
        "Set or remove the inventory of one plant, smelter or port; the network must have periods.",
      ),
    z
      .strictObject({
        kind: z.literal("setContract"),
        contract: idSchema.describe("Contract id: an existing contract, or a new one"),
        plants: contractSchema.shape.plants
          .optional()
          .describe(
            "The contract's plant ids: required for a new contract, replaces them otherwise",
          ),
        to: contractSchema.shape.to
          .optional()
          .describe("Smelter or port id: required for a new contract, replaces it otherwise"),
        minT: contractSchema.shape.minT
          .unwrap()
          .nullable()
          .optional()
          .describe("Least tonnes a year; null removes the minimum, absent leaves it"),
        maxT: contractSchema.shape.maxT
          .unwrap()
          .nullable()
          .optional()
          .describe("Most tonnes a year; null removes the maximum, absent leaves it"),
      })
      .describe(
        "Set a contract's bounds (constraint (13)), or add a contract (give plants and to); a captive link is minT at the destination's whole demand.",
      ),
    z
      .strictObject({ kind: z.literal("setObjective"), objective: objectiveSchema })
      .describe("Set the objective: minCost or maxMargin."),
    z
      .strictObject({ kind: z.literal("closeHub"), hub: idSchema.describe("Hub id") })
      .describe(
        "Close a hub: its capacityT becomes 0, so no route passes through it (its legs stay in the network, unused).",
      ),
    z
      .strictObject({
        kind: z.literal("scaleCorridorCapacity"),
        corridor: idSchema.describe("Corridor id"),
        factor,
      })
      .describe("Scale a corridor's capacityT (shared by every leg and lane that names it)."),
  ])
  .describe("One typed change to a network");

export const changesSchema = z
  .array(changeSchema)
  .max(1000)
  .describe("Changes applied in order to the base network");

export type Change = z.infer<typeof changeSchema>;
export type ChangeKind = Change["kind"];
