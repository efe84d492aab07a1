// Solver result -> plan: flows, totals and balances in the public plan format v1.
import type { LpResult } from "../lp.ts";
import type { AllocationModel } from "./build.ts";
import type { Mode, Plant, Port, Smelter } from "./network.ts";
import type { Plan, PlanFlow, PlanProvince, PlanTotals } from "./plan-schema.ts";

/** Flows below this many tonnes are solver noise, not shipments. */
export const flowToleranceT = 1e-6;

const clean = (value: number) => (Math.abs(value) < 1e-9 ? 0 : value);
const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);

export function interpretPlan(model: AllocationModel, result: LpResult): Plan {
  const { network } = model;
  const kind = network.options.objective;
  const base = {
    format: "anodeflow.plan/v1" as const,
    network: network.name,
    solver: result.solver,
  };
  if (result.status !== "optimal") {
    return {
      ...base,
      status: result.status,
      message: result.message,
      objective: null,
      totals: null,
      flows: [],
      plants: [],
      smelters: [],
      ports: [],
      provinces: [],
    };
  }

  const x = (column: number) => (column < 0 ? 0 : clean(result.columnValues[column] ?? 0));
  const receivedT = new Float64Array(network.smelters.length);
  const portInflowT = new Float64Array(network.ports.length);
  const flows: PlanFlow[] = [];
  const provinces = new Map<string, PlanProvince>();
  const province = (name: string) => {
    let row = provinces.get(name);
    if (!row) {
      row = {
        province: name,
        capacityT: 0,
        outputT: 0,
        demandT: 0,
        receivedT: 0,
        exportT: 0,
        netInflowT: 0,
      };
      provinces.set(name, row);
    }
    return row;
  };
  let transportCost = 0;
  let handlingCost = 0;
  let co2T = 0;

  model.lanes.forEach((lane, l) => {
    const tonnes = x(model.flowColumn[l] as number);
    if (tonnes <= flowToleranceT) return;
    const plant = network.plants[lane.plant] as Plant;
    const isPort = lane.destination.kind === "port";
    const to = isPort
      ? (network.ports[lane.destination.index] as Port)
      : (network.smelters[lane.destination.index] as Smelter);
    const flowCo2T = (tonnes * lane.co2KgPerT) / 1000;
    flows.push({
      from: plant.id,
      to: to.id,
      mode: (network.modes[lane.mode] as Mode).id,
      tonnes,
      distanceKm: lane.distanceKm,
      costPerT: lane.freightPerT,
      cost: tonnes * lane.freightPerT,
      co2T: flowCo2T,
    });
    transportCost += tonnes * lane.freightPerT;
    co2T += flowCo2T;
    if (isPort) {
      portInflowT[lane.destination.index] = (portInflowT[lane.destination.index] ?? 0) + tonnes;
      handlingCost += tonnes * (to as Port).handlingCostPerT;
      province(plant.province).exportT += tonnes;
    } else {
      receivedT[lane.destination.index] = (receivedT[lane.destination.index] ?? 0) + tonnes;
      if (plant.province !== to.province) {
        province(plant.province).netInflowT -= tonnes;
        province(to.province).netInflowT += tonnes;
      }
    }
  });

  let productionCost = 0;
  let capacityT = 0;
  let outputT = 0;
  let highEfficiencyOutputT = 0;
  const plants = network.plants.map((plant, p) => {
    const output = x(model.outputColumn[p] as number);
    productionCost += output * plant.productionCostPerT;
    capacityT += plant.capacityT;
    outputT += output;
    if (plant.highEfficiency) highEfficiencyOutputT += output;
    const row = province(plant.province);
    row.capacityT += plant.capacityT;
    row.outputT += output;
    return {
      id: plant.id,
      province: plant.province,
      capacityT: plant.capacityT,
      outputT: output,
      utilization: ratio(output, plant.capacityT),
    };
  });

  let demandT = 0;
  let deliveredT = 0;
  let shortfallT = 0;
  const smelters = network.smelters.map((smelter, s) => {
    const demand = model.demandT[s] as number;
    const received = receivedT[s] as number;
    const shortfall = Math.max(0, clean(demand - received));
    demandT += demand;
    deliveredT += received;
    shortfallT += shortfall;
    const row = province(smelter.province);
    row.demandT += demand;
    row.receivedT += received;
    return {
      id: smelter.id,
      province: smelter.province,
      demandT: demand,
      receivedT: received,
      shortfallT: shortfall,
    };
  });

  let exportT = 0;
  let exportRevenue = 0;
  const ports = network.ports.map((port, k) => {
    const exported = portInflowT[k] as number;
    const shortfall = Math.max(0, clean(port.minExportT - exported));
    exportT += exported;
    exportRevenue += exported * port.fobPricePerT;
    shortfallT += shortfall;
    return {
      id: port.id,
      province: port.province,
      exportT: exported,
      minExportT: port.minExportT,
      maxExportT: port.maxExportT,
      shortfallT: shortfall,
    };
  });

  const shortfallPenalty = shortfallT * network.options.shortfallPenaltyPerT;
  const carbonCost = co2T * network.options.carbonPricePerT;
  const totalCost = productionCost + transportCost + handlingCost + carbonCost + shortfallPenalty;
  const totals: PlanTotals = {
    productionCost,
    transportCost,
    handlingCost,
    carbonCost,
    exportRevenue,
    shortfallPenalty,
    totalCost,
    margin: exportRevenue - totalCost,
    capacityT,
    outputT,
    idleCapacityT: capacityT - outputT,
    utilization: ratio(outputT, capacityT),
    highEfficiencyOutputT,
    highEfficiencyShare: ratio(highEfficiencyOutputT, outputT),
    demandT,
    deliveredT,
    exportT,
    shortfallT,
    co2T,
  };

  return {
    ...base,
    status: "optimal",
    objective: { sense: model.lp.sense, kind, value: result.objective },
    totals,
    flows,
    plants,
    smelters,
    ports,
    provinces: [...provinces.values()].sort(
      (a, b) => b.capacityT - a.capacityT || a.province.localeCompare(b.province),
    ),
  };
}
