// Translates a network LinearProgram into a min-cost flow problem and the flow's answer back.
import {
  type ColumnValues,
  columnArraysOf,
  columnCount,
  columnValues,
  hasIntegerColumns,
  type LinearProgram,
  type LpDuals,
  type LpRow,
  type TermArrays,
  termArrays,
} from "../../../models/lp.ts";
import type { MinCostFlowProblem } from "./min-cost-flow.ts";
import { sameBytes } from "./same-bytes.ts";

/** How column j's value is read from the flow of its arc(s). */
const forward = 0; // x = flow(arc)
const reversed = 1; // x = -flow(arc): the column has no lower bound, so its arc runs backwards
const split = 2; // x = flow(arc) - flow(arc + 1): a free column

export interface NetworkTranslation {
  problem: MinCostFlowProblem;
  /** The node standing for everything outside the rows: it balances every row's slack. */
  ground: number;
  /** Node of each row; a free row constrains nothing and is merged into the ground node. */
  rowNode: Int32Array;
  /** Row with the +1 of column j (the head of its arc), or -1. */
  head: Int32Array;
  /** Row with the -1 of column j (the tail of its arc), or -1. */
  tail: Int32Array;
  columnArc: Int32Array;
  columnKind: Uint8Array;
  /** Every column has a finite lower bound: column j is arc j, forward (the usual case). */
  forwardOnly: boolean;
}

export interface TranslatedSolution {
  objective: number;
  columnValues: number[];
  duals: LpDuals;
}

/** Why a program is not a network, naming the first column that breaks the pattern. */
export interface NotANetwork {
  notANetwork: string;
}

/**
 * Row i reads `lower <= inflow - outflow <= upper`, inflow being its +1 columns. Each row is a
 * node, plus one ground node. A column with +1 in row h and -1 in row t is an arc t -> h (an
 * absent row is the ground). An equality row withdraws its right-hand side from its node (the
 * ground supplies it); any other row gets a slack arc node -> ground carrying exactly
 * `inflow - outflow`, with the row's bounds (turned ground -> node, bounds negated, when only the
 * upper one is finite). Columns without a lower bound are turned round the same way, or split in
 * two opposite arcs when free. A maximisation minimises the negated costs. The program must be
 * well-formed (see assertWellFormed).
 */
export function toMinCostFlow(lp: LinearProgram): NetworkTranslation | NotANetwork {
  // Read once: a program without column arrays has its column objects copied into arrays here.
  const values = columnValues(lp);
  const ends = columnEnds(lp, values);
  if ("notANetwork" in ends) return ends;
  const { rows } = lp;
  const ground = rows.length;
  const { rowNode, arcCount } = ends;
  const arcs: ArcArrays = {
    source: new Int32Array(arcCount),
    target: new Int32Array(arcCount),
    lower: new Float64Array(arcCount),
    upper: new Float64Array(arcCount).fill(Infinity),
    cost: new Float64Array(arcCount),
  };
  const {
    columnArc,
    columnKind,
    arc: rowArcsFrom,
    forwardOnly,
  } = columnArcs(lp, values, ends, arcs);
  const supply = new Float64Array(rows.length + 1);
  let arc = rowArcsFrom;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as LpRow;
    if (rowNode[i] === ground) continue;
    if (row.lower === row.upper) {
      supply[i] = -row.lower;
      supply[ground] = (supply[ground] as number) + row.lower;
    } else if (row.lower > -Infinity) {
      arcs.source[arc] = i;
      arcs.target[arc] = ground;
      arcs.lower[arc] = row.lower;
      arcs.upper[arc++] = row.upper;
    } else {
      arcs.source[arc] = ground;
      arcs.target[arc] = i;
      arcs.lower[arc++] = -row.upper;
    }
  }
  return {
    problem: { nodeCount: rows.length + 1, supply, ...arcs },
    ground,
    rowNode,
    head: ends.head,
    tail: ends.tail,
    columnArc,
    columnKind,
    forwardOnly,
  };
}

type ArcArrays = Pick<MinCostFlowProblem, "source" | "target" | "lower" | "upper" | "cost">;

interface ColumnEnds {
  /** Row of each column's +1 (head) and -1 (tail) coefficient; -1: the ground. */
  head: Int32Array;
  tail: Int32Array;
  /** Node of each row: itself, or the ground for a free row. */
  rowNode: Int32Array;
  arcCount: number;
}

