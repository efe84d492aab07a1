// The scenario panel: dataset, the changes planners make most, solve (with progress and cancel), save.
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { DatasetSummary, Network } from "../api.ts";
import { kt, plain } from "../format.ts";
import type { PlantRow, PortRow, ProvinceRow, ScenarioForm } from "../scenario-form.ts";

export interface Busy {
  what: string;
  startedAt: number;
}

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

export function ScenarioPanel(props: Props) {
  const { network, form, onForm, invalid, busy } = props;
  const [name, setName] = useState("");
  const set = (patch: Partial<ScenarioForm>) => onForm({ ...form, ...patch });
  const provinces = [...new Set(network?.smelters.map((s) => s.province) ?? [])].sort();
  const plants = [...(network?.plants ?? [])].sort(
    (a, b) => a.province.localeCompare(b.province) || a.name.localeCompare(b.name),
  );

  const updateRow = <K extends "plants" | "provinces" | "ports">(
    key: K,
    index: number,
    patch: Partial<ScenarioForm[K][number]>,
  ) =>
    set({
      [key]: (form[key] as ScenarioForm[K][number][]).map((row, i) =>
        i === index ? { ...row, ...patch } : row,
      ),
    } as Partial<ScenarioForm>);
  const removeRow = (key: "plants" | "provinces" | "ports", index: number) =>
    set({ [key]: form[key].filter((_, i) => i !== index) } as Partial<ScenarioForm>);

  const field = (id: string) => ({
    id,
    "aria-invalid": invalid.has(id) ? ("true" as const) : undefined,
  });

  return (
    <aside class="panel" aria-labelledby="panel-title">
      <h2 id="panel-title">Scenario</h2>
      <div class="field">
        <label for="dataset">Dataset</label>
        <select
          id="dataset"
          value={props.datasetId ?? ""}
          onChange={(e) => props.onDataset(e.currentTarget.value)}
          disabled={busy !== null}
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
          <div class="field inline" key={mode.id}>
            <label for={`mode-${mode.id}`}>{capitalise(mode.id)} tariff ×</label>
            <input
              {...field(`mode-${mode.id}`)}
              type="number"
              step="0.05"
              min="0"
              placeholder="1"
              value={form.modeFactors[mode.id] ?? ""}
              onInput={(e) =>
                set({ modeFactors: { ...form.modeFactors, [mode.id]: e.currentTarget.value } })
              }
            />
          </div>
        ))}
      </fieldset>

      <fieldset>
        <legend>Plant capacity</legend>
        {form.plants.map((row: PlantRow, i) => {
          const plant = network?.plants.find((p) => p.id === row.plantId);
          return (
            <div class="row" key={`plant-${i}`}>
              <label class="visually-hidden" for={`plant-${i}`}>
                Plant {i + 1}
              </label>
              <select
                id={`plant-${i}`}
                value={row.plantId}
                onChange={(e) => updateRow("plants", i, { plantId: e.currentTarget.value })}
              >
                {plants.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
              <Unit unit="kt">
                <label class="visually-hidden" for={`plant-${i}-capacity`}>
                  Capacity of plant {i + 1}, kt per year
                </label>
                <input
                  {...field(`plant-${i}-capacity`)}
                  type="number"
                  min="0"
                  step="10"
                  placeholder={plant ? kt(plant.capacityT) : ""}
                  value={row.capacityKt}
                  onInput={(e) => updateRow("plants", i, { capacityKt: e.currentTarget.value })}
                />
              </Unit>
              <RemoveButton
                label={`Remove plant change ${i + 1}`}
                onClick={() => removeRow("plants", i)}
              />
            </div>
          );
        })}
        <button
          type="button"
          class="add"
          disabled={plants.length === 0}
          onClick={() =>
            set({ plants: [...form.plants, { plantId: plants[0]?.id ?? "", capacityKt: "" }] })
          }
        >
          + Plant capacity
        </button>
      </fieldset>

      <fieldset>
        <legend>Province demand</legend>
        {form.provinces.map((row: ProvinceRow, i) => (
          <div class="row" key={`province-${i}`}>
            <label class="visually-hidden" for={`province-${i}`}>
              Province {i + 1}
            </label>
            <select
              id={`province-${i}`}
              value={row.province}
              onChange={(e) => updateRow("provinces", i, { province: e.currentTarget.value })}
            >
              {provinces.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
            <Unit unit="%">
              <label class="visually-hidden" for={`province-${i}-demand`}>
                Demand of province {i + 1}, percent of today
              </label>
              <input
                {...field(`province-${i}-demand`)}
                type="number"
                min="0"
                step="5"
                placeholder="100"
                value={row.demandPct}
                onInput={(e) => updateRow("provinces", i, { demandPct: e.currentTarget.value })}
              />
            </Unit>
            <RemoveButton
              label={`Remove province change ${i + 1}`}
              onClick={() => removeRow("provinces", i)}
            />
          </div>
        ))}
        <button
          type="button"
          class="add"
          disabled={provinces.length === 0}
          onClick={() =>
            set({ provinces: [...form.provinces, { province: provinces[0] ?? "", demandPct: "" }] })
          }
        >
          + Province demand
        </button>
      </fieldset>

      <fieldset>
        <legend>Exports</legend>
        {form.ports.map((row: PortRow, i) => {
          const port = network?.ports.find((p) => p.id === row.portId);
          return (
            <div class="port-row" key={`port-${i}`}>
              <div class="row">
                <label class="visually-hidden" for={`port-${i}`}>
                  Port {i + 1}
                </label>
                <select
                  id={`port-${i}`}
                  value={row.portId}
                  onChange={(e) => updateRow("ports", i, { portId: e.currentTarget.value })}
                >
                  {network?.ports.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </select>
                <RemoveButton
                  label={`Remove port change ${i + 1}`}
                  onClick={() => removeRow("ports", i)}
                />
              </div>
              <div class="row three">
                <SmallNumber
                  id={`port-${i}-min`}
                  label="min kt"
                  field={field}
                  placeholder={port ? kt(port.minExportT) : ""}
                  value={row.minKt}
                  onValue={(minKt) => updateRow("ports", i, { minKt })}
                />
                <SmallNumber
                  id={`port-${i}-max`}
                  label="max kt"
                  field={field}
                  placeholder={port ? kt(port.maxExportT) : ""}
                  value={row.maxKt}
                  onValue={(maxKt) => updateRow("ports", i, { maxKt })}
                />
                <SmallNumber
                  id={`port-${i}-fob`}
                  label="FOB CNY/t"
                  field={field}
                  placeholder={port ? plain(port.fobPricePerT) : ""}
                  value={row.fobPerT}
                  onValue={(fobPerT) => updateRow("ports", i, { fobPerT })}
                />
              </div>
            </div>
          );
        })}
        <button
          type="button"
          class="add"
          disabled={(network?.ports.length ?? 0) === 0}
          onClick={() =>
            set({
              ports: [
                ...form.ports,
                { portId: network?.ports[0]?.id ?? "", minKt: "", maxKt: "", fobPerT: "" },
              ],
            })
          }
        >
          + Port limits or price
        </button>
      </fieldset>

      <fieldset>
        <legend>Economy</legend>
        <div class="field inline">
          <label for="anode-factor">Anode factor, t per t aluminium</label>
          <input
            {...field("anode-factor")}
            type="number"
            step="0.005"
            min="0"
            placeholder={network ? String(network.anodePerTonneAluminium) : ""}
            value={form.anodeFactor}
            onInput={(e) => set({ anodeFactor: e.currentTarget.value })}
          />
        </div>
        <div class="field inline">
          <label for="carbon-price">Carbon price, CNY per t CO2</label>
          <input
            {...field("carbon-price")}
            type="number"
            step="10"
            min="0"
            placeholder={network ? String(network.options.carbonPricePerT) : ""}
            value={form.carbonPricePerT}
            onInput={(e) => set({ carbonPricePerT: e.currentTarget.value })}
          />
        </div>
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
          <button type="submit" disabled={busy !== null || !network}>
            Save
          </button>
        </div>
      </form>
    </aside>
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

function Unit({ unit, children }: { unit: string; children: ComponentChildren }) {
  return (
    <span class="unit">
      {children}
      <span aria-hidden="true">{unit}</span>
    </span>
  );
}

function SmallNumber(props: {
  id: string;
  label: string;
  field: (id: string) => Record<string, unknown>;
  placeholder: string;
  value: string;
  onValue: (value: string) => void;
}) {
  return (
    <span class="small-number">
      <label for={props.id}>{props.label}</label>
      <input
        {...props.field(props.id)}
        type="number"
        min="0"
        placeholder={props.placeholder}
        value={props.value}
        onInput={(e) => props.onValue(e.currentTarget.value)}
      />
    </span>
  );
}

function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" class="remove" aria-label={label} title={label} onClick={onClick}>
      ×
    </button>
  );
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
