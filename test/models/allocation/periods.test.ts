import { describe, expect, it } from "vitest";
import {
  type Network,
  type NetworkInput,
  parseNetwork,
} from "../../../models/allocation/network.ts";
import { annualiseNetwork, buildPeriodicModel } from "../../../models/allocation/periods.ts";
import type { Plan } from "../../../models/allocation/plan-schema.ts";
import { isNetworkProgram } from "../../../models/lp.ts";
import { solveNetwork } from "../../../src/solve/solve.ts";
import { solverIds } from "../../../src/solvers/registry.ts";
import { fixtureFiles, loadFixture } from "../../support/fixtures.ts";
import { expectPlanInvariants } from "../../support/plan-invariants.ts";
import { mulberry32, randomInt } from "../../support/random.ts";
import { randomNetwork } from "../../support/random-networks.ts";

const tolT = 1e-6;
const periodicFixtures = [
  "periods-stock-build.json",
  "periods-stock-too-dear.json",
  "periods-port-stock.json",
];

function close(actual: number, expected: number, what: string) {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThan(
    1e-6 * Math.max(1, Math.abs(expected)),
  );
}

/** Each period balances at every node with its stocks, stocks stay in bounds, the year is cyclic. */
function expectPeriodInvariants(network: Network, plan: Plan) {
  const periods = plan.periods ?? [];
  expect(periods.map((p) => p.id)).toEqual(network.periods?.map((p) => p.id));
  const stock = (t: number, id: string) => periods[t]?.inventories.find((row) => row.id === id);
  const annualFlows = new Map<string, number>();
  periods.forEach((period, t) => {
    const shipped = new Map<string, number>();
    for (const f of period.flows) {
      const key = `${f.from}>${f.to}:${f.mode}`;
      annualFlows.set(key, (annualFlows.get(key) ?? 0) + f.tonnes);
      shipped.set(f.from, (shipped.get(f.from) ?? 0) + f.tonnes);
    }
    const change = (id: string) => (stock(t, id)?.closingT ?? 0) - (stock(t, id)?.openingT ?? 0);
    for (const row of period.plants) {
      expect(row.outputT).toBeLessThanOrEqual(row.capacityT + tolT);
      close(
        row.outputT,
        (shipped.get(row.id) ?? 0) + change(row.id),
        `plant ${row.id} in ${period.id}`,
      );
    }
    for (const row of period.smelters) {
      close(
        row.receivedT - change(row.id) + row.shortfallT,
        row.demandT,
        `smelter ${row.id} in ${period.id}`,
      );
    }
    for (const row of period.ports) {
      close(row.receivedT - change(row.id), row.exportT, `port ${row.id} in ${period.id}`);
      const min = Math.max(row.exportT, row.minExportT);
      close(row.exportT + row.shortfallT, min, `minimum export of ${row.id} in ${period.id}`);
      expect(row.exportT).toBeLessThanOrEqual(row.maxExportT + tolT);
    }
    for (const row of period.inventories) {
      expect(row.closingT).toBeGreaterThanOrEqual(-tolT);
      expect(row.closingT).toBeLessThanOrEqual(row.capacityT + tolT);
      const previous = stock((t + periods.length - 1) % periods.length, row.id);
      close(
        row.openingT,
        previous?.closingT ?? Number.NaN,
        `opening stock of ${row.id} in ${period.id}`,
      );
    }
  });
  for (const holder of periods.at(-1)?.inventories ?? []) {
    const node = [...network.plants, ...network.smelters, ...network.ports].find(
      (n) => n.id === holder.id,
    );
    close(holder.closingT, node?.inventory?.initialT ?? Number.NaN, `cyclic end of ${holder.id}`);
  }
  for (const f of plan.flows)
    close(annualFlows.get(`${f.from}>${f.to}:${f.mode}`) ?? 0, f.tonnes, "annual flow");
  expect(annualFlows.size).toBe(plan.flows.length);
  const holding = periods.reduce((sum, p) => sum + p.holdingCost, 0);
  close(plan.totals?.holdingCost ?? Number.NaN, holding, "holding cost");
}

function parsed(input: unknown): Network {
  const result = parseNetwork(input);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.network;
}

function issuesOf(input: unknown) {
  const result = parseNetwork(input);
  return result.ok ? [] : result.issues;
}

const base = (): NetworkInput =>
  JSON.parse(JSON.stringify(loadFixture("periods-stock-build.json").network));