/** Each column's two ends, or why the program is not a network; and how many arcs it takes. */
function columnEnds(lp: LinearProgram, values: ColumnValues): ColumnEnds | NotANetwork {
  const { rows } = lp;
  const columns = columnCount(lp);
  const head = new Int32Array(columns).fill(-1);
  const tail = new Int32Array(columns).fill(-1);
  const rowNode = new Int32Array(rows.length);
  const { start, column, coef } = termArrays(lp);
  let arcCount = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as LpRow;
    const free = row.lower === -Infinity && row.upper === Infinity;
    rowNode[i] = free ? rows.length : i;
    if (!free && row.lower !== row.upper) arcCount++;
    for (let p = start[i] as number, end = start[i + 1] as number; p < end; p++) {
      const a = coef[p] as number;
      if (a === 0) continue;
      const j = column[p] as number;
      const ends = a === 1 ? head : a === -1 ? tail : undefined;
      if (!ends || ends[j] !== -1) {
        const name = lp.columns[j]?.name;
        return {
          notANetwork: `column ${j} (${name}) has ${ends ? "a second" : "a"} coefficient ${a} in row ${i} (${row.name})`,
        };
      }
      ends[j] = i;
    }
  }
  const { lower, upper } = values;
  for (let j = 0; j < columns; j++)
    arcCount += lower[j] === -Infinity && upper[j] === Infinity ? 2 : 1;
  return { head, tail, rowNode, arcCount };
}

/** The arcs of the columns, first in `arcs`: one each, turned round or split in two as needed. */
function columnArcs(lp: LinearProgram, values: ColumnValues, ends: ColumnEnds, arcs: ArcArrays) {
  const { source, target, lower, upper, cost } = arcs;
  const ground = lp.rows.length;
  const sign = lp.sense === "max" ? -1 : 1;
  const count = columnCount(lp);
  const columnArc = new Int32Array(count);
  const columnKind = new Uint8Array(count);
  let arc = 0;
  let forwardOnly = true;
  for (let j = 0; j < count; j++) {
    const h = ends.head[j] as number;
    const t = ends.tail[j] as number;
    const into = h < 0 ? ground : (ends.rowNode[h] as number);
    const from = t < 0 ? ground : (ends.rowNode[t] as number);
    const l = values.lower[j] as number;
    const u = values.upper[j] as number;
    const c = sign * (values.cost[j] as number);
    columnArc[j] = arc;
    if (l > -Infinity) {
      columnKind[j] = forward;
      source[arc] = from;
      target[arc] = into;
      lower[arc] = l;
      upper[arc] = u;
      cost[arc++] = c;
    } else if (u < Infinity) {
      forwardOnly = false;
      columnKind[j] = reversed;
      source[arc] = into;
      target[arc] = from;
      lower[arc] = -u;
      cost[arc++] = -c;
    } else {
      forwardOnly = false;
      columnKind[j] = split;
      source[arc] = from;
      target[arc] = into;
      cost[arc++] = c;
      source[arc] = into;
      target[arc] = from;
      cost[arc++] = -c;
    }
  }
  return { columnArc, columnKind, arc, forwardOnly };
}

/**
 * An array of `count` numbers to be filled: made as an array of doubles from the start, it is not
 * converted (from small integers) on the first write, which cost about as much as the filling.
 */
function doubles(count: number): number[] {
  const array = [0.5];
  array.length = count;
  return array;
}

/** A negated zero flow or price would read as -0; adding 0 makes it +0. */
const plain = (x: number): number => x + 0;

/**
 * Reads the program's answer off an optimal flow. Node potentials are marginal costs of the
 * minimisation (`potentials[v] - potentials[ground]` is what one more unit withdrawn at v costs),
 * and raising the active bound of row i withdraws one more unit at its node, so
 * `rowDuals[i] = d(objective)/d(bound) = sign * (potentials[node(i)] - potentials[ground])`, with
 * sign -1 for a maximisation whose costs were negated. A free row gets 0. Reduced costs follow
 * from the rows' duals as `cost[j] - sum_i rowDuals[i] * a[i][j]`.
 */
