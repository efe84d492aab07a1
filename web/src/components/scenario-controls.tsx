// The scenario panel's controls for contracts, seasonality, hubs and corridors, each shown only
// when the dataset has something for it; their rows stand for changes by scenario-controls.ts.
import type { Network } from "../api.ts";
import { kt } from "../format.ts";
import type { ContractRow, CorridorRow, ScenarioForm, SeasonRow } from "../scenario-form.ts";
import { type Field, RemoveButton, Unit } from "./scenario-rows.tsx";

interface Part {
  network: Network | undefined;
  form: ScenarioForm;
  set: (patch: Partial<ScenarioForm>) => void;
  field: Field;
  /** Why a control stands for no change, by field id. */
  problems: Record<string, string>;
}

type Listed = "contracts" | "seasons" | "closedHubs" | "corridors";

function edit<K extends Listed>(part: Part, key: K, index: number) {
  const rows = part.form[key] as ScenarioForm[K][number][];
  return {
    onChange: (row: ScenarioForm[K][number]) =>
      part.set({ [key]: rows.map((r, i) => (i === index ? row : r)) }),
    onRemove: () => part.set({ [key]: rows.filter((_, i) => i !== index) }),
  };
}

/** An input's id and marks, described by its message when it stands for no change. */
const marked = (part: Part, id: string) => {
  const message = part.problems[id];
  return message === undefined
    ? part.field(id)
    : { id, "aria-invalid": "true" as const, "aria-describedby": `${id}-message` };
};

function Messages({ part, prefix }: { part: Part; prefix: string }) {
  const shown = Object.entries(part.problems).filter(
    ([id]) => id === prefix || id.startsWith(`${prefix}-`),
  );
  return (
    <>
      {shown.map(([id, message]) => (
        <p key={id} id={`${id}-message`} class="control-message">
          {message}
        </p>
      ))}
    </>
  );
}

const byName = <T extends { name: string }>(rows: readonly T[] = []) =>
  [...rows].sort((a, b) => a.name.localeCompare(b.name));

function Destinations({ network }: { network: Network | undefined }) {
  const ports = byName(network?.ports);
  return (
    <>
      <optgroup label="Smelters">
        {byName(network?.smelters).map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </optgroup>
      {ports.length > 0 && (
        <optgroup label="Ports">
          {ports.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </optgroup>
      )}
    </>
  );
}

export function ControlFieldsets(part: Part) {
  if (!part.network) return null;
  return (
    <>
      <Contracts {...part} />
      <Seasonality {...part} />
      <ClosedHubs {...part} />
      <Corridors {...part} />
    </>
  );
}

const bounds = (c: { minT?: number | undefined; maxT?: number | undefined }) =>
  `min ${c.minT === undefined ? "none" : `${kt(c.minT)} kt`}, max ${c.maxT === undefined ? "none" : `${kt(c.maxT)} kt`}`;

function Contracts(part: Part) {
  const { network, form, set } = part;
  const contracts = network?.contracts ?? [];
  const plants = byName(network?.plants);
  const destination = network?.smelters[0]?.id ?? "";
  const blank = { plants: [], to: "", minKt: "", maxKt: "" };
  return (
    <fieldset>
      <legend>Contracts</legend>
      {form.contracts.map((row, i) => (
        <ContractChangeRow
          key={`contracts-${i}`}
          part={part}
          index={i}
          row={row}
          plants={plants}
          {...edit(part, "contracts", i)}
        />
      ))}
      {contracts.length > 0 && (
        <AddButton
          label="+ Contract bounds"
          onClick={() =>
            set({
              contracts: [
                ...form.contracts,
                { ...blank, contract: contracts[0]?.id ?? "", isNew: false },
              ],
            })
          }
        />
      )}
      <AddButton
        label="+ Add a contract"
        onClick={() =>
          set({
            contracts: [
              ...form.contracts,
              { ...blank, contract: "", isNew: true, to: destination },
            ],
          })
        }
      />
    </fieldset>
  );
}

function ContractChangeRow(props: {
  part: Part;
  index: number;
  row: ContractRow;
  plants: Network["plants"];
  onChange: (row: ContractRow) => void;
  onRemove: () => void;
}) {
  const { part, index: i, row, onChange } = props;
  const n = i + 1;
  const contracts = part.network?.contracts ?? [];
  const current = contracts.find((c) => c.id === row.contract);
  return (
    <div class="port-row">
      <div class="row">
        {row.isNew ? (
          <>
            <label for={`contract-${i}-id`}>New contract id</label>
            <input
              {...marked(part, `contract-${i}-id`)}
              type="text"
              maxLength={64}
              value={row.contract}
              onInput={(e) => onChange({ ...row, contract: e.currentTarget.value })}
            />
          </>
        ) : (
          <>
            <label class="visually-hidden" for={`contract-${i}`}>
              Contract {n}
            </label>
            <select
              {...marked(part, `contract-${i}`)}
              value={row.contract}
              onChange={(e) => onChange({ ...row, contract: e.currentTarget.value })}
            >
              {contracts.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.id}: {c.plants.join(", ")} → {c.to} ({bounds(c)})
                </option>
              ))}
            </select>
          </>
        )}
        <RemoveButton label={`Remove contract change ${n}`} onClick={props.onRemove} />
      </div>
      {current && !row.isNew && (
        <p class="hint control-message-hint">
          {current.plants.join(", ")} → {current.to}; now {bounds(current)}
        </p>
      )}
      {row.isNew && (
        <div class="row">
          <label for={`contract-${i}-plants`}>Plants</label>
          <select
            {...marked(part, `contract-${i}-plants`)}
            multiple
            size={4}
            onChange={(e) =>
              onChange({
                ...row,
                plants: Array.from(e.currentTarget.selectedOptions, (o) => o.value),
              })
            }
          >
            {props.plants.map((p) => (
              <option key={p.id} value={p.id} selected={row.plants.includes(p.id)}>
                {p.name}
              </option>
            ))}
          </select>
          <label for={`contract-${i}-to`}>Destination</label>
          <select
            {...marked(part, `contract-${i}-to`)}
            value={row.to}
            onChange={(e) => onChange({ ...row, to: e.currentTarget.value })}
          >
            <Destinations network={part.network} />
          </select>
        </div>
      )}
      <div class="row">
        <KtInput
          part={part}
          id={`contract-${i}-min`}
          label={`Minimum of contract ${n}, kt per year`}
          placeholder={current?.minT === undefined ? "none" : kt(current.minT)}
          value={row.minKt}
          onValue={(minKt) => onChange({ ...row, minKt })}
        />
        <KtInput
          part={part}
          id={`contract-${i}-max`}
          label={`Maximum of contract ${n}, kt per year`}
          placeholder={current?.maxT === undefined ? "none" : kt(current.maxT)}
          value={row.maxKt}
          onValue={(maxKt) => onChange({ ...row, maxKt })}
        />
      </div>
      <Messages part={part} prefix={`contract-${i}`} />
    </div>
  );
}

