// The planner's actions: the calls to the API behind each control, with progress, cancelling and
// deep links, raising the events of planner-state.ts. No DOM here: the API client and the address
// bar come in, so tests drive a planner without a browser.
import { type ApiClient, type Problem, ProblemError, type Scenario } from "../api.ts";
import {
  type DeepLink,
  type FragmentView,
  formatFragment,
  hasKey,
  parseFragment,
} from "../deep-link.ts";
import type { Shading } from "../map-scene.ts";
import type { MapTarget } from "../map-target.ts";
import { emptyForm, type ScenarioForm } from "../scenario-form.ts";
import {
  formChanges,
  initialState,
  type PlannerEvent,
  type PlannerState,
  plannerReducer,
  scenarioName,
  type Tab,
  type View,
} from "./planner-state.ts";

/** The address bar's fragment: read, and replaced without a reload or a history entry. */
export interface Address {
  hash(): string;
  replace(fragment: string): void;
}

export interface PlannerDeps {
  api: ApiClient;
  address: Address;
  now: () => number;
}

export type Planner = ReturnType<typeof createPlanner>;

function asProblem(error: unknown): Problem {
  if (error instanceof ProblemError) return error.problem;
  return { title: "Something went wrong", detail: String(error) };
}

export function createPlanner({ api, address, now }: PlannerDeps) {
  let state = initialState();
  const listeners = new Set<(state: PlannerState) => void>();
  const dispatch = (event: PlannerEvent) => {
    state = plannerReducer(state, event);
    for (const listener of listeners) listener(state);
  };
  let controller: AbortController | null = null;
  /** Counts the links opened: the first load's fallback must not cover a link opened meanwhile. */
  let linksOpened = 0;

  /** Runs a request with progress and a cancel button; a failure becomes the problem shown. */
  async function task<T>(
    what: string,
    run: (signal: AbortSignal) => Promise<T>,
    fields: string[] = [],
    failed: (problem: Problem) => void = (problem) => dispatch({ type: "failed", problem, fields }),
  ): Promise<T | undefined> {
    controller?.abort();
    const current = new AbortController();
    controller = current;
    dispatch({ type: "taskStarted", what, at: now() });
    try {
      return await run(current.signal);
    } catch (error) {
      if (current.signal.aborted) dispatch({ type: "taskCancelled", what });
      else failed(asProblem(error));
      return undefined;
    } finally {
      if (controller === current) {
        controller = null;
        dispatch({ type: "taskEnded" });
      }
    }
  }

  /** Puts the view in the address bar; a link that did not open is no longer the news. */
  function setLink(link: DeepLink | null) {
    dispatch({ type: "linked", link });
    const fragment = formatFragment(link);
    if (address.hash() !== fragment) address.replace(fragment);
  }

  /** Lists the dataset's saved plans; returns its scenarios by id (undefined when that failed). */
  async function refreshSaved(
    id: string,
    newest?: string,
  ): Promise<Map<string, Scenario> | undefined> {
    try {
      const [plans, scenarios] = await Promise.all([api.plans(id), api.scenarios(id)]);
      dispatch({
        type: "savedListed",
        plans,
        scenarios,
        ...(newest === undefined ? {} : { newest }),
      });
      return state.scenarios;
    } catch (error) {
      dispatch({ type: "failed", problem: asProblem(error), fields: [] });
      return undefined;
    }
  }

  /** Makes a dataset current and shows its plan as it is, with no changes. */
  async function selectDataset(id: string) {
    dispatch({ type: "datasetChosen", id });
    const dataset = await task("Loading the dataset", () => api.dataset(id));
    if (!dataset) return;
    dispatch({ type: "networkLoaded", network: dataset.network });
    void refreshSaved(id);
    const plan = await task("Solving", (signal) => api.solve(id, [], signal));
    if (plan) {
      dispatch({
        type: "defaultSolved",
        shown: { plan, label: `${dataset.name}, as it is (not saved)` },
      });
    }
  }

  /**
   * Makes the plan's dataset the current one (its map and saved plans) unless it already is, and
   * returns that dataset's scenarios by id; undefined when loading it failed.
   */
  async function enterDataset(id: string, scenarioId: string) {
    if (id === state.datasetId && state.network !== undefined) {
      // A plan saved since the list was read (by a colleague who sent the link) lists it again.
      return state.scenarios.has(scenarioId) ? state.scenarios : await refreshSaved(id);
    }
    dispatch({ type: "datasetEntered", id });
    const dataset = await task("Loading the dataset", () => api.dataset(id));
    if (!dataset) return undefined;
    dispatch({ type: "networkLoaded", network: dataset.network });
    return await refreshSaved(id);
  }

  /** The problem of a link that did not open, with the sentence that says which link it was. */
  const linkFailed = (lead: string) => (problem: Problem) =>
    dispatch({ type: "linkFailed", lead, problem });

  /**
   * Shows a stored plan and puts its scenario's changes back in the panel, to edit and solve again.
   * From a link, a failure is shown as the link's problem.
   */
  async function showSaved(planId: string, fromLink = false): Promise<boolean> {
    const stored = await task(
      fromLink ? "Opening the linked plan" : "Loading the plan",
      () => api.plan(planId),
      [],
      fromLink
        ? linkFailed(
            `The link's plan ${planId} could not be opened: there is no such plan, or it belongs to another organisation.`,
          )
        : undefined,
    );
    if (!stored) return false;
    const scenario = (await enterDataset(stored.datasetId, stored.scenarioId))?.get(
      stored.scenarioId,
    );
    const label = `${scenario?.name ?? stored.scenarioId} (saved)`;
    dispatch({
      type: "savedOpened",
      shown: { plan: stored.plan, label, planId },
      changes: scenario?.changes ?? [],
    });
    setLink({ kind: "plan", planId });
    return true;
  }

  /**
   * Opens a linked comparison: plan a (shown as the plan, with its dataset's map and its changes in
   * the panel) and what differs from a to b, on the map and in the Compare tab.
   */
  async function openComparison(a: string, b: string): Promise<boolean> {
    const loaded = await task(
      "Opening the linked comparison",
      () => Promise.all([api.plan(a), api.compare(a, b)]),
      [],
      linkFailed(
        `The link's comparison of plans ${a} and ${b} could not be opened: one of them does not exist, or belongs to another organisation.`,
      ),
    );
    if (!loaded) return false;
    const [stored, comparison] = loaded;
    const scenario = (await enterDataset(stored.datasetId, stored.scenarioId))?.get(
      stored.scenarioId,
    );
    const label = `${scenario?.name ?? stored.scenarioId} (saved)`;
    dispatch({
      type: "comparisonOpened",
      shown: { plan: stored.plan, label, planId: a },
      changes: scenario?.changes ?? [],
      comparison,
      a,
      b,
    });
    setLink({ kind: "compare", a, b });
    return true;
  }

  /** Opens what a URL fragment names; false when it names nothing or could not be opened (said why). */
  async function openFragment(target: FragmentView): Promise<boolean> {
    linksOpened += 1;
    switch (target.kind) {
      case "none":
        return false;
      case "malformed":
        dispatch({
          type: "linkFailed",
          lead: "This address does not link to a plan or a comparison.",
          problem: {
            title: "Not a link the planner makes",
            detail: `The address ends in “#${target.text}”, and ${target.reason}. Links look like #plan=<plan id> or #compare=<plan id>,<plan id>.`,
          },
        });
        return false;
      case "plan":
        return showSaved(target.planId, true);
      case "compare":
        return openComparison(target.a, target.b);
    }
  }

  return {
    getState: () => state,
    subscribe(listener: (state: PlannerState) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** The first load: the datasets, then the view the fragment links to, or the default plan. */
    async start(hash: string): Promise<void> {
      try {
        const datasets = await api.datasets();
        dispatch({ type: "datasetsListed", datasets });
        // Newest first, so the last shared one is the dataset the server seeded on its first start.
        const initial = datasets.filter((d) => d.shared).at(-1) ?? datasets.at(-1);
        // A deep link opens its view; when it cannot, the page says why and shows the default.
        const opened = linksOpened;
        if (await openFragment(parseFragment(hash))) return;
        if (linksOpened !== opened + 1) return;
        if (initial) await selectDataset(initial.id);
        else
          dispatch({
            type: "noticed",
            text: "The server has no datasets yet: add a network file.",
          });
      } catch (error) {
        dispatch({ type: "failed", problem: asProblem(error), fields: [] });
      }
    },

    /** Back, forward or an edited fragment open the view it names (a login link reloads). */
    async followFragment(hash: string): Promise<void> {
      if (hasKey(hash)) return;
      const target = parseFragment(hash);
      if (target.kind !== "none") {
        await openFragment(target);
        return;
      }
      // No view named: the current dataset as it is, as the page shows it without a link.
      setLink(null);
      if (state.datasetId !== undefined) await selectDataset(state.datasetId);
    },

    async chooseDataset(id: string): Promise<void> {
      setLink(null);
      await selectDataset(id);
    },

    async upload(file: Pick<File, "name" | "text">): Promise<void> {
      const created = await task("Adding the dataset", async () => {
        let network: unknown;
        try {
          network = JSON.parse(await file.text());
        } catch (error) {
          throw new ProblemError({
            title: "Not a network file",
            detail: `${file.name} is not JSON: ${String(error)}`,
          });
        }
        return api.createDataset(network);
      });
      if (!created) return;
      dispatch({ type: "datasetsListed", datasets: await api.datasets() });
      setLink(null);
      await selectDataset(created.id);
    },

    async solve(): Promise<void> {
      const { datasetId } = state;
      if (datasetId === undefined) return;
      const { changes, fields, labels } = formChanges(state);
      const plan = await task("Solving", (signal) => api.solve(datasetId, changes, signal), fields);
      if (!plan) return;
      dispatch({ type: "solved", shown: { plan, label: `${scenarioName(labels)} (not saved)` } });
      setLink(null);
    },

    async save(name: string): Promise<void> {
      const { datasetId } = state;
      if (datasetId === undefined) return;
      const { changes, fields } = formChanges(state);
      const stored = await task(
        "Saving and solving",
        async (signal) => {
          const scenario = await api.createScenario(datasetId, name, changes);
          return api.createPlan(scenario.id, signal);
        },
        fields,
      );
      if (!stored) return;
      dispatch({
        type: "saved",
        shown: { plan: stored.plan, label: `${name} (saved)`, planId: stored.id },
        name,
      });
      setLink({ kind: "plan", planId: stored.id });
      await refreshSaved(datasetId, stored.id);
    },

    /** Abandons the request under way (and so the solve on the server). */
    cancel: () => controller?.abort(),

    async compare(): Promise<void> {
      const { a, b } = state.pick;
      const comparison = await task("Comparing", () => api.compare(a, b));
      if (!comparison) return;
      dispatch({ type: "compared", comparison, a, b });
      setLink({ kind: "compare", a, b });
    },

    showSaved: (planId: string) => showSaved(planId),

    /** The map's Plan/Comparison toggle; the address follows what the map shows. */
    showView(view: View) {
      dispatch({ type: "viewChosen", view });
      const { compared, shown } = state;
      if (view === "compare" && compared) setLink({ kind: "compare", ...compared });
      else if (view === "plan")
        setLink(shown?.planId ? { kind: "plan", planId: shown.planId } : null);
    },

    editForm: (form: ScenarioForm) => dispatch({ type: "formEdited", form }),
    resetForm: () => dispatch({ type: "formEdited", form: emptyForm() }),
    pick: (a: string, b: string) => dispatch({ type: "picked", a, b }),
    chooseTab: (tab: Tab) => dispatch({ type: "tabChosen", tab }),
    chooseShading: (shading: Shading) => dispatch({ type: "shadingChosen", shading }),
    highlight: (target: MapTarget | null) => dispatch({ type: "highlighted", target }),
    dismissProblem: () => dispatch({ type: "problemDismissed" }),
    dismissLinkProblem: () => dispatch({ type: "linkProblemDismissed" }),
  };
}
