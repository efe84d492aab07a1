import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  buildPeriodicElasticModel,
  diagnosePeriodicInfeasibility,
} from "../../../models/allocation/diagnosis-periods.ts";
import type { Diagnosis, RelaxationChange } from "../../../models/allocation/diagnosis-schema.ts";
import { type Network, parseNetwork, smelterDemandT } from "../../../models/allocation/network.ts";
import { buildPeriodicModel } from "../../../models/allocation/periods.ts";
import { planSchema } from "../../../models/allocation/plan-schema.ts";
import { isNetworkProgram } from "../../../models/lp.ts";
import { planToText } from "../../../src/report/plan-text.ts";
import { solveNetwork } from "../../../src/solve/solve.ts";
import { resolveSolver } from "../../../src/solvers/registry.ts";
import { fixtureFiles, fixturesDir, loadFixture } from "../../support/fixtures.ts";

/**
 * The network with a periodic diagnosis's changes made as formulation.md says ("The relaxed
 * network"): a node's change in period t moves its profile in t, so only that period's figure; a
 * lane's, route's, market's or stock's has no per-period figure and is made for the year, by the
 * most any period needs (byT / weight; a stock's byT).
 */
function relaxedPeriodic(network: Network, changes: readonly RelaxationChange[]): Network {
  const next = structuredClone(network);
  const periods = next.periods ?? [];
  const annual = new Map<string, RelaxationChange>();
  const most = (change: RelaxationChange, byT: number) => {
    const key = `${change.limit}:${change.id}`;
    if ((annual.get(key)?.byT ?? -1) < byT) annual.set(key, { ...change, byT });
  };
  for (const change of changes) {
    const t = periods.findIndex((p) => p.id === change.period);
    if (t < 0) {
      most(change, change.byT);
      continue;
    }
    const weight = periods[t]?.weight as number;
    const { limit, id, byT } = change;
    const plant = next.plants.find((p) => p.id === id);
    const smelter = next.smelters.find((s) => s.id === id);
    const port = next.ports.find((k) => k.id === id);
    const shift = (profile: number[] | undefined, annualT: number, sign: number) => {
      const moved = profile ?? periods.map(() => 1);
      moved[t] = (moved[t] as number) + (sign * byT) / (weight * annualT);
      return moved;
    };
    if (limit === "capacity" && plant)
      plant.capacityProfile = shift(plant.capacityProfile, plant.capacityT, 1);
    else if (limit === "minOutput" && plant)
      plant.capacityProfile = shift(plant.capacityProfile, plant.minOutputT, -1);
    else if (limit === "demand" && smelter)
      smelter.demandProfile = shift(smelter.demandProfile, smelterDemandT(next, smelter), -1);
    else if (limit === "minExport" && port)
      port.exportProfile = shift(port.exportProfile, port.minExportT, -1);
    else if (limit === "maxExport" && port)
      port.exportProfile = shift(port.exportProfile, port.maxExportT, 1);
    else if (limit === "inventoryCapacity") most(change, byT);
    else most(change, byT / weight);
  }
  for (const { limit, id, byT } of annual.values()) {
    if (limit === "co2Cap") next.options.co2CapT = (next.options.co2CapT ?? 0) + byT;
    else if (limit === "inventoryCapacity") {
      const holder = [...next.plants, ...next.smelters, ...next.ports].find((n) => n.id === id);
      if (!holder?.inventory) throw new Error(`no stock at ${id}`);
      holder.inventory.capacityT += byT;
    } else if (limit === "routeCapacity") {
      const route = next.exportRoutes?.find((r) => `${r.port}>${r.market}` === id);
      if (route?.capacityT === undefined) throw new Error(`no capacity on route ${id}`);
      route.capacityT += byT;
    } else if (limit === "marketCapacity") {
      const last = next.markets?.find((m) => m.id === id)?.tiers.at(-1);
      if (last?.upToT === undefined) throw new Error(`market ${id} has no last upToT`);
      last.upToT += byT;
    } else if (limit === "laneCapacity" || limit === "closedLane") {
      const [from, rest] = id.split(">") as [string, string];
      const [to, mode] = rest.split(":") as [string, string];
      const lane = next.lanes?.find((l) => l.from === from && l.to === to && l.mode === mode);
      if (lane) lane.capacityT = (lane.capacityT ?? 0) + byT;
      else next.lanes?.push({ from, to, mode });
    } else if (limit === "hubCapacity") {
      const hub = next.hubs?.find((h) => h.id === id);
      if (hub?.capacityT === undefined) throw new Error(`no capacity at hub ${id}`);
      hub.capacityT += byT;
    } else if (limit === "legCapacity") {
      const [from, rest] = id.split(">") as [string, string];
      const [to, mode] = rest.split(":") as [string, string];
      const leg = next.legs?.find((l) => l.from === from && l.to === to && l.mode === mode);
      if (leg?.capacityT === undefined) throw new Error(`no capacity on leg ${id}`);
      leg.capacityT += byT;
    } else if (limit === "corridorCapacity") {
      const corridor = next.corridors?.find((c) => c.id === id);
      if (!corridor) throw new Error(`no corridor ${id}`);
      corridor.capacityT += byT;
    } else throw new Error(`cannot apply ${limit} to ${id}`);
  }
  return next;
}

