// Opening what a link names: a saved plan or a comparison, with its dataset; a link that cannot be
// opened is said in words (as the link's problem, apart from the panel's).
import type { Problem } from "../api.ts";
import type { FragmentView } from "../deep-link.ts";
import type { Core } from "./planner-core.ts";

/**
 * Makes the plan's dataset the current one (its map and saved plans) unless it already is, and
 * returns that dataset's scenarios by id; undefined when loading it failed.
 */
async function enterDataset(core: Core, id: string, scenarioId: string) {
  const state = core.state();
  if (id === state.datasetId && state.network !== undefined) {
    // A plan saved since the list was read (by a colleague who sent the link) lists it again.
    return state.scenarios.has(scenarioId) ? state.scenarios : await core.refreshSaved(id);
  }
  core.dispatch({ type: "datasetEntered", id });
  const dataset = await core.task("Loading the dataset", () => core.api.dataset(id));
  if (!dataset) return undefined;
  core.dispatch({ type: "networkLoaded", network: dataset.network });
  return await core.refreshSaved(id);
}

/** The stored plan's scenario (from its dataset, made current) and the label it is shown with. */
async function scenarioOf(core: Core, stored: { datasetId: string; scenarioId: string }) {
  const scenario = (await enterDataset(core, stored.datasetId, stored.scenarioId))?.get(
    stored.scenarioId,
  );
  return {
    label: `${scenario?.name ?? stored.scenarioId} (saved)`,
    changes: scenario?.changes ?? [],
  };
}

/** The problem of a link that did not open, with the sentence that says which link it was. */
const linkFailed = (core: Core, lead: string) => (problem: Problem) =>
  core.dispatch({ type: "linkFailed", lead, problem });

/**
 * Shows a stored plan and puts its scenario's changes back in the panel, to edit and solve again.
 * From a link, a failure is shown as the link's problem.
 */
export async function showSaved(core: Core, planId: string, fromLink = false): Promise<boolean> {
  const stored = await core.task(
    fromLink ? "Opening the linked plan" : "Loading the plan",
    () => core.api.plan(planId),
    [],
    fromLink
      ? linkFailed(
          core,
          `The link's plan ${planId} could not be opened: there is no such plan, or it belongs to another organisation.`,
        )
      : undefined,
  );
  if (!stored) return false;
  const { label, changes } = await scenarioOf(core, stored);
  core.dispatch({ type: "savedOpened", shown: { plan: stored.plan, label, planId }, changes });
  core.setLink({ kind: "plan", planId });
  return true;
}

/**
 * Opens a linked comparison: plan a (shown as the plan, with its dataset's map and its changes in
 * the panel) and what differs from a to b, on the map and in the Compare tab.
 */
async function openComparison(core: Core, a: string, b: string): Promise<boolean> {
  const loaded = await core.task(
    "Opening the linked comparison",
    () => Promise.all([core.api.plan(a), core.api.compare(a, b)]),
    [],
    linkFailed(
      core,
      `The link's comparison of plans ${a} and ${b} could not be opened: one of them does not exist, or belongs to another organisation.`,
    ),
  );
  if (!loaded) return false;
  const [stored, comparison] = loaded;
  const { label, changes } = await scenarioOf(core, stored);
  const shown = { plan: stored.plan, label, planId: a };
  core.dispatch({ type: "comparisonOpened", shown, changes, comparison, a, b });
  core.setLink({ kind: "compare", a, b });
  return true;
}

/** Opens what a URL fragment names; false when it names nothing or could not be opened (said why). */
export async function openFragment(core: Core, target: FragmentView): Promise<boolean> {
  core.linksOpened += 1;
  switch (target.kind) {
    case "none":
      return false;
    case "malformed":
      core.dispatch({
        type: "linkFailed",
        lead: "This address does not link to a plan or a comparison.",
        problem: {
          title: "Not a link the planner makes",
          detail: `The address ends in “#${target.text}”, and ${target.reason}. Links look like #plan=<plan id> or #compare=<plan id>,<plan id>.`,
        },
      });
      return false;
    case "plan":
      return showSaved(core, target.planId, true);
    case "compare":
      return openComparison(core, target.a, target.b);
  }
}
