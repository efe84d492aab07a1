// `npm run plan`: solve a network file and print the plan as tables or as JSON (plan format v1).
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  periodMarginalsAutoMaxLanePeriods,
  type SensitivityMode,
  sensitivityAutoMaxLanes,
  sensitivityModes,
} from "../../models/allocation/plan.ts";
import { planToTables } from "../../models/allocation/plan-workbook.ts";
import { planToText } from "../report/plan-text.ts";
import { type SolvePhases, solveNetwork } from "../solve/solve.ts";
import { solverIds } from "../solvers/registry.ts";
import { tablesToXlsx } from "../workbook/xlsx.ts";
import { type Io, progressBar, runAsScript, statusLine } from "./io.ts";
import { commandMain, InputError, type Phases, readNetwork, timed } from "./read-input.ts";

const defaultNetwork = "data/china-2024/network.json";

const usage = `Usage: npm run plan -- [options]

  --network FILE    network JSON (format v1), or an Excel workbook (.xlsx, README "Spreadsheets");
                    default ${defaultNetwork}
  --json            print the plan as JSON instead of tables
  --xlsx FILE       also write the plan as an Excel workbook (summary, flows, provinces, plants,
                    smelters, ports, marginal costs, ...; the unit in every header)
  --solver ID       one of ${solverIds.join(", ")}; default auto
  --time-limit MS   solver time limit in milliseconds; default 30000
  --unused-lanes N  most unused lanes (nearest to use first) in the JSON plan; default 500
  --sensitivity M   ${sensitivityModes.join("|")}: marginal costs, ranges and reduced costs; default auto,
                    which skips them above ${sensitivityAutoMaxLanes} lanes (the plan is otherwise complete);
                    with periods, the per-period marginal costs above ${periodMarginalsAutoMaxLanePeriods} lanes x periods
  --timings         print each phase's milliseconds to stderr as one JSON line (read, parse,
                    validate, plan = build + solve + analysis + interpret, each of them, the
                    solver's own solve, serialise, write), and the process's CPU time (cpuMs)
  --help            this text

After the province balance the tables show the regional mismatch (provinces by net outflow, with
marginal costs and the north-west-Shandong calibration line), marginal costs by smelter, plant and
port with their ranges, and the unused lanes nearest to use; an infeasible plan comes with its
diagnosis. Meanings and signs: models/allocation/formulation.md.

Exit codes: 0 optimal plan, 1 bad input, 3 solved but not optimal (infeasible, time limit, ...).`;

async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      network: { type: "string", default: defaultNetwork },
      json: { type: "boolean", default: false },
      xlsx: { type: "string" },
      solver: { type: "string", default: "auto" },
      "time-limit": { type: "string", default: "30000" },
      "unused-lanes": { type: "string", default: "500" },
      sensitivity: { type: "string", default: "auto" },
      timings: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout(`${usage}\n`);
    return 0;
  }
  const timeLimitMs = Number(values["time-limit"]);
  if (!Number.isFinite(timeLimitMs) || timeLimitMs <= 0) {
    throw new InputError(`--time-limit must be a positive number of milliseconds`);
  }
  const unusedLanesTop = Number(values["unused-lanes"]);
  if (!Number.isInteger(unusedLanesTop) || unusedLanesTop < 0) {
    throw new InputError(`--unused-lanes must be a whole number >= 0`);
  }
  const sensitivity = values.sensitivity as SensitivityMode;
  if (!sensitivityModes.includes(sensitivity)) {
    throw new InputError(`--sensitivity must be one of ${sensitivityModes.join(", ")}`);
  }
  const phases: Phases = {};
  // On a terminal, a run past a second shows its phase; reading, validating and building hold
  // the thread, so the line moves between phases and, while the solver hands the event loop
  // back between its slices, with the seconds spent planning.
  const status = statusLine(io);
  const steps = ["reading", "validating", "planning", "writing"];
  const show = (step: string, detail = "") =>
    status.draw(`${step} ${progressBar(steps.indexOf(step) / steps.length)}${detail}`);
  const network = await readNetwork(values.network, phases, () => show("validating"));
  const planStarted = performance.now();
  const ticker = setInterval(() => {
    show("planning", ` ${((performance.now() - planStarted) / 1000).toFixed(1)} s`);
  }, 250);
  let plan: Awaited<ReturnType<typeof solveNetwork>>;
  const planPhases: SolvePhases = {};
  try {
    show("planning");
    plan = await timed(phases, "planMs", () =>
      solveNetwork(network, {
        solver: values.solver,
        timeLimitMs,
        unusedLanesTop,
        sensitivity,
        phases: planPhases,
      }),
    );
  } finally {
    clearInterval(ticker);
  }
  show("writing");
  const text = await timed(phases, "serialiseMs", async () =>
    values.json ? `${JSON.stringify(plan, null, 2)}\n` : planToText(network, plan),
  );
  status.clear();
  await timed(phases, "writeMs", async () => io.stdout(text));
  if (values.xlsx !== undefined) {
    const file = values.xlsx;
    const bytes = await timed(phases, "workbookMs", () => tablesToXlsx(planToTables(plan)));
    try {
      writeFileSync(file, bytes);
    } catch (error) {
      throw new InputError(
        `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      );
    }
  }
  if (values.timings) {
    // The plan's own solver time is the solve; the rest of planMs builds, analyses and interprets.
    const solveMs = plan.solver.ms;
    // CPU time of the whole process so far, every thread (the garbage collector's helpers too):
    // steadier than wall time on a machine other work shares.
    const cpu = process.cpuUsage();
    const timings = {
      ...phases,
      // planMs in its parts: build, solve (the solver's own figure, below), analysis, interpret.
      ...Object.fromEntries(
        Object.entries(planPhases)
          .filter(([name]) => name !== "solve")
          .map(([name, ms]) => [`${name}Ms`, ms]),
      ),
      solveMs,
      buildAndInterpretMs: (phases.planMs ?? 0) - solveMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
    };
    io.stderr(`${JSON.stringify({ timings })}\n`);
  }
  return plan.status === "optimal" ? 0 : 3;
}

/** Runs `npm run plan` with these arguments; returns the exit code (see the usage text). */
export const main = commandMain("plan", run);

runAsScript(import.meta.url, main);
