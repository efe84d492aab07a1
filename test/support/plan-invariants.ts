// Invariants every solved plan must satisfy: capacity, demand, conservation, and cost parts.
import { expect } from "vitest";
import { type Network, smelterDemandT } from "../../models/allocation/network.ts";
import type { Plan } from "../../models/allocation/plan-schema.ts";

const tolT = 1e-6;

function close(actual: number, expected: number, what: string) {
  const scale = Math.max(1, Math.abs(expected));
  expect(Math.abs(actual - expected) / scale, `${what}: ${actual} vs ${expected}`).toBeLessThan(
    1e-6,
  );
}

export function expectPlanInvariants(network: Network, plan: Plan) {
  expect(plan.status).toBe("optimal");
  const totals = plan.totals;
  if (!totals || !plan.objective) throw new Error("optimal plan without totals");

  const shipped = new Map<string, number>();
  const received = new Map<string, number>();
  for (const flow of plan.flows) {
    expect(flow.tonnes).toBeGreaterThan(0);
    shipped.set(flow.from, (shipped.get(flow.from) ?? 0) + flow.tonnes);
    received.set(flow.to, (received.get(flow.to) ?? 0) + flow.tonnes);
    close(flow.cost, flow.tonnes * flow.costPerT, `cost of ${flow.from}>${flow.to}`);
  }

  network.plants.forEach((plant, p) => {
    const row = plan.plants[p];
    expect(row?.id).toBe(plant.id);
    const output = row?.outputT ?? Number.NaN;
    expect(output).toBeLessThanOrEqual(plant.capacityT + tolT);
    expect(output).toBeGreaterThanOrEqual(plant.minOutputT - tolT);
    close(shipped.get(plant.id) ?? 0, output, `conservation at plant ${plant.id}`);
  });
  network.smelters.forEach((smelter, s) => {
    const row = plan.smelters[s];
    close(row?.demandT ?? Number.NaN, smelterDemandT(network, smelter), `demand of ${smelter.id}`);
    close(row?.receivedT ?? Number.NaN, received.get(smelter.id) ?? 0, `receipts at ${smelter.id}`);
    close(
      (row?.receivedT ?? 0) + (row?.shortfallT ?? 0),
      row?.demandT ?? 0,
      `demand ${smelter.id}`,
    );
    if (!network.options.allowShortfall) expect(row?.shortfallT).toBeLessThan(tolT);
  });
  network.ports.forEach((port, k) => {
    const row = plan.ports[k];
    const exported = row?.exportT ?? Number.NaN;
    close(exported, received.get(port.id) ?? 0, `exports through ${port.id}`);
    expect(exported).toBeLessThanOrEqual(port.maxExportT + tolT);
    // With periods the minimum holds per period (a port may be short in one, above it in another).
    if (!plan.periods)
      close(
        exported + (row?.shortfallT ?? 0),
        Math.max(exported, port.minExportT),
        `min ${port.id}`,
      );
  });

  const parts =
    totals.productionCost +
    totals.transportCost +
    totals.handlingCost +
    (totals.exportFreightCost ?? 0) +
    totals.carbonCost +
    totals.shortfallPenalty +
    (totals.holdingCost ?? 0) +
    (totals.surchargeCost ?? 0) +
    (totals.hubHandlingCost ?? 0);
  close(totals.totalCost, parts, "total cost = sum of parts");
  expectRouteInvariants(network, plan);
  close(
    totals.margin,
    totals.exportRevenue + (totals.domesticRevenue ?? 0) - totals.totalCost,
    "margin",
  );
  close(totals.co2TotalT ?? totals.co2T, totals.co2T + (totals.co2ProductionT ?? 0), "CO2 scopes");
  const sold = (plan.markets ?? []).reduce((sum, m) => sum + m.tonnes, 0);
  if (plan.markets) close(sold, totals.exportT, "exports through routed ports = market sales");
  const short = (plan.warnings ?? []).reduce((sum, w) => sum + w.tonnes, 0);
  close(short, totals.shortfallT, "warnings name every unmet tonne");
  close(
    plan.objective.value,
    plan.objective.kind === "minCost" ? totals.totalCost : totals.margin,
    "objective value agrees with the totals",
  );
  close(totals.outputT, totals.deliveredT + totals.exportT, "output = delivered + exported");

  let netInflow = 0;
  for (const row of plan.provinces) {
    close(row.outputT - row.exportT + row.netInflowT, row.receivedT, `balance of ${row.province}`);
    netInflow += row.netInflowT;
  }
  close(netInflow, 0, "net inter-provincial flows cancel");
  close(
    plan.provinces.reduce((sum, row) => sum + row.outputT, 0),
    totals.outputT,
    "provinces sum to total output",
  );
}

/**
 * Hubs, legs and corridors: every route runs plant -> hubs -> its destination leg by leg; what the
 * routes carry through a hub is its throughput (conservation at the hub), within its capacity; hub
 * handling is throughput x handling; a corridor's use is within its capacity.
 */
export function expectRouteInvariants(network: Network, plan: Plan) {
  if (!plan.hubs && !plan.corridors) return;
  const through = new Map<string, number>();
  for (const flow of plan.flows) {
    const route = flow.route ?? [];
    expect(route.length).toBeGreaterThan(0);
    expect(route[0]?.from).toBe(flow.from);
    expect(route.at(-1)?.to).toBe(flow.to);
    route.forEach((leg, i) => {
      if (i > 0) expect(leg.from).toBe(route[i - 1]?.to);
      if (i < route.length - 1) through.set(leg.to, (through.get(leg.to) ?? 0) + flow.tonnes);
    });
    close(
      flow.distanceKm,
      route.reduce((sum, leg) => sum + leg.km, 0),
      `km of ${flow.mode}`,
    );
    close(
      flow.costPerT,
      route.reduce((sum, leg) => sum + leg.costPerT, 0),
      `freight of ${flow.mode}`,
    );
  }
  let handling = 0;
  for (const hub of plan.hubs ?? []) {
    close(through.get(hub.id) ?? 0, hub.throughputT, `conservation at hub ${hub.id}`);
    if (hub.capacityT !== null) expect(hub.throughputT).toBeLessThanOrEqual(hub.capacityT + tolT);
    close(hub.handlingCost, hub.throughputT * hub.handlingCostPerT, `handling at ${hub.id}`);
    handling += hub.handlingCost;
  }
  expect(plan.hubs?.map((h) => h.id)).toEqual((network.hubs ?? []).map((h) => h.id));
  close(plan.totals?.hubHandlingCost ?? Number.NaN, handling, "hub handling");
  for (const corridor of plan.corridors ?? [])
    expect(corridor.usedT).toBeLessThanOrEqual(corridor.capacityT * (1 + 1e-9) + tolT);
}