function KtInput(props: {
  part: Part;
  id: string;
  label: string;
  placeholder: string;
  value: string;
  onValue: (value: string) => void;
}) {
  return (
    <span class="small-number">
      <label for={props.id}>{props.label}</label>
      <Unit unit="kt">
        <input
          {...marked(props.part, props.id)}
          type="number"
          min="0"
          step="10"
          placeholder={props.placeholder}
          value={props.value}
          onInput={(e) => props.onValue(e.currentTarget.value)}
        />
      </Unit>
    </span>
  );
}

function Seasonality(part: Part) {
  const { network, form, set } = part;
  const periods = network?.periods ?? [];
  if (periods.length === 0) return null;
  const first = byName(network?.plants)[0];
  return (
    <fieldset>
      <legend>Seasonality</legend>
      {form.seasons.map((row, i) => (
        <SeasonChangeRow
          key={`seasons-${i}`}
          part={part}
          index={i}
          row={row}
          {...edit(part, "seasons", i)}
        />
      ))}
      <AddButton
        label="+ Seasonal profile"
        onClick={() =>
          set({
            seasons: [
              ...form.seasons,
              { target: first ? `plant:${first.id}` : "", profile: [], remove: false },
            ],
          })
        }
      />
    </fieldset>
  );
}

type Profiled = { id: string; name: string } & Record<string, unknown>;

function currentProfile(network: Network | undefined, target: string): number[] | undefined {
  const [kind, id] = target.split(":", 2);
  const find = (rows: readonly Profiled[] | undefined, key: string) =>
    rows?.find((r) => r.id === id)?.[key] as number[] | undefined;
  if (kind === "plant") return find(network?.plants, "capacityProfile");
  if (kind === "smelter") return find(network?.smelters, "demandProfile");
  if (kind === "port") return find(network?.ports, "exportProfile");
  return undefined;
}

