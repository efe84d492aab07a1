// The planner page: state, the calls to the API, deep links, and the layout of panel, map, totals
// and tables.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type {
  ApiClient,
  Comparison,
  DatasetSummary,
  Network,
  Plan,
  Problem,
  Scenario,
} from "../api.ts";
import { ProblemError } from "../api.ts";
import {
  type DeepLink,
  type FragmentView,
  formatFragment,
  hasKey,
  linkUrl,
  parseFragment,
} from "../deep-link.ts";
import { cny } from "../format.ts";
import { geography } from "../map-model.ts";
import type { Shading } from "../map-scene.ts";
import type { MapTarget } from "../map-target.ts";
import {
  changesToForm,
  emptyForm,
  fieldOfPointer,
  formToChanges,
  type ScenarioForm,
} from "../scenario-form.ts";
import { ComparePanel, type SavedPlan } from "./compare-panel.tsx";
import { CopyLink } from "./copy-link.tsx";
import { MapView } from "./map-view.tsx";
import { FlowsTable, ProvincesTable } from "./plan-tables.tsx";
import { ProblemView } from "./problem-view.tsx";
import { type Busy, ScenarioPanel } from "./scenario-panel.tsx";
import { Totals } from "./totals.tsx";

type Tab = "flows" | "provinces" | "compare";
const tabs: [Tab, string][] = [
  ["flows", "Flows"],
  ["provinces", "Provinces"],
  ["compare", "Compare"],
];

interface Shown {
  plan: Plan;
  label: string;
  /** The stored plan's id; none for a plan solved and not saved. */
  planId?: string;
}

function asProblem(error: unknown): Problem {
  if (error instanceof ProblemError) return error.problem;
  return { title: "Something went wrong", detail: String(error) };
}

