import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildAllocationModel } from "../../../models/allocation/build.ts";
import { type Network, parseNetwork } from "../../../models/allocation/network.ts";
import { type Plan, planSchema } from "../../../models/allocation/plan-schema.ts";
import { solveNetwork } from "../../../src/solve/solve.ts";
import { networkSimplexSolver } from "../../../src/solvers/network-simplex/index.ts";
import { loadFixture } from "../../support/fixtures.ts";
import {
  costOf,
  expectFiniteDifferences,
  type Slopes,
  withCapacity,
  withDemand,
  withMinExport,
} from "../../support/perturb.ts";
import { mulberry32, randomInt } from "../../support/random.ts";
import { randomNetwork } from "../../support/random-networks.ts";

const solver = networkSimplexSolver;

function smelterSlopes(plan: Plan, s: number): Slopes {
  const row = plan.smelters[s];
  if (!row?.marginal?.range) throw new Error(`smelter ${s} has no range`);
  return {
    label: `smelter ${row.id}`,
    next: row.marginalCostPerT ?? null,
    previous: row.marginal.previousTonnePerT,
    degenerate: row.marginal.degenerate,
    range: row.marginal.range,
    maxUpT: Infinity,
    maxDownT: row.demandT,
  };
}

function capacitySlopes(network: Network, plan: Plan, p: number): Slopes {
  const row = plan.plants[p];
  if (!row?.capacityValue?.range) throw new Error(`plant ${p} has no range`);
  const negate = (x: number | null | undefined) => (x === null || x === undefined ? null : -x);
  return {
    label: `capacity of ${row.id}`,
    next: negate(row.capacityValuePerT),
    previous: negate(row.capacityValue.previousTonnePerT),
    degenerate: row.capacityValue.degenerate,
    range: row.capacityValue.range,
    maxUpT: Infinity,
    maxDownT: row.capacityT - (network.plants[p]?.minOutputT ?? 0),
  };
}

function portSlopes(network: Network, plan: Plan, k: number): Slopes {
  const row = plan.ports[k];
  if (!row?.marginal?.range) throw new Error(`port ${k} has no range`);
  const port = network.ports[k];
  return {
    label: `minimum export of ${row.id}`,
    next: row.marginalCostPerT ?? null,
    previous: row.marginal.previousTonnePerT,
    degenerate: row.marginal.degenerate,
    range: row.marginal.range,
    maxUpT: (port?.maxExportT ?? 0) - (port?.minExportT ?? 0),
    maxDownT: port?.minExportT ?? 0,
  };
}

/** Lowers one lane's cost in the LP by `byPerT` and returns its optimal flow. */
async function flowWithCheaperLane(network: Network, lane: string, byPerT: number) {
  const model = buildAllocationModel(network);
  const column = model.lp.columns.findIndex((c) => c.name === `flow:${lane}`);
  const target = model.lp.columns[column];
  if (!target) throw new Error(`no lane ${lane}`);
  // LP costs of maxMargin are negated costs: lowering the cost raises the coefficient there.
  target.cost += model.lp.sense === "max" ? byPerT : -byPerT;
  const result = await solver.solve(model.lp, { timeLimitMs: 30_000 });
  if (result.status !== "optimal") throw new Error(result.status);
  return result.columnValues[column] ?? 0;
}

const laneKey = (l: { from: string; to: string; mode: string }) => `${l.from}>${l.to}:${l.mode}`;

