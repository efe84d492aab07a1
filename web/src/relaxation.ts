// An infeasible plan's cheapest relaxation as the panel's changes: each relaxed limit written as the
// scenario change that sets it, on top of the changes the panel already holds, so one click re-plans.
import type { Change, Network, Plan } from "./api.ts";
import type { ScenarioForm } from "./scenario-form.ts";

export type RelaxationChange = NonNullable<Plan["diagnosis"]>["relaxation"] extends infer R
  ? R extends { changes: (infer C)[] }
    ? C
    : never
  : never;

export type RelaxedForm =
  | { ok: true; form: ScenarioForm; labels: string[] }
  /** Limits the page has no change for (a period's limit, a route, a hub...), in the API's words. */
  | { ok: false; unsupported: string[] };

const kt = (tonnes: number) => String(tonnes / 1000);
const typedKt = (value: string) => (value.trim() === "" ? undefined : Number(value) * 1000);
// The relaxation's tonnes are fractional: a limit raised to the next whole tonne (lowered to the one
// below) holds the relaxed plan with room for the solver's tolerance.
const up = (tonnes: number) => Math.ceil(tonnes - 1e-6);
const down = (tonnes: number) => Math.max(0, Math.floor(tonnes + 1e-6));

/** The last change of a kind in `other` that `match` accepts. */
function lastOther<K extends Change["kind"]>(
  other: readonly Change[],
  kind: K,
  match: (change: Extract<Change, { kind: K }>) => boolean,
): Extract<Change, { kind: K }> | undefined {
  const found = other.filter(
    (c): c is Extract<Change, { kind: K }> =>
      c.kind === kind && match(c as Extract<Change, { kind: K }>),
  );
  return found[found.length - 1];
}

/**
 * A smelter's anode demand as the panel's changes leave it: a setSmelterDemand among the other
 * changes, else its demandT or aluminiumT by the anode factor (the panel's or the network's),
 * scaled by its province's row.
 */
function smelterDemandT(network: Network, form: ScenarioForm, smelterId: string): number | null {
  const set = lastOther(form.other, "setSmelterDemand", (c) => c.smelterId === smelterId);
  if (set) return set.demandT;
  const smelter = network.smelters.find((s) => s.id === smelterId);
  if (!smelter) return null;
  const factor = Number(form.anodeFactor.trim() || network.anodePerTonneAluminium);
  const base = smelter.demandT ?? (smelter.aluminiumT ?? 0) * factor;
  const pct = form.provinces.find((p) => p.province === smelter.province)?.demandPct ?? "";
  return pct.trim() === "" ? base : (base * Number(pct)) / 100;
}

/**
 * The panel's form with the relaxation's changes on it: a plant's capacity and a port's limits in
 * their rows, the CO2 cap in its field, a smelter's demand and a lane's capacity among the other changes. Only
 * when every change can be written: a partial relaxation would leave the plan infeasible.
 */
export function relaxedForm(
  network: Network,
  form: ScenarioForm,
  changes: readonly RelaxationChange[],
): RelaxedForm {
  const next: ScenarioForm = {
    ...form,
    plants: form.plants.map((r) => ({ ...r })),
    ports: form.ports.map((r) => ({ ...r })),
    other: [...form.other],
  };
  const labels: string[] = [];
  const unsupported: string[] = [];
  const setOther = (change: Change, same: (c: Change) => boolean) => {
    next.other = [...next.other.filter((c) => !same(c)), change];
  };
  const portRow = (portId: string) => {
    let row = next.ports.find((p) => p.portId === portId);
    if (!row) {
      row = { portId, minKt: "", maxKt: "", fobPerT: "" };
      next.ports.push(row);
    }
    return row;
  };
  for (const change of changes) {
    if (change.period !== undefined) {
      unsupported.push(change.description);
      continue;
    }
    switch (change.limit) {
      case "capacity": {
        const plant = network.plants.find((p) => p.id === change.id);
        const row = next.plants.find((p) => p.plantId === change.id);
        const capacityT = (row && typedKt(row.capacityKt)) ?? plant?.capacityT;
        if (capacityT === undefined) {
          unsupported.push(change.description);
          break;
        }
        const to = kt(up(capacityT + change.byT));
        if (row) row.capacityKt = to;
        else next.plants.push({ plantId: change.id, capacityKt: to });
        labels.push(`${change.id} capacity ${to} kt`);
        break;
      }
      case "maxExport":
      case "minExport": {
        const port = network.ports.find((p) => p.id === change.id);
        if (!port) {
          unsupported.push(change.description);
          break;
        }
        const row = portRow(change.id);
        if (change.limit === "maxExport") {
          const fromT = typedKt(row.maxKt) ?? port.maxExportT;
          row.maxKt = kt(up(fromT + change.byT));
          labels.push(`${change.id} max export ${row.maxKt} kt`);
        } else {
          const fromT = typedKt(row.minKt) ?? port.minExportT;
          row.minKt = kt(down(fromT - change.byT));
          labels.push(`${change.id} min export ${row.minKt} kt`);
        }
        break;
      }
      case "demand": {
        const demandT = smelterDemandT(network, next, change.id);
        if (demandT === null) {
          unsupported.push(change.description);
          break;
        }
        const smelterId = change.id;
        const to = down(demandT - change.byT);
        setOther(
          { kind: "setSmelterDemand", smelterId, demandT: to },
          (c) => c.kind === "setSmelterDemand" && c.smelterId === smelterId,
        );
        labels.push(`${smelterId} demand ${kt(to)} kt`);
        break;
      }
      case "co2Cap": {
        const capT = typedKt(next.co2CapKt) ?? network.options?.co2CapT;
        if (capT === undefined || capT === null) {
          unsupported.push(change.description);
          break;
        }
        next.co2CapKt = kt(up(capT + change.byT));
        labels.push(`CO2 cap ${next.co2CapKt} kt`);
        break;
      }
      case "laneCapacity": {
        const match = /^(.+)>(.+):(.+)$/.exec(change.id);
        const [, from = "", to = "", mode = ""] = match ?? [];
        const lane = network.lanes?.find((l) => l.from === from && l.to === to && l.mode === mode);
        const set = lastOther(
          next.other,
          "setLaneCapacity",
          (c) => c.from === from && c.to === to && c.mode === mode,
        );
        const capT = set ? set.capacityT : lane?.capacityT;
        if (!match || capT === undefined) {
          unsupported.push(change.description);
          break;
        }
        const capacityT = up(capT + change.byT);
        setOther(
          { kind: "setLaneCapacity", from, to, mode, capacityT },
          (c) => c.kind === "setLaneCapacity" && c.from === from && c.to === to && c.mode === mode,
        );
        labels.push(`lane ${change.id} ${kt(capacityT)} kt`);
        break;
      }
      default:
        unsupported.push(change.description);
    }
  }
  return unsupported.length > 0 ? { ok: false, unsupported } : { ok: true, form: next, labels };
}
