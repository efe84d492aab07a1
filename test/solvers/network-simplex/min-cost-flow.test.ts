import { describe, expect, it } from "vitest";
import {
  type MinCostFlowProblem,
  type MinCostFlowResult,
  solveMinCostFlow,
  solveMinCostFlowAsync,
  WarmMinCostFlow,
} from "../../../src/solvers/network-simplex/min-cost-flow.ts";
import { mulberry32, randomInt } from "../../support/random.ts";

type Arc = [source: number, target: number, cost: number, lower?: number, upper?: number];

function network(supply: number[], arcs: Arc[]): MinCostFlowProblem {
  return {
    nodeCount: supply.length,
    supply: Float64Array.from(supply),
    source: Int32Array.from(arcs.map((a) => a[0])),
    target: Int32Array.from(arcs.map((a) => a[1])),
    cost: Float64Array.from(arcs.map((a) => a[2])),
    lower: Float64Array.from(arcs.map((a) => a[3] ?? 0)),
    upper: Float64Array.from(arcs.map((a) => a[4] ?? Infinity)),
  };
}

function optimal(result: MinCostFlowResult) {
  if (result.status !== "optimal") throw new Error(`expected optimal, got ${result.status}`);
  return result;
}

/**
 * Certifies an answer without a reference solver: flows within bounds, conservation at every node,
 * and every arc's reduced cost of the sign its flow allows (which makes it a minimum).
 */
function expectCertifiedOptimum(
  problem: MinCostFlowProblem,
  result: MinCostFlowResult,
  tol = 1e-7,
) {
  const { flows, potentials, cost } = optimal(result);
  const balance = Float64Array.from(problem.supply);
  let total = 0;
  let boundViolation = 0;
  let signViolation = 0;
  for (let a = 0; a < problem.source.length; a++) {
    const x = flows[a] as number;
    const s = problem.source[a] as number;
    const t = problem.target[a] as number;
    const lower = problem.lower[a] as number;
    const upper = problem.upper[a] as number;
    boundViolation = Math.max(boundViolation, lower - x, x - upper);
    balance[s] = (balance[s] as number) - x;
    balance[t] = (balance[t] as number) + x;
    total += (problem.cost[a] as number) * x;
    const reduced =
      (problem.cost[a] as number) + (potentials[s] as number) - (potentials[t] as number);
    if (x > lower + tol) signViolation = Math.max(signViolation, reduced);
    if (x < upper - tol) signViolation = Math.max(signViolation, -reduced);
  }
  expect(boundViolation).toBeLessThanOrEqual(tol);
  expect(signViolation).toBeLessThanOrEqual(tol);
  expect(Math.max(0, ...balance.map(Math.abs))).toBeLessThanOrEqual(tol);
  expect(Math.abs(cost - total)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(total)));
}

/**
 * Solves `problem` from `warm`'s kept basis and cold: the two must end alike, and an optimum warm
 * must be certified and cost what the cold one does. Null when the cold solve is not optimal; else
 * how many of the solves started warm (0 or 1).
 */
async function warmAgainstCold(
  warm: WarmMinCostFlow,
  problem: MinCostFlowProblem,
): Promise<{ warmStarts: number } | null> {
  const before = warm.warmStarts;
  const again = await warm.solve(problem);
  const cold = solveMinCostFlow(problem);
  expect(again.status).toBe(cold.status);
  if (cold.status !== "optimal") return null;
  expectCertifiedOptimum(problem, again, 1e-6);
  expect(optimal(again).cost).toBeCloseTo(cold.cost, 6);
  return { warmStarts: warm.warmStarts - before };
}

// Plants A (0, 20 t) and B (1, 30 t) serve X (2, 10 t), Y (3, 25 t) and Z (4, 15 t).
const transportation = (extra: Partial<Record<"ayLower", number>> = {}) =>
  network(
    [20, 30, -10, -25, -15],
    [
      [0, 2, 2],
      [0, 3, 4, extra.ayLower ?? 0],
      [0, 4, 5],
      [1, 2, 3],
      [1, 3, 1],
      [1, 4, 7],
    ],
  );

