// The dataset's saved scenarios and their plans, one row each: status and KPIs (total cost,
// transport CO2, exports) with their differences from a baseline the planner chooses; show a plan,
// duplicate its scenario under another name (solved into a plan of its own), rename the scenario,
// delete the plan or the scenario (a scenario with plans only with them, once the planner agrees),
// and tick plans to compare several with the baseline at once.
import { useState } from "preact/hooks";
import type { Scenario } from "../api.ts";
import { plain, signed } from "../format.ts";
import type { PlannerState, SavedPlan } from "../state/planner-state.ts";
import { type ScenarioRow, scenarioRows } from "../state/scenario-table.ts";

const kpis = [
  {
    key: "cost",
    head: "Total cost, bn CNY",
    short: "total cost",
    of: (t: Totals) => t.totalCost / 1e9,
    digits: 3,
  },
  {
    key: "co2",
    head: "Transport CO2, kt",
    short: "transport CO2",
    of: (t: Totals) => t.co2T / 1000,
    digits: 1,
  },
  {
    key: "exports",
    head: "Exports, kt",
    short: "exports",
    of: (t: Totals) => t.exportT / 1000,
    digits: 1,
  },
] as const;

type Totals = NonNullable<SavedPlan["totals"]>;

export interface ScenarioActions {
  onShow: (planId: string) => void;
  onDuplicate: (planId: string, name: string) => void;
  onRename: (scenarioId: string, name: string) => void;
  onDeletePlan: (planId: string) => void;
  onDeleteScenario: (scenarioId: string, cascade: boolean) => void;
  onDismissConflict: () => void;
  /** Compares the plans with the first, the baseline. */
  onCompareMany: (planIds: string[]) => void;
}

