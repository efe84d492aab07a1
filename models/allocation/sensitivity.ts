// Sensitivity of an optimal plan, read off its residual network: marginal costs with exact ranges, reduced costs.
import { columnCount, columnValues, type LpResult } from "../lp.ts";
import { enteringCosts } from "../network-flow/entering-costs.ts";
import {
  lowerBoundMarginal,
  type Marginal,
  type MarginalOptions,
  type SourcePaths,
  supplyMarginal,
  upperBoundMarginal,
} from "../network-flow/marginals.ts";
import { type FlowArcs, type ResidualNetwork, residualNetwork } from "../network-flow/residual.ts";
import { admissibleEdges, shortestPaths } from "../network-flow/shortest-paths.ts";
import type { AllocationModel } from "./build.ts";
import { arcRoleNumber, hubPotentials, modelArcArrays, nodeIndex } from "./flow-graph.ts";
import { marketArcs } from "./market-arcs.ts";
import { hasSurcharges } from "./network-surcharges.ts";

export type { Marginal } from "../network-flow/marginals.ts";

/*
 * Everything here works in cost form: the objective of minCost, and minus the margin of maxMargin,
 * so a positive figure is always money spent. The program is a min-cost flow (formulation.md, "It
 * is a network") with node 0 the ground; with a CO2 cap, lane costs carry the cap's implied carbon
 * price and the figures hold at that price (the cap itself is then held fixed).
 *
 * Why not read the solver's duals directly: at a degenerate optimum the duals are not unique, and a
 * backend returns whichever its basis gives, which may be the saving of the last tonne rather than
 * the cost of the next. The one-sided slopes are shortest paths in the residual network
 * (network-flow/marginals.ts); the solver's duals serve as node potentials, which make every
 * residual arc's reduced cost non-negative, so Dijkstra finds the paths.
 */

export interface LaneReducedCost {
  lane: number; // index into model.laneTable
  /** How much cheaper (CNY/t) the lane must become before it carries flow; Infinity: never. */
  reducedCostPerT: number;
}

export interface Sensitivity {
  /** Figures hold at this carbon price (CNY/t CO2): the CO2 cap's dual, 0 without a binding cap. */
  impliedCarbonPricePerT: number | null;
  /** False when a side constraint (the CO2 cap, a contract, a corridor) binds: ranges then are not computed. */
  rangesExact: boolean;
  /** True when some contract (13) has a non-zero dual: lanes in L_c carry its price. */
  contractsPriced: boolean;
  /** True when some corridor (11) has a non-zero dual: its legs and lanes carry its price. */
  corridorsPriced: boolean;
  smelters: Marginal[]; // per smelter: the next tonne of demand
  /**
   * Per smelter, the network's surcharges on the residual path of its next tonne (null where there
   * is none); undefined when the network has no surcharges.
   */
  smelterSurchargePerT?: (number | null)[];
  ports: Marginal[]; // per port: the next tonne of minimum export
  /** Per plant, in cost form: the next tonne of capacity changes cost by `next` (<= 0). */
  plantCapacity: Marginal[];
  /** Per hub, in cost form: the next tonne of throughput capacity changes cost by `next` (<= 0). */
  hubCapacity: Marginal[];
  /**
   * Lanes without flow with their exact reduced costs, smallest first (then by lane index): the
   * first `unusedLanesTop` of them (all by default). Lanes further down are not evaluated.
   */
  unusedLanes: LaneReducedCost[];
  /** Per smelter, its unused lane with the smallest finite exact reduced cost, if any. */
  bestAlternative: (LaneReducedCost | undefined)[];
}

export interface SensitivityOptions {
  /** How many unused lanes to evaluate exactly and list, smallest reduced cost first (all). */
  unusedLanesTop?: number;
}

type Optimal = Extract<LpResult, { status: "optimal" }>;

/** Each role's number in ModelArcArrays.role. */
const role = arcRoleNumber;

/** The model's residual network, and where each plant's output, lane and port's export went. */
interface ModelResidual {
  r: ResidualNetwork;
  outputArc: Int32Array;
  laneArc: Int32Array;
  exportArc: Int32Array;
  hubArc: Int32Array;
  legArc: Int32Array;
}

