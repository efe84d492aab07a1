// The solver-neutral linear program: named columns with bounds, named ranged rows, one objective.

/** A decision variable: `lower <= x <= upper`, contributing `cost * x` to the objective. */
export interface LpColumn {
  name: string;
  lower: number; // may be -Infinity
  upper: number; // may be Infinity
  cost: number;
  /** The column takes whole values only (formulation.md, lots): the program is then a MILP. */
  integer?: boolean;
}

/** A sparse coefficient: `coef * x[column]`, where `column` is an index into `columns`. */
export interface LpTerm {
  column: number;
  coef: number;
}

/** A ranged row: `lower <= sum(terms) <= upper`; lower === upper is an equality. */
export interface LpRow {
  name: string;
  terms: LpTerm[];
  lower: number; // may be -Infinity
  upper: number; // may be Infinity
}

export type LpSense = "min" | "max";

export interface LinearProgram {
  name: string;
  sense: LpSense;
  columns: LpColumn[];
  rows: LpRow[];
  /**
   * The columns' bounds and costs in arrays, when every column is a view of them (LpBuilder's
   * stored columns): what the solvers' loops over a million columns read instead of the objects.
   * Only for the very `columns` array it was made with (columnArraysOf checks).
   */
  columnArrays?: ColumnArrays;
}

/**
 * Bounds and costs of columns by index, grown as columns are added. The column objects that read
 * and write them (StoredColumn, and the model's lane columns) keep the two in step, so a column
 * changed in place is changed here too.
 */
export class ColumnArrays {
  lower = new Float64Array(16);
  upper = new Float64Array(16);
  cost = new Float64Array(16);
  length = 0;
  /** Columns marked integer (a MILP when > 0). */
  integerCount = 0;

  /** `columns`: the array of column objects these values are for. */
  constructor(readonly columns: readonly LpColumn[]) {}

  /** A new entry's index. */
  push(lower: number, upper: number, cost: number): number {
    const j = this.length;
    if (j === this.lower.length) {
      const grown = (from: Float64Array) => {
        const to = new Float64Array(2 * from.length);
        to.set(from);
        return to;
      };
      this.lower = grown(this.lower);
      this.upper = grown(this.upper);
      this.cost = grown(this.cost);
    }
    this.lower[j] = lower;
    this.upper[j] = upper;
    this.cost[j] = cost;
    this.length = j + 1;
    return j;
  }
}

/** `lp`'s column arrays when they hold all of its columns (see LinearProgram.columnArrays). */
export function columnArraysOf(lp: LinearProgram): ColumnArrays | undefined {
  const arrays = lp.columnArrays;
  return arrays && arrays.columns === lp.columns && arrays.length === lp.columns.length
    ? arrays
    : undefined;
}

/** Bounds and costs of a program's columns by index (arrays may be longer than the program). */
export interface ColumnValues {
  lower: Float64Array;
  upper: Float64Array;
  cost: Float64Array;
}

/**
 * `lp`'s column bounds and costs as arrays: its own column arrays when it has them (nothing is
 * copied), else read from the column objects in one pass.
 */
export function columnValues(lp: LinearProgram): ColumnValues {
  const arrays = columnArraysOf(lp);
  if (arrays) return arrays;
  const { columns } = lp;
  const values = {
    lower: new Float64Array(columns.length),
    upper: new Float64Array(columns.length),
    cost: new Float64Array(columns.length),
  };
  for (let j = 0; j < columns.length; j++) {
    const column = columns[j] as LpColumn;
    values.lower[j] = column.lower;
    values.upper[j] = column.upper;
    values.cost[j] = column.cost;
  }
  return values;
}

/** A column that is a view of its entry in ColumnArrays. */
export interface StoredColumnView extends LpColumn {
  readonly values: ColumnArrays;
  readonly j: number;
}

/**
 * Gives `view`'s instances StoredColumn's lower, upper and cost accessors, which read and write
 * `this.values` at `this.j`: for a class that is a column view but has another base class.
 */
export function withStoredAccessors(view: { prototype: StoredColumnView }): void {
  for (const key of ["lower", "upper", "cost"] as const) {
    const accessor = Object.getOwnPropertyDescriptor(StoredColumn.prototype, key);
    if (accessor) Object.defineProperty(view.prototype, key, accessor);
  }
}