export function fromMinCostFlow(
  lp: LinearProgram,
  translation: NetworkTranslation,
  flows: Float64Array,
  potentials: Float64Array,
): TranslatedSolution {
  const { ground, rowNode, columnArc } = translation;
  const sign = lp.sense === "max" ? -1 : 1;
  const groundPrice = potentials[ground] as number;
  const rowDuals: number[] = [];
  for (const v of rowNode) {
    rowDuals.push(v === ground ? 0 : plain(sign * ((potentials[v] as number) - groundPrice)));
  }
  const count = columnArc.length;
  const columnValues = doubles(count);
  const reducedCosts = doubles(count);
  const duals = Float64Array.from(rowDuals);
  const read = translation.forwardOnly ? readForwardColumns : readColumns;
  const objective = read(translation, sign, flows, duals, columnValues, reducedCosts);
  return { objective, columnValues, duals: { rowDuals, reducedCosts } };
}

/**
 * Fills each column's value and reduced cost, and returns the objective. Costs are read back from
 * the arcs (negating is exact), not from the columns: a typed array reads much faster than a field
 * of thousands of objects. A function of its own, so that its loop is compiled apart from the
 * code after it (see unshift in min-cost-flow.ts).
 */
function readColumns(
  translation: NetworkTranslation,
  sign: number,
  flows: Float64Array,
  duals: Float64Array,
  columnValues: number[],
  reducedCosts: number[],
): number {
  const { head, tail, columnArc, columnKind } = translation;
  const { cost } = translation.problem;
  let objective = 0;
  for (let j = 0; j < columnArc.length; j++) {
    const a = columnArc[j] as number;
    const kind = columnKind[j];
    const columnCost = sign * (kind === reversed ? -(cost[a] as number) : (cost[a] as number));
    const x =
      kind === forward
        ? (flows[a] as number)
        : kind === reversed
          ? -(flows[a] as number)
          : (flows[a] as number) - (flows[a + 1] as number);
    columnValues[j] = plain(x);
    objective += columnCost * x;
    reducedCosts[j] = plain(columnCost - priced(duals, head[j] as number, tail[j] as number));
  }
  return objective;
}

/** readColumns when column j is arc j, forward (NetworkTranslation.forwardOnly). */
function readForwardColumns(
  translation: NetworkTranslation,
  sign: number,
  flows: Float64Array,
  duals: Float64Array,
  columnValues: number[],
  reducedCosts: number[],
): number {
  const { head, tail } = translation;
  const { cost } = translation.problem;
  let objective = 0;
  for (let j = 0; j < head.length; j++) {
    const columnCost = sign * (cost[j] as number);
    const x = flows[j] as number;
    columnValues[j] = plain(x);
    objective += columnCost * x;
    reducedCosts[j] = plain(columnCost - priced(duals, head[j] as number, tail[j] as number));
  }
  return objective;
}

/** What the rows' duals charge a column whose +1 is in row h and -1 in row t (-1: none). */
const priced = (duals: Float64Array, h: number, t: number): number =>
  (h < 0 ? 0 : (duals[h] as number)) - (t < 0 ? 0 : (duals[t] as number));

/**
 * The translation of `lp` made from `previous`'s, when `lp` has the same rows and terms as
 * `previous` and each row and column keeps its kind of bounds (equality, lower bound, upper bound
 * only, free): its arcs are kept (the very source and target arrays, so a warm solve can tell at a
 * glance that the network is the same) and only costs, bounds and supplies are read again. Each of
 * the cost, lower, upper and supply arrays is the previous one itself when none of its entries
 * changed (so a warm solve need not compare them), a copy otherwise. Undefined when more changed,
 * or `lp` is not well-formed or has integer columns (the full path then checks and reports it):
 * so what passes here needs no other check.
 */
