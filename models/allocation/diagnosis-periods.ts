// Infeasibility diagnosis of a network with periods: the elastic time-expanded program, read back period by period.
// formulation.md, "Infeasibility diagnosis", "Diagnosis with periods".
import type { LinearProgram, LpColumn, LpResult, LpRow } from "../lp.ts";
import { reachable } from "../network-flow/reachability.ts";
import { boundSlackRelative, boundSlackT, relaxationUsedT } from "../tolerances.ts";
import { type AllocationModel, laneName } from "./build.ts";
import {
  absorbing,
  buildElasticModel,
  type ConflictGroup,
  contractConflicts,
  corridorArcs,
  groupBalance,
  type RealArc,
} from "./diagnosis.ts";
import type { exportSide, Relaxation } from "./diagnosis-markets.ts";
import type {
  Conflict,
  ConflictMarket,
  ConflictQuay,
  Diagnosis,
  HardLimit,
  RelaxationChange,
} from "./diagnosis-schema.ts";
import {
  describeChange,
  describeShortage,
  describeSurplus,
  fmtT,
  inPeriods,
  list,
} from "./diagnosis-text.ts";
import { modelArcs, nodeIndex } from "./flow-graph.ts";
import { type Network, smelterDemandT } from "./network.ts";
import type { PeriodicModel } from "./periods.ts";

/** A coefficient of a column in a row, by row index. */
interface RowTerm {
  row: number;
  coef: number;
}

/** A relaxation column of the periodic elastic program; its arc ends are expanded nodes. */
export interface PeriodRelaxation extends Relaxation {
  /** Index into the network's periods; -1 for an annual limit (the CO2 cap). */
  period: number;
}

export interface PeriodicElasticModel {
  periodic: PeriodicModel;
  /** Sense min, in cost form: weight per tonne broken, plus cost. */
  lp: LinearProgram;
  relaxations: PeriodRelaxation[];
  weightPerT: number;
}

/**
 * Nodes of the time-expanded network: the ground (0) shared, then each period's copy of the annual
 * nodes 1..N-1 (flow-graph.ts numbering) in period order.
 */
function expandedNodes(model: PeriodicModel) {
  const perPeriod = nodeIndex(model.annual).count - 1;
  return {
    perPeriod,
    count: 1 + model.periods.length * perPeriod,
    /** Node v of the annual network in period t (the ground and -1 stay as they are). */
    at: (v: number, t: number) => (v <= 0 ? v : 1 + t * perPeriod + (v - 1)),
  };
}

/** A column whose name is spelt only when read, as the expanded program's own columns. */
class NamedColumn implements LpColumn {
  constructor(
    private readonly spell: () => string,
    readonly lower: number,
    readonly upper: number,
    readonly cost: number,
  ) {}

  get name(): string {
    return this.spell();
  }
}

/** The node of a stock holder in the annual network. */
function holderNode(model: PeriodicModel, h: number): number {
  const holder = model.holders[h] as PeriodicModel["holders"][number];
  const nodes = nodeIndex(model.annual);
  return holder.kind === "plant"
    ? nodes.plant(holder.index)
    : holder.kind === "smelter"
      ? nodes.smelter(holder.index)
      : nodes.port(holder.index);
}

/**
 * The elastic program of a network with periods: the expanded program in cost form, every
 * relaxation of the annual elastic program once per period on that period's rows with its bound
 * scaled by the period's share of the limit, a relaxation of each holder's stock capacity at the
 * end of every period but the last, and the CO2 cap's once (formulation.md, "Diagnosis with
 * periods"). Every column is an arc of the expanded network, so without a cap it is a network.
 */
