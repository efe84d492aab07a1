// Scenarios: typed what-if changes applied in order to a network, giving a new validated network.
import type { z } from "zod";
import { deriveLanes, type LaneTerms } from "./build.ts";
import { type Change, changesSchema } from "./change-schema.ts";
import {
  type Corridor,
  type Hub,
  issuesWithPointers,
  jsonPointer,
  type Lane,
  type Mode,
  type Network,
  type NetworkIssue,
  networkSchema,
  type Plant,
  type Port,
  type Smelter,
} from "./network.ts";

export {
  type Change,
  type ChangeKind,
  changeSchema,
  changesSchema,
} from "./change-schema.ts";

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

  // zod parses into fresh objects and arrays, so the draft shares nothing with the caller's network
  // but its lanes (parseLanesFast keeps them as given), which the draft copies before editing.
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
    issues: issuesWithPointers(
      issues.map((issue) => ({ ...issue, path: [...prefix, ...issue.path] })),
    ).map(({ pointer, message }) => ({ pointer, message })),
  };
}

type LaneRef = Pick<Lane, "from" | "to" | "mode">;

type HolderList = "plants" | "smelters" | "ports";
/** A change's target node: exactly one of these is given (the change schema holds it). */
interface HolderRef {
  plantId?: string | undefined;
  smelterId?: string | undefined;
  portId?: string | undefined;
  province?: string | undefined;
}