export function retranslation(
  previous: LinearProgram,
  translation: NetworkTranslation,
  lp: LinearProgram,
): NetworkTranslation | undefined {
  const { rows } = lp;
  if (lp.sense !== previous.sense || columnCount(lp) !== columnCount(previous)) return undefined;
  if (!sameTerms(previous, translation, lp)) return undefined;
  const { problem, rowNode, ground } = translation;
  // What hasIntegerColumns would refuse, then (while reading) what assertWellFormed would.
  const arrays = columnArraysOf(lp);
  if (arrays ? arrays.integerCount > 0 : hasIntegerColumns(lp)) return undefined;
  const read = rereadColumns(translation, columnValues(lp), lp.sense === "max" ? -1 : 1);
  if (!read) return undefined;
  let { cost, lower, upper, arc } = read;
  const supply = new Float64Array(problem.nodeCount);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as LpRow;
    const rowLower = row.lower;
    const rowUpper = row.upper;
    if (!(rowLower <= rowUpper && rowLower !== Infinity && rowUpper !== -Infinity))
      return undefined;
    const kind = rowKindOf(rowLower, rowUpper);
    const previousRow = previous.rows[i] as LpRow;
    if (kind !== rowKindOf(previousRow.lower, previousRow.upper)) return undefined;
    if (rowNode[i] === ground) continue;
    if (kind === equality) {
      supply[i] = -rowLower;
      supply[ground] = (supply[ground] as number) + rowLower;
      continue;
    }
    const lowerHere = kind === lowerBounded ? rowLower : -rowUpper;
    const upperHere = kind === lowerBounded ? rowUpper : Infinity;
    if (lower[arc] !== lowerHere) {
      if (lower === problem.lower) lower = lower.slice();
      lower[arc] = lowerHere;
    }
    if (upper[arc] !== upperHere) {
      if (upper === problem.upper) upper = upper.slice();
      upper[arc] = upperHere;
    }
    arc++;
  }
  const changed = {
    supply: sameValues(supply, problem.supply) ? problem.supply : supply,
    lower,
    upper,
    cost,
  };
  return { ...translation, problem: { ...problem, ...changed } };
}

/** The arcs' costs and bounds as a retranslation reads them, and the first arc after the columns'. */
interface RereadArcs {
  cost: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  arc: number;
}

/**
 * The arcs' costs and bounds read again from the columns' values (retranslation), each array the
 * translation's own while none of its entries changes and a copy from the first that does; with
 * the arc after the columns'. Undefined when a column is not well-formed or changed its kind of
 * bounds.
 */
function rereadColumns(
  translation: NetworkTranslation,
  values: ColumnValues,
  sign: number,
): RereadArcs | undefined {
  if (translation.forwardOnly) return rereadForwardColumns(translation, values, sign);
  const { problem, columnArc, columnKind } = translation;
  let cost = problem.cost;
  let lower = problem.lower;
  let upper = problem.upper;
  let arc = 0;
  for (let j = 0; j < columnArc.length; j++) {
    const l = values.lower[j] as number;
    const u = values.upper[j] as number;
    const c = sign * (values.cost[j] as number);
    if (!Number.isFinite(c) || !(l <= u && l !== Infinity && u !== -Infinity)) return undefined;
    const kind = columnKind[j];
    if (kind !== (l > -Infinity ? forward : u < Infinity ? reversed : split)) return undefined;
    arc = columnArc[j] as number;
    const lowerHere = kind === forward ? l : kind === reversed ? -u : 0;
    if (lower[arc] !== lowerHere) {
      if (lower === problem.lower) lower = lower.slice();
      lower[arc] = lowerHere;
    }
    if (kind === forward && upper[arc] !== u) {
      if (upper === problem.upper) upper = upper.slice();
      upper[arc] = u;
    }
    const costHere = kind === reversed ? -c : c;
    if (cost[arc] !== costHere || (kind === split && cost[arc + 1] !== -c)) {
      if (cost === problem.cost) cost = cost.slice();
      cost[arc] = costHere;
      if (kind === split) cost[arc + 1] = -c;
    }
    arc += kind === split ? 2 : 1;
  }
  return { cost, lower, upper, arc };
}

/**
 * rereadColumns when every column is forward (column j is arc j, with the column's bounds and
 * cost): a column whose bounds equal its arc's passed every check when they were first read, so
 * only the columns from the first changed bound on are checked, and each array is compared in a
 * loop of its own (about three times faster than one loop over the columns that does it all).
 */
