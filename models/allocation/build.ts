// Network -> linear program for the allocation model; each constraint family has its own builder.
// The numbering (1)-(6) and the symbols follow formulation.md in this folder.
import { type AddTerm, type LinearProgram, LpBuilder, type LpTerm } from "../lp.ts";
import { addContractRows, addLotRows } from "./build-contracts.ts";
import {
  addCorridorRows,
  addHubRows,
  addRouteColumns,
  emptyRouteIndex,
  laneCorridors,
  legTermsOfNodes,
  type RouteIndex,
} from "./build-hubs.ts";
import { greatCircleKm } from "./geo.ts";
import { type LaneDestination, LaneTable, type LaneTerms } from "./lane-table.ts";
import type { Mode, Network, Plant, Port, Smelter } from "./network.ts";
import { smelterDemandT } from "./network.ts";
import { hasSurcharges, laneSurchargePerT } from "./network-surcharges.ts";
import { LandRouter } from "./routing.ts";

export type { LaneDestination, LaneTerms } from "./lane-table.ts";

/**
 * Where each quantity of the network lives in the program, for interpreting a solution. The
 * multimodal part (RouteIndex: legs, hubs, corridors) is empty for a network without them.
 */
export interface AllocationModel extends RouteIndex {
  network: Network;
  lp: LinearProgram;
  /** The lanes, in typed arrays: what the build, the solve and the plan read. */
  laneTable: LaneTable;
  /**
   * The same lanes as objects, made when first read (an object per lane, which the network's path
   * from build to plan never reads): for the analyses that are easier written over objects.
   */
  readonly lanes: readonly LaneTerms[];
  flowColumn: Int32Array; // per lane
  outputColumn: Int32Array; // per plant
  shortfallColumn: Int32Array; // per smelter, -1 when shortfall is not allowed
  exportColumn: Int32Array; // per port
  exportShortfallColumn: Int32Array; // per port, -1 when shortfall is not allowed
  demandT: Float64Array; // per smelter
  co2CapRow: number; // row of (4), -1 without options.co2CapT
  quayRow: Int32Array; // per port, row of (5); -1 for a port without export routes
  shipColumn: Int32Array; // per export route
  saleColumn: Int32Array[]; // per market, one column per tier
  laneCorridor: number[][]; // per lane, the corridors it counts in (named, then crossed by its land path)
  /** Per contract, the row of (13); per contract, its lanes L_c (build-contracts.ts). */
  contractRow: Int32Array;
  contractLanes: number[][];
  /** Per lane, the integer column n_l of its lots and the row (14) x_l - lotT n_l = 0; -1 without lotT. */
  lotColumn: Int32Array;
  lotRow: Int32Array;
  /**
   * Constant term of the objective, CNY: Σ_s price_s · dem_s under maxMargin (domestic revenue if
   * every tonne is delivered; shortfall columns carry the revenue they forgo), else 0. A program has
   * no constant, so the plan adds it to the solver's objective value.
   */
  objectiveOffset: number;
}

/** Which lane: what names it. */
type LaneEnds = Pick<LaneTerms, "plant" | "destination" | "mode">;

const destinationId = (network: Network, lane: LaneEnds) =>
  lane.destination.kind === "smelter"
    ? (network.smelters[lane.destination.index] as Smelter).id
    : (network.ports[lane.destination.index] as Port).id;

/**
 * Derives every lane: the explicit `lanes`, or plant x (smelters and ports) x modes. A lane without
 * distanceKm is as long as its land route (routing.ts) or, for a mode off the routing graph, the
 * great-circle km x circuity; an implied lane with no land route does not exist. The lanes live in
 * typed arrays (lane-table.ts); each LaneTerms is a view of one.
 */
export function deriveLanes(network: Network): LaneTerms[] {
  return deriveLaneTable(network).views();
}