/** Arcs of the model's network with their flows, priced with the carbon price; potentials from duals. */
function modelResidual(
  model: AllocationModel,
  result: Optimal,
  duals: NonNullable<Optimal["duals"]>,
  carbonPrice: number,
  prices: SidePrices,
): ModelResidual {
  const { network, lp, laneTable: lanes } = model;
  const sign = lp.sense === "max" ? -1 : 1;
  const nodes = nodeIndex(model);
  const arcs = modelArcArrays(model);
  const m = arcs.count;
  // Indexed by arcRoles' numbers; the roles without an array are not looked up.
  const at: Partial<Record<number, Int32Array>> = {
    [role.output]: new Int32Array(network.plants.length),
    [role.lane]: new Int32Array(lanes.length),
    [role.export]: new Int32Array(network.ports.length),
    [role.hub]: new Int32Array(network.hubs?.length ?? 0),
    [role.leg]: new Int32Array(model.legs.length),
  };
  const flow: FlowArcs = {
    nodeCount: nodes.count,
    from: arcs.from.subarray(0, m),
    to: arcs.to.subarray(0, m),
    cost: new Float64Array(m),
    flow: new Float64Array(m),
    lower: new Float64Array(m),
    upper: new Float64Array(m),
  };
  // Under a cap the carbon price is the cap's dual: lanes carry transport CO2, outputs production CO2.
  const cappedCarbonPerT = (arcRole: number, index: number) => {
    const kgPerT =
      arcRole === role.lane
        ? (lanes.co2KgPerT[index] as number)
        : arcRole === role.leg
          ? (model.legs[index]?.co2KgPerT ?? 0)
          : arcRole === role.output
            ? (network.plants[index]?.co2KgPerT ?? 0)
            : 0;
    return (carbonPrice * kgPerT) / 1000;
  };
  const scale = { tonnes: 1, cost: 1 };
  const values = columnValues(lp);
  const count = columnCount(lp);
  const capped = model.co2CapRow >= 0;
  for (let a = 0; a < m; a++) {
    const j = arcs.column[a] as number;
    if (!(j >= 0 && j < count)) throw new Error(`column ${j} missing`);
    const arcRole = arcs.role[a] as number;
    const index = arcs.index[a] as number;
    const roleAt = at[arcRole];
    if (roleAt) roleAt[index] = a;
    const lower = values.lower[j] as number;
    const upper = values.upper[j] as number;
    const cost =
      sign * (values.cost[j] as number) +
      (capped ? cappedCarbonPerT(arcRole, index) : 0) +
      (arcRole === role.lane ? (prices.lane[index] as number) : 0) +
      (arcRole === role.leg ? (prices.leg[index] as number) : 0);
    const x = result.columnValues[j] ?? 0;
    flow.cost[a] = cost;
    flow.flow[a] = x;
    flow.lower[a] = lower;
    // The phantom columns' upper bounds (demand, minimum export) move with the quantity they make
    // up, and never bind otherwise (inflow + shortfall = demand), so they count as uncapped.
    const uncapped = arcRole === role.shortfall || arcRole === role.exportShortfall;
    flow.upper[a] = uncapped ? Infinity : upper;
    scale.cost = Math.max(scale.cost, Math.abs(cost));
    if (Number.isFinite(lower)) scale.tonnes = Math.max(scale.tonnes, Math.abs(lower));
    if (Number.isFinite(upper)) scale.tonnes = Math.max(scale.tonnes, Math.abs(upper));
    if (Number.isFinite(x)) scale.tonnes = Math.max(scale.tonnes, Math.abs(x));
  }
  // Node potentials in cost form: the duals of rows (1)-(3), found by their names; the ground's is 0.
  const rowIndex = new Map(lp.rows.map((row, i) => [row.name, i]));
  const pi = new Float64Array(nodes.count);
  const potential = (rowName: string) => sign * (duals.rowDuals[rowIndex.get(rowName) ?? -1] ?? 0);
  network.plants.forEach((plant, p) => {
    pi[nodes.plant(p)] = potential(`plant:${plant.id}`);
  });
  network.smelters.forEach((smelter, s) => {
    pi[nodes.smelter(s)] = potential(`smelter:${smelter.id}`);
  });
  network.ports.forEach((port, k) => {
    pi[nodes.port(k)] = potential(`port:${port.id}`);
  });
  for (const { node, row } of marketArcs(model, nodes).potentials) pi[node] = potential(row);
  for (const { node, row } of hubPotentials(model, nodes)) pi[node] = potential(row);
  return {
    r: residualNetwork(flow, pi, scale),
    outputArc: at[role.output] as Int32Array,
    laneArc: at[role.lane] as Int32Array,
    exportArc: at[role.export] as Int32Array,
    hubArc: at[role.hub] as Int32Array,
    legArc: at[role.leg] as Int32Array,
  };
}

