// Below the map: the Flows, Provinces, Months (a plan with periods), Logistics (a plan with hubs,
// corridors or contracts; its id stays "hubs", as links and state name it), Exports and Compare tabs (arrow keys move between tabs). Flows, Provinces and Hubs
// show the period chosen above the map, or the year.
import type { Plan } from "../api.ts";
import { showsLogistics } from "../state/contract-view.ts";
import { pendingEdits } from "../state/data-view.ts";
import type { Planner } from "../state/planner.ts";
import type { PlannerState, Tab } from "../state/planner-state.ts";
import { ComparePanel } from "./compare-panel.tsx";
import { DataTab } from "./data-tab.tsx";
import { EconomicsTables } from "./economics-tables.tsx";
import { ExportsTables } from "./exports-tables.tsx";
import { HubsTables } from "./hubs-tables.tsx";
import { MonthsTables } from "./months-tables.tsx";
import { FlowsTable, ProvincesTable } from "./plan-tables.tsx";
import { SweepPanel } from "./sweep-panel.tsx";

const allTabs: [Tab, string][] = [
  ["flows", "Flows"],
  ["provinces", "Provinces"],
  ["months", "Months"],
  ["hubs", "Logistics"],
  ["exports", "Exports"],
  ["compare", "Compare"],
  ["economics", "Economics"],
  ["data", "Data"],
];

export function TablesSection(props: {
  state: PlannerState;
  planner: Planner;
  nodeName: (id: string) => string;
  /** The plan of the period chosen above the map, or the shown plan for the year. */
  viewed: Plan | null;
}) {
  const { state, planner, nodeName, viewed } = props;
  const { tab, shown } = state;
  const periodic = (shown?.plan.periods?.length ?? 0) > 0;
  const hubs = showsLogistics(shown?.plan);
  const tabs = allTabs.filter(([id]) => (id !== "months" || periodic) && (id !== "hubs" || hubs));
  const flowFocus = (key: string | null) =>
    planner.highlight(key === null ? null : { kind: "flow", key });
  const provinceFocus = (name: string | null) =>
    planner.highlight(name === null ? null : { kind: "province", name });
  return (
    <section class="tables" aria-label="Tables">
      <div class="tabs" role="tablist" aria-label="Tables">
        {tabs.map(([id, label], index) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-controls={`tabpanel-${id}`}
            aria-selected={tab === id}
            tabIndex={tab === id ? 0 : -1}
            onClick={() => planner.chooseTab(id)}
            onKeyDown={(e) => {
              const by = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
              if (by === 0) return;
              const [next] = tabs[(index + by + tabs.length) % tabs.length] ?? [];
              if (next) {
                planner.chooseTab(next);
                document.getElementById(`tab-${next}`)?.focus();
              }
            }}
          >
            {label}
            {id === "flows" && viewed ? ` (${viewed.flows.length})` : ""}
            {id === "provinces" && viewed ? ` (${viewed.provinces.length})` : ""}
            {id === "months" && shown?.plan.periods ? ` (${shown.plan.periods.length})` : ""}
            {id === "hubs" && shown ? ` (${logisticsCount(shown.plan)})` : ""}
            {id === "exports" && shown?.plan.markets
              ? ` (${shown.plan.markets.length} markets)`
              : ""}
            {id === "compare" ? ` (${state.saved.length} saved)` : ""}
            {id === "data" && state.network ? ` (${dataEdits(state)} edits)` : ""}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === "flows" && viewed && (
          <FlowsTable plan={viewed} nodeName={nodeName} onFocus={flowFocus} />
        )}
        {tab === "provinces" && viewed && <ProvincesTable plan={viewed} onFocus={provinceFocus} />}
        {tab === "months" && shown && <MonthsTables plan={shown.plan} />}
        {tab === "hubs" && viewed && (
          <HubsTables
            plan={viewed}
            nodeName={nodeName}
            period={state.period}
            onFocus={(key) => planner.highlight(key === null ? null : { kind: "hub", key })}
          />
        )}
        {tab === "exports" && shown && (
          <>
            {state.period && <p class="table-note">Exports by market and route: the year.</p>}
            <ExportsTables plan={shown.plan} nodeName={nodeName} />
          </>
        )}
        {tab === "compare" && (
          <ComparePanel
            saved={state.saved}
            a={state.pick.a}
            b={state.pick.b}
            onPick={planner.pick}
            onCompare={() => void planner.compare()}
            onShow={(id) => void planner.showSaved(id)}
            onDuplicate={(id, name) => void planner.duplicate(id, name)}
            scenarios={state.scenarios}
            deleteConflict={state.deleteConflict}
            comparisonSet={state.comparisonSet}
            onRename={(id, name) => void planner.rename(id, name)}
            onDeletePlan={(id) => void planner.deletePlan(id)}
            onDeleteScenario={(id, cascade) => void planner.deleteScenario(id, cascade)}
            onDismissConflict={planner.dismissDeleteConflict}
            onCompareMany={(ids) => void planner.compareMany(ids)}
            comparison={state.comparison}
            nodeName={nodeName}
            onFlowFocus={(key) => {
              if (key !== null) planner.showView("compare");
              flowFocus(key);
            }}
            onProvinceFocus={provinceFocus}
            busy={state.busy !== null}
          />
        )}
        {tab === "economics" && shown && (
          <>
            {state.period && <p class="table-note">Ports, marginal costs and lanes: the year.</p>}
            <EconomicsTables
              plan={shown.plan}
              planId={shown.planId}
              nodeName={nodeName}
              regions={state.regions}
              onLoadRegions={planner.loadRegions}
            />
            <SweepPanel network={state.network} onSweep={planner.sweepModeCost} />
          </>
        )}
        {tab === "data" && <DataTab state={state} planner={planner} />}
      </div>
    </section>
  );
}

/** The Data tab's count: the edits its tables stand for in the panel's changes. */
const dataEdits = (state: PlannerState) => pendingEdits(state.form, state.network).length;

/** The Logistics tab's count: its hubs, corridors and contracts. */
const logisticsCount = (plan: Plan) =>
  (plan.hubs?.length ?? 0) + (plan.corridors?.length ?? 0) + (plan.contracts?.length ?? 0);
