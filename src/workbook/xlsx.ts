// Tables as an Excel workbook (.xlsx) and back, through exceljs: the one place that knows the file format.
import type { Cell, Table } from "../../models/allocation/network-tables.ts";

export const xlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Thrown for bytes that are not a readable workbook. */
export class WorkbookError extends Error {}

/** Thrown for a workbook whose parts declare more bytes, unpacked, than the limit allows. */
export class WorkbookTooLargeError extends Error {
  constructor(
    readonly declaredBytes: number,
    readonly limitBytes: number,
  ) {
    super(
      `the workbook's parts unpack to ${declaredBytes} bytes, over the limit of ${limitBytes} bytes`,
    );
  }
}

/**
 * The sum of the unpacked sizes a workbook's parts declare, read from the zip's directory with
 * nothing inflated: a few KiB of deflated zeros can declare gigabytes. JSZip (exceljs's own zip
 * reader) keeps each entry's declared size on `_data`, which its public API does not expose.
 */
async function declaredUnpackedBytes(bytes: Uint8Array): Promise<number> {
  const { default: JSZip } = await import("jszip");
  let zip: InstanceType<typeof JSZip>;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (error) {
    throw new WorkbookError(`not a readable .xlsx workbook (${(error as Error).message})`);
  }
  let total = 0;
  zip.forEach((_, entry) => {
    const size = (entry as unknown as { _data?: { uncompressedSize?: unknown } })._data
      ?.uncompressedSize;
    total += typeof size === "number" ? size : 0;
  });
  return total;
}

type ExcelJs = typeof import("exceljs");

// exceljs takes about a second to load on a busy 2-core machine: only a workbook request pays it.
let library: Promise<ExcelJs> | undefined;
const loadExcelJs = () => {
  library ??= import("exceljs").then((module) => (module.default ?? module) as ExcelJs);
  return library;
};

/**
 * One worksheet per table, in order, header row bold and frozen. Numbers and booleans stay
 * typed cells (exceljs writes a number's shortest round-trip text, so it reads back the same).
 */
export async function tablesToXlsx(tables: readonly Table[]): Promise<Uint8Array> {
  const ExcelJS = await loadExcelJs();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "anodeflow";
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.name, { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.addRow(table.header).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row.map((cell) => cell ?? null));
    table.header.forEach((title, i) => {
      const width = Math.max(
        title.length,
        ...table.rows.slice(0, 200).map((row) => String(row[i] ?? "").length),
      );
      sheet.getColumn(i + 1).width = Math.min(60, Math.max(8, width + 2));
    });
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

/** A cell as the tables read it: formulas by their result, rich text and links by their text. */
function cellValue(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") {
    const v = value as Record<string, unknown>;
    if ("result" in v) return cellValue(v.result);
    if (Array.isArray(v.richText))
      return (v.richText as { text?: string }[]).map((run) => run.text ?? "").join("");
    if ("text" in v) return cellValue(v.text);
    if ("error" in v) return String(v.error);
  }
  return String(value);
}

/**
 * Every worksheet of a workbook as a table: row 1 the header, then the rows as they stand. A
 * workbook whose parts declare more than `maxUnpackedBytes` is refused before any is inflated.
 */
export async function xlsxToTables(
  bytes: Uint8Array,
  maxUnpackedBytes = Number.POSITIVE_INFINITY,
): Promise<Table[]> {
  if (Number.isFinite(maxUnpackedBytes)) {
    const declared = await declaredUnpackedBytes(bytes);
    if (declared > maxUnpackedBytes) throw new WorkbookTooLargeError(declared, maxUnpackedBytes);
  }
  const ExcelJS = await loadExcelJs();
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
  } catch (error) {
    throw new WorkbookError(`not a readable .xlsx workbook (${(error as Error).message})`);
  }
  return workbook.worksheets.map((sheet) => {
    const rows: Cell[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, number) => {
      // exceljs's row values are 1-based: index 0 is always empty.
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      rows[number - 1] = values.map(cellValue);
    });
    const filled = Array.from({ length: rows.length }, (_, i) => rows[i] ?? []);
    const [header = [], ...body] = filled;
    return {
      name: sheet.name,
      header: header.map((c) => (c === null ? "" : String(c))),
      rows: body,
    };
  });
}