/** A column whose bounds and cost live in ColumnArrays (LpBuilder.addStoredColumn). */
export class StoredColumn implements StoredColumnView {
  constructor(
    readonly values: ColumnArrays,
    readonly j: number,
    readonly name: string,
    readonly integer?: true,
  ) {}

  get lower(): number {
    return this.values.lower[this.j] as number;
  }
  set lower(value: number) {
    this.values.lower[this.j] = value;
  }
  get upper(): number {
    return this.values.upper[this.j] as number;
  }
  set upper(value: number) {
    this.values.upper[this.j] = value;
  }
  get cost(): number {
    return this.values.cost[this.j] as number;
  }
  set cost(value: number) {
    this.values.cost[this.j] = value;
  }
}

/** Terminal outcomes of a solve. Read values only after checking `status`. */
export type LpStatus = "optimal" | "infeasible" | "unbounded" | "timeLimit" | "error";

export interface SolverInfo {
  id: string;
  version: string;
  ms: number;
  /**
   * Only for a program with integer columns: the relative gap |primal - dual bound| / |primal| of
   * the answer, and whether branch and bound proved it ("optimal") or the time limit stopped it
   * with this incumbent ("timeLimit").
   */
  mipGap?: number;
  mipStatus?: "optimal" | "timeLimit";
  /**
   * Only from a network simplex that keeps bases (a re-solve of a dataset with a known shape):
   * whether this solve started from a kept optimal basis (true) or cold (false).
   */
  warmStart?: boolean;
}

/**
 * Duals follow one convention for every backend: `rowDuals[i]` is d(objective)/d(row bound) for the
 * bound that is active (so, for a minimisation, raising the rhs of a binding `>=` row costs
 * `rowDuals[i] >= 0` per unit); `reducedCosts[j]` is cost[j] - sum_i rowDuals[i] * a[i][j].
 */
export interface LpDuals {
  rowDuals: number[];
  reducedCosts: number[];
}

export type LpResult =
  | {
      status: "optimal";
      objective: number;
      columnValues: number[];
      duals?: LpDuals;
      solver: SolverInfo;
    }
  | {
      status: "infeasible" | "unbounded" | "error";
      message: string;
      solver: SolverInfo;
    }
  | {
      status: "timeLimit";
      message: string;
      solver: SolverInfo;
    };

/** Incremental builder: rows refer to columns by index; row names are checked unique. */
export class LpBuilder {
  readonly columns: LpColumn[] = [];
  readonly rows: LpRow[] = [];
  private readonly rowNames = new Set<string>();
  /** The stored columns' values; the program has them while every column is stored. */
  readonly values = new ColumnArrays(this.columns);
  private allStored = true;

  constructor(
    readonly name: string,
    readonly sense: LpSense,
  ) {}

  /**
   * Column names must be unique; callers derive them from ids their own schema keeps unique. They
   * are not checked here because hashing a million fresh name strings costs more than the solve.
   * A column object of the caller's own (not stored) leaves the program without column arrays.
   */
  addColumn(column: LpColumn): number {
    if (!(column.lower <= column.upper)) throw new Error(`column ${column.name} has lower > upper`);
    this.allStored = false;
    this.columns.push(column);
    return this.columns.length - 1;
  }

  /** A column whose bounds and cost live in the program's column arrays. */
  addStoredColumn(column: {
    name: string;
    lower: number;
    upper: number;
    cost: number;
    integer?: true;
  }): number {
    const { name, lower, upper, cost, integer } = column;
    if (!(lower <= upper)) throw new Error(`column ${name} has lower > upper`);
    // The entry's index is the column's while every column is stored (else the arrays go unused).
    const j = this.values.push(lower, upper, cost);
    if (integer) this.values.integerCount++;
    return this.columns.push(new StoredColumn(this.values, j, name, integer)) - 1;
  }

  /**
   * A view of the caller's (such as a lane that is its own flow column) as the next column:
   * `attach` binds it to the arrays at its index, then the values are set.
   */
  addViewColumn<C extends StoredColumnView>(
    attach: (values: ColumnArrays, j: number) => C,
    lower: number,
    upper: number,
    cost: number,
  ): number {
    if (!(lower <= upper)) throw new Error(`column ${this.columns.length} has lower > upper`);
    const j = this.values.push(lower, upper, cost);
    return this.columns.push(attach(this.values, j)) - 1;
  }

