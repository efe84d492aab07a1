import { describe, expect, it } from "vitest";
import { solveNetwork } from "../../src/solve/solve.ts";
import type { Plan } from "../../web/src/api.ts";
import {
  co2ByScope,
  exportsView,
  planWarnings,
  shownWarnings,
  warningLines,
} from "../../web/src/state/plan-view.ts";
import {
  initialState,
  type PlannerEvent,
  plannerReducer,
} from "../../web/src/state/planner-state.ts";
import { loadFixture } from "../support/fixtures.ts";

/** A fixture solved as the API solves it, and what it expects. */
async function solved(
  file: string,
): Promise<{ plan: Plan; expected: ReturnType<typeof loadFixture>["expected"] }> {
  const { network, expected } = loadFixture(file);
  return { plan: await solveNetwork(network), expected };
}

const name = (id: string) => `Name of ${id}`;

describe("the plan view's selectors", () => {
  it("name each smelter and port a plan leaves short, largest first, with tonnes and units", async () => {
    const { plan, expected } = await solved("shortfall-warnings.json");
    const lines = warningLines(plan, name);
    expect(lines.map((l) => l.subject)).toEqual(
      Object.entries(expected.warnings ?? {})
        .sort((a, b) => b[1] - a[1])
        .map(([subject]) => subject),
    );
    for (const line of lines) {
      const tonnes = expected.warnings?.[line.subject] ?? Number.NaN;
      expect(line.tonnes).toBeCloseTo(tonnes, 6);
      // The CLI's words, with the page's names and a unit on the figure.
      expect(line.text).toBe(
        line.code === "unmetDemand"
          ? `Smelter ${name(line.subject)} is short of ${tonnes} t of anode demand`
          : `Port ${name(line.subject)} exports ${tonnes} t less than its minimum`,
      );
    }
  });

  it("read a plan stored before plans carried warnings from its smelter and port rows", async () => {
    const { plan } = await solved("shortfall-warnings.json");
    const { warnings, ...older } = plan;
    expect(planWarnings(older as Plan)).toEqual((warnings ?? []).map(({ message: _, ...w }) => w));
  });

  it("find no warning in a plan that serves every smelter and port", async () => {
    const { plan } = await solved("balanced.json");
    expect(plan.totals?.shortfallT).toBeCloseTo(0, 6);
    expect(planWarnings(plan)).toEqual([]);
    const { warnings: _, ...older } = plan;
    expect(planWarnings(older as Plan)).toEqual([]);
  });

  it("follow the plan shown: a shortfall plan's warnings go when another plan or dataset replaces it", async () => {
    const short = (await solved("shortfall-warnings.json")).plan;
    const served = (await solved("balanced.json")).plan;
    const events: PlannerEvent[] = [
      { type: "solved", shown: { plan: short, label: "short" } },
      { type: "solved", shown: { plan: served, label: "served" } },
      { type: "savedOpened", shown: { plan: short, label: "short" }, changes: [] },
      { type: "datasetChosen", id: "ds_2" },
    ];
    const states = [initialState()];
    for (const event of events) states.push(plannerReducer(states.at(-1) ?? initialState(), event));
    expect(states.map((state) => shownWarnings(state).length)).toEqual([0, 2, 0, 2, 0]);
  });

  it("list export markets, routes, and the ports' and plants' netbacks as the plan carries them", async () => {
    const { plan, expected } = await solved("export-market-tiers.json");
    const view = exportsView(plan);
    expect(Object.fromEntries(view.markets.map((m) => [m.id, m.tonnes]))).toEqual(
      expect.objectContaining(
        Object.fromEntries(
          Object.entries(expected.markets ?? {}).map(([id, t]) => [id, expect.closeTo(t, 6)]),
        ),
      ),
    );
    const handling = 10; // port q's handlingCostPerT in the fixture
    for (const route of view.routes) {
      expect(route.port).toBe("q");
      expect(route.netbackPerT).toBeCloseTo(route.pricePerT - route.freightPerT - handling, 6);
    }
    // Each market's tonnes arrive by its routes.
    for (const market of view.markets) {
      const routed = view.routes.filter((r) => r.market === market.id);
      expect(routed.reduce((sum, r) => sum + r.tonnes, 0)).toBeCloseTo(market.tonnes, 6);
    }
    const netbacks = Object.fromEntries(
      [...view.ports, ...view.plants].map((row) => [row.id, row.netbackPerT]),
    );
    for (const [id, netback] of Object.entries(expected.netbacks ?? {}))
      expect(netbacks[id]).toBeCloseTo(netback, 6);
    expect(view.ports.map((p) => p.exportT)).toEqual([
      expect.closeTo(
        view.routes.reduce((sum, r) => sum + r.tonnes, 0),
        6,
      ),
    ]);
  });

  it("show nothing to export for a plan without ports", async () => {
    const { plan } = await solved("balanced.json");
    const view = exportsView(plan);
    expect(view.routes).toEqual([]);
    expect(view.plants).toEqual([]);
  });

  it("split CO2 by scope where the plan has production CO2, the total their sum", async () => {
    const { plan, expected } = await solved("production-co2.json");
    const totals = plan.totals;
    if (!totals) throw new Error("no totals");
    const scopes = Object.fromEntries(co2ByScope(totals).map((s) => [s.scope, s.t]));
    expect(scopes["Production CO2"]).toBeCloseTo(expected.co2ProductionT ?? Number.NaN, 6);
    expect(scopes["Total CO2"]).toBeCloseTo(
      (scopes["Transport CO2"] ?? 0) + (scopes["Production CO2"] ?? 0),
      6,
    );
    const { co2ProductionT: _, co2TotalT: __, ...older } = totals;
    expect(co2ByScope(older)).toEqual([{ scope: "Transport CO2", t: totals.co2T }]);
  });
});
