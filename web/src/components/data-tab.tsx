// The Data tab: the dataset's plants, smelters, ports and lanes in tables (units in the headers),
// filtered, sorted and paged; cells edited into scenario changes or saved as a new dataset; the
// dataset downloaded as the API writes it, and a workbook or JSON imported as a new dataset.
import type { ComponentChildren } from "preact";
import { useMemo, useState } from "preact/hooks";
import type { Network, Problem } from "../api.ts";
import { downloadCsv, toCsv } from "../csv.ts";
import { plain } from "../format.ts";
import { type LaneRow, laneKey } from "../lanes.ts";
import {
  type DataTable,
  dataTables,
  type EditTarget,
  editedValue,
  editKey,
  editOfPointer,
  filterRows,
  laneRows,
  nameIndex,
  pageOf,
  pendingEdits,
  smelterDemandT,
  sortRows,
} from "../state/data-view.ts";
import type { Planner } from "../state/planner.ts";
import type { PlannerState } from "../state/planner-state.ts";

const pageSize = 50;

interface Column<Row> {
  key: string;
  /** The header, with the unit of the numbers under it. */
  label: string;
  /** What the column sorts by and the CSV holds, in the header's unit. */
  value: (row: Row) => number | string | null;
  digits?: number;
  /** An editable figure: the cell a change stands for, and its input's label given the row's name. */
  edit?: (row: Row) => EditTarget;
  editLabel?: (name: string) => string;
  /** A yes/no cell (closing a lane): a checkbox. */
  toggle?: boolean;
}

interface Spec<Row> {
  title: string;
  rows: Row[];
  columns: Column<Row>[];
  key: (row: Row) => string;
  /** A row's name in the cell labels ("Capacity of Binzhou plants, kt"). */
  name: (row: Row) => string;
  search: (row: Row) => string[];
  provinces: (row: Row) => string[];
  /** The API has this table as CSV (a network of implied lanes has no lanes table). */
  apiCsv: boolean;
}

type Plant = Network["plants"][number];
type Smelter = Network["smelters"][number];
type Port = Network["ports"][number];
type Place = Plant | Smelter | Port;
type Lane = LaneRow & {
  fromName: string;
  toName: string;
  fromProvince: string;
  toProvince: string;
};

const kt = (t: number | undefined | null) => (t === undefined || t === null ? null : t / 1000);

interface Specs {
  plants: Spec<Plant>;
  smelters: Spec<Smelter>;
  ports: Spec<Port>;
  lanes: Spec<Lane>;
}

