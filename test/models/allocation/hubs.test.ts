import { describe, expect, it } from "vitest";
import { buildAllocationModel } from "../../../models/allocation/build.ts";
import { type Network, parseNetwork } from "../../../models/allocation/network.ts";
import { unsupportedFields } from "../../../models/allocation/network-hubs.ts";
import { buildPeriodicModel } from "../../../models/allocation/periods.ts";
import { planSchema } from "../../../models/allocation/plan-schema.ts";
import { decomposeRoutes } from "../../../models/allocation/routes.ts";
import { applyChanges, type Change } from "../../../models/allocation/scenario.ts";
import { isNetworkProgram } from "../../../models/lp.ts";
import { planToText } from "../../../src/report/plan-text.ts";
import { solveNetwork } from "../../../src/solve/solve.ts";
import { loadFixture } from "../../support/fixtures.ts";
import { expectPlanInvariants } from "../../support/plan-invariants.ts";

const backends = ["highs", "javascript-lp-solver"] as const;
const raw = (file: string) => structuredClone(loadFixture(file).network) as Record<string, unknown>;

/** The pointers of a network's schema issues. */
function issuesOf(input: unknown): string[] {
  const parsed = parseNetwork(input);
  if (parsed.ok) return [];
  return parsed.issues.map((i) => `${i.pointer} ${i.message}`);
}

function changed(network: Network, changes: Change[]): Network {
  const result = applyChanges(network, changes);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.network;
}

describe("network format: hubs, legs and corridors", () => {
  it("names the field of every bad reference, clash and duplicate", () => {
    const network = raw("hubs-corridor.json") as {
      hubs: Record<string, unknown>[];
      legs: Record<string, unknown>[];
      lanes: Record<string, unknown>[];
      corridors: Record<string, unknown>[];
    };
    network.legs.push(
      { from: "nowhere", to: "s", mode: "rail" },
      { from: "a", to: "a", mode: "rail" },
      { from: "s", to: "h", mode: "rail" },
      { from: "h", to: "s", mode: "ship" },
      { from: "a", to: "h", mode: "road", corridor: "nope" },
      { from: "a", to: "h", mode: "rail" },
    );
    network.hubs.push({ ...network.hubs[0], id: "a" }, { ...network.hubs[0] });
    network.corridors.push({ ...network.corridors[0] });
    network.lanes[1] = { ...network.lanes[1], corridor: "missing" };
    const issues = issuesOf(network);
    const at = (pointer: string) => issues.filter((i) => i.startsWith(`${pointer} `));
    expect(at("/legs/2/from")[0]).toMatch(/"nowhere" is not a plant or hub id/);
    expect(at("/legs/3/to")[0]).toMatch(/"a" is a plant: a leg cannot enter it/);
    expect(at("/legs/4/from")[0]).toMatch(/"s" is a smelter or port: a leg cannot leave it/);
    expect(at("/legs/5/mode")[0]).toMatch(/"ship" is not a mode id/);
    expect(at("/legs/6/corridor")[0]).toMatch(/"nope" is not a corridor id/);
    expect(at("/legs/7")[0]).toMatch(/duplicate leg a>h:rail \(first at \/legs\/0\)/);
    expect(at("/hubs/1/id")[0]).toMatch(/duplicate id "a" \(first used at \/plants\/0\)/);
    expect(at("/hubs/2/id")[0]).toMatch(/duplicate id "h"/);
    expect(at("/corridors/1/id")[0]).toMatch(/duplicate id "nw"/);
    expect(at("/lanes/1/corridor")[0]).toMatch(/"missing" is not a corridor id/);
  });

  it("refuses a contract whose plant reaches its destination by legs (a contract counts lanes only)", () => {
    const network = raw("hubs-coastal.json");
    const contracts = [{ id: "c", plants: ["a"], to: "s", minT: 100 }];
    expect(issuesOf({ ...network, contracts })).toEqual([
      '/contracts/0 plant "a" reaches "s" by legs, which a contract cannot count (it counts direct lanes only): leave such legs out or the plant out of the contract',
    ]);
    expect(issuesOf({ ...network, legs: [], contracts })).toEqual([]);
  });

  it("is strict: an unknown field of a hub, leg or corridor is an issue naming it", () => {
    const network = raw("hubs-corridor.json") as Record<string, Record<string, unknown>[]>;
    (network.hubs as Record<string, unknown>[])[0] = { ...network.hubs?.[0], capacity: 5 };
    (network.legs as Record<string, unknown>[])[1] = { ...network.legs?.[1], cost: 5 };
    (network.corridors as Record<string, unknown>[])[0] = { ...network.corridors?.[0], cap: 5 };
    const issues = issuesOf(network);
    expect(issues.some((i) => i.startsWith("/hubs/0/capacity "))).toBe(true);
    expect(issues.some((i) => i.startsWith("/legs/1/cost "))).toBe(true);
    expect(issues.some((i) => i.startsWith("/corridors/0/cap "))).toBe(true);
  });

  it("accepts lotT but lists it as not supported yet, with its pointer", () => {
    const network = raw("hubs-coastal.json") as { legs: Record<string, unknown>[] };
    network.legs[1] = { ...network.legs[1], lotT: 3000 };
    const parsed = parseNetwork(network);
    if (!parsed.ok) throw new Error("lotT should parse");
    expect(unsupportedFields(parsed.network).map((f) => f.pointer)).toEqual(["/legs/1/lotT"]);
    expect(unsupportedFields(loadFixture("hubs-coastal.json").network)).toEqual([]);
  });
});