function rereadForwardColumns(
  translation: NetworkTranslation,
  values: ColumnValues,
  sign: number,
): RereadArcs | undefined {
  const { problem } = translation;
  const count = translation.columnArc.length;
  let { cost, lower, upper } = problem;
  const lowerFrom = firstDifference(values.lower, lower, 1, count);
  const upperFrom = firstDifference(values.upper, upper, 1, count);
  if (!keepFiniteLower(values.lower, values.upper, Math.min(lowerFrom, upperFrom), count))
    return undefined;
  if (lowerFrom < count) lower = withValues(lower, values.lower, 1, lowerFrom, count);
  if (upperFrom < count) upper = withValues(upper, values.upper, 1, upperFrom, count);
  const costFrom = firstDifference(values.cost, cost, sign, count);
  if (costFrom < count) {
    if (!finiteFrom(values.cost, costFrom, count)) return undefined;
    cost = withValues(cost, values.cost, sign, costFrom, count);
  }
  return { cost, lower, upper, arc: count };
}

/** The first j below `count` where `sign * now[j]` is not `kept[j]`, or `count`. */
function firstDifference(now: Float64Array, kept: Float64Array, sign: number, count: number) {
  // The kept arrays are an arc's bounds and costs, checked when read: no NaN.
  if (sign === 1 && sameBytes(now, kept, count)) return count;
  for (let j = 0; j < count; j++) if (sign * (now[j] as number) !== kept[j]) return j;
  return count;
}

/** Whether columns `from` to `count - 1` keep a finite lower bound not above the upper one. */
function keepFiniteLower(lower: Float64Array, upper: Float64Array, from: number, count: number) {
  for (let j = from; j < count; j++) {
    const l = lower[j] as number;
    if (!(l > -Infinity && l <= (upper[j] as number) && l !== Infinity)) return false;
  }
  return true;
}

function finiteFrom(values: Float64Array, from: number, count: number): boolean {
  for (let j = from; j < count; j++) if (!Number.isFinite(values[j] as number)) return false;
  return true;
}

/** A copy of `kept` with entries `from` to `count - 1` set to `sign` times `now`'s. */
function withValues(
  kept: Float64Array,
  now: Float64Array,
  sign: number,
  from: number,
  count: number,
): Float64Array {
  const copy = kept.slice();
  for (let j = from; j < count; j++) copy[j] = sign * (now[j] as number);
  return copy;
}

function sameValues(x: Float64Array, y: Float64Array): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/**
 * Whether `lp`'s rows have the very terms of `previous`'s (same columns, same coefficients, same
 * order), compared as arrays: the programs' own row terms when they have them (the kept ones are
 * then `previous`'s own, nothing copied), else a flat copy, kept per translation.
 */
function sameTerms(previous: LinearProgram, translation: NetworkTranslation, lp: LinearProgram) {
  let kept = keptTerms.get(translation.head);
  if (!kept) {
    const terms = termArrays(previous);
    // Counted now: a builder's row terms may grow after this (entries already there stay).
    kept = { terms, rowCount: terms.rowCount, count: terms.start[terms.rowCount] as number };
    keptTerms.set(translation.head, kept);
  }
  if (lp.rows.length !== kept.rowCount) return false;
  const now = termArrays(lp);
  if (now.oddTerm) return false;
  if (now === kept.terms) return true;
  const { start, column, coef } = kept.terms;
  for (let i = 0; i <= kept.rowCount; i++) if (now.start[i] !== start[i]) return false;
  return sameEntries(now.column, column, now.coef, coef, kept.count);
}

/**
 * Whether the first `count` columns and coefficients of two programs' terms are the same: as bytes
 * first (the kept ones were checked finite), then, unless that settled it, as values.
 */
function sameEntries(
  column: Int32Array,
  keptColumn: Int32Array,
  coef: Float64Array,
  keptCoef: Float64Array,
  count: number,
): boolean {
  if (sameBytes(column, keptColumn, count) && sameBytes(coef, keptCoef, count)) return true;
  for (let p = 0; p < count; p++)
    if (column[p] !== keptColumn[p] || coef[p] !== keptCoef[p]) return false;
  return true;
}

/** Kept per translation's arcs (shared by the translations made from it by retranslation). */
const keptTerms = new WeakMap<Int32Array, { terms: TermArrays; rowCount: number; count: number }>();

const free = 0;
const equality = 1;
const lowerBounded = 2;
const upperOnly = 3;
const rowKindOf = (lower: number, upper: number): number =>
  lower === -Infinity && upper === Infinity
    ? free
    : lower === upper
      ? equality
      : lower > -Infinity
        ? lowerBounded
        : upperOnly;
