// Compare two saved plans: cost difference by part, the flows that moved, the provinces that changed,
// and where either plan has them its hubs, corridors and contracts side by side.
import type { Change, Comparison, Scenario } from "../api.ts";
import { changesInWords } from "../change-words.ts";
import { cny, kt, millionCny, signed, tonnes } from "../format.ts";
import { co2Lines, type FlowMove, flowMoves, toneOf } from "../state/compare-view.ts";
import { comparedCostLines, higherIsBetter } from "../state/contract-view.ts";
import type { PlannerState, SavedPlan } from "../state/planner-state.ts";
import { CompareLogistics } from "./compare-logistics.tsx";
import { ComparisonSetView } from "./comparison-set.tsx";
import { type Column, DataTable } from "./data-table.tsx";
import { type ScenarioActions, ScenariosTable } from "./scenarios-table.tsx";

interface Props extends ScenarioActions {
  saved: SavedPlan[];
  scenarios: ReadonlyMap<string, Scenario>;
  deleteConflict: PlannerState["deleteConflict"];
  comparisonSet: PlannerState["comparisonSet"];
  a: string;
  b: string;
  onPick: (a: string, b: string) => void;
  onCompare: () => void;
  comparison: Comparison | null;
  nodeName: (id: string) => string;
  onFlowFocus: (key: string | null) => void;
  onProvinceFocus: (name: string | null) => void;
  busy: boolean;
}

const quantityParts = [
  ["outputT", "Output"],
  ["deliveredT", "Delivered"],
  ["exportT", "Exports"],
  ["shortfallT", "Shortfall"],
] as const;

export function ComparePanel(props: Props) {
  const { saved, comparison } = props;
  return (
    <div class="compare">
      <ScenariosTable {...props} />
      {props.comparisonSet && (
        <ComparisonSetView set={props.comparisonSet} saved={saved} nameOf={props.nodeName} />
      )}
      {saved.length < 2 ? (
        <p class="hint">
          Save two scenarios (each is solved and stored as a plan) to compare them here.
        </p>
      ) : (
        <Picker {...props} />
      )}
      {comparison && <ComparisonView {...props} comparison={comparison} />}
    </div>
  );
}

function Picker(props: Props) {
  const { saved, a, b } = props;
  return (
    <form
      class="compare-pick"
      onSubmit={(e) => {
        e.preventDefault();
        props.onCompare();
      }}
    >
      <PlanSelect
        id="plan-a"
        label="Plan a"
        saved={saved}
        value={a}
        onValue={(v) => props.onPick(v, b)}
      />
      <PlanSelect
        id="plan-b"
        label="Plan b"
        saved={saved}
        value={b}
        onValue={(v) => props.onPick(a, v)}
      />
      <button
        type="submit"
        class="primary"
        disabled={a === "" || b === "" || a === b || props.busy}
      >
        Compare
      </button>
    </form>
  );
}

function PlanSelect(props: {
  id: string;
  label: string;
  saved: SavedPlan[];
  value: string;
  onValue: (id: string) => void;
}) {
  return (
    <span class="field">
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value}
        onChange={(e) => props.onValue(e.currentTarget.value)}
      >
        {props.saved.map((plan) => (
          <option key={plan.id} value={plan.id}>
            {plan.label}
          </option>
        ))}
      </select>
    </span>
  );
}

type FlowRow = FlowMove;
type ProvinceRow = Comparison["provinces"][number];

/**
 * The comparison's flow and province columns. A column's value is its CSV's number, so it is in
 * the header's unit (kt, M CNY), as the cell shows it: the JSON's tonnes and CNY would be 1,000x
 * and 1,000,000x off under those headers.
 */
export function comparisonColumns(nodeName: (id: string) => string) {
  const flowColumns: Column<FlowRow>[] = [
    { key: "change", label: "Change", value: (f) => f.change },
    { key: "from", label: "From", value: (f) => nodeName(f.from) },
    { key: "to", label: "To", value: (f) => nodeName(f.to) },
    { key: "mode", label: "Mode", value: (f) => f.mode },
    {
      key: "a",
      label: "a, kt",
      value: (f) => f.tonnes.a / 1e3,
      show: (f) => kt(f.tonnes.a),
      numeric: true,
    },
    {
      key: "b",
      label: "b, kt",
      value: (f) => f.tonnes.b / 1e3,
      show: (f) => kt(f.tonnes.b),
      numeric: true,
    },
    {
      key: "delta",
      label: "b − a, kt",
      value: (f) => f.tonnes.delta / 1e3,
      show: (f) => <Delta value={f.tonnes.delta} format={kt} />,
      numeric: true,
    },
    {
      key: "cost",
      label: "Freight b − a, M CNY",
      value: (f) => f.cost.delta / 1e6,
      show: (f) => <Delta value={f.cost.delta} format={millionCny} better="lower" />,
      numeric: true,
    },
  ];
  const delta = (key: "outputT" | "receivedT" | "exportT" | "netInflowT", label: string) => ({
    key,
    label,
    value: (p: ProvinceRow) => p[key].delta / 1e3,
    show: (p: ProvinceRow) => <Delta value={p[key].delta} format={kt} />,
    numeric: true,
  });
  const provinceColumns: Column<ProvinceRow>[] = [
    { key: "province", label: "Province", value: (p) => p.province },
    delta("outputT", "Output b − a, kt"),
    delta("receivedT", "Received b − a, kt"),
    delta("exportT", "Exports b − a, kt"),
    delta("netInflowT", "Net inflow b − a, kt"),
  ];
  return { flowColumns, provinceColumns };
}