describe("network periods, profiles and inventory", () => {
  it("rejects a profile with fewer multipliers than periods, naming the field", () => {
    const input = base();
    (input.plants[0] as { capacityProfile?: number[] }).capacityProfile = [1];
    expect(issuesOf(input)).toContainEqual({
      pointer: "/plants/0/capacityProfile",
      message: "capacityProfile has 1 multipliers but the network has 2 periods",
    });
  });

  it("rejects weights that do not sum to 1 within 1e-6", () => {
    const input = base();
    input.periods = [
      { id: "p1", weight: 0.5 },
      { id: "p2", weight: 0.49999 },
    ];
    const issues = issuesOf(input);
    expect(issues.map((i) => i.pointer)).toEqual(["/periods"]);
    expect(issues[0]?.message).toMatch(/sum to 0\.99999, not 1/);
    input.periods = [
      { id: "p1", weight: 0.5 },
      { id: "p2", weight: 0.5000004 },
    ];
    expect(issuesOf(input)).toEqual([]);
  });

  it("rejects an initial stock above the stock capacity", () => {
    const input = base();
    const smelter = input.smelters[0] as { inventory?: { initialT: number } };
    if (smelter.inventory) smelter.inventory.initialT = 301;
    expect(issuesOf(input)).toContainEqual({
      pointer: "/smelters/0/inventory/initialT",
      message: "initialT 301 exceeds capacityT 300",
    });
  });

  it("rejects profiles without periods, duplicate period ids and unknown inventory fields", () => {
    const noPeriods = base();
    delete noPeriods.periods;
    expect(issuesOf(noPeriods).map((i) => i.pointer)).toEqual(["/plants/0/capacityProfile"]);
    const duplicate = base();
    duplicate.periods = [
      { id: "p1", weight: 0.5 },
      { id: "p1", weight: 0.5 },
    ];
    expect(issuesOf(duplicate).map((i) => i.pointer)).toContain("/periods/1/id");
    const unknown = base();
    (unknown.smelters[0] as { inventory?: Record<string, unknown> }).inventory = {
      capacityT: 1,
      holdingCostPerTPerPeriod: 1,
      initialT: 0,
      safetyT: 1,
    };
    const issues = issuesOf(unknown);
    expect(issues.map((i) => i.pointer)).toEqual(["/smelters/0/inventory/safetyT"]);
    expect(issues[0]?.message).toMatch(/safetyT/);
  });

  it("expands to a pure network with a stock arc per holder and period, the last fixed at the initial stock", () => {
    const model = buildPeriodicModel(loadFixture("periods-stock-build.json").network);
    expect(isNetworkProgram(model.lp)).toBe(true);
    const stocks = model.lp.columns.filter((c) => c.name.startsWith("stock:"));
    expect(stocks.map((c) => [c.name, c.lower, c.upper, c.cost])).toEqual([
      ["stock:x@p1", 0, 300, 50],
      ["stock:x@p2", 0, 0, 50],
    ]);
    const output = model.lp.columns.filter((c) => c.name.startsWith("output:a@"));
    expect(output.map((c) => c.upper)).toEqual([800, 200]);
  });
});

