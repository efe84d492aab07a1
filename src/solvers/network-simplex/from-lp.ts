// Translates a network LinearProgram into a min-cost flow problem and the flow's answer back.
import type { LinearProgram, LpDuals } from "../../../models/lp.ts";
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

function finite(what: string, lower: number, upper: number): void {
  if (Number.isNaN(lower) || Number.isNaN(upper) || lower === Infinity || upper === -Infinity)
    throw new RangeError(`${what} has bounds [${lower}, ${upper}]`);
}

/**
 * Row i reads `lower <= inflow - outflow <= upper`, inflow being its +1 columns. Each row is a
 * node, plus one ground node. A column with +1 in row h and -1 in row t is an arc t -> h (an
 * absent row is the ground). An equality row withdraws its right-hand side from its node (the
 * ground supplies it); any other row gets a slack arc node -> ground carrying exactly
 * `inflow - outflow`, with the row's bounds (turned ground -> node, bounds negated, when only the
 * upper one is finite). Columns without a lower bound are turned round the same way, or split in
 * two opposite arcs when free. A maximisation minimises the negated costs. Throws unless the
 * program is a network with bounds that are numbers, lower ones not +Infinity, upper not -Infinity.
 */
export function toMinCostFlow(lp: LinearProgram): NetworkTranslation {
  const rowCount = lp.rows.length;
  const columnCount = lp.columns.length;
  const ground = rowCount;
  const head = new Int32Array(columnCount).fill(-1);
  const tail = new Int32Array(columnCount).fill(-1);
  lp.rows.forEach((row, i) => {
    finite(`row ${i} (${row.name})`, row.lower, row.upper);
    for (const { column, coef } of row.terms) {
      if (coef === 0) continue;
      const ends = coef === 1 ? head : coef === -1 ? tail : undefined;
      if (!ends || ends[column] === undefined || ends[column] !== -1)
        throw new RangeError(`column ${column} makes "${lp.name}" not a network program`);
      ends[column] = i;
    }
  });

  const rowNode = new Int32Array(rowCount);
  let arcCount = 0;
  lp.rows.forEach((row, i) => {
    const free = row.lower === -Infinity && row.upper === Infinity;
    rowNode[i] = free ? ground : i;
    if (!free && row.lower !== row.upper) arcCount++;
  });
  lp.columns.forEach((column, j) => {
    finite(`column ${j} (${column.name})`, column.lower, column.upper);
    arcCount += column.lower === -Infinity && column.upper === Infinity ? 2 : 1;
  });

  const supply = new Float64Array(rowCount + 1);
  const source = new Int32Array(arcCount);
  const target = new Int32Array(arcCount);
  const lower = new Float64Array(arcCount);
  const upper = new Float64Array(arcCount);
  const cost = new Float64Array(arcCount);
  let arc = 0;
  const addArc = (from: number, to: number, low: number, high: number, unitCost: number) => {
    source[arc] = from;
    target[arc] = to;
    lower[arc] = low;
    upper[arc] = high;
    cost[arc] = unitCost;
    return arc++;
  };

  const sign = lp.sense === "max" ? -1 : 1;
  const columnArc = new Int32Array(columnCount);
  const columnKind = new Uint8Array(columnCount);
  lp.columns.forEach((column, j) => {
    const h = head[j] as number;
    const t = tail[j] as number;
    const into = h < 0 ? ground : (rowNode[h] as number);
    const from = t < 0 ? ground : (rowNode[t] as number);
    const c = sign * column.cost;
    if (column.lower > -Infinity) {
      columnArc[j] = addArc(from, into, column.lower, column.upper, c);
      columnKind[j] = forward;
    } else if (column.upper < Infinity) {
      columnArc[j] = addArc(into, from, -column.upper, Infinity, -c);
      columnKind[j] = reversed;
    } else {
      columnArc[j] = addArc(from, into, 0, Infinity, c);
      addArc(into, from, 0, Infinity, -c);
      columnKind[j] = split;
    }
  });

  lp.rows.forEach((row, i) => {
    if (rowNode[i] === ground) return;
    if (row.lower === row.upper) {
      supply[i] = -row.lower;
      supply[ground] = (supply[ground] as number) + row.lower;
    } else if (row.lower > -Infinity) {
      addArc(i, ground, row.lower, row.upper, 0);
    } else {
      addArc(ground, i, -row.upper, Infinity, 0);
    }
  });

  return {
    problem: { nodeCount: rowCount + 1, supply, source, target, lower, upper, cost },
    ground,
    rowNode,
    head,
    tail,
    columnArc,
    columnKind,
  };
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
  const rowDuals = Array.from(rowNode, (v) =>
    v === ground ? 0 : plain(sign * ((potentials[v] as number) - groundPrice)),
  );
  const columnValues: number[] = [];
  const reducedCosts: number[] = [];
  let objective = 0;
  lp.columns.forEach((column, j) => {
    const a = columnArc[j] as number;
    const kind = columnKind[j];
    const x =
      kind === forward
        ? (flows[a] as number)
        : kind === reversed
          ? -(flows[a] as number)
          : (flows[a] as number) - (flows[a + 1] as number);
    columnValues.push(plain(x));
    objective += column.cost * x;
    const h = head[j] as number;
    const t = tail[j] as number;
    reducedCosts.push(
      plain(
        column.cost - (h < 0 ? 0 : (rowDuals[h] as number)) + (t < 0 ? 0 : (rowDuals[t] as number)),
      ),
    );
  });
  return { objective, columnValues, duals: { rowDuals, reducedCosts } };
}