/** The lanes of `deriveLanes` as their table. */
export function deriveLaneTable(network: Network): LaneTable {
  const plantIndex = new Map(network.plants.map((p, i) => [p.id, i]));
  const modeIndex = new Map(network.modes.map((m, i) => [m.id, i]));
  // Smelters, then ports: one shared destination object each, as every lane to it reads.
  const destinations: LaneDestination[] = [
    ...network.smelters.map((_, index) => ({ kind: "smelter" as const, index })),
    ...network.ports.map((_, index) => ({ kind: "port" as const, index })),
  ];
  const destinationIndex = new Map<string, number>();
  network.smelters.forEach((s, i) => {
    destinationIndex.set(s.id, i);
  });
  network.ports.forEach((p, i) => {
    destinationIndex.set(p.id, network.smelters.length + i);
  });
  const router = new LandRouter(network.landRoutes ?? { junctions: [], links: [] });
  const surcharges = hasSurcharges(network) ? network.surcharges : undefined;
  const capacity =
    network.lanes?.length ?? network.plants.length * destinations.length * network.modes.length;
  const table = new LaneTable(capacity, destinations);
  const nodeOf = (d: number): Smelter | Port => {
    const destination = destinations[d] as LaneDestination;
    return destination.kind === "smelter"
      ? (network.smelters[destination.index] as Smelter)
      : (network.ports[destination.index] as Port);
  };
  const surchargeOf = (from: Plant, to: Smelter | Port) =>
    surcharges ? laneSurchargePerT(surcharges, from.province, to.province) : 0;

  if (network.lanes) {
    // The schema has already checked that every reference resolves and every lane has a route.
    for (const lane of network.lanes) {
      const p = plantIndex.get(lane.from) as number;
      const d = destinationIndex.get(lane.to) as number;
      const m = modeIndex.get(lane.mode) as number;
      const from = network.plants[p] as Plant;
      const to = nodeOf(d);
      const mode = network.modes[m] as Mode;
      const distanceKm = lane.distanceKm ?? router.distanceKm(from, to, mode.id, mode.circuity);
      if (distanceKm === null)
        throw new Error(`lane ${lane.from}>${lane.to}:${lane.mode} has no land route`);
      table.push(
        p,
        d,
        m,
        distanceKm,
        lane.costPerT ?? mode.fixedCostPerT + mode.costPerTKm * distanceKm,
        surchargeOf(from, to),
        mode.co2KgPerTKm * distanceKm,
        lane.capacityT ?? Infinity,
        lane.lotT ?? Number.NaN,
      );
    }
    return table;
  }
  // A mode off the routing graph goes great-circle km x circuity: one great circle per plant and
  // destination, whatever the mode (as router.distanceKm computes it).
  const routed = network.modes.map((mode) => router.routes(mode.id));
  for (let p = 0; p < network.plants.length; p++) {
    const from = network.plants[p] as Plant;
    for (let d = 0; d < destinations.length; d++) {
      const to = nodeOf(d);
      const surchargePerT = surchargeOf(from, to);
      let greatCircle = Number.NaN;
      for (let m = 0; m < network.modes.length; m++) {
        const mode = network.modes[m] as Mode;
        // A mode for legs only (a ship between ports) links no plant straight to a destination.
        if (mode.impliedLanes === false) continue;
        let distanceKm: number | null;
        if (routed[m]) distanceKm = router.distanceKm(from, to, mode.id, mode.circuity);
        else {
          if (Number.isNaN(greatCircle)) greatCircle = greatCircleKm(from, to);
          distanceKm = greatCircle * mode.circuity;
        }
        // An implied lane with no land route does not exist.
        if (distanceKm === null) continue;
        table.push(
          p,
          d,
          m,
          distanceKm,
          mode.fixedCostPerT + mode.costPerTKm * distanceKm,
          surchargePerT,
          mode.co2KgPerTKm * distanceKm,
          Infinity,
          Number.NaN,
        );
      }
    }
  }
  return table;
}

export const laneName = (network: Network, lane: LaneEnds) =>
  `${(network.plants[lane.plant] as Plant).id}>${destinationId(network, lane)}:${(network.modes[lane.mode] as Mode).id}`;

