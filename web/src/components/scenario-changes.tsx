// The scenario panel's changes, one fieldset per kind: tariffs, plant capacity, province demand,
// exports and the economy; each list's rows are the components of scenario-rows.tsx.
import type { Network } from "../api.ts";
import type { ScenarioForm } from "../scenario-form.ts";
import {
  type Field,
  InlineNumber,
  LaneChangeRow,
  PlantChangeRow,
  PortChangeRow,
  ProvinceChangeRow,
} from "./scenario-rows.tsx";

/** What each fieldset is given: the form, a way to change part of it, and its fields' marks. */
interface Part {
  network: Network | undefined;
  form: ScenarioForm;
  set: (patch: Partial<ScenarioForm>) => void;
  field: Field;
}

type RowList = "plants" | "provinces" | "ports" | "closedLanes";

/** What a row of a list is given: its place, and how to change or remove it. */
function rowOf<K extends RowList>(part: Part, key: K, row: ScenarioForm[K][number], index: number) {
  const { form, set, field } = part;
  return {
    index,
    row,
    field,
    onChange: (patch: Partial<ScenarioForm[K][number]>) =>
      set({
        [key]: (form[key] as ScenarioForm[K][number][]).map((r, i) =>
          i === index ? { ...r, ...patch } : r,
        ),
      }),
    onRemove: () => set({ [key]: form[key].filter((_, i) => i !== index) }),
  };
}

export function ChangeFieldsets(part: Part) {
  return (
    <>
      <Tariffs {...part} />
      <PlantChanges {...part} />
      <ProvinceChanges {...part} />
      <PortChanges {...part} />
      <ClosedLanes {...part} />
      <Economy {...part} />
    </>
  );
}

function Tariffs({ network, form, set, field }: Part) {
  return (
    <fieldset>
      <legend>Tariffs</legend>
      {network?.modes.map((mode) => (
        <InlineNumber
          key={mode.id}
          id={`mode-${mode.id}`}
          label={`${capitalise(mode.id)} tariff ×`}
          field={field}
          step="0.05"
          placeholder="1"
          value={form.modeFactors[mode.id] ?? ""}
          onValue={(value) => set({ modeFactors: { ...form.modeFactors, [mode.id]: value } })}
        />
      ))}
    </fieldset>
  );
}

function PlantChanges(part: Part) {
  const { network, form, set } = part;
  const plants = [...(network?.plants ?? [])].sort(
    (a, b) => a.province.localeCompare(b.province) || a.name.localeCompare(b.name),
  );
  return (
    <fieldset>
      <legend>Plant capacity</legend>
      {form.plants.map((row, i) => (
        <PlantChangeRow key={`plants-${i}`} {...rowOf(part, "plants", row, i)} plants={plants} />
      ))}
      <AddButton
        label="+ Plant capacity"
        disabled={plants.length === 0}
        onClick={() =>
          set({ plants: [...form.plants, { plantId: plants[0]?.id ?? "", capacityKt: "" }] })
        }
      />
    </fieldset>
  );
}

function ProvinceChanges(part: Part) {
  const { network, form, set } = part;
  const provinces = [...new Set(network?.smelters.map((s) => s.province) ?? [])].sort();
  return (
    <fieldset>
      <legend>Province demand</legend>
      {form.provinces.map((row, i) => (
        <ProvinceChangeRow
          key={`provinces-${i}`}
          {...rowOf(part, "provinces", row, i)}
          provinces={provinces}
        />
      ))}
      <AddButton
        label="+ Province demand"
        disabled={provinces.length === 0}
        onClick={() =>
          set({ provinces: [...form.provinces, { province: provinces[0] ?? "", demandPct: "" }] })
        }
      />
    </fieldset>
  );
}

function PortChanges(part: Part) {
  const { network, form, set } = part;
  const ports = network?.ports ?? [];
  const added = { portId: ports[0]?.id ?? "", minKt: "", maxKt: "", fobPerT: "" };
  return (
    <fieldset>
      <legend>Exports</legend>
      {form.ports.map((row, i) => (
        <PortChangeRow key={`ports-${i}`} {...rowOf(part, "ports", row, i)} ports={ports} />
      ))}
      <AddButton
        label="+ Port limits or price"
        disabled={ports.length === 0}
        onClick={() => set({ ports: [...form.ports, added] })}
      />
    </fieldset>
  );
}

function ClosedLanes(part: Part) {
  const { network, form, set } = part;
  const byName = <T extends { name: string }>(rows: readonly T[] = []) =>
    [...rows].sort((a, b) => a.name.localeCompare(b.name));
  const plants = byName(network?.plants);
  const smelters = byName(network?.smelters);
  const ports = byName(network?.ports);
  const modes = network?.modes.map((m) => m.id) ?? [];
  const added = { from: plants[0]?.id ?? "", to: smelters[0]?.id ?? "", mode: modes[0] ?? "" };
  return (
    <fieldset>
      <legend>Closed lanes</legend>
      {form.closedLanes.map((row, i) => (
        <LaneChangeRow
          key={`lanes-${i}`}
          {...rowOf(part, "closedLanes", row, i)}
          plants={plants}
          smelters={smelters}
          ports={ports}
          modes={modes}
        />
      ))}
      <AddButton
        label="+ Close a lane"
        disabled={plants.length === 0 || smelters.length === 0 || modes.length === 0}
        onClick={() => set({ closedLanes: [...form.closedLanes, added] })}
      />
    </fieldset>
  );
}

function Economy({ network, form, set, field }: Part) {
  return (
    <fieldset>
      <legend>Economy</legend>
      <InlineNumber
        id="anode-factor"
        label="Anode factor, t per t aluminium"
        field={field}
        step="0.005"
        placeholder={network ? String(network.anodePerTonneAluminium) : ""}
        value={form.anodeFactor}
        onValue={(anodeFactor) => set({ anodeFactor })}
      />
      <InlineNumber
        id="carbon-price"
        label="Carbon price, CNY per t CO2"
        field={field}
        step="10"
        placeholder={network ? String(network.options.carbonPricePerT) : ""}
        value={form.carbonPricePerT}
        onValue={(carbonPricePerT) => set({ carbonPricePerT })}
      />
      <InlineNumber
        id="co2-cap"
        label="CO2 cap, kt per year"
        field={field}
        step="10"
        placeholder={
          typeof network?.options.co2CapT === "number"
            ? String(network.options.co2CapT / 1000)
            : "none"
        }
        value={form.co2CapKt}
        onValue={(co2CapKt) => set({ co2CapKt })}
      />
      <div class="field inline">
        <label for="objective">Objective</label>
        <select
          {...field("objective")}
          value={form.objective}
          onChange={(e) => set({ objective: e.currentTarget.value })}
        >
          <option value="">
            As in the dataset (
            {network?.options.objective === "maxMargin" ? "most margin" : "least cost"})
          </option>
          <option value="minCost">Least cost</option>
          <option value="maxMargin">Most margin</option>
        </select>
      </div>
    </fieldset>
  );
}

function AddButton(props: { label: string; disabled: boolean; onClick: () => void }) {
  return (
    <button type="button" class="add" disabled={props.disabled} onClick={props.onClick}>
      {props.label}
    </button>
  );
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
