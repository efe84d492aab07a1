// A network spreadsheet's errors as problems, the same on the main thread and on an upload worker.
import type { Network } from "../../../models/allocation/network.ts";
import { networkFromXlsx, SpreadsheetError } from "../../workbook/network-upload.ts";
import { WorkbookTooLargeError } from "../../workbook/xlsx.ts";
import { ApiError } from "../shared/problems.ts";

/** A spreadsheet's problems as one 422, each with its sheet, row, column, cell and pointer. */
export function spreadsheetProblem(error: SpreadsheetError): ApiError {
  return new ApiError(
    "validation_failed",
    error.message,
    error.issues.map((issue) => ({
      pointer: issue.pointer,
      message: issue.message,
      sheet: issue.sheet,
      row: issue.row,
      column: issue.column,
      cell: issue.cell,
    })),
  );
}

/** An uploaded workbook's network, or the problem that answers it (422, or 413 when too large). */
export async function workbookNetwork(
  bytes: Uint8Array,
  maxUnpackedBytes: number,
): Promise<Network> {
  try {
    return await networkFromXlsx(bytes, maxUnpackedBytes);
  } catch (error) {
    if (error instanceof SpreadsheetError) throw spreadsheetProblem(error);
    if (error instanceof WorkbookTooLargeError)
      throw new ApiError("limit_exceeded", "The workbook is too large", [
        { pointer: "", message: error.message },
      ]);
    throw error;
  }
}
