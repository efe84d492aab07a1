// RFC 4180 CSV: text to rows of fields and back, for the tables a network or a plan is written as.
import type { Table } from "./allocation/network-tables.ts";

/** A field holding a comma, quote or line break is quoted, its quotes doubled. */
export function csvField(value: string | number | boolean | null | undefined): string {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows as CSV with CRLF line ends, as RFC 4180 asks. */
export function toCsv(
  rows: readonly (readonly (string | number | boolean | null | undefined)[])[],
) {
  return rows.map((row) => `${row.map(csvField).join(",")}\r\n`).join("");
}

/** Thrown for text that is not CSV (a quote left open, text after a closing quote). */
export class CsvError extends Error {
  constructor(
    message: string,
    /** 1-based line of the problem. */
    readonly line: number,
  ) {
    super(message);
  }
}

/**
 * The rows of a CSV text, each a list of fields as written (no trimming: a field's spaces are
 * its own). Accepts CRLF or LF line ends and a leading byte-order mark; a final line end adds no
 * row. Each row also gives the 1-based line it starts on, so errors can name it.
 */
export function parseCsv(text: string): { fields: string[]; line: number }[] {
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const rows: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let rowLine = 1;
  let i = 0;
  let quoted = false;
  let fieldStarted = false;
  const endRow = () => {
    fields.push(field);
    rows.push({ fields, line: rowLine });
    fields = [];
    field = "";
    fieldStarted = false;
  };
  while (i < source.length) {
    const ch = source[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const next = source[i];
        if (next !== undefined && next !== "," && next !== "\r" && next !== "\n")
          throw new CsvError("text after a closing quote", line);
        continue;
      }
      if (ch === "\n") line++;
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && !fieldStarted && field === "") {
      quoted = true;
      fieldStarted = true;
      i++;
      continue;
    }
    if (ch === ",") {
      fields.push(field);
      field = "";
      fieldStarted = false;
      i++;
      continue;
    }
    if (ch === "\r" || ch === "\n") {
      endRow();
      i += ch === "\r" && source[i + 1] === "\n" ? 2 : 1;
      line++;
      rowLine = line;
      continue;
    }
    field += ch;
    fieldStarted = true;
    i++;
  }
  if (quoted) throw new CsvError("a quoted field is not closed", line);
  if (field !== "" || fields.length > 0 || fieldStarted) endRow();
  return rows;
}

/** A table as CSV: its header row, then its rows (blank cells empty, numbers in full precision). */
export const tableToCsv = (table: Table) => toCsv([table.header, ...table.rows]);

/**
 * A CSV file as a table named `name`: the first row the header, empty fields blank. Rows of a
 * CSV are numbered as a sheet's would be (the header is row 1) when no field spans lines.
 */
export function csvToTable(name: string, text: string): Table {
  const [header, ...rows] = parseCsv(text);
  return {
    name,
    header: header?.fields ?? [],
    rows: rows.map((row) => row.fields.map((field) => (field === "" ? null : field))),
  };
}