  addRow(row: LpRow): number {
    if (this.rowNames.has(row.name)) throw new Error(`duplicate row ${row.name}`);
    this.rowNames.add(row.name);
    this.rows.push(row);
    return this.rows.length - 1;
  }

  build(): LinearProgram {
    const program = { name: this.name, sense: this.sense, columns: this.columns, rows: this.rows };
    return this.allStored ? { ...program, columnArrays: this.values } : program;
  }
}

/**
 * `column` with other bounds and cost. Its name and integrality are read from it when asked: a
 * spread would not copy them (model columns compute their fields on reading, build.ts).
 */
export function changedColumn(
  column: LpColumn,
  lower: number,
  upper: number,
  cost: number,
): LpColumn {
  return new ChangedColumn(column, lower, upper, cost);
}

class ChangedColumn implements LpColumn {
  constructor(
    private readonly original: LpColumn,
    readonly lower: number,
    readonly upper: number,
    readonly cost: number,
  ) {}

  get name(): string {
    return this.original.name;
  }

  get integer(): boolean | undefined {
    return this.original.integer;
  }
}

/** True when some column is integer: a MILP, which only a backend with `capabilities.integer` solves. */
export function hasIntegerColumns(lp: LinearProgram): boolean {
  const arrays = columnArraysOf(lp);
  if (arrays) return arrays.integerCount > 0;
  // A plain loop: solving a million-column program asks this four times.
  const { columns } = lp;
  for (let j = 0; j < columns.length; j++)
    if ((columns[j] as LpColumn).integer === true) return true;
  return false;
}

/**
 * The LP of a MILP with every integer column fixed at its rounded value in `values`, and every
 * column that a linking row `a x + b n = 0` (two terms, n integer) ties to one fixed at -b n / a:
 * its duals are the ones a MILP plan reports (formulation.md, "Duals of a MILP"). Fixing the
 * linked column too keeps a lot lane from looking free to an analysis that reads column bounds.
 */
export function fixedIntegerProgram(lp: LinearProgram, values: readonly number[]): LinearProgram {
  const fixedAt = new Map<number, number>();
  lp.columns.forEach((column, j) => {
    if (column.integer) fixedAt.set(j, Math.round(values[j] ?? 0));
  });
  for (const row of lp.rows) {
    if (row.terms.length !== 2 || row.lower !== 0 || row.upper !== 0) continue;
    const [a, b] = row.terms as [LpTerm, LpTerm];
    const [linked, lot] = fixedAt.has(b.column) && !fixedAt.has(a.column) ? [a, b] : [b, a];
    const n = fixedAt.get(lot.column);
    if (n === undefined || fixedAt.has(linked.column) || linked.coef === 0) continue;
    fixedAt.set(linked.column, (-lot.coef * n) / linked.coef);
  }
  return {
    ...lp,
    columns: lp.columns.map((column, j) => {
      const value = fixedAt.get(j);
      if (value === undefined) return column;
      return { name: column.name, lower: value, upper: value, cost: column.cost };
    }),
  };
}

/**
 * True when every column has at most one +1 and at most one -1 coefficient and no others: the
 * program is then a minimum-cost network flow (rows are nodes, columns are arcs) and a network
 * simplex solves it exactly.
 */
export function isNetworkProgram(lp: LinearProgram): boolean {
  // Per column, bit 1: a +1 seen, bit 2: a -1 seen; a second of either is not a network.
  const seen = new Uint8Array(lp.columns.length);
  const { rows } = lp;
  for (let i = 0; i < rows.length; i++) {
    const terms = (rows[i] as LpRow).terms;
    for (let t = 0; t < terms.length; t++) {
      const { column, coef } = terms[t] as LpTerm;
      const bit = coef === 1 ? 1 : coef === -1 ? 2 : 0;
      if (bit === 0) {
        if (coef !== 0) return false;
        continue;
      }
      const was = seen[column] as number;
      if (was & bit) return false;
      seen[column] = was | bit;
    }
  }
  return true;
}

