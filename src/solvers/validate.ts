// Rejects malformed programs before a backend sees them: the one case in which solving throws.
import {
  columnCount,
  columnValues,
  type LinearProgram,
  type LpColumn,
  type LpRow,
  termArrays,
} from "../../models/lp.ts";

export class MalformedProgramError extends Error {
  override name = "MalformedProgramError";
}

function checkBounds(
  kind: "column" | "row",
  index: number,
  item: { name: string; lower: number; upper: number },
): void {
  const { lower, upper } = item;
  if (lower <= upper && lower !== Infinity && upper !== -Infinity) return;
  // Names are read only here: a model may spell them on reading.
  const what = `${kind} ${index} (${item.name})`;
  if (Number.isNaN(lower) || Number.isNaN(upper) || lower === Infinity || upper === -Infinity)
    throw new MalformedProgramError(`${what} has bounds [${lower}, ${upper}]`);
  throw new MalformedProgramError(`${what} has lower ${lower} > upper ${upper}`);
}

/**
 * Throws MalformedProgramError unless every cost and coefficient is finite, every bound is a number
 * with lower <= upper, and every term names an existing column. A NaN must not reach a backend:
 * written as LP text it reads as a variable called "NaN", and the solve silently answers another
 * program.
 */
export function assertWellFormed(lp: LinearProgram): void {
  // Plain loops, and messages only on failure: this runs before every solve, on up to a million
  // columns, where building a label per column cost more than the checks.
  const { rows } = lp;
  const columns = columnCount(lp);
  // The program's column arrays when it has them: no column object is read, or made.
  const { lower, upper, cost } = columnValues(lp);
  for (let j = 0; j < columns; j++) {
    const c = cost[j] as number;
    const l = lower[j] as number;
    const u = upper[j] as number;
    if (Number.isFinite(c) && l <= u && l !== Infinity && u !== -Infinity) continue;
    const column = lp.columns[j] as LpColumn;
    if (!Number.isFinite(c))
      throw new MalformedProgramError(`column ${j} (${column.name}) costs ${c}`);
    checkBounds("column", j, { name: column.name, lower: l, upper: u });
  }
  // The program's row terms when it has them: a million term objects are not read.
  const terms = termArrays(lp);
  const odd = terms.oddTerm;
  if (odd)
    throw new MalformedProgramError(
      `row ${odd.row} (${rows[odd.row]?.name}) refers to column ${odd.column}, which does not exist`,
    );
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as LpRow;
    checkBounds("row", i, row);
    for (let p = terms.start[i] as number, end = terms.start[i + 1] as number; p < end; p++) {
      const column = terms.column[p] as number;
      const coef = terms.coef[p] as number;
      if (column < 0 || column >= columns)
        throw new MalformedProgramError(
          `row ${i} (${row.name}) refers to column ${column}, which does not exist`,
        );
      if (!Number.isFinite(coef))
        throw new MalformedProgramError(
          `row ${i} (${row.name}) has coefficient ${coef} on column ${column}`,
        );
    }
  }
}