/** laneName of lane l of `lanes`, read from the table's arrays. */
export const laneNameAt = (network: Network, lanes: LaneTable, l: number) =>
  laneName(network, {
    plant: lanes.plant[l] as number,
    destination: lanes.destinationOf(l),
    mode: lanes.mode[l] as number,
  });

/** Cost per tonne of a lane in the objective: freight, surcharges, carbon and (to ports) handling, CNY/t. */
export function laneObjectiveCostPerT(network: Network, lane: LaneTerms): number {
  return objectiveCostPerT(
    network,
    lane.destination,
    lane.freightPerT,
    lane.surchargePerT,
    lane.co2KgPerT,
  );
}

/** laneObjectiveCostPerT of lane l of `lanes`, read from the table's arrays. */
export function laneObjectiveCostPerTAt(network: Network, lanes: LaneTable, l: number): number {
  return objectiveCostPerT(
    network,
    lanes.destinationOf(l),
    lanes.freightPerT[l] as number,
    lanes.surchargePerT[l] as number,
    lanes.co2KgPerT[l] as number,
  );
}

function objectiveCostPerT(
  network: Network,
  destination: LaneDestination,
  freightPerT: number,
  surchargePerT: number,
  co2KgPerT: number,
): number {
  const handling =
    destination.kind === "port" ? (network.ports[destination.index] as Port).handlingCostPerT : 0;
  return (
    freightPerT + surchargePerT + (network.options.carbonPricePerT * co2KgPerT) / 1000 + handling
  );
}

/**
 * `model` with `lp` as its program: a copy whose lanes are still made only when read (a spread
 * would read, and so make, them).
 */
export function withProgram<M extends AllocationModel>(model: M, lp: LinearProgram): M {
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(model)) as M;
  copy.lp = lp;
  return copy;
}

/**
 * Builds the allocation LP. minCost minimises cost; maxMargin maximises revenue minus cost, so
 * every cost enters with the opposite sign there.
 */
export function buildAllocationModel(network: Network): AllocationModel {
  const maximise = network.options.objective === "maxMargin";
  const sign = maximise ? -1 : 1;
  const lp = new LpBuilder(network.name, maximise ? "max" : "min");
  const laneTable = deriveLaneTable(network);
  const lanes = laneTable.length;
  const demandT = Float64Array.from(network.smelters, (s) => smelterDemandT(network, s));
  const model = {
    ...emptyRouteIndex(network),
    laneCorridor: laneCorridors(network, laneTable),
    network,
    laneTable,
    flowColumn: new Int32Array(lanes),
    outputColumn: new Int32Array(network.plants.length),
    shortfallColumn: new Int32Array(network.smelters.length).fill(-1),
    exportColumn: new Int32Array(network.ports.length),
    exportShortfallColumn: new Int32Array(network.ports.length).fill(-1),
    demandT,
    co2CapRow: -1,
    quayRow: new Int32Array(network.ports.length).fill(-1),
    shipColumn: new Int32Array(network.exportRoutes?.length ?? 0),
    saleColumn: (network.markets ?? []).map((m) => new Int32Array(m.tiers.length)),
    contractRow: new Int32Array(network.contracts?.length ?? 0).fill(-1),
    contractLanes: [],
    lotColumn: new Int32Array(lanes).fill(-1),
    lotRow: new Int32Array(lanes).fill(-1),
    objectiveOffset: maximise
      ? network.smelters.reduce(
          (sum, smelter, s) => sum + (smelter.pricePerT ?? 0) * (demandT[s] as number),
          0,
        )
      : 0,
  } as Omit<ModelIndex, "lanes"> as ModelIndex;
  defineLazyLanes(model, laneTable);

  addColumns(lp, model, sign);
  addMarketColumns(lp, model, sign);
  addRouteColumns(lp, network, model, sign);
  const fromPlant = lanesByNode(laneTable.plant, laneTable.length, network.plants.length);
  const toDestination = lanesByNode(
    laneTable.destination,
    laneTable.length,
    laneTable.destinations.length,
  );
  const legTerms = legTermsOfNodes(network, model);
  addPlantBalanceRows(lp, model, fromPlant, legTerms.plant);
  addSmelterDemandRows(lp, model, toDestination, legTerms.smelter);
  addPortBalanceRows(lp, model, toDestination, legTerms.port);
  addCo2CapRow(lp, model);
  addQuayRows(lp, model);
  addMarketRows(lp, model);
  addHubRows(lp, network, model);
  addCorridorRows(lp, network, model, model.flowColumn, model.laneCorridor);
  addContractRows(lp, model);
  addLotRows(lp, model);
  const built = model as AllocationModel;
  built.lp = lp.build();
  return built;
}

