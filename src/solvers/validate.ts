// Rejects malformed programs before a backend sees them: the one case in which solving throws.
import type { LinearProgram } from "../../models/lp.ts";

export class MalformedProgramError extends Error {
  override name = "MalformedProgramError";
}

function checkBounds(what: string, lower: number, upper: number): void {
  if (Number.isNaN(lower) || Number.isNaN(upper) || lower === Infinity || upper === -Infinity)
    throw new MalformedProgramError(`${what} has bounds [${lower}, ${upper}]`);
  if (lower > upper) throw new MalformedProgramError(`${what} has lower ${lower} > upper ${upper}`);
}

/**
 * Throws MalformedProgramError unless every cost and coefficient is finite, every bound is a number
 * with lower <= upper, and every term names an existing column. A NaN must not reach a backend:
 * written as LP text it reads as a variable called "NaN", and the solve silently answers another
 * program.
 */
export function assertWellFormed(lp: LinearProgram): void {
  lp.columns.forEach((column, j) => {
    const what = `column ${j} (${column.name})`;
    if (!Number.isFinite(column.cost))
      throw new MalformedProgramError(`${what} costs ${column.cost}`);
    checkBounds(what, column.lower, column.upper);
  });
  lp.rows.forEach((row, i) => {
    const what = `row ${i} (${row.name})`;
    checkBounds(what, row.lower, row.upper);
    for (const { column, coef } of row.terms) {
      if (!Number.isInteger(column) || column < 0 || column >= lp.columns.length)
        throw new MalformedProgramError(`${what} refers to column ${column}, which does not exist`);
      if (!Number.isFinite(coef))
        throw new MalformedProgramError(`${what} has coefficient ${coef} on column ${column}`);
    }
  });
}