const periodicInfeasible = fixtureFiles.filter((f) => {
  const { network, expected } = loadFixture(f);
  return expected.status === "infeasible" && network.periods !== undefined;
});
const annualInfeasible = fixtureFiles.filter((f) => {
  const { network, expected } = loadFixture(f);
  return expected.status === "infeasible" && network.periods === undefined;
});

/** Three flat periods: every figure spread by weight, so each period is the year scaled. */
const flat = (network: Network): Network => ({
  ...network,
  periods: [
    { id: "q1", weight: 0.25 },
    { id: "q2", weight: 0.25 },
    { id: "h2", weight: 0.5 },
  ],
});

/** The relaxed network solves, without shortfall, at the cost the diagnosis states (cost form). */
async function expectRelaxedCost(network: Network, diagnosis: Diagnosis | null | undefined) {
  if (!diagnosis?.relaxation) throw new Error("no relaxation");
  const fixed = await solveNetwork(relaxedPeriodic(network, diagnosis.relaxation.changes));
  expect(fixed.status).toBe("optimal");
  expect(fixed.totals?.shortfallT).toBeCloseTo(0, 6);
  const sign = fixed.objective?.sense === "max" ? -1 : 1;
  expect(sign * (fixed.objective?.value ?? Number.NaN)).toBeCloseTo(
    diagnosis.relaxation.costOfRelaxedPlan,
    6,
  );
}

