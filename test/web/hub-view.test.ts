import { describe, expect, it } from "vitest";
import { solveNetwork } from "../../src/solve/solve.ts";
import type { Plan } from "../../web/src/api.ts";
import { describe as describeTarget } from "../../web/src/map-describe.ts";
import { geography } from "../../web/src/map-model.ts";
import { mapScene } from "../../web/src/map-scene.ts";
import {
  corridorRows,
  drawnMode,
  hubRows,
  routeLabel,
  routeSteps,
  showsHubs,
  viaHubs,
} from "../../web/src/state/hub-view.ts";
import { viewedPlan } from "../../web/src/state/period-view.ts";
import {
  initialState,
  type PlannerEvent,
  type PlannerState,
  plannerReducer,
} from "../../web/src/state/planner-state.ts";
import { loadFixture } from "../support/fixtures.ts";

/** A fixture solved as the API solves it, with its network for the map. */
async function solved(file: string) {
  const { network } = loadFixture(file);
  const plan: Plan = await solveNetwork(network, { sensitivity: "full" });
  return { network, plan };
}

const run = (events: PlannerEvent[], from: PlannerState = initialState()) =>
  events.reduce(plannerReducer, from);

const shown = (plan: Plan) => ({ plan, label: plan.network });
const name = (id: string) => (id === "f" ? "Fangchenggang" : id);