type ModelIndex = Omit<AllocationModel, "lp">;

/** Gives `model` its `lanes`: the table's views, made on the first read and kept. */
function defineLazyLanes(model: ModelIndex, table: LaneTable): void {
  let views: LaneTerms[] | undefined;
  Object.defineProperty(model, "lanes", {
    get: () => {
      views ??= table.views();
      return views;
    },
    enumerable: true,
  });
}

/** Variables: output_p, flow_l, shortfall_s, export_k, exportShortfall_k with their bounds. */
function addColumns(lp: LpBuilder, model: ModelIndex, sign: number) {
  const { network, laneTable } = model;
  const { shortfallPenaltyPerT, allowShortfall } = network.options;
  const column = (name: string, lower: number, upper: number, cost: number) =>
    lp.addStoredColumn({ name, lower, upper, cost });
  network.plants.forEach((plant, p) => {
    model.outputColumn[p] = column(
      `output:${plant.id}`,
      plant.minOutputT,
      plant.capacityT,
      sign * outputObjectiveCostPerT(network, plant),
    );
  });
  // One block of flow columns, l-th for lane l: no object per lane. Names are spelt when read.
  const firstFlow = lp.addColumnBlock(
    laneTable.length,
    (l) => `flow:${laneNameAt(network, laneTable, l)}`,
    () => 0,
    (l) => laneTable.capacityT[l] as number,
    (l) => sign * laneObjectiveCostPerTAt(network, laneTable, l),
  );
  for (let l = 0; l < laneTable.length; l++) model.flowColumn[l] = firstFlow + l;
  if (allowShortfall) {
    network.smelters.forEach((smelter, s) => {
      // Under maxMargin an unmet tonne also forgoes the smelter's price (objectiveOffset counts it).
      const forgone = network.options.objective === "maxMargin" ? (smelter.pricePerT ?? 0) : 0;
      model.shortfallColumn[s] = column(
        `shortfall:${smelter.id}`,
        0,
        model.demandT[s] as number,
        sign * (shortfallPenaltyPerT + forgone),
      );
    });
  }
  network.ports.forEach((port, k) => {
    const revenue = network.options.objective === "maxMargin" ? port.fobPricePerT : 0;
    model.exportColumn[k] = column(
      `export:${port.id}`,
      port.minExportT,
      port.maxExportT,
      -sign * revenue,
    );
    if (allowShortfall && port.minExportT > 0) {
      // Phantom tonnes that let export_k reach its minimum: penalised, and earning no revenue.
      model.exportShortfallColumn[k] = column(
        `exportShortfall:${port.id}`,
        0,
        port.minExportT,
        sign * (shortfallPenaltyPerT + revenue),
      );
    }
  });
}

/**
 * Variables of the export markets: ship_{k,m} per route (freight f_{k,m}, at most its capacity) and
 * sale_{m,j} per tier (at most the tier's width; revenue price_{m,j} under maxMargin only, as FOB).
 */
