// The planner page: state, the calls to the API, and the layout of panel, map, totals and tables.
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
import { cny } from "../format.ts";
import { geography } from "../map-model.ts";
import {
  changesToForm,
  emptyForm,
  fieldOfPointer,
  formToChanges,
  type ScenarioForm,
} from "../scenario-form.ts";
import { ComparePanel, type SavedPlan } from "./compare-panel.tsx";
import { MapView, type Shading, type Target } from "./map-view.tsx";
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
  const [view, setView] = useState<"plan" | "compare">("plan");
  const [tab, setTab] = useState<Tab>("flows");
  const [shadeBy, setShadeBy] = useState<Shading>("marginal");
  const [highlight, setHighlight] = useState<Target | null>(null);
  const controller = useRef<AbortController | null>(null);

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
      else setProblem({ problem: asProblem(error), fields: changeFields });
      return undefined;
    } finally {
      if (controller.current === current) {
        controller.current = null;
        setBusy(null);
      }
    }
  }

  async function refreshSaved(id: string, newest?: string) {
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
    } catch (error) {
      setProblem({ problem: asProblem(error), fields: [] });
    }
  }

  async function selectDataset(id: string) {
    setDatasetId(id);
    setForm(emptyForm());
    setComparison(null);
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
      setShown({ plan: stored.plan, label: `${name} (saved)` });
      setNotice(`Saved “${name}”.`);
      await refreshSaved(datasetId, stored.id);
    }
  }

  /** Shows a stored plan and puts its scenario's changes back in the panel, to edit and solve again. */
  async function showSaved(planId: string) {
    const stored = await task("Loading the plan", () => api.plan(planId));
    if (!stored) return;
    const scenario = scenarios.get(stored.scenarioId);
    setForm(changesToForm(scenario?.changes ?? []));
    setView("plan");
    setShown({ plan: stored.plan, label: `${scenario?.name ?? stored.scenarioId} (saved)` });
  }

  async function compare() {
    const value = await task("Comparing", () => api.compare(pick.a, pick.b));
    if (value) {
      setComparison(value);
      setView("compare");
    }
  }

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
          onDataset={(id) => void selectDataset(id)}
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
                  onClick={() => setView("plan")}
                >
                  Plan
                </button>
                <button
                  type="button"
                  aria-pressed={view === "compare"}
                  onClick={() => setView("compare")}
                >
                  Comparison
                </button>
              </fieldset>
            )}
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
                onFocus={(key) => setHighlight(key === null ? null : `flow:${key}`)}
              />
            )}
            {tab === "provinces" && shown && (
              <ProvincesTable
                plan={shown.plan}
                onFocus={(name) => setHighlight(name === null ? null : `province:${name}`)}
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
                  if (key !== null) setView("compare");
                  setHighlight(key === null ? null : `flow:${key}`);
                }}
                onProvinceFocus={(name) => setHighlight(name === null ? null : `province:${name}`)}
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
