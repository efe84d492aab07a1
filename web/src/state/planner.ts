// The planner's actions: the calls to the API behind each control, raising the events of
// planner-state.ts through the core (planner-core.ts); links are opened by planner-links.ts.
import { type DatasetSummary, type Problem, ProblemError, type SweepResponse } from "../api.ts";
import { downloadBlob } from "../csv.ts";
import { hasKey, parseFragment } from "../deep-link.ts";
import type { Shading } from "../map-scene.ts";
import type { MapTarget } from "../map-target.ts";
import { relaxedForm } from "../relaxation.ts";
import { emptyForm, type ScenarioForm } from "../scenario-form.ts";
import { modeCostSweep } from "../sweep.ts";
import { applyEdit, type EditTarget, editedNetwork, removeEdit } from "./data-view.ts";
import { asProblem, type Core, createCore, type PlannerDeps } from "./planner-core.ts";
import { openFragment, showSaved } from "./planner-links.ts";
import { formChanges, scenarioName, type Tab, type View } from "./planner-state.ts";

export type { Address, PlannerDeps } from "./planner-core.ts";

/** Makes a dataset current and shows its plan as it is, with no changes. */
async function selectDataset(core: Core, id: string) {
  core.dispatch({ type: "datasetChosen", id });
  const dataset = await core.task("Loading the dataset", () => core.api.dataset(id));
  if (!dataset) return;
  core.dispatch({ type: "networkLoaded", network: dataset.network });
  void core.refreshSaved(id);
  const plan = await core.task("Solving", (signal) => core.api.solve(id, [], signal));
  if (!plan) return;
  const label = `${dataset.name}, as it is (not saved)`;
  core.dispatch({ type: "defaultSolved", shown: { plan, label } });
}

/** The first load: the datasets, then the view the fragment links to, or the default plan. */
async function start(core: Core, hash: string) {
  try {
    const datasets = await core.api.datasets();
    core.dispatch({ type: "datasetsListed", datasets });
    // Newest first, so the last shared one is the dataset the server seeded on its first start.
    const initial = datasets.filter((d) => d.shared).at(-1) ?? datasets.at(-1);
    // A deep link opens its view; when it cannot, the page says why and shows the default.
    const opened = core.linksOpened;
    if (await openFragment(core, parseFragment(hash))) return;
    if (core.linksOpened !== opened + 1) return;
    if (initial) await selectDataset(core, initial.id);
    else
      core.dispatch({
        type: "noticed",
        text: "The server has no datasets yet: add a network file.",
      });
  } catch (error) {
    core.dispatch({ type: "failed", problem: asProblem(error), fields: [] });
  }
}

/** Back, forward or an edited fragment open the view it names (a login link reloads the page). */
async function followFragment(core: Core, hash: string) {
  if (hasKey(hash)) return;
  const target = parseFragment(hash);
  if (target.kind !== "none") {
    await openFragment(core, target);
    return;
  }
  // No view named: the current dataset as it is, as the page shows it without a link.
  core.setLink(null);
  const { datasetId } = core.state();
  if (datasetId !== undefined) await selectDataset(core, datasetId);
}

async function upload(core: Core, file: Pick<File, "name" | "text">) {
  const created = await core.task("Adding the dataset", async () => {
    let network: unknown;
    try {
      network = JSON.parse(await file.text());
    } catch (error) {
      throw new ProblemError({
        title: "Not a network file",
        detail: `${file.name} is not JSON: ${String(error)}`,
      });
    }
    return core.api.createDataset(network);
  });
  if (!created) return;
  core.dispatch({ type: "datasetsListed", datasets: await core.api.datasets() });
  core.setLink(null);
  await selectDataset(core, created.id);
}

/** A failure of a Data tab action, shown in the tab beside the tables. */
const dataFailed = (core: Core, what: string) => (problem: Problem) =>
  core.dispatch({ type: "dataFailed", problem, what });

/** Lists the datasets again, opens the new one and says what it is called (its id and slug). */
async function openNew(core: Core, created: DatasetSummary, how: string) {
  core.dispatch({ type: "datasetsListed", datasets: await core.api.datasets() });
  core.setLink(null);
  await selectDataset(core, created.id);
  core.dispatch({
    type: "noticed",
    text: `${how} “${created.name}”: id ${created.id}${created.slug ? `, slug ${created.slug}` : ""}.`,
  });
}