export function buildPeriodicElasticModel(model: PeriodicModel): PeriodicElasticModel {
  const { annual, periods, network } = model;
  const base = model.lp;
  const sign = base.sense === "max" ? -1 : 1;
  const columns: LpColumn[] = base.columns.map((c) =>
    sign === 1 ? c : new NamedColumn(() => c.name, c.lower, c.upper, -c.cost),
  );
  const rows: LpRow[] = base.rows.map((r) => ({ ...r, terms: [...r.terms] }));
  let costScale = Math.max(1, network.options.shortfallPenaltyPerT);
  for (const c of columns) costScale = Math.max(costScale, Math.abs(c.cost));
  const weightPerT = 1000 * costScale;
  const relaxations: PeriodRelaxation[] = [];
  const add = (
    relaxation: Omit<PeriodRelaxation, "column">,
    name: () => string,
    upper: number,
    terms: readonly RowTerm[],
  ) => {
    const column = columns.length;
    const cost = weightPerT + relaxation.realCostPerT + relaxation.rankingCostPerT;
    columns.push(new NamedColumn(name, 0, upper, cost));
    for (const { row, coef } of terms) rows[row]?.terms.push({ column, coef });
    relaxations.push({ ...relaxation, column });
  };

  // The annual relaxations with their terms, from the annual elastic program of the same figures.
  const elastic = buildElasticModel(annual.network);
  const termsOf = new Map<number, RowTerm[]>(); // relaxation column -> its annual rows
  elastic.lp.rows.forEach((row, i) => {
    for (const { column, coef } of row.terms) {
      if (column < elastic.base.lp.columns.length) continue;
      const terms = termsOf.get(column) ?? [];
      terms.push({ row: i, coef });
      termsOf.set(column, terms);
    }
  });
  const annualRow = new Map<number, number>(); // annual row -> its single expanded row
  const expandedRow = (i: number, t: number) => {
    const r = model.row[t]?.[i] ?? -1;
    if (r >= 0) return r;
    if (!annualRow.has(i)) {
      const name = annual.lp.rows[i]?.name;
      annualRow.set(
        i,
        base.rows.findIndex((row) => row.name === name),
      );
    }
    return annualRow.get(i) as number;
  };
  const perPeriod = (r: Relaxation) =>
    (termsOf.get(r.column) ?? []).some(({ row }) => (model.row[0]?.[row] ?? -1) >= 0);
  const shareOf = periodShare(model);
  const nodes = expandedNodes(model);
  const holderRow = model.holders.map((holder) =>
    annual.lp.rows.findIndex((row) => row.name === `${holder.kind}:${holder.id}`),
  );

  periods.forEach((period, t) => {
    for (const r of elastic.relaxations) {
      if (!perPeriod(r)) continue;
      const annualColumn = elastic.lp.columns[r.column] as LpColumn;
      const upper = Number.isFinite(annualColumn.upper)
        ? annualColumn.upper * shareOf(r.limit, r.id, t)
        : Infinity;
      const terms = (termsOf.get(r.column) ?? []).map(({ row, coef }) => ({
        row: expandedRow(row, t),
        coef,
      }));
      const { column: _, ...rest } = r;
      add(
        { ...rest, from: nodes.at(r.from, t), to: nodes.at(r.to, t), period: t },
        () => `${annualColumn.name}@${period.id}`,
        upper,
        terms,
      );
    }
    if (t === periods.length - 1) return;
    model.holders.forEach((holder, h) => {
      const v = holderNode(model, h);
      const i = holderRow[h] as number;
      add(
        {
          limit: "inventoryCapacity",
          id: holder.id,
          from: nodes.at(v, t),
          to: nodes.at(v, t + 1),
          realCostPerT: holder.inventory.holdingCostPerTPerPeriod,
          rankingCostPerT: 0,
          period: t,
        },
        () => `relax:inventoryCapacity:${holder.id}@${period.id}`,
        Infinity,
        [
          { row: model.row[t]?.[i] as number, coef: -1 },
          { row: model.row[t + 1]?.[i] as number, coef: 1 },
        ],
      );
    });
  });
  // Limits on annual rows alone (the CO2 cap) are relaxed once, for the year.
  for (const r of elastic.relaxations) {
    if (perPeriod(r)) continue;
    const annualColumn = elastic.lp.columns[r.column] as LpColumn;
    const terms = (termsOf.get(r.column) ?? []).map(({ row, coef }) => ({
      row: expandedRow(row, 0),
      coef,
    }));
    const { column: _, ...rest } = r;
    add({ ...rest, period: -1 }, () => annualColumn.name, annualColumn.upper, terms);
  }
  return {
    periodic: model,
    lp: { name: `${network.name} (elastic)`, sense: "min", columns, rows },
    relaxations,
    weightPerT,
  };
}