// CPLEX LP names allow letters, digits and !"#$%&()/,.;?@_`'{}|~; anything else becomes "_".
const lpNameChar = /[^A-Za-z0-9!"#$%&()/,.;?@_`'{}|~]/g;

function lpName(name: string): string {
  const safe = name.replace(lpNameChar, "_");
  return /^[0-9.]/.test(safe) ? `_${safe}` : safe;
}

function lpNumber(value: number): string {
  if (value === Infinity) return "+inf";
  if (value === -Infinity) return "-inf";
  return String(value);
}

function linearTerms(terms: readonly { coef: number; name: string }[]): string[] {
  const parts: string[] = [];
  for (const { coef, name } of terms) {
    if (coef === 0) continue;
    const magnitude = Math.abs(coef);
    const term = magnitude === 1 ? name : `${lpNumber(magnitude)} ${name}`;
    parts.push(coef < 0 ? `- ${term}` : parts.length === 0 ? term : `+ ${term}`);
  }
  return parts.length === 0 ? ["0"] : parts;
}

// GLPK reads at most 255 characters a line and CPLEX 510, so long expressions continue on new lines.
const maxLineLength = 255;

/** One statement from unbreakable pieces ("r3:", "+ 2 c7", ">= 5"), wrapped between pieces. */
function statement(pieces: readonly string[]): string {
  const lines: string[] = [];
  let line = "";
  for (const piece of pieces) {
    if (line.length > 0 && line.length + 1 + piece.length > maxLineLength) {
      lines.push(line);
      line = "";
    }
    line += ` ${piece}`;
  }
  lines.push(line);
  return lines.join("\n");
}

/**
 * Writes the program in CPLEX LP format, for review and for any solver that reads it. Names are
 * the model's own (characters LP does not allow become "_"), or positional (`c0`, `r0`) when
 * `positionalNames` is set, which is collision-free for machine use. A ranged row `name` is written
 * as the two rows `name_lo` (>=) and `name_hi` (<=); a row with no finite bound is left out.
 */
export function toLpText(lp: LinearProgram, options: { positionalNames?: boolean } = {}): string {
  const columnName = (j: number) =>
    options.positionalNames ? `c${j}` : lpName(lp.columns[j]?.name ?? `c${j}`);
  const rowName = (i: number) =>
    options.positionalNames ? `r${i}` : lpName(lp.rows[i]?.name ?? `r${i}`);
  const lines: string[] = [`\\ ${lp.name.replace(/\s+/g, " ")}`];
  lines.push(lp.sense === "min" ? "Minimize" : "Maximize");
  const objectiveTerms = lp.columns.map((c, j) => ({ coef: c.cost, name: columnName(j) }));
  lines.push(statement(["obj:", ...linearTerms(objectiveTerms)]), "Subject To");
  lp.rows.forEach((row, i) => {
    const expr = linearTerms(row.terms.map((t) => ({ coef: t.coef, name: columnName(t.column) })));
    const name = rowName(i);
    const push = (label: string, sense: string, rhs: number) =>
      lines.push(statement([`${label}:`, ...expr, `${sense} ${lpNumber(rhs)}`]));
    if (row.lower === row.upper) push(name, "=", row.upper);
    else if (row.lower === -Infinity && row.upper === Infinity) return;
    else if (row.lower === -Infinity) push(name, "<=", row.upper);
    else if (row.upper === Infinity) push(name, ">=", row.lower);
    else {
      // LP rows are one-sided (HiGHS's reader aborts on `lo <= expr <= hi`), so a range becomes two.
      push(`${name}_lo`, ">=", row.lower);
      push(`${name}_hi`, "<=", row.upper);
    }
  });
  lines.push("Bounds");
  lp.columns.forEach((c, j) => {
    const name = columnName(j);
    if (c.lower === -Infinity && c.upper === Infinity) lines.push(` ${name} free`);
    else lines.push(` ${lpNumber(c.lower)} <= ${name} <= ${lpNumber(c.upper)}`);
  });
  const general = lp.columns.flatMap((c, j) => (c.integer ? [columnName(j)] : []));
  if (general.length > 0) lines.push("General", ...general.map((name) => ` ${name}`));
  lines.push("End", "");
  return lines.join("\n");
}