/**
 * A network file from the Data tab, stored as a new dataset: an Excel workbook (.xlsx) as it is,
 * anything else read as JSON. A workbook's bad cells come back as one problem, each with its sheet,
 * row and column, which the tab lists.
 */
async function importFile(
  core: Core,
  file: Pick<File, "name" | "text" | "arrayBuffer">,
): Promise<void> {
  const what = `Importing ${file.name}`;
  const created = await core.task(
    what,
    async () => {
      if (/\.xlsx$/i.test(file.name))
        return core.api.createDatasetFromWorkbook(await file.arrayBuffer());
      let network: unknown;
      try {
        network = JSON.parse(await file.text());
      } catch (error) {
        throw new ProblemError({
          title: "Not a network file",
          detail: `${file.name} is neither an Excel workbook (.xlsx) nor JSON: ${String(error)}`,
        });
      }
      return core.api.createDataset(network);
    },
    [],
    dataFailed(core, what),
  );
  if (created) await openNew(core, created, "Imported");
}

/** The current dataset with the Data tab's edits written in, stored as a new dataset and opened. */
async function saveDataset(core: Core, name: string) {
  const { network, form } = core.state();
  if (!network) return;
  const what = "Saving the edited dataset";
  const edited = editedNetwork(network, form, name);
  const created = await core.task(
    what,
    () => core.api.createDataset(edited, name),
    [],
    dataFailed(core, what),
  );
  if (created) await openNew(core, created, "Saved the edits as the new dataset");
}

/** The dataset as the API writes it (the workbook, or a table as CSV), downloaded. */
async function download(core: Core, format: "xlsx" | { csv: string }) {
  const { datasetId, datasets } = core.state();
  if (datasetId === undefined) return;
  const slug = datasets.find((d) => d.id === datasetId)?.slug ?? datasetId;
  const file = format === "xlsx" ? `${slug}-network.xlsx` : `${slug}-${format.csv}.csv`;
  const what = `Downloading ${file}`;
  const blob = await core.task(
    what,
    () => core.api.datasetFile(datasetId, format),
    [],
    dataFailed(core, what),
  );
  if (blob) downloadBlob(file, blob);
}

/** Solves the panel's changes without saving them: the address links to nothing. */
async function solve(core: Core) {
  const state = core.state();
  const { datasetId } = state;
  if (datasetId === undefined) return;
  const { changes, fields, labels } = formChanges(state);
  const plan = await core.task(
    "Solving",
    (signal) => core.api.solve(datasetId, changes, signal),
    fields,
  );
  if (!plan) return;
  core.dispatch({ type: "solved", shown: { plan, label: `${scenarioName(labels)} (not saved)` } });
  core.setLink(null);
}

/**
 * The total cost over `mode`'s cost factor from `from` to `to`, with the panel's other changes.
 * Not a task: the Economics tab shows its own progress, and a solve under way goes on.
 */