/**
 * The share of an annual limit that falls in period t: a plant's for its capacity and minimum
 * output, a smelter's for its demand, a port's for its export range, the period weight otherwise.
 */
function periodShare(model: PeriodicModel) {
  const { network, share, periods } = model;
  const index = (nodes: readonly { id: string }[]) => new Map(nodes.map((n, i) => [n.id, i]));
  const [plant, smelter, port] = [
    index(network.plants),
    index(network.smelters),
    index(network.ports),
  ];
  return (limit: HardLimit, id: string, t: number): number => {
    const of = (shares: Float64Array[], at: Map<string, number>) =>
      shares[t]?.[at.get(id) ?? -1] ?? 0;
    switch (limit) {
      case "capacity":
      case "minOutput":
        return of(share.plant, plant);
      case "demand":
        return of(share.smelter, smelter);
      case "minExport":
      case "maxExport":
        return of(share.port, port);
      default:
        return periods[t]?.weight ?? 0;
    }
  };
}

// A zero share makes every figure 0, even an infinite one (Infinity x 0 would be NaN).
const scaled = (value: number, share: number) => (share === 0 ? 0 : value * share);

/** The annual model with period t's figures: what groupBalance reads of a region in that period. */
function periodView(model: PeriodicModel, t: number): AllocationModel {
  const { annual, share } = model;
  const weight = model.periods[t]?.weight ?? 0;
  const at = (shares: Float64Array[], i: number) => shares[t]?.[i] ?? 0;
  const network: Network = {
    ...annual.network,
    plants: annual.network.plants.map((p, i) => ({
      ...p,
      capacityT: scaled(p.capacityT, at(share.plant, i)),
      minOutputT: scaled(p.minOutputT, at(share.plant, i)),
    })),
    ports: annual.network.ports.map((k, i) => ({
      ...k,
      minExportT: scaled(k.minExportT, at(share.port, i)),
      maxExportT: scaled(k.maxExportT, at(share.port, i)),
    })),
    markets: annual.network.markets?.map((m) => ({
      ...m,
      tiers: m.tiers.map((tier) =>
        tier.upToT === undefined ? tier : { ...tier, upToT: tier.upToT * weight },
      ),
    })),
  };
  const demandT = Float64Array.from(annual.demandT, (d, s) => scaled(d, at(share.smelter, s)));
  return { ...annual, network, demandT };
}

/** A stock arc of the expanded network: holder h's closing stock of period t. */
interface StockArc extends RealArc {
  holder: number;
  period: number;
}

/** The residual state of every arc at the elastic solution: per period (annual numbering), stocks. */
function arcStates(elastic: PeriodicElasticModel, values: readonly number[]) {
  const model = elastic.periodic;
  const slack = (bound: number) =>
    Number.isFinite(bound) ? Math.max(boundSlackT, boundSlackRelative * Math.abs(bound)) : 0;
  const state = (column: number) => {
    const c = elastic.lp.columns[column] as LpColumn;
    const x = values[column] ?? 0;
    return { x, canRaise: x < c.upper - slack(c.upper), canLower: x > c.lower + slack(c.lower) };
  };
  const annualArcs = modelArcs(model.annual);
  const periods: RealArc[][] = model.column.map((columns) =>
    annualArcs.map(({ from, to, column }) => ({
      from,
      to,
      column,
      ...state(columns[column] as number),
    })),
  );
  const nodes = expandedNodes(model);
  const n = model.periods.length;
  const stocks: StockArc[] = model.stockColumn.flatMap((columns, t) =>
    model.holders.map((_, h) => {
      const v = holderNode(model, h);
      const column = columns[h] as number;
      const [from, to] = [nodes.at(v, t), nodes.at(v, (t + 1) % n)];
      return { from, to, column, holder: h, period: t, ...state(column) };
    }),
  );
  const expanded = periods.flatMap((arcs, t) =>
    arcs.map((arc) => ({ ...arc, from: nodes.at(arc.from, t), to: nodes.at(arc.to, t) })),
  );
  return { periods, stocks, all: [...expanded, ...stocks] };
}