describe("program: hubs are two nodes, corridors are side constraints", () => {
  it("keeps hubs and legs a network with named rows and columns", () => {
    const model = buildAllocationModel(loadFixture("hubs-capacity.json").network);
    expect(isNetworkProgram(model.lp)).toBe(true);
    const names = model.lp.columns.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(["leg:a>f:coastal", "leg:f>s:rail", "hub:f"]));
    const rows = model.lp.rows.map((r) => r.name);
    expect(rows).toEqual(expect.arrayContaining(["hub:f:in", "hub:f:out"]));
    const hub = model.lp.columns[model.hubColumn[0] as number];
    expect([hub?.upper, hub?.cost]).toEqual([400, 30]);
  });

  it("makes a corridor a row over its legs and lanes, so the program is no longer a network", () => {
    const model = buildAllocationModel(loadFixture("hubs-corridor.json").network);
    expect(isNetworkProgram(model.lp)).toBe(false);
    const row = model.lp.rows[model.corridorRow[0] as number];
    expect(row?.name).toBe("corridor:nw");
    expect(row?.upper).toBe(500);
    expect(row?.terms.map((t) => model.lp.columns[t.column]?.name).sort()).toEqual([
      "flow:a>s:rail",
      "leg:a>h:rail",
    ]);
  });

  it("spreads hub, leg and corridor capacities by period weight, one corridor row per period", () => {
    const network = loadFixture("hubs-periods.json").network;
    const withCaps = {
      ...network,
      hubs: network.hubs?.map((h) => ({ ...h, capacityT: 800 })),
      legs: network.legs?.map((l) => ({ ...l, capacityT: 1000 })),
    };
    const model = buildPeriodicModel(withCaps);
    const byName = new Map(model.lp.columns.map((c) => [c.name, c]));
    expect(byName.get("hub:f@p1")?.upper).toBe(400);
    expect(byName.get("leg:f>s:rail@p2")?.upper).toBe(500);
    const corridorRows = model.lp.rows.filter((r) => r.name.startsWith("corridor:"));
    expect(corridorRows.map((r) => [r.name, r.upper])).toEqual([
      ["corridor:sea@p1", 300],
      ["corridor:sea@p2", 300],
    ]);
  });
});

