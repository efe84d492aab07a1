import { describe, expect, it } from "vitest";
import { buildAllocationModel } from "../../../models/allocation/build.ts";
import { type Network, parseNetwork } from "../../../models/allocation/network.ts";
import { isNetworkProgram } from "../../../models/lp.ts";
import { planToText } from "../../../src/report/plan-text.ts";
import { solveNetwork } from "../../../src/solve/solve.ts";
import { solverIds } from "../../../src/solvers/registry.ts";
import { loadFixture } from "../../support/fixtures.ts";

const pointers = (input: unknown) => {
  const result = parseNetwork(input);
  return result.ok ? [] : result.issues.map((i) => i.pointer);
};

const withMarkets = (changes: Partial<Network>) => {
  const { network } = loadFixture("export-market-tiers.json");
  return { ...network, ...changes };
};

describe("export markets in the network format", () => {
  it("rejects tiers that are not a concave curve, naming each field", () => {
    const network = withMarkets({
      markets: [
        {
          id: "gulf",
          name: "Gulf",
          tiers: [{ pricePerT: 400 }, { upToT: 10, pricePerT: 500 }],
        },
      ],
    });
    expect(pointers(network)).toEqual(
      expect.arrayContaining(["/markets/0/tiers/0/upToT", "/markets/0/tiers/1/pricePerT"]),
    );
  });

  it("rejects routes to unknown ports and markets, and duplicates", () => {
    const { exportRoutes = [] } = withMarkets({});
    const network = withMarkets({
      exportRoutes: [
        ...exportRoutes,
        { port: "nowhere", market: "gulf", freightPerT: 1 },
        { port: "q", market: "mars", freightPerT: 1 },
        { port: "q", market: "gulf", freightPerT: 2 },
      ],
    });
    expect(pointers(network)).toEqual([
      "/exportRoutes/2/port",
      "/exportRoutes/3/market",
      "/exportRoutes/4",
    ]);
  });

  it("rejects an unknown field inside a market tier", () => {
    const input = JSON.parse(JSON.stringify(withMarkets({})));
    input.markets[0].tiers[0].priceFob = 1;
    expect(pointers(input)).toEqual(["/markets/0/tiers/0/priceFob"]);
  });

  it("keeps the program a network: tiers are parallel arcs from the market to the ground", () => {
    expect(isNetworkProgram(buildAllocationModel(withMarkets({})).lp)).toBe(true);
  });
});

describe("a network without the new fields", () => {
  it("plans as before when markets and routes are empty lists", async () => {
    const { network } = loadFixture("max-margin-choice.json");
    const before = await solveNetwork(network);
    const after = await solveNetwork({ ...network, markets: [], exportRoutes: [] });
    expect(after.objective?.value).toBeCloseTo(before.objective?.value ?? Number.NaN, 9);
    expect(after.flows).toEqual(before.flows);
    expect(after.markets).toBeUndefined();
    expect(after.totals?.exportFreightCost).toBe(0);
    expect(after.totals?.domesticRevenue).toBe(0);
  });
});

describe("export markets in a plan", () => {
  it.each(solverIds)(
    "sell tier by tier with %s: the throughput cuts the second gulf tier",
    async (solver) => {
      const plan = await solveNetwork(withMarkets({}), { solver });
      const gulf = plan.markets?.find((m) => m.id === "gulf");
      expect(gulf?.tiers.map((t) => t.tonnes)).toEqual([
        expect.closeTo(20, 6),
        expect.closeTo(20, 6),
      ]);
      expect(gulf?.marginalPricePerT).toBe(250);
      expect(plan.totals?.exportFreightCost).toBeCloseTo(40 * 50 + 10 * 80, 6);
      expect(plan.totals?.domesticRevenue).toBeCloseTo(30 * 200, 6);
    },
  );

  it("export nothing under minCost, where revenue does not count, unless a minimum asks", async () => {
    const network = withMarkets({});
    const plan = await solveNetwork({
      ...network,
      options: { ...network.options, objective: "minCost" },
    });
    expect(plan.totals?.exportT).toBeCloseTo(0, 6);
    const replay = await solveNetwork({
      ...network,
      ports: network.ports.map((p) => ({ ...p, minExportT: 15 })),
      options: { ...network.options, objective: "minCost" },
    });
    // The 15 t go by the cheaper route (gulf, 50 CNY/t) and still earn its tier price.
    expect(replay.markets?.find((m) => m.id === "gulf")?.tonnes).toBeCloseTo(15, 6);
    expect(replay.totals?.exportRevenue).toBeCloseTo(15 * 400, 6);
  });

  it("price production CO2 into where anodes are made, and a cap counts it", async () => {
    const { network } = loadFixture("production-co2.json");
    const free = await solveNetwork({
      ...network,
      options: { ...network.options, carbonPricePerT: 0 },
    });
    expect(free.flows.find((f) => f.from === "a")?.tonnes).toBeCloseTo(50, 6);
    expect(free.totals?.co2ProductionT).toBeCloseTo(45, 6);
    const capped = await solveNetwork({
      ...network,
      options: { ...network.options, carbonPricePerT: 0, co2CapT: 35 },
    });
    // 40 t from b (0.5 t/t) and 10 from a (0.9 t/t) emit 29 t; the cap of 35 allows a 25 t from a:
    // 25 x 0.9 + 25 x 0.5 = 35, the cheapest mix within it.
    expect(capped.totals?.co2TotalT).toBeCloseTo(35, 6);
    expect(capped.flows.find((f) => f.from === "a")?.tonnes).toBeCloseTo(25, 6);
  });
});

describe("warnings", () => {
  it("come first in the CLI text, one line per unmet smelter and port", async () => {
    const { network } = loadFixture("shortfall-warnings.json");
    const text = planToText(network, await solveNetwork(network)).split("\n");
    expect(text[1]).toMatch(/^WARNING unmetDemand s: .*10 t/);
    expect(text[2]).toMatch(/^WARNING unmetMinimumExport q: .*5 t/);
  });

  it("are empty for a plan that meets every demand and minimum", async () => {
    const plan = await solveNetwork(loadFixture("balanced.json").network);
    expect(plan.warnings).toEqual([]);
  });
});