type ArcStates = ReturnType<typeof arcStates>;

/** A region of the expanded network and the relaxations behind it. */
interface PeriodGroup extends Omit<ConflictGroup, "relaxations"> {
  relaxations: PeriodRelaxation[];
}

/** Supply and absorption regions of the used relaxations, overlapping ones merged (as annual). */
function periodGroups(
  elastic: PeriodicElasticModel,
  used: readonly PeriodRelaxation[],
  arcs: ArcStates,
): PeriodGroup[] {
  const { count } = expandedNodes(elastic.periodic);
  const groups: PeriodGroup[] = [];
  for (const r of used) {
    // Annual limits with no arc of the network: the CO2 cap and contracts read on their own.
    // Side rows have no node region: the cap, a contract (13), a corridor (11).
    if (
      r.limit === "co2Cap" ||
      r.limit === "contractMin" ||
      r.limit === "contractMax" ||
      r.limit === "corridorCapacity"
    )
      continue;
    const kind = absorbing.has(r.limit) ? "absorption" : "supply";
    const members =
      kind === "supply"
        ? reachable(arcs.all, count, r.to, "in", 0)
        : reachable(arcs.all, count, r.from, "out", 0);
    const overlapping = groups.find(
      (g) => g.kind === kind && g.members.some((m, v) => m === 1 && members[v] === 1),
    );
    if (overlapping) {
      members.forEach((m, v) => {
        if (m) overlapping.members[v] = 1;
      });
      overlapping.relaxations.push(r);
    } else groups.push({ kind, members, relaxations: [r] });
  }
  return groups;
}

/** Adds a quay's or market's tonnes of one period to the same id's of other periods. */
function addById<T extends { tonnes: number }>(
  into: T[],
  key: (item: T) => string,
  item: T,
  merge: (a: T, b: T) => T,
) {
  const i = into.findIndex((x) => key(x) === key(item));
  if (i < 0) into.push({ ...item });
  else into[i] = merge(into[i] as T, item);
}

const unique = (ids: readonly string[]) => [...new Set(ids)];

/**
 * The conflict of one region of the expanded network: its balance summed over the periods it
 * spans (each period's nodes at that period's figures, as the annual groupBalance reads them), the
 * full lanes at its boundary in each period, and the stock arcs at its boundary.
 */
