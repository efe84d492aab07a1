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
  /**
   * The column objects. A builder's program whose columns are all stored (LpBuilder's stored
   * columns and column blocks) makes them only when this is first read: the solvers and the plan
   * read `columnArrays` (columnArraysOf, columnCount), so a network's path makes none.
   */
  columns: LpColumn[];
  rows: LpRow[];
  /**
   * The columns' bounds and costs in arrays, when every column is a view of them (LpBuilder's
   * stored columns): what the solvers' loops over a million columns read instead of the objects.
   * Only for the very program it was made with, or a copy with its column objects (columnArraysOf
   * checks).
   */
  columnArrays?: ColumnArrays;
  /**
   * The rows' terms in arrays (LpBuilder's rows): what the network translation and the warm
   * re-solve's comparison of two programs read instead of a term object per coefficient. Only for
   * the very `rows` array it was made with (rowTermsOf checks).
   */
  rowTerms?: RowTerms;
}

/** Columns added together (LpBuilder.addColumnBlock): entries `first` to `first + count - 1`. */
interface ColumnBlock {
  readonly first: number;
  readonly count: number;
  /** The name of the block's k-th column, spelt only when asked for. */
  readonly name: (k: number) => string;
  readonly integer: boolean;
}

/**
 * Bounds and costs of columns by index, grown as columns are added, with the names of each block
 * of them. The column objects are made from these on demand (`objects`); they read and write the
 * arrays, so a column changed in place is changed here too.
 */
export class ColumnArrays {
  lower = new Float64Array(16);
  upper = new Float64Array(16);
  cost = new Float64Array(16);
  length = 0;
  /** Columns marked integer (a MILP when > 0). */
  integerCount = 0;
  private readonly blocks: ColumnBlock[] = [];
  /** The column objects once made (`objects`). */
  private made: LpColumn[] | undefined;

  /** Room for `extra` more entries. */
  reserve(extra: number): void {
    const least = this.length + extra;
    if (least <= this.lower.length) return;
    const size = Math.max(least, 2 * this.lower.length);
    const grown = (from: Float64Array) => {
      const to = new Float64Array(size);
      to.set(from);
      return to;
    };
    this.lower = grown(this.lower);
    this.upper = grown(this.upper);
    this.cost = grown(this.cost);
  }

  /** `count` new entries, named by `name`, their values unset (0); the first one's index. */
  pushBlock(count: number, name: (k: number) => string, integer: boolean): number {
    this.reserve(count);
    const first = this.length;
    const block = { first, count, name, integer };
    this.blocks.push(block);
    this.length = first + count;
    if (integer) this.integerCount += count;
    // Objects already made (a program's columns read) grow with the entries.
    if (this.made)
      for (let j = first; j < this.length; j++) this.made.push(new StoredColumn(this, j, block));
    return first;
  }

  /** The column objects of entries `from` to `to - 1`, new ones. */
  makeObjects(from = 0, to = this.length): LpColumn[] {
    const columns: LpColumn[] = [];
    for (const block of this.blocks) {
      const start = Math.max(from, block.first);
      const end = Math.min(to, block.first + block.count);
      for (let j = start; j < end; j++) columns.push(new StoredColumn(this, j, block));
    }
    return columns;
  }

  /** Entry j's name, from its block. */
  nameOf(j: number): string {
    const block = this.blockOf(j);
    return block.name(j - block.first);
  }

  /** Whether entry j is an integer column. */
  isInteger(j: number): boolean {
    return this.integerCount > 0 && this.blockOf(j).integer;
  }

  /** The block holding entry j (a binary search over the blocks, which are in order). */
  private blockOf(j: number): ColumnBlock {
    const { blocks } = this;
    let low = 0;
    let high = blocks.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((blocks[middle] as ColumnBlock).first <= j) low = middle;
      else high = middle - 1;
    }
    const block = blocks[low];
    if (!block || j < block.first || j >= block.first + block.count)
      throw new Error(`column ${j} missing`);
    return block;
  }

  /**
   * The same columns (names, integrality unless `continuous`) with the bounds and costs given:
   * new arrays, copied from these (at least `length` long each).
   */
  withValues(values: ColumnValues, continuous = false): ColumnArrays {
    const next = new ColumnArrays();
    next.lower = values.lower.slice(0, this.length);
    next.upper = values.upper.slice(0, this.length);
    next.cost = values.cost.slice(0, this.length);
    next.length = this.length;
    next.integerCount = continuous ? 0 : this.integerCount;
    for (const block of this.blocks)
      next.blocks.push(continuous && block.integer ? { ...block, integer: false } : block);
    return next;
  }

  /** Every entry's column object, made on the first call and kept (one array, whoever reads it). */
  objects(): LpColumn[] {
    this.made ??= this.makeObjects();
    return this.made;
  }

  /** The array `objects` made, if it has been called; it may since have been changed. */
  get madeObjects(): LpColumn[] | undefined {
    return this.made;
  }
}