describe("marginal costs", () => {
  it("match the hand calculation on balanced.json, ranges included", async () => {
    const plan = await solveNetwork(loadFixture("balanced.json").network, { solver: "highs" });
    const [x, y] = plan.smelters;
    // x's next tonne: a is full, so a moves a tonne from y (saving 18) and b serves y (24).
    expect(x?.marginalCostPerT).toBeCloseTo(24 - 18 + 15, 9);
    expect(x?.marginal).toEqual({
      previousTonnePerT: expect.closeTo(21, 9),
      degenerate: false,
      range: { moreT: expect.closeTo(20, 9), fewerT: expect.closeTo(40, 9) },
    });
    expect(y?.marginalCostPerT).toBeCloseTo(24, 9);
    expect(y?.marginal?.range).toEqual({
      moreT: expect.closeTo(60, 9),
      fewerT: expect.closeTo(40, 9),
    });
    const [a, b] = plan.plants;
    expect(a?.capacityValuePerT).toBeCloseTo(6, 9);
    expect(a?.capacityValue?.range).toEqual({
      moreT: expect.closeTo(40, 9),
      fewerT: expect.closeTo(20, 9),
    });
    expect(b?.capacityValuePerT).toBe(0);
    expect(b?.capacityValue?.range).toEqual({ moreT: null, fewerT: expect.closeTo(60, 9) });
    expect(plan.provinces.find((p) => p.province === "East")?.marginalCostPerT).toBeCloseTo(21, 9);
    expect(plan.unusedLanes).toEqual([
      { from: "b", to: "x", mode: "rail", reducedCostPerT: expect.closeTo(6, 9) },
    ]);
    expect(x?.bestAlternative).toEqual({
      from: "b",
      mode: "rail",
      deliveredCostPerT: 27,
      reducedCostPerT: expect.closeTo(6, 9),
    });
    expect(planSchema.safeParse(plan).success).toBe(true);
  });

  it("report the next tonne where the dual is degenerate, and the last tonne beside it", async () => {
    // Plant a (cost 10) has exactly the 80 t smelter x needs; b (cost 30) is idle. Any price
    // between 15 and 35 supports this optimum; the next tonne costs 35, the last saved 15.
    const parsed = parseNetwork({
      name: "degenerate",
      modes: [{ id: "rail", fixedCostPerT: 0, costPerTKm: 0, co2KgPerTKm: 0 }],
      plants: [
        {
          id: "a",
          name: "A",
          province: "E",
          lat: 0,
          lon: 0,
          capacityT: 80,
          productionCostPerT: 10,
        },
        {
          id: "b",
          name: "B",
          province: "W",
          lat: 0,
          lon: 0,
          capacityT: 50,
          productionCostPerT: 30,
        },
      ],
      smelters: [{ id: "x", name: "X", province: "E", lat: 0, lon: 0, demandT: 80 }],
      lanes: [
        { from: "a", to: "x", mode: "rail", costPerT: 5 },
        { from: "b", to: "x", mode: "rail", costPerT: 5 },
      ],
    });
    if (!parsed.ok) throw new Error("invalid");
    for (const id of ["network-simplex", "highs"]) {
      const plan = await solveNetwork(parsed.network, { solver: id });
      const x = plan.smelters[0];
      expect(x?.marginalCostPerT, id).toBeCloseTo(35, 9);
      expect(x?.marginal, id).toEqual({
        previousTonnePerT: expect.closeTo(15, 9),
        degenerate: true,
        range: { moreT: expect.closeTo(50, 9), fewerT: 0 },
      });
      // Capacity is degenerate too: a's next tonne finds no demand, its last one saves 20.
      expect(plan.plants[0]?.capacityValuePerT, id).toBe(0);
      expect(plan.plants[0]?.capacityValue, id).toEqual({
        previousTonnePerT: expect.closeTo(20, 9),
        degenerate: true,
        range: { moreT: null, fewerT: 0 },
      });
      await expectFiniteDifferences(
        smelterSlopes(plan, 0),
        (d) => costOf(withDemand(parsed.network, 0, d), solver),
        1,
        1e-9,
      );
      await expectFiniteDifferences(
        capacitySlopes(parsed.network, plan, 0),
        (d) => costOf(withCapacity(parsed.network, 0, d), solver),
        1,
        1e-9,
      );
    }
  });

  it("are left out, and said to be, for a backend without duals", async () => {
    const plan = await solveNetwork(loadFixture("balanced.json").network, {
      solver: "javascript-lp-solver",
    });
    expect(plan.sensitivity?.status).toBe("unavailable");
    expect(plan.smelters.map((s) => s.marginalCostPerT)).toEqual([null, null]);
    expect(plan.plants.map((p) => p.capacityValuePerT)).toEqual([null, null]);
    expect(plan.unusedLanes).toEqual([]);
    expect(plan.unusedLaneCount).toBe(1);
    expect(plan.smelters[0]?.sources?.[0]).toMatchObject({ from: "a", deliveredCostPerT: 15 });
  });

  it.each([11, 12, 13, 14, 15, 16, 17, 18])(
    "hold by finite differences, range ends included, on random network seed %i",
    async (seed) => {
      const rng = mulberry32(seed);
      const network = randomNetwork(rng, seed % 2 === 0 ? "maxMargin" : "minCost");
      const plan = await solveNetwork(network, { solver: "network-simplex" });
      expect(plan.status).toBe("optimal");
      expect(plan.sensitivity?.status).toBe("exact");
      // The figures are the network's, not the backend's: HiGHS's duals give the same ones.
      const highs = await solveNetwork(network, { solver: "highs" });
      const figures = (p: Plan) => [
        ...p.smelters.map((s) => [s.marginalCostPerT, s.marginal]),
        ...p.ports.map((k) => [k.marginalCostPerT, k.marginal]),
        ...p.plants.map((q) => [q.capacityValuePerT, q.capacityValue]),
      ];
      expect(
        JSON.stringify(figures(highs), (_, v) => (typeof v === "number" ? +v.toFixed(6) : v)),
      ).toBe(JSON.stringify(figures(plan), (_, v) => (typeof v === "number" ? +v.toFixed(6) : v)));
      const step = 2.5; // data come in tens of tonnes, so segments are at least 10 t long
      for (let s = 0; s < network.smelters.length; s++)
        await expectFiniteDifferences(
          smelterSlopes(plan, s),
          (d) => costOf(withDemand(network, s, d), solver),
          step,
          1e-9,
        );
      for (let p = 0; p < network.plants.length; p++)
        await expectFiniteDifferences(
          capacitySlopes(network, plan, p),
          (d) => costOf(withCapacity(network, p, d), solver),
          step,
          1e-9,
        );
      for (let k = 0; k < network.ports.length; k++)
        await expectFiniteDifferences(
          portSlopes(network, plan, k),
          (d) => costOf(withMinExport(network, k, d), solver),
          step,
          1e-9,
        );
    },
  );
});

