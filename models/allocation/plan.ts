// Solver result -> plan: flows, totals, balances and the economics behind them, in the public plan format v1.
import type { LpResult } from "../lp.ts";
import type { AllocationModel, LaneTerms } from "./build.ts";
import type { Diagnosis } from "./diagnosis-schema.ts";
import type { Mode, Plant, Port, Smelter } from "./network.ts";
import { interpretMarkets, shortfallWarnings } from "./plan-markets.ts";
import type {
  Plan,
  PlanFlow,
  PlanProvince,
  PlanSource,
  PlanTotals,
  PlanUnusedLane,
} from "./plan-schema.ts";
import { computeSensitivity, deliveredCostPerT, type Marginal } from "./sensitivity.ts";

/** Flows below this many tonnes are solver noise, not shipments. */
export const flowToleranceT = 1e-6;

const clean = (value: number) => (Math.abs(value) < 1e-9 ? 0 : value);
const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
const finiteOrNull = (value: number) => (Number.isFinite(value) ? clean(value) : null);

export interface InterpretOptions {
  /** Most unused lanes listed in the plan, smallest reduced cost first (default 500). */
  unusedLanesTop?: number;
  /** Whether to run the sensitivity analysis (default "auto"; see `runsSensitivity`). */
  sensitivity?: SensitivityMode;
  /** The lane count up to which "auto" runs the analysis (default `sensitivityAutoMaxLanes`). */
  sensitivityAutoMaxLanes?: number;
  /** Attached to a plan that is not optimal (see diagnosis.ts). */
  diagnosis?: Diagnosis | null;
}

export const defaultUnusedLanesTop = 500;

/**
 * Whether a solve runs the sensitivity analysis: "full" always, "off" never, "auto" (the default)
 * up to `sensitivityAutoMaxLanes` lanes. The analysis costs more than the solve on a huge network
 * (a 1M-lane network: 2-5 s of solve, ~28 s of analysis), so "auto" returns such a plan without it.
 */
export const sensitivityModes = ["auto", "full", "off"] as const;
export type SensitivityMode = (typeof sensitivityModes)[number];

/** "auto" runs the analysis on networks with at most this many lanes, explicit or implied. */
export const sensitivityAutoMaxLanes = 100_000;

/** The decision behind `sensitivity`: true when the analysis runs on a network of `laneCount` lanes. */
export function runsSensitivity(
  mode: SensitivityMode,
  laneCount: number,
  autoMaxLanes: number = sensitivityAutoMaxLanes,
): boolean {
  if (mode === "full") return true;
  if (mode === "off") return false;
  return laneCount <= autoMaxLanes;
}

const askForIt =
  'solve again with the option sensitivity "full" (`--sensitivity full` in the CLI) for them';

function skippedNote(mode: SensitivityMode, laneCount: number, autoMaxLanes: number): string {
  const why =
    mode === "off"
      ? 'The sensitivity analysis was turned off for this solve (sensitivity "off")'
      : `The network has ${laneCount} lanes, more than the ${autoMaxLanes} up to which sensitivity "auto" runs the analysis, so it was skipped to return the plan promptly`;
  return `${why}: flows, totals and balances are complete, but marginal figures, ranges and reduced costs are left out; ${askForIt}.`;
}

/** A marginal figure in the plan's terms; `negate` turns a cost slope into a value (capacity). */
function marginalDetail(m: Marginal, negate: boolean, rangesExact: boolean) {
  const sign = negate ? -1 : 1;
  return {
    figure: finiteOrNull(sign * m.next),
    detail: {
      previousTonnePerT: finiteOrNull(sign * m.previous),
      degenerate: m.degenerate,
      range: rangesExact ? { moreT: finiteOrNull(m.moreT), fewerT: clean(m.fewerT) } : null,
    },
  };
}

const sensitivityNotes = {
  exact:
    "Marginal figures are the cost of the next tonne, read off the residual network with the solver's duals as potentials; ranges are exact.",
  atImpliedCarbonPrice:
    "The CO2 cap binds, so the program is not a pure network: figures hold at the cap's implied carbon price (the cap held fixed) and ranges are not computed.",
  unavailable: "This backend returns no duals, so marginal figures and reduced costs are left out.",
} as const;

/** The plan of a solve that found no optimum: status and message, and no values. */
export function unsolvedPlan(
  networkName: string,
  status: Exclude<Plan["status"], "optimal">,
  message: string,
  solver: Plan["solver"],
): Plan {
  return {
    format: "anodeflow.plan/v1",
    network: networkName,
    status,
    message,
    objective: null,
    totals: null,
    flows: [],
    plants: [],
    smelters: [],
    ports: [],
    provinces: [],
    solver,
  };
}