async function sweepModeCost(
  core: Core,
  mode: string,
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<SweepResponse> {
  const state = core.state();
  const { datasetId } = state;
  if (datasetId === undefined) throw new Error("no dataset is open");
  const { changes, parameter } = modeCostSweep(formChanges(state).changes, mode, from, to);
  return core.api.sweep(datasetId, changes, parameter, signal);
}

/** Saves the panel's changes as a scenario, solves it into a stored plan and links to that. */
async function save(core: Core, name: string) {
  const state = core.state();
  const { datasetId } = state;
  if (datasetId === undefined) return;
  const { changes, fields } = formChanges(state);
  const stored = await core.task(
    "Saving and solving",
    async (signal) => {
      const scenario = await core.api.createScenario(datasetId, name, changes);
      return core.api.createPlan(scenario.id, signal);
    },
    fields,
  );
  if (!stored) return;
  const shown = { plan: stored.plan, label: `${name} (saved)`, planId: stored.id };
  core.dispatch({ type: "saved", shown, name });
  core.setLink({ kind: "plan", planId: stored.id });
  await core.refreshSaved(datasetId, stored.id);
}

/**
 * The shown infeasible plan's cheapest relaxation written into the panel (on the changes that plan
 * was solved with) and solved: the panel then holds the scenario that fixes it, ready to save.
 */
async function applyRelaxation(core: Core) {
  const { network, shown, shownForm, form } = core.state();
  const changes = shown?.plan.diagnosis?.relaxation?.changes;
  if (!network || !changes || changes.length === 0) return;
  const relaxed = relaxedForm(network, shownForm ?? form, changes);
  if (!relaxed.ok) return;
  core.dispatch({ type: "formEdited", form: relaxed.form });
  await solve(core);
}

/**
 * A saved plan's scenario saved again under another name, with the same changes, and solved into
 * a plan of its own (the API has no rename: a copy under the new name is the way to one).
 */
async function duplicate(core: Core, planId: string, name: string) {
  const { datasetId, saved, scenarios } = core.state();
  const scenario = scenarios.get(saved.find((p) => p.id === planId)?.scenarioId ?? "");
  if (datasetId === undefined || !scenario) return;
  const stored = await core.task("Saving the copy", async (signal) => {
    const copy = await core.api.createScenario(datasetId, name, scenario.changes);
    return core.api.createPlan(copy.id, signal);
  });
  if (!stored) return;
  core.dispatch({ type: "noticed", text: `Saved “${name}”, a copy of “${scenario.name}”.` });
  await core.refreshSaved(datasetId, stored.id);
}

/** A scenario under a new name (PATCH /v1/scenarios/{id}); its plans keep their numbers. */
async function rename(core: Core, scenarioId: string, name: string) {
  const { datasetId, scenarios } = core.state();
  const before = scenarios.get(scenarioId)?.name ?? scenarioId;
  if (datasetId === undefined) return;
  const renamed = await core.task("Renaming", () => core.api.renameScenario(scenarioId, name));
  if (!renamed) return;
  core.dispatch({ type: "noticed", text: `Renamed “${before}” to “${renamed.name}”.` });
  await core.refreshSaved(datasetId);
}

/** A stored plan deleted; its scenario stays (listed without a plan) until deleted too. */
async function deletePlan(core: Core, planId: string) {
  const { datasetId, saved, shown } = core.state();
  const name = saved.find((p) => p.id === planId)?.name ?? planId;
  if (datasetId === undefined) return;
  const done = await core.task("Deleting the plan", async () => {
    await core.api.deletePlan(planId);
    return true;
  });
  if (!done) return;
  // The address no longer links to a plan that is gone (the map still shows it until changed).
  if (shown?.planId === planId) core.setLink(null);
  core.dispatch({ type: "noticed", text: `Deleted a plan of “${name}”.` });
  await core.refreshSaved(datasetId);
}

/**
 * A scenario deleted. While plans refer to it the API answers 409 in_use: the page then says so in
 * words and offers to delete it with its plans (`cascade`).
 */
async function deleteScenario(core: Core, scenarioId: string, cascade: boolean) {
  const { datasetId, scenarios, shown, saved } = core.state();
  const name = scenarios.get(scenarioId)?.name ?? scenarioId;
  if (datasetId === undefined) return;
  core.dispatch({ type: "deleteConflictDismissed" });
  const done = await core.task(
    cascade ? "Deleting the scenario and its plans" : "Deleting the scenario",
    async () => {
      await core.api.deleteScenario(scenarioId, cascade);
      return true;
    },
    [],
    (problem) => {
      if (problem.code === "in_use") {
        core.dispatch({ type: "deleteRefused", scenarioId, name, detail: problem.detail });
      } else core.dispatch({ type: "failed", problem, fields: [] });
    },
  );
  if (!done) return;
  const gone = saved.filter((p) => p.scenarioId === scenarioId).map((p) => p.id);
  if (shown?.planId !== undefined && gone.includes(shown.planId)) core.setLink(null);
  const plans =
    cascade && gone.length > 0
      ? ` with its ${gone.length} plan${gone.length === 1 ? "" : "s"}`
      : "";
  core.dispatch({ type: "noticed", text: `Deleted “${name}”${plans}.` });
  await core.refreshSaved(datasetId);
}

/**
 * The regional view of a stored plan. Read beside whatever runs (not a task, so a solve under way
 * is not cancelled); a failure is kept with the view, for the tab to say why.
 */
async function loadRegions(core: Core, planId: string) {
  try {
    const view = await core.api.regions(planId);
    core.dispatch({ type: "regionsLoaded", planId, view });
  } catch (error) {
    core.dispatch({ type: "regionsFailed", planId, problem: asProblem(error) });
  }
}

/** Several saved plans compared with the first (the baseline), as POST /v1/plans/compare does. */
async function compareMany(core: Core, planIds: string[]) {
  if (planIds.length < 2) return;
  const set = await core.task("Comparing", () => core.api.compareMany(planIds));
  if (!set) return;
  core.dispatch({ type: "comparedMany", planIds, set });
}

async function compare(core: Core) {
  const { a, b } = core.state().pick;
  const comparison = await core.task("Comparing", () => core.api.compare(a, b));
  if (!comparison) return;
  core.dispatch({ type: "compared", comparison, a, b });
  core.setLink({ kind: "compare", a, b });
}

/** The map's Plan/Comparison toggle; the address follows what the map shows. */
function showView(core: Core, view: View) {
  core.dispatch({ type: "viewChosen", view });
  const { compared, shown } = core.state();
  if (view === "compare" && compared) core.setLink({ kind: "compare", ...compared });
  else if (view === "plan") {
    core.setLink(shown?.planId ? { kind: "plan", planId: shown.planId } : null);
  }
}

/** A planner: its state, a way to follow it, and one action per control of the page. */
export function createPlanner(deps: PlannerDeps) {
  const core = createCore(deps);
  const { dispatch } = core;
  return {
    getState: core.state,
    subscribe: core.subscribe,
    start: (hash: string) => start(core, hash),
    followFragment: (hash: string) => followFragment(core, hash),
    chooseDataset(id: string) {
      core.setLink(null);
      return selectDataset(core, id);
    },
    upload: (file: Pick<File, "name" | "text">) => upload(core, file),
    importFile: (file: Pick<File, "name" | "text" | "arrayBuffer">) => importFile(core, file),
    saveDataset: (name: string) => saveDataset(core, name),
    download: (format: "xlsx" | { csv: string }) => download(core, format),
    /** A table cell edited: the matching change written into the panel (or taken out of it). */
    editData(target: EditTarget, value: string) {
      const { form, network } = core.state();
      if (network) dispatch({ type: "formEdited", form: applyEdit(form, network, target, value) });
    },
    removeDataEdit: (key: string) =>
      dispatch({ type: "formEdited", form: removeEdit(core.state().form, key) }),
    dismissDataProblem: () => dispatch({ type: "dataProblemDismissed" }),
    solve: () => solve(core),
    cancel: core.cancel,
    save: (name: string) => save(core, name),
    applyRelaxation: () => applyRelaxation(core),
    duplicate: (planId: string, name: string) => duplicate(core, planId, name),
    compare: () => compare(core),
    compareMany: (planIds: string[]) => compareMany(core, planIds),
    rename: (scenarioId: string, name: string) => rename(core, scenarioId, name),
    deletePlan: (planId: string) => deletePlan(core, planId),
    deleteScenario: (scenarioId: string, cascade: boolean) =>
      deleteScenario(core, scenarioId, cascade),
    dismissDeleteConflict: () => dispatch({ type: "deleteConflictDismissed" }),
    loadRegions: (planId: string) => loadRegions(core, planId),
    sweepModeCost: (mode: string, from: number, to: number, signal?: AbortSignal) =>
      sweepModeCost(core, mode, from, to, signal),
    showSaved: (planId: string) => showSaved(core, planId),
    showView: (view: View) => showView(core, view),
    editForm: (form: ScenarioForm) => dispatch({ type: "formEdited", form }),
    resetForm: () => dispatch({ type: "formEdited", form: emptyForm() }),
    pick: (a: string, b: string) => dispatch({ type: "picked", a, b }),
    chooseTab: (tab: Tab) => dispatch({ type: "tabChosen", tab }),
    choosePeriod: (period: string | null) => dispatch({ type: "periodChosen", period }),
    chooseShading: (shading: Shading) => dispatch({ type: "shadingChosen", shading }),
    highlight: (target: MapTarget | null) => dispatch({ type: "highlighted", target }),
    dismissProblem: () => dispatch({ type: "problemDismissed" }),
    dismissLinkProblem: () => dispatch({ type: "linkProblemDismissed" }),
  };
}

export type Planner = ReturnType<typeof createPlanner>;
