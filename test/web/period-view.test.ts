import { describe, expect, it } from "vitest";
import { solveNetwork } from "../../src/solve/solve.ts";
import type { Plan } from "../../web/src/api.ts";
import {
  inflowByPeriod,
  marginalByPeriod,
  periodPlan,
  periodTotals,
  shownPeriod,
  stockByPeriod,
  viewedPlan,
} from "../../web/src/state/period-view.ts";
import {
  hasMarginal,
  initialState,
  type PlannerEvent,
  type PlannerState,
  plannerReducer,
} from "../../web/src/state/planner-state.ts";
import { loadFixture } from "../support/fixtures.ts";

/** A fixture solved as the API solves it (with the per-period marginal costs). */
async function solved(file: string): Promise<Plan> {
  return solveNetwork(loadFixture(file).network, { sensitivity: "full" });
}

const run = (events: PlannerEvent[], from: PlannerState = initialState()) =>
  events.reduce(plannerReducer, from);

const sum = (values: readonly number[]) => values.reduce((total, v) => total + v, 0);

const periodsOf = (plan: Plan) => {
  if (!plan.periods || plan.periods.length === 0) throw new Error("the plan has no periods");
  return plan.periods;
};

describe("a plan with periods on the page", () => {
  it("shows each period's flows, deliveries and marginal costs, which add up to the year's", async () => {
    // Plant a makes 800 t in p1 (300 t of it into x's stock) and 200 t in p2.
    const plan = await solved("periods-stock-build.json");
    const periods = periodsOf(plan);
    const views = periods.map((period) => periodPlan(plan, period));
    for (const [t, view] of views.entries()) {
      const period = periods[t];
      expect(view.flows.map((f) => [f.from, f.to, f.mode, f.tonnes])).toEqual(
        period?.flows.map((f) => [f.from, f.to, f.mode, f.tonnes]),
      );
      for (const smelter of view.smelters) {
        const own = period?.smelters.find((s) => s.id === smelter.id);
        expect(smelter.receivedT).toBeCloseTo(own?.receivedT ?? Number.NaN, 6);
        expect(smelter.marginalCostPerT).toBe(own?.marginalCostPerT);
      }
      // The province table holds together as the year's does, tonnes delivered across a border.
      const west = view.provinces.find((p) => p.province === "West");
      expect(west?.receivedT).toBeCloseTo(sum(view.flows.map((f) => f.tonnes)), 6);
      expect(west?.netInflowT).toBeCloseTo(west?.receivedT ?? Number.NaN, 6);
      expect(west?.marginalCostPerT).toBe(view.smelters[0]?.marginalCostPerT);
      // Freight per tonne is the lane's, so the period's cost is its share of the year's.
      for (const flow of view.flows) {
        const year = plan.flows.find((f) => f.from === flow.from && f.to === flow.to);
        expect(flow.costPerT).toBe(year?.costPerT);
        expect(flow.cost).toBeCloseTo(flow.tonnes * flow.costPerT, 6);
      }
    }
    // The periods differ (800 t and 200 t from plant a), and add up to the year.
    expect(views[0]?.flows[0]?.tonnes).not.toBeCloseTo(views[1]?.flows[0]?.tonnes ?? 0, 0);
    for (const flow of plan.flows) {
      const byPeriod = views.map(
        (v) => v.flows.find((f) => f.from === flow.from && f.to === flow.to)?.tonnes ?? 0,
      );
      expect(sum(byPeriod)).toBeCloseTo(flow.tonnes, 6);
    }
    // Solved with the analysis, every period prices its demand: the map can shade by it.
    expect(views.every((view) => hasMarginal(view))).toBe(true);
  });

  it("tabulates inflow by receiving province and closing stock by holder, balancing each period's stock", async () => {
    const plan = await solved("periods-stock-build.json");
    const periods = periodsOf(plan);
    const [west] = inflowByPeriod(plan);
    expect(west?.label).toBe("West");
    expect(west?.values).toEqual(
      periods.map((p) => expect.closeTo(sum(p.flows.map((f) => f.tonnes)), 6)),
    );
    const [stock] = stockByPeriod(plan);
    expect(stock?.label).toBe("x (smelter)");
    // Closing = opening + received - consumed, and the year ends with the initial stock.
    periods.forEach((period, t) => {
      const smelter = period.smelters[0];
      const opening = stock?.values[(t + periods.length - 1) % periods.length] ?? Number.NaN;
      const consumed = (smelter?.demandT ?? 0) - (smelter?.shortfallT ?? 0);
      expect(stock?.values[t]).toBeCloseTo(opening + (smelter?.receivedT ?? 0) - consumed, 6);
    });
    expect(Math.max(...(stock?.values ?? []))).toBeGreaterThan(0);
    const totals = periods.map(periodTotals);
    expect(sum(totals.map((t) => t.holdingCost))).toBeCloseTo(
      plan.totals?.holdingCost ?? Number.NaN,
      6,
    );
    expect(sum(totals.map((t) => t.outputT))).toBeCloseTo(plan.totals?.outputT ?? Number.NaN, 6);
    expect(totals.map((t) => t.closingStockT)).toEqual(stock?.values);
    // The one smelter's province is priced as the smelter is, period by period.
    expect(marginalByPeriod(plan)).toEqual([
      {
        key: "West",
        label: "West",
        values: periods.map((p) => p.smelters[0]?.marginalCostPerT),
      },
    ]);
  });

  it("keeps the chosen period in the state, and goes back to the year for a plan without it", async () => {
    const periodic = await solved("periods-stock-build.json");
    const annual = await solved("balanced.json");
    const shown = (plan: Plan) => ({ plan, label: plan.network });
    const chosen = run([
      { type: "solved", shown: shown(periodic) },
      { type: "tabChosen", tab: "months" },
      { type: "periodChosen", period: "p2" },
    ]);
    expect(chosen.period).toBe("p2");
    expect(shownPeriod(chosen)?.id).toBe("p2");
    const p2 = periodsOf(periodic).find((p) => p.id === "p2");
    if (!p2) throw new Error("no period p2");
    expect(viewedPlan(chosen)?.flows).toEqual(periodPlan(periodic, p2).flows);
    // The same view twice is the same object, so the map does not redraw for nothing.
    expect(viewedPlan(chosen)).toBe(viewedPlan(chosen));
    // Another scenario of the same periods keeps the period; a plan without periods shows the year.
    expect(run([{ type: "solved", shown: shown(periodic) }], chosen).period).toBe("p2");
    const year = run([{ type: "solved", shown: shown(annual) }], chosen);
    expect(year).toMatchObject({ period: null, tab: "flows" });
    expect(viewedPlan(year)).toBe(annual);
    expect(run([{ type: "periodChosen", period: null }], chosen).period).toBeNull();
    expect(viewedPlan(run([{ type: "periodChosen", period: null }], chosen))).toBe(periodic);
    expect(run([{ type: "datasetChosen", id: "ds_2" }], chosen).period).toBeNull();
  });
});