describe("plans through hubs", () => {
  it("reports the route leg by leg, hub throughput and handling, and CO2 by each leg's mode", async () => {
    const plan = await solveNetwork(loadFixture("hubs-coastal.json").network);
    expect(planSchema.safeParse(plan).success).toBe(true);
    expect(plan.flows).toHaveLength(1);
    const [flow] = plan.flows;
    expect(flow?.route).toEqual([
      { from: "a", to: "f", mode: "coastal", km: 2000, costPerT: 80 },
      { from: "f", to: "s", mode: "rail", km: 300, costPerT: 40 },
    ]);
    expect([flow?.distanceKm, flow?.costPerT, flow?.hubHandlingPerT]).toEqual([2300, 120, 30]);
    expect(plan.totals?.co2T).toBeCloseTo(15.6, 9);
    expect(plan.totals?.hubHandlingCost).toBeCloseTo(18_000, 6);
    expect(plan.totals?.transportCost).toBeCloseTo(72_000, 6);
    expect(plan.hubs?.[0]).toMatchObject({ id: "f", throughputT: 600, marginalValuePerT: 0 });
    expect(plan.smelters[0]?.marginalCostPerT).toBeCloseTo(250, 6);
    expect(plan.smelters[0]?.sources?.[0]?.deliveredCostPerT).toBeCloseTo(250, 6);
    expect(plan.provinces.find((p) => p.province === "Guangxi")?.netInflowT).toBeCloseTo(600, 6);
  });

  it("values a full hub at what a tonne more through it saves (50 CNY/t), on every backend with duals", async () => {
    for (const solver of ["network-simplex", "highs"] as const) {
      const plan = await solveNetwork(loadFixture("hubs-capacity.json").network, { solver });
      expect(plan.hubs?.[0]?.marginalValuePerT, solver).toBeCloseTo(50, 6);
      expect(plan.smelters[0]?.marginalCostPerT, solver).toBeCloseTo(300, 6);
    }
    const plan = await solveNetwork(loadFixture("hubs-capacity.json").network, {
      solver: "javascript-lp-solver",
    });
    expect(plan.hubs?.[0]?.marginalValuePerT).toBeNull();
  });

  it("holds the residual figures to re-solves: one more tonne of demand, one more of hub capacity", async () => {
    const network = loadFixture("hubs-capacity.json").network;
    const base = (await solveNetwork(network)).objective?.value ?? Number.NaN;
    const more = (
      await solveNetwork({
        ...network,
        smelters: network.smelters.map((s) => ({ ...s, demandT: (s.demandT ?? 0) + 1 })),
      })
    ).objective?.value;
    const wider = (
      await solveNetwork({
        ...network,
        hubs: network.hubs?.map((h) => ({ ...h, capacityT: (h.capacityT ?? 0) + 1 })),
      })
    ).objective?.value;
    expect((more ?? Number.NaN) - base).toBeCloseTo(300, 6);
    expect(base - (wider ?? Number.NaN)).toBeCloseTo(50, 6);
  });

  it("values a binding corridor by its dual (90 CNY/t) and prices the marginal figures at it", async () => {
    const network = loadFixture("hubs-corridor.json").network;
    const plan = await solveNetwork(network);
    expect(plan.solver.id).toBe("highs");
    expect(plan.corridors).toEqual([
      {
        id: "nw",
        name: "Lanzhou-Xinjiang line",
        usedT: 500,
        capacityT: 500,
        marginalValuePerT: 90,
      },
    ]);
    expect(plan.sensitivity?.status).toBe("atSideConstraintPrices");
    expect(plan.sensitivity?.note).toMatch(/corridor/);
    // At mu = 90 the rail lane costs 100 + 90 and the hub route 60 + 90 + 10 + 20 = 180, as road:
    // the next tonne of s costs production 100 + 180 = 280, ranges not computed.
    const s = plan.smelters[0];
    expect(s?.marginalCostPerT).toBeCloseTo(280, 6);
    expect(s?.marginal?.range).toBeNull();
    // Finite difference: one more tonne of demand goes by road (100 + 180).
    const more = await solveNetwork({
      ...network,
      smelters: network.smelters.map((x) => ({ ...x, demandT: (x.demandT ?? 0) + 1 })),
    });
    expect(
      (more.objective?.value ?? Number.NaN) - (plan.objective?.value ?? Number.NaN),
    ).toBeCloseTo(280, 6);
  });

  it("reads a corridor that does not bind as if it were absent", async () => {
    const network = loadFixture("hubs-corridor.json").network;
    const loose = {
      ...network,
      corridors: network.corridors?.map((c) => ({ ...c, capacityT: 5000 })),
    };
    const without: Network = {
      ...network,
      corridors: undefined,
      lanes: network.lanes?.map(({ corridor: _, ...lane }) => lane),
      legs: network.legs?.map(({ corridor: _, ...leg }) => leg),
    };
    const [a, b] = await Promise.all([solveNetwork(loose), solveNetwork(without)]);
    expect(a.sensitivity?.status).toBe("exact");
    expect(b.sensitivity?.status).toBe("exact");
    // 600 t through h at 90 CNY/t: the next tonne 100 + 90 = 190.
    expect(a.smelters[0]?.marginalCostPerT).toBeCloseTo(190, 6);
    for (const key of ["smelters", "plants", "ports", "unusedLanes", "hubs"] as const)
      expect(a[key], key).toEqual(b[key]);
    expect(a.corridors?.[0]?.marginalValuePerT).toBe(0);
  });

  it("prices a full hub and a full corridor together from HiGHS's duals (10 and 80 CNY/t)", async () => {
    const network = loadFixture("hubs-corridor.json").network;
    // h passes 400 t (90 CNY/t), the rail lane 100 t (100) fills the corridor, road the rest (180).
    const capped = { ...network, hubs: network.hubs?.map((h) => ({ ...h, capacityT: 400 })) };
    const plan = await solveNetwork(capped);
    expect(plan.objective?.value).toBeCloseTo(60_000 + 400 * 90 + 100 * 100 + 100 * 180, 6);
    // A tonne more through h replaces a rail tonne (100 - 90); a tonne more corridor, a road one (180 - 100).
    expect(plan.hubs?.[0]?.marginalValuePerT).toBeCloseTo(10, 6);
    expect(plan.corridors?.[0]?.marginalValuePerT).toBeCloseTo(80, 6);
  });

  it("agrees across backends on a network with hubs in series and in parallel", async () => {
    const network = loadFixture("hubs-capacity.json").network;
    const two: Network = {
      ...network,
      plants: [
        ...network.plants,
        { ...(network.plants[0] as Network["plants"][number]), id: "b", productionCostPerT: 120 },
      ],
      hubs: [
        ...(network.hubs ?? []),
        {
          id: "q",
          name: "Qingdao",
          province: "Shandong",
          lat: 36,
          lon: 120,
          kind: "port",
          handlingCostPerT: 15,
          capacityT: 250,
        },
      ],
      legs: [
        ...(network.legs ?? []),
        { from: "b", to: "q", mode: "rail", costPerT: 10 },
        { from: "q", to: "f", mode: "coastal", costPerT: 50 },
        { from: "a", to: "q", mode: "rail", costPerT: 20 },
      ],
    };
    const plans = await Promise.all(
      (["network-simplex", ...backends] as const).map((solver) => solveNetwork(two, { solver })),
    );
    for (const plan of plans) {
      expectPlanInvariants(two, plan);
      expect(plan.objective?.value).toBeCloseTo(plans[0]?.objective?.value ?? Number.NaN, 6);
    }
    // a>q>f>s costs 20 + 15 + 50 + 30 + 40 = 155 (a>f direct is 150): f's 400 t come from a direct.
    expect(plans[0]?.objective?.value).toBeCloseTo(160_000, 6);
  });

  it("keeps a leg straight from a plant to a smelter apart from the lane by the same mode", async () => {
    const network = loadFixture("hubs-capacity.json").network;
    const plan = await solveNetwork({
      ...network,
      legs: [
        ...(network.legs ?? []),
        { from: "a", to: "s", mode: "rail", costPerT: 190, capacityT: 50 },
      ],
    });
    const keys = plan.flows.map((f) => `${f.from}>${f.to}:${f.mode}`);
    expect(keys).toEqual(["a>s:rail", "a>s:coastal@f+rail", "a>s:rail leg"]);
    expect(plan.flows[2]?.tonnes).toBeCloseTo(50, 6);
    expect(plan.objective?.value).toBeCloseTo(160_000 - 50 * 10, 6);
  });

  it("makes no implied lanes by a mode marked impliedLanes false (a mode for legs only)", async () => {
    const network = loadFixture("hubs-coastal.json").network;
    const implied = (impliedLanes?: boolean) =>
      buildAllocationModel({
        ...network,
        lanes: undefined,
        modes: network.modes.map((m) => (m.id === "coastal" ? { ...m, impliedLanes } : m)),
      }).lanes.map((l) => network.modes[l.mode]?.id);
    expect(implied()).toEqual(["rail", "coastal"]);
    expect(implied(false)).toEqual(["rail"]);
  });

  it("decomposes leg flows deterministically, cancelling a zero-cost cycle through hubs", () => {
    const plant = (index: number) => ({ kind: "plant" as const, index });
    const hub = (index: number) => ({ kind: "hub" as const, index });
    const smelter = (index: number) => ({ kind: "smelter" as const, index });
    const leg = (
      from: ReturnType<typeof plant | typeof hub>,
      to: ReturnType<typeof hub | typeof smelter>,
    ) => ({
      from,
      to,
      mode: 0,
      km: 1,
      freightPerT: 1,
      surchargePerT: 0,
      co2KgPerT: 0,
      capacityT: Infinity,
      corridor: -1,
      corridors: [],
    });
    const legs = [
      leg(plant(0), hub(0)), // 0: 10 t
      leg(hub(0), hub(1)), // 1: 7 t, of which 3 t go round the cycle 0 > 1 > 0
      leg(hub(1), hub(0)), // 2: 3 t
      leg(hub(0), smelter(0)), // 3: 6 t
      leg(hub(1), smelter(1)), // 4: 4 t
    ];
    const routes = decomposeRoutes(legs, [10, 7, 3, 6, 4]);
    expect(routes.map((r) => [r.legs.join(">"), r.destination.index, r.tonnes])).toEqual([
      ["0>1>4", 1, 4],
      ["0>3", 0, 6],
    ]);
  });
});