/** Where a builder's program keeps the arrays its lazy `columns` are made from. */
const lazyColumns = Symbol("lazyColumns");

function readLazyColumns(this: { [lazyColumns]: ColumnArrays }): LpColumn[] {
  return this[lazyColumns].objects();
}

/** `lp`'s column arrays when they hold all of its columns (see LinearProgram.columnArrays). */
export function columnArraysOf(lp: LinearProgram): ColumnArrays | undefined {
  const arrays = lp.columnArrays;
  if (!arrays) return undefined;
  const made = arrays.madeObjects;
  // The builder's own program, columns never read: nothing can have changed them.
  if (made === undefined)
    return (lp as { [lazyColumns]?: ColumnArrays })[lazyColumns] === arrays ? arrays : undefined;
  // Column objects exist (read, or copied by a spread): they must be the arrays' own, all of them.
  return made === lp.columns && made.length === arrays.length ? arrays : undefined;
}

/** Column j's name, without making the column objects of a program that has none yet. */
export function columnName(lp: LinearProgram, j: number): string {
  const arrays = columnArraysOf(lp);
  if (arrays) return arrays.nameOf(j);
  const column = lp.columns[j];
  if (!column) throw new Error(`column ${j} missing`);
  return column.name;
}

/** How many columns `lp` has, without making its column objects. */
export function columnCount(lp: LinearProgram): number {
  return columnArraysOf(lp)?.length ?? lp.columns.length;
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

  /**
   * The same terms for `rows`, other row objects of the same rows (their bounds changed): the
   * arrays are shared, which is safe as entries written are never changed.
   */
  forRows(rows: readonly LpRow[]): RowTerms {
    const shared = new RowTerms(rows);
    shared.start = this.start;
    shared.column = this.column;
    shared.coef = this.coef;
    shared.rowCount = this.rowCount;
    shared.count = this.start[this.rowCount] as number;
    if (this.oddTerm) shared.oddTerm = this.oddTerm;
    return shared;
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

/**
 * `lp` without the rows in `drop`: the same columns (not made, if they were not), the kept rows
 * themselves, and their terms copied as arrays (no object per term).
 */
export function withoutRows(lp: LinearProgram, drop: ReadonlySet<number>): LinearProgram {
  const from = termArrays(lp);
  const rows: LpRow[] = [];
  const terms = new RowTerms(rows);
  lp.rows.forEach((row, i) => {
    if (drop.has(i)) return;
    terms.open();
    for (let p = from.start[i] as number, end = from.start[i + 1] as number; p < end; p++)
      terms.add(from.column[p] as number, from.coef[p] as number);
    terms.close();
    rows.push(row);
  });
  // The program's own properties as they are: a spread would read, and so make, lazy columns.
  const program = Object.defineProperties(
    {},
    Object.getOwnPropertyDescriptors(lp),
  ) as LinearProgram;
  program.rows = rows;
  program.rowTerms = terms;
  return program;
}

/**
 * `lp` with its columns' bounds and costs replaced by `values` (arrays at least as long as its
 * columns), and every column continuous if `continuous`: the same names, rows and terms. A
 * program with column arrays gets new ones and no column object; one without gets copies.
 */
export function withColumnValues(
  lp: LinearProgram,
  values: ColumnValues,
  { continuous = false } = {},
): LinearProgram {
  const arrays = columnArraysOf(lp);
  if (!arrays) {
    const columns = lp.columns.map((column, j): LpColumn => {
      const lower = values.lower[j] as number;
      const upper = values.upper[j] as number;
      const cost = values.cost[j] as number;
      return continuous && column.integer
        ? { name: column.name, lower, upper, cost }
        : changedColumn(column, lower, upper, cost);
    });
    return { name: lp.name, sense: lp.sense, columns, rows: lp.rows, rowTerms: lp.rowTerms };
  }
  const own = rowTermsOf(lp);
  return storedProgram(lp.name, lp.sense, arrays.withValues(values, continuous), lp.rows, own);
}

/**
 * `lp` with row i's bounds `lower[i]` and `upper[i]`: the same columns (not made, if they were
 * not) and terms (shared, as arrays, when the program has them).
 */
export function withRowBounds(
  lp: LinearProgram,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
): LinearProgram {
  const own = rowTermsOf(lp);
  const rows: LpRow[] = [];
  const terms = own?.forRows(rows);
  lp.rows.forEach((row, i) => {
    const bounds = { lower: lower[i] as number, upper: upper[i] as number };
    rows.push(terms ? storedRow(row.name, bounds, terms, i) : { ...row, ...bounds });
  });
  const arrays = columnArraysOf(lp);
  if (arrays) return storedProgram(lp.name, lp.sense, arrays, rows, terms);
  return { name: lp.name, sense: lp.sense, columns: lp.columns, rows, rowTerms: terms };
}

/** A program whose columns are all in `arrays`, made into objects only when read. */
function storedProgram(
  name: string,
  sense: LpSense,
  arrays: ColumnArrays,
  rows: LpRow[],
  rowTerms: RowTerms | undefined,
): LinearProgram {
  const program = { name, sense } as LinearProgram;
  // `columns` an own enumerable accessor, so that a spread copies the column objects (and so
  // makes them); the arrays are kept where only columnArraysOf finds them.
  Object.defineProperty(program, lazyColumns, { value: arrays });
  Object.defineProperty(program, "columns", { get: readLazyColumns, enumerable: true });
  program.rows = rows;
  program.columnArrays = arrays;
  if (rowTerms) program.rowTerms = rowTerms;
  return program;
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

/** A column read from its entry in ColumnArrays: bounds and cost there, name from its block. */
class StoredColumn implements LpColumn {
  constructor(
    private readonly values: ColumnArrays,
    private readonly j: number,
    private readonly block: ColumnBlock,
  ) {}

  get name(): string {
    return this.block.name(this.j - this.block.first);
  }
  get integer(): true | undefined {
    return this.block.integer ? true : undefined;
  }
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

/** Row i of `terms` with these bounds: its term objects made only if `terms` is read. */
function storedRow(
  name: string,
  bounds: { lower: number; upper: number },
  terms: RowTerms,
  i: number,
): LpRow {
  // An own enumerable accessor, so that a spread or a structured clone of the row copies terms.
  // One getter for every row, and the bounds added after it, so that all rows keep one shape: a
  // getter per row gave each row a shape of its own, and a bound that later needed a wider
  // number field (0, then 2.5e6) turned the rows made before it into dictionaries; reading a
  // row's bounds then cost ten times as much.
  const stored = { name } as LpRow;
  Object.defineProperty(stored, lazyTerms, { value: { terms, row: i } });
  Object.defineProperty(stored, "terms", { get: readLazyTerms, enumerable: true });
  stored.lower = bounds.lower;
  stored.upper = bounds.upper;
  return stored;
}

/** Incremental builder: rows refer to columns by index; row names are checked unique. */
export class LpBuilder {
  readonly rows: LpRow[] = [];
  private readonly rowNames = new Set<string>();
  /** The rows' terms in arrays, which the program carries. */
  readonly terms = new RowTerms(this.rows);
  /** The stored columns' values; the program has them while every column is stored. */
  readonly values = new ColumnArrays();
  /**
   * Every column as an object, from the first column of the caller's own (addColumn) on: the
   * program then has these and no column arrays. Undefined while every column is stored.
   */
  private objects: LpColumn[] | undefined;

  constructor(
    readonly name: string,
    readonly sense: LpSense,
  ) {}

  /** How many columns have been added. */
  get columnCount(): number {
    return this.objects?.length ?? this.values.length;
  }

  /**
   * Column names must be unique; callers derive them from ids their own schema keeps unique. They
   * are not checked here because hashing a million fresh name strings costs more than the solve.
   * A column object of the caller's own (not stored) leaves the program without column arrays.
   */
  addColumn(column: LpColumn): number {
    if (!(column.lower <= column.upper)) throw new Error(`column ${column.name} has lower > upper`);
    this.objects ??= this.values.makeObjects();
    return this.objects.push(column) - 1;
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
    return this.addColumnBlock(
      1,
      () => name,
      () => lower,
      () => upper,
      () => cost,
      integer,
    );
  }

  /**
   * `count` stored columns at once, the k-th named `name(k)` only when its name is read (at a
   * million lanes, eager names took a quarter of the model's memory and 40 % of its build time),
   * with bounds `lower(k)`, `upper(k)` and cost `cost(k)`. No object per column is made unless
   * the program's `columns` are read. Returns the first one's index.
   */
  addColumnBlock(
    count: number,
    name: (k: number) => string,
    lower: (k: number) => number,
    upper: (k: number) => number,
    cost: (k: number) => number,
    integer?: true,
  ): number {
    const { values } = this;
    const first = values.pushBlock(count, name, integer === true);
    for (let k = 0; k < count; k++) {
      const j = first + k;
      const low = lower(k);
      const up = upper(k);
      if (!(low <= up)) throw new Error(`column ${name(k)} has lower > upper`);
      values.lower[j] = low;
      values.upper[j] = up;
      values.cost[j] = cost(k);
    }
    // Once columns are objects, the new ones are too; their index is then the objects'.
    if (!this.objects) return first;
    const at = this.objects.length;
    for (const column of values.makeObjects(first, first + count)) this.objects.push(column);
    return at;
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
    return this.rows.push(storedRow(row.name, row, terms, this.rows.length)) - 1;
  }

  private readonly addTerm: AddTerm = (column, coef) => this.terms.add(column, coef);

  private claimName(name: string): void {
    if (this.rowNames.has(name)) throw new Error(`duplicate row ${name}`);
    this.rowNames.add(name);
  }

  build(): LinearProgram {
    const { name, sense, rows, terms: rowTerms, objects } = this;
    if (objects) return { name, sense, columns: objects, rows, rowTerms };
    return storedProgram(name, sense, this.values, rows, rowTerms);
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
  const n = columnCount(lp);
  const arrays = columnArraysOf(lp);
  const fixedAt = new Map<number, number>();
  for (let j = 0; j < n; j++)
    if (arrays ? arrays.isInteger(j) : lp.columns[j]?.integer === true)
      fixedAt.set(j, Math.round(values[j] ?? 0));
  // The term arrays: the rows' term objects are not made.
  const terms = termArrays(lp);
  lp.rows.forEach((row, i) => {
    const p = terms.start[i] as number;
    if ((terms.start[i + 1] as number) - p !== 2 || row.lower !== 0 || row.upper !== 0) return;
    const a = { column: terms.column[p] as number, coef: terms.coef[p] as number };
    const b = { column: terms.column[p + 1] as number, coef: terms.coef[p + 1] as number };
    const [linked, lot] = fixedAt.has(b.column) && !fixedAt.has(a.column) ? [a, b] : [b, a];
    const lots = fixedAt.get(lot.column);
    if (lots === undefined || fixedAt.has(linked.column) || linked.coef === 0) return;
    fixedAt.set(linked.column, (-lot.coef * lots) / linked.coef);
  });
  const bounds = columnValues(lp);
  const lower = bounds.lower.slice(0, n);
  const upper = bounds.upper.slice(0, n);
  for (const [j, value] of fixedAt) {
    lower[j] = value;
    upper[j] = value;
  }
  return withColumnValues(lp, { lower, upper, cost: bounds.cost }, { continuous: true });
}

/**
 * True when every column has at most one +1 and at most one -1 coefficient and no others: the
 * program is then a minimum-cost network flow (rows are nodes, columns are arcs) and a network
 * simplex solves it exactly.
 */
export function isNetworkProgram(lp: LinearProgram): boolean {
  // Per column, bit 1: a +1 seen, bit 2: a -1 seen; a second of either is not a network.
  const seen = new Uint8Array(columnCount(lp));
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
  // The column arrays when the program has them: no column object is made.
  const count = columnCount(lp);
  const arrays = columnArraysOf(lp);
  const values = columnValues(lp);
  const isInteger = (j: number) => (arrays ? arrays.isInteger(j) : lp.columns[j]?.integer === true);
  const columnLabel = (j: number) =>
    options.positionalNames ? `c${j}` : lpName(j < count ? columnName(lp, j) : `c${j}`);
  const rowName = (i: number) =>
    options.positionalNames ? `r${i}` : lpName(lp.rows[i]?.name ?? `r${i}`);
  const lines: string[] = [`\\ ${lp.name.replace(/\s+/g, " ")}`];
  lines.push(lp.sense === "min" ? "Minimize" : "Maximize");
  const objectiveTerms = Array.from({ length: count }, (_, j) => ({
    coef: values.cost[j] as number,
    name: columnLabel(j),
  }));
  lines.push(statement(["obj:", ...linearTerms(objectiveTerms)]), "Subject To");
  lp.rows.forEach((row, i) => {
    const expr = linearTerms(row.terms.map((t) => ({ coef: t.coef, name: columnLabel(t.column) })));
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
  const general: string[] = [];
  for (let j = 0; j < count; j++) {
    const name = columnLabel(j);
    const lower = values.lower[j] as number;
    const upper = values.upper[j] as number;
    if (lower === -Infinity && upper === Infinity) lines.push(` ${name} free`);
    else lines.push(` ${lpNumber(lower)} <= ${name} <= ${lpNumber(upper)}`);
    if (isInteger(j)) general.push(name);
  }
  if (general.length > 0) lines.push("General", ...general.map((name) => ` ${name}`));
  lines.push("End", "");
  return lines.join("\n");
}