describe("reduced costs of unused lanes", () => {
  it.each([21, 22, 23, 24, 25, 26])(
    "are exact on random network seed %i: a lane cheaper by more is used, by less is not",
    async (seed) => {
      const network = randomNetwork(mulberry32(seed), seed % 2 === 0 ? "maxMargin" : "minCost");
      const plan = await solveNetwork(network, { solver: "network-simplex" });
      expect(plan.unusedLanes?.length).toBe(plan.unusedLaneCount);
      for (const lane of plan.unusedLanes ?? []) {
        if (lane.reducedCostPerT === null) continue;
        expect(lane.reducedCostPerT).toBeGreaterThanOrEqual(0);
        const margin = 0.25;
        expect(
          await flowWithCheaperLane(network, laneKey(lane), lane.reducedCostPerT + margin),
        ).toBeGreaterThan(1e-6);
        if (lane.reducedCostPerT > margin)
          expect(
            await flowWithCheaperLane(network, laneKey(lane), lane.reducedCostPerT - margin),
          ).toBe(0);
      }
    },
  );
});

describe("the default dataset (data/china-2024/network.json)", async () => {
  const raw = JSON.parse(
    readFileSync(join(import.meta.dirname, "../../../data/china-2024/network.json"), "utf8"),
  );
  const parsed = parseNetwork(raw);
  if (!parsed.ok) throw new Error("invalid dataset");
  const network = parsed.network;
  const plan = await solveNetwork(network, { solver: "network-simplex" });
  const smelterIndex = (province: string) =>
    network.smelters.findIndex((s) => s.province === province);

  it("prices the next tonne in Inner Mongolia, Yunnan and Shandong, holding by finite differences", async () => {
    for (const province of ["Inner Mongolia", "Yunnan", "Shandong"]) {
      const s = smelterIndex(province);
      await expectFiniteDifferences(
        smelterSlopes(plan, s),
        (d) => costOf(withDemand(network, s, d), solver),
        1000,
        1e-6,
      );
    }
    const cost = (province: string) => plan.smelters[smelterIndex(province)]?.marginalCostPerT ?? 0;
    // Deficit provinces pay freight from the east on top of the eastern marginal tonne.
    expect(cost("Inner Mongolia")).toBeGreaterThan(cost("Shandong") + 50);
    expect(cost("Yunnan")).toBeGreaterThan(cost("Shandong") + 50);
  });

  it("values binding capacity and minimum exports by finite differences", async () => {
    const rng = mulberry32(2024);
    const binding = plan.plants.flatMap((p, i) => ((p.capacityValuePerT ?? 0) > 0 ? [i] : []));
    const plants = [0, 1, 2].map(() => binding[randomInt(rng, 0, binding.length - 1)] as number);
    for (const p of new Set(plants))
      await expectFiniteDifferences(
        capacitySlopes(network, plan, p),
        (d) => costOf(withCapacity(network, p, d), solver),
        1000,
        1e-6,
      );
    const qingdao = network.ports.findIndex((k) => k.id === "port-qingdao");
    await expectFiniteDifferences(
      portSlopes(network, plan, qingdao),
      (d) => costOf(withMinExport(network, qingdao, d), solver),
      1000,
      1e-6,
    );
  });

  it("gives exact reduced costs (seed 7): lanes cheaper by more enter, by less stay out", async () => {
    const lanes = plan.unusedLanes ?? [];
    const positive = lanes.filter((l) => (l.reducedCostPerT ?? 0) > 0.05);
    const rng = mulberry32(7);
    const picked = [
      ...positive.slice(0, 3),
      ...[0, 1, 2].map(() => positive[randomInt(rng, 0, positive.length - 1)]),
    ];
    for (const lane of picked) {
      if (!lane || lane.reducedCostPerT === null) continue;
      expect(
        await flowWithCheaperLane(network, laneKey(lane), lane.reducedCostPerT + 0.01),
      ).toBeGreaterThan(0);
      expect(await flowWithCheaperLane(network, laneKey(lane), lane.reducedCostPerT - 0.01)).toBe(
        0,
      );
    }
  });

  it("lists at most unusedLanesTop lanes, smallest reduced cost first, and counts them all", async () => {
    const top = await solveNetwork(network, { solver: "network-simplex", unusedLanesTop: 20 });
    const costs = (top.unusedLanes ?? []).map((l) => l.reducedCostPerT ?? Infinity);
    expect(costs).toHaveLength(20);
    expect([...costs].sort((a, b) => a - b)).toEqual(costs);
    const lanes = network.plants.length * (network.smelters.length + network.ports.length) * 2;
    expect(top.unusedLaneCount).toBe(lanes - top.flows.length);
    expect(planSchema.safeParse(top).success).toBe(true);
  });
});