describe("scenario changes on hubs and corridors", () => {
  it("closeHub sends everything by the next route, as hand-computed (180000)", async () => {
    const network = changed(loadFixture("hubs-coastal.json").network, [
      { kind: "closeHub", hub: "f" },
    ]);
    const plan = await solveNetwork(network);
    expect(plan.objective?.value).toBeCloseTo(600 * (100 + 200), 6);
    expect(plan.hubs?.[0]?.throughputT).toBe(0);
    expect(plan.flows.map((f) => f.mode)).toEqual(["rail"]);
  });

  it("scaleCorridorCapacity halves the corridor: 250 t through h, 350 t by road (145500)", async () => {
    const network = changed(loadFixture("hubs-corridor.json").network, [
      { kind: "scaleCorridorCapacity", corridor: "nw", factor: 0.5 },
    ]);
    const plan = await solveNetwork(network);
    expect(plan.objective?.value).toBeCloseTo(600 * 100 + 250 * 90 + 350 * 180, 6);
    expect(plan.corridors?.[0]).toMatchObject({
      usedT: 250,
      capacityT: 250,
      marginalValuePerT: 90,
    });
  });

  it("names the unknown hub or corridor, and refuses unknown fields", () => {
    const network = loadFixture("hubs-corridor.json").network;
    const unknown = applyChanges(network, [
      { kind: "closeHub", hub: "nope" },
      { kind: "scaleCorridorCapacity", corridor: "nope", factor: 2 },
    ]);
    expect(unknown.ok ? [] : unknown.issues.map((i) => i.pointer)).toEqual([
      "/changes/0/hub",
      "/changes/1/corridor",
    ]);
    const strict = applyChanges(network, [
      { kind: "closeHub", hub: "h", capacityT: 5 } as unknown as Change,
    ]);
    expect(strict.ok ? [] : strict.issues.map((i) => i.pointer)).toEqual(["/changes/0/capacityT"]);
  });
});

