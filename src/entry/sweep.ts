// `npm run sweep`: the optimal total cost over one field of a change, as exact linear pieces.
import { parseArgs } from "node:util";
import { changeSchema } from "../../models/allocation/change-schema.ts";
import {
  maxGridSteps,
  type SweepGrid,
  sweepGridSchema,
  sweepParameterSchema,
} from "../../models/allocation/sweep.ts";
import { sweepGridToText, sweepToText } from "../report/sweep-text.ts";
import { sweepGrid, sweepNetwork } from "../solve/sweep.ts";
import { solverIds } from "../solvers/registry.ts";
import { type Io, progressBar, runAsScript, statusLine } from "./io.ts";
import { commandMain, InputError, readNetwork } from "./read-input.ts";

const defaultNetwork = "data/china-2024/network.json";

const usage = `Usage: npm run sweep -- --change JSON --field NAME --from A --to B [options]

Solves the network for every value of one numeric field of a scenario change from A to B and
prints the total cost as exact linear pieces: the breakpoints are where its slope changes, found
by supporting lines at the optima (never a grid), each piece with the plan optimal along it.

  --network FILE    network JSON (format v1); default ${defaultNetwork}
  --change JSON     a scenario change, e.g. '{"kind":"scaleModeCost","mode":"rail","factor":1}';
                    repeat for several: the field swept is on the last one
  --field NAME      the numeric field of that change to sweep, e.g. factor
  --from A --to B   the range, A < B
  --grid-field NAME, --grid-from A, --grid-to B, --grid-steps N
                    a second parameter on a grid (a heat map): the first is swept exactly at
                    each of its N + 1 values; it is a field of change --grid-change I (default:
                    the swept change), N at most ${maxGridSteps}
  --json            print the sweep as JSON instead of a table
  --solver ID       one of ${solverIds.join(", ")}; default auto
  --time-limit MS   for the whole sweep, in milliseconds; default 30000
  --help            this text

A parameter that moves costs (a mode's or lane's cost, a carbon price) gives a concave curve, one
that moves bounds (demand, capacities) a convex one; a change that moves both is refused.

Exit codes: 0 swept, 1 bad input, 3 a solve in the range was not optimal (infeasible, ...).`;

function number(name: string, text: string | undefined): number {
  const value = Number(text);
  if (text === undefined || !Number.isFinite(value))
    throw new InputError(`--${name} must be a number`);
  return value;
}

async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      network: { type: "string", default: defaultNetwork },
      change: { type: "string", multiple: true },
      field: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      "grid-change": { type: "string" },
      "grid-field": { type: "string" },
      "grid-from": { type: "string" },
      "grid-to": { type: "string" },
      "grid-steps": { type: "string" },
      json: { type: "boolean", default: false },
      solver: { type: "string", default: "auto" },
      "time-limit": { type: "string", default: "30000" },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout(`${usage}\n`);
    return 0;
  }
  const changes = (values.change ?? []).map((text, i) => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new InputError(`--change ${i + 1} is not valid JSON: ${(error as Error).message}`);
    }
    const parsed = changeSchema.safeParse(json);
    if (!parsed.success)
      throw new InputError(
        `--change ${i + 1} is not a valid change: ${parsed.error.issues.map((issue) => `${issue.path.join("/") || "/"}: ${issue.message}`).join("; ")}`,
      );
    return parsed.data;
  });
  if (changes.length === 0) throw new InputError("--change is required");
  const parameter = sweepParameterSchema.safeParse({
    change: changes.length - 1,
    field: values.field,
    from: number("from", values.from),
    to: number("to", values.to),
  });
  if (!parameter.success)
    throw new InputError(
      parameter.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join("; "),
    );
  const timeLimitMs = number("time-limit", values["time-limit"]);
  if (timeLimitMs <= 0) throw new InputError("--time-limit must be a positive number");
  const network = await readNetwork(values.network);
  // A bar on a terminal once the sweep has run a second: the share of the range its pieces cover.
  const status = statusLine(io);
  const onProgress = ({ covered, solves }: { covered: number; solves: number }) =>
    status.draw(`sweeping ${progressBar(covered)} ${solves} solves`);
  const options = { solver: values.solver, timeLimitMs, onProgress };
  const grid = gridOf(values, changes.length - 1);
  const sweep = grid
    ? await sweepGrid(network, changes, parameter.data, grid, options)
    : await sweepNetwork(network, changes, parameter.data, options);
  status.clear();
  if (sweep.status === "invalid")
    throw new InputError(sweep.issues.map((i) => `${i.pointer}: ${i.message}`).join("\n"));
  io.stdout(
    values.json
      ? `${JSON.stringify(sweep, null, 2)}\n`
      : "rows" in sweep
        ? sweepGridToText(network, sweep)
        : sweepToText(network, sweep),
  );
  return sweep.status === "optimal" ? 0 : 3;
}

/** The --grid-* options as a grid, or none when --grid-field is absent. */
function gridOf(
  values: Record<string, string | boolean | string[] | undefined>,
  sweptChange: number,
): SweepGrid | undefined {
  const field = values["grid-field"];
  if (typeof field !== "string") return undefined;
  const text = (name: string) => {
    const v = values[name];
    return typeof v === "string" ? v : undefined;
  };
  const grid = sweepGridSchema.safeParse({
    change:
      text("grid-change") === undefined ? sweptChange : number("grid-change", text("grid-change")),
    field,
    from: number("grid-from", text("grid-from")),
    to: number("grid-to", text("grid-to")),
    steps: number("grid-steps", text("grid-steps")),
  });
  if (!grid.success)
    throw new InputError(
      grid.error.issues.map((i) => `--grid-${String(i.path[0])}: ${i.message}`).join("; "),
    );
  return grid.data;
}

/** Runs `npm run sweep` with these arguments; returns the exit code (see the usage text). */
export const main = commandMain("sweep", run);

runAsScript(import.meta.url, main);