function SeasonChangeRow(props: {
  part: Part;
  index: number;
  row: SeasonRow;
  onChange: (row: SeasonRow) => void;
  onRemove: () => void;
}) {
  const { part, index: i, row, onChange } = props;
  const { network } = part;
  const n = i + 1;
  const periods = network?.periods ?? [];
  const current = currentProfile(network, row.target);
  const group = (label: string, kind: string, rows: readonly { id: string; name: string }[]) =>
    rows.length > 0 && (
      <optgroup label={label}>
        {rows.map((r) => (
          <option key={r.id} value={`${kind}:${r.id}`}>
            {r.name}
          </option>
        ))}
      </optgroup>
    );
  return (
    <div class="port-row">
      <div class="row">
        <label class="visually-hidden" for={`season-${i}`}>
          Plant, smelter or port of profile {n}
        </label>
        <select
          {...marked(part, `season-${i}`)}
          value={row.target}
          onChange={(e) => onChange({ ...row, target: e.currentTarget.value })}
        >
          {group("Plants (capacity)", "plant", byName(network?.plants))}
          {group("Smelters (demand)", "smelter", byName(network?.smelters))}
          {group("Ports (exports)", "port", byName(network?.ports))}
        </select>
        <RemoveButton label={`Remove profile change ${n}`} onClick={props.onRemove} />
      </div>
      <div class="row">
        <input
          id={`season-${i}-remove`}
          type="checkbox"
          checked={row.remove}
          onChange={(e) => onChange({ ...row, remove: e.currentTarget.checked })}
        />
        <label for={`season-${i}-remove`}>Remove the profile (spread by weight)</label>
      </div>
      {!row.remove && (
        <div class="row season-grid">
          {periods.map((period, p) => (
            <span class="small-number" key={period.id}>
              <label for={`season-${i}-${p}`}>{period.id} ×</label>
              <input
                {...marked(part, `season-${i}-${p}`)}
                type="number"
                min="0"
                max="100"
                step="0.05"
                placeholder={String(current?.[p] ?? 1)}
                value={row.profile[p] ?? ""}
                onInput={(e) => {
                  const profile = periods.map((_, q) => row.profile[q] ?? "");
                  profile[p] = e.currentTarget.value;
                  onChange({ ...row, profile });
                }}
              />
            </span>
          ))}
        </div>
      )}
      <Messages part={part} prefix={`season-${i}`} />
    </div>
  );
}

function ClosedHubs(part: Part) {
  const { network, form, set } = part;
  const hubs = byName(network?.hubs);
  if (hubs.length === 0) return null;
  return (
    <fieldset>
      <legend>Closed hubs</legend>
      {form.closedHubs.map((hub, i) => {
        const { onChange, onRemove } = edit(part, "closedHubs", i);
        return (
          <div class="row" key={`hubs-${i}`}>
            <label class="visually-hidden" for={`hub-${i}`}>
              Closed hub {i + 1}
            </label>
            <select
              {...marked(part, `hub-${i}`)}
              value={hub}
              onChange={(e) => onChange(e.currentTarget.value)}
            >
              {hubs.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.name}
                </option>
              ))}
            </select>
            <RemoveButton label={`Remove closed hub ${i + 1}`} onClick={onRemove} />
          </div>
        );
      })}
      <AddButton
        label="+ Close a hub"
        onClick={() => set({ closedHubs: [...form.closedHubs, hubs[0]?.id ?? ""] })}
      />
    </fieldset>
  );
}

function Corridors(part: Part) {
  const { network, form, set } = part;
  const corridors = byName(network?.corridors);
  if (corridors.length === 0) return null;
  return (
    <fieldset>
      <legend>Corridor capacity</legend>
      {form.corridors.map((row, i) => (
        <CorridorChangeRow
          key={`corridors-${i}`}
          part={part}
          index={i}
          row={row}
          corridors={corridors}
          {...edit(part, "corridors", i)}
        />
      ))}
      <AddButton
        label="+ Scale a corridor's capacity"
        onClick={() =>
          set({ corridors: [...form.corridors, { corridor: corridors[0]?.id ?? "", factor: "" }] })
        }
      />
    </fieldset>
  );
}

function CorridorChangeRow(props: {
  part: Part;
  index: number;
  row: CorridorRow;
  corridors: { id: string; name: string; capacityT: number }[];
  onChange: (row: CorridorRow) => void;
  onRemove: () => void;
}) {
  const { part, index: i, row, onChange } = props;
  const n = i + 1;
  const current = props.corridors.find((c) => c.id === row.corridor);
  return (
    <div class="port-row">
      <div class="row">
        <label class="visually-hidden" for={`corridor-${i}`}>
          Corridor {n}
        </label>
        <select
          {...marked(part, `corridor-${i}`)}
          value={row.corridor}
          onChange={(e) => onChange({ ...row, corridor: e.currentTarget.value })}
        >
          {props.corridors.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <RemoveButton label={`Remove corridor change ${n}`} onClick={props.onRemove} />
      </div>
      <div class="row">
        <span class="small-number">
          <label for={`corridor-${i}-factor`}>
            Capacity × (now {current ? `${kt(current.capacityT)} kt` : "?"})
          </label>
          <input
            {...marked(part, `corridor-${i}-factor`)}
            type="number"
            min="0"
            step="0.1"
            placeholder="1"
            value={row.factor}
            onInput={(e) => onChange({ ...row, factor: e.currentTarget.value })}
          />
        </span>
      </div>
      <Messages part={part} prefix={`corridor-${i}`} />
    </div>
  );
}

function AddButton(props: { label: string; onClick: () => void }) {
  return (
    <button type="button" class="add" onClick={props.onClick}>
      {props.label}
    </button>
  );
}
