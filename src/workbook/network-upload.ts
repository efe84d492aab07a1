// A network sent as a workbook or as CSV files: read into tables, then into a checked network, every bad cell in one problem.
import type { Network } from "../../models/allocation/network.ts";
import {
  networkSheetNames,
  type Table,
  type TableIssue,
  tablesToNetwork,
} from "../../models/allocation/network-tables.ts";
import { CsvError, csvToTable } from "../../models/csv.ts";
import { WorkbookError, xlsxMediaType, xlsxToTables } from "./xlsx.ts";

/** What the caller turns into its own error (a 422 problem, a CLI message). */
export class SpreadsheetError extends Error {
  constructor(
    message: string,
    readonly issues: TableIssue[],
  ) {
    super(message);
  }
}

const mediaType = (contentType: string | undefined) =>
  contentType?.split(";")[0]?.trim().toLowerCase();

/** Whether a request's Content-Type is one of the spreadsheet forms a network may come in. */
export function spreadsheetKind(contentType: string | undefined): "xlsx" | "csv" | undefined {
  const type = mediaType(contentType);
  if (type === xlsxMediaType) return "xlsx";
  if (type === "multipart/form-data") return "csv";
  return undefined;
}

const sheetIssue = (sheet: string | null, message: string): TableIssue => ({
  sheet,
  row: null,
  column: null,
  cell: null,
  pointer: "",
  message,
});

/** The network the tables stand for, or a SpreadsheetError with every problem. */
export function networkFromTables(tables: Table[], what: string): Network {
  const result = tablesToNetwork(tables);
  if (result.ok) return result.network;
  const n = result.issues.length;
  throw new SpreadsheetError(
    `${what} is not a valid network: ${n} problem${n === 1 ? "" : "s"}`,
    result.issues,
  );
}

/** An .xlsx workbook's network (WorkbookTooLargeError past `maxUnpackedBytes`, see xlsxToTables). */
export async function networkFromXlsx(
  bytes: Uint8Array,
  maxUnpackedBytes?: number,
): Promise<Network> {
  let tables: Table[];
  try {
    tables = await xlsxToTables(bytes, maxUnpackedBytes);
  } catch (error) {
    if (!(error instanceof WorkbookError)) throw error;
    throw new SpreadsheetError(`The workbook cannot be read`, [sheetIssue(null, error.message)]);
  }
  return networkFromTables(tables, "The workbook");
}

/**
 * CSV files as multipart/form-data, one part per table, the part's name the table's (plants,
 * lanes, ...: the workbook's sheet names); a part's file name is not read.
 */
export async function networkFromCsvForm(form: FormData): Promise<Network> {
  const tables: Table[] = [];
  const issues: TableIssue[] = [];
  const parts: [string, FormDataEntryValue][] = [];
  form.forEach((value, name) => {
    parts.push([name, value]);
  });
  for (const [name, value] of parts) {
    const text = typeof value === "string" ? value : await value.text();
    try {
      tables.push(csvToTable(name, text));
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      issues.push({ ...sheetIssue(name, `line ${error.line}: ${error.message}`), row: error.line });
    }
  }
  if (tables.length === 0 && issues.length === 0)
    issues.push(
      sheetIssue(
        null,
        `send one CSV file per table, each part named by its table (${networkSheetNames.join(", ")})`,
      ),
    );
  if (issues.length > 0) throw new SpreadsheetError("The CSV files cannot be read", issues);
  return networkFromTables(tables, "The CSV files");
}
