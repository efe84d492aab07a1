// The scenario panel: dataset, the changes planners make most, solve (with progress and cancel), save.
import { useEffect, useState } from "preact/hooks";
import type { DatasetSummary, Network } from "../api.ts";
import type { ScenarioForm } from "../scenario-form.ts";
import type { Busy } from "../state/planner-state.ts";
import {
  fieldOf,
  InlineNumber,
  PlantChangeRow,
  PortChangeRow,
  ProvinceChangeRow,
} from "./scenario-rows.tsx";

interface Props {
  datasets: DatasetSummary[];
  datasetId: string | undefined;
  onDataset: (id: string) => void;
  onUpload: (file: File) => void;
  network: Network | undefined;
  form: ScenarioForm;
  onForm: (form: ScenarioForm) => void;
  invalid: ReadonlySet<string>;
  busy: Busy | null;
  onSolve: () => void;
  onCancel: () => void;
  onReset: () => void;
  onSave: (name: string) => void;
  defaultName: string;
}

type RowList = "plants" | "provinces" | "ports";

export function ScenarioPanel(props: Props) {
  const { network, form, onForm, busy } = props;
  const set = (patch: Partial<ScenarioForm>) => onForm({ ...form, ...patch });
  const field = fieldOf(props.invalid);
  const provinces = [...new Set(network?.smelters.map((s) => s.province) ?? [])].sort();
  const plants = [...(network?.plants ?? [])].sort(
    (a, b) => a.province.localeCompare(b.province) || a.name.localeCompare(b.name),
  );
  const ports = network?.ports ?? [];

  /** What each row of a list is given: its place, and how to change or remove it. */
  const rowOf = <K extends RowList>(key: K, row: ScenarioForm[K][number], index: number) => ({
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
  });

  return (
    <aside class="panel" aria-labelledby="panel-title">
      <h2 id="panel-title">Scenario</h2>
      <DatasetField {...props} />

      <div class="actions">
        <button
          type="button"
          class="primary"
          onClick={props.onSolve}
          disabled={busy !== null || !network}
        >
          Solve
        </button>
        <button type="button" onClick={props.onReset} disabled={busy !== null}>
          Reset changes
        </button>
      </div>
      {busy && <Progress busy={busy} onCancel={props.onCancel} />}

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

      <fieldset>
        <legend>Plant capacity</legend>
        {form.plants.map((row, i) => (
          <PlantChangeRow key={`plants-${i}`} {...rowOf("plants", row, i)} plants={plants} />
        ))}
        <AddButton
          label="+ Plant capacity"
          disabled={plants.length === 0}
          onClick={() =>
            set({ plants: [...form.plants, { plantId: plants[0]?.id ?? "", capacityKt: "" }] })
          }
        />
      </fieldset>

      <fieldset>
        <legend>Province demand</legend>
        {form.provinces.map((row, i) => (
          <ProvinceChangeRow
            key={`provinces-${i}`}
            {...rowOf("provinces", row, i)}
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

      <fieldset>
        <legend>Exports</legend>
        {form.ports.map((row, i) => (
          <PortChangeRow key={`ports-${i}`} {...rowOf("ports", row, i)} ports={ports} />
        ))}
        <AddButton
          label="+ Port limits or price"
          disabled={ports.length === 0}
          onClick={() =>
            set({
              ports: [
                ...form.ports,
                { portId: ports[0]?.id ?? "", minKt: "", maxKt: "", fobPerT: "" },
              ],
            })
          }
        />
      </fieldset>

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
      </fieldset>

      {form.other.length > 0 && (
        <p class="other-changes" id="other-changes">
          {form.other.length} more change{form.other.length === 1 ? "" : "s"} from the loaded
          scenario ({[...new Set(form.other.map((c) => c.kind))].join(", ")}) are kept.{" "}
          <button type="button" class="link" onClick={() => set({ other: [] })}>
            Drop them
          </button>
        </p>
      )}

      <SaveForm {...props} />
    </aside>
  );
}

function DatasetField(props: Props) {
  return (
    <div class="field">
      <label for="dataset">Dataset</label>
      <select
        id="dataset"
        value={props.datasetId ?? ""}
        onChange={(e) => props.onDataset(e.currentTarget.value)}
        disabled={props.busy !== null}
      >
        {props.datasets.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
            {d.shared ? " (shared)" : ""}
          </option>
        ))}
      </select>
      <label class="upload">
        Add a network file (JSON)…
        <input
          type="file"
          accept="application/json,.json"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) props.onUpload(file);
            e.currentTarget.value = "";
          }}
        />
      </label>
    </div>
  );
}

function AddButton(props: { label: string; disabled: boolean; onClick: () => void }) {
  return (
    <button type="button" class="add" disabled={props.disabled} onClick={props.onClick}>
      {props.label}
    </button>
  );
}

function Progress({ busy, onCancel }: { busy: Busy; onCancel: () => void }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, (now - busy.startedAt) / 1000);
  return (
    <div class="progress" role="status">
      <span>
        {busy.what}… {seconds.toFixed(1)} s
      </span>
      <span class="progress-bar" aria-hidden="true">
        <span />
      </span>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

function SaveForm(props: Props) {
  const [name, setName] = useState("");
  return (
    <form
      class="save"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSave(name.trim() || props.defaultName);
        setName("");
      }}
    >
      <label for="scenario-name">Save as scenario</label>
      <div class="row">
        <input
          id="scenario-name"
          type="text"
          maxLength={200}
          placeholder={props.defaultName}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <button type="submit" disabled={props.busy !== null || !props.network}>
          Save
        </button>
      </div>
    </form>
  );
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