function periodConflict(
  elastic: PeriodicElasticModel,
  group: PeriodGroup,
  arcs: ArcStates,
  values: readonly number[],
): Conflict {
  const model = elastic.periodic;
  const { annual } = model;
  const { network } = annual;
  const nodes = expandedNodes(model);
  const supply = group.kind === "supply";
  const ids = { plants: [] as string[], smelters: [] as string[], ports: [] as string[] };
  const lanes: string[] = [];
  const stocks: string[] = [];
  const periods: number[] = [];
  let [needT, availableT, fullLanes, fullStocks] = [0, 0, 0, 0];
  let side: ReturnType<typeof exportSide> | undefined;
  model.periods.forEach((_, t) => {
    const slice = new Uint8Array(nodes.perPeriod + 1);
    let any = false;
    for (let v = 1; v <= nodes.perPeriod; v++) {
      if (group.members[nodes.at(v, t)] === 1) [slice[v], any] = [1, true];
    }
    if (!any) return;
    periods.push(t);
    const periodArcs = arcs.periods[t] as RealArc[];
    const balance = groupBalance(
      periodView(model, t),
      { kind: group.kind, members: slice, relaxations: [] },
      periodArcs,
    );
    ids.plants.push(...balance.plants);
    ids.smelters.push(...balance.smelters);
    ids.ports.push(...balance.ports);
    needT += balance.needT;
    availableT += balance.availableT;
    side = mergeSides(side, balance.side);
    annual.lanes.forEach((lane, l) => {
      const arc = periodArcs[network.plants.length + l] as RealArc;
      const inside = (v: number) => slice[v] === 1;
      const crossing = supply
        ? !inside(arc.from) && inside(arc.to)
        : inside(arc.from) && !inside(arc.to);
      if (crossing && !arc.canRaise) {
        lanes.push(laneName(network, lane));
        availableT += arc.x;
        fullLanes += 1;
      }
    });
  });
  const periodId = (t: number) => model.periods[t]?.id ?? "";
  const stockName = (arc: StockArc) =>
    `${model.holders[arc.holder]?.id ?? ""}@${periodId(arc.period)}`;
  for (const arc of arcs.stocks) {
    const [from, to] = [group.members[arc.from] === 1, group.members[arc.to] === 1];
    const [into, outOf] = [!from && to, from && !to];
    // What crosses the boundary at a bound: into a supply region full, or out of it at its floor.
    const carried = supply ? into && !arc.canRaise : outOf && !arc.canRaise;
    const forced = supply ? outOf && !arc.canLower : into && !arc.canLower;
    if (carried) availableT += arc.x;
    if (forced) needT += arc.x;
    if ((carried || forced) && arc.x > boundSlackT) {
      stocks.push(stockName(arc));
      if (carried) fullStocks += 1;
    }
  }
  const widened = (limit: HardLimit) =>
    group.relaxations.filter((r) => r.limit === limit).map((r) => r.id);
  lanes.push(...widened("closedLane"), ...widened("laneCapacity"));
  stocks.push(
    ...group.relaxations
      .filter((r) => r.limit === "inventoryCapacity")
      .map((r) => `${r.id}@${periodId(r.period)}`),
  );
  const missingT = group.relaxations.reduce((sum, r) => sum + (values[r.column] ?? 0), 0);
  const [plants, smelters, ports] = [unique(ids.plants), unique(ids.smelters), unique(ids.ports)];
  const exportSideOf = side as ReturnType<typeof exportSide>;
  const carriedOn =
    fullStocks > 0 ? ` That counts the full stock carried on (${list(unique(stocks))}).` : "";
  const sentence = supply
    ? describeShortage(
        smelters,
        ports,
        plants,
        needT,
        availableT,
        missingT,
        fullLanes > 0,
        fullStocks > 0,
      )
    : `${describeSurplus({ plants, smelters, ports, side: exportSideOf }, needT, availableT, missingT)}${carriedOn}`;
  const periodIds = periods.map(periodId);
  const conflict: Conflict = {
    kind: group.kind,
    description: inPeriods(periodIds, sentence),
    missingT,
    plants,
    smelters,
    ports: unique([...ports, ...exportSideOf.forcingPorts]),
    lanes: unique(lanes),
    ...(periodIds.length === 1 ? { period: periodIds[0] } : {}),
    periods: periodIds,
    stocks: unique(stocks),
  };
  if ((network.markets?.length ?? 0) === 0) return conflict;
  const routes = [...exportSideOf.fullRoutes.map((r) => r.id), ...widened("routeCapacity")];
  return {
    ...conflict,
    quays: exportSideOf.quays,
    markets: exportSideOf.markets,
    routes: unique(routes),
  };
}

