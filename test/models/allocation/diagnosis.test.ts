import { describe, expect, it } from "vitest";
import { buildElasticModel } from "../../../models/allocation/diagnosis.ts";
import type { RelaxationChange } from "../../../models/allocation/diagnosis-schema.ts";
import { type Network, parseNetwork, smelterDemandT } from "../../../models/allocation/network.ts";
import { planSchema } from "../../../models/allocation/plan-schema.ts";
import { isNetworkProgram } from "../../../models/lp.ts";
import { solveNetwork } from "../../../src/solve/solve.ts";
import { fixtureFiles, loadFixture } from "../../support/fixtures.ts";

/** The network with the relaxation's changes made, as a planner would make them. */
function relaxed(network: Network, changes: readonly RelaxationChange[]): Network {
  const next = structuredClone(network);
  for (const { limit, id, byT } of changes) {
    const plant = next.plants.find((p) => p.id === id);
    const smelter = next.smelters.find((s) => s.id === id);
    const port = next.ports.find((k) => k.id === id);
    if (limit === "capacity" && plant) plant.capacityT += byT;
    else if (limit === "minOutput" && plant) plant.minOutputT -= byT;
    else if (limit === "demand" && smelter) {
      smelter.demandT = smelterDemandT(next, smelter) - byT;
      smelter.aluminiumT = undefined;
    } else if (limit === "minExport" && port) port.minExportT -= byT;
    else if (limit === "maxExport" && port) port.maxExportT += byT;
    else if (limit === "co2Cap") next.options.co2CapT = (next.options.co2CapT ?? 0) + byT;
    else if (limit === "routeCapacity") {
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
      if (hub?.capacityT === undefined) throw new Error(`no capacity on hub ${id}`);
      hub.capacityT += byT;
    } else if (limit === "legCapacity") {
      const leg = next.legs?.find((l) => `${l.from}>${l.to}:${l.mode}` === id);
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

// Networks with periods change profiles, not annual figures: diagnosis-periods.test.ts.
const infeasibleFixtures = fixtureFiles.filter(
  (f) => loadFixture(f).expected.status === "infeasible" && !loadFixture(f).network.periods,
);

describe("infeasibility diagnosis", () => {
  it("keeps the elastic program a network, so the network simplex can solve it", () => {
    // Corridors are side constraints in the elastic program as in the plan's.
    const networks = infeasibleFixtures.filter((f) => !loadFixture(f).network.corridors);
    expect(networks.length).toBeGreaterThan(5);
    for (const file of networks) {
      expect(isNetworkProgram(buildElasticModel(loadFixture(file).network).lp), file).toBe(true);
    }
  });

  it.each(infeasibleFixtures)(
    "explains %s and its relaxation, once made, solves at the cost it states",
    async (file) => {
      const { network } = loadFixture(file);
      const plan = await solveNetwork(network);
      expect(plan.status).toBe("infeasible");
      expect(planSchema.safeParse(plan).success).toBe(true);
      const diagnosis = plan.diagnosis;
      if (!diagnosis?.relaxation) throw new Error("no relaxation");
      expect(diagnosis.summary.length).toBeGreaterThan(20);
      expect(diagnosis.conflicts.length).toBeGreaterThan(0);
      expect(diagnosis.missingT).toBeCloseTo(diagnosis.relaxation.totalT, 6);
      const fixed = await solveNetwork(relaxed(network, diagnosis.relaxation.changes));
      expect(fixed.status).toBe("optimal");
      expect(fixed.totals?.shortfallT).toBeCloseTo(0, 6);
      // costOfRelaxedPlan is in cost form: minus the margin under maxMargin.
      const sign = fixed.objective?.sense === "max" ? -1 : 1;
      expect(sign * (fixed.objective?.value ?? Number.NaN)).toBeCloseTo(
        diagnosis.relaxation.costOfRelaxedPlan,
        6,
      );
    },
  );

  it("names the plant and smelter when demand exceeds capacity, and raises the capacity", async () => {
    const plan = await solveNetwork(loadFixture("infeasible-demand.json").network);
    expect(plan.diagnosis).toMatchObject({
      missingT: 30,
      plants: ["a"],
      smelters: ["s"],
      ports: [],
      relaxation: { changes: [{ limit: "capacity", id: "a", byT: 30 }] },
    });
    expect(plan.diagnosis?.summary).toContain("Smelter s needs 80 t");
    expect(plan.diagnosis?.summary).toContain("only 50 t: 30 t missing");
  });

  it("finds minimum output with nowhere to go, and where it could have gone", async () => {
    const plan = await solveNetwork(loadFixture("infeasible-min-output.json").network);
    expect(plan.diagnosis).toMatchObject({
      missingT: 30,
      plants: ["a"],
      smelters: ["s"],
      ports: ["q"],
      conflicts: [{ kind: "absorption" }],
      relaxation: { changes: [{ limit: "minOutput", id: "a", byT: 30 }] },
    });
    expect(plan.diagnosis?.summary).toContain("can take only 70 t");
  });

  it("counts minimum exports with demand when they exceed what plants can supply", async () => {
    const plan = await solveNetwork(loadFixture("infeasible-min-export.json").network);
    expect(plan.diagnosis).toMatchObject({
      missingT: 30,
      plants: ["a"],
      smelters: ["s"],
      ports: ["q"],
      relaxation: { changes: [{ limit: "capacity", id: "a", byT: 30 }] },
    });
    expect(plan.diagnosis?.summary).toContain("need 130 t");
  });

  it("says when closed lanes cut a smelter off and opens the cheapest lane", async () => {
    const plan = await solveNetwork(loadFixture("infeasible-closed-lanes.json").network);
    expect(plan.diagnosis).toMatchObject({
      missingT: 80,
      smelters: ["t"],
      lanes: ["b>t:rail"],
      relaxation: { changes: [{ limit: "closedLane", id: "b>t:rail", byT: 80 }] },
    });
    expect(plan.diagnosis?.summary).toContain("no open lane reaches it");
  });

  it("prices unmet demand at the shortfall penalty, so it is chosen only when cheaper", async () => {
    const { network } = loadFixture("infeasible-demand.json");
    // Capacity costs 10 (lane) per tonne more: dearer than a 5 CNY/t penalty, cheaper than 20 000.
    network.options.shortfallPenaltyPerT = 5;
    const plan = await solveNetwork(network);
    expect(plan.diagnosis?.relaxation?.changes).toMatchObject([
      { limit: "demand", id: "s", byT: 30 },
    ]);
  });

  it("diagnoses a CO2 cap below the least CO2 a plan can emit", async () => {
    const parsed = parseNetwork({
      ...loadFixture("balanced.json").network,
      options: { co2CapT: 0.1, allowShortfall: false },
    });
    if (!parsed.ok) throw new Error("invalid");
    const plan = await solveNetwork(parsed.network);
    expect(plan.status).toBe("infeasible");
    const conflict = plan.diagnosis?.conflicts.find((c) => c.kind === "co2");
    expect(conflict?.missingT).toBeGreaterThan(0.01);
    expect(plan.diagnosis?.relaxation?.changes).toMatchObject([{ limit: "co2Cap" }]);
    const fixed = await solveNetwork(
      relaxed(parsed.network, plan.diagnosis?.relaxation?.changes ?? []),
    );
    expect(fixed.status).toBe("optimal");
    // The relaxed plan emits exactly the raised cap: the least CO2 any plan can emit.
    expect(fixed.totals?.co2T).toBeCloseTo(0.1 + (conflict?.missingT ?? 0), 6);
  });

  it("names the export market whose tiers cannot take a port's minimum export, with its tonnes", async () => {
    const { network } = loadFixture("infeasible-market-limit.json");
    const plan = await solveNetwork(network);
    const market = network.markets?.[0];
    const port = network.ports[0];
    const limitT = market?.tiers.at(-1)?.upToT ?? Number.NaN;
    const missingT = (port?.minExportT ?? Number.NaN) - limitT;
    expect(plan.diagnosis).toMatchObject({
      missingT: expect.closeTo(missingT, 6),
      ports: ["q"],
      markets: ["gulf"],
      conflicts: [
        {
          kind: "absorption",
          ports: ["q"],
          quays: [
            {
              port: "q",
              minExportT: port?.minExportT,
              tonnes: expect.closeTo(port?.minExportT ?? 0, 6),
            },
          ],
          markets: [{ id: "gulf", tonnes: expect.closeTo(limitT, 6), limitT }],
        },
      ],
      relaxation: {
        changes: [{ limit: "marketCapacity", id: "gulf", byT: expect.closeTo(missingT, 6) }],
      },
    });
    expect(plan.diagnosis?.summary).toContain(`Port q must export at least ${port?.minExportT} t`);
    expect(plan.diagnosis?.summary).toContain(`export market gulf: at most ${limitT} t`);
  });

  it("names a full export route when a port's minimum export exceeds what the route carries", async () => {
    const { network } = loadFixture("infeasible-route-capacity.json");
    const plan = await solveNetwork(network);
    const capacityT = network.exportRoutes?.[0]?.capacityT ?? Number.NaN;
    const missingT = (network.ports[0]?.minExportT ?? Number.NaN) - capacityT;
    expect(plan.diagnosis).toMatchObject({
      missingT: expect.closeTo(missingT, 6),
      routes: ["q>gulf"],
      conflicts: [
        {
          kind: "absorption",
          quays: [{ port: "q", tonnes: expect.closeTo(capacityT, 6) }],
          routes: ["q>gulf"],
        },
      ],
      relaxation: {
        changes: [{ limit: "routeCapacity", id: "q>gulf", byT: expect.closeTo(missingT, 6) }],
      },
    });
    expect(plan.diagnosis?.summary).toContain(`full export route q>gulf: ${capacityT} t`);
  });

  it("counts a port behind export markets at what its markets take, not at its throughput", async () => {
    const { network } = loadFixture("infeasible-min-output-markets.json");
    const plan = await solveNetwork(network);
    const [plant, smelter, port] = [network.plants[0], network.smelters[0], network.ports[0]];
    const marketT = network.markets?.[0]?.tiers.at(-1)?.upToT ?? Number.NaN;
    // Below the port's throughput: the market is the limit.
    expect(marketT).toBeLessThan(port?.maxExportT ?? 0);
    const takesT = (smelter?.demandT ?? Number.NaN) + marketT;
    expect(plan.diagnosis).toMatchObject({
      missingT: expect.closeTo((plant?.minOutputT ?? Number.NaN) - takesT, 6),
      plants: ["a"],
      smelters: ["s"],
      ports: ["q"],
      markets: ["gulf"],
      conflicts: [{ kind: "absorption", markets: [{ id: "gulf", limitT: marketT }] }],
    });
    expect(plan.diagnosis?.summary).toContain(`takes only ${takesT} t`);
  });

  it("relaxes a port's throughput through its quay, so the relaxed tonnes still reach a market", async () => {
    const { network } = loadFixture("infeasible-port-throughput-markets.json");
    const plan = await solveNetwork(network);
    expect(plan.diagnosis?.relaxation?.changes).toMatchObject([{ limit: "maxExport", id: "q" }]);
    // The conflict ends at the port's throughput: no market or route is in it.
    expect(plan.diagnosis).toMatchObject({ ports: ["q"], markets: [], routes: [] });
    expect(plan.diagnosis?.summary).toContain(
      `can take only ${(network.smelters[0]?.demandT ?? 0) + (network.ports[0]?.maxExportT ?? 0)} t`,
    );
  });

  it("adds no export fields to the diagnosis of a network without export markets", async () => {
    const plan = await solveNetwork(loadFixture("infeasible-min-output.json").network);
    expect(plan.diagnosis).not.toHaveProperty("markets");
    expect(plan.diagnosis?.conflicts[0]).not.toHaveProperty("quays");
  });
});

describe("infeasibility diagnosis with hubs, legs and corridors", () => {
  it.each([
    ["infeasible-hub-capacity.json", "hubCapacity", "f", 200],
    ["infeasible-leg-capacity.json", "legCapacity", "a>f:coastal", 150],
    ["infeasible-corridor.json", "corridorCapacity", "sea", 100],
  ] as const)("%s names the %s of %s and by how much (%d t)", async (file, limit, id, byT) => {
    const plan = await solveNetwork(loadFixture(file).network);
    expect(plan.status).toBe("infeasible");
    const changes = plan.diagnosis?.relaxation?.changes ?? [];
    expect(changes.map((c) => [c.limit, c.id])).toEqual([[limit, id]]);
    expect(changes[0]?.byT).toBeCloseTo(byT, 6);
    expect(changes[0]?.description).toContain(id);
    expect(plan.diagnosis?.relaxation?.costOfRelaxedPlan).toBeCloseTo(150_000, 6);
    if (limit === "corridorCapacity") {
      const conflict = plan.diagnosis?.conflicts.find((c) => c.kind === "corridor");
      expect(conflict?.lanes).toEqual(["a>f:coastal"]);
      expect(conflict?.missingT).toBeCloseTo(100, 6);
    }
  });
});
