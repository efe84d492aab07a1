// The scenario panel's state and the typed changes it stands for, both ways, with each change's field.
import type { Change, Network } from "./api.ts";
import {
  type ContractRow,
  type Control,
  type CorridorRow,
  contractControl,
  contractRowOf,
  corridorControl,
  hubControl,
  type SeasonRow,
  seasonControl,
  seasonRowOf,
} from "./scenario-controls.ts";

export type { ContractRow, CorridorRow, SeasonRow } from "./scenario-controls.ts";

/** Values as typed: strings, so a half-typed number stays as it is; "" means no change. */
export interface PlantRow {
  plantId: string;
  capacityKt: string;
}
export interface ProvinceRow {
  province: string;
  demandPct: string;
}
export interface PortRow {
  portId: string;
  minKt: string;
  maxKt: string;
  fobPerT: string;
}

/** A lane to close: plant, destination (smelter or port) and mode ids; "" while not chosen. */
export interface LaneRow {
  from: string;
  to: string;
  mode: string;
}

export interface ScenarioForm {
  /** Tariff multiplier per mode id. */
  modeFactors: Record<string, string>;
  plants: PlantRow[];
  provinces: ProvinceRow[];
  ports: PortRow[];
  /** Lanes closed (capacity 0), each a closeLane change. */
  closedLanes: LaneRow[];
  /** Contracts' bounds set or contracts added, each a setContract change. */
  contracts: ContractRow[];
  /** Nodes' seasonal profiles, each a setSeasonality change. */
  seasons: SeasonRow[];
  /** Hub ids closed, each a closeHub change. */
  closedHubs: string[];
  /** Corridors' capacity scaled, each a scaleCorridorCapacity change. */
  corridors: CorridorRow[];
  anodeFactor: string;
  carbonPricePerT: string;
  /** Cap on CO2 (transport, plus production where plants give it), kt per year; "" leaves it. */
  co2CapKt: string;
  /** "minCost" or "maxMargin"; "" leaves the dataset's. */
  objective: string;
  /** Changes of kinds the panel has no control for (from a loaded scenario): kept as they are. */
  other: Change[];
}

export const emptyForm = (): ScenarioForm => ({
  modeFactors: {},
  plants: [],
  provinces: [],
  ports: [],
  closedLanes: [],
  contracts: [],
  seasons: [],
  closedHubs: [],
  corridors: [],
  anodeFactor: "",
  carbonPricePerT: "",
  co2CapKt: "",
  objective: "",
  other: [],
});

/** A number typed in a field; blank is undefined, anything else unparsable is NaN (the API says why). */
function typed(value: string): number | undefined {
  const trimmed = value.trim();
  return trimmed === "" ? undefined : Number(trimmed);
}

const tonnesFromKt = (value: number) => Math.round(value * 1000);

export interface FormChanges {
  changes: Change[];
  /** The id of the control behind each change, to point at it when the API rejects the change. */
  fields: string[];
  /** Readable names of the changes, for a scenario's default name. */
  labels: string[];
  /** Why a control stands for no change, by its field id: those controls are left out until fixed. */
  problems: Record<string, string>;
}

export function formToChanges(form: ScenarioForm, network: Network | undefined): FormChanges {
  const changes: Change[] = [];
  const fields: string[] = [];
  const labels: string[] = [];
  const problems: Record<string, string> = {};
  const add = (change: Change, field: string, label: string) => {
    changes.push(change);
    fields.push(field);
    labels.push(label);
  };
  const control = (made: Control) => {
    if (made === null) return;
    if ("problem" in made) problems[made.problem.field] = made.problem.message;
    else add(made.change, made.field, made.label);
  };
  for (const mode of network?.modes ?? []) {
    const factor = typed(form.modeFactors[mode.id] ?? "");
    if (factor !== undefined && factor !== 1) {
      add(
        { kind: "scaleModeCost", mode: mode.id, factor },
        `mode-${mode.id}`,
        `${mode.id} x${factor}`,
      );
    }
  }
  form.plants.forEach((row, i) => {
    const kt = typed(row.capacityKt);
    if (row.plantId === "" || kt === undefined) return;
    add(
      { kind: "setPlantCapacity", plantId: row.plantId, capacityT: tonnesFromKt(kt) },
      `plant-${i}-capacity`,
      `${row.plantId} ${kt} kt`,
    );
  });
  form.provinces.forEach((row, i) => {
    const pct = typed(row.demandPct);
    if (row.province === "" || pct === undefined) return;
    add(
      { kind: "scaleDemand", province: row.province, factor: pct / 100 },
      `province-${i}-demand`,
      `${row.province} demand ${pct} %`,
    );
  });
  form.ports.forEach((row, i) => {
    if (row.portId === "") return;
    const minKt = typed(row.minKt);
    const maxKt = typed(row.maxKt);
    if (minKt !== undefined || maxKt !== undefined) {
      add(
        {
          kind: "setPortExport",
          portId: row.portId,
          ...(minKt === undefined ? {} : { minExportT: tonnesFromKt(minKt) }),
          ...(maxKt === undefined ? {} : { maxExportT: tonnesFromKt(maxKt) }),
        },
        minKt === undefined ? `port-${i}-max` : `port-${i}-min`,
        `${row.portId} exports`,
      );
    }
    const fob = typed(row.fobPerT);
    if (fob !== undefined) {
      add(
        { kind: "setPortPrice", portId: row.portId, fobPricePerT: fob },
        `port-${i}-fob`,
        `${row.portId} FOB ${fob}`,
      );
    }
  });
  form.closedLanes.forEach((row, i) => {
    if (row.from === "" || row.to === "" || row.mode === "") return;
    add(
      { kind: "closeLane", from: row.from, to: row.to, mode: row.mode },
      `lane-${i}-to`,
      `${row.from} to ${row.to} by ${row.mode} closed`,
    );
  });
  for (const [i, row] of form.contracts.entries()) control(contractControl(row, i, network));
  for (const [i, row] of form.seasons.entries()) control(seasonControl(row, i, network));
  for (const [i, hub] of form.closedHubs.entries()) control(hubControl(hub, i));
  for (const [i, row] of form.corridors.entries()) control(corridorControl(row, i));
  const anode = typed(form.anodeFactor);
  if (anode !== undefined) {
    add(
      { kind: "setAnodeFactor", anodePerTonneAluminium: anode },
      "anode-factor",
      `anode ${anode} t/t`,
    );
  }
  const carbon = typed(form.carbonPricePerT);
  if (carbon !== undefined) {
    add(
      { kind: "setCarbonPrice", carbonPricePerT: carbon },
      "carbon-price",
      `carbon ${carbon} CNY/t`,
    );
  }
  const co2CapKt = typed(form.co2CapKt);
  if (co2CapKt !== undefined) {
    add(
      { kind: "setCo2Cap", co2CapT: tonnesFromKt(co2CapKt) },
      "co2-cap",
      `CO2 cap ${co2CapKt} kt`,
    );
  }
  if (form.objective === "minCost" || form.objective === "maxMargin") {
    add(
      { kind: "setObjective", objective: form.objective },
      "objective",
      form.objective === "maxMargin" ? "most margin" : "least cost",
    );
  }
  for (const change of form.other) add(change, "other-changes", otherLabel(change));
  return { changes, fields, labels, problems };
}

