// A network with periods -> the time-expanded program: the annual program once per period, stocks between periods.
// The constraint numbers (1t)-(8) follow formulation.md, "Periods and inventory".
import {
  columnArraysOf,
  columnCount,
  columnName,
  columnValues,
  type LinearProgram,
  LpBuilder,
  type LpTerm,
  type TermArrays,
  termArrays,
} from "../lp.ts";
import { type AllocationModel, buildAllocationModel } from "./build.ts";
import type { Inventory, Network, Period } from "./network.ts";

/** A node that carries stock between periods: a plant, smelter or port with an `inventory`. */
export interface StockHolder {
  kind: "plant" | "smelter" | "port";
  index: number; // into network.plants, smelters or ports
  id: string;
  inventory: Inventory;
}

/** Where each quantity lives in the time-expanded program. */
export interface PeriodicModel {
  /** The network as given (with periods). */
  network: Network;
  /**
   * The annual program of the network with every profile folded into its annual figures (capacity
   * Σ_t cap_pt, demand Σ_t dem_st, ...): the template each period copies, and the shape the plan's
   * annual tables read, with each column's value summed over periods.
   */
  annual: AllocationModel;
  lp: LinearProgram;
  periods: Period[];
  /** Per period, the expanded column of each annual column. */
  column: Int32Array[];
  /** Per period, the expanded row of each annual row (-1 for the CO2 cap and contracts, which stay annual). */
  row: Int32Array[];
  holders: StockHolder[];
  /** Per period, the closing-stock column i_nt of each holder. */
  stockColumn: Int32Array[];
  /** Per period, the share of each plant's, smelter's and port's annual figure that falls in it. */
  share: { plant: Float64Array[]; smelter: Float64Array[]; port: Float64Array[] };
}

/** Σ_t ω_t m_t: how much of the annual figure a profile leaves over the year (1 without one). */
const profileSum = (periods: readonly Period[], profile: readonly number[] | undefined) =>
  periods.reduce((sum, period, t) => sum + period.weight * (profile?.[t] ?? 1), 0);

/** Per period, the share ω_t m_t / Σ_u ω_u m_u of each node's annual figure (0 if all are 0). */
function periodShares(periods: readonly Period[], profiles: (readonly number[] | undefined)[]) {
  const totals = profiles.map((profile) => profileSum(periods, profile));
  return periods.map((period, t) =>
    Float64Array.from(profiles, (profile, i) => {
      const total = totals[i] as number;
      return total > 0 ? (period.weight * (profile?.[t] ?? 1)) / total : 0;
    }),
  );
}

/**
 * The network's annual figures over its periods: each profiled capacity, minimum output, demand and
 * export range times Σ_t ω_t m_t; lanes, routes and tiers are spread by weight alone (Σ ω_t = 1).
 */
export function annualiseNetwork(network: Network): Network {
  const periods = network.periods ?? [];
  const times = (value: number | undefined, factor: number) =>
    value === undefined ? undefined : value * factor;
  return {
    ...network,
    plants: network.plants.map((plant) => {
      const f = profileSum(periods, plant.capacityProfile);
      return { ...plant, capacityT: plant.capacityT * f, minOutputT: plant.minOutputT * f };
    }),
    smelters: network.smelters.map((smelter) => {
      const f = profileSum(periods, smelter.demandProfile);
      return {
        ...smelter,
        demandT: times(smelter.demandT, f),
        aluminiumT: times(smelter.aluminiumT, f),
      };
    }),
    ports: network.ports.map((port) => {
      const f = profileSum(periods, port.exportProfile);
      return { ...port, minExportT: port.minExportT * f, maxExportT: port.maxExportT * f };
    }),
  };
}

/** Plants, then smelters, then ports that hold stock. */
function stockHolders(network: Network): StockHolder[] {
  const holders: StockHolder[] = [];
  for (const kind of ["plant", "smelter", "port"] as const) {
    const list =
      kind === "plant" ? network.plants : kind === "smelter" ? network.smelters : network.ports;
    list.forEach((node, index) => {
      if (node.inventory) holders.push({ kind, index, id: node.id, inventory: node.inventory });
    });
  }
  return holders;
}

// A zero share makes every bound 0, even an infinite one (Infinity x 0 would be NaN).
const scaled = (value: number, share: number) => (share === 0 ? 0 : value * share);

