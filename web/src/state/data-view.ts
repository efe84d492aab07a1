// The Data tab's logic: the dataset's plants, smelters, ports and lanes as rows in the units their
// headers name; filtering, sorting and paging; cell edits as the scenario panel's changes and back;
// the network with the edits written in (Save as new dataset); which edit a problem's pointer names.
import type { Change, Network } from "../api.ts";
import { type LaneRow, laneKey, networkLanes } from "../lanes.ts";
import { formToChanges, type ScenarioForm } from "../scenario-form.ts";

export type DataTable = "plants" | "smelters" | "ports" | "lanes";

export const dataTables: readonly DataTable[] = ["plants", "smelters", "ports", "lanes"];

/** An editable cell's subject: which figure of which row. */
export type EditTarget =
  | { kind: "plantCapacity"; plantId: string }
  | { kind: "smelterDemand"; smelterId: string }
  | { kind: "portMaxExport"; portId: string }
  | { kind: "laneCost"; from: string; to: string; mode: string }
  | { kind: "laneClosed"; from: string; to: string; mode: string };

/** An edit's key: one per cell, so a second edit of a cell replaces the first. */
export function editKey(target: EditTarget): string {
  switch (target.kind) {
    case "plantCapacity":
      return `plant:${target.plantId}`;
    case "smelterDemand":
      return `smelter:${target.smelterId}`;
    case "portMaxExport":
      return `port:${target.portId}`;
    case "laneCost":
      return `lane-cost:${laneKey(target)}`;
    case "laneClosed":
      return `lane-closed:${laneKey(target)}`;
  }
}

/** The key of the edit a change stands for; undefined for changes the Data tab does not make. */
export function editKeyOfChange(change: Change): string | undefined {
  switch (change.kind) {
    case "setPlantCapacity":
      return editKey({ kind: "plantCapacity", plantId: change.plantId });
    case "setSmelterDemand":
      return editKey({ kind: "smelterDemand", smelterId: change.smelterId });
    case "setPortExport":
      return change.maxExportT === undefined
        ? undefined
        : editKey({ kind: "portMaxExport", portId: change.portId });
    case "setLaneCost":
      return `lane-cost:${laneKey(change)}`;
    case "closeLane":
      return `lane-closed:${laneKey(change)}`;
    default:
      return undefined;
  }
}

/** A smelter's anode demand, tonnes: demandT, else aluminiumT x the anode factor. */
export const smelterDemandT = (network: Network, smelter: Network["smelters"][number]) =>
  smelter.demandT ?? (smelter.aluminiumT ?? 0) * network.anodePerTonneAluminium;

/** What a cell holds in the dataset, in the header's unit (kt, CNY/t; closed: 1 or 0). */
export function datasetValue(network: Network, target: EditTarget): number | undefined {
  switch (target.kind) {
    case "plantCapacity": {
      const plant = network.plants.find((p) => p.id === target.plantId);
      return plant && plant.capacityT / 1000;
    }
    case "smelterDemand": {
      const smelter = network.smelters.find((s) => s.id === target.smelterId);
      return smelter && smelterDemandT(network, smelter) / 1000;
    }
    case "portMaxExport": {
      const port = network.ports.find((p) => p.id === target.portId);
      return port && port.maxExportT / 1000;
    }
    case "laneCost":
    case "laneClosed": {
      const key = laneKey(target);
      const lane = laneRows(network).find((l) => laneKey(l) === key);
      if (!lane) return undefined;
      return target.kind === "laneCost" ? lane.freightPerT : lane.capacityT === 0 ? 1 : 0;
    }
  }
}

// The lanes of a network are derived once per network object (12k rows for the cities dataset).
const lanesOf = new WeakMap<Network, LaneRow[]>();
export function laneRows(network: Network): LaneRow[] {
  let rows = lanesOf.get(network);
  if (!rows) {
    rows = networkLanes(network);
    lanesOf.set(network, rows);
  }
  return rows;
}

const tonnesFromKt = (kt: number) => Math.round(kt * 1000);
const typed = (value: string) => (value.trim() === "" ? undefined : Number(value.trim()));

/** The last item that passes (Array.prototype.findLast is newer than the page's target). */
function last<T>(items: readonly T[], test: (item: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i] as T)) return items[i];
  return undefined;
}

/** The value an edit sets, as typed ("" when the cell has no edit). */
export function editedValue(form: ScenarioForm, target: EditTarget): string {
  switch (target.kind) {
    case "plantCapacity":
      return last(form.plants, (r) => r.plantId === target.plantId)?.capacityKt ?? "";
    case "portMaxExport":
      return last(form.ports, (r) => r.portId === target.portId)?.maxKt ?? "";
    case "smelterDemand": {
      const change = last(
        form.other,
        (c) => c.kind === "setSmelterDemand" && c.smelterId === target.smelterId,
      );
      return change?.kind === "setSmelterDemand" ? String(change.demandT / 1000) : "";
    }
    case "laneCost": {
      const key = editKey(target);
      const change = last(form.other, (c) => editKeyOfChange(c) === key);
      return change?.kind === "setLaneCost" ? String(change.costPerT) : "";
    }
    case "laneClosed": {
      const key = editKey(target);
      return form.other.some((c) => editKeyOfChange(c) === key) ? "1" : "";
    }
  }
}