describe("infeasibility diagnosis with periods", () => {
  it("keeps the periodic elastic program a network, so the network simplex solves it", () => {
    for (const file of [...periodicInfeasible, ...annualInfeasible]) {
      const { network } = loadFixture(file);
      // A corridor row (11) is a side constraint, as the CO2 cap: that program is no network.
      if (network.corridors !== undefined) continue;
      const model = buildPeriodicModel(network.periods ? network : flat(network));
      expect(isNetworkProgram(buildPeriodicElasticModel(model).lp), file).toBe(true);
    }
  });

  it("names the month whose demand capacity and stock cannot meet, with its tonnes (by hand)", async () => {
    // periods-infeasible-demand: p1 and p2 need 250 + 500 t, a makes 300 + 300 t, so 150 t
    // are missing; the 50 t p1 has spare reach p2 as stock (within x's 100 t), the rest is a's
    // capacity in p2, 300 -> 450 t: profile 1 -> 1.5. Cost 1000 * 100 + 50 * 10 = 100,500 CNY.
    const { network } = loadFixture("periods-infeasible-demand.json");
    const plan = await solveNetwork(network);
    expect(plan.status).toBe("infeasible");
    expect(planSchema.safeParse(plan).success).toBe(true);
    expect(plan.diagnosis).toMatchObject({
      missingT: expect.closeTo(150, 6),
      plants: ["a"],
      smelters: ["x"],
      periods: ["p1", "p2"],
      conflicts: [
        {
          kind: "supply",
          missingT: expect.closeTo(150, 6),
          periods: ["p1", "p2"],
          stocks: [],
        },
      ],
      relaxation: {
        changes: [{ limit: "capacity", id: "a", period: "p2", byT: expect.closeTo(150, 6) }],
        totalT: expect.closeTo(150, 6),
        costOfRelaxedPlan: expect.closeTo(100_500, 6),
      },
    });
    expect(plan.diagnosis?.conflicts[0]).not.toHaveProperty("period");
    expect(plan.diagnosis?.summary).toContain(
      "In p1 and p2: smelter x needs 750 t, but the plants that can reach it (a) can supply only 600 t: 150 t missing.",
    );
    expect(plan.diagnosis?.relaxation?.changes[0]?.description).toBe(
      "in p2: raise plant a's capacity by 150 t (capacityProfile there from 1 to 1.5)",
    );
    await expectRelaxedCost(network, plan.diagnosis);
  });

  it("breaks a stock's capacity where one stock relaxation replaces two (by hand)", async () => {
    // periods-infeasible-stock: must-run a makes 500 t in p1 where x uses 250 t, and nothing in
    // p2 where x needs 250 t; 100 t of stock fit. 150 t more stock closing p1 is one relaxation of
    // 150 t (a's minimum in p1 and its capacity in p2 would be two: 300 t). p2 is short: x needs
    // 250 t, the full stock brings 100 t. Cost 1000 * 100 + 250 * 10 = 102,500 CNY.
    const { network } = loadFixture("periods-infeasible-stock.json");
    const plan = await solveNetwork(network);
    expect(plan.status).toBe("infeasible");
    expect(planSchema.safeParse(plan).success).toBe(true);
    expect(plan.diagnosis).toMatchObject({
      missingT: expect.closeTo(150, 6),
      periods: ["p2"],
      conflicts: [
        {
          kind: "supply",
          period: "p2",
          periods: ["p2"],
          smelters: ["x"],
          stocks: ["x@p1"],
          missingT: expect.closeTo(150, 6),
        },
      ],
      relaxation: {
        changes: [
          { limit: "inventoryCapacity", id: "x", period: "p1", byT: expect.closeTo(150, 6) },
        ],
        costOfRelaxedPlan: expect.closeTo(102_500, 6),
      },
    });
    expect(plan.diagnosis?.conflicts[0]?.description).toBe(
      "In p2: smelter x needs 250 t, but the plants that can reach it (a) and the full stock carried into it can supply only 100 t: 150 t missing.",
    );
    expect(plan.diagnosis?.relaxation?.changes[0]?.description).toBe(
      "in p1: raise the stock capacity of x (inventory.capacityT) by 150 t for the stock closing p1",
    );
    expect(planToText(network, plan)).toContain("    stocks (holder@period it closes): x@p1");
    await expectRelaxedCost(network, plan.diagnosis);
    // With the stock at 250 t the network plans at that cost, x holding 250 t at the end of p1.
    const relaxed = structuredClone(network);
    (relaxed.smelters[0]?.inventory as { capacityT: number }).capacityT = 250;
    const fixed = await solveNetwork(relaxed);
    expect(fixed.periods?.[0]?.inventories[0]?.closingT).toBeCloseTo(250, 6);
  });

  it("spans the periods stock links when a must-run plant makes more than they take (by hand)", async () => {
    // periods-infeasible-stock with room for 1000 t of stock and x using 100, 100 and 400 t: a
    // must make 500, 0 and 500 t, and stock links all three periods (p3 closes empty), so they
    // make 1000 t for 600 t of use: 400 t have nowhere to go. Least holding: a's minimum gives
    // 300 t in p1 (profile 2 -> 0.8) and 100 t in p3 (1 -> 0.8), x carrying 100 t from p1 to p2.
    // Cost 600 * 100 + 100 * 10 = 61,000 CNY.
    const raw = JSON.parse(
      readFileSync(join(fixturesDir, "periods-infeasible-stock.json"), "utf8"),
    );
    raw.smelters[0].demandProfile = [0.4, 0.4, 0.8];
    raw.smelters[0].inventory.capacityT = 1000;
    // The written-down answer beside the network is not part of the (strict) format.
    delete raw.expected;
    const parsed = parseNetwork(raw);
    if (!parsed.ok) throw new Error("invalid");
    const plan = await solveNetwork(parsed.network);
    expect(plan.diagnosis).toMatchObject({
      missingT: expect.closeTo(400, 6),
      periods: ["p1", "p2", "p3"],
      conflicts: [
        { kind: "absorption", periods: ["p1", "p2", "p3"], plants: ["a"], smelters: ["x"] },
      ],
      relaxation: {
        changes: [
          { limit: "minOutput", id: "a", period: "p1", byT: expect.closeTo(300, 6) },
          { limit: "minOutput", id: "a", period: "p3", byT: expect.closeTo(100, 6) },
        ],
        costOfRelaxedPlan: expect.closeTo(61_000, 6),
      },
    });
    expect(plan.diagnosis?.conflicts[0]?.description).toBe(
      "In p1, p2 and p3: plant a must make at least 1,000 t, but the smelters and ports they can reach (x) can take only 600 t: 400 t have nowhere to go.",
    );
    expect(plan.diagnosis?.relaxation?.changes.map((c) => c.description)).toEqual([
      "in p1: lower plant a's minimum output by 300 t (capacityProfile there from 2 to 0.8)",
      "in p3: lower plant a's minimum output by 100 t (capacityProfile there from 1 to 0.8)",
    ]);
    await expectRelaxedCost(parsed.network, plan.diagnosis);
  });

  it.each(periodicInfeasible)(
    "explains %s and its relaxation, once made, solves at the cost it states",
    async (file) => {
      const { network } = loadFixture(file);
      const plan = await solveNetwork(network);
      expect(plan.status).toBe("infeasible");
      const diagnosis = plan.diagnosis;
      expect(diagnosis?.conflicts.length).toBeGreaterThan(0);
      expect(diagnosis?.missingT).toBeCloseTo(diagnosis?.relaxation?.totalT ?? Number.NaN, 6);
      expect(diagnosis?.relaxation?.changes.every((c) => c.period !== undefined)).toBe(true);
      await expectRelaxedCost(network, diagnosis);
    },
  );

  it.each(annualInfeasible)(
    "diagnoses %s split into three flat periods as the year: same tonnes and cost, each change per period",
    async (file) => {
      const { network } = loadFixture(file);
      const [annual, periodic] = [await solveNetwork(network), await solveNetwork(flat(network))];
      expect(periodic.status).toBe("infeasible");
      expect(planSchema.safeParse(periodic).success).toBe(true);
      const [a, p] = [annual.diagnosis, periodic.diagnosis];
      expect(p?.missingT).toBeCloseTo(a?.missingT ?? Number.NaN, 6);
      expect(p?.relaxation?.totalT).toBeCloseTo(a?.relaxation?.totalT ?? Number.NaN, 6);
      expect(p?.relaxation?.costOfRelaxedPlan).toBeCloseTo(
        a?.relaxation?.costOfRelaxedPlan ?? Number.NaN,
        6,
      );
      // Each period breaks its share of the year's tonnes (0.25, 0.25, 0.5): the periods are the
      // year scaled. Which limits break may differ where the year has ties (all costs 0).
      const byPeriod = ["q1", "q2", "h2"].map((id) =>
        (p?.relaxation?.changes ?? [])
          .filter((c) => c.period === id)
          .reduce((sum, c) => sum + c.byT, 0),
      );
      const totalT = a?.relaxation?.totalT ?? Number.NaN;
      expect(byPeriod).toEqual([
        expect.closeTo(0.25 * totalT, 6),
        expect.closeTo(0.25 * totalT, 6),
        expect.closeTo(0.5 * totalT, 6),
      ]);
      expect(p?.conflicts.map((c) => c.period)).toEqual(expect.arrayContaining(["q1", "q2", "h2"]));
      expect(p?.plants).toEqual(a?.plants);
      expect(p?.smelters).toEqual(a?.smelters);
      expect(p?.ports).toEqual(a?.ports);
      await expectRelaxedCost(flat(network), p);
    },
  );

  it("relaxes a CO2 cap once, for the year, with no period", async () => {
    const parsed = parseNetwork({
      ...loadFixture("balanced.json").network,
      options: { co2CapT: 0.1, allowShortfall: false },
    });
    if (!parsed.ok) throw new Error("invalid");
    const [annual, periodic] = [
      await solveNetwork(parsed.network),
      await solveNetwork(flat(parsed.network)),
    ];
    const change = periodic.diagnosis?.relaxation?.changes;
    expect(change).toMatchObject([{ limit: "co2Cap" }]);
    expect(change?.[0]).not.toHaveProperty("period");
    expect(change?.[0]?.byT).toBeCloseTo(annual.diagnosis?.relaxation?.changes[0]?.byT ?? 0, 6);
    expect(periodic.diagnosis?.conflicts.find((c) => c.kind === "co2")).toBeDefined();
  });

  it("names an annual contract that the periods cannot meet, once for the year (by hand)", async () => {
    // periods-contract with b's minimum raised to 60 t: b makes all its tonnes in H1, when x takes
    // 40 t, so 20 t of the minimum cannot be sent. Met at 40 t: b 40 t at 140 + a 40 t at 110.
    const { network } = loadFixture("contracts/periods-contract.json");
    const contracts = network.contracts?.map((c) => ({ ...c, minT: 60 }));
    const plan = await solveNetwork({ ...network, contracts });
    expect(plan.status).toBe("infeasible");
    const changes = plan.diagnosis?.relaxation?.changes ?? [];
    expect(changes.map((c) => [c.limit, c.id])).toEqual([["contractMin", "bx"]]);
    expect(changes[0]).not.toHaveProperty("period");
    expect(changes[0]?.byT).toBeCloseTo(20, 6);
    expect(plan.diagnosis?.conflicts).toMatchObject([{ kind: "contract", missingT: 20 }]);
    expect(plan.diagnosis?.relaxation?.costOfRelaxedPlan).toBeCloseTo(10_000, 6);
  });

  it.each(["periods-infeasible-demand.json", "periods-infeasible-stock.json"])(
    "finds the same tonnes and cost on every backend for %s",
    async (file) => {
      const { network } = loadFixture(file);
      const elastic = buildPeriodicElasticModel(buildPeriodicModel(network));
      const read = async (solver: string) => {
        const result = await resolveSolver(solver, elastic.lp).solve(elastic.lp, {
          timeLimitMs: 10_000,
        });
        if (result.status !== "optimal") throw new Error(`${solver}: ${result.status}`);
        return diagnosePeriodicInfeasibility(elastic, result);
      };
      const [simplex, highs, jsLp] = [
        await read("network-simplex"),
        await read("highs"),
        await read("javascript-lp-solver"),
      ];
      for (const other of [highs, jsLp]) {
        expect(other.missingT).toBeCloseTo(simplex.missingT ?? Number.NaN, 6);
        expect(other.relaxation?.costOfRelaxedPlan).toBeCloseTo(
          simplex.relaxation?.costOfRelaxedPlan ?? Number.NaN,
          6,
        );
        expect(other.relaxation?.changes.map((c) => [c.limit, c.id, c.period])).toEqual(
          simplex.relaxation?.changes.map((c) => [c.limit, c.id, c.period]),
        );
      }
      expect(simplex.solver).toBe("network-simplex");
    },
  );

  // periods-infeasible-corridor: s needs 450 + 150 t, all through f by the coastal leg in the sea
  // corridor (300 t a period): p1 misses 150 t. The hub variant caps f at 600 t a year instead.
  const hubVariant = (): Network => {
    const { network } = loadFixture("periods-infeasible-corridor.json");
    return {
      ...network,
      corridors: undefined,
      legs: network.legs?.map(({ corridor: _, ...leg }) => leg),
      hubs: network.hubs?.map((h) => ({ ...h, capacityT: 600 })),
    };
  };

  it.each([
    ["corridor", "corridorCapacity", "sea", "periods-infeasible-corridor.json"],
    ["hub", "hubCapacity", "f", "hub variant"],
  ] as const)(
    "names the %s in p1 with its 150 t, relaxed plan 150000 (by hand)",
    async (kind, limit, id, file) => {
      const network = file === "hub variant" ? hubVariant() : loadFixture(file).network;
      const plan = await solveNetwork(network);
      expect(plan.status).toBe("infeasible");
      const diagnosis = plan.diagnosis;
      expect(diagnosis?.missingT).toBeCloseTo(150, 6);
      expect(diagnosis?.periods).toEqual(["p1"]);
      expect(diagnosis?.relaxation?.changes.map((c) => [c.limit, c.id, c.period])).toEqual([
        [limit, id, "p1"],
      ]);
      expect(diagnosis?.relaxation?.changes[0]?.byT).toBeCloseTo(150, 6);
      // 600 x (100 + 80 + 30 + 40): the relaxed plan routes everything through f.
      expect(diagnosis?.relaxation?.costOfRelaxedPlan).toBeCloseTo(150_000, 6);
      expect(diagnosis?.conflicts).toHaveLength(1);
      expect(diagnosis?.conflicts[0]).toMatchObject({ period: "p1", periods: ["p1"] });
      if (kind === "corridor")
        expect(diagnosis?.conflicts[0]).toMatchObject({
          kind: "corridor",
          missingT: expect.closeTo(150, 6),
          lanes: ["a>f:coastal"],
        });
      expect(diagnosis?.conflicts[0]?.description).toMatch(/^In p1/);
      await expectRelaxedCost(network, diagnosis);
    },
  );

  it.each(["periods-infeasible-corridor.json", "hub variant"])(
    "finds the same relaxation on every backend for %s",
    async (file) => {
      const network = file === "hub variant" ? hubVariant() : loadFixture(file).network;
      const elastic = buildPeriodicElasticModel(buildPeriodicModel(network));
      const solvers =
        file === "hub variant"
          ? ["network-simplex", "highs", "javascript-lp-solver"]
          : ["highs", "javascript-lp-solver"];
      const read = async (solver: string) => {
        const result = await resolveSolver(solver, elastic.lp).solve(elastic.lp, {
          timeLimitMs: 10_000,
        });
        if (result.status !== "optimal") throw new Error(`${solver}: ${result.status}`);
        return diagnosePeriodicInfeasibility(elastic, result);
      };
      const [first, ...others] = await Promise.all(solvers.map(read));
      for (const other of others) {
        expect(other.missingT).toBeCloseTo(first?.missingT ?? Number.NaN, 6);
        expect(other.relaxation?.costOfRelaxedPlan).toBeCloseTo(150_000, 6);
        expect(other.relaxation?.changes.map((c) => [c.limit, c.id, c.period])).toEqual(
          first?.relaxation?.changes.map((c) => [c.limit, c.id, c.period]),
        );
      }
      expect(first?.solver).toBe(solvers[0]);
    },
  );

  it("prints each conflict and change with its period in the plan's text", async () => {
    const { network } = loadFixture("periods-infeasible-demand.json");
    const text = planToText(network, await solveNetwork(network));
    expect(text).toContain("Diagnosis:\n  - In p1 and p2: smelter x needs 750 t");
    expect(text).toContain(
      "  - in p2: raise plant a's capacity by 150 t (capacityProfile there from 1 to 1.5)",
    );
  });
});