describe("periods with hubs and corridors", () => {
  it("binds the corridor in the heavy period only: 50 CNY/t there, 0 in the light one", async () => {
    const plan = await solveNetwork(loadFixture("hubs-periods.json").network, { solver: "highs" });
    expect(plan.periods?.map((p) => p.corridors?.[0]?.usedT)).toEqual([300, 150]);
    expect(plan.periods?.map((p) => p.corridors?.[0]?.capacityT)).toEqual([300, 300]);
    expect(plan.periods?.[0]?.corridors?.[0]?.marginalValuePerT).toBeCloseTo(50, 6);
    expect(plan.periods?.[1]?.corridors?.[0]?.marginalValuePerT).toBeCloseTo(0, 6);
    expect(plan.periods?.map((p) => p.hubs?.[0]?.throughputT)).toEqual([300, 150]);
    // At the corridor's duals: p1's next tonne goes by rail or by f at 80 + 50 + 30 + 40, both 200
    // (+ production 100); p2's through f at 150. As the 600 t hub below, and by finite difference.
    expect(plan.sensitivity?.note).toMatch(/side constraints/);
    expect(plan.periods?.map((p) => p.smelters[0]?.marginalCostPerT)).toEqual([300, 250]);
    expect(plan.periods?.[0]?.flows).toEqual([
      { from: "a", to: "s", mode: "rail", tonnes: 150 },
      { from: "a", to: "s", mode: "coastal@f+rail", tonnes: 300 },
    ]);
    // The annual corridor row is the sum: no annual dual describes it.
    expect(plan.corridors?.[0]).toMatchObject({
      usedT: 450,
      capacityT: 600,
      marginalValuePerT: null,
    });
  });

  it("spreads a hub capacity by weight: a 600 t hub binds like the 600 t corridor (157500)", async () => {
    const network = loadFixture("hubs-periods.json").network;
    const hubCapped: Network = {
      ...network,
      corridors: undefined,
      legs: network.legs?.map(({ corridor: _, ...leg }) => leg),
      hubs: network.hubs?.map((h) => ({ ...h, capacityT: 600 })),
    };
    expect(isNetworkProgram(buildPeriodicModel(hubCapped).lp)).toBe(true);
    for (const solver of ["auto", ...backends] as const) {
      const plan = await solveNetwork(hubCapped, { solver });
      expect(plan.objective?.value, solver).toBeCloseTo(157_500, 6);
      expectPlanInvariants(hubCapped, plan);
    }
    const plan = await solveNetwork(hubCapped);
    expect(plan.periods?.map((p) => p.hubs?.[0]?.marginalValuePerT)).toEqual([50, 0]);
    expect(plan.periods?.map((p) => p.smelters[0]?.marginalCostPerT)).toEqual([300, 250]);
  });
});

describe("CLI text", () => {
  it("prints hubs and corridors with their values, and by period where there are periods", async () => {
    const annual = loadFixture("hubs-corridor.json").network;
    const text = planToText(annual, await solveNetwork(annual));
    expect(text).toMatch(/Hubs \(1; 1 routes pass through them\):/);
    expect(text).toMatch(/nw \(Lanzhou-Xinjiang line\)\s+0\.5\s+0\.5\s+100\.0 %\s+90\.0/);
    expect(text).toMatch(/Hub handling/);
    const periodic = loadFixture("hubs-periods.json").network;
    const months = planToText(periodic, await solveNetwork(periodic));
    expect(months).toMatch(/corridor sea \(0\.6 kt a year, by weight\)\s+0\.3\s+0\.2\s+0\.5/);
  });

  it("leaves the sections out of a plan without hubs, legs or corridors", async () => {
    const network = loadFixture("lane-capacity.json").network;
    const text = planToText(network, await solveNetwork(network));
    expect(text).not.toMatch(/Hubs|Corridors|Hub handling/);
  });
});