function specs(network: Network): Specs {
  const place = (label: string): Column<Place>[] => [
    { key: "name", label, value: (r) => r.name },
    { key: "province", label: "Province", value: (r) => r.province },
  ];
  const placeSpec = {
    key: (r: Place) => r.id,
    name: (r: Place) => r.name,
    search: (r: Place) => [r.id, r.name, r.province],
    provinces: (r: Place) => [r.province],
    apiCsv: true,
  };
  const names = nameIndex(network);
  const provinceOf = new Map(
    [...network.plants, ...network.smelters, ...network.ports].map((s) => [s.id, s.province]),
  );
  const lanes: Lane[] = laneRows(network).map((lane) => ({
    ...lane,
    fromName: names.get(lane.from) ?? lane.from,
    toName: names.get(lane.to) ?? lane.to,
    fromProvince: provinceOf.get(lane.from) ?? "",
    toProvince: provinceOf.get(lane.to) ?? "",
  }));
  const lane = (l: Lane) => ({ from: l.from, to: l.to, mode: l.mode });
  return {
    plants: {
      ...placeSpec,
      title: "Plants",
      rows: network.plants,
      columns: [
        ...place("Plant"),
        {
          key: "capacity",
          label: "Capacity, kt per year",
          value: (r) => kt(r.capacityT),
          digits: 1,
          edit: (r) => ({ kind: "plantCapacity", plantId: r.id }),
          editLabel: (name) => `Capacity of ${name}, kt per year`,
        },
        {
          key: "min",
          label: "Minimum output, kt per year",
          value: (r) => kt(r.minOutputT),
          digits: 1,
        },
        {
          key: "cost",
          label: "Production cost, CNY/t",
          value: (r) => r.productionCostPerT,
          digits: 0,
        },
        {
          key: "co2",
          label: "Production CO2, kg per t",
          value: (r) => r.co2KgPerT ?? null,
          digits: 0,
        },
      ],
    },
    smelters: {
      ...placeSpec,
      title: "Smelters",
      rows: network.smelters,
      columns: [
        ...place("Smelter"),
        {
          key: "demand",
          label: "Anode demand, kt per year",
          value: (r) => kt(smelterDemandT(network, r)),
          digits: 1,
          edit: (r) => ({ kind: "smelterDemand", smelterId: r.id }),
          editLabel: (name) => `Anode demand of ${name}, kt per year`,
        },
        {
          key: "aluminium",
          label: "Aluminium, kt per year",
          value: (r) => kt(r.aluminiumT),
          digits: 1,
        },
        {
          key: "price",
          label: "Anode price, CNY/t",
          value: (r) => r.pricePerT ?? null,
          digits: 0,
        },
      ],
    },
    ports: {
      ...placeSpec,
      title: "Ports",
      rows: network.ports,
      columns: [
        ...place("Port"),
        {
          key: "min",
          label: "Minimum export, kt per year",
          value: (r) => kt(r.minExportT),
          digits: 1,
        },
        {
          key: "max",
          label: "Export limit, kt per year",
          value: (r) => kt(r.maxExportT),
          digits: 1,
          edit: (r) => ({ kind: "portMaxExport", portId: r.id }),
          editLabel: (name) => `Export limit of ${name}, kt per year`,
        },
        {
          key: "fob",
          label: "FOB price, CNY/t",
          value: (r) => r.fobPricePerT,
          digits: 0,
        },
        {
          key: "handling",
          label: "Handling, CNY/t",
          value: (r) => r.handlingCostPerT,
          digits: 2,
        },
      ],
    },
    lanes: {
      title: "Lanes",
      rows: lanes,
      key: laneKey,
      name: (l) => `${l.fromName} to ${l.toName} by ${l.mode}`,
      search: (l) => [l.from, l.to, l.fromName, l.toName, l.mode],
      provinces: (l) => [l.fromProvince, l.toProvince],
      apiCsv: network.lanes !== undefined,
      columns: [
        { key: "from", label: "From plant", value: (l) => l.fromName },
        { key: "to", label: "To smelter or port", value: (l) => l.toName },
        { key: "mode", label: "Mode", value: (l) => l.mode },
        { key: "km", label: "Distance, km", value: (l) => l.distanceKm, digits: 0 },
        {
          key: "freight",
          label: "Freight, CNY/t",
          value: (l) => l.freightPerT,
          digits: 2,
          edit: (l) => ({ kind: "laneCost", ...lane(l) }),
          editLabel: (name) => `Freight from ${name}, CNY/t`,
        },
        {
          key: "capacity",
          label: "Capacity, kt per year",
          value: (l) => kt(l.capacityT),
          digits: 1,
        },
        {
          key: "closed",
          label: "Closed (capacity 0)",
          value: (l) => (l.capacityT === 0 ? "yes" : "no"),
          toggle: true,
          edit: (l) => ({ kind: "laneClosed", ...lane(l) }),
          editLabel: (name) => `Close the lane from ${name}`,
        },
      ],
    },
  };
}

/** Per edit key, what the last problem says of it: a solve's /changes/i or a dataset's /network/... */
function editProblems(state: PlannerState, network: Network): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const problems = [state.problem?.problem, state.dataProblem?.problem];
  for (const problem of problems)
    for (const error of problem?.errors ?? []) {
      if (!("pointer" in error)) continue;
      const key = editOfPointer(error.pointer, state.form, network);
      if (key !== undefined) found.set(key, [...(found.get(key) ?? []), error.message]);
    }
  return found;
}

interface View {
  text: string;
  province: string;
  sort: { key: string; descending: boolean };
  page: number;
}

const firstView = (): View => ({
  text: "",
  province: "",
  sort: { key: "", descending: false },
  page: 0,
});