describe("solveMinCostFlow", () => {
  it("solves a 2x3 transportation problem to its written-down optimum, exactly", () => {
    const problem = transportation();
    const result = optimal(solveMinCostFlow(problem));
    // B fills Y (25 at 1), A fills Z (15 at 5) and splits X with B: 25 + 75 + 10 + 15.
    expect(result.cost).toBe(125);
    expect(Array.from(result.flows)).toEqual([5, 0, 15, 5, 25, 0]);
    const p = result.potentials;
    // Prices relative to plant A: X costs 2 to reach, Z 5, and B sits 3 below X.
    expect([p[2], p[4], p[1], p[3]].map((x) => (x as number) - (p[0] as number))).toEqual([
      2, 5, -1, 0,
    ]);
    expectCertifiedOptimum(problem, result);
  });

  it("honours a lower bound, paying its reduced cost for every forced tonne", () => {
    const result = optimal(solveMinCostFlow(transportation({ ayLower: 5 })));
    // A->Y has reduced cost 4 at the unconstrained optimum, and 5 t stay within that basis.
    expect(result.cost).toBe(125 + 4 * 5);
    expect(result.flows[1]).toBe(5);
  });

  it("routes around a capacity over uncapacitated detours", () => {
    // s=0 needs to send 10 to t=3: via a=1 (cost 2, but s->a holds 6), direct (5, holds 3), or
    // via b=2 (cost 6, unlimited).
    const problem = network(
      [10, 0, 0, -10],
      [
        [0, 1, 1, 0, 6],
        [1, 3, 1],
        [0, 3, 5, 0, 3],
        [0, 2, 3],
        [2, 3, 3],
      ],
    );
    const result = optimal(solveMinCostFlow(problem));
    expect(result.cost).toBe(6 * 2 + 3 * 5 + 1 * 6);
    expect(Array.from(result.flows)).toEqual([6, 6, 3, 1, 1]);
    expectCertifiedOptimum(problem, result);
  });

  it("reports supplies that do not balance as infeasible", () => {
    const result = solveMinCostFlow(network([5, -4], [[0, 1, 1]]));
    expect(result.status).toBe("infeasible");
    if (result.status === "infeasible") expect(result.message).toMatch(/balance/);
  });

  it("reports a demand that the arc bounds cannot carry as infeasible", () => {
    const result = solveMinCostFlow(
      network(
        [5, 0, -5],
        [
          [0, 1, 1, 0, 3],
          [1, 2, 1, 0, 10],
        ],
      ),
    );
    expect(result.status).toBe("infeasible");
  });

  it("reports an arc with lower bound above upper bound as infeasible", () => {
    expect(solveMinCostFlow(network([0, 0], [[0, 1, 1, 3, 2]])).status).toBe("infeasible");
  });

  it("reports a negative cycle of unbounded capacity as unbounded", () => {
    const result = solveMinCostFlow(
      network(
        [1, 0, -1],
        [
          [0, 1, 1],
          [1, 2, -3],
          [2, 1, 1],
        ],
      ),
    );
    expect(result.status).toBe("unbounded");
  });

  it("calls a program infeasible even when it also has an unbounded negative cycle", () => {
    const result = solveMinCostFlow(
      network(
        [4, 0, -4, 0],
        [
          [0, 1, 1, 0, 2],
          [1, 2, 1, 0, 2],
          [3, 3, -1],
        ],
      ),
    );
    expect(result.status).toBe("infeasible");
  });

  it("saturates a negative cycle whose capacity is finite", () => {
    const problem = network(
      [0, 0, 0],
      [
        [0, 1, -2, 0, 4],
        [1, 2, 1],
        [2, 0, -1, 0, 7],
      ],
    );
    const result = optimal(solveMinCostFlow(problem));
    expect(result.cost).toBe(-2 * 4);
    expect(Array.from(result.flows)).toEqual([4, 4, 4]);
    expectCertifiedOptimum(problem, result);
  });

  it("fills the cheaper of two parallel arcs first", () => {
    const problem = network(
      [7, -7],
      [
        [0, 1, 3, 0, 10],
        [0, 1, 2, 0, 4],
      ],
    );
    const result = optimal(solveMinCostFlow(problem));
    expect(Array.from(result.flows)).toEqual([3, 4]);
    expect(result.cost).toBe(3 * 3 + 4 * 2);
  });

  it("runs a self-loop to its bound by the sign of its cost", () => {
    const result = optimal(
      solveMinCostFlow(
        network(
          [0],
          [
            [0, 0, -1, 0, 5],
            [0, 0, 2, 1, 5],
          ],
        ),
      ),
    );
    expect(Array.from(result.flows)).toEqual([5, 1]);
    expect(result.cost).toBe(-5 + 2);
    expect(solveMinCostFlow(network([0], [[0, 0, -1]])).status).toBe("unbounded");
  });

  it("keeps a fixed arc (lower = upper) at its value", () => {
    const problem = network(
      [3, -3],
      [
        [0, 1, 10, 2, 2],
        [0, 1, 1],
      ],
    );
    const result = optimal(solveMinCostFlow(problem));
    expect(Array.from(result.flows)).toEqual([2, 1]);
    expect(result.cost).toBe(21);
  });

  it("prices a degenerate problem without the artificial cost leaking into the potentials", () => {
    // Supplies and demands pair off exactly (5+5 = 5+5 and 5 = 5), so the optimal basis carries
    // zero flow on a tree arc; prices must still be those of real routes.
    const problem = network(
      [5, 5, -5, -5],
      [
        [0, 2, 1],
        [0, 3, 4],
        [1, 2, 3],
        [1, 3, 2],
      ],
    );
    const result = optimal(solveMinCostFlow(problem));
    expect(result.cost).toBe(5 * 1 + 5 * 2);
    const p = result.potentials;
    const spread = Math.max(...p) - Math.min(...p);
    expect(spread).toBeLessThanOrEqual(4);
    expectCertifiedOptimum(problem, result);
  });

  it("solves a program with nothing to move at zero cost", () => {
    const problem = network(
      [0, 0, 0],
      [
        [0, 1, 2],
        [1, 2, 3, 0, 4],
      ],
    );
    const result = optimal(solveMinCostFlow(problem));
    expect(result.cost).toBe(0);
    expect(Array.from(result.flows)).toEqual([0, 0]);
    expectCertifiedOptimum(problem, result);
  });

  it("solves fractional tonnes and prices to the cent", () => {
    const problem = network(
      [12.5, 7.25, -9.75, -10],
      [
        [0, 2, 10.1],
        [0, 3, 12.35],
        [1, 2, 9.99],
        [1, 3, 15.2, 0, 3.5],
      ],
    );
    const result = optimal(solveMinCostFlow(problem));
    // B sends 7.25 to X (cheapest), A the other 2.5 to X and 10 to Y.
    expect(result.cost).toBeCloseTo(7.25 * 9.99 + 2.5 * 10.1 + 10 * 12.35, 9);
    expectCertifiedOptimum(problem, result, 1e-9);
  });

  it("stops with timeLimit when the deadline has passed, and with cancelled when aborted", async () => {
    const problem = transportation();
    expect(solveMinCostFlow(problem, { deadline: 10, now: () => 10 }).status).toBe("timeLimit");
    const controller = new AbortController();
    controller.abort();
    expect(solveMinCostFlow(problem, { signal: controller.signal }).status).toBe("cancelled");
    expect((await solveMinCostFlowAsync(problem, { signal: controller.signal })).status).toBe(
      "cancelled",
    );
    expect(optimal(await solveMinCostFlowAsync(problem)).cost).toBe(125);
  });

  it("hands the event loop back between slices, where an abort stops it (seed 31)", async () => {
    // A 300 x 300 transportation problem takes more than one slice of work.
    const random = mulberry32(31);
    const size = 300;
    const supply = new Array<number>(2 * size).fill(0);
    for (let i = 0; i < size; i++) {
      const tonnes = randomInt(random, 1, 100);
      supply[i] = (supply[i] as number) + tonnes;
      const j = size + randomInt(random, 0, size - 1);
      supply[j] = (supply[j] as number) - tonnes;
    }
    const arcs: Arc[] = [];
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) arcs.push([i, size + j, randomInt(random, 1, 1000)]);
    }
    const problem = network(supply, arcs);
    // Each reading of this clock is 100 ms later, so every slice of 50 ms ends at its first look.
    const clock = () => {
      let t = 0;
      return () => (t += 100);
    };

    const controller = new AbortController();
    setImmediate(() => controller.abort());
    const aborted = solveMinCostFlowAsync(problem, {
      signal: controller.signal,
      now: clock(),
      sliceMs: 50,
    });
    expect((await aborted).status).toBe("cancelled");

    const result = await solveMinCostFlowAsync(problem, { now: clock(), sliceMs: 50 });
    expectCertifiedOptimum(problem, result);
  });

  it("rejects arcs that leave the node range", () => {
    expect(() => solveMinCostFlow(network([0, 0], [[0, 2, 1]]))).toThrow(RangeError);
  });

  it("certifies its optimum on 400 random networks (seed 20240611)", () => {
    const random = mulberry32(20240611);
    const statuses = new Map<string, number>();
    for (let instance = 0; instance < 400; instance++) {
      const n = randomInt(random, 2, 40);
      const fractional = random() < 0.3;
      const value = (low: number, high: number) =>
        fractional
          ? Math.round((low + random() * (high - low)) * 100) / 100
          : randomInt(random, low, high);
      const supply = Array.from({ length: n }, () => (random() < 0.5 ? 0 : value(-10, 10)));
      supply[n - 1] = (supply[n - 1] as number) - supply.reduce((sum, b) => sum + b, 0);
      // A two-way backbone of uncapacitated arcs makes most instances feasible.
      const backbone: Arc[] =
        random() < 0.8
          ? Array.from({ length: n - 1 }, (_, i): Arc[] => [
              [i, i + 1, value(5, 30)],
              [i + 1, i, value(5, 30)],
            ]).flat()
          : [];
      const arcs = Array.from({ length: randomInt(random, 0, 4 * n) }, (): Arc => {
        const lower = random() < 0.9 ? 0 : value(-3, 3);
        const upper = random() < 0.4 ? Infinity : lower + value(0, 25);
        const cost = random() < 0.97 ? value(0, 20) : value(-10, 0);
        return [randomInt(random, 0, n - 1), randomInt(random, 0, n - 1), cost, lower, upper];
      });
      const problem = network(supply, [...backbone, ...arcs]);
      const result = solveMinCostFlow(problem);
      statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
      if (result.status !== "optimal") continue;
      expectCertifiedOptimum(problem, result, 1e-6);
      if (!fractional) {
        expect(Number.isInteger(result.cost)).toBe(true);
        for (const x of result.flows) expect(Number.isInteger(x)).toBe(true);
      }
    }
    // The generator must exercise all three outcomes, optimal most.
    expect(statuses.get("optimal")).toBeGreaterThan(150);
    expect(statuses.get("infeasible")).toBeGreaterThan(10);
    expect(statuses.get("unbounded")).toBeGreaterThan(10);
  });
});

