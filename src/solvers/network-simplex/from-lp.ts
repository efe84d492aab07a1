// Translates a network LinearProgram into a min-cost flow problem and the flow's answer back.
import type { LinearProgram, LpColumn, LpDuals, LpRow } from "../../../models/lp.ts";
import type { MinCostFlowProblem } from "./min-cost-flow.ts";

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
  const ends = columnEnds(lp);
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
  const { columnArc, columnKind, arc: rowArcsFrom } = columnArcs(lp, ends, arcs);
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
function columnEnds(lp: LinearProgram): ColumnEnds | NotANetwork {
  const { rows, columns } = lp;
  const head = new Int32Array(columns.length).fill(-1);
  const tail = new Int32Array(columns.length).fill(-1);
  const rowNode = new Int32Array(rows.length);
  let arcCount = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as LpRow;
    const free = row.lower === -Infinity && row.upper === Infinity;
    rowNode[i] = free ? rows.length : i;
    if (!free && row.lower !== row.upper) arcCount++;
    for (const { column, coef } of row.terms) {
      if (coef === 0) continue;
      const ends = coef === 1 ? head : coef === -1 ? tail : undefined;
      if (!ends || ends[column] !== -1) {
        const name = columns[column]?.name;
        return {
          notANetwork: `column ${column} (${name}) has ${ends ? "a second" : "a"} coefficient ${coef} in row ${i} (${row.name})`,
        };
      }
      ends[column] = i;
    }
  }
  for (const column of columns)
    arcCount += column.lower === -Infinity && column.upper === Infinity ? 2 : 1;
  return { head, tail, rowNode, arcCount };
}

/** The arcs of the columns, first in `arcs`: one each, turned round or split in two as needed. */
function columnArcs(lp: LinearProgram, ends: ColumnEnds, arcs: ArcArrays) {
  const { source, target, lower, upper, cost } = arcs;
  const ground = lp.rows.length;
  const sign = lp.sense === "max" ? -1 : 1;
  const columnArc = new Int32Array(lp.columns.length);
  const columnKind = new Uint8Array(lp.columns.length);
  let arc = 0;
  lp.columns.forEach((column, j) => {
    const h = ends.head[j] as number;
    const t = ends.tail[j] as number;
    const into = h < 0 ? ground : (ends.rowNode[h] as number);
    const from = t < 0 ? ground : (ends.rowNode[t] as number);
    const c = sign * column.cost;
    columnArc[j] = arc;
    if (column.lower > -Infinity) {
      columnKind[j] = forward;
      source[arc] = from;
      target[arc] = into;
      lower[arc] = column.lower;
      upper[arc] = column.upper;
      cost[arc++] = c;
    } else if (column.upper < Infinity) {
      columnKind[j] = reversed;
      source[arc] = into;
      target[arc] = from;
      lower[arc] = -column.upper;
      cost[arc++] = -c;
    } else {
      columnKind[j] = split;
      source[arc] = from;
      target[arc] = into;
      cost[arc++] = c;
      source[arc] = into;
      target[arc] = from;
      cost[arc++] = -c;
    }
  });
  return { columnArc, columnKind, arc };
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
  const { ground, rowNode, head, tail, columnArc, columnKind } = translation;
  const sign = lp.sense === "max" ? -1 : 1;
  const groundPrice = potentials[ground] as number;
  const rowDuals: number[] = [];
  for (const v of rowNode) {
    rowDuals.push(v === ground ? 0 : plain(sign * ((potentials[v] as number) - groundPrice)));
  }
  const columnValues = new Array<number>(lp.columns.length);
  const reducedCosts = new Array<number>(lp.columns.length);
  let objective = 0;
  for (let j = 0; j < lp.columns.length; j++) {
    const columnCost = (lp.columns[j] as LpColumn).cost;
    const a = columnArc[j] as number;
    const kind = columnKind[j];
    const x =
      kind === forward
        ? (flows[a] as number)
        : kind === reversed
          ? -(flows[a] as number)
          : (flows[a] as number) - (flows[a + 1] as number);
    columnValues[j] = plain(x);
    objective += columnCost * x;
    const h = head[j] as number;
    const t = tail[j] as number;
    const priced = (h < 0 ? 0 : (rowDuals[h] as number)) - (t < 0 ? 0 : (rowDuals[t] as number));
    reducedCosts[j] = plain(columnCost - priced);
  }
  return { objective, columnValues, duals: { rowDuals, reducedCosts } };
}

