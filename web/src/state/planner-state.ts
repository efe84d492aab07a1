// The planner page's state and the events that change it: a pure reducer, with the selectors the
// layout reads. The calls to the API that raise these events live in planner.ts.
import type {
  Change,
  Comparison,
  ComparisonSet,
  DatasetSummary,
  Network,
  Plan,
  PlanRegions,
  PlanSummary,
  Problem,
  Scenario,
} from "../api.ts";
import type { DeepLink } from "../deep-link.ts";
import { cny } from "../format.ts";
import type { Shading } from "../map-scene.ts";
import type { MapTarget } from "../map-target.ts";
import {
  changesToForm,
  emptyForm,
  type FormChanges,
  fieldOfPointer,
  formToChanges,
  type ScenarioForm,
} from "../scenario-form.ts";
import { showsLogistics } from "./contract-view.ts";

export type Tab =
  | "flows"
  | "provinces"
  | "months"
  | "hubs"
  | "exports"
  | "compare"
  | "economics"
  | "data";
export type View = "plan" | "compare";

/** A request under way, for its progress line and Cancel button. */
export interface Busy {
  what: string;
  startedAt: number;
}

/** A stored plan of the current dataset, as the comparison's pickers list it. */
export interface SavedPlan {
  id: string;
  scenarioId: string;
  label: string;
  /** The scenario's name, the plan's status and totals (null unless optimal), when it was solved. */
  name: string;
  status: string;
  totals: PlanSummary["totals"];
  createdAt: string;
}

/** The plan on the map, totals and tables. */
export interface Shown {
  plan: Plan;
  label: string;
  /** The stored plan's id; none for a plan solved and not saved. */
  planId?: string;
}

export interface PlannerState {
  datasets: DatasetSummary[];
  datasetId: string | undefined;
  network: Network | undefined;
  form: ScenarioForm;
  shown: Shown | null;
  /** The panel's form when the shown plan was solved or opened: results are out of date once it differs. */
  shownForm: ScenarioForm | null;
  /** The period the map and tables show (a plan with periods); null: the year. */
  period: string | null;
  busy: Busy | null;
  /** The last request's failure, with the panel's field behind each change it sent. */
  problem: { problem: Problem; fields: string[] } | null;
  /** The Data tab's last failure (an import, a download, a dataset saved from the tables). */
  dataProblem: { problem: Problem; what: string } | null;
  notice: string | null;
  saved: SavedPlan[];
  scenarios: Map<string, Scenario>;
  pick: { a: string; b: string };
  comparison: Comparison | null;
  compared: { a: string; b: string } | null;
  /** The view the address bar links to: a saved plan, a comparison, or none. */
  link: DeepLink | null;
  /** Why a link could not be shown; kept until dismissed or another view is linked. */
  linkProblem: { lead: string; problem: Problem } | null;
  view: View;
  tab: Tab;
  shadeBy: Shading;
  highlight: MapTarget | null;
  /** The regional view of a stored plan (GET /v1/plans/{id}/regions), or why it did not come. */
  regions: { planId: string; view: PlanRegions | null; problem: Problem | null } | null;
  /** A scenario delete the API refused (409 in_use: plans refer to it), to offer the cascade. */
  deleteConflict: { scenarioId: string; name: string; detail: string } | null;
  /** Several saved plans compared with the first (POST /v1/plans/compare). */
  comparisonSet: { planIds: string[]; set: ComparisonSet } | null;
}

export const initialState = (): PlannerState => ({
  datasets: [],
  datasetId: undefined,
  network: undefined,
  form: emptyForm(),
  shown: null,
  shownForm: null,
  period: null,
  busy: null,
  problem: null,
  dataProblem: null,
  notice: null,
  saved: [],
  scenarios: new Map(),
  pick: { a: "", b: "" },
  comparison: null,
  compared: null,
  link: null,
  linkProblem: null,
  view: "plan",
  tab: "flows",
  shadeBy: "marginal",
  highlight: null,
  regions: null,
  deleteConflict: null,
  comparisonSet: null,
});

