// Stable plans: among a program's optimal solutions, the one whose flows are nearest (L1) a reference
// plan's, so that a scenario differs from its baseline only where the change forces it (formulation.md).
import type { LinearProgram, LpColumn, LpDuals, LpRow } from "../lp.ts";
import type { AllocationModel } from "./build.ts";
import { legEndId } from "./build-hubs.ts";
import type { PeriodicModel } from "./periods.ts";
import type { Plan } from "./plan-schema.ts";

/**
 * A flow of the reference plan (a plan's `flows[]` entries carry these fields); `period` names the
 * period of a periodic plan's flow (its `periods[].flows[]`), absent for an annual flow.
 */
export interface ReferenceFlow {
  from: string;
  to: string;
  mode: string;
  tonnes: number;
  period?: string | undefined;
}

/** The flows a plan offers as a reference: the annual flows, or a periodic plan's flows per period. */
export function referenceFlows(plan: Plan): readonly ReferenceFlow[] {
  if (!plan.periods) return plan.flows;
  return plan.periods.flatMap((period) =>
    period.flows.map(({ from, to, mode, tonnes }) => ({
      from,
      to,
      mode,
      tonnes,
      period: period.id,
    })),
  );
}

/** Reference tonnes by column of the program, for every flow column (0 where the reference has none). */
export type ColumnTargets = ReadonlyMap<number, number>;

/** The optimum being stabilised: primal values and the duals that certify them. */
export interface Optimum {
  objective: number;
  columnValues: readonly number[];
  duals: LpDuals;
}

/** The tie-break program and, per column of the original, the tie-break columns that sum to it. */
export interface TieBreakProgram {
  lp: LinearProgram;
  parts: readonly (readonly number[])[];
}

/** Reduced costs and duals below this share of the program's largest cost count as zero. */
const relativeZero = 1e-9;

/**
 * The tie-break program: the optimal face (every column with a non-zero reduced cost fixed at its
 * value, every inequality row with a non-zero dual held at its active bound), with cost
 * sum_l |flow_l - reference_l|. Each free flow splits into a part up to the reference at cost -1 and
 * the rest at +1, two parallel arcs, so a network stays a network. Null without usable duals.
 */
export function buildTieBreak(
  lp: LinearProgram,
  optimum: Optimum,
  target: ColumnTargets,
): TieBreakProgram | null {
  const { reducedCosts, rowDuals } = optimum.duals;
  if (reducedCosts.length !== lp.columns.length || rowDuals.length !== lp.rows.length) return null;
  const zero = relativeZero * lp.columns.reduce((most, c) => Math.max(most, Math.abs(c.cost)), 1);
  const columns: LpColumn[] = [];
  const add = (of: LpColumn, suffix: string, lower: number, upper: number, cost: number) =>
    columns.push(new PartColumn(of, suffix, lower, upper, cost)) - 1;
  const parts = lp.columns.map((column, j) => {
    const value = clamp(optimum.columnValues[j] ?? 0, column);
    if (Math.abs(reducedCosts[j] ?? 0) > zero) return [add(column, "", value, value, 0)];
    const reference = target.get(j);
    if (reference === undefined) return [add(column, "", column.lower, column.upper, 0)];
    const near = Math.min(Math.max(reference, column.lower), column.upper);
    if (near <= column.lower) return [add(column, "+", column.lower, column.upper, 1)];
    return [add(column, "-", column.lower, near, -1), add(column, "+", 0, column.upper - near, 1)];
  });
  const rows = lp.rows.map((row, i) =>
    holdActive(row, Math.abs(rowDuals[i] ?? 0) > zero, optimum.columnValues, parts),
  );
  return { lp: { name: `${lp.name} (tie-break)`, sense: "min", columns, rows }, parts };
}

/** The reference's annual flows (those without a period) on the annual program's flow columns. */
export function annualTargets(
  model: AllocationModel,
  reference: readonly ReferenceFlow[],
): ColumnTargets {
  const tonnes = laneTonnes(
    model,
    reference.filter((flow) => flow.period === undefined),
  );
  const target = new Map(model.lanes.map((_, l) => [model.flowColumn[l] as number, tonnes(l)]));
  addRouteTargets(
    model,
    reference.filter((flow) => flow.period === undefined),
    (j) => j,
    target,
  );
  return target;
}

/** Each period's reference flows on that period's copy of the flow columns. */
export function periodicTargets(
  model: PeriodicModel,
  reference: readonly ReferenceFlow[],
): ColumnTargets {
  const { annual } = model;
  const target = new Map<number, number>();
  model.periods.forEach((period, t) => {
    const tonnes = laneTonnes(
      annual,
      reference.filter((flow) => flow.period === period.id),
    );
    const columns = model.column[t] as Int32Array;
    annual.lanes.forEach((_, l) => {
      target.set(columns[annual.flowColumn[l] as number] as number, tonnes(l));
    });
    addRouteTargets(
      annual,
      reference.filter((flow) => flow.period === period.id),
      (j) => columns[j] as number,
      target,
    );
  });
  return target;
}

/**
 * A periodic optimum's own lane totals spread by period weight: the reference of a periodic plan
 * with no reference of its own, so that of the optimal plans it takes one whose months look alike
 * (equally cheap routes do not swap from month to month).
 */
export function evenTargets(model: PeriodicModel, columnValues: readonly number[]): ColumnTargets {
  const { annual, periods, column } = model;
  const target = new Map<number, number>();
  // Lanes, legs and hub throughputs alike: routes through hubs should not swap from month to month.
  const flowColumns = [...annual.flowColumn, ...annual.legColumn, ...annual.hubColumn];
  flowColumns.forEach((j) => {
    const total = column.reduce(
      (sum, columns) => sum + (columnValues[columns[j] as number] ?? 0),
      0,
    );
    periods.forEach((period, t) => {
      target.set(column[t]?.[j] as number, total * period.weight);
    });
  });
  return target;
}