/** A kept change in words, for a scenario's default name (the Data tab's edits among them). */
function otherLabel(change: Change): string {
  switch (change.kind) {
    case "setSmelterDemand":
      return `${change.smelterId} demand ${change.demandT / 1000} kt`;
    case "setLaneCost":
      return `${change.from}>${change.to} ${change.mode} ${change.costPerT} CNY/t`;
    case "closeLane":
      return `${change.from}>${change.to} ${change.mode} closed`;
    default:
      return change.kind;
  }
}

const kt = (tonnes: number) => String(tonnes / 1000);

/** The form that stands for a stored scenario's changes; kinds without a control go to `other`. */
export function changesToForm(changes: readonly Change[]): ScenarioForm {
  const form = emptyForm();
  const portRow = (portId: string) => {
    let row = form.ports.find((p) => p.portId === portId);
    if (row === undefined) {
      row = { portId, minKt: "", maxKt: "", fobPerT: "" };
      form.ports.push(row);
    }
    return row;
  };
  for (const change of changes) {
    switch (change.kind) {
      case "scaleModeCost":
        if (form.modeFactors[change.mode] === undefined) {
          form.modeFactors[change.mode] = String(change.factor);
        } else form.other.push(change);
        break;
      case "setPlantCapacity":
        form.plants.push({ plantId: change.plantId, capacityKt: kt(change.capacityT) });
        break;
      case "scaleDemand":
        if (change.province !== undefined) {
          form.provinces.push({
            province: change.province,
            demandPct: String(change.factor * 100),
          });
        } else form.other.push(change);
        break;
      case "setPortExport": {
        const row = portRow(change.portId);
        if (change.minExportT !== undefined) row.minKt = kt(change.minExportT);
        if (change.maxExportT !== undefined) row.maxKt = kt(change.maxExportT);
        break;
      }
      case "setPortPrice":
        portRow(change.portId).fobPerT = String(change.fobPricePerT);
        break;
      case "setAnodeFactor":
        form.anodeFactor = String(change.anodePerTonneAluminium);
        break;
      case "setCarbonPrice":
        form.carbonPricePerT = String(change.carbonPricePerT);
        break;
      case "setCo2Cap":
        // A cap removed (null) has no field: it stays among the other changes.
        if (change.co2CapT === null) form.other.push(change);
        else form.co2CapKt = kt(change.co2CapT);
        break;
      case "setObjective":
        form.objective = change.objective;
        break;
      case "closeLane":
        form.closedLanes.push({ from: change.from, to: change.to, mode: change.mode });
        break;
      case "setContract": {
        const row = contractRowOf(change);
        if (row === null) form.other.push(change);
        else form.contracts.push(row);
        break;
      }
      case "setSeasonality": {
        const row = seasonRowOf(change);
        if (row === null) form.other.push(change);
        else form.seasons.push(row);
        break;
      }
      case "closeHub":
        form.closedHubs.push(change.hub);
        break;
      case "scaleCorridorCapacity":
        form.corridors.push({ corridor: change.corridor, factor: String(change.factor) });
        break;
      default:
        form.other.push(change);
    }
  }
  return form;
}

/** The control a problem's pointer (/changes/3/...) names, if it names a change the form made. */
export function fieldOfPointer(pointer: string, fields: readonly string[]): string | undefined {
  const match = /^\/changes\/(\d+)(\/|$)/.exec(pointer);
  return match?.[1] === undefined ? undefined : fields[Number(match[1])];
}
