// Scenarios: typed what-if changes applied in order to a network, giving a new validated network.
import { z } from "zod";
import { deriveLanes, type LaneTerms } from "./build.ts";
import {
  idSchema,
  jsonPointer,
  type Lane,
  laneSchema,
  type Mode,
  type Network,
  type NetworkIssue,
  networkOptionsSchema,
  networkSchema,
  objectiveSchema,
  type Plant,
  type Port,
  plantSchema,
  portSchema,
  type Smelter,
  smelterSchema,
} from "./network.ts";

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

const laneNote =
  "On a network without lanes (every plant-destination-mode lane implied), the lanes are written out so that only this one changes.";

export const changeSchema = z
  .discriminatedUnion("kind", [
    z
      .object({
        kind: z.literal("scaleModeCost"),
        mode: idSchema.describe("Mode id"),
        factor,
      })
      .describe(
        "Scale a mode's freight: fixedCostPerT, costPerTKm, and the explicit costPerT of every lane on the mode (those override the mode, so a mode-wide price move must reach them too). CO2 is unchanged.",
      ),
    z
      .object({
        kind: z.literal("setLaneCost"),
        ...lane,
        costPerT: cnyPerT.describe("Delivered freight on the lane, CNY per tonne"),
      })
      .describe(
        `Set a lane's freight per tonne, overriding its mode's price (CO2 still follows distance). ${laneNote}`,
      ),
    z
      .object({ kind: z.literal("scaleLaneCost"), ...lane, factor })
      .describe(
        `Scale a lane's freight per tonne. A lane priced by its mode gets an explicit costPerT = factor x (fixedCostPerT + costPerTKm x km), km being its distanceKm or great-circle km x circuity. ${laneNote}`,
      ),
    z
      .object({
        kind: z.literal("setLaneCapacity"),
        ...lane,
        capacityT: tonnes.describe("Most tonnes per year on the lane"),
      })
      .describe(`Set a lane's capacity. ${laneNote}`),
    z
      .object({ kind: z.literal("scaleLaneCapacity"), ...lane, factor })
      .describe(
        `Scale a lane's capacity; the lane must already have a capacityT (use setLaneCapacity for an uncapped lane). ${laneNote}`,
      ),
    z
      .object({ kind: z.literal("closeLane"), ...lane })
      .describe(`Close a lane: its capacity becomes 0 tonnes. ${laneNote}`),
    z
      .object({
        kind: z.literal("setPlantCapacity"),
        plantId,
        capacityT: tonnes.describe("Anode capacity, tonnes per year"),
      })
      .describe(
        "Set a plant's capacity (an outage or expansion); minOutputT is lowered to the new capacity if above it.",
      ),
    z
      .object({ kind: z.literal("scalePlantCapacity"), plantId, factor })
      .describe(
        "Scale a plant's capacity (0.7 = a 30% outage); minOutputT is lowered to the new capacity if above it.",
      ),
    z
      .object({
        kind: z.literal("setSmelterDemand"),
        smelterId,
        demandT: tonnes.describe("Anode demand, tonnes per year"),
      })
      .describe(
        "Set a smelter's anode demand; a smelter given by aluminiumT switches to demandT (the anode factor no longer applies to it).",
      ),
    z
      .object({
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
      .describe(
        "Scale anode demand of one smelter or of every smelter in a province: demandT where given, else aluminiumT (which scales demand the same).",
      ),
    z
      .object({
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
      .describe("Set a port's export limits; a limit not given is kept."),
    z
      .object({
        kind: z.literal("setPortPrice"),
        portId,
        fobPricePerT: portSchema.shape.fobPricePerT
          .unwrap()
          .describe("FOB export price, CNY per tonne"),
      })
      .describe("Set a port's FOB export price."),
    z
      .object({
        kind: z.literal("setAnodeFactor"),
        anodePerTonneAluminium: networkSchema.shape.anodePerTonneAluminium
          .unwrap()
          .describe("Tonnes of anode per tonne of aluminium"),
      })
      .describe("Set the anode factor, which converts smelters' aluminiumT into anode demand."),
    z
      .object({
        kind: z.literal("setCarbonPrice"),
        carbonPricePerT: networkOptionsSchema
          .unwrap()
          .shape.carbonPricePerT.unwrap()
          .describe("CNY per tonne CO2, added to transport cost"),
      })
      .describe("Set the carbon price."),
    z
      .object({
        kind: z.literal("setCo2Cap"),
        co2CapT: networkOptionsSchema
          .unwrap()
          .shape.co2CapT.unwrap()
          .nullable()
          .describe("Most transport CO2, tonnes CO2e per year; null removes the cap"),
      })
      .describe("Set or remove the cap on transport CO2 (constraint (4))."),
    z
      .object({ kind: z.literal("setObjective"), objective: objectiveSchema })
      .describe("Set the objective: minCost or maxMargin."),
  ])
  .describe("One typed change to a network");

export const changesSchema = z
  .array(changeSchema)
  .max(1000)
  .describe("Changes applied in order to the base network");

export type Change = z.infer<typeof changeSchema>;
export type ChangeKind = Change["kind"];

export type ApplyChangesResult =
  | { ok: true; network: Network }
  | { ok: false; issues: NetworkIssue[] };

/**
 * Applies changes in order and re-validates the result with networkSchema. Never mutates its input.
 * Issue pointers address the document `{ network, changes }`: `/changes/3/plantId` for an unknown
 * id, `/changes/3/minExportT` for a change that leaves the network invalid, `/network/...` for a
 * problem already in the base network.
 */
export function applyChanges(network: Network, changes: readonly Change[]): ApplyChangesResult {
  // Typed callers can still pass NaN or a negative factor; parsing gives them pointers, not NaN.
  const parsedChanges = changesSchema.safeParse(changes);
  if (!parsedChanges.success) return failure(parsedChanges.error.issues, ["changes"]);
  const base = networkSchema.safeParse(network);
  if (!base.success) return failure(base.error.issues, ["network"]);

  // zod parses into fresh objects and arrays, so the draft shares nothing with the caller's network.
  const draft = new Draft(base.data);
  parsedChanges.data.forEach((change, i) => {
    draft.apply(change, i);
  });
  if (draft.issues.length > 0) return { ok: false, issues: draft.issues };

  const result = networkSchema.safeParse(draft.network);
  if (result.success) return { ok: true, network: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({
      pointer: draft.blame(issue) ?? jsonPointer(["network", ...issue.path]),
      message: issue.message,
    })),
  };
}

function failure(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[]): ApplyChangesResult {
  return {
    ok: false,
    issues: issues.map((issue) => ({
      pointer: jsonPointer([...prefix, ...issue.path]),
      message: issue.message,
    })),
  };
}

type LaneRef = Pick<Lane, "from" | "to" | "mode">;

const laneKey = (lane: LaneRef) => `${lane.from}>${lane.to}:${lane.mode}`;

/** A node, mode or lane of the draft, with its index in the network's array for issue paths. */
interface Found<T> {
  at: number;
  item: T;
}

/** A change's write of one network field, kept to blame validation issues on the right change. */
interface Write {
  change: number;
  field: string;
  /** The change's own field that produced the value; undefined when the change has no such field. */
  via: string | undefined;
}

/** The network being changed, with id indexes and a record of which change wrote what. */
class Draft {
  readonly issues: NetworkIssue[] = [];
  private readonly writes = new Map<string, Write[]>();
  private readonly plants: Map<string, Found<Plant>>;
  private readonly smelters: Map<string, Found<Smelter>>;
  private readonly ports: Map<string, Found<Port>>;
  private readonly modes: Map<string, Found<Mode>>;
  /** Built on the first lane change, after any implied lanes are written out. */
  private lanes: Map<string, Found<Lane>> | undefined;

  constructor(readonly network: Network) {
    const index = <T extends { id: string }>(items: T[]) =>
      new Map(items.map((item, at) => [item.id, { at, item }]));
    this.plants = index(network.plants);
    this.smelters = index(network.smelters);
    this.ports = index(network.ports);
    this.modes = index(network.modes);
  }

  apply(change: Change, i: number): void {
    switch (change.kind) {
      case "scaleModeCost": {
        const mode = this.find(i, "mode", change.mode, this.modes, "mode");
        if (mode === undefined) return;
        mode.item.fixedCostPerT *= change.factor;
        mode.item.costPerTKm *= change.factor;
        this.wrote(i, ["modes", mode.at], ["fixedCostPerT", "costPerTKm"], "factor");
        this.network.lanes?.forEach((lane, j) => {
          if (lane.mode !== change.mode || lane.costPerT === undefined) return;
          lane.costPerT *= change.factor;
          this.wrote(i, ["lanes", j], ["costPerT"], "factor");
        });
        return;
      }
      case "setLaneCost":
        this.onLane(i, change, "costPerT", "costPerT", () => change.costPerT);
        return;
      case "scaleLaneCost":
        this.onLane(i, change, "costPerT", "factor", (lane) => {
          // Price the lane exactly as the builder does; one lane in gives one lane out.
          const [terms] = deriveLanes({ ...this.network, lanes: [lane] }) as [LaneTerms];
          return terms.freightPerT * change.factor;
        });
        return;
      case "setLaneCapacity":
        this.onLane(i, change, "capacityT", "capacityT", () => change.capacityT);
        return;
      case "scaleLaneCapacity":
        this.onLane(i, change, "capacityT", "factor", (lane) => {
          if (lane.capacityT !== undefined) return lane.capacityT * change.factor;
          this.issue(i, [], `lane ${laneKey(lane)} has no capacityT to scale; use setLaneCapacity`);
          return undefined;
        });
        return;
      case "closeLane":
        this.onLane(i, change, "capacityT", undefined, () => 0);
        return;
      case "setPlantCapacity":
      case "scalePlantCapacity": {
        const plant = this.find(i, "plantId", change.plantId, this.plants, "plant");
        if (plant === undefined) return;
        const { item } = plant;
        if (change.kind === "setPlantCapacity") item.capacityT = change.capacityT;
        else item.capacityT *= change.factor;
        item.minOutputT = Math.min(item.minOutputT, item.capacityT);
        const via = change.kind === "setPlantCapacity" ? "capacityT" : "factor";
        this.wrote(i, ["plants", plant.at], ["capacityT", "minOutputT"], via);
        return;
      }
      case "setSmelterDemand": {
        const smelter = this.find(i, "smelterId", change.smelterId, this.smelters, "smelter");
        if (smelter === undefined) return;
        smelter.item.demandT = change.demandT;
        // The format wants exactly one of demandT and aluminiumT.
        delete smelter.item.aluminiumT;
        this.wrote(i, ["smelters", smelter.at], ["demandT", "aluminiumT"], "demandT");
        return;
      }
      case "scaleDemand": {
        let targets: Found<Smelter>[];
        if (change.smelterId !== undefined) {
          const smelter = this.find(i, "smelterId", change.smelterId, this.smelters, "smelter");
          if (smelter === undefined) return;
          targets = [smelter];
        } else {
          targets = [...this.smelters.values()].filter((s) => s.item.province === change.province);
          if (targets.length === 0) {
            this.issue(i, ["province"], `no smelter is in province "${change.province}"`);
            return;
          }
        }
        for (const { at, item } of targets) {
          if (item.demandT !== undefined) {
            item.demandT *= change.factor;
            this.wrote(i, ["smelters", at], ["demandT"], "factor");
          } else if (item.aluminiumT !== undefined) {
            item.aluminiumT *= change.factor;
            this.wrote(i, ["smelters", at], ["aluminiumT"], "factor");
          }
        }
        return;
      }
      case "setPortExport": {
        const port = this.find(i, "portId", change.portId, this.ports, "port");
        if (port === undefined) return;
        if (change.minExportT !== undefined) {
          port.item.minExportT = change.minExportT;
          this.wrote(i, ["ports", port.at], ["minExportT"], "minExportT");
        }
        if (change.maxExportT !== undefined) {
          port.item.maxExportT = change.maxExportT;
          this.wrote(i, ["ports", port.at], ["maxExportT"], "maxExportT");
        }
        return;
      }
      case "setPortPrice": {
        const port = this.find(i, "portId", change.portId, this.ports, "port");
        if (port === undefined) return;
        port.item.fobPricePerT = change.fobPricePerT;
        this.wrote(i, ["ports", port.at], ["fobPricePerT"], "fobPricePerT");
        return;
      }
      case "setAnodeFactor":
        this.network.anodePerTonneAluminium = change.anodePerTonneAluminium;
        this.wrote(i, [], ["anodePerTonneAluminium"], "anodePerTonneAluminium");
        return;
      case "setCarbonPrice":
        this.network.options.carbonPricePerT = change.carbonPricePerT;
        this.wrote(i, ["options"], ["carbonPricePerT"], "carbonPricePerT");
        return;
      case "setCo2Cap":
        if (change.co2CapT === null) delete this.network.options.co2CapT;
        else this.network.options.co2CapT = change.co2CapT;
        this.wrote(i, ["options"], ["co2CapT"], "co2CapT");
        return;
      case "setObjective":
        this.network.options.objective = change.objective;
        this.wrote(i, ["options"], ["objective"], "objective");
        return;
    }
  }

  /**
   * The change to blame for a validation issue: the last change that wrote the field at the issue's
   * path or a field its message names (a cross-field check such as minExportT <= maxExportT names
   * both), else the last change that wrote anything in the same plant, port, lane or other object.
   */
  blame(issue: { path: readonly PropertyKey[]; message: string }): string | undefined {
    const { path, message } = issue;
    for (let k = path.length; k >= 0; k--) {
      const writes = this.writes.get(jsonPointer(path.slice(0, k)));
      if (writes === undefined) continue;
      const named = lastWhere(
        writes,
        (w) => w.field === path[k] || new RegExp(`\\b${w.field}\\b`).test(message),
      );
      // The root holds unrelated top-level fields, so there only a named field is evidence.
      const write = named ?? (k > 0 ? writes.at(-1) : undefined);
      if (write === undefined) continue;
      const via = write.via === undefined ? [] : [write.via];
      return jsonPointer(["changes", write.change, ...via]);
    }
    return undefined;
  }

  private onLane(
    i: number,
    ref: LaneRef,
    field: "costPerT" | "capacityT",
    via: string | undefined,
    value: (lane: Lane) => number | undefined,
  ): void {
    const from = this.find(i, "from", ref.from, this.plants, "plant");
    const to = this.smelters.get(ref.to) ?? this.ports.get(ref.to);
    if (to === undefined) this.issue(i, ["to"], `"${ref.to}" is not a smelter or port id`);
    const mode = this.find(i, "mode", ref.mode, this.modes, "mode");
    if (from === undefined || to === undefined || mode === undefined) return;

    const lane = this.laneNamed(ref);
    if (lane === undefined) {
      this.issue(i, [], `the network has no lane ${laneKey(ref)}`);
      return;
    }
    const next = value(lane.item);
    if (next === undefined) return;
    lane.item[field] = next;
    this.wrote(i, ["lanes", lane.at], [field], via);
  }

  /** The lane a change names; a network that only implies its lanes gets them written out. */
  private laneNamed(ref: LaneRef): Found<Lane> | undefined {
    if (this.lanes === undefined) {
      const net = this.network;
      // Implied lanes carry no fields of their own, so writing them out changes nothing else.
      net.lanes ??= net.plants.flatMap((plant) =>
        [...net.smelters, ...net.ports].flatMap((to) =>
          net.modes.map((mode) => ({ from: plant.id, to: to.id, mode: mode.id })),
        ),
      );
      this.lanes = new Map(net.lanes.map((item, at) => [laneKey(item), { at, item }]));
    }
    return this.lanes.get(laneKey(ref));
  }

  private find<T>(
    i: number,
    field: string,
    id: string,
    index: Map<string, Found<T>>,
    what: string,
  ): Found<T> | undefined {
    const found = index.get(id);
    if (found === undefined) this.issue(i, [field], `"${id}" is not a ${what} id`);
    return found;
  }

  private issue(i: number, path: PropertyKey[], message: string): void {
    this.issues.push({ pointer: jsonPointer(["changes", i, ...path]), message });
  }

  private wrote(i: number, entity: PropertyKey[], fields: string[], via: string | undefined): void {
    const key = jsonPointer(entity);
    const writes = this.writes.get(key) ?? [];
    for (const field of fields) writes.push({ change: i, field, via });
    this.writes.set(key, writes);
  }
}

function lastWhere<T>(items: readonly T[], test: (item: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item !== undefined && test(item)) return item;
  }
  return undefined;
}
