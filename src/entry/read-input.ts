// What the command-line entries read: JSON files and network files, with errors a user can act on.
import { isAscii } from "node:buffer";
import { readFileSync } from "node:fs";
import { type Network, parseNetwork } from "../../models/allocation/network.ts";
import { unsupportedFields } from "../../models/allocation/network-hubs.ts";
import type { TableIssue } from "../../models/allocation/network-tables.ts";
import { UnknownSolverError } from "../solvers/registry.ts";
import { networkFromXlsx, SpreadsheetError } from "../workbook/network-upload.ts";
import type { Io } from "./io.ts";

/** Thrown for anything the user can fix; printed without a stack trace. */
export class InputError extends Error {}

/** Milliseconds each phase of a command took, by name (`--timings`). */
export type Phases = Record<string, number>;

/** Runs `work`, adding its milliseconds to `phases[name]`. */
export async function timed<T>(phases: Phases, name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    phases[name] = (phases[name] ?? 0) + (performance.now() - started);
  }
}

function timedSync<T>(phases: Phases, name: string, work: () => T): T {
  const started = performance.now();
  try {
    return work();
  } finally {
    phases[name] = (phases[name] ?? 0) + (performance.now() - started);
  }
}

export function readJson(file: string, phases: Phases = {}): unknown {
  let text: string;
  try {
    // The bytes, then one decode: readFileSync(file, "utf8") took ~300 ms on a 19 MB network file
    // in Node 20, this ~60 ms (a file of ASCII alone, as JSON usually is, decodes as latin1, which
    // copies bytes without checking them).
    text = timedSync(phases, "readMs", () => {
      const bytes = readFileSync(file);
      return isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
    });
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  try {
    return timedSync(phases, "parseMs", () => JSON.parse(text));
  } catch (error) {
    throw new InputError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Where a spreadsheet problem is, as a person finds it: sheet!cell, then the JSON pointer. */
const spreadsheetProblem = (issue: TableIssue) => {
  const where =
    issue.sheet === null
      ? ""
      : `${issue.sheet}${issue.cell !== null ? `!${issue.cell}` : issue.row !== null ? ` row ${issue.row}` : ""} `;
  return `  ${where}${issue.pointer === "" ? "" : `(${issue.pointer}) `}${issue.message}`;
};

/** An .xlsx workbook's network, or an InputError naming each bad cell. */
async function readWorkbook(file: string, phases: Phases): Promise<Network> {
  let bytes: Uint8Array;
  try {
    bytes = timedSync(phases, "readMs", () => readFileSync(file));
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  try {
    return await timed(phases, "parseMs", () => networkFromXlsx(bytes));
  } catch (error) {
    if (!(error instanceof SpreadsheetError)) throw error;
    throw new InputError(
      `${file} is not a valid network:\n${error.issues.map(spreadsheetProblem).join("\n")}`,
    );
  }
}

/**
 * A network file (JSON, or an Excel workbook if it ends in .xlsx), parsed and checked, or an
 * InputError naming each problem's field (and, for a workbook, its sheet and cell);
 * `onValidating` is called between a JSON file's parse and the schema's checks (a progress line).
 */
export async function readNetwork(
  file: string,
  phases: Phases = {},
  onValidating?: () => void,
): Promise<Network> {
  const network = file.toLowerCase().endsWith(".xlsx")
    ? await readWorkbook(file, phases)
    : readJsonNetwork(file, phases, onValidating);
  const unsupported = unsupportedFields(network);
  if (unsupported.length > 0) {
    const problems = unsupported.map((i) => `  ${i.pointer}: ${i.message}`);
    throw new InputError(`${file} uses fields not supported yet:\n${problems.join("\n")}`);
  }
  return network;
}

function readJsonNetwork(file: string, phases: Phases, onValidating?: () => void): Network {
  const json = readJson(file, phases);
  onValidating?.();
  const parsed = timedSync(phases, "validateMs", () => parseNetwork(json));
  if (!parsed.ok) {
    const problems = parsed.issues.map((i) => `  ${i.pointer || "/"}: ${i.message}`);
    throw new InputError(`${file} is not a valid network:\n${problems.join("\n")}`);
  }
  return parsed.network;
}

/**
 * A command's `main`: runs it and returns its exit code; an error the user can fix (bad input, a
 * bad option, an unknown solver) prints one line and the help hint and returns 1, anything else
 * its stack and 2.
 */
export function commandMain(
  command: string,
  run: (argv: string[], io: Io) => Promise<number>,
): (argv: string[], io: Io) => Promise<number> {
  return async (argv, io) => {
    try {
      return await run(argv, io);
    } catch (error) {
      const known =
        error instanceof InputError ||
        error instanceof UnknownSolverError ||
        (error instanceof Error &&
          "code" in error &&
          String(error.code).startsWith("ERR_PARSE_ARGS"));
      if (!known) {
        io.stderr(`${error instanceof Error ? error.stack : String(error)}\n`);
        return 2;
      }
      io.stderr(
        `error: ${(error as Error).message}\nRun \`npm run ${command} -- --help\` for the options.\n`,
      );
      return 1;
    }
  };
}