/** Two periods' export sides as one: quays, markets and full routes summed by id. */
function mergeSides(
  a: ReturnType<typeof exportSide> | undefined,
  b: ReturnType<typeof exportSide>,
): ReturnType<typeof exportSide> {
  if (!a)
    return { ...b, quays: [...b.quays], markets: [...b.markets], fullRoutes: [...b.fullRoutes] };
  for (const q of b.quays)
    addById<ConflictQuay>(
      a.quays,
      (x) => x.port,
      q,
      (x, y) => ({
        ...x,
        minExportT: x.minExportT + y.minExportT,
        tonnes: x.tonnes + y.tonnes,
      }),
    );
  for (const m of b.markets)
    addById<ConflictMarket>(
      a.markets,
      (x) => x.id,
      m,
      (x, y) => ({
        ...x,
        tonnes: x.tonnes + y.tonnes,
        limitT: x.limitT === null || y.limitT === null ? null : x.limitT + y.limitT,
      }),
    );
  for (const r of b.fullRoutes)
    addById(
      a.fullRoutes,
      (x) => x.id,
      r,
      (x, y) => ({ ...x, tonnes: x.tonnes + y.tonnes }),
    );
  return {
    ...a,
    forcingPorts: unique([...a.forcingPorts, ...b.forcingPorts]),
    needT: a.needT + b.needT,
    availableT: a.availableT + b.availableT,
  };
}

/**
 * Where a change in one period goes in the network format: the node's profile in that period
 * (formulation.md, "The relaxed network"), as " (capacityProfile there from 1 to 1.5)"; "" for a
 * limit without a per-period figure (lanes, routes, markets, stocks) or an annual figure of 0.
 */
export function profileChange(
  network: Network,
  limit: HardLimit,
  id: string,
  t: number,
  byT: number,
): {
  field: "capacityProfile" | "demandProfile" | "exportProfile";
  from: number;
  to: number;
} | null {
  const weight = network.periods?.[t]?.weight ?? 0;
  const move = (
    field: "capacityProfile" | "demandProfile" | "exportProfile",
    profile: readonly number[] | undefined,
    annualT: number,
    sign: number,
  ) => {
    if (!(annualT > 0) || !Number.isFinite(annualT) || weight <= 0) return null;
    const from = profile?.[t] ?? 1;
    return { field, from, to: from + (sign * byT) / (weight * annualT) };
  };
  const plant = network.plants.find((p) => p.id === id);
  const smelter = network.smelters.find((s) => s.id === id);
  const port = network.ports.find((k) => k.id === id);
  switch (limit) {
    case "capacity":
      return plant ? move("capacityProfile", plant.capacityProfile, plant.capacityT, 1) : null;
    case "minOutput":
      return plant ? move("capacityProfile", plant.capacityProfile, plant.minOutputT, -1) : null;
    case "demand":
      return smelter
        ? move("demandProfile", smelter.demandProfile, smelterDemandT(network, smelter), -1)
        : null;
    case "minExport":
      return port ? move("exportProfile", port.exportProfile, port.minExportT, -1) : null;
    case "maxExport":
      return port ? move("exportProfile", port.exportProfile, port.maxExportT, 1) : null;
    default:
      return null;
  }
}

const profileValue = (value: number) => String(Number(value.toPrecision(6)));

/** A change of a periodic diagnosis as an instruction, said of its period where it has one. */
function describePeriodChange(network: Network, r: PeriodRelaxation, byT: number): string {
  const text = describeChange(r.limit, r.id, byT);
  if (r.period < 0) return text;
  const period = network.periods?.[r.period]?.id ?? "";
  const profile = profileChange(network, r.limit, r.id, r.period, byT);
  const where = profile
    ? ` (${profile.field} there from ${profileValue(profile.from)} to ${profileValue(profile.to)})`
    : r.limit === "inventoryCapacity"
      ? ` for the stock closing ${period}`
      : "";
  return inPeriods([period], `${text}${where}`);
}

/**
 * Reads the periodic elastic optimum as conflicts, each in the period or periods it spans, and the
 * relaxation with the period of each change. `result` must be the elastic program's optimum.
 */