function addMarketColumns(lp: LpBuilder, model: ModelIndex, sign: number) {
  const { network } = model;
  const revenue = network.options.objective === "maxMargin" ? 1 : 0;
  network.exportRoutes?.forEach((route, r) => {
    model.shipColumn[r] = lp.addStoredColumn({
      name: `ship:${route.port}>${route.market}`,
      lower: 0,
      upper: route.capacityT ?? Infinity,
      cost: sign * route.freightPerT,
    });
  });
  network.markets?.forEach((market, m) => {
    market.tiers.forEach((tier, j) => {
      (model.saleColumn[m] as Int32Array)[j] = lp.addStoredColumn({
        name: `sale:${market.id}:${j + 1}`,
        lower: 0,
        upper: tierWidthT(market.tiers, j),
        cost: -sign * revenue * tier.pricePerT,
      });
    });
  });
}

/** Tonnes of tier j alone: its upToT less the previous tier's (Infinity for an open last tier). */
export function tierWidthT(tiers: readonly { upToT?: number | undefined }[], j: number): number {
  const end = tiers[j]?.upToT ?? Infinity;
  return end - (j > 0 ? (tiers[j - 1]?.upToT ?? 0) : 0);
}

/** Cost per tonne of output in the objective: production plus carbon on production CO2, CNY/t. */
export function outputObjectiveCostPerT(network: Network, plant: Plant): number {
  return (
    plant.productionCostPerT + (network.options.carbonPricePerT * (plant.co2KgPerT ?? 0)) / 1000
  );
}

/**
 * The lanes at each node, in lane order: node n's are `lanes[start[n]]` to `lanes[start[n + 1] - 1]`
 * (a counting sort of the lanes by `nodeOf`, in two typed arrays rather than an array per node).
 */
interface LanesByNode {
  start: Int32Array;
  lanes: Int32Array;
}

function lanesByNode(nodeOf: Int32Array, laneCount: number, nodeCount: number): LanesByNode {
  const start = new Int32Array(nodeCount + 1);
  for (let l = 0; l < laneCount; l++) (start[(nodeOf[l] as number) + 1] as number)++;
  for (let n = 0; n < nodeCount; n++)
    start[n + 1] = (start[n + 1] as number) + (start[n] as number);
  const next = start.slice(0, nodeCount);
  const lanes = new Int32Array(laneCount);
  for (let l = 0; l < laneCount; l++) {
    const n = nodeOf[l] as number;
    lanes[next[n] as number] = l;
    next[n] = (next[n] as number) + 1;
  }
  return { start, lanes };
}

/** The flow columns of node n's lanes as terms with coefficient `coef`, added to a row. */
function addLaneTerms(
  add: AddTerm,
  model: ModelIndex,
  byNode: LanesByNode,
  n: number,
  coef: number,
) {
  const end = byNode.start[n + 1] as number;
  for (let i = byNode.start[n] as number; i < end; i++)
    add(model.flowColumn[byNode.lanes[i] as number] as number, coef);
}

/** (1) plant balance: output_p - sum_l flow_l (lanes leaving p) - sum_a leg_a (legs leaving p) = 0. */
function addPlantBalanceRows(
  lp: LpBuilder,
  model: ModelIndex,
  fromPlant: LanesByNode,
  legs: LpTerm[][],
) {
  model.network.plants.forEach((plant, p) => {
    // Added straight into the program's row terms: no object per lane.
    lp.addRowWith({ name: `plant:${plant.id}`, lower: 0, upper: 0 }, (add) => {
      add(model.outputColumn[p] as number, 1);
      addLaneTerms(add, model, fromPlant, p, -1);
      for (const term of legs[p] ?? []) add(term.column, term.coef);
    });
  });
}

/** (2) smelter demand: sum_l flow_l (lanes into s) + sum_a leg_a (legs into s) + shortfall_s = demand_s. */
function addSmelterDemandRows(
  lp: LpBuilder,
  model: ModelIndex,
  toDestination: LanesByNode,
  legs: LpTerm[][],
) {
  model.network.smelters.forEach((smelter, s) => {
    const demand = model.demandT[s] as number;
    lp.addRowWith({ name: `smelter:${smelter.id}`, lower: demand, upper: demand }, (add) => {
      // Destinations are the smelters, then the ports (deriveLaneTable).
      addLaneTerms(add, model, toDestination, s, 1);
      for (const term of legs[s] ?? []) add(term.column, term.coef);
      const shortfall = model.shortfallColumn[s] as number;
      if (shortfall >= 0) add(shortfall, 1);
    });
  });
}