export function DataTab({ state, planner }: { state: PlannerState; planner: Planner }) {
  const { network } = state;
  const [table, setTable] = useState<DataTable>("plants");
  const [views, setViews] = useState<Record<string, View>>({});
  const tables = useMemo(() => (network ? specs(network) : null), [network]);
  if (!network || !tables) return <p class="table-note">Loading the dataset…</p>;
  const problems = editProblems(state, network);
  const view = views[table] ?? firstView();
  const setView = (patch: Partial<View>) =>
    setViews({ ...views, [table]: { ...view, page: 0, ...patch } });
  const provinces = [
    ...new Set([...network.plants, ...network.smelters, ...network.ports].map((s) => s.province)),
  ].sort();
  const busy = state.busy !== null;

  return (
    <div class="data-tab">
      <Files state={state} planner={planner} busy={busy} />
      <Edits state={state} planner={planner} network={network} problems={problems} busy={busy} />
      <fieldset class="data-choose">
        <legend>Table</legend>
        {dataTables.map((id) => (
          <label key={id}>
            <input
              type="radio"
              name="data-table"
              value={id}
              checked={table === id}
              onChange={() => setTable(id)}
            />
            {tables[id].title} ({plain(tables[id].rows.length)})
          </label>
        ))}
      </fieldset>
      <div class="data-filters">
        <label for="data-filter">Filter {tables[table].title.toLowerCase()}</label>
        <input
          id="data-filter"
          type="search"
          value={view.text}
          placeholder="name, id or mode"
          onInput={(e) => setView({ text: e.currentTarget.value })}
        />
        <label for="data-province">Province</label>
        <select
          id="data-province"
          value={view.province}
          onChange={(e) => setView({ province: e.currentTarget.value })}
        >
          <option value="">All</option>
          {provinces.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </div>
      <SheetView
        key={table}
        id={table}
        spec={tables[table] as Spec<unknown>}
        view={view}
        setView={setView}
        state={state}
        planner={planner}
        problems={problems}
        busy={busy}
      />
    </div>
  );
}

function Files(props: { state: PlannerState; planner: Planner; busy: boolean }) {
  const { state, planner, busy } = props;
  const problem = state.dataProblem;
  return (
    <div class="data-files">
      <button type="button" onClick={() => void planner.download("xlsx")} disabled={busy}>
        Download the dataset as Excel (network.xlsx)
      </button>
      <label class="upload">
        Import a workbook (.xlsx) or JSON as a new dataset…
        <input
          type="file"
          accept=".xlsx,.json,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          disabled={busy}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) void planner.importFile(file);
            e.currentTarget.value = "";
          }}
        />
      </label>
      {problem && <DataProblem {...problem} onDismiss={planner.dismissDataProblem} />}
    </div>
  );
}