describe("solving a network with periods", () => {
  const cases = periodicFixtures.flatMap((file) => solverIds.map((s) => [file, s] as const));

  it.each(cases)(
    "%s with %s balances every period, keeps stocks in bounds and ends the year where it began",
    async (file, solver) => {
      const { network } = loadFixture(file);
      const plan = await solveNetwork(network, { solver });
      expectPlanInvariants(network, plan);
      expectPeriodInvariants(network, plan);
    },
  );

  it("builds the stock in the cheap plant's strong period and draws it in its weak one", async () => {
    const plan = await solveNetwork(loadFixture("periods-stock-build.json").network);
    const closing = plan.periods?.map((p) => p.inventories[0]?.closingT);
    expect(closing).toEqual([300, 0]);
    expect(plan.periods?.map((p) => p.plants.map((row) => row.outputT))).toEqual([
      [800, 0],
      [200, 0],
    ]);
    close(plan.totals?.holdingCost ?? Number.NaN, 300 * 50, "holding cost");
  });

  it.each(["network-simplex", "highs"])(
    "prices the next tonne of each period's demand with %s: 250 CNY/t in period 1 (one tonne less stock, b in period 2), 300 in period 2 (b)",
    async (solver) => {
      const plan = await solveNetwork(loadFixture("periods-stock-build.json").network, { solver });
      const marginals = plan.periods?.map((p) => p.smelters[0]?.marginalCostPerT);
      expect(marginals?.[0]).toBeCloseTo(250, 6);
      expect(marginals?.[1]).toBeCloseTo(300, 6);
      expect(plan.sensitivity?.status).toBe("skipped");
      expect(plan.smelters[0]?.marginalCostPerT).toBeNull();
    },
  );

  it("skips the per-period marginal costs with sensitivity off, and says so", async () => {
    const plan = await solveNetwork(loadFixture("periods-stock-build.json").network, {
      sensitivity: "off",
    });
    expect(plan.periods?.map((p) => p.smelters[0]?.marginalCostPerT)).toEqual([null, null]);
    expect(plan.sensitivity?.note).toMatch(/per-period marginal costs .* were skipped too/);
  });

  it("plans two equal flat periods without stocks as the annual network does", async () => {
    const { network } = loadFixture("lane-capacity.json");
    const annual = await solveNetwork(network);
    const periodic = await solveNetwork({
      ...network,
      periods: [
        { id: "h1", weight: 0.5 },
        { id: "h2", weight: 0.5 },
      ],
    });
    close(
      periodic.objective?.value ?? Number.NaN,
      annual.objective?.value ?? Number.NaN,
      "objective",
    );
    expect(periodic.flows).toEqual(annual.flows);
    for (const period of periodic.periods ?? [])
      for (const f of period.flows)
        close(
          f.tonnes,
          (annual.flows.find((a) => a.from === f.from && a.mode === f.mode)?.tonnes ?? 0) / 2,
          "half",
        );
  });

  it("reports an infeasible period with its diagnosis, naming the period", async () => {
    const input = base();
    input.plants = input.plants.map((p) => ({ ...p, capacityProfile: [2, 0] }));
    delete (input.smelters[0] as { inventory?: unknown }).inventory;
    const plan = await solveNetwork(parsed(input));
    expect(plan.status).toBe("infeasible");
    expect(plan.periods).toBeUndefined();
    // Nothing can be made in p2 and x, without stock, needs 500 t there.
    expect(plan.diagnosis).toMatchObject({
      missingT: expect.closeTo(500, 6),
      periods: ["p2"],
      conflicts: [{ kind: "supply", period: "p2", missingT: expect.closeTo(500, 6) }],
    });
    expect(plan.diagnosis?.relaxation?.changes.every((c) => c.period === "p2")).toBe(true);
  });

  it.each(fixtureFiles.filter((f) => !loadFixture(f).network.periods))(
    "plans %s split into three flat periods at its annual optimum (status and objective)",
    async (file) => {
      const { network } = loadFixture(file);
      const annual = await solveNetwork(network);
      const periodic = await solveNetwork({
        ...network,
        periods: [
          { id: "q1", weight: 0.25 },
          { id: "q2", weight: 0.25 },
          { id: "h2", weight: 0.5 },
        ],
      });
      expect(periodic.status).toBe(annual.status);
      if (annual.status !== "optimal") return;
      const value = (plan: Plan) => plan.objective?.value ?? Number.NaN;
      close(value(periodic), value(annual), "objective");
      expectPlanInvariants(network, periodic);
    },
  );

  it("leaves a network without periods without periods[] or a holding cost", async () => {
    const plan = await solveNetwork(loadFixture("lane-capacity.json").network);
    expect(plan.periods).toBeUndefined();
    expect(plan.totals).not.toHaveProperty("holdingCost");
    expect(plan.sensitivity?.status).toBe("exact");
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    "network simplex and HiGHS agree on a random network of 3 periods with stocks (seed %i)",
    async (seed) => {
      const rng = mulberry32(seed);
      const network = randomNetwork(rng, seed % 2 === 0 ? "minCost" : "maxMargin");
      const profile = () => [0, 1, 2].map(() => randomInt(rng, 0, 4) / 2);
      const stock = () => ({
        capacityT: 10 * randomInt(rng, 0, 4),
        holdingCostPerTPerPeriod: randomInt(rng, 0, 5),
        initialT: 0,
      });
      const periodic = parsed({
        ...network,
        periods: [
          { id: "a", weight: 0.25 },
          { id: "b", weight: 0.25 },
          { id: "c", weight: 0.5 },
        ],
        // Without minimum outputs (which a period of low demand may not absorb) shortfall keeps it feasible.
        plants: network.plants.map((p) => ({
          ...p,
          minOutputT: 0,
          capacityProfile: profile(),
          inventory: stock(),
        })),
        smelters: network.smelters.map((s) => ({
          ...s,
          demandProfile: profile(),
          inventory: stock(),
        })),
        ports: network.ports.map((k) => ({ ...k, inventory: stock() })),
      });
      const [simplex, highs] = await Promise.all(
        ["network-simplex", "highs"].map((solver) => solveNetwork(periodic, { solver })),
      );
      expect(simplex?.status).toBe(highs?.status);
      // Shortfall is allowed, so every draw is feasible and the comparison never passes vacuously.
      expect(simplex?.status).toBe("optimal");
      if (!simplex || !highs) return;
      close(
        simplex.objective?.value ?? Number.NaN,
        highs.objective?.value ?? Number.NaN,
        "objective",
      );
      for (const plan of [simplex, highs]) {
        // The annual tables read the network with its profiles folded in (capacity Σ_t cap_pt, ...).
        expectPlanInvariants(annualiseNetwork(periodic), plan);
        expectPeriodInvariants(periodic, plan);
      }
    },
  );
});