/**
 * The form with a cell's edit: plant capacity and port limits in the panel's own rows, the rest
 * as changes kept beside them. A value equal to the dataset's, or blank, takes the edit away.
 */
export function applyEdit(
  form: ScenarioForm,
  network: Network,
  target: EditTarget,
  value: string,
): ScenarioForm {
  const without = removeEdit(form, editKey(target));
  const number = typed(value);
  if (number === undefined) return without;
  const current = datasetValue(network, target);
  if (current !== undefined && Math.abs(number - current) < 1e-9) return without;
  switch (target.kind) {
    case "plantCapacity":
      return {
        ...without,
        plants: [...without.plants, { plantId: target.plantId, capacityKt: value.trim() }],
      };
    case "portMaxExport": {
      const at = without.ports.findIndex((r) => r.portId === target.portId);
      if (at >= 0)
        return {
          ...without,
          ports: without.ports.map((r, i) => (i === at ? { ...r, maxKt: value.trim() } : r)),
        };
      return {
        ...without,
        ports: [
          ...without.ports,
          { portId: target.portId, minKt: "", maxKt: value.trim(), fobPerT: "" },
        ],
      };
    }
    case "smelterDemand":
      return {
        ...without,
        other: [
          ...without.other,
          { kind: "setSmelterDemand", smelterId: target.smelterId, demandT: tonnesFromKt(number) },
        ],
      };
    case "laneCost": {
      const { from, to, mode } = target;
      return {
        ...without,
        other: [...without.other, { kind: "setLaneCost", from, to, mode, costPerT: number }],
      };
    }
    case "laneClosed": {
      const { from, to, mode } = target;
      return number === 0
        ? without
        : { ...without, other: [...without.other, { kind: "closeLane", from, to, mode }] };
    }
  }
}

/** The form without the edit of this key (a port row keeps its minimum and price). */
export function removeEdit(form: ScenarioForm, key: string): ScenarioForm {
  const [kind, id] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)];
  if (kind === "plant") return { ...form, plants: form.plants.filter((r) => r.plantId !== id) };
  if (kind === "port")
    return {
      ...form,
      ports: form.ports
        .map((r) => (r.portId === id ? { ...r, maxKt: "" } : r))
        .filter((r) => r.portId !== id || r.minKt !== "" || r.fobPerT !== ""),
    };
  return { ...form, other: form.other.filter((c) => editKeyOfChange(c) !== key) };
}

/** A pending edit, as the Data tab lists it: its key, in words, and its change's place in the request. */
export interface PendingEdit {
  key: string;
  label: string;
  /** Index of its change among the form's changes (what /changes/{i} pointers name). */
  index: number;
}

/** The edits the panel's changes hold that a table cell stands for, in the order they are sent. */
export function pendingEdits(form: ScenarioForm, network: Network | undefined): PendingEdit[] {
  if (!network) return [];
  const names = nameIndex(network);
  const name = (id: string) => names.get(id) ?? id;
  const kt = (t: number) => `${(t / 1000).toLocaleString("en-GB")} kt`;
  const edits: PendingEdit[] = [];
  formToChanges(form, network).changes.forEach((change, index) => {
    const key = editKeyOfChange(change);
    if (key === undefined) return;
    const lane = (c: { from: string; to: string; mode: string }) =>
      `${name(c.from)} to ${name(c.to)} by ${c.mode}`;
    const label =
      change.kind === "setPlantCapacity"
        ? `Capacity of ${name(change.plantId)}: ${kt(change.capacityT)}`
        : change.kind === "setSmelterDemand"
          ? `Demand of ${name(change.smelterId)}: ${kt(change.demandT)}`
          : change.kind === "setPortExport"
            ? `Export limit of ${name(change.portId)}: ${kt(change.maxExportT ?? 0)}`
            : change.kind === "setLaneCost"
              ? `Freight ${lane(change)}: ${change.costPerT} CNY/t`
              : change.kind === "closeLane"
                ? `Closed: ${lane(change)}`
                : change.kind;
    edits.push({ key, label, index });
  });
  return edits;
}

const nameIndexes = new WeakMap<Network, Map<string, string>>();
/** Site names by id (plants, smelters, ports). */
export function nameIndex(network: Network): Map<string, string> {
  let names = nameIndexes.get(network);
  if (!names) {
    names = new Map(
      [...network.plants, ...network.smelters, ...network.ports].map((s) => [s.id, s.name]),
    );
    nameIndexes.set(network, names);
  }
  return names;
}