export function interpretPlan(
  model: AllocationModel,
  result: LpResult,
  options: InterpretOptions = {},
): Plan {
  const { network } = model;
  const kind = network.options.objective;
  if (result.status !== "optimal") {
    return {
      ...unsolvedPlan(network.name, result.status, result.message, result.solver),
      ...(options.diagnosis !== undefined ? { diagnosis: options.diagnosis } : {}),
    };
  }
  const base = {
    format: "anodeflow.plan/v1" as const,
    network: network.name,
    solver: result.solver,
  };
  const top = options.unusedLanesTop ?? defaultUnusedLanesTop;
  const mode = options.sensitivity ?? "auto";
  const autoMaxLanes = options.sensitivityAutoMaxLanes ?? sensitivityAutoMaxLanes;
  const analysed = runsSensitivity(mode, model.lanes.length, autoMaxLanes);
  // Skipped, the plan reads as one from a backend without duals: every figure null, no lanes listed.
  const sensitivity = analysed
    ? computeSensitivity(model, result, { unusedLanesTop: top })
    : undefined;
  const sensitivityStatus = !analysed
    ? "skipped"
    : !sensitivity
      ? "unavailable"
      : sensitivity.rangesExact
        ? "exact"
        : "atImpliedCarbonPrice";
  const sensitivityNote =
    sensitivityStatus === "skipped"
      ? skippedNote(mode, model.lanes.length, autoMaxLanes)
      : sensitivityNotes[sensitivityStatus];

  const x = (column: number) => (column < 0 ? 0 : clean(result.columnValues[column] ?? 0));
  const receivedT = new Float64Array(network.smelters.length);
  const portInflowT = new Float64Array(network.ports.length);
  const smelterCo2T = new Float64Array(network.smelters.length);
  const sources: PlanSource[][] = network.smelters.map(() => []);
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
      smelterCo2T[lane.destination.index] = (smelterCo2T[lane.destination.index] ?? 0) + flowCo2T;
      sources[lane.destination.index]?.push(source(model, lane, l, tonnes));
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
    const value = sensitivity?.plantCapacity[p];
    const marginal = value && marginalDetail(value, true, sensitivity.rangesExact);
    return {
      id: plant.id,
      province: plant.province,
      capacityT: plant.capacityT,
      outputT: output,
      utilization: ratio(output, plant.capacityT),
      capacityValuePerT: marginal ? marginal.figure : null,
      capacityValue: marginal ? marginal.detail : null,
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
    const figure = sensitivity?.smelters[s];
    const marginal = figure && marginalDetail(figure, false, sensitivity.rangesExact);
    const alternative = sensitivity?.bestAlternative[s];
    return {
      id: smelter.id,
      province: smelter.province,
      demandT: demand,
      receivedT: received,
      shortfallT: shortfall,
      co2T: smelterCo2T[s] as number,
      marginalCostPerT: marginal ? marginal.figure : null,
      marginal: marginal ? marginal.detail : null,
      sources: (sources[s] ?? []).sort((a, b) => b.tonnes - a.tonnes),
      bestAlternative:
        alternative && Number.isFinite(alternative.reducedCostPerT)
          ? {
              from: (network.plants[(model.lanes[alternative.lane] as LaneTerms).plant] as Plant)
                .id,
              mode: (network.modes[(model.lanes[alternative.lane] as LaneTerms).mode] as Mode).id,
              deliveredCostPerT: deliveredCostPerT(model, alternative.lane),
              reducedCostPerT: clean(alternative.reducedCostPerT),
            }
          : null,
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
    const figure = sensitivity?.ports[k];
    const marginal = figure && marginalDetail(figure, false, sensitivity.rangesExact);
    return {
      id: port.id,
      province: port.province,
      exportT: exported,
      minExportT: port.minExportT,
      maxExportT: port.maxExportT,
      shortfallT: shortfall,
      marginalCostPerT: marginal ? marginal.figure : null,
      marginal: marginal ? marginal.detail : null,
    };
  });

  const market = interpretMarkets(model, x, receivedT);
  const co2TotalT = co2T + market.co2ProductionT;
  const shortfallPenalty = shortfallT * network.options.shortfallPenaltyPerT;
  const carbonCost = co2TotalT * network.options.carbonPricePerT;
  exportRevenue += market.salesRevenue;
  const totalCost =
    productionCost +
    transportCost +
    handlingCost +
    market.exportFreightCost +
    carbonCost +
    shortfallPenalty;
  const totals: PlanTotals = {
    productionCost,
    transportCost,
    handlingCost,
    carbonCost,
    exportRevenue,
    domesticRevenue: market.domesticRevenue,
    exportFreightCost: market.exportFreightCost,
    shortfallPenalty,
    totalCost,
    margin: exportRevenue + market.domesticRevenue - totalCost,
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
    co2ProductionT: market.co2ProductionT,
    co2TotalT,
    co2CapT: network.options.co2CapT ?? null,
    impliedCarbonPricePerT: sensitivity?.impliedCarbonPricePerT ?? null,
  };

  const unusedLaneCount = model.lanes.filter(
    (_, l) => x(model.flowColumn[l] as number) <= flowToleranceT,
  ).length;
  const unusedLanes: PlanUnusedLane[] = (sensitivity?.unusedLanes ?? [])
    .slice(0, top)
    .map(({ lane, reducedCostPerT }) => {
      const terms = model.lanes[lane] as LaneTerms;
      return {
        from: (network.plants[terms.plant] as Plant).id,
        to:
          terms.destination.kind === "smelter"
            ? (network.smelters[terms.destination.index] as Smelter).id
            : (network.ports[terms.destination.index] as Port).id,
        mode: (network.modes[terms.mode] as Mode).id,
        reducedCostPerT: finiteOrNull(reducedCostPerT),
      };
    });
  for (const row of provinces.values())
    Object.assign(row, provinceMarginal(row.province, smelters));

  return {
    ...base,
    status: "optimal",
    warnings: shortfallWarnings(smelters, ports),
    objective: { sense: model.lp.sense, kind, value: result.objective + model.objectiveOffset },
    totals,
    flows,
    plants: plants.map((row, p) => Object.assign(row, market.plantRow(p))),
    smelters,
    ports: ports.map((row, k) => Object.assign(row, market.portRow(k))),
    ...(market.markets ? { markets: market.markets } : {}),
    provinces: [...provinces.values()].sort(
      (a, b) => b.capacityT - a.capacityT || a.province.localeCompare(b.province),
    ),
    unusedLanes,
    unusedLaneCount,
    sensitivity: { status: sensitivityStatus, note: sensitivityNote },
  };
}