export type PlannerEvent =
  | { type: "taskStarted"; what: string; at: number }
  | { type: "taskEnded" }
  | { type: "taskCancelled"; what: string }
  | { type: "failed"; problem: Problem; fields: string[] }
  /** A Data tab action failed: shown in the tab, beside its tables. */
  | { type: "dataFailed"; problem: Problem; what: string }
  | { type: "dataProblemDismissed" }
  | { type: "linkFailed"; lead: string; problem: Problem }
  | { type: "datasetsListed"; datasets: DatasetSummary[] }
  /** Another dataset chosen: the last one's plan, changes and comparison go. */
  | { type: "datasetChosen"; id: string }
  /** A saved plan's dataset made current: its plan and changes come with it. */
  | { type: "datasetEntered"; id: string }
  | { type: "networkLoaded"; network: Network }
  /** The dataset's saved plans; `newest` (just saved) becomes plan b of the comparison. */
  | { type: "savedListed"; plans: PlanSummary[]; scenarios: Scenario[]; newest?: string }
  | { type: "defaultSolved"; shown: Shown }
  | { type: "solved"; shown: Shown }
  | { type: "saved"; shown: Shown; name: string }
  | { type: "savedOpened"; shown: Shown; changes: readonly Change[] }
  | { type: "compared"; comparison: Comparison; a: string; b: string }
  | {
      type: "comparisonOpened";
      shown: Shown;
      changes: readonly Change[];
      comparison: Comparison;
      a: string;
      b: string;
    }
  | { type: "linked"; link: DeepLink | null }
  | { type: "noticed"; text: string }
  | { type: "formEdited"; form: ScenarioForm }
  | { type: "picked"; a: string; b: string }
  | { type: "viewChosen"; view: View }
  | { type: "tabChosen"; tab: Tab }
  /** A period of the shown plan, or null for the year. */
  | { type: "periodChosen"; period: string | null }
  | { type: "shadingChosen"; shading: Shading }
  | { type: "highlighted"; target: MapTarget | null }
  | { type: "regionsLoaded"; planId: string; view: PlanRegions }
  | { type: "regionsFailed"; planId: string; problem: Problem }
  | { type: "deleteRefused"; scenarioId: string; name: string; detail: string }
  | { type: "deleteConflictDismissed" }
  | { type: "comparedMany"; planIds: string[]; set: ComparisonSet }
  | { type: "problemDismissed" }
  | { type: "linkProblemDismissed" };

export function plannerReducer(state: PlannerState, event: PlannerEvent): PlannerState {
  switch (event.type) {
    case "taskStarted":
      return {
        ...state,
        busy: { what: event.what, startedAt: event.at },
        problem: null,
        dataProblem: null,
        notice: null,
      };
    case "taskEnded":
      return { ...state, busy: null };
    case "taskCancelled":
      return { ...state, notice: `${event.what} cancelled.` };
    case "failed":
      return { ...state, problem: { problem: event.problem, fields: event.fields } };
    case "dataFailed":
      return { ...state, dataProblem: { problem: event.problem, what: event.what } };
    case "dataProblemDismissed":
      return { ...state, dataProblem: null };
    case "linkFailed":
      return { ...state, linkProblem: { lead: event.lead, problem: event.problem } };
    case "datasetsListed":
      return { ...state, datasets: event.datasets };
    case "datasetChosen":
      return {
        ...leaveDataset(state, event.id),
        form: emptyForm(),
        view: "plan",
        shown: null,
        shownForm: null,
        period: null,
      };
    case "datasetEntered":
      return leaveDataset(state, event.id);
    case "networkLoaded":
      return { ...state, network: event.network };
    case "savedListed":
      return listSaved(state, event);
    case "defaultSolved":
      return withShownForm(show(state, event.shown));
    case "solved":
      return withShownForm({ ...show(state, event.shown), view: "plan" });
    case "saved":
      return withShownForm({
        ...show(state, event.shown),
        view: "plan",
        notice: `Saved “${event.name}”.`,
      });
    case "savedOpened":
      return withShownForm({
        ...show(state, event.shown),
        form: changesToForm(event.changes),
        view: "plan",
      });
    case "compared":
      return showComparison(state, event);
    case "comparisonOpened":
      return withShownForm({
        ...showComparison(show(state, event.shown), event),
        form: changesToForm(event.changes),
        pick: { a: event.a, b: event.b },
        tab: "compare",
      });
    case "linked":
      return { ...state, link: event.link, linkProblem: null };
    case "noticed":
      return { ...state, notice: event.text };
    case "formEdited":
      return { ...state, form: event.form };
    case "picked":
      return { ...state, pick: { a: event.a, b: event.b } };
    case "viewChosen":
      return { ...state, view: event.view };
    case "tabChosen":
      return { ...state, tab: event.tab };
    case "periodChosen":
      return { ...state, period: event.period, highlight: null };
    case "shadingChosen":
      return { ...state, shadeBy: event.shading };
    case "highlighted":
      return { ...state, highlight: event.target };
    case "regionsLoaded":
      return { ...state, regions: { planId: event.planId, view: event.view, problem: null } };
    case "regionsFailed":
      return { ...state, regions: { planId: event.planId, view: null, problem: event.problem } };
    case "deleteRefused":
      return {
        ...state,
        deleteConflict: { scenarioId: event.scenarioId, name: event.name, detail: event.detail },
      };
    case "deleteConflictDismissed":
      return { ...state, deleteConflict: null };
    case "comparedMany":
      return { ...state, comparisonSet: { planIds: event.planIds, set: event.set } };
    case "problemDismissed":
      return { ...state, problem: null };
    case "linkProblemDismissed":
      return { ...state, linkProblem: null };
  }
}