/**
 * The network with the edits written in, to store as a new dataset: a plant's capacity (its
 * minimum output lowered to it, as setPlantCapacity does), a smelter's demandT (its aluminiumT
 * dropped), a port's maxExportT, a lane's costPerT or capacity 0. Lane edits on a network of
 * implied lanes write every lane out, so that only the edited ones change.
 */
export function editedNetwork(network: Network, form: ScenarioForm, name: string): Network {
  const changes = formToChanges(form, network).changes;
  const plants = network.plants.map((p) => ({ ...p }));
  const smelters = network.smelters.map((s) => ({ ...s }));
  const ports = network.ports.map((p) => ({ ...p }));
  const laneEdits = new Map<string, { costPerT?: number; capacityT?: number }>();
  for (const change of changes) {
    if (change.kind === "setPlantCapacity") {
      const plant = plants.find((p) => p.id === change.plantId);
      if (plant) {
        plant.capacityT = change.capacityT;
        plant.minOutputT = Math.min(plant.minOutputT, change.capacityT);
      }
    } else if (change.kind === "setSmelterDemand") {
      const smelter = smelters.find((s) => s.id === change.smelterId);
      if (smelter) {
        smelter.demandT = change.demandT;
        delete smelter.aluminiumT;
      }
    } else if (change.kind === "setPortExport" && change.maxExportT !== undefined) {
      const port = ports.find((p) => p.id === change.portId);
      if (port) port.maxExportT = change.maxExportT;
    } else if (change.kind === "setLaneCost" || change.kind === "closeLane") {
      const key = laneKey(change);
      const edit = laneEdits.get(key) ?? {};
      if (change.kind === "setLaneCost") edit.costPerT = change.costPerT;
      else edit.capacityT = 0;
      laneEdits.set(key, edit);
    }
  }
  const edited: Network = { ...network, name, plants, smelters, ports };
  if (laneEdits.size > 0) {
    const lanes =
      network.lanes ?? laneRows(network).map(({ from, to, mode }) => ({ from, to, mode }));
    edited.lanes = lanes.map((lane) => ({ ...lane, ...laneEdits.get(laneKey(lane)) }));
  }
  return edited;
}

/**
 * The edit a problem's pointer names: /changes/{i}/... (a solve or a saved scenario) by the change's
 * place, /network/{list}/{i}/... (a new dataset) by the row's id in the network.
 */
export function editOfPointer(
  pointer: string,
  form: ScenarioForm,
  network: Network,
): string | undefined {
  const change = /^\/changes\/(\d+)(\/|$)/.exec(pointer);
  if (change) {
    const sent = formToChanges(form, network).changes[Number(change[1])];
    return sent === undefined ? undefined : editKeyOfChange(sent);
  }
  const row = /^\/network\/(plants|smelters|ports|lanes)\/(\d+)(\/|$)/.exec(pointer);
  if (!row) return undefined;
  const index = Number(row[2]);
  if (row[1] === "plants") {
    const id = network.plants[index]?.id;
    return id === undefined ? undefined : editKey({ kind: "plantCapacity", plantId: id });
  }
  if (row[1] === "smelters") {
    const id = network.smelters[index]?.id;
    return id === undefined ? undefined : editKey({ kind: "smelterDemand", smelterId: id });
  }
  if (row[1] === "ports") {
    const id = network.ports[index]?.id;
    return id === undefined ? undefined : editKey({ kind: "portMaxExport", portId: id });
  }
  const lane = (network.lanes ?? laneRows(network))[index];
  if (!lane) return undefined;
  const closed = pointer.endsWith("/capacityT");
  return editKey({ kind: closed ? "laneClosed" : "laneCost", ...lane });
}

/** Rows that hold the text (any of their named fields, case-insensitive) and are in the province. */
export function filterRows<Row>(
  rows: readonly Row[],
  text: string,
  fields: (row: Row) => readonly string[],
  province: string,
  provinces: (row: Row) => readonly string[],
): Row[] {
  const needle = text.trim().toLowerCase();
  return rows.filter(
    (row) =>
      (province === "" || provinces(row).includes(province)) &&
      (needle === "" || fields(row).some((field) => field.toLowerCase().includes(needle))),
  );
}

/** Sorted by a value (numbers by size, text by locale); missing values last either way. */
export function sortRows<Row>(
  rows: readonly Row[],
  value: (row: Row) => number | string | null,
  descending: boolean,
): Row[] {
  const direction = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) return va === vb ? 0 : va === null ? 1 : -1;
    const order =
      typeof va === "number" && typeof vb === "number"
        ? va - vb
        : String(va).localeCompare(String(vb));
    return order * direction;
  });
}

/** One page of rows (0-based page, clamped to the last), with what the page shows of how many. */
export function pageOf<Row>(rows: readonly Row[], page: number, size: number) {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const at = Math.min(Math.max(0, page), pages - 1);
  return {
    rows: rows.slice(at * size, at * size + size),
    page: at,
    pages,
    first: rows.length === 0 ? 0 : at * size + 1,
    last: Math.min(rows.length, at * size + size),
  };
}