/** Which profile field a node kind's seasonality sets. */
const PROFILE_FIELD = {
  plants: "capacityProfile",
  smelters: "demandProfile",
  ports: "exportProfile",
} as const;

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
  readonly plants: Map<string, Found<Plant>>;
  readonly smelters: Map<string, Found<Smelter>>;
  readonly ports: Map<string, Found<Port>>;
  private readonly modes: Map<string, Found<Mode>>;
  private readonly hubs: Map<string, Found<Hub>>;
  private readonly corridors: Map<string, Found<Corridor>>;
  /** Built on the first lane change, after any implied lanes are written out. */
  private lanes: Map<string, Found<Lane>> | undefined;

  constructor(readonly network: Network) {
    const index = <T extends { id: string }>(items: T[]) =>
      new Map(items.map((item, at) => [item.id, { at, item }]));
    this.plants = index(network.plants);
    this.smelters = index(network.smelters);
    this.ports = index(network.ports);
    this.modes = index(network.modes);
    this.hubs = index(network.hubs ?? []);
    this.corridors = index(network.corridors ?? []);
  }

  apply(change: Change, i: number): void {
    switch (change.kind) {
      case "scaleModeCost":
        this.scaleModeCost(change, i);
        return;
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
      case "scalePlantCapacity":
        this.plantCapacity(change, i);
        return;
      case "setSmelterDemand": {
        const smelter = this.find(i, "smelterId", change.smelterId, this.smelters, "smelter");
        if (smelter === undefined) return;
        smelter.item.demandT = change.demandT;
        // The format wants exactly one of demandT and aluminiumT.
        delete smelter.item.aluminiumT;
        this.wrote(i, ["smelters", smelter.at], ["demandT", "aluminiumT"], "demandT");
        return;
      }
      case "scaleDemand":
        this.scaleDemand(change, i);
        return;
      case "setPortExport":
        this.portExport(change, i);
        return;
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
      case "setSeasonality":
        this.seasonality(change, i);
        return;
      case "setInventory":
        this.inventory(change, i);
        return;
      case "setContract":
        this.contract(change, i);
        return;
      case "setObjective":
        this.network.options.objective = change.objective;
        this.wrote(i, ["options"], ["objective"], "objective");
        return;
      case "closeHub": {
        const hub = this.find(i, "hub", change.hub, this.hubs, "hub");
        if (hub === undefined) return;
        hub.item.capacityT = 0;
        this.wrote(i, ["hubs", hub.at], ["capacityT"], undefined);
        return;
      }
      case "scaleCorridorCapacity": {
        const corridor = this.find(i, "corridor", change.corridor, this.corridors, "corridor");
        if (corridor === undefined) return;
        corridor.item.capacityT *= change.factor;
        this.wrote(i, ["corridors", corridor.at], ["capacityT"], "factor");
        return;
      }
    }
  }

  /** Scales a mode's costs, and the explicit lane costs of that mode. */
  private scaleModeCost(change: Extract<Change, { kind: "scaleModeCost" }>, i: number): void {
    const mode = this.find(i, "mode", change.mode, this.modes, "mode");
    if (mode === undefined) return;
    mode.item.fixedCostPerT *= change.factor;
    mode.item.costPerTKm *= change.factor;
    this.wrote(i, ["modes", mode.at], ["fixedCostPerT", "costPerTKm"], "factor");
    this.network.lanes?.forEach((lane, j) => {
      if (lane.mode !== change.mode || lane.costPerT === undefined) return;
      this.editLane(j, { ...lane, costPerT: lane.costPerT * change.factor });
      this.wrote(i, ["lanes", j], ["costPerT"], "factor");
    });
  }

  /** Sets or scales a plant's capacity; its minimum output follows it down. */
  private plantCapacity(
    change: Extract<Change, { kind: "setPlantCapacity" | "scalePlantCapacity" }>,
    i: number,
  ): void {
    const plant = this.find(i, "plantId", change.plantId, this.plants, "plant");
    if (plant === undefined) return;
    const { item } = plant;
    if (change.kind === "setPlantCapacity") item.capacityT = change.capacityT;
    else item.capacityT *= change.factor;
    item.minOutputT = Math.min(item.minOutputT, item.capacityT);
    const via = change.kind === "setPlantCapacity" ? "capacityT" : "factor";
    this.wrote(i, ["plants", plant.at], ["capacityT", "minOutputT"], via);
  }

  /** Scales one smelter's demand, or every smelter's in a province. */
  private scaleDemand(change: Extract<Change, { kind: "scaleDemand" }>, i: number): void {
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
  }

  /** Sets a port's export limits. */
  private portExport(change: Extract<Change, { kind: "setPortExport" }>, i: number): void {
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
  }

  /** Sets or removes the profile of one node, or of a province's plants, smelters or ports. */
  private seasonality(change: Extract<Change, { kind: "setSeasonality" }>, i: number): void {
    const { profile } = change;
    if (!this.needsPeriods(i, "profile")) return;
    const periods = this.network.periods?.length ?? 0;
    if (profile !== null && profile.length !== periods) {
      const got = `${profile.length} multipliers`;
      this.issue(i, ["profile"], `profile has ${got} but the network has ${periods} periods`);
      return;
    }
    const targets = this.holders(change, i, change.nodes);
    if (targets === undefined) return;
    const { list, found } = targets;
    const field = PROFILE_FIELD[list];
    for (const { at, item } of found) {
      // The field matches the node kind (PROFILE_FIELD), which the union of node types cannot see.
      const node = item as Partial<Record<typeof field, number[]>>;
      if (profile === null) delete node[field];
      else node[field] = [...profile];
      this.wrote(i, [list, at], [field], "profile");
    }
  }

  /** Sets or removes the inventory of one plant, smelter or port. */
  private inventory(change: Extract<Change, { kind: "setInventory" }>, i: number): void {
    if (!this.needsPeriods(i, "inventory")) return;
    const targets = this.holders(change, i, undefined);
    if (targets === undefined) return;
    const { list, found } = targets;
    for (const { at, item } of found) {
      if (change.inventory === null) delete item.inventory;
      else item.inventory = { ...change.inventory };
      this.wrote(i, [list, at], ["inventory"], "inventory");
    }
  }

  /** Sets a contract's bounds (null removes one), or adds the contract when its id is new. */
  private contract(change: Extract<Change, { kind: "setContract" }>, i: number): void {
    const contracts = this.network.contracts ?? [];
    let at = contracts.findIndex((c) => c.id === change.contract);
    if (at < 0) {
      if (change.plants === undefined || change.to === undefined) {
        const missing = change.plants === undefined ? "plants" : "to";
        this.issue(
          i,
          [missing],
          `"${change.contract}" is not a contract id; a new contract needs plants and to`,
        );
        return;
      }
      contracts.push({ id: change.contract, plants: [...change.plants], to: change.to });
      at = contracts.length - 1;
      this.network.contracts = contracts;
      this.wrote(i, ["contracts", at], ["plants"], "plants");
      this.wrote(i, ["contracts", at], ["to"], "to");
    }
    const contract = contracts[at];
    if (!contract) return;
    if (change.plants !== undefined) {
      contract.plants = [...change.plants];
      this.wrote(i, ["contracts", at], ["plants"], "plants");
    }
    if (change.to !== undefined) {
      contract.to = change.to;
      this.wrote(i, ["contracts", at], ["to"], "to");
    }
    for (const field of ["minT", "maxT"] as const) {
      const value = change[field];
      if (value === undefined) continue;
      if (value === null) delete contract[field];
      else contract[field] = value;
      this.wrote(i, ["contracts", at], [field], field);
    }
  }

  /** Profiles and stocks only mean something per period; without periods the change is an issue. */
  private needsPeriods(i: number, field: string): boolean {
    if (this.network.periods !== undefined) return true;
    this.issue(i, [field], `the network has no periods, so it takes no ${field}`);
    return false;
  }

  /** The node a change names by plantId, smelterId or portId, or a province's nodes of one kind. */
  private holders(
    ref: HolderRef,
    i: number,
    nodes: HolderList | undefined,
  ): { list: HolderList; found: Found<Plant | Smelter | Port>[] } | undefined {
    if (ref.province !== undefined && nodes !== undefined) {
      const found = [...this[nodes].values()].filter((n) => n.item.province === ref.province);
      if (found.length > 0) return { list: nodes, found };
      this.issue(i, ["province"], `no ${nodes.slice(0, -1)} is in province "${ref.province}"`);
      return undefined;
    }
    const [list, field, id] =
      ref.plantId !== undefined
        ? (["plants", "plantId", ref.plantId] as const)
        : ref.smelterId !== undefined
          ? (["smelters", "smelterId", ref.smelterId] as const)
          : (["ports", "portId", ref.portId ?? ""] as const);
    const found = this.find<Plant | Smelter | Port>(i, field, id, this[list], list.slice(0, -1));
    return found === undefined ? undefined : { list, found: [found] };
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
    this.editLane(lane.at, { ...lane.item, [field]: next });
    this.wrote(i, ["lanes", lane.at], [field], via);
  }

  /**
   * Puts `edited` in place of lane `at`. Lanes are replaced, never written to: a parsed lane may be
   * the caller's own object (parseLanesFast keeps lanes as given).
   */
  private editLane(at: number, edited: Lane): void {
    (this.network.lanes as Lane[])[at] = edited;
    const found = this.lanes?.get(laneKey(edited));
    if (found) found.item = edited;
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
