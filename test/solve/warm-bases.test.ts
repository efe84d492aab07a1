import { describe, expect, it } from "vitest";
import { buildAllocationModel } from "../../models/allocation/build.ts";
import type { Network } from "../../models/allocation/network.ts";
import { applyChanges, type Change } from "../../models/allocation/scenario.ts";
import { referenceFlows } from "../../models/allocation/stable.ts";
import type { LinearProgram } from "../../models/lp.ts";
import { certificateFailure } from "../../models/lp-certificate.ts";
import { solveNetwork } from "../../src/solve/solve.ts";
import {
  basisBytes,
  createCertifiedWarmSimplex,
  shapeSignature,
  WarmBases,
  warmBases,
} from "../../src/solve/warm-bases.ts";
import { networkSimplexSolver } from "../../src/solvers/network-simplex/index.ts";
import { loadFixture } from "../support/fixtures.ts";
import { largestFlowDifference } from "../support/plan-flows.ts";
import { expectPlanInvariants } from "../support/plan-invariants.ts";
import { mulberry32, randomInt } from "../support/random.ts";
import { randomNetwork } from "../support/random-networks.ts";

const options = { timeLimitMs: 30_000 };

/** A cost, demand or capacity change of a random network: its shape stays. */
function randomChanges(rng: () => number, network: Network): Change[] {
  const smelter = network.smelters[randomInt(rng, 0, network.smelters.length - 1)];
  const plant = network.plants[randomInt(rng, 0, network.plants.length - 1)];
  const changes: Change[] = [
    { kind: "scaleModeCost", mode: "rail", factor: 0.5 + randomInt(rng, 0, 10) / 10 },
  ];
  if (smelter && rng() < 0.7)
    changes.push({
      kind: "scaleDemand",
      smelterId: smelter.id,
      factor: 0.5 + randomInt(rng, 0, 10) / 10,
    });
  if (plant && rng() < 0.5)
    changes.push({
      kind: "scalePlantCapacity",
      plantId: plant.id,
      factor: 0.6 + randomInt(rng, 0, 8) / 10,
    });
  return changes;
}