/** Builds the time-expanded program of a network with periods (formulation.md, periods). */
export function buildPeriodicModel(network: Network): PeriodicModel {
  const periods = network.periods ?? [];
  if (periods.length < 2) throw new Error("buildPeriodicModel needs a network with periods");
  const annual = buildAllocationModel(annualiseNetwork(network));
  const share = {
    plant: periodShares(
      periods,
      network.plants.map((p) => p.capacityProfile),
    ),
    smelter: periodShares(
      periods,
      network.smelters.map((s) => s.demandProfile),
    ),
    port: periodShares(
      periods,
      network.ports.map((k) => k.exportProfile),
    ),
  };
  const lp = new LpBuilder(network.name, annual.lp.sense);
  const column = periods.map((period, t) =>
    addPeriodColumns(lp, annual, period, columnShares(annual, share, t)),
  );
  const holders = stockHolders(network);
  const stockColumn = addStockColumns(lp, holders, periods, annual.lp.sense === "max" ? -1 : 1);
  const row = addPeriodRows(
    lp,
    annual,
    periods,
    column,
    share.smelter,
    stockTerms(annual, holders, stockColumn),
  );
  const annualTerms = termArrays(annual.lp);
  for (const i of annualRows(annual)) addAnnualRow(lp, annual.lp, annualTerms, i, column);
  return { network, annual, lp: lp.build(), periods, column, row, holders, stockColumn, share };
}

/**
 * The share of each annual column's bounds in period t: a plant's output by the plant's share, a
 * smelter's shortfall by its demand share, a port's export and phantom export by the port's share,
 * every other column (lanes, legs, hub throughputs, export routes, market tiers) by the period's weight.
 */
function columnShares(
  annual: AllocationModel,
  share: PeriodicModel["share"],
  t: number,
): Float64Array {
  const weight = annual.network.periods?.[t]?.weight ?? 0;
  const shares = new Float64Array(columnCount(annual.lp)).fill(weight);
  const set = (columns: Int32Array, of: Float64Array | undefined) =>
    columns.forEach((j, i) => {
      if (j >= 0) shares[j] = of?.[i] ?? 0;
    });
  set(annual.outputColumn, share.plant[t]);
  set(annual.shortfallColumn, share.smelter[t]);
  set(annual.exportColumn, share.port[t]);
  set(annual.exportShortfallColumn, share.port[t]);
  return shares;
}

/**
 * Variables of one period: each annual column with its bounds times its share, its cost as is,
 * named `<annual name>@<period>` when read. Stored columns in blocks, a block per run of annual
 * columns alike in integrality (a period's lot count is whole as the annual one is: (14) per
 * period): no object per column.
 */
function addPeriodColumns(
  lp: LpBuilder,
  annual: AllocationModel,
  period: Period,
  shares: Float64Array,
): Int32Array {
  const n = columnCount(annual.lp);
  const { lower, upper, cost } = columnValues(annual.lp);
  const arrays = columnArraysOf(annual.lp);
  const isInteger = (j: number) =>
    arrays ? arrays.isInteger(j) : annual.lp.columns[j]?.integer === true;
  const column = new Int32Array(n);
  for (let start = 0; start < n; ) {
    const integer = isInteger(start);
    let end = start + 1;
    while (end < n && isInteger(end) === integer) end++;
    const from = start;
    const first = lp.addColumnBlock(
      end - start,
      (k) => `${columnName(annual.lp, from + k)}@${period.id}`,
      (k) => scaled(lower[from + k] as number, shares[from + k] as number),
      (k) => scaled(upper[from + k] as number, shares[from + k] as number),
      (k) => cost[from + k] as number,
      integer || undefined,
    );
    for (let j = start; j < end; j++) column[j] = first + j - start;
    start = end;
  }
  return column;
}

/** (8) closing stocks i_nt: 0 <= i_nt <= Icap_n, the last period's fixed at I0_n (7); cost hc_n. */
function addStockColumns(
  lp: LpBuilder,
  holders: readonly StockHolder[],
  periods: readonly Period[],
  sign: number,
) {
  return periods.map((period, t) =>
    Int32Array.from(holders, ({ id, inventory }) => {
      const last = t === periods.length - 1;
      return lp.addStoredColumn({
        name: `stock:${id}@${period.id}`,
        lower: last ? inventory.initialT : 0,
        upper: last ? inventory.initialT : inventory.capacityT,
        cost: sign * inventory.holdingCostPerTPerPeriod,
      });
    }),
  );
}