/**
 * The reference's routes through hubs on the leg and hub-throughput columns (`column` maps an
 * annual column to the program's): each leg's tonnes are those of the reference flows whose route
 * takes it, each hub's those of the routes passing it. Legs are free on the optimal face as lanes
 * are, so without these targets tied routes through hubs could swap between runs. A route is read
 * from its flow's mode label (`coastal@f+rail` from plant to f by coastal ship, then rail to the
 * destination; `rail leg` one leg straight), which periodic flows carry too; ids hold no '@', '+'
 * or space (idSchema).
 */
function addRouteTargets(
  model: AllocationModel,
  reference: readonly ReferenceFlow[],
  column: (annualColumn: number) => number,
  target: Map<number, number>,
) {
  const { network } = model;
  if (model.legs.length === 0) return;
  const legT = new Map<string, number>();
  const hubT = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, tonnes: number) =>
    map.set(key, (map.get(key) ?? 0) + tonnes);
  for (const flow of reference) {
    if (flow.mode.endsWith(" leg")) {
      add(legT, `${flow.from}>${flow.to}>${flow.mode.slice(0, -4)}`, flow.tonnes);
      continue;
    }
    if (!flow.mode.includes("@")) continue;
    let from = flow.from;
    for (const part of flow.mode.split("+")) {
      const [mode, hub] = part.split("@");
      const to = hub ?? flow.to;
      add(legT, `${from}>${to}>${mode}`, flow.tonnes);
      if (hub !== undefined) add(hubT, hub, flow.tonnes);
      from = to;
    }
  }
  model.legs.forEach((leg, a) => {
    const key = `${legEndId(network, leg.from)}>${legEndId(network, leg.to)}>${network.modes[leg.mode]?.id}`;
    target.set(column(model.legColumn[a] as number), legT.get(key) ?? 0);
  });
  (network.hubs ?? []).forEach((hub, h) => {
    target.set(column(model.hubColumn[h] as number), hubT.get(hub.id) ?? 0);
  });
}

/**
 * Lane index -> reference tonnes (0 where the reference has none). Lanes are matched by a numeric
 * (plant, destination, mode) key: spelling each lane's name would cost more than the rest of the
 * tie-break build on a large network.
 */
function laneTonnes(model: AllocationModel, reference: readonly ReferenceFlow[]) {
  const { network } = model;
  const index = (ids: readonly { id: string }[], offset = 0) =>
    new Map(ids.map((item, i) => [item.id, i + offset]));
  const plants = index(network.plants);
  const destinations = new Map([
    ...index(network.smelters),
    ...index(network.ports, network.smelters.length),
  ]);
  const modes = index(network.modes);
  const destinationCount = network.smelters.length + network.ports.length;
  const key = (plant: number, destination: number, mode: number) =>
    (plant * destinationCount + destination) * network.modes.length + mode;
  const tonnes = new Map<number, number>();
  for (const flow of reference) {
    const [p, d, m] = [plants.get(flow.from), destinations.get(flow.to), modes.get(flow.mode)];
    if (p === undefined || d === undefined || m === undefined) continue;
    tonnes.set(key(p, d, m), (tonnes.get(key(p, d, m)) ?? 0) + flow.tonnes);
  }
  return (l: number): number => {
    const lane = model.lanes[l];
    if (lane === undefined) return 0;
    const d =
      lane.destination.index + (lane.destination.kind === "port" ? network.smelters.length : 0);
    return tonnes.get(key(lane.plant, d, lane.mode)) ?? 0;
  };
}

/** A tie-break column, named only when read: the model's own names are built lazily too (build.ts). */
class PartColumn implements LpColumn {
  constructor(
    private readonly of: LpColumn,
    private readonly suffix: string,
    readonly lower: number,
    readonly upper: number,
    readonly cost: number,
  ) {}

  get name(): string {
    return `${this.of.name}${this.suffix}`;
  }
}

const clamp = (value: number, column: LpColumn) =>
  Math.min(Math.max(value, column.lower), column.upper);

/** The row over the tie-break columns; with a non-zero dual, an inequality held at its active bound. */
function holdActive(
  row: LpRow,
  binding: boolean,
  values: readonly number[],
  parts: readonly (readonly number[])[],
): LpRow {
  const terms: LpRow["terms"] = [];
  for (const { column, coef } of row.terms) {
    for (const part of parts[column] ?? []) terms.push({ column: part, coef });
  }
  if (!binding || row.lower === row.upper) return { ...row, terms };
  const activity = row.terms.reduce((sum, t) => sum + t.coef * (values[t.column] ?? 0), 0);
  const bound =
    Math.abs(activity - row.lower) <= Math.abs(activity - row.upper) ? row.lower : row.upper;
  return { ...row, terms, lower: bound, upper: bound };
}

/**
 * The original program's column values from a tie-break solution, or null when they move the
 * objective by more than `tolerance` (relative): the stable plan must cost what the optimum costs.
 */
export function interpretTieBreak(
  original: LinearProgram,
  tieBreak: TieBreakProgram,
  tieBreakValues: readonly number[],
  optimum: Optimum,
  tolerance = 1e-9,
): number[] | null {
  const values = tieBreak.parts.map((part) =>
    part.reduce((sum, column) => sum + (tieBreakValues[column] ?? 0), 0),
  );
  const objective = original.columns.reduce((sum, c, j) => sum + c.cost * (values[j] ?? 0), 0);
  const allowed = tolerance * Math.max(1, Math.abs(optimum.objective));
  return Math.abs(objective - optimum.objective) <= allowed ? values : null;
}