export function ScenariosTable(
  props: ScenarioActions & {
    saved: SavedPlan[];
    scenarios: ReadonlyMap<string, Scenario>;
    deleteConflict: PlannerState["deleteConflict"];
    busy: boolean;
  },
) {
  const { saved } = props;
  // The oldest plan is the natural baseline: the saved list is newest first.
  const [chosen, setChosen] = useState<string | null>(null);
  const [copying, setCopying] = useState<string | null>(null);
  const [copyName, setCopyName] = useState("");
  const [renaming, setRenaming] = useState<string | null>(null);
  const [newName, setNewName] = useState("");
  const [deleting, setDeleting] = useState<string | null>(null);
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const rows = scenarioRows(saved, props.scenarios);
  if (rows.length === 0) return null;
  const baseline = saved.find((p) => p.id === chosen) ?? saved.at(-1);
  const base = baseline?.totals ?? null;
  const compared = saved.filter((p) => ticked.has(p.id) && p.id !== baseline?.id).map((p) => p.id);
  const conflict = props.deleteConflict;
  return (
    <div class="scenarios" data-testid="scenarios">
      <h3 id="scenarios-title">
        Scenarios ({new Set(rows.map((r) => r.scenarioId)).size}) and their plans ({saved.length})
      </h3>
      <p class="table-note">
        Differences (Δ) are from the baseline: {baseline?.name ?? "none"}. Choose another in the
        Baseline column.
      </p>
      <div class="table-wrap">
        <table aria-labelledby="scenarios-title">
          <thead>
            <tr>
              <th scope="col">Scenario</th>
              <th scope="col">Status</th>
              {kpis.map((k) => [
                <th key={k.key} scope="col">
                  {k.head}
                </th>,
                <th key={`${k.key}-d`} scope="col">
                  Δ {k.short}
                </th>,
              ])}
              <th scope="col">Baseline</th>
              <th scope="col">Compare</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((plan) => {
              const t = plan.totals;
              return (
                <tr
                  key={plan.key}
                  data-plan={plan.planId ?? undefined}
                  data-scenario={plan.scenarioId}
                >
                  <th scope="row" class="scenario-name">
                    {plan.name}
                  </th>
                  <td class={plan.status === "optimal" ? "" : "status-bad"}>{plan.status}</td>
                  {kpis.map((k) => {
                    const value = t ? k.of(t) : null;
                    const delta = value !== null && base ? value - k.of(base) : null;
                    return [
                      <td key={k.key} class="num">
                        {value === null ? "—" : plain(value, k.digits)}
                      </td>,
                      <td key={`${k.key}-d`} class="num" data-kpi={`${k.key}-delta`}>
                        {delta === null || plan.planId === baseline?.id
                          ? "—"
                          : signed(delta, (v) => plain(v, k.digits))}
                      </td>,
                    ];
                  })}
                  <td>
                    {plan.planId !== null && (
                      <input
                        type="radio"
                        name="baseline"
                        aria-label={`${plan.name} as the baseline`}
                        checked={plan.planId === baseline?.id}
                        onChange={() => setChosen(plan.planId)}
                      />
                    )}
                  </td>
                  <td>
                    {plan.planId !== null && plan.planId !== baseline?.id && (
                      <input
                        type="checkbox"
                        aria-label={`Compare ${plan.name} with the baseline`}
                        checked={ticked.has(plan.planId)}
                        onChange={(e) => {
                          const next = new Set(ticked);
                          const id = plan.planId ?? "";
                          if (e.currentTarget.checked) next.add(id);
                          else next.delete(id);
                          setTicked(next);
                        }}
                      />
                    )}
                  </td>
                  <td class="actions-cell">
                    <RowActions
                      row={plan}
                      {...props}
                      copying={copying}
                      copyName={copyName}
                      setCopying={setCopying}
                      setCopyName={setCopyName}
                      renaming={renaming}
                      newName={newName}
                      setRenaming={setRenaming}
                      setNewName={setNewName}
                      deleting={deleting}
                      setDeleting={setDeleting}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {conflict && (
        <div class="delete-conflict" role="alert" data-testid="delete-conflict">
          <p>
            “{conflict.name}” still has stored plans, so it was not deleted. {conflict.detail}.
          </p>
          <button
            type="button"
            class="danger"
            disabled={props.busy}
            onClick={() => props.onDeleteScenario(conflict.scenarioId, true)}
          >
            Delete “{conflict.name}” with its plans
          </button>{" "}
          <button type="button" onClick={props.onDismissConflict}>
            Keep it
          </button>
        </div>
      )}
      {saved.length > 1 && (
        <p class="compare-many">
          <button
            type="button"
            class="primary"
            disabled={props.busy || compared.length === 0 || baseline === undefined}
            onClick={() => baseline && props.onCompareMany([baseline.id, ...compared])}
          >
            Compare {compared.length + 1} plans with charts
          </button>{" "}
          <span class="table-note">
            The baseline and the plans ticked in the Compare column ({compared.length} ticked).
          </span>
        </p>
      )}
    </div>
  );
}

function RowActions(
  props: ScenarioActions & {
    row: ScenarioRow;
    busy: boolean;
    copying: string | null;
    copyName: string;
    setCopying: (key: string | null) => void;
    setCopyName: (name: string) => void;
    renaming: string | null;
    newName: string;
    setRenaming: (key: string | null) => void;
    setNewName: (name: string) => void;
    deleting: string | null;
    setDeleting: (key: string | null) => void;
  },
) {
  const { row: plan, copying, copyName, setCopying, setCopyName } = props;
  const planId = plan.planId;
  return (
    <>
      {planId !== null && (
        <button
          type="button"
          disabled={props.busy}
          aria-label={`Show ${plan.name}`}
          onClick={() => props.onShow(planId)}
        >
          Show
        </button>
      )}{" "}
      <button
        type="button"
        disabled={props.busy}
        aria-label={`Rename ${plan.name}`}
        aria-expanded={props.renaming === plan.key}
        onClick={() => {
          props.setRenaming(props.renaming === plan.key ? null : plan.key);
          props.setNewName(plan.name);
        }}
      >
        Rename
      </button>{" "}
      {planId !== null && (
        <button
          type="button"
          disabled={props.busy}
          aria-label={`Duplicate ${plan.name}`}
          aria-expanded={copying === plan.key}
          onClick={() => {
            setCopying(copying === plan.key ? null : plan.key);
            setCopyName(`${plan.name} (copy)`);
          }}
        >
          Duplicate
        </button>
      )}{" "}
      <button
        type="button"
        disabled={props.busy}
        aria-label={`Delete ${plan.name}`}
        aria-expanded={props.deleting === plan.key}
        onClick={() => props.setDeleting(props.deleting === plan.key ? null : plan.key)}
      >
        Delete…
      </button>
      {planId !== null && copying === plan.key && (
        <form
          class="duplicate"
          onSubmit={(e) => {
            e.preventDefault();
            props.onDuplicate(planId, copyName.trim() || `${plan.name} (copy)`);
            setCopying(null);
          }}
        >
          <label for={`copy-${plan.key}`}>Name of the copy</label>
          <input
            id={`copy-${plan.key}`}
            type="text"
            maxLength={200}
            value={copyName}
            onInput={(e) => setCopyName(e.currentTarget.value)}
          />
          <button type="submit" disabled={props.busy}>
            Save copy
          </button>
        </form>
      )}
      {props.renaming === plan.key && (
        <form
          class="duplicate"
          onSubmit={(e) => {
            e.preventDefault();
            const name = props.newName.trim();
            if (name !== "" && name !== plan.name) props.onRename(plan.scenarioId, name);
            props.setRenaming(null);
          }}
        >
          <label for={`rename-${plan.key}`}>New name</label>
          <input
            id={`rename-${plan.key}`}
            type="text"
            maxLength={200}
            value={props.newName}
            onInput={(e) => props.setNewName(e.currentTarget.value)}
          />
          <button type="submit" disabled={props.busy}>
            Save name
          </button>
        </form>
      )}
      {props.deleting === plan.key && (
        <div class="duplicate">
          {planId !== null && (
            <button
              type="button"
              class="danger"
              disabled={props.busy}
              onClick={() => {
                props.onDeletePlan(planId);
                props.setDeleting(null);
              }}
            >
              Delete this plan
            </button>
          )}
          <button
            type="button"
            class="danger"
            disabled={props.busy}
            onClick={() => {
              props.onDeleteScenario(plan.scenarioId, false);
              props.setDeleting(null);
            }}
          >
            Delete the scenario
            {plan.planCount > 0
              ? ` (it has ${plan.planCount} plan${plan.planCount === 1 ? "" : "s"})`
              : ""}
          </button>
        </div>
      )}
    </>
  );
}
