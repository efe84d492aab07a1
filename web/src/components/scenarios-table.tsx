// The dataset's saved scenarios and their plans, one row each: status and KPIs (total cost,
// transport CO2, exports) with their differences from a baseline the planner chooses; show a plan,
// or duplicate its scenario under another name (solved into a plan of its own).
import { useState } from "preact/hooks";
import { plain, signed } from "../format.ts";
import type { SavedPlan } from "../state/planner-state.ts";

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

export function ScenariosTable(props: {
  saved: SavedPlan[];
  onShow: (planId: string) => void;
  onDuplicate: (planId: string, name: string) => void;
  busy: boolean;
}) {
  const { saved } = props;
  // The oldest plan is the natural baseline: the saved list is newest first.
  const [chosen, setChosen] = useState<string | null>(null);
  const [copying, setCopying] = useState<string | null>(null);
  const [copyName, setCopyName] = useState("");
  if (saved.length === 0) return null;
  const baseline = saved.find((p) => p.id === chosen) ?? saved.at(-1);
  const base = baseline?.totals ?? null;
  return (
    <div class="scenarios" data-testid="scenarios">
      <h3 id="scenarios-title">Scenarios ({saved.length})</h3>
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
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {saved.map((plan) => {
              const t = plan.totals;
              return (
                <tr key={plan.id} data-plan={plan.id}>
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
                        {delta === null || plan.id === baseline?.id
                          ? "—"
                          : signed(delta, (v) => plain(v, k.digits))}
                      </td>,
                    ];
                  })}
                  <td>
                    <input
                      type="radio"
                      name="baseline"
                      aria-label={`${plan.name} as the baseline`}
                      checked={plan.id === baseline?.id}
                      onChange={() => setChosen(plan.id)}
                    />
                  </td>
                  <td class="actions-cell">
                    <button
                      type="button"
                      disabled={props.busy}
                      aria-label={`Show ${plan.name}`}
                      onClick={() => props.onShow(plan.id)}
                    >
                      Show
                    </button>{" "}
                    <button
                      type="button"
                      disabled={props.busy}
                      aria-label={`Duplicate ${plan.name}`}
                      aria-expanded={copying === plan.id}
                      onClick={() => {
                        setCopying(copying === plan.id ? null : plan.id);
                        setCopyName(`${plan.name} (copy)`);
                      }}
                    >
                      Duplicate
                    </button>
                    {copying === plan.id && (
                      <form
                        class="duplicate"
                        onSubmit={(e) => {
                          e.preventDefault();
                          props.onDuplicate(plan.id, copyName.trim() || `${plan.name} (copy)`);
                          setCopying(null);
                        }}
                      >
                        <label for={`copy-${plan.id}`}>Name of the copy</label>
                        <input
                          id={`copy-${plan.id}`}
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
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
