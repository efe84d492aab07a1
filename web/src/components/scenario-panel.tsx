// The scenario panel: dataset, the changes planners make most, solve (with progress and cancel), save.
import { useEffect, useState } from "preact/hooks";
import type { DatasetSummary, Network } from "../api.ts";
import { formToChanges, type ScenarioForm } from "../scenario-form.ts";
import type { Busy } from "../state/planner-state.ts";
import { ChangeFieldsets } from "./scenario-changes.tsx";
import { ControlFieldsets } from "./scenario-controls.tsx";
import { fieldOf } from "./scenario-rows.tsx";

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
  const { network, form, onForm, busy } = props;
  const set = (patch: Partial<ScenarioForm>) => onForm({ ...form, ...patch });

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

      <ChangeFieldsets network={network} form={form} set={set} field={fieldOf(props.invalid)} />
      <ControlFieldsets
        network={network}
        form={form}
        set={set}
        field={fieldOf(props.invalid)}
        problems={formToChanges(form, network).problems}
      />

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