function ComparisonView(props: Props & { comparison: Comparison }) {
  const { comparison, nodeName } = props;
  const { flowColumns, provinceColumns } = comparisonColumns(nodeName);
  const moves = flowMoves(comparison.flows);
  return (
    <div class="comparison" data-testid="comparison">
      <p>
        <strong>a</strong>: {comparison.a.label} · <strong>b</strong>: {comparison.b.label}
        {comparison.comparable ? "" : " — not both optimal, so only totals compare"}
      </p>
      <ChangesList title="Changes only in a" changes={comparison.changes.onlyA} nameOf={nodeName} />
      <ChangesList title="Changes only in b" changes={comparison.changes.onlyB} nameOf={nodeName} />
      <div class="compare-grid">
        <table class="compact" data-testid="cost-difference">
          <caption>Cost by part (CNY per year) and tonnes (per year), b − a</caption>
          <thead>
            <tr>
              <th scope="col">Part</th>
              <th scope="col" class="num">
                a
              </th>
              <th scope="col" class="num">
                b
              </th>
              <th scope="col" class="num">
                b − a
              </th>
            </tr>
          </thead>
          <tbody>
            {comparedCostLines(comparison).map(([key, label]) => {
              const entry = comparison.totals[key];
              return (
                <tr key={key}>
                  <th scope="row">{label}</th>
                  <td class="num">{entry.a === null ? "–" : cny(entry.a)}</td>
                  <td class="num">{entry.b === null ? "–" : cny(entry.b)}</td>
                  <td class="num">
                    {entry.delta === null ? (
                      "–"
                    ) : (
                      <Delta
                        value={entry.delta}
                        format={cny}
                        better={toneOf(key, higherIsBetter)}
                      />
                    )}
                  </td>
                </tr>
              );
            })}
            {co2Lines(comparison).map(([key, label]) => {
              const entry = comparison.totals[key];
              return (
                <tr key={key} data-line={key}>
                  <th scope="row">{label}</th>
                  <td class="num">{entry.a === null ? "–" : `${tonnes(entry.a)} CO2`}</td>
                  <td class="num">{entry.b === null ? "–" : `${tonnes(entry.b)} CO2`}</td>
                  <td class="num">
                    {entry.delta === null ? (
                      "–"
                    ) : (
                      <Delta value={entry.delta} format={(v) => `${tonnes(v)} CO2`} />
                    )}
                  </td>
                </tr>
              );
            })}
            {quantityParts.map(([key, label]) => {
              const entry = comparison.totals[key];
              return (
                <tr key={key}>
                  <th scope="row">{label}</th>
                  <td class="num">{entry.a === null ? "–" : tonnes(entry.a)}</td>
                  <td class="num">{entry.b === null ? "–" : tonnes(entry.b)}</td>
                  <td class="num">
                    {entry.delta === null ? "–" : <Delta value={entry.delta} format={tonnes} />}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div>
          <h3>Provinces that changed ({comparison.provinces.length}), b − a in kt</h3>
          <DataTable
            caption="Provinces that changed from a to b"
            columns={provinceColumns}
            rows={comparison.provinces}
            rowKey={(p) => p.province}
            initialSort={{ key: "netInflowT", descending: true }}
            csvName="provinces-changed.csv"
            onRowFocus={(p) => props.onProvinceFocus(p?.province ?? null)}
            empty="No province changed"
          />
        </div>
      </div>
      <CompareLogistics comparison={comparison} nodeName={nodeName} />
      <h3>Flows that moved ({moves.length}; a mode switch is one row)</h3>
      <DataTable
        caption="Flows that moved from a to b"
        columns={flowColumns}
        rows={moves}
        rowKey={(f) => f.key}
        initialSort={{ key: "delta", descending: true }}
        csvName="flows-moved.csv"
        onRowFocus={(f) => props.onFlowFocus(f?.focusKey ?? null)}
        empty="No flow moved"
      />
    </div>
  );
}

function ChangesList(props: { title: string; changes: Change[]; nameOf: (id: string) => string }) {
  if (props.changes.length === 0) return null;
  return (
    <p class="changes-list">
      {props.title}: {changesInWords(props.changes, props.nameOf)}
    </p>
  );
}

/**
 * A signed difference. Money is coloured, red where it is worse (a cost up, revenue or margin down)
 * and green where better; tonnes are neither, so they stay plain.
 */
function Delta(props: {
  value: number;
  format: (v: number) => string;
  better?: "lower" | "higher";
}) {
  const rounded = Math.abs(props.value) < 1e-6 ? 0 : props.value;
  const worse = props.better === "higher" ? rounded < 0 : rounded > 0;
  const tone = props.better === undefined || rounded === 0 ? undefined : worse ? "worse" : "better";
  return <span class={tone}>{signed(rounded, props.format)}</span>;
}