/** A failed import or save: its detail and every bad cell by sheet, row and column. */
function DataProblem(props: { problem: Problem; what: string; onDismiss: () => void }) {
  const { problem, what } = props;
  const errors = problem.errors ?? [];
  return (
    <div class="problem" role="alert" data-testid="data-problem">
      <p class="problem-title">
        <strong>{what} failed</strong>
        {problem.status === undefined ? "" : ` (${problem.status})`}: {problem.detail}
      </p>
      {errors.length > 0 && (
        <ul class="cell-problems">
          {errors.map((error, i) => (
            // Problems are listed as the API gives them: their order is their identity.
            <li key={i}>
              {whereOf(error)}: {error.message}
            </li>
          ))}
        </ul>
      )}
      <button type="button" onClick={props.onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

type ProblemItem = NonNullable<Problem["errors"]>[number];

/** "Sheet plants, row 5, column capacityT (F5)"; a pointer where the problem has no cell. */
function whereOf(error: ProblemItem): ComponentChildren {
  if (!("pointer" in error)) return <strong>parameter {error.parameter}</strong>;
  const item = error as ProblemItem & {
    sheet?: string | null;
    row?: number | null;
    column?: string | null;
    cell?: string | null;
  };
  if (item.sheet) {
    const parts = [`Sheet ${item.sheet}`];
    if (item.row !== null && item.row !== undefined) parts.push(`row ${item.row}`);
    if (item.column) parts.push(`column ${item.column}`);
    return (
      <strong>
        {parts.join(", ")}
        {item.cell ? ` (${item.cell})` : ""}
      </strong>
    );
  }
  return <strong>{error.pointer || "the network"}</strong>;
}

function Edits(props: {
  state: PlannerState;
  planner: Planner;
  network: Network;
  problems: Map<string, string[]>;
  busy: boolean;
}) {
  const { state, planner, network, problems, busy } = props;
  const edits = pendingEdits(state.form, network);
  const dataset = state.datasets.find((d) => d.id === state.datasetId);
  const [name, setName] = useState("");
  const defaultName = `${dataset?.name ?? network.name} (edited)`;
  return (
    <section class="data-edits" aria-labelledby="data-edits-title">
      <h3 id="data-edits-title">Edits ({edits.length})</h3>
      {edits.length === 0 ? (
        <p class="table-note">
          Edit a capacity, demand, export limit or freight in the tables below, or close a lane:
          each edit becomes a change of the scenario (Solve plans it), or all of them a new dataset.
        </p>
      ) : (
        <>
          <ul data-testid="data-edits">
            {edits.map((edit) => (
              <li key={edit.key}>
                <span>{edit.label}</span>{" "}
                <button
                  type="button"
                  class="link"
                  onClick={() => planner.removeDataEdit(edit.key)}
                  aria-label={`Remove: ${edit.label}`}
                >
                  Remove
                </button>
                {problems.get(edit.key)?.map((message) => (
                  <span key={message} class="cell-error">
                    {message}
                  </span>
                ))}
              </li>
            ))}
          </ul>
          <form
            class="save"
            onSubmit={(e) => {
              e.preventDefault();
              void planner.saveDataset(name.trim() || defaultName);
              setName("");
            }}
          >
            <label for="dataset-name">Save the edits as a new dataset</label>
            <div class="row">
              <input
                id="dataset-name"
                type="text"
                maxLength={200}
                placeholder={defaultName}
                value={name}
                onInput={(e) => setName(e.currentTarget.value)}
              />
              <button type="submit" disabled={busy}>
                Save as new dataset
              </button>
            </div>
          </form>
        </>
      )}
    </section>
  );
}

function SheetView(props: {
  id: DataTable;
  spec: Spec<unknown>;
  view: View;
  setView: (patch: Partial<View>) => void;
  state: PlannerState;
  planner: Planner;
  problems: Map<string, string[]>;
  busy: boolean;
}) {
  const { id, spec, view, setView, state, planner, problems, busy } = props;
  const filtered = useMemo(
    () => filterRows(spec.rows, view.text, spec.search, view.province, spec.provinces),
    [spec, view.text, view.province],
  );
  const sortColumn = spec.columns.find((c) => c.key === view.sort.key);
  const sorted = useMemo(
    () => (sortColumn ? sortRows(filtered, sortColumn.value, view.sort.descending) : filtered),
    [filtered, sortColumn, view.sort.descending],
  );
  const shown = pageOf(sorted, view.page, pageSize);
  const toggle = (column: Column<unknown>) =>
    setView({
      sort:
        view.sort.key === column.key
          ? { key: column.key, descending: !view.sort.descending }
          : { key: column.key, descending: column.digits !== undefined },
    });
  const csv = () =>
    downloadCsv(
      `${id}-as-shown.csv`,
      toCsv(
        spec.columns.map((c) => c.label),
        sorted.map((row) => spec.columns.map((c) => c.value(row))),
      ),
    );

  return (
    <div class="table-block" data-testid={`data-${id}`}>
      <div class="table-tools">
        <span class="table-count" aria-live="polite">
          {shown.first === 0
            ? "No rows"
            : `Rows ${plain(shown.first)}–${plain(shown.last)} of ${plain(sorted.length)}`}
          {sorted.length < spec.rows.length ? ` (filtered from ${plain(spec.rows.length)})` : ""}
        </span>
        <span class="data-downloads">
          {spec.apiCsv && (
            <button
              type="button"
              onClick={() => void planner.download({ csv: id })}
              disabled={busy}
            >
              Download {id}.csv
            </button>
          )}
          <button type="button" onClick={csv} disabled={sorted.length === 0}>
            CSV as shown
          </button>
        </span>
      </div>
      <div class="table-scroll">
        <table>
          <caption class="visually-hidden">
            {spec.title} of the dataset
            {sortColumn
              ? `; sorted by ${sortColumn.label}, ${view.sort.descending ? "descending" : "ascending"}`
              : ""}
          </caption>
          <thead>
            <tr>
              {spec.columns.map((column) => (
                <th
                  key={column.key}
                  scope="col"
                  class={column.digits !== undefined ? "num" : undefined}
                  aria-sort={
                    view.sort.key === column.key
                      ? view.sort.descending
                        ? "descending"
                        : "ascending"
                      : undefined
                  }
                >
                  <button type="button" onClick={() => toggle(column)}>
                    {column.label}
                    <span class="sort-mark" aria-hidden="true">
                      {view.sort.key === column.key ? (view.sort.descending ? " ▼" : " ▲") : ""}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.rows.length === 0 ? (
              <tr>
                <td colSpan={spec.columns.length} class="empty">
                  No {id} match the filter
                </td>
              </tr>
            ) : (
              shown.rows.map((row) => (
                <tr key={spec.key(row)}>
                  {spec.columns.map((column) => (
                    <td key={column.key} class={column.digits !== undefined ? "num" : undefined}>
                      {column.edit ? (
                        <EditCell
                          target={column.edit(row)}
                          label={column.editLabel?.(spec.name(row)) ?? column.label}
                          value={column.value(row)}
                          digits={column.digits ?? 0}
                          toggle={column.toggle === true}
                          state={state}
                          planner={planner}
                          problems={problems}
                        />
                      ) : (
                        cellText(column.value(row), column.digits)
                      )}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {shown.pages > 1 && (
        <nav class="pager" aria-label={`Pages of ${id}`}>
          <button
            type="button"
            onClick={() => setView({ page: shown.page - 1 })}
            disabled={shown.page === 0}
          >
            Previous {pageSize}
          </button>
          <span>
            Page {shown.page + 1} of {shown.pages}
          </span>
          <button
            type="button"
            onClick={() => setView({ page: shown.page + 1 })}
            disabled={shown.page >= shown.pages - 1}
          >
            Next {pageSize}
          </button>
        </nav>
      )}
    </div>
  );
}

const cellText = (value: number | string | null, digits: number | undefined) =>
  value === null ? "–" : typeof value === "number" ? plain(value, digits ?? 0) : value;

/** An editable figure: the dataset's value, or the edit's; a change is written when it is left. */
function EditCell(props: {
  target: EditTarget;
  label: string;
  value: number | string | null;
  digits: number;
  toggle: boolean;
  state: PlannerState;
  planner: Planner;
  problems: Map<string, string[]>;
}) {
  const { target, label, value, digits, toggle, state, planner, problems } = props;
  const key = editKey(target);
  const edited = editedValue(state.form, target);
  const messages = problems.get(key) ?? [];
  const errorId = `error-${key.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  const invalid = messages.length > 0;
  if (toggle) {
    const closed = edited === "1" || value === "yes";
    return (
      <>
        <input
          type="checkbox"
          class={edited === "" ? undefined : "edited"}
          aria-label={label}
          checked={closed}
          disabled={value === "yes"}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? errorId : undefined}
          onChange={(e) => planner.editData(target, e.currentTarget.checked ? "1" : "0")}
        />
        {invalid && (
          <span id={errorId} class="cell-error">
            {messages.join("; ")}
          </span>
        )}
      </>
    );
  }
  const shown =
    edited !== "" ? edited : typeof value === "number" ? String(Number(value.toFixed(digits))) : "";
  return (
    <>
      <input
        type="number"
        class={`cell-edit${edited === "" ? "" : " edited"}`}
        step="any"
        aria-label={label}
        value={shown}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? errorId : undefined}
        onChange={(e) => planner.editData(target, e.currentTarget.value)}
      />
      {invalid && (
        <span id={errorId} class="cell-error">
          {messages.join("; ")}
        </span>
      )}
    </>
  );
}
