import { describe, expect, it } from "vitest";
import { ProblemError } from "../../web/src/api.ts";
import { emptyForm } from "../../web/src/scenario-form.ts";
import { createPlanner } from "../../web/src/state/planner.ts";
import { invalidFields } from "../../web/src/state/planner-state.ts";
import { fakeAddress, fakeServer, savedByColleague } from "./support/fakes.ts";

const railChange = { kind: "scaleModeCost", mode: "rail", factor: 1.6 } as const;

/** A planner over the fake server, its clock at 1000 ms, opened at the given fragment. */
function opened(hash = "") {
  const { server, api } = fakeServer();
  const address = fakeAddress(hash);
  const planner = createPlanner({ api, address, now: () => 1000 });
  return { server, address, planner, start: () => planner.start(address.hash()) };
}

const withRail = (factor: string) => ({ ...emptyForm(), modeFactors: { rail: factor } });

describe("the planner without a link", () => {
  it("opens on the last shared dataset and shows its plan as it is, without touching the address", async () => {
    const { server, address, planner, start } = opened();
    await start();
    const state = planner.getState();
    expect(state.datasetId).toBe("ds_1");
    expect(state.network?.plants.map((p) => p.id)).toEqual(["a", "b"]);
    expect(state.shown?.label).toBe("Balanced, as it is (not saved)");
    expect(state.shown?.plan.totals?.totalCost).toBe(server.costOf([]));
    expect(state.busy).toBeNull();
    expect(state.link).toBeNull();
    expect(address.written).toEqual([]);
  });

  it("solves the panel's changes into a plan named by them, and leaves a linked plan", async () => {
    const { server, address, planner, start } = opened();
    await start();
    planner.editForm(withRail("1.6"));
    address.replace("#plan=pl_1");
    await planner.solve();
    const state = planner.getState();
    expect(server.calls.at(-1)).toBe(`solve ds_1 ${JSON.stringify([railChange])}`);
    expect(state.shown?.label).toBe("rail x1.6 (not saved)");
    expect(state.shown?.plan.totals?.totalCost).toBe(server.costOf([railChange]));
    expect(state.shown?.planId).toBeUndefined();
    expect(state.view).toBe("plan");
    expect(address.hash()).toBe("");
  });

  it("shows a solve under way with its start time, and Cancel abandons it keeping the plan shown", async () => {
    const { server, planner, start } = opened();
    await start();
    const before = planner.getState().shown;
    server.hold = true;
    planner.editForm(withRail("2"));
    const solving = planner.solve();
    expect(planner.getState().busy).toEqual({ what: "Solving", startedAt: 1000 });
    planner.cancel();
    await solving;
    const state = planner.getState();
    expect(state.busy).toBeNull();
    expect(state.notice).toBe("Solving cancelled.");
    expect(state.shown).toBe(before);
    expect(state.problem).toBeNull();
  });

  it("shows an API error with the panel field its pointer names, and marks that field invalid", async () => {
    const { api } = fakeServer();
    const planner = createPlanner({
      api: {
        ...api,
        solve: async () => {
          throw new ProblemError({
            title: "Unprocessable Content",
            status: 422,
            detail: "A change is out of range",
            errors: [{ pointer: "/changes/1/anodePerTonneAluminium", message: "at most 2" }],
          });
        },
      },
      address: fakeAddress(),
      now: () => 0,
    });
    await planner.start("");
    planner.editForm({ ...withRail("1.2"), anodeFactor: "5" });
    await planner.solve();
    const state = planner.getState();
    expect(state.problem?.problem.status).toBe(422);
    expect(state.problem?.fields).toEqual(["mode-rail", "anode-factor"]);
    expect([...invalidFields(state)]).toEqual(["anode-factor"]);
    expect(state.busy).toBeNull();
    planner.dismissProblem();
    expect(invalidFields(planner.getState()).size).toBe(0);
  });

  it("saves a scenario, links to its plan, and lists it as plan b against the one before", async () => {
    const { server, address, planner, start } = opened();
    await start();
    await planner.save("Base");
    planner.editForm(withRail("1.6"));
    await planner.save("Rail +60 %");
    const state = planner.getState();
    expect(server.scenarios.map((s) => [s.name, s.changes])).toEqual([
      ["Base", []],
      ["Rail +60 %", [railChange]],
    ]);
    expect(state.shown).toMatchObject({ label: "Rail +60 % (saved)", planId: "pl_2" });
    expect(state.notice).toBe("Saved “Rail +60 %”.");
    expect(state.link).toEqual({ kind: "plan", planId: "pl_2" });
    expect(address.hash()).toBe("#plan=pl_2");
    expect(state.saved.map((p) => p.id)).toEqual(["pl_2", "pl_1"]);
    expect(state.saved[0]?.label).toMatch(/^Rail \+60 % · .*CNY$/);
    expect(state.pick).toEqual({ a: "pl_1", b: "pl_2" });
  });

  it("compares the picked plans, shows the comparison on the map and links to it", async () => {
    const { address, planner, start } = opened();
    await start();
    await planner.save("Base");
    planner.editForm(withRail("1.6"));
    await planner.save("Rail");
    await planner.compare();
    let state = planner.getState();
    expect(state.comparison).not.toBeNull();
    expect(state.compared).toEqual({ a: "pl_1", b: "pl_2" });
    expect(state.view).toBe("compare");
    expect(address.hash()).toBe("#compare=pl_1,pl_2");
    // The map's toggle: back to the plan shown (the one saved last), and the address with it.
    planner.showView("plan");
    state = planner.getState();
    expect(state.view).toBe("plan");
    expect(address.hash()).toBe("#plan=pl_2");
  });

  it("a problem comparing keeps what was shown and says why", async () => {
    const { planner, start } = opened();
    await start();
    planner.pick("pl_1", "pl_9");
    await planner.compare();
    const state = planner.getState();
    expect(state.problem?.problem.status).toBe(404);
    expect(state.comparison).toBeNull();
    expect(state.view).toBe("plan");
  });
});