function source(model: AllocationModel, lane: LaneTerms, l: number, tonnes: number): PlanSource {
  const { network } = model;
  const productionCostPerT = (network.plants[lane.plant] as Plant).productionCostPerT;
  const carbonCostPerT = (network.options.carbonPricePerT * lane.co2KgPerT) / 1000;
  return {
    from: (network.plants[lane.plant] as Plant).id,
    mode: (network.modes[lane.mode] as Mode).id,
    tonnes,
    productionCostPerT,
    freightPerT: lane.freightPerT,
    carbonCostPerT,
    deliveredCostPerT: deliveredCostPerT(model, l),
  };
}

type PlanSmelterRow = Plan["smelters"][number];

/** Demand-weighted mean of the province's smelters' figures; ranges are the tightest of theirs. */
function provinceMarginal(
  name: string,
  smelters: readonly PlanSmelterRow[],
): Pick<PlanProvince, "marginalCostPerT" | "marginal"> {
  const own = smelters.filter((s) => s.province === name);
  if (own.length === 0 || own.some((s) => !s.marginal))
    return { marginalCostPerT: null, marginal: null };
  const totalDemand = own.reduce((sum, s) => sum + s.demandT, 0);
  const weight = (s: PlanSmelterRow) =>
    totalDemand > 0 ? s.demandT / totalDemand : 1 / own.length;
  const mean = (value: (s: PlanSmelterRow) => number | null | undefined) =>
    own.some((s) => value(s) == null)
      ? null
      : own.reduce((sum, s) => sum + weight(s) * (value(s) as number), 0);
  const ranges = own.map((s) => s.marginal?.range);
  const range = ranges.every((r) => r)
    ? {
        moreT: ranges.some((r) => r?.moreT != null)
          ? Math.min(...ranges.map((r) => r?.moreT ?? Infinity))
          : null,
        fewerT: Math.min(...ranges.map((r) => r?.fewerT ?? 0)),
      }
    : null;
  return {
    marginalCostPerT: mean((s) => s.marginalCostPerT),
    marginal: {
      previousTonnePerT: mean((s) => s.marginal?.previousTonnePerT),
      degenerate: own.some((s) => s.marginal?.degenerate),
      range,
    },
  };
}