// The crash basis hangs each demand from supply nodes by paths of one or two arcs before pivoting.
describe("solveMinCostFlow from its crash basis", () => {
  it("needs no pivot when the cheapest paths already form the optimum", () => {
    // Ground 0 supplies 25 t; plants 1 (holds 12, makes at 3) and 2 (holds 25, makes at 5) serve
    // smelters 3 (10 t) and 4 (15 t); shortfall arcs ground -> smelter cost 100.
    const problem = network(
      [25, 0, 0, -10, -15],
      [
        [0, 1, 3, 0, 12],
        [0, 2, 5, 0, 25],
        [1, 3, 1],
        [1, 4, 4],
        [2, 3, 2],
        [2, 4, 1],
        [0, 3, 100, 0, 10],
        [0, 4, 100, 0, 15],
      ],
    );
    const result = optimal(solveMinCostFlow(problem));
    // 3 from plant 1 at 3 + 1, 4 from plant 2 at 5 + 1.
    expect(result.cost).toBe(10 * 4 + 15 * 6);
    expect(Array.from(result.flows)).toEqual([10, 15, 10, 0, 0, 15, 0, 0]);
    expect(result.pivots).toBe(0);
    expectCertifiedOptimum(problem, result);
  });

  it("splits a demand over a full feeding arc and re-hangs what hangs below it", () => {
    // Ground 0 supplies 20 t; plant 1 holds 6 at cost 1, plant 2 holds 30 at cost 4; smelters
    // 3 (4 t) and 4 (16 t), every lane at 1. Smelter 3 takes 4 of plant 1, smelter 4 the other 2,
    // which fills plant 1's arc (plant 1, with 3 below it, then hangs below 4), and 14 of plant 2.
    const problem = network(
      [20, 0, 0, -4, -16],
      [
        [0, 1, 1, 0, 6],
        [0, 2, 4, 0, 30],
        [1, 3, 1],
        [1, 4, 1],
        [2, 3, 1],
        [2, 4, 1],
        [0, 3, 50, 0, 4],
        [0, 4, 50, 0, 16],
      ],
    );
    const result = optimal(solveMinCostFlow(problem));
    expect(result.cost).toBe(6 * 2 + 14 * 5);
    expect(Array.from(result.flows)).toEqual([6, 14, 4, 2, 0, 14, 0, 0]);
    expect(result.pivots).toBe(0);
    expectCertifiedOptimum(problem, result);
  });

  it("leaves a full arc into a demand out of the tree at its upper bound", () => {
    const problem = network(
      [10, -10],
      [
        [0, 1, 1, 0, 4],
        [0, 1, 2, 0, 20],
      ],
    );
    const result = optimal(solveMinCostFlow(problem));
    expect(Array.from(result.flows)).toEqual([4, 6]);
    expect(result.cost).toBe(4 + 12);
    expect(result.pivots).toBe(0);
  });

  it("keeps the artificial arc for demand that no path of two arcs can carry", () => {
    // 0 -> 1 -> 3 carries 6 at 2; the other 4 need the three-arc path 0 -> 2 -> 4 -> 3 at 3.
    const problem = network(
      [10, 0, 0, -10, 0],
      [
        [0, 1, 1, 0, 6],
        [1, 3, 1],
        [0, 2, 1],
        [2, 4, 1],
        [4, 3, 1],
      ],
    );
    const result = optimal(solveMinCostFlow(problem));
    expect(result.cost).toBe(6 * 2 + 4 * 3);
    expect(Array.from(result.flows)).toEqual([6, 6, 4, 4, 4]);
    expect(result.pivots).toBeGreaterThan(0);
    expectCertifiedOptimum(problem, result);
  });

  it("still reports infeasible and unbounded programs it started on", () => {
    // Smelter 2 is placed whole; smelter 4 gets 3 of its 5 through 3 and cannot get the rest.
    const infeasible = network(
      [10, 0, -5, 0, -5],
      [
        [0, 1, 1],
        [1, 2, 1],
        [0, 3, 1, 0, 3],
        [3, 4, 1],
      ],
    );
    expect(solveMinCostFlow(infeasible).status).toBe("infeasible");
    // Smelter 1 is placed below 0, and the cycle 1 -> 2 -> 1 costs -2 and has no bound.
    const unbounded = network(
      [5, -5, 0],
      [
        [0, 1, 1],
        [1, 2, -3],
        [2, 1, 1],
      ],
    );
    expect(solveMinCostFlow(unbounded).status).toBe("unbounded");
  });

  it("certifies its optimum on 200 random ground-plant-smelter networks (seed 7321)", () => {
    // Tight plant and lane capacities make the crash split demands and re-hang plants often.
    const random = mulberry32(7321);
    const statuses = new Map<string, number>();
    for (let instance = 0; instance < 200; instance++) {
      const plantCount = randomInt(random, 1, 8);
      const smelterCount = randomInt(random, 1, 8);
      const ground = 0;
      const plant = (i: number) => 1 + i;
      const smelter = (j: number) => 1 + plantCount + j;
      const supply = new Array<number>(1 + plantCount + smelterCount).fill(0);
      const arcs: Arc[] = [];
      for (let i = 0; i < plantCount; i++)
        arcs.push([ground, plant(i), randomInt(random, 0, 50), 0, randomInt(random, 0, 40)]);
      for (let j = 0; j < smelterCount; j++) {
        const demand = randomInt(random, 1, 30);
        supply[smelter(j)] = -demand;
        supply[ground] = (supply[ground] as number) + demand;
        if (random() < 0.7) arcs.push([ground, smelter(j), 500, 0, demand]);
        for (let i = 0; i < plantCount; i++) {
          if (random() < 0.3) continue;
          const upper = random() < 0.7 ? Infinity : randomInt(random, 0, 20);
          arcs.push([plant(i), smelter(j), randomInt(random, 1, 20), 0, upper]);
        }
      }
      const problem = network(supply, arcs);
      const result = solveMinCostFlow(problem);
      statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
      if (result.status === "infeasible") continue;
      expectCertifiedOptimum(problem, result);
      for (const x of optimal(result).flows) expect(Number.isInteger(x)).toBe(true);
    }
    expect(statuses.get("optimal")).toBeGreaterThan(150);
  });
});