describe("a plan with hubs on the page", () => {
  it("reads each flow's route leg by leg and in words, from the plan's route or from its mode alone", async () => {
    // hubs-capacity: 400 t by coastal ship to Fangchenggang (f) then rail, 200 t by direct rail.
    const { plan } = await solved("hubs-capacity.json");
    const via = plan.flows.find((f) => f.mode === "coastal@f+rail");
    const direct = plan.flows.find((f) => f.mode === "rail");
    expect(via?.tonnes).toBeCloseTo(400, 6);
    expect(direct?.tonnes).toBeCloseTo(200, 6);
    if (!via || !direct) throw new Error("the fixture's two flows are missing");
    const legs = [
      { from: "a", to: "f", mode: "coastal" },
      { from: "f", to: "s", mode: "rail" },
    ];
    expect(routeSteps(via)).toEqual(legs);
    // A comparison's flows carry no route: the mode names the hubs, and reads the same.
    expect(routeSteps({ from: "a", to: "s", mode: "coastal@f+rail" })).toEqual(legs);
    expect(routeSteps({ from: "a", to: "s", mode: "rail@h+road@g+rail" })).toEqual([
      { from: "a", to: "h", mode: "rail" },
      { from: "h", to: "g", mode: "road" },
      { from: "g", to: "s", mode: "rail" },
    ]);
    // A leg straight from plant to smelter reads apart from the lane, and is drawn as rail.
    const leg = { from: "a", to: "s", mode: "rail leg" };
    expect(routeSteps(leg)).toEqual([{ from: "a", to: "s", mode: "rail" }]);
    expect(routeLabel(leg, name)).toBe("rail leg");
    expect([drawnMode(leg), drawnMode(direct), drawnMode(via)]).toEqual([
      "rail",
      "rail",
      "coastal@f+rail",
    ]);
    expect(viaHubs(via)).toEqual(["f"]);
    expect(viaHubs(direct)).toEqual([]);
    expect(routeLabel(via, name)).toBe("coastal → Fangchenggang → rail");
    expect(routeLabel(direct, name)).toBe("rail");
    // 30 CNY/t handling at f on the hub route, none on the direct lane.
    expect(via.hubHandlingPerT).toBe(30);
    expect(direct.hubHandlingPerT).toBe(0);
  });

  it("tabulates hubs and corridors: throughput against capacity and the value of more", async () => {
    // Hub f passes at most 400 t and passes 400 t: full, one more tonne saves 200 - 150 = 50 CNY/t.
    const capped = (await solved("hubs-capacity.json")).plan;
    const [f] = hubRows(capped);
    expect(f).toMatchObject({ id: "f", kind: "port", capacityT: 400, handlingCostPerT: 30 });
    expect(f?.throughputT).toBeCloseTo(400, 6);
    expect(f?.utilisation).toBeCloseTo(1, 6);
    expect(f?.handlingCost).toBeCloseTo(400 * 30, 6);
    expect(f?.marginalValuePerT).toBeCloseTo(50, 6);
    expect(capped.totals?.hubHandlingCost).toBeCloseTo(12_000, 6);
    // Corridor nw carries 500 t of 500 (the leg a>h and the rail lane): 90 CNY/t for one more.
    const corridor = (await solved("hubs-corridor.json")).plan;
    const [nw] = corridorRows(corridor);
    expect(nw?.usedT).toBeCloseTo(500, 6);
    expect(nw?.utilisation).toBeCloseTo(1, 6);
    expect(nw?.marginalValuePerT).toBeCloseTo(90, 6);
    // An unlimited hub has no utilisation.
    const open = (await solved("hubs-coastal.json")).plan;
    expect(hubRows(open)[0]?.utilisation).toBeNull();
    expect(hubRows(open)[0]?.throughputT).toBeCloseTo(600, 6);
  });

  it("shows a period's hubs, corridors and routed flows when a period is chosen", async () => {
    // hubs-periods: p1 300 t through f (the sea corridor full, 50 CNY/t) and 150 t by rail; p2 150 t through f.
    const { plan } = await solved("hubs-periods.json");
    const year = run([{ type: "solved", shown: shown(plan) }]);
    expect(corridorRows(viewedPlan(year) as Plan)[0]?.usedT).toBeCloseTo(450, 6);
    const p1 = viewedPlan(run([{ type: "periodChosen", period: "p1" }], year)) as Plan;
    expect(hubRows(p1)[0]?.throughputT).toBeCloseTo(300, 6);
    const [sea] = corridorRows(p1);
    expect([sea?.usedT, sea?.capacityT, sea?.marginalValuePerT]).toEqual([300, 300, 50]);
    expect(sea?.utilisation).toBeCloseTo(1, 6);
    const routed = p1.flows.find((f) => viaHubs(f).includes("f"));
    expect(routed?.tonnes).toBeCloseTo(300, 6);
    expect(routed?.hubHandlingPerT).toBe(30);
    const p2 = viewedPlan(run([{ type: "periodChosen", period: "p2" }], year)) as Plan;
    expect(p2.flows.map((f) => [f.mode, f.tonnes])).toEqual([["coastal@f+rail", 150]]);
    expect(corridorRows(p2)[0]?.marginalValuePerT).toBe(0);
  });

  it("keeps the Hubs tab for a plan with hubs and leaves it for one without", async () => {
    const hubs = (await solved("hubs-coastal.json")).plan;
    const plain = (await solved("balanced.json")).plan;
    expect(showsHubs(hubs)).toBe(true);
    expect(showsHubs(plain)).toBe(false);
    expect(plain.totals?.hubHandlingCost).toBeUndefined();
    const onHubs = run([
      { type: "solved", shown: shown(hubs) },
      { type: "tabChosen", tab: "hubs" },
    ]);
    expect(run([{ type: "solved", shown: shown(hubs) }], onHubs).tab).toBe("hubs");
    expect(run([{ type: "solved", shown: shown(plain) }], onHubs).tab).toBe("flows");
  });

  it("draws a route through its hub leg by leg, a direct lane as an arc, and describes the hub", async () => {
    const { network, plan } = await solved("hubs-capacity.json");
    const geo = geography(network);
    const [hub] = geo.hubs;
    expect(hub).toMatchObject({ id: "f", kind: "port", name: "Fangchenggang" });
    const scene = mapScene(geo, plan, null);
    const route = scene.arcs.find((arc) => arc.via.length > 0);
    const direct = scene.arcs.find((arc) => arc.via.length === 0);
    expect(route?.legs.map((leg) => leg.mode)).toEqual(["coastal", "rail"]);
    // The first leg ends and the second starts at the hub's point: a polyline through it.
    const [x, y] = (hub?.at ?? [0, 0]).map((v) => Math.round(v * 10) / 10);
    expect(route?.legs[0]?.d).toMatch(new RegExp(`L${x},${y}$`));
    expect(route?.legs[1]?.d).toMatch(new RegExp(`^M${x},${y}L`));
    expect(direct?.legs).toEqual([]);
    expect(direct?.d).toContain("Q");
    // A 50 t leg straight from a to s by rail (hubs.test.ts) joins the rail lane's arc.
    const withLeg = await solveNetwork({
      ...network,
      legs: [
        ...(network.legs ?? []),
        { from: "a", to: "s", mode: "rail", costPerT: 190, capacityT: 50 },
      ],
    });
    const railArcs = mapScene(geo, withLeg, null).arcs.filter((arc) => arc.via.length === 0);
    expect(railArcs.map((arc) => [arc.mode, arc.flowKeys, arc.tonnes])).toEqual([
      ["rail", ["a>s:rail", "a>s:rail leg"], 200],
    ]);
    const onRail = describeTarget(mapScene(geo, withLeg, null), { kind: "flow", key: "a>s:rail" });
    expect(onRail?.rows.slice(-2)).toEqual([
      ["A", "150 t"],
      ["A, rail leg", "50 t"],
    ]);

    const onRoute = describeTarget(scene, { kind: "arc", key: route?.key ?? "" });
    expect(onRoute?.title).toBe("A → S, coastal → Fangchenggang → rail");
    expect(onRoute?.rows).toContainEqual(["Tonnes", "400 t"]);
    expect(onRoute?.rows).toContainEqual(["Hub handling", "30 CNY/t"]);
    const onHub = describeTarget(scene, { kind: "hub", key: "f" });
    expect(onHub?.title).toBe("Fangchenggang");
    expect(onHub?.rows).toEqual([
      ["Kind", "Port"],
      ["Province", "Guangxi"],
      ["Throughput", "400 t"],
      ["Capacity", "400 t"],
      ["Utilisation", "100.0 %"],
      ["Handling", "30 CNY/t"],
      ["Marginal value", "50 CNY/t of capacity"],
    ]);
  });
});