export function App({ api }: { api: ApiClient }) {
  const [datasets, setDatasets] = useState<DatasetSummary[]>([]);
  const [datasetId, setDatasetId] = useState<string>();
  const [network, setNetwork] = useState<Network>();
  const [form, setForm] = useState<ScenarioForm>(emptyForm);
  const [shown, setShown] = useState<Shown | null>(null);
  const [busy, setBusy] = useState<Busy | null>(null);
  const [problem, setProblem] = useState<{ problem: Problem; fields: string[] } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [saved, setSaved] = useState<SavedPlan[]>([]);
  const [scenarios, setScenarios] = useState<Map<string, Scenario>>(new Map());
  const [pick, setPick] = useState({ a: "", b: "" });
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const [compared, setCompared] = useState<{ a: string; b: string } | null>(null);
  /** The view the address bar links to: a saved plan, a comparison, or none. */
  const [link, setLinkState] = useState<DeepLink | null>(null);
  /** Why the link the page was opened with could not be shown; kept until dismissed or replaced. */
  const [linkProblem, setLinkProblem] = useState<{ lead: string; problem: Problem } | null>(null);
  const [view, setView] = useState<"plan" | "compare">("plan");
  const [tab, setTab] = useState<Tab>("flows");
  const [shadeBy, setShadeBy] = useState<Shading>("marginal");
  const [highlight, setHighlight] = useState<MapTarget | null>(null);
  const controller = useRef<AbortController | null>(null);
  /** Counts the links opened: the first load's fallback must not cover a link opened meanwhile. */
  const linksOpened = useRef(0);

  const geo = useMemo(() => (network ? geography(network) : null), [network]);
  const modes = useMemo(() => network?.modes.map((m) => m.id) ?? [], [network]);
  const nodeName = (id: string) => geo?.nodeById.get(id)?.name ?? id;
  const hasMarginal =
    shown?.plan.provinces.some((p) => typeof p.marginalCostPerT === "number") ?? false;
  const { changes, fields, labels } = formToChanges(form, network);

  /** Runs a request with progress and a cancel button; a failure becomes the problem shown. */
  async function task<T>(
    what: string,
    run: (signal: AbortSignal) => Promise<T>,
    changeFields: string[] = [],
    failed: (problem: Problem) => void = (problem) => setProblem({ problem, fields: changeFields }),
  ): Promise<T | undefined> {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setBusy({ what, startedAt: Date.now() });
    setProblem(null);
    setNotice(null);
    try {
      return await run(current.signal);
    } catch (error) {
      if (current.signal.aborted) setNotice(`${what} cancelled.`);
      else failed(asProblem(error));
      return undefined;
    } finally {
      if (controller.current === current) {
        controller.current = null;
        setBusy(null);
      }
    }
  }

  /**
   * Puts the view in the address bar (replacing the entry, so no reload and no extra history), and
   * drops the message of a link that did not open: another view is open now.
   */
  function setLink(next: DeepLink | null) {
    setLinkState(next);
    setLinkProblem(null);
    const fragment = formatFragment(next);
    if (window.location.hash !== fragment) {
      const { pathname, search } = window.location;
      window.history.replaceState(window.history.state, "", `${pathname}${search}${fragment}`);
    }
  }

  /** Lists the dataset's saved plans; returns its scenarios by id (undefined when that failed). */
  async function refreshSaved(
    id: string,
    newest?: string,
  ): Promise<Map<string, Scenario> | undefined> {
    try {
      const [plans, scenarios] = await Promise.all([api.plans(id), api.scenarios(id)]);
      const byId = new Map(scenarios.map((s) => [s.id, s]));
      const list = plans.map((plan) => ({
        id: plan.id,
        scenarioId: plan.scenarioId,
        label: `${byId.get(plan.scenarioId)?.name ?? plan.scenarioId} · ${
          plan.totals ? cny(plan.totals.totalCost) : plan.status
        }`,
      }));
      setScenarios(byId);
      setSaved(list);
      setPick((current) =>
        newest !== undefined
          ? {
              a: current.b !== "" && current.b !== newest ? current.b : (list[1]?.id ?? ""),
              b: newest,
            }
          : { a: list[1]?.id ?? "", b: list[0]?.id ?? "" },
      );
      return byId;
    } catch (error) {
      setProblem({ problem: asProblem(error), fields: [] });
      return undefined;
    }
  }

  async function selectDataset(id: string) {
    setDatasetId(id);
    setForm(emptyForm());
    setComparison(null);
    setCompared(null);
    setView("plan");
    setShown(null);
    setHighlight(null);
    const dataset = await task("Loading the dataset", () => api.dataset(id));
    if (!dataset) return;
    setNetwork(dataset.network);
    void refreshSaved(id);
    const plan = await task("Solving", (signal) => api.solve(id, [], signal));
    if (plan) setShown({ plan, label: `${dataset.name}, as it is (not saved)` });
  }

  useEffect(() => {
    (async () => {
      try {
        const list = await api.datasets();
        setDatasets(list);
        // Newest first, so the last shared one is the dataset the server seeded on its first start.
        const initial = list.filter((d) => d.shared).at(-1) ?? list.at(-1);
        // A deep link opens its view; when it cannot, the page says why and shows the default.
        const opened = linksOpened.current;
        if (await openFragment(parseFragment(window.location.hash))) return;
        if (linksOpened.current !== opened + 1) return;
        if (initial) await selectDataset(initial.id);
        else setNotice("The server has no datasets yet: add a network file.");
      } catch (error) {
        setProblem({ problem: asProblem(error), fields: [] });
      }
    })();
    // Loads once; later loads follow the user's choices.
  }, []);

  async function solve() {
    if (datasetId === undefined) return;
    const plan = await task("Solving", (signal) => api.solve(datasetId, changes, signal), fields);
    if (plan) {
      setView("plan");
      setLink(null);
      setShown({
        plan,
        label:
          labels.length > 0 ? `${labels.join(", ")} (not saved)` : "As in the dataset (not saved)",
      });
    }
  }

  async function save(name: string) {
    if (datasetId === undefined) return;
    const stored = await task(
      "Saving and solving",
      async (signal) => {
        const scenario = await api.createScenario(datasetId, name, changes);
        return api.createPlan(scenario.id, signal);
      },
      fields,
    );
    if (stored) {
      setView("plan");
      setShown({ plan: stored.plan, label: `${name} (saved)`, planId: stored.id });
      setLink({ kind: "plan", planId: stored.id });
      setNotice(`Saved “${name}”.`);
      await refreshSaved(datasetId, stored.id);
    }
  }

  /**
   * Makes the plan's dataset the current one (its map and saved plans) unless it already is, and
   * returns that dataset's scenarios by id; undefined when loading it failed.
   */
  async function enterDataset(
    id: string,
    scenarioId: string,
  ): Promise<Map<string, Scenario> | undefined> {
    if (id === datasetId && network !== undefined) {
      // A plan saved since the list was read (by a colleague who sent the link) lists it again.
      return scenarios.has(scenarioId) ? scenarios : await refreshSaved(id);
    }
    setDatasetId(id);
    setComparison(null);
    setCompared(null);
    setHighlight(null);
    const dataset = await task("Loading the dataset", () => api.dataset(id));
    if (!dataset) return undefined;
    setNetwork(dataset.network);
    return await refreshSaved(id);
  }

  /** The problem of a link that did not open, with the sentence that says which link it was. */
  const linkFailed = (lead: string) => (problem: Problem) => setLinkProblem({ lead, problem });

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
    const byId = await enterDataset(stored.datasetId, stored.scenarioId);
    const scenario = byId?.get(stored.scenarioId);
    setForm(changesToForm(scenario?.changes ?? []));
    setView("plan");
    setShown({
      plan: stored.plan,
      label: `${scenario?.name ?? stored.scenarioId} (saved)`,
      planId,
    });
    setLink({ kind: "plan", planId });
    return true;
  }

  async function compare() {
    const { a, b } = pick;
    const value = await task("Comparing", () => api.compare(a, b));
    if (value) {
      setComparison(value);
      setCompared({ a, b });
      setView("compare");
      setLink({ kind: "compare", a, b });
    }
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
    const [stored, value] = loaded;
    const byId = await enterDataset(stored.datasetId, stored.scenarioId);
    const scenario = byId?.get(stored.scenarioId);
    setForm(changesToForm(scenario?.changes ?? []));
    setShown({
      plan: stored.plan,
      label: `${scenario?.name ?? stored.scenarioId} (saved)`,
      planId: a,
    });
    setComparison(value);
    setCompared({ a, b });
    setPick({ a, b });
    setView("compare");
    setTab("compare");
    setLink({ kind: "compare", a, b });
    return true;
  }

  /** Opens what a URL fragment names; false when it names nothing or could not be opened (said why). */
  async function openFragment(target: FragmentView): Promise<boolean> {
    linksOpened.current += 1;
    switch (target.kind) {
      case "none":
        return false;
      case "malformed":
        setLinkProblem({
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

  // Back, forward or an edited fragment open the view it names (a login link reloads: main.tsx).
  const onHashChange = useRef<() => void>(() => undefined);
  onHashChange.current = () => {
    const { hash } = window.location;
    if (hasKey(hash)) return;
    const target = parseFragment(hash);
    if (target.kind === "none") {
      // No view named: the current dataset as it is, as the page shows it without a link.
      setLink(null);
      if (datasetId !== undefined) void selectDataset(datasetId);
      return;
    }
    void openFragment(target);
  };
  useEffect(() => {
    const listener = () => onHashChange.current();
    window.addEventListener("hashchange", listener);
    return () => window.removeEventListener("hashchange", listener);
  }, []);

  async function upload(file: File) {
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
    if (created) {
      setDatasets(await api.datasets());
      setLink(null);
      await selectDataset(created.id);
    }
  }

  const invalid = new Set(
    (problem?.problem.errors ?? []).flatMap((error) => {
      const field =
        "pointer" in error ? fieldOfPointer(error.pointer, problem?.fields ?? []) : undefined;
      return field === undefined ? [] : [field];
    }),
  );
  const nameOf = (pointer: string) => {
    const field = fieldOfPointer(pointer, problem?.fields ?? []);
    if (field === undefined) return undefined;
    const label = document.querySelector(`label[for="${CSS.escape(field)}"]`)?.textContent;
    return label?.trim() || field;
  };

  const showingComparison = view === "compare" && comparison !== null;
  const dataset = datasets.find((d) => d.id === datasetId);
  const showView = (next: "plan" | "compare") => {
    setView(next);
    if (next === "compare" && compared) setLink({ kind: "compare", ...compared });
    else if (next === "plan")
      setLink(shown?.planId ? { kind: "plan", planId: shown.planId } : null);
  };

  return (
    <>
      <header class="top">
        <h1>anodeflow planner</h1>
        <span class="dataset-name">{dataset?.name ?? ""}</span>
        <a href="/docs">API reference</a>
      </header>
      <div class="layout">
        <ScenarioPanel
          datasets={datasets}
          datasetId={datasetId}
          onDataset={(id) => {
            setLink(null);
            void selectDataset(id);
          }}
          onUpload={(file) => void upload(file)}
          network={network}
          form={form}
          onForm={setForm}
          invalid={invalid}
          busy={busy}
          onSolve={() => void solve()}
          onCancel={() => controller.current?.abort()}
          onReset={() => setForm(emptyForm())}
          onSave={(name) => void save(name)}
          defaultName={labels.length > 0 ? labels.join(", ") : "As in the dataset"}
        />
        <main class="centre">
          {linkProblem && (
            <ProblemView
              problem={linkProblem.problem}
              lead={linkProblem.lead}
              nameOf={() => undefined}
              onDismiss={() => setLinkProblem(null)}
            />
          )}
          {problem && (
            <ProblemView
              problem={problem.problem}
              nameOf={nameOf}
              onDismiss={() => setProblem(null)}
            />
          )}
          {notice && (
            <p class="notice" role="status">
              {notice}
            </p>
          )}
          <div class="map-head">
            <h2>{showingComparison ? "Comparison: flows gained and lost" : "Flow map"}</h2>
            {comparison && (
              <fieldset class="toggle">
                <legend class="visually-hidden">The map shows</legend>
                <button
                  type="button"
                  aria-pressed={view === "plan"}
                  onClick={() => showView("plan")}
                >
                  Plan
                </button>
                <button
                  type="button"
                  aria-pressed={view === "compare"}
                  onClick={() => showView("compare")}
                >
                  Comparison
                </button>
              </fieldset>
            )}
            {link && <CopyLink url={linkUrl(window.location, link)} />}
            {!showingComparison && (
              <label class="shade">
                Shade provinces by{" "}
                <select
                  value={hasMarginal ? shadeBy : "balance"}
                  onChange={(e) => setShadeBy(e.currentTarget.value as Shading)}
                >
                  <option value="balance">surplus / deficit</option>
                  <option value="marginal" disabled={!hasMarginal}>
                    marginal cost{hasMarginal ? "" : " (not in this plan)"}
                  </option>
                </select>
              </label>
            )}
          </div>
          {geo ? (
            <MapView
              geo={geo}
              modes={modes}
              plan={shown?.plan ?? null}
              comparison={showingComparison ? comparison : null}
              shading={hasMarginal ? shadeBy : "balance"}
              highlight={highlight}
              onHighlight={setHighlight}
            />
          ) : (
            <div class="map-placeholder">Loading the map…</div>
          )}
        </main>
        <div class="side">{shown && <Totals plan={shown.plan} label={shown.label} />}</div>
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
                onClick={() => setTab(id)}
                onKeyDown={(e) => {
                  const by = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
                  if (by === 0) return;
                  const [next] = tabs[(index + by + tabs.length) % tabs.length] ?? [];
                  if (next) {
                    setTab(next);
                    document.getElementById(`tab-${next}`)?.focus();
                  }
                }}
              >
                {label}
                {id === "flows" && shown ? ` (${shown.plan.flows.length})` : ""}
                {id === "provinces" && shown ? ` (${shown.plan.provinces.length})` : ""}
                {id === "compare" ? ` (${saved.length} saved)` : ""}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
            {tab === "flows" && shown && (
              <FlowsTable
                plan={shown.plan}
                nodeName={nodeName}
                onFocus={(key) => setHighlight(key === null ? null : { kind: "flow", key })}
              />
            )}
            {tab === "provinces" && shown && (
              <ProvincesTable
                plan={shown.plan}
                onFocus={(name) => setHighlight(name === null ? null : { kind: "province", name })}
              />
            )}
            {tab === "compare" && (
              <ComparePanel
                saved={saved}
                a={pick.a}
                b={pick.b}
                onPick={(a, b) => setPick({ a, b })}
                onCompare={() => void compare()}
                onShow={(id) => void showSaved(id)}
                comparison={comparison}
                nodeName={nodeName}
                onFlowFocus={(key) => {
                  if (key !== null) showView("compare");
                  setHighlight(key === null ? null : { kind: "flow", key });
                }}
                onProvinceFocus={(name) =>
                  setHighlight(name === null ? null : { kind: "province", name })
                }
                busy={busy !== null}
              />
            )}
          </div>
        </section>
      </div>
      <footer class="foot">
        Province outlines: DCW-GMT 2.1.1 (LGPL-3.0-or-later), simplified. Figures per year; CNY.
      </footer>
    </>
  );
}