/** Supplies made to sum to 0 by the last node's. */
function balanced(supply: number[]): number[] {
  const last = supply.length - 1;
  supply[last] = (supply[last] as number) - supply.reduce((sum, b) => sum + b, 0);
  return supply;
}

/**
 * A random network of 2-30 nodes joined both ways along a path (so every supply can move), plus
 * random arcs, some bounded, some free of cost.
 */
function randomConnectedNetwork(random: () => number): MinCostFlowProblem {
  const n = randomInt(random, 2, 30);
  const supply = balanced(
    Array.from({ length: n }, () => (random() < 0.5 ? 0 : randomInt(random, -10, 10))),
  );
  const backbone = Array.from({ length: n - 1 }, (_, i): Arc[] => [
    [i, i + 1, randomInt(random, 5, 30)],
    [i + 1, i, randomInt(random, 5, 30)],
  ]).flat();
  const arcs = Array.from({ length: randomInt(random, 0, 4 * n) }, (): Arc => {
    const upper = random() < 0.4 ? Infinity : randomInt(random, 0, 25);
    return [
      randomInt(random, 0, n - 1),
      randomInt(random, 0, n - 1),
      randomInt(random, 0, 20),
      0,
      upper,
    ];
  });
  return network(supply, [...backbone, ...arcs]);
}