function changed(network: Network, changes: Change[]): Network {
  const applied = applyChanges(network, changes);
  if (!applied.ok) throw new Error(applied.issues[0]?.message);
  return applied.network;
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe("warm scenario plans (solveNetwork with a warmKey)", () => {
  it("agree with cold plans on 40 random networks x 5 scenarios (seed 1515): status, objective to 1e-6 relative, plan invariants", async () => {
    const rng = mulberry32(1515);
    let compared = 0;
    let warm = 0;
    for (let instance = 0; instance < 40; instance++) {
      const network = randomNetwork(rng, instance % 3 === 0 ? "maxMargin" : "minCost");
      const key = `random-${instance}`;
      const base = await solveNetwork(network, { ...options, warmKey: key });
      expect(base.solver.warmStart).toBe(false);
      const reference = base.status === "optimal" ? referenceFlows(base) : undefined;
      for (let k = 0; k < 5; k++) {
        const variant = changed(network, randomChanges(rng, network));
        const withReference = reference && k % 2 === 0 ? { reference } : {};
        const hot = await solveNetwork(variant, { ...options, ...withReference, warmKey: key });
        const cold = await solveNetwork(variant, { ...options, ...withReference });
        expect(hot.status).toBe(cold.status);
        expect(cold.solver.warmStart).toBeUndefined();
        if (hot.solver.warmStart) warm++;
        if (cold.status !== "optimal") continue;
        compared++;
        expectPlanInvariants(variant, hot);
        const hotObjective = hot.objective?.value ?? Number.NaN;
        const coldObjective = cold.objective?.value ?? Number.NaN;
        expect(relative(hotObjective, coldObjective)).toBeLessThanOrEqual(1e-6);
      }
    }
    // Every variant keeps the base's shape, so each starts from the last optimum.
    expect(compared).toBeGreaterThan(150);
    expect(warm).toBeGreaterThanOrEqual(compared);
  });

  it("give the cold plan lane by lane on the cities dataset when stabilised towards the baseline, and the same marginal costs", async () => {
    const network = loadFixture("../../data/china-2024-cities/network.json").network;
    const key = "cities";
    warmBases.clear();
    const base = await solveNetwork(network, { ...options, sensitivity: "off", warmKey: key });
    expect(base.status).toBe("optimal");
    const reference = referenceFlows(base);
    const rng = mulberry32(15);
    for (let k = 0; k < 4; k++) {
      const smelter = network.smelters[randomInt(rng, 0, network.smelters.length - 1)];
      const variant = changed(network, [
        { kind: "scaleModeCost", mode: "rail", factor: 0.8 + 0.1 * k },
        { kind: "scaleDemand", smelterId: smelter?.id ?? "", factor: 1.1 },
      ]);
      const hot = await solveNetwork(variant, { ...options, reference, warmKey: key });
      const cold = await solveNetwork(variant, { ...options, reference });
      expect(hot.solver.warmStart).toBe(true);
      expectPlanInvariants(variant, hot);
      expect(
        relative(hot.objective?.value ?? Number.NaN, cold.objective?.value ?? Number.NaN),
      ).toBeLessThanOrEqual(1e-6);
      expect(largestFlowDifference(hot, cold)).toBeLessThanOrEqual(1e-6);
      hot.smelters.forEach((row, s) => {
        const mine = row.marginalCostPerT;
        const other = cold.smelters[s]?.marginalCostPerT;
        if (typeof mine !== "number" || typeof other !== "number") expect(mine).toBe(other);
        else expect(relative(mine, other)).toBeLessThanOrEqual(1e-6);
      });
    }
    expect(warmBases.size().entries).toBe(1);
  });

  it("start cold, and keep a second basis, when a change alters the program's shape", async () => {
    const network = loadFixture("balanced.json").network;
    const bases = warmBases;
    bases.clear();
    const first = await solveNetwork(network, { ...options, warmKey: "shape" });
    const second = await solveNetwork(
      changed(network, [{ kind: "setCarbonPrice", carbonPricePerT: 50 }]),
      {
        ...options,
        warmKey: "shape",
      },
    );
    expect([first.solver.warmStart, second.solver.warmStart]).toEqual([false, true]);
    // A lane fewer: a column fewer, another shape.
    const closed = { ...network, lanes: network.lanes?.slice(1) };
    const third = await solveNetwork(closed, { ...options, warmKey: "shape" });
    expect(third.solver.warmStart).toBe(false);
    expect(bases.size().entries).toBe(2);
  });
});

describe("createCertifiedWarmSimplex", () => {
  it("marks each answer warm or cold, and its optima carry their certificate", async () => {
    const rng = mulberry32(77);
    const network = randomNetwork(rng, "minCost");
    const solver = createCertifiedWarmSimplex();
    const marks: (boolean | undefined)[] = [];
    for (let k = 0; k < 6; k++) {
      const lp = buildAllocationModel(
        k === 0 ? network : changed(network, randomChanges(rng, network)),
      ).lp;
      const result = await solver.solve(lp, options);
      marks.push(result.solver.warmStart);
      if (result.status !== "optimal" || !result.duals) throw new Error(result.status);
      expect(certificateFailure(lp, result.columnValues, result.duals)).toBeNull();
      const cold = await networkSimplexSolver.solve(lp, options);
      if (cold.status !== "optimal") throw new Error(cold.status);
      expect(relative(result.objective, cold.objective)).toBeLessThanOrEqual(1e-6);
    }
    expect(marks).toEqual([false, true, true, true, true, true]);
    expect(solver.holdsBasis()).toBe(true);
  });
});

describe("certificateFailure", () => {
  it("passes an optimum with its duals, and names what is wrong in a point moved off it or a dual of the wrong sign", async () => {
    const lp = buildAllocationModel(loadFixture("balanced.json").network).lp;
    const result = await networkSimplexSolver.solve(lp, options);
    if (result.status !== "optimal" || !result.duals) throw new Error(result.status);
    const { columnValues, duals } = result;
    expect(certificateFailure(lp, columnValues, duals)).toBeNull();
    // A used lane moved by a tonne breaks a balance row.
    const used = columnValues.findIndex((x) => x > 1);
    const moved = columnValues.map((x, j) => (j === used ? x + 1 : x));
    expect(certificateFailure(lp, moved, duals)).toMatch(/ lies outside \[/);
    // An unused lane priced as if it should carry more than it does.
    const unused = columnValues.findIndex((x, j) => x === 0 && lp.columns[j]?.upper === Infinity);
    const reducedCosts = duals.reducedCosts.map((d, j) => (j === unused ? -5 : d));
    expect(certificateFailure(lp, columnValues, { ...duals, reducedCosts })).toMatch(
      /has dual -5 but is not at its upper bound/,
    );
    expect(certificateFailure(lp, columnValues.slice(1), duals)).toMatch(/missing/);
  });
});

describe("WarmBases", () => {
  const program = (columns: number, cost = 1): LinearProgram => ({
    name: "p",
    sense: "min",
    columns: Array.from({ length: columns }, (_, j) => ({
      name: `x${j}`,
      lower: 0,
      upper: 10,
      cost: cost * (j + 1),
    })),
    rows: [
      {
        name: "r",
        terms: Array.from({ length: columns }, (_, j) => ({ column: j, coef: 1 })),
        lower: 5,
        upper: 5,
      },
    ],
  });

  it("signs the shape, not the costs, bounds and right-hand sides", () => {
    const a = program(3);
    const b = {
      ...program(3, 7),
      rows: [{ ...(a.rows[0] as LinearProgram["rows"][0]), lower: 8, upper: 8 }],
    };
    expect(shapeSignature(b)).toBe(shapeSignature(a));
    const coefficient = {
      ...a,
      rows: [
        {
          ...(a.rows[0] as LinearProgram["rows"][0]),
          terms: [
            { column: 0, coef: 2 },
            { column: 1, coef: 1 },
            { column: 2, coef: 1 },
          ],
        },
      ],
    };
    expect(shapeSignature(coefficient)).not.toBe(shapeSignature(a));
    const ranged = { ...a, rows: [{ ...(a.rows[0] as LinearProgram["rows"][0]), lower: 4 }] };
    expect(shapeSignature(ranged)).not.toBe(shapeSignature(a));
    expect(shapeSignature(program(4))).not.toBe(shapeSignature(a));
  });

  it("keeps only bases that hold an optimum, least recently used out first, within its entries and bytes", async () => {
    const bases = new WarmBases({ maxEntries: 2, maxBytes: 10 * basisBytes(program(3)) });
    const solveAndKeep = async (key: string, lp: LinearProgram) => {
      const taken = bases.take(key, lp);
      const result = await taken.solver.solve(lp, options);
      taken.done();
      return result.solver.warmStart;
    };
    expect(await solveAndKeep("a", program(3))).toBe(false);
    expect(await solveAndKeep("a", program(3, 2))).toBe(true);
    expect(await solveAndKeep("b", program(3))).toBe(false);
    expect(await solveAndKeep("c", program(3))).toBe(false);
    expect(bases.size().entries).toBe(2);
    // "a" was the least recently used: gone.
    expect(await solveAndKeep("a", program(3))).toBe(false);
    expect(await solveAndKeep("c", program(3, 3))).toBe(true);
    // An infeasible program leaves no basis to keep.
    const infeasible = {
      ...program(3),
      rows: [{ ...(program(3).rows[0] as LinearProgram["rows"][0]), lower: 99, upper: 99 }],
    };
    const taken = bases.take("c", infeasible);
    expect((await taken.solver.solve(infeasible, options)).status).toBe("infeasible");
    taken.done();
    expect(bases.size().entries).toBe(1);
    // Over the byte budget: not kept at all.
    const small = new WarmBases({ maxEntries: 2, maxBytes: basisBytes(program(3)) - 1 });
    const one = small.take("a", program(3));
    await one.solver.solve(program(3), options);
    one.done();
    expect(small.size()).toEqual({ entries: 0, bytes: 0 });
  });

  it("lends a basis to one solve at a time: a second solve of the same key meanwhile starts cold, and both bases are kept", async () => {
    const bases = new WarmBases();
    const first = bases.take("a", program(3));
    await first.solver.solve(program(3), options);
    first.done();
    const x = bases.take("a", program(3, 2));
    const y = bases.take("a", program(3, 3));
    expect(y.solver).not.toBe(x.solver);
    const [rx, ry] = await Promise.all([
      x.solver.solve(program(3, 2), options),
      y.solver.solve(program(3, 3), options),
    ]);
    expect([rx.solver.warmStart, ry.solver.warmStart]).toEqual([true, false]);
    x.done();
    y.done();
    // Both kept now, so two solves at once both start warm.
    expect(bases.size().entries).toBe(2);
    const [p, q] = [bases.take("a", program(3, 4)), bases.take("a", program(3, 5))];
    const [rp, rq] = await Promise.all([
      p.solver.solve(program(3, 4), options),
      q.solver.solve(program(3, 5), options),
    ]);
    expect([rp.solver.warmStart, rq.solver.warmStart]).toEqual([true, true]);
  });
});
