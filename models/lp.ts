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
  readonly column: number;
  readonly coef: number;
}

/**
 * A ranged row: `lower <= sum(terms) <= upper`; lower === upper is an equality. A row added to
 * an LpBuilder keeps its terms: they are frozen (the program carries a copy, RowTerms).
 */
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
  /**
   * The rows' terms in arrays (LpBuilder's rows): what the network translation and the warm
   * re-solve's comparison of two programs read instead of a term object per coefficient. Only for
   * the very `rows` array it was made with (rowTermsOf checks).
   */
  rowTerms?: RowTerms;
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

/** Terms by row, compressed: row i's are entries `start[i]` to `start[i + 1] - 1` of `column` and `coef`. */
export interface TermArrays {
  start: Int32Array;
  column: Int32Array;
  coef: Float64Array;
  /** How many rows the arrays hold (they may be longer). */
  rowCount: number;
  /**
   * The first term whose column is not a whole number from 0 to 2^31 - 1, which `column` cannot
   * hold (it has the column truncated): a malformed program, which assertWellFormed names.
   */
  oddTerm?: { row: number; column: number };
}

/** Whether `column` fits an Int32Array entry as itself (what `column | 0` keeps). */
const isColumnIndex = (column: number): boolean => (column | 0) === column && column >= 0;

/**
 * The terms of the rows added to a builder, written as each row is added. Entries are only ever
 * appended, and a row's terms cannot be changed afterwards (the builder freezes a row's terms
 * array, or makes the row's `terms` a frozen copy of these), so entries already written stay
 * those of their rows.
 */
export class RowTerms implements TermArrays {
  start: Int32Array = new Int32Array(16);
  column: Int32Array = new Int32Array(16);
  coef: Float64Array = new Float64Array(16);
  rowCount = 0;
  oddTerm?: { row: number; column: number };
  /** Entries written: the closed rows' and those of the row being written. */
  private count = 0;

  /** `rows`: the array of row objects these terms are for. */
  constructor(readonly rows: readonly LpRow[]) {}

  /** Starts the next row afresh (dropping what an unfinished one wrote). */
  open(): void {
    this.count = this.start[this.rowCount] as number;
  }

  /** Appends a term to the row being written. */
  add(column: number, coef: number): void {
    const p = this.count;
    if (p === this.column.length) {
      this.column = grownInt32(this.column, p + 1);
      const grown = new Float64Array(this.column.length);
      grown.set(this.coef);
      this.coef = grown;
    }
    if (!this.oddTerm && !isColumnIndex(column)) this.oddTerm = { row: this.rowCount, column };
    this.column[p] = column;
    this.coef[p] = coef;
    this.count = p + 1;
  }

  /** Ends the row being written. */
  close(): void {
    if (this.rowCount + 2 > this.start.length)
      this.start = grownInt32(this.start, this.rowCount + 2);
    this.start[++this.rowCount] = this.count;
  }

  push(terms: readonly LpTerm[]): void {
    this.open();
    for (let k = 0; k < terms.length; k++) {
      const term = terms[k] as LpTerm;
      this.add(term.column, term.coef);
    }
    this.close();
  }

  /** Row i's terms as objects, frozen. */
  termsOf(i: number): LpTerm[] {
    const terms: LpTerm[] = [];
    for (let p = this.start[i] as number, end = this.start[i + 1] as number; p < end; p++)
      terms.push({ column: this.column[p] as number, coef: this.coef[p] as number });
    return Object.freeze(terms) as LpTerm[];
  }
}

/** Appends a term to the row being added (LpBuilder.addRowWith). */
export type AddTerm = (column: number, coef: number) => void;

function grownInt32(from: Int32Array, least: number): Int32Array {
  const to = new Int32Array(Math.max(least, 2 * from.length));
  to.set(from);
  return to;
}

/** `lp`'s row terms when they hold all of its rows (see LinearProgram.rowTerms). */
export function rowTermsOf(lp: LinearProgram): RowTerms | undefined {
  const terms = lp.rowTerms;
  return terms && terms.rows === lp.rows && terms.rowCount === lp.rows.length ? terms : undefined;
}

/**
 * `lp`'s terms by row as arrays: its own row terms when it has them (nothing is copied), else
 * copied from the term objects.
 */
export function termArrays(lp: LinearProgram): TermArrays {
  const own = rowTermsOf(lp);
  if (own) return own;
  const flat = new RowTerms(lp.rows);
  for (const row of lp.rows) flat.push(row.terms);
  return flat;
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

/** Where a row added by LpBuilder.addRowWith finds its terms, and keeps them once made. */
const lazyTerms = Symbol("lazyTerms");

interface LazyTerms {
  readonly terms: RowTerms;
  readonly row: number;
  made?: LpTerm[];
}

function readLazyTerms(this: { [lazyTerms]: LazyTerms }): LpTerm[] {
  const lazy = this[lazyTerms];
  lazy.made ??= lazy.terms.termsOf(lazy.row);
  return lazy.made;
}

/** Incremental builder: rows refer to columns by index; row names are checked unique. */
export class LpBuilder {
  readonly columns: LpColumn[] = [];
  readonly rows: LpRow[] = [];
  private readonly rowNames = new Set<string>();
  /** The rows' terms in arrays, which the program carries. */
  readonly terms = new RowTerms(this.rows);
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
    this.claimName(row.name);
    // Frozen: the program's row terms are a copy, which a push onto the row's array would leave
    // behind.
    Object.freeze(row.terms);
    this.terms.push(row.terms);
    return this.rows.push(row) - 1;
  }

  /**
   * A row whose terms `write` adds one by one straight into the program's row terms: no object
   * per term unless the row's `terms` is read (then made once, frozen).
   */
  addRowWith(
    row: { name: string; lower: number; upper: number },
    write: (add: AddTerm) => void,
  ): number {
    this.claimName(row.name);
    const { terms } = this;
    terms.open();
    write(this.addTerm);
    terms.close();
    // An own enumerable accessor, so that a spread or a structured clone of the row copies terms.
    // One getter for every row, and the bounds added after it, so that all rows keep one shape: a
    // getter per row gave each row a shape of its own, and a bound that later needed a wider
    // number field (0, then 2.5e6) turned the rows made before it into dictionaries; reading a
    // row's bounds then cost ten times as much.
    const stored = { name: row.name } as LpRow;
    Object.defineProperty(stored, lazyTerms, { value: { terms, row: this.rows.length } });
    Object.defineProperty(stored, "terms", { get: readLazyTerms, enumerable: true });
    stored.lower = row.lower;
    stored.upper = row.upper;
    return this.rows.push(stored) - 1;
  }

  private readonly addTerm: AddTerm = (column, coef) => this.terms.add(column, coef);

  private claimName(name: string): void {
    if (this.rowNames.has(name)) throw new Error(`duplicate row ${name}`);
    this.rowNames.add(name);
  }

  build(): LinearProgram {
    const program = {
      name: this.name,
      sense: this.sense,
      columns: this.columns,
      rows: this.rows,
      rowTerms: this.terms,
    };
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
  const { column, coef, start, rowCount } = termArrays(lp);
  for (let p = 0, end = start[rowCount] as number; p < end; p++) {
    const a = coef[p] as number;
    const bit = a === 1 ? 1 : a === -1 ? 2 : 0;
    if (bit === 0) {
      if (a !== 0) return false;
      continue;
    }
    const j = column[p] as number;
    const was = seen[j] as number;
    if (was & bit) return false;
    seen[j] = was | bit;
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