/** (3) port balance: sum_l flow_l (lanes into k) + sum_a leg_a (legs into k) + exportShortfall_k - export_k = 0. */
function addPortBalanceRows(
  lp: LpBuilder,
  model: ModelIndex,
  toDestination: LanesByNode,
  legs: LpTerm[][],
) {
  const smelters = model.network.smelters.length;
  model.network.ports.forEach((port, k) => {
    lp.addRowWith({ name: `port:${port.id}`, lower: 0, upper: 0 }, (add) => {
      addLaneTerms(add, model, toDestination, smelters + k, 1);
      for (const term of legs[k] ?? []) add(term.column, term.coef);
      const phantom = model.exportShortfallColumn[k] as number;
      if (phantom >= 0) add(phantom, 1);
      add(model.exportColumn[k] as number, -1);
    });
  });
}

/**
 * (5) quay balance, for a port k with export routes: export_k - sum_m ship_{k,m} = 0. export_k then
 * ends here instead of at the ground, so every tonne exported through k goes on to a market.
 */
function addQuayRows(lp: LpBuilder, model: ModelIndex) {
  const routes = model.network.exportRoutes ?? [];
  model.network.ports.forEach((port, k) => {
    const ships = routes.flatMap((route, r) =>
      route.port === port.id ? [{ column: model.shipColumn[r] as number, coef: -1 }] : [],
    );
    if (ships.length === 0) return;
    model.quayRow[k] = lp.addRow({
      name: `quay:${port.id}`,
      terms: [{ column: model.exportColumn[k] as number, coef: 1 }, ...ships],
      lower: 0,
      upper: 0,
    });
  });
}

/** (6) market balance: sum_k ship_{k,m} - sum_j sale_{m,j} = 0. */
function addMarketRows(lp: LpBuilder, model: ModelIndex) {
  const routes = model.network.exportRoutes ?? [];
  model.network.markets?.forEach((market, m) => {
    const ships = routes.flatMap((route, r) =>
      route.market === market.id ? [{ column: model.shipColumn[r] as number, coef: 1 }] : [],
    );
    const sales = Array.from(model.saleColumn[m] as Int32Array, (column) => ({ column, coef: -1 }));
    lp.addRow({ name: `market:${market.id}`, terms: [...ships, ...sales], lower: 0, upper: 0 });
  });
}

/**
 * (4) CO2 cap: sum_l g_l / 1000 * flow_l + sum_p g_p / 1000 * output_p <= co2CapT. Coefficients other than +-1 make the program a
 * general LP; its dual, negated, is the implied carbon price (formulation.md, "Duals").
 */
function addCo2CapRow(lp: LpBuilder, model: ModelIndex) {
  const cap = model.network.options.co2CapT;
  if (cap === undefined) return;
  const production = model.network.plants.map((plant, p) => ({
    column: model.outputColumn[p] as number,
    coef: (plant.co2KgPerT ?? 0) / 1000,
  }));
  const transport = Array.from(model.flowColumn, (column, l) => ({
    column,
    coef: (model.laneTable.co2KgPerT[l] as number) / 1000,
  }));
  const legs = model.legs.map((leg, a) => ({
    column: model.legColumn[a] as number,
    coef: leg.co2KgPerT / 1000,
  }));
  const terms = [...production, ...transport, ...legs].filter((term) => term.coef !== 0);
  model.co2CapRow = lp.addRow({ name: "co2Cap", terms, lower: -Infinity, upper: cap });
}

/**
 * The rows that make the program more than a network: corridors (11), the CO2 cap (4) and
 * contracts (13). Without them the program is a min-cost flow (unless lots make it a MILP).
 */
export function sideRows(model: AllocationModel): Set<number> {
  return new Set(
    [...model.corridorRow, model.co2CapRow, ...model.contractRow].filter((i) => i >= 0),
  );
}
