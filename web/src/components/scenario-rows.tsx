// The scenario panel's rows: one change each (a plant's capacity, a province's demand, a port's
// limits and price), and the small controls they share.
import type { ComponentChildren } from "preact";
import type { Network } from "../api.ts";
import { kt, plain } from "../format.ts";
import type { LaneRow, PlantRow, PortRow, ProvinceRow } from "../scenario-form.ts";

/** An input's id, marked invalid when the last problem names it. */
export type Field = (id: string) => { id: string; "aria-invalid"?: "true" | undefined };

export const fieldOf =
  (invalid: ReadonlySet<string>): Field =>
  (id) => ({ id, "aria-invalid": invalid.has(id) ? "true" : undefined });

interface RowProps<Row> {
  index: number;
  row: Row;
  field: Field;
  onChange: (patch: Partial<Row>) => void;
  onRemove: () => void;
}

type Plant = Network["plants"][number];

export function PlantChangeRow(props: RowProps<PlantRow> & { plants: Plant[] }) {
  const { index: i, row, plants } = props;
  const plant = plants.find((p) => p.id === row.plantId);
  return (
    <div class="row">
      <label class="visually-hidden" for={`plant-${i}`}>
        Plant {i + 1}
      </label>
      <select
        id={`plant-${i}`}
        value={row.plantId}
        onChange={(e) => props.onChange({ plantId: e.currentTarget.value })}
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
          {...props.field(`plant-${i}-capacity`)}
          type="number"
          min="0"
          step="10"
          placeholder={plant ? kt(plant.capacityT) : ""}
          value={row.capacityKt}
          onInput={(e) => props.onChange({ capacityKt: e.currentTarget.value })}
        />
      </Unit>
      <RemoveButton label={`Remove plant change ${i + 1}`} onClick={props.onRemove} />
    </div>
  );
}

export function ProvinceChangeRow(props: RowProps<ProvinceRow> & { provinces: string[] }) {
  const { index: i, row } = props;
  return (
    <div class="row">
      <label class="visually-hidden" for={`province-${i}`}>
        Province {i + 1}
      </label>
      <select
        id={`province-${i}`}
        value={row.province}
        onChange={(e) => props.onChange({ province: e.currentTarget.value })}
      >
        {props.provinces.map((p) => (
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
          {...props.field(`province-${i}-demand`)}
          type="number"
          min="0"
          step="5"
          placeholder="100"
          value={row.demandPct}
          onInput={(e) => props.onChange({ demandPct: e.currentTarget.value })}
        />
      </Unit>
      <RemoveButton label={`Remove province change ${i + 1}`} onClick={props.onRemove} />
    </div>
  );
}

type Port = Network["ports"][number];

export function PortChangeRow(props: RowProps<PortRow> & { ports: Port[] }) {
  const { index: i, row, ports, field, onChange } = props;
  const port = ports.find((p) => p.id === row.portId);
  return (
    <div class="port-row">
      <div class="row">
        <label class="visually-hidden" for={`port-${i}`}>
          Port {i + 1}
        </label>
        <select
          id={`port-${i}`}
          value={row.portId}
          onChange={(e) => onChange({ portId: e.currentTarget.value })}
        >
          {ports.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <RemoveButton label={`Remove port change ${i + 1}`} onClick={props.onRemove} />
      </div>
      <div class="row three">
        <SmallNumber
          id={`port-${i}-min`}
          label="min kt"
          field={field}
          placeholder={port ? kt(port.minExportT) : ""}
          value={row.minKt}
          onValue={(minKt) => onChange({ minKt })}
        />
        <SmallNumber
          id={`port-${i}-max`}
          label="max kt"
          field={field}
          placeholder={port ? kt(port.maxExportT) : ""}
          value={row.maxKt}
          onValue={(maxKt) => onChange({ maxKt })}
        />
        <SmallNumber
          id={`port-${i}-fob`}
          label="FOB CNY/t"
          field={field}
          placeholder={port ? plain(port.fobPricePerT) : ""}
          value={row.fobPerT}
          onValue={(fobPerT) => onChange({ fobPerT })}
        />
      </div>
    </div>
  );
}

/**
 * A lane to close: plant, destination (smelters and ports) and mode, each a labelled select. The
 * destination carries the change's field, where a problem with the lane is marked.
 */
export function LaneChangeRow(
  props: RowProps<LaneRow> & {
    plants: Plant[];
    smelters: Network["smelters"];
    ports: Port[];
    modes: string[];
  },
) {
  const { index: i, row, onChange } = props;
  const n = i + 1;
  return (
    <div class="lane-row">
      <div class="row">
        <label class="visually-hidden" for={`lane-${i}-from`}>
          Plant of closed lane {n}
        </label>
        <select
          id={`lane-${i}-from`}
          value={row.from}
          onChange={(e) => onChange({ from: e.currentTarget.value })}
        >
          {props.plants.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <RemoveButton label={`Remove closed lane ${n}`} onClick={props.onRemove} />
      </div>
      <div class="row">
        <label class="visually-hidden" for={`lane-${i}-to`}>
          Destination of closed lane {n}
        </label>
        <select
          {...props.field(`lane-${i}-to`)}
          value={row.to}
          onChange={(e) => onChange({ to: e.currentTarget.value })}
        >
          <optgroup label="Smelters">
            {props.smelters.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </optgroup>
          {props.ports.length > 0 && (
            <optgroup label="Ports">
              {props.ports.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </optgroup>
          )}
        </select>
        <label class="visually-hidden" for={`lane-${i}-mode`}>
          Mode of closed lane {n}
        </label>
        <select
          id={`lane-${i}-mode`}
          class="lane-mode"
          value={row.mode}
          onChange={(e) => onChange({ mode: e.currentTarget.value })}
        >
          {props.modes.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

/** A numeric field on one line with its label: a tariff multiplier, the anode factor, a price. */
export function InlineNumber(props: {
  id: string;
  label: string;
  field: Field;
  step: string;
  placeholder: string;
  value: string;
  onValue: (value: string) => void;
}) {
  return (
    <div class="field inline">
      <label for={props.id}>{props.label}</label>
      <input
        {...props.field(props.id)}
        type="number"
        step={props.step}
        min="0"
        placeholder={props.placeholder}
        value={props.value}
        onInput={(e) => props.onValue(e.currentTarget.value)}
      />
    </div>
  );
}

export function Unit({ unit, children }: { unit: string; children: ComponentChildren }) {
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
  field: Field;
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

export function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" class="remove" aria-label={label} title={label} onClick={onClick}>
      ×
    </button>
  );
}
