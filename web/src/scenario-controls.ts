// The scenario panel's controls for contracts, seasonality, hubs and corridors: each row as typed,
// the one change it stands for (or the message saying why it stands for none), and back.
import type { Change, Network } from "./api.ts";

/** A contract's bounds set, or a new contract (plants and destination) added; kt as typed. */
export interface ContractRow {
  /** The contract's id: an existing one, or the new one's. */
  contract: string;
  /** Whether the row adds a contract the network does not have. */
  isNew: boolean;
  plants: string[];
  to: string;
  minKt: string;
  maxKt: string;
}

/** A node's seasonal profile: "plant:id", "smelter:id" or "port:id", one multiplier per period. */
export interface SeasonRow {
  target: string;
  profile: string[];
  /** Remove the node's profile (spread by weight) instead of setting one. */
  remove: boolean;
}

export interface CorridorRow {
  corridor: string;
  factor: string;
}

/** What one row stands for: its change, or why it has none (blank rows stand for nothing). */
export type Control =
  | { change: Change; field: string; label: string }
  | { problem: { field: string; message: string } }
  | null;

/** A number typed in a field; blank is undefined, anything else unparsable is NaN. */
function typed(value: string): number | undefined {
  const trimmed = value.trim();
  return trimmed === "" ? undefined : Number(trimmed);
}

const tonnesFromKt = (value: number) => Math.round(value * 1000);
const kt = (tonnes: number) => String(tonnes / 1000);
const idPattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const problem = (field: string, message: string): Control => ({ problem: { field, message } });

/** The change a contract row stands for. */
export function contractControl(
  row: ContractRow,
  i: number,
  network: Network | undefined,
): Control {
  const existing = network?.contracts?.find((c) => c.id === row.contract);
  const minKt = typed(row.minKt);
  const maxKt = typed(row.maxKt);
  for (const [value, field, what] of [
    [minKt, `contract-${i}-min`, "minimum"],
    [maxKt, `contract-${i}-max`, "maximum"],
  ] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      return problem(field, `The contract's ${what} must be a number of kt, 0 or more.`);
    }
  }
  if (minKt !== undefined && maxKt !== undefined && minKt > maxKt) {
    return problem(`contract-${i}-min`, "The contract's minimum exceeds its maximum.");
  }
  const bounds = {
    ...(minKt === undefined ? {} : { minT: tonnesFromKt(minKt) }),
    ...(maxKt === undefined ? {} : { maxT: tonnesFromKt(maxKt) }),
  };
  if (!row.isNew) {
    if (row.contract === "") return null;
    if (existing === undefined) {
      return problem(`contract-${i}`, `The network has no contract ${row.contract}.`);
    }
    if (minKt === undefined && maxKt === undefined) return null;
    return {
      change: { kind: "setContract", contract: row.contract, ...bounds },
      field: minKt === undefined ? `contract-${i}-max` : `contract-${i}-min`,
      label: `contract ${row.contract} ${
        minKt === undefined
          ? `max ${maxKt}`
          : maxKt === undefined
            ? `min ${minKt}`
            : `${minKt}-${maxKt}`
      } kt`,
    };
  }
  const id = row.contract.trim();
  if (!idPattern.test(id)) {
    return problem(
      `contract-${i}-id`,
      "Give the new contract an id: letters, digits, '_', '.' or '-', at most 64.",
    );
  }
  if (existing !== undefined) {
    return problem(`contract-${i}-id`, `The network already has a contract ${id}.`);
  }
  if (row.plants.length === 0) {
    return problem(`contract-${i}-plants`, "Pick at least one plant for the new contract.");
  }
  if (row.to === "") {
    return problem(`contract-${i}-to`, "Pick the new contract's destination.");
  }
  return {
    change: { kind: "setContract", contract: id, plants: [...row.plants], to: row.to, ...bounds },
    field: `contract-${i}-id`,
    label: `new contract ${id}`,
  };
}

const targetKeys = { plant: "plantId", smelter: "smelterId", port: "portId" } as const;

/** The change a seasonality row stands for; the network's periods name its multipliers. */
export function seasonControl(row: SeasonRow, i: number, network: Network | undefined): Control {
  const [kind, id] = row.target.split(":", 2) as [string, string | undefined];
  const key = targetKeys[kind as keyof typeof targetKeys];
  if (key === undefined || id === undefined || id === "") return null;
  const target = { [key]: id } as { plantId: string } | { smelterId: string } | { portId: string };
  if (row.remove) {
    return {
      change: { kind: "setSeasonality", ...target, profile: null },
      field: `season-${i}-remove`,
      label: `${id} profile removed`,
    };
  }
  const periods = network?.periods ?? [];
  if (periods.length === 0) {
    return problem(`season-${i}`, "The dataset has no periods to set a profile over.");
  }
  const values = periods.map((_, p) => typed(row.profile[p] ?? ""));
  if (values.every((v) => v === undefined)) return null;
  const profile: number[] = [];
  for (const [p, value] of values.entries()) {
    const field = `season-${i}-${p}`;
    const period = periods[p]?.id ?? String(p + 1);
    if (value === undefined) return problem(field, `Enter a multiplier for ${period}.`);
    if (!(Number.isFinite(value) && value >= 0 && value <= 100)) {
      return problem(field, `The multiplier for ${period} must be a number from 0 to 100.`);
    }
    profile.push(value);
  }
  return {
    change: { kind: "setSeasonality", ...target, profile },
    field: `season-${i}-0`,
    label: `${id} profile`,
  };
}

export function hubControl(hub: string, i: number): Control {
  if (hub === "") return null;
  return { change: { kind: "closeHub", hub }, field: `hub-${i}`, label: `${hub} closed` };
}

export function corridorControl(row: CorridorRow, i: number): Control {
  const factor = typed(row.factor);
  if (row.corridor === "" || factor === undefined) return null;
  if (!(Number.isFinite(factor) && factor >= 0)) {
    return problem(`corridor-${i}-factor`, "The capacity factor must be a number, 0 or more.");
  }
  return {
    change: { kind: "scaleCorridorCapacity", corridor: row.corridor, factor },
    field: `corridor-${i}-factor`,
    label: `${row.corridor} capacity x${factor}`,
  };
}

/** The row a setContract change stands for, if the panel can show it (no bound removed). */
export function contractRowOf(
  change: Extract<Change, { kind: "setContract" }>,
): ContractRow | null {
  if (change.minT === null || change.maxT === null) return null;
  return {
    contract: change.contract,
    isNew: change.plants !== undefined,
    plants: change.plants ?? [],
    to: change.to ?? "",
    minKt: change.minT === undefined ? "" : kt(change.minT),
    maxKt: change.maxT === undefined ? "" : kt(change.maxT),
  };
}

/** The row a setSeasonality change stands for, if it names one node (not a province's). */
export function seasonRowOf(change: Extract<Change, { kind: "setSeasonality" }>): SeasonRow | null {
  const target =
    change.plantId !== undefined
      ? `plant:${change.plantId}`
      : change.smelterId !== undefined
        ? `smelter:${change.smelterId}`
        : change.portId !== undefined
          ? `port:${change.portId}`
          : undefined;
  if (target === undefined) return null;
  return {
    target,
    profile: change.profile === null ? [] : change.profile.map(String),
    remove: change.profile === null,
  };
}