describe("the planner opened by a link", () => {
  it("opens a linked plan with its scenario's changes in the panel, and solves nothing", async () => {
    const { server, planner, address } = opened();
    const planId = savedByColleague(server, "Rail +60 %", [railChange]);
    await planner.start(`#plan=${planId}`);
    const state = planner.getState();
    expect(state.shown).toMatchObject({ label: "Rail +60 % (saved)", planId });
    expect(state.form.modeFactors).toEqual({ rail: "1.6" });
    expect(state.datasetId).toBe("ds_1");
    expect(state.link).toEqual({ kind: "plan", planId });
    expect(server.calls.filter((call) => call.startsWith("solve"))).toEqual([]);
    expect(address.hash()).toBe(`#plan=${planId}`);
  });

  it("opens a linked comparison on the Compare tab with plan a shown and both picked", async () => {
    const { server, planner } = opened();
    const a = savedByColleague(server, "Base", []);
    const b = savedByColleague(server, "Rail", [railChange]);
    await planner.start(`#compare=${a},${b}`);
    const state = planner.getState();
    expect(state.shown).toMatchObject({ label: "Base (saved)", planId: a });
    expect(state).toMatchObject({ view: "compare", tab: "compare", pick: { a, b } });
    expect(state.compared).toEqual({ a, b });
    expect(state.link).toEqual({ kind: "compare", a, b });
  });

  it("says in words that a linked plan does not exist, shows the default plan, and keeps the address", async () => {
    const { planner, address, start } = opened("#plan=pl_missing");
    await start();
    const state = planner.getState();
    expect(state.linkProblem?.lead).toMatch(/plan pl_missing could not be opened/);
    expect(state.linkProblem?.problem.status).toBe(404);
    expect(state.shown?.label).toBe("Balanced, as it is (not saved)");
    expect(address.written).toEqual([]);
  });

  it("names a malformed link as such without asking the API for a plan", async () => {
    const { server, planner, start } = opened("#compare=pl_1");
    await start();
    const state = planner.getState();
    expect(state.linkProblem?.lead).toBe("This address does not link to a plan or a comparison.");
    expect(state.linkProblem?.problem.detail).toMatch(/a comparison names two plans/);
    expect(server.calls.filter((call) => call.startsWith("plan "))).toEqual([]);
    expect(state.shown).not.toBeNull();
  });

  it("follows an edited fragment to the plan it names, and an emptied one back to the dataset as it is", async () => {
    const { server, planner, start } = opened();
    await start();
    const planId = savedByColleague(server, "Rail", [railChange]);
    await planner.followFragment(`#plan=${planId}`);
    expect(planner.getState().shown?.planId).toBe(planId);
    await planner.followFragment("");
    const state = planner.getState();
    expect(state.shown?.label).toBe("Balanced, as it is (not saved)");
    expect(state.form).toEqual(emptyForm());
    expect(state.link).toBeNull();
    // A login link's key is left to the page's reload.
    const calls = server.calls.length;
    await planner.followFragment(`#key=afk_x&plan=${planId}`);
    expect(server.calls.length).toBe(calls);
  });
});