export function diagnosePeriodicInfeasibility(
  elastic: PeriodicElasticModel,
  result: Extract<LpResult, { status: "optimal" }>,
): Diagnosis {
  const model = elastic.periodic;
  const { network } = model;
  const values = result.columnValues;
  const used = elastic.relaxations.filter((r) => (values[r.column] ?? 0) > relaxationUsedT);
  const periodId = (t: number) => model.periods[t]?.id ?? "";
  const changes: RelaxationChange[] = used.map((r) => {
    const byT = values[r.column] ?? 0;
    return {
      limit: r.limit,
      id: r.id,
      ...(r.period >= 0 ? { period: periodId(r.period) } : {}),
      byT,
      description: describePeriodChange(network, r, byT),
    };
  });
  const arcs = arcStates(elastic, values);
  const conflicts: Conflict[] = periodGroups(elastic, used, arcs).map((group) =>
    periodConflict(elastic, group, arcs, values),
  );
  // A corridor's row (11t) is per period, so is its conflict: its capacity there is ω_t U_c.
  for (const r of used) {
    if (r.limit !== "corridorCapacity") continue;
    const c = (network.corridors ?? []).findIndex((corridor) => corridor.id === r.id);
    const overT = values[r.column] ?? 0;
    const period = periodId(r.period);
    const capacityT =
      (network.corridors?.[c]?.capacityT ?? 0) * (model.periods[r.period]?.weight ?? 0);
    conflicts.push({
      kind: "corridor",
      description: inPeriods(
        [period],
        `Corridor ${r.id} carries at most ${fmtT(capacityT)}, ${fmtT(overT)} less than must pass it when every other limit holds.`,
      ),
      missingT: overT,
      plants: [],
      smelters: [],
      ports: [],
      lanes: corridorArcs(model.annual, c),
      period,
      periods: [period],
    });
  }
  const co2 = used.find((r) => r.limit === "co2Cap");
  if (co2) {
    const overT = values[co2.column] ?? 0;
    conflicts.push({
      kind: "co2",
      description: `The CO2 cap of ${fmtT(network.options.co2CapT ?? 0)} CO2 is ${overT.toFixed(1)} t below the least a plan meeting every other limit emits.`,
      missingT: overT,
      plants: [],
      smelters: [],
      ports: [],
      lanes: [],
    });
  }
  conflicts.push(...contractConflicts(network, used, values));
  const sorted = (names: string[]) => [...new Set(names)].sort();
  const union = (key: "plants" | "smelters" | "ports" | "lanes") =>
    sorted(conflicts.flatMap((c) => c[key]));
  const inConflict = new Set(conflicts.flatMap((c) => c.periods ?? []));
  const anodeMissing = conflicts
    .filter((c) => c.kind !== "co2")
    .reduce((sum, c) => sum + c.missingT, 0);
  const totalT = changes.reduce((sum, c) => sum + c.byT, 0);
  // Under maxMargin the domestic revenue of full demand is the program's constant (build.ts).
  const costOfRelaxedPlan =
    result.objective -
    model.annual.objectiveOffset -
    used.reduce(
      (sum, r) => sum + (values[r.column] ?? 0) * (elastic.weightPerT + r.rankingCostPerT),
      0,
    );
  const summary = [
    ...conflicts.map((c) => c.description),
    changes.length > 0
      ? `Cheapest relaxation: ${list(changes.map((c) => c.description))}.`
      : "The elastic program breaks no limit: the infeasibility is numerical; try another solver.",
  ].join(" ");
  return {
    summary,
    missingT: anodeMissing,
    plants: union("plants"),
    smelters: union("smelters"),
    ports: union("ports"),
    lanes: union("lanes"),
    ...((network.markets?.length ?? 0) > 0 && {
      markets: sorted(conflicts.flatMap((c) => (c.markets ?? []).map((m) => m.id))),
      routes: sorted(conflicts.flatMap((c) => c.routes ?? [])),
    }),
    periods: model.periods.map((p) => p.id).filter((id) => inConflict.has(id)),
    conflicts,
    relaxation: { changes, totalT, costOfRelaxedPlan },
    solver: result.solver.id,
  };
}