/**
 * A plan to show. The chosen period stays where the new plan has it too (a scenario of the same
 * months), else the page goes back to the year; without periods the Months tab gives way to Flows,
 * and without hubs, corridors or contracts the Logistics tab (id "hubs") does.
 */
function show(state: PlannerState, shown: Shown): PlannerState {
  const periods = shown.plan.periods ?? [];
  const period = periods.some((p) => p.id === state.period) ? state.period : null;
  const gone =
    (state.tab === "months" && periods.length === 0) ||
    (state.tab === "hubs" && !showsLogistics(shown.plan));
  return { ...state, shown, period, tab: gone ? "flows" : state.tab };
}

const withShownForm = (state: PlannerState): PlannerState => ({
  ...state,
  shownForm: state.form,
});

const leaveDataset = (state: PlannerState, id: string): PlannerState => ({
  ...state,
  datasetId: id,
  comparison: null,
  compared: null,
  highlight: null,
  comparisonSet: null,
  deleteConflict: null,
});

const showComparison = (
  state: PlannerState,
  event: { comparison: Comparison; a: string; b: string },
): PlannerState => ({
  ...state,
  comparison: event.comparison,
  compared: { a: event.a, b: event.b },
  view: "compare",
});

/** The saved list, newest first as the API lists it; the pickers keep or take sensible plans. */
function listSaved(
  state: PlannerState,
  event: Extract<PlannerEvent, { type: "savedListed" }>,
): PlannerState {
  const scenarios = new Map(event.scenarios.map((s) => [s.id, s]));
  const saved = event.plans.map((plan) => {
    const name = scenarios.get(plan.scenarioId)?.name ?? plan.scenarioId;
    return {
      id: plan.id,
      scenarioId: plan.scenarioId,
      label: `${name} · ${plan.totals ? cny(plan.totals.totalCost) : plan.status}`,
      name,
      status: plan.status,
      totals: plan.totals,
      createdAt: plan.createdAt,
    };
  });
  const { newest } = event;
  const current = state.pick;
  const pick =
    newest !== undefined
      ? {
          // The plan b was (or else the one before the newest) against the one just saved.
          a: current.b !== "" && current.b !== newest ? current.b : (saved[1]?.id ?? ""),
          b: newest,
        }
      : { a: saved[1]?.id ?? "", b: saved[0]?.id ?? "" };
  const ids = new Set(saved.map((p) => p.id));
  const comparisonSet = state.comparisonSet?.planIds.every((id) => ids.has(id))
    ? state.comparisonSet
    : null;
  return { ...state, scenarios, saved, pick, comparisonSet };
}

/** The changes the panel stands for, with each change's field and a name for them. */
export const formChanges = (state: PlannerState): FormChanges =>
  formToChanges(state.form, state.network);

/** A scenario's default name: its changes in words, or that there are none. */
export const scenarioName = (labels: readonly string[]): string =>
  labels.length > 0 ? labels.join(", ") : "As in the dataset";

/** The panel's fields the last problem's pointers name, to mark them invalid. */
export function invalidFields(state: PlannerState): Set<string> {
  const { problem } = state;
  return new Set(
    (problem?.problem.errors ?? []).flatMap((error) => {
      const field =
        "pointer" in error ? fieldOfPointer(error.pointer, problem?.fields ?? []) : undefined;
      return field === undefined ? [] : [field];
    }),
  );
}

/** Whether the plan on the map (the year's, or a period's) has marginal costs to shade by. */
export const hasMarginal = (plan: Plan | null): boolean =>
  plan?.provinces.some((p) => typeof p.marginalCostPerT === "number") ?? false;

export const showingComparison = (state: PlannerState): boolean =>
  state.view === "compare" && state.comparison !== null;

/** The changes a form stands for, as a key: two forms that ask for the same plan have the same key. */
const changesKey = (form: ScenarioForm, network: Network | undefined): string =>
  JSON.stringify(formToChanges(form, network).changes);

/**
 * Whether the panel asks for other changes than the shown plan was solved with: its results are then
 * out of date until the next solve.
 */
export const resultsStale = (state: PlannerState): boolean =>
  state.shown !== null &&
  state.shownForm !== null &&
  changesKey(state.form, state.network) !== changesKey(state.shownForm, state.network);
