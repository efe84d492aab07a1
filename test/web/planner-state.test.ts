import { describe, expect, it } from "vitest";
import type { PlanSummary, Scenario } from "../../web/src/api.ts";
import {
  initialState,
  type PlannerEvent,
  type PlannerState,
  plannerReducer,
} from "../../web/src/state/planner-state.ts";
import { planCosting } from "./support/fakes.ts";

const run = (events: PlannerEvent[], from: PlannerState = initialState()) =>
  events.reduce(plannerReducer, from);

const summaries = (...ids: string[]) =>
  ids.map(
    (id) =>
      ({
        id,
        scenarioId: `sc_${id}`,
        status: "optimal",
        totals: { totalCost: 2.5e9 },
      }) as unknown as PlanSummary,
  );
const scenarios = (...ids: string[]) =>
  ids.map((id) => ({ id: `sc_${id}`, name: `Scenario ${id}`, changes: [] }) as unknown as Scenario);

describe("the planner's state", () => {
  it("a new request clears the last problem and notice, and its end clears the progress", () => {
    const failed = run([
      { type: "noticed", text: "Saved “Base”." },
      { type: "failed", problem: { title: "Bad", detail: "bad" }, fields: ["anode-factor"] },
      { type: "taskStarted", what: "Solving", at: 42 },
    ]);
    expect(failed).toMatchObject({
      problem: null,
      notice: null,
      busy: { what: "Solving", startedAt: 42 },
    });
    expect(run([{ type: "taskEnded" }], failed).busy).toBeNull();
  });

  it("choosing another dataset drops the plan, the changes and the comparison", () => {
    const busy = run([
      { type: "formEdited", form: { ...initialState().form, anodeFactor: "1.5" } },
      { type: "solved", shown: { plan: planCosting(1), label: "x" } },
      { type: "compared", comparison: {} as never, a: "pl_1", b: "pl_2" },
      { type: "highlighted", target: { kind: "province", name: "Henan" } },
      { type: "datasetChosen", id: "ds_2" },
    ]);
    expect(busy).toMatchObject({
      datasetId: "ds_2",
      shown: null,
      comparison: null,
      compared: null,
      view: "plan",
      highlight: null,
    });
    expect(busy.form).toEqual(initialState().form);
  });

  it("entering a saved plan's dataset keeps the panel's changes", () => {
    const form = { ...initialState().form, anodeFactor: "1.5" };
    const state = run([
      { type: "formEdited", form },
      { type: "datasetEntered", id: "ds_2" },
    ]);
    expect(state.form).toBe(form);
    expect(state.datasetId).toBe("ds_2");
  });

  it("lists saved plans newest first, picking the two newest, or the one just saved as b", () => {
    const listed = run([
      {
        type: "savedListed",
        plans: summaries("pl_3", "pl_2", "pl_1"),
        scenarios: scenarios("pl_3", "pl_2", "pl_1"),
      },
    ]);
    expect(listed.pick).toEqual({ a: "pl_2", b: "pl_3" });
    expect(listed.saved[0]?.label).toBe("Scenario pl_3 · 2.50 bn CNY");
    // Saved pl_4 after pl_3 was b: pl_3 becomes a, the new one b.
    const afterSave = run(
      [{ type: "savedListed", plans: summaries("pl_4", "pl_3"), scenarios: [], newest: "pl_4" }],
      listed,
    );
    expect(afterSave.pick).toEqual({ a: "pl_3", b: "pl_4" });
    expect(afterSave.saved[0]?.label).toMatch(/^sc_pl_4 · /);
  });

  it("an opened comparison puts plan a's changes in the panel and the Compare tab in front", () => {
    const state = run([
      {
        type: "comparisonOpened",
        shown: { plan: planCosting(1), label: "Base (saved)", planId: "pl_1" },
        changes: [{ kind: "scaleModeCost", mode: "rail", factor: 1.2 }],
        comparison: {} as never,
        a: "pl_1",
        b: "pl_2",
      },
    ]);
    expect(state).toMatchObject({
      view: "compare",
      tab: "compare",
      pick: { a: "pl_1", b: "pl_2" },
    });
    expect(state.form.modeFactors).toEqual({ rail: "1.2" });
  });

  it("linking a view drops the message of a link that did not open", () => {
    const state = run([
      {
        type: "linkFailed",
        lead: "No such plan.",
        problem: { title: "Not Found", detail: "none" },
      },
      { type: "linked", link: { kind: "plan", planId: "pl_1" } },
    ]);
    expect(state.linkProblem).toBeNull();
    expect(state.link).toEqual({ kind: "plan", planId: "pl_1" });
  });
});
