// The planner page's layout: the scenario panel, the map with its heading, totals and the tables,
// wired to the planner's state and actions (state/use-planner.ts).
import { useMemo } from "preact/hooks";
import type { ApiClient } from "../api.ts";
import { geography } from "../map-model.ts";
import { relaxedForm } from "../relaxation.ts";
import { fieldOfPointer } from "../scenario-form.ts";
import { viewedPlan } from "../state/period-view.ts";
import { shownWarnings } from "../state/plan-view.ts";
import {
  formChanges,
  hasMarginal,
  invalidFields,
  type PlannerState,
  resultsStale,
  scenarioName,
  showingComparison,
} from "../state/planner-state.ts";
import { usePlanner } from "../state/use-planner.ts";
import { ChartsSection } from "./charts.tsx";
import { MapHead } from "./map-head.tsx";
import { MapView } from "./map-view.tsx";
import { ProblemView } from "./problem-view.tsx";
import { ScenarioPanel } from "./scenario-panel.tsx";
import { TablesSection } from "./tables-section.tsx";
import { Totals } from "./totals.tsx";
import { WarningsBanner } from "./warnings-banner.tsx";

/** The label of the panel's field a problem's pointer names, as the reader sees it. */
const fieldName = (state: PlannerState) => (pointer: string) => {
  const field = fieldOfPointer(pointer, state.problem?.fields ?? []);
  if (field === undefined) return undefined;
  const label = document.querySelector(`label[for="${CSS.escape(field)}"]`)?.textContent;
  return label?.trim() || field;
};

export function App({ api }: { api: ApiClient }) {
  const [state, planner] = usePlanner(api);
  const { network, shown, problem, linkProblem, notice } = state;
  const geo = useMemo(() => (network ? geography(network) : null), [network]);
  const modes = useMemo(() => network?.modes.map((m) => m.id) ?? [], [network]);
  const nodeName = (id: string) => geo?.nodeById.get(id)?.name ?? id;
  const viewed = viewedPlan(state);
  const marginal = hasMarginal(viewed);
  const dataset = state.datasets.find((d) => d.id === state.datasetId);
  const warned = shownWarnings(state).length > 0;
  const stale = resultsStale(state);
  const relaxation = shown?.plan.diagnosis?.relaxation?.changes ?? [];
  const relaxed =
    network && relaxation.length > 0
      ? relaxedForm(network, state.shownForm ?? state.form, relaxation)
      : null;

  return (
    <>
      <header class="top">
        <h1>anodeflow planner</h1>
        <span class="dataset-name">{dataset?.name ?? ""}</span>
        <a href="/docs">API reference</a>
      </header>
      <div class={`layout${warned ? " warned" : ""}${stale ? " stale" : ""}`}>
        <ScenarioPanel
          datasets={state.datasets}
          datasetId={state.datasetId}
          onDataset={(id) => void planner.chooseDataset(id)}
          onUpload={(file) => void planner.upload(file)}
          network={network}
          form={state.form}
          onForm={planner.editForm}
          invalid={invalidFields(state)}
          busy={state.busy}
          onSolve={() => void planner.solve()}
          onCancel={planner.cancel}
          onReset={planner.resetForm}
          onSave={(name) => void planner.save(name)}
          defaultName={scenarioName(formChanges(state).labels)}
        />
        {warned && shown && (
          <div class="warnings-area">
            <WarningsBanner plan={shown.plan} nameOf={nodeName} />
          </div>
        )}
        <main class="centre">
          {linkProblem && (
            <ProblemView
              problem={linkProblem.problem}
              lead={linkProblem.lead}
              nameOf={() => undefined}
              onDismiss={planner.dismissLinkProblem}
            />
          )}
          {problem && (
            <ProblemView
              problem={problem.problem}
              nameOf={fieldName(state)}
              onDismiss={planner.dismissProblem}
            />
          )}
          {stale && (
            <p class="stale-note" role="status" data-testid="stale">
              Out of date: the scenario panel has changes this plan was not solved with. Solve to
              update the map, totals, charts and tables.
            </p>
          )}
          {notice && (
            <p class="notice" role="status">
              {notice}
            </p>
          )}
          <MapHead state={state} planner={planner} hasMarginal={marginal} />
          {geo ? (
            <MapView
              geo={geo}
              modes={modes}
              plan={viewed}
              comparison={showingComparison(state) ? state.comparison : null}
              shading={marginal ? state.shadeBy : "balance"}
              highlight={state.highlight}
              onHighlight={planner.highlight}
            />
          ) : (
            <div class="map-placeholder">Loading the map…</div>
          )}
        </main>
        <div class="side">
          {shown && (
            <Totals
              plan={shown.plan}
              label={shown.label}
              period={state.period ?? undefined}
              relaxed={relaxed}
              onRelax={() => void planner.applyRelaxation()}
              busy={state.busy !== null}
            />
          )}
        </div>
        {shown && viewed && (
          <ChartsSection shown={shown} viewed={viewed} saved={state.saved} nameOf={nodeName} />
        )}
        <TablesSection state={state} planner={planner} nodeName={nodeName} viewed={viewed} />
      </div>
      <footer class="foot">
        Province outlines: DCW-GMT 2.1.1 (LGPL-3.0-or-later), simplified. Figures per year (or in
        the period chosen above the map); CNY.
      </footer>
    </>
  );
}
