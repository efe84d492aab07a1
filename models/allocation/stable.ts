// Stable plans: among a program's optimal solutions, the one whose flows are nearest (L1) a reference
// plan's, so that a scenario differs from its baseline only where the change forces it (formulation.md).
import {
  columnCount,
  columnName,
  columnValues,
  type LinearProgram,
  LpBuilder,
  type LpDuals,
  type LpRow,
  type TermArrays,
  termArrays,
} from "../lp.ts";
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

/**
 * Reference tonnes by column of the program, for every flow column (0 where the reference has
 * none); NaN for a column without a target (not a flow). One entry per column, no object.
 */
export type ColumnTargets = Float64Array;

/** Targets for `count` columns, none set yet. */
export const noTargets = (count: number): Float64Array => new Float64Array(count).fill(Number.NaN);

/** The optimum being stabilised: primal values and the duals that certify them. */
export interface Optimum {
  objective: number;
  columnValues: readonly number[];
  duals: LpDuals;
}

/**
 * The tie-break program and where each column of the original went: its parts, the tie-break
 * columns `partStart[j]` to `partStart[j + 1] - 1`, sum to it.
 */
export interface TieBreakProgram {
  lp: LinearProgram;
  partStart: Int32Array;
}

/** Reduced costs and duals below this share of the program's largest cost count as zero. */
const relativeZero = 1e-9;

/**
 * The tie-break program: the optimal face (every column with a non-zero reduced cost fixed at its
 * value, every inequality row with a non-zero dual held at its active bound), with cost
 * sum_l |flow_l - reference_l|. Each free flow splits into a part up to the reference at cost -1 and
 * the rest at +1, two parallel arcs, so a network stays a network. Null without usable duals.
 * Built from the program's arrays into arrays: no object per column or term.
 */
export function buildTieBreak(
  lp: LinearProgram,
  optimum: Optimum,
  target: ColumnTargets,
): TieBreakProgram | null {
  const { reducedCosts, rowDuals } = optimum.duals;
  const n = columnCount(lp);
  if (reducedCosts.length !== n || rowDuals.length !== lp.rows.length) return null;
  const values = columnValues(lp);
  let most = 1;
  for (let j = 0; j < n; j++) most = Math.max(most, Math.abs(values.cost[j] as number));
  const zero = relativeZero * most;
  // Each column's parts: one (fixed, free at cost 0, or all at +1) or two (-1 up to the target, +1 past it).
  const partStart = new Int32Array(n + 1);
  const partOf = new Int32Array(2 * n); // the original column of each part
  const partLower = new Float64Array(2 * n);
  const partUpper = new Float64Array(2 * n);
  const partCost = new Float64Array(2 * n);
  const partSuffix = new Uint8Array(2 * n); // index into suffixes
  let parts = 0;
  const add = (j: number, suffix: number, lower: number, upper: number, cost: number) => {
    partOf[parts] = j;
    partSuffix[parts] = suffix;
    partLower[parts] = lower;
    partUpper[parts] = upper;
    partCost[parts] = cost;
    parts++;
  };
  for (let j = 0; j < n; j++) {
    partStart[j] = parts;
    const lower = values.lower[j] as number;
    const upper = values.upper[j] as number;
    const value = Math.min(Math.max(optimum.columnValues[j] ?? 0, lower), upper);
    const reference = target[j] ?? Number.NaN;
    if (Math.abs(reducedCosts[j] ?? 0) > zero) add(j, 0, value, value, 0);
    else if (Number.isNaN(reference)) add(j, 0, lower, upper, 0);
    else {
      const near = Math.min(Math.max(reference, lower), upper);
      if (near <= lower) add(j, 2, lower, upper, 1);
      else {
        add(j, 1, lower, near, -1);
        add(j, 2, 0, upper - near, 1);
      }
    }
  }
  partStart[n] = parts;
  const builder = new LpBuilder(`${lp.name} (tie-break)`, "min");
  builder.addColumnBlock(
    parts,
    (k) => `${columnName(lp, partOf[k] as number)}${suffixes[partSuffix[k] as number]}`,
    (k) => partLower[k] as number,
    (k) => partUpper[k] as number,
    (k) => partCost[k] as number,
  );
  const terms = termArrays(lp);
  lp.rows.forEach((row, i) => {
    addHeldRow(builder, row, i, terms, Math.abs(rowDuals[i] ?? 0) > zero, optimum, partStart);
  });
  return { lp: builder.build(), partStart };
}