/**
 * For each of `instances` networks (`network()`: its base problem and how to change a problem),
 * solves the base warm, then `changes` problems one after another, each `next` of the one before
 * and each from the last basis against a cold solve (warmAgainstCold), until one is not optimal.
 * How many were compared, and how many of those started warm.
 */
async function warmChains(
  instances: number,
  changes: number,
  network: () => {
    base: MinCostFlowProblem;
    next: (last: MinCostFlowProblem) => MinCostFlowProblem;
  },
): Promise<{ compared: number; warmStarted: number }> {
  let compared = 0;
  let warmStarted = 0;
  for (let instance = 0; instance < instances; instance++) {
    const { base, next } = network();
    const warm = new WarmMinCostFlow();
    if ((await warm.solve(base)).status !== "optimal") continue;
    let problem = base;
    for (let change = 0; change < changes; change++) {
      problem = next(problem);
      const solved = await warmAgainstCold(warm, problem);
      if (!solved) break;
      warmStarted += solved.warmStarts;
      compared++;
    }
  }
  return { compared, warmStarted };
}

describe("WarmMinCostFlow", () => {
  it("re-solves with new costs from the last basis to certified optima equal to cold solves (200 networks x 5 cost changes, seed 77)", async () => {
    const random = mulberry32(77);
    const { compared } = await warmChains(200, 5, () => {
      const base = randomConnectedNetwork(random);
      // Costs moved, some by a fraction (inexact costs), some made negative: bounds and supplies kept.
      const next = () => ({
        ...base,
        cost: base.cost.map((c) =>
          random() < 0.5 ? c : random() < 0.3 ? c * (0.5 + random()) : c + randomInt(random, -8, 8),
        ),
      });
      return { base, next };
    });
    expect(compared).toBeGreaterThan(500);
  });

  it("re-solves with new supplies, bounds and costs from the last basis when it fits, to certified optima equal to cold solves (200 networks x 5 changes, seed 78)", async () => {
    const random = mulberry32(78);
    const { compared, warmStarted } = await warmChains(200, 5, () => {
      const base = randomConnectedNetwork(random);
      // Supplies moved a little, some bounds moved (or fixed), some costs moved.
      const next = () => {
        const moved = balanced(
          [...base.supply].map((b) => (random() < 0.3 ? b + randomInt(random, -3, 3) : b)),
        );
        const upper = base.upper
          .map((u) =>
            random() < 0.2
              ? u === Infinity
                ? randomInt(random, 5, 25)
                : u + randomInt(random, -3, 3)
              : u,
          )
          .map((u) => Math.max(0, u));
        const lower = base.lower.map((l, a) =>
          random() < 0.05 ? Math.min(2, upper[a] as number) : l,
        );
        const cost = base.cost.map((c) => (random() < 0.2 ? c + randomInt(random, -4, 4) : c));
        return { ...base, supply: Float64Array.from(moved), lower, upper, cost };
      };
      return { base, next };
    });
    expect(compared).toBeGreaterThan(300);
    // Every one of them started from the last basis (bounds never crossed here).
    expect(warmStarted).toBeGreaterThanOrEqual(compared);
  });

  it("re-fits a chain of fractional supply and bound changes given as the very arrays where unchanged, to certified optima equal to cold solves (100 networks x 8 changes, seed 79)", async () => {
    const random = mulberry32(79);
    // Each change from the last problem, not the first, so flows re-fitted from the last basis
    // pile up; fractional, so rounding does too. Arrays not changed are passed again as they are
    // (what retranslation does), so that rebase reads only the changes.
    const next = (problem: MinCostFlowProblem): MinCostFlowProblem => {
      const supply = balanced(
        [...problem.supply].map((b) => (random() < 0.3 ? b * (0.7 + 0.6 * random()) : b)),
      );
      const boundsMove = random() < 0.4;
      const upper = boundsMove
        ? problem.upper.map((u, a) =>
            random() < 0.1 ? Math.max(problem.lower[a] as number, u * (0.5 + random())) : u,
          )
        : problem.upper;
      const cost =
        random() < 0.3 ? problem.cost.map((c) => c * (0.9 + 0.2 * random())) : problem.cost;
      return { ...problem, supply: Float64Array.from(supply), upper, cost };
    };
    const { compared, warmStarted } = await warmChains(100, 8, () => ({
      base: randomConnectedNetwork(random),
      next,
    }));
    expect(compared).toBeGreaterThan(300);
    expect(warmStarted).toBeGreaterThanOrEqual(compared);
  });

  it("hands a lane's flow to a parallel arc that a change of tariffs made cheaper, without a pricing pivot", async () => {
    // Plant 0 sends 10 t to smelter 1 by rail (arc 0) or road (arc 1).
    const lanes = (rail: number, road: number) =>
      network(
        [10, -10],
        [
          [0, 1, rail],
          [0, 1, road],
        ],
      );
    const warm = new WarmMinCostFlow();
    expect(optimal(await warm.solve(lanes(5, 8))).flows).toEqual(Float64Array.from([10, 0]));
    const cheaperRoad = lanes(9, 8);
    const result = optimal(await warm.solve(cheaperRoad));
    expect(result.flows).toEqual(Float64Array.from([0, 10]));
    expect(result.pivots).toBe(0);
    expect(warm.warmStarts).toBe(1);
    expectCertifiedOptimum(cheaperRoad, result);
    // A cheaper arc with less room than the tree arc's is left to pricing: road carries 3 t at
    // most, so it fills and rail keeps the rest.
    const narrowRoad = network(
      [10, -10],
      [
        [0, 1, 9],
        [0, 1, 1, 0, 3],
      ],
    );
    const fresh = new WarmMinCostFlow();
    optimal(
      await fresh.solve(
        network(
          [10, -10],
          [
            [0, 1, 5],
            [0, 1, 8, 0, 3],
          ],
        ),
      ),
    );
    const narrow = optimal(await fresh.solve(narrowRoad));
    expect(narrow.flows).toEqual(Float64Array.from([7, 3]));
    expectCertifiedOptimum(narrowRoad, narrow);
  });

  it("re-solves tariff changes on networks of parallel lanes (two or three modes a pair, some capacitated) to certified optima equal to cold solves (150 networks x 5 changes, seed 80)", async () => {
    const random = mulberry32(80);
    const { compared } = await warmChains(150, 5, () => {
      const plants = randomInt(random, 1, 6);
      const smelters = randomInt(random, 1, 6);
      const supply = [
        ...Array.from({ length: plants }, () => randomInt(random, 10, 40)),
        ...Array.from({ length: smelters }, () => -randomInt(random, 1, 10)),
      ];
      const surplus = supply.reduce((sum, b) => sum + b, 0);
      supply.push(-Math.max(0, surplus));
      supply[0] = (supply[0] as number) - Math.min(0, surplus);
      const modes = randomInt(random, 2, 3);
      const arcs: Arc[] = [];
      const modeOf: number[] = [];
      for (let i = 0; i < plants; i++) {
        arcs.push([i, supply.length - 1, 0]);
        modeOf.push(-1);
        for (let j = 0; j < smelters; j++)
          for (let mode = 0; mode < modes; mode++) {
            const upper = random() < 0.3 ? randomInt(random, 0, 15) : Infinity;
            arcs.push([i, plants + j, randomInt(random, 1, 30), 0, upper]);
            modeOf.push(mode);
          }
      }
      const base = network(supply, arcs);
      // Each mode's tariff scaled by its own factor, as scaleModeCost does.
      const next = () => {
        const factors = Array.from({ length: modes }, () => 0.5 + random());
        return { ...base, cost: base.cost.map((c, a) => c * (factors[modeOf[a] as number] ?? 1)) };
      };
      return { base, next };
    });
    expect(compared).toBeGreaterThan(600);
  });

  it("starts warm when only costs, bounds or supplies changed, and cold when the arcs did", async () => {
    const warm = new WarmMinCostFlow();
    const base = transportation();
    optimal(await warm.solve(base));
    optimal(await warm.solve({ ...base, cost: base.cost.map((c) => c * 2) }));
    expect(warm.warmStarts).toBe(1);
    const bounded = transportation({ ayLower: 5 });
    expectCertifiedOptimum(bounded, await warm.solve(bounded));
    expect(warm.warmStarts).toBe(2);
    const rerouted = { ...bounded, target: Int32Array.from(bounded.target).reverse() };
    expect((await warm.solve(rerouted)).status).toBe(solveMinCostFlow(rerouted).status);
    expect(warm.warmStarts).toBe(2);
  });

  it("refuses a cost that is not finite as a cold solve does, whether only costs or supplies too changed", async () => {
    const base = transportation();
    const nan = Float64Array.from(base.cost, (c, a) => (a === 2 ? Number.NaN : c));
    const infinite = Float64Array.from(base.cost, (c, a) => (a === 0 ? Infinity : c));
    for (const cost of [nan, infinite]) {
      expect(() => solveMinCostFlow({ ...base, cost })).toThrow(RangeError);
      const warm = new WarmMinCostFlow();
      optimal(await warm.solve(base));
      await expect(warm.solve({ ...base, cost })).rejects.toThrow(RangeError);
      optimal(await warm.solve(base));
      const supply = Float64Array.from(base.supply, (b) => b * 2);
      await expect(warm.solve({ ...base, supply, cost })).rejects.toThrow(RangeError);
      expect(warm.warmStarts).toBe(0);
    }
  });

  it("starts cold and reports infeasibility when an arc's bounds cross", async () => {
    const warm = new WarmMinCostFlow();
    const base = transportation();
    optimal(await warm.solve(base));
    const crossed = { ...base, upper: Float64Array.from(base.upper, (u, a) => (a === 1 ? -1 : u)) };
    expect((await warm.solve(crossed)).status).toBe("infeasible");
    expect(warm.warmStarts).toBe(0);
  });
});