/** Shortest paths from and to the ground, shared by every smelter's demand query; `parent`, if given, gets the tree out of it. */
export function groundPaths(r: ResidualNetwork, parent?: Int32Array): SourcePaths {
  const from = shortestPaths(r, 0, "out", { parent });
  const to = shortestPaths(r, 0, "in");
  return {
    source: 0,
    from,
    to,
    fromEdges: admissibleEdges(r, from, "out", -1),
    toEdges: admissibleEdges(r, to, "in", -1),
  };
}

/**
 * Raising a port's minimum export. With shortfall allowed, a port whose minimum is 0 has no phantom
 * column yet; raising the minimum brings one in at the penalty (plus the revenue a phantom tonne
 * forgoes in maxMargin).
 */
function portMarginals(model: AllocationModel, mr: ModelResidual, options: MarginalOptions) {
  const { network } = model;
  return network.ports.map((port, k) => {
    const phantomPerT =
      network.options.allowShortfall && (model.exportShortfallColumn[k] as number) < 0
        ? network.options.shortfallPenaltyPerT +
          (network.options.objective === "maxMargin" ? port.fobPricePerT : 0)
        : Infinity;
    return lowerBoundMarginal(mr.r, mr.exportArc[k] as number, options, phantomPerT);
  });
}

/** Exact reduced costs of the unused lanes: the `top` smallest, and each smelter's smallest. */
function unusedLaneCosts(model: AllocationModel, mr: ModelResidual, top: number) {
  const nodes = nodeIndex(model);
  const tracked = new Uint8Array(nodes.count);
  model.network.smelters.forEach((_, s) => {
    tracked[nodes.smelter(s)] = 1;
  });
  const costs = enteringCosts(mr.r, mr.laneArc, top, tracked);
  const asLane = (c: { position: number; reducedCostPerT: number } | undefined) =>
    c && { lane: c.position, reducedCostPerT: c.reducedCostPerT };
  return {
    unusedLanes: costs.smallest.map((c) => asLane(c) as LaneReducedCost),
    bestAlternative: model.network.smelters.map((_, s) => asLane(costs.bestInto[nodes.smelter(s)])),
  };
}

/**
 * Marginal costs, capacity values and exact reduced costs of an optimal solution, or undefined
 * when the result has no duals (javascript-lp-solver).
 */
export function computeSensitivity(
  model: AllocationModel,
  result: Optimal,
  { unusedLanesTop }: SensitivityOptions = {},
): Sensitivity | undefined {
  if (!result.duals) return undefined;
  const sign = model.lp.sense === "max" ? -1 : 1;
  const capDual = model.co2CapRow >= 0 ? (result.duals.rowDuals[model.co2CapRow] ?? 0) : 0;
  // Raising the cap lowers cost: the cost-form dual is <= 0 and the carbon price is its negation.
  const carbonPrice = Math.max(0, -sign * capDual);
  const prices = sideRowPrices(model, result.duals.rowDuals);
  const priced = prices.contracts || prices.corridors;
  const mr = modelResidual(model, result, result.duals, carbonPrice, prices);
  const options = { ranges: (model.co2CapRow < 0 || carbonPrice === 0) && !priced };
  const nodes = nodeIndex(model);
  const parent = new Int32Array(mr.r.nodeCount);
  const paths = groundPaths(mr.r, parent);
  const smelters = model.network.smelters.map((_, s) =>
    supplyMarginal(mr.r, nodes.smelter(s), model.demandT[s] as number, paths, options),
  );
  const plantCapacity = model.network.plants.map((_, p) =>
    upperBoundMarginal(mr.r, mr.outputArc[p] as number, options),
  );
  const ports = portMarginals(model, mr, options);
  const hubCapacity = (model.network.hubs ?? []).map((_, h) =>
    upperBoundMarginal(mr.r, mr.hubArc[h] as number, options),
  );
  return {
    impliedCarbonPricePerT: model.co2CapRow >= 0 ? carbonPrice : null,
    rangesExact: options.ranges,
    contractsPriced: prices.contracts,
    corridorsPriced: prices.corridors,
    smelters,
    ...(hasSurcharges(model.network)
      ? { smelterSurchargePerT: smelterSurcharges(model, mr, parent, smelters) }
      : {}),
    ports,
    plantCapacity,
    hubCapacity,
    ...unusedLaneCosts(model, mr, unusedLanesTop ?? Infinity),
  };
}