const suffixes = ["", "-", "+"] as const;

/**
 * Row i over the tie-break columns (each term on every part of its column); with a non-zero dual,
 * an inequality held at its active bound.
 */
function addHeldRow(
  builder: LpBuilder,
  row: LpRow,
  i: number,
  terms: TermArrays,
  binding: boolean,
  optimum: Optimum,
  partStart: Int32Array,
) {
  const start = terms.start[i] as number;
  const end = terms.start[i + 1] as number;
  let { lower, upper } = row;
  if (binding && lower !== upper) {
    let activity = 0;
    for (let p = start; p < end; p++)
      activity +=
        (terms.coef[p] as number) * (optimum.columnValues[terms.column[p] as number] ?? 0);
    const bound = Math.abs(activity - lower) <= Math.abs(activity - upper) ? lower : upper;
    lower = bound;
    upper = bound;
  }
  builder.addRowWith({ name: row.name, lower, upper }, (add) => {
    for (let p = start; p < end; p++) {
      const j = terms.column[p] as number;
      const coef = terms.coef[p] as number;
      for (let part = partStart[j] as number; part < (partStart[j + 1] as number); part++)
        add(part, coef);
    }
  });
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
  const target = noTargets(columnCount(model.lp));
  for (let l = 0; l < model.laneTable.length; l++)
    target[model.flowColumn[l] as number] = tonnes(l);
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
  const target = noTargets(columnCount(model.lp));
  model.periods.forEach((period, t) => {
    const tonnes = laneTonnes(
      annual,
      reference.filter((flow) => flow.period === period.id),
    );
    const columns = model.column[t] as Int32Array;
    for (let l = 0; l < annual.laneTable.length; l++)
      target[columns[annual.flowColumn[l] as number] as number] = tonnes(l);
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
  const target = noTargets(columnCount(model.lp));
  // Lanes, legs and hub throughputs alike: routes through hubs should not swap from month to month.
  const flowColumns = [...annual.flowColumn, ...annual.legColumn, ...annual.hubColumn];
  flowColumns.forEach((j) => {
    const total = column.reduce(
      (sum, columns) => sum + (columnValues[columns[j] as number] ?? 0),
      0,
    );
    periods.forEach((period, t) => {
      target[column[t]?.[j] as number] = total * period.weight;
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
  target: Float64Array,
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
    target[column(model.legColumn[a] as number)] = legT.get(key) ?? 0;
  });
  (network.hubs ?? []).forEach((hub, h) => {
    target[column(model.hubColumn[h] as number)] = hubT.get(hub.id) ?? 0;
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
  // The table numbers destinations as `destinations` does: smelters, then ports.
  const lanes = model.laneTable;
  return (l: number): number =>
    tonnes.get(
      key(lanes.plant[l] as number, lanes.destination[l] as number, lanes.mode[l] as number),
    ) ?? 0;
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
  const { partStart } = tieBreak;
  const n = partStart.length - 1;
  const values = new Array<number>(n);
  const { cost } = columnValues(original);
  let objective = 0;
  for (let j = 0; j < n; j++) {
    let value = 0;
    for (let part = partStart[j] as number; part < (partStart[j + 1] as number); part++)
      value += tieBreakValues[part] ?? 0;
    values[j] = value;
    objective += (cost[j] as number) * value;
  }
  const allowed = tolerance * Math.max(1, Math.abs(optimum.objective));
  return Math.abs(objective - optimum.objective) <= allowed ? values : null;
}