/**
 * (7) the stock terms of each holder's balance row in period t: + i_n,t-1 (the opening stock, the
 * last period's closing stock for t = 1) and - i_nt, keyed by the holder's annual row index.
 */
function stockTerms(
  annual: AllocationModel,
  holders: readonly StockHolder[],
  stockColumn: Int32Array[],
) {
  const rowIndex = new Map(annual.lp.rows.map((row, i) => [row.name, i]));
  const n = stockColumn.length;
  return (t: number): Map<number, LpTerm[]> => {
    const terms = new Map<number, LpTerm[]>();
    holders.forEach((holder, h) => {
      const i = rowIndex.get(`${holder.kind}:${holder.id}`);
      if (i === undefined) throw new Error(`row of ${holder.kind} ${holder.id} missing`);
      terms.set(i, [
        { column: stockColumn[(t + n - 1) % n]?.[h] as number, coef: 1 },
        { column: stockColumn[t]?.[h] as number, coef: -1 },
      ]);
    });
    return terms;
  };
}

/**
 * (1t)-(3t), (5t), (6t), (9t)-(11t): every annual row but the CO2 cap once per period on that
 * period's columns, with the holders' stock terms; a smelter's demand by its share and a corridor's
 * capacity by the period's weight (the only non-zero right-hand sides).
 */
function addPeriodRows(
  lp: LpBuilder,
  annual: AllocationModel,
  periods: readonly Period[],
  column: Int32Array[],
  smelterShare: Float64Array[],
  stock: (t: number) => Map<number, LpTerm[]>,
): Int32Array[] {
  const smelterOfRow = new Map(annual.network.smelters.map((s, i) => [`smelter:${s.id}`, i]));
  // (11t) a corridor's annual capacity is spread by the period's weight, as lane capacities are.
  const corridorRows = new Set(annual.corridorRow);
  const annualOnly = new Set(annualRows(annual));
  const terms = termArrays(annual.lp);
  return periods.map((period, t) => {
    const columns = column[t] as Int32Array;
    const extra = stock(t);
    return Int32Array.from(annual.lp.rows, (row, i) => {
      if (annualOnly.has(i)) return -1;
      const s = smelterOfRow.get(row.name);
      const rowShare = corridorRows.has(i)
        ? period.weight
        : s === undefined
          ? 1
          : (smelterShare[t]?.[s] ?? 0);
      const bounds = {
        name: `${row.name}@${period.id}`,
        lower: scaled(row.lower, rowShare),
        upper: scaled(row.upper, rowShare),
      };
      // The annual row's terms on this period's copies, from the term arrays: no object per term.
      return lp.addRowWith(bounds, (add) => {
        for (let p = terms.start[i] as number, end = terms.start[i + 1] as number; p < end; p++)
          add(columns[terms.column[p] as number] as number, terms.coef[p] as number);
        for (const term of extra.get(i) ?? []) add(term.column, term.coef);
      });
    });
  });
}

/** The annual rows that stay annual: the CO2 cap (4) and the contracts (13). */
function annualRows(annual: AllocationModel): number[] {
  return [annual.co2CapRow, ...annual.contractRow].filter((i) => i >= 0);
}

/** (4), (13) stay one annual row each, over every period's copy of their columns, named as in the annual program. */
function addAnnualRow(
  lp: LpBuilder,
  annual: LinearProgram,
  terms: TermArrays,
  i: number,
  column: Int32Array[],
) {
  const row = annual.rows[i];
  if (!row) return;
  lp.addRowWith({ name: row.name, lower: row.lower, upper: row.upper }, (add) => {
    for (const columns of column)
      for (let p = terms.start[i] as number, end = terms.start[i + 1] as number; p < end; p++)
        add(columns[terms.column[p] as number] as number, terms.coef[p] as number);
  });
}

/**
 * The expanded program's side rows: each period's copy of a corridor row (11t), the annual CO2 cap
 * (4) and contracts (13), found by the names the annual program gives them.
 */
export function periodicSideRows(model: PeriodicModel): Set<number> {
  const { annual } = model;
  const side = new Set<number>();
  for (const rows of model.row)
    for (const i of annual.corridorRow) if ((rows[i] as number) >= 0) side.add(rows[i] as number);
  const annualNames = new Set(
    [annual.co2CapRow, ...annual.contractRow]
      .filter((i) => i >= 0)
      .map((i) => annual.lp.rows[i]?.name),
  );
  model.lp.rows.forEach((row, i) => {
    if (annualNames.has(row.name)) side.add(i);
  });
  return side;
}