/** Per lane and per leg, the cost-form prices the binding side rows put on it; which kinds are priced. */
interface SidePrices {
  lane: Float64Array;
  leg: Float64Array;
  contracts: boolean;
  corridors: boolean;
}

/**
 * The Lagrangian prices of the side rows on the arcs they count (formulation.md, "Duals and
 * marginal costs"): a column's cost becomes c_j - sum_i y_i a_ij over the side rows i, y_i their
 * cost-form duals, as the CO2 cap's price on g_l. A contract (13), a lower bound, has y = mu_c >= 0
 * and takes mu_c off each lane in L_c; a corridor (11), an upper bound, has y = -mu_c <= 0 and adds
 * mu_c to each leg and lane naming it.
 */
function sideRowPrices(model: AllocationModel, rowDuals: readonly number[]): SidePrices {
  const sign = model.lp.sense === "max" ? -1 : 1;
  const prices: SidePrices = {
    lane: new Float64Array(model.laneTable.length),
    leg: new Float64Array(model.legs.length),
    contracts: false,
    corridors: false,
  };
  model.contractRow.forEach((row, c) => {
    const y = sign * (rowDuals[row] ?? 0);
    if (y === 0) return;
    prices.contracts = true;
    for (const l of model.contractLanes[c] ?? []) prices.lane[l] = (prices.lane[l] as number) - y;
  });
  const corridorY = Float64Array.from(model.corridorRow, (row) => sign * (rowDuals[row] ?? 0));
  if (corridorY.some((y) => y !== 0)) prices.corridors = true;
  model.laneCorridor.forEach((list, l) => {
    for (const c of list) prices.lane[l] = (prices.lane[l] as number) - (corridorY[c] as number);
  });
  model.legs.forEach((leg, a) => {
    for (const c of leg.corridors)
      prices.leg[a] = (prices.leg[a] as number) - (corridorY[c] as number);
  });
  return prices;
}

/**
 * Surcharges along each smelter's next-tonne path in the ground's shortest-path tree: + on a lane
 * the tonne takes, - on a lane whose flow it displaces. The marginal cost is linear in the arc
 * costs along that path, so this is exactly the surcharges' part of it.
 */
function smelterSurcharges(
  model: AllocationModel,
  mr: ModelResidual,
  parent: Int32Array,
  marginals: readonly Marginal[],
): (number | null)[] {
  const perArc = new Float64Array(mr.r.from.length);
  const lanes = model.laneTable;
  for (let l = 0; l < lanes.length; l++)
    perArc[mr.laneArc[l] as number] = lanes.surchargePerT[l] as number;
  model.legs.forEach((leg, a) => {
    perArc[mr.legArc[a] as number] = leg.surchargePerT;
  });
  const nodes = nodeIndex(model);
  return marginals.map((m, s) => {
    if (!Number.isFinite(m.next)) return null;
    let total = 0;
    let v = nodes.smelter(s);
    // A tree path has at most nodeCount edges; the bound only guards against a malformed tree.
    for (let steps = 0; v !== 0 && steps < mr.r.nodeCount; steps++) {
      const e = parent[v] as number;
      if (e < 0) return null;
      total += (e & 1 ? -1 : 1) * (perArc[e >> 1] as number);
      v = mr.r.tail[e] as number;
    }
    return v === 0 ? total : null;
  });
}