/**
 * The translation of `lp` made from `previous`'s, when `lp` has the same rows and terms as
 * `previous` and each row and column keeps its kind of bounds (equality, lower bound, upper bound
 * only, free): its arcs are kept (the very source and target arrays, so a warm solve can tell at a
 * glance that the network is the same) and only costs, bounds and supplies are read again.
 * Undefined when more changed, or a cost is not finite (the full translation then checks the
 * program).
 */
export function retranslation(
  previous: LinearProgram,
  translation: NetworkTranslation,
  lp: LinearProgram,
): NetworkTranslation | undefined {
  const { rows, columns } = lp;
  if (lp.sense !== previous.sense || columns.length !== previous.columns.length) return undefined;
  if (!sameTerms(rows, previous.rows)) return undefined;
  const { problem, columnArc, columnKind, rowNode, ground } = translation;
  const sign = lp.sense === "max" ? -1 : 1;
  const cost = problem.cost.slice();
  const lower = problem.lower.slice();
  const upper = problem.upper.slice();
  let arc = 0;
  for (let j = 0; j < columns.length; j++) {
    const column = columns[j] as LpColumn;
    if (!Number.isFinite(column.cost) || columnKindOf(column) !== columnKind[j]) return undefined;
    const c = sign * column.cost;
    arc = columnArc[j] as number;
    if (columnKind[j] === forward) {
      lower[arc] = column.lower;
      upper[arc] = column.upper;
      cost[arc++] = c;
    } else if (columnKind[j] === reversed) {
      lower[arc] = -column.upper;
      cost[arc++] = -c;
    } else {
      cost[arc++] = c;
      cost[arc++] = -c;
    }
  }
  const supply = new Float64Array(problem.nodeCount);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as LpRow;
    const kind = rowKindOf(row);
    if (kind !== rowKindOf(previous.rows[i] as LpRow)) return undefined;
    if (rowNode[i] === ground) continue;
    if (kind === equality) {
      supply[i] = -row.lower;
      supply[ground] = (supply[ground] as number) + row.lower;
    } else if (kind === lowerBounded) {
      lower[arc] = row.lower;
      upper[arc++] = row.upper;
    } else {
      lower[arc++] = -row.upper;
    }
  }
  return { ...translation, problem: { ...problem, supply, lower, upper, cost } };
}

const columnKindOf = (column: LpColumn): number =>
  column.lower > -Infinity ? forward : column.upper < Infinity ? reversed : split;

const free = 0;
const equality = 1;
const lowerBounded = 2;
const upperOnly = 3;
const rowKindOf = (row: LpRow): number =>
  row.lower === -Infinity && row.upper === Infinity
    ? free
    : row.lower === row.upper
      ? equality
      : row.lower > -Infinity
        ? lowerBounded
        : upperOnly;

/** The same rows with the same terms; their bounds may differ. */
function sameTerms(a: readonly LpRow[], b: readonly LpRow[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = (a[i] as LpRow).terms;
    const y = (b[i] as LpRow).terms;
    if (x === y) continue;
    if (x.length !== y.length) return false;
    for (let k = 0; k < x.length; k++) {
      const s = x[k];
      const t = y[k];
      if (s?.column !== t?.column || s?.coef !== t?.coef) return false;
    }
  }
  return true;
}
