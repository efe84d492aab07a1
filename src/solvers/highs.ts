// Adapter for HiGHS compiled to WebAssembly (the highs package): the general backend, with duals.
import type { Highs, InitOptions, LegacyHighsOptions, LegacyHighsSolution } from "highs";
import {
  columnArraysOf,
  columnCount,
  columnValues,
  hasIntegerColumns,
  type LinearProgram,
  type LpResult,
  termArrays,
  toLpText,
} from "../../models/lp.ts";
import type { LpSolver, SolveOptions } from "./solver.ts";
import { assertWellFormed } from "./validate.ts";

const id = "highs";
// The npm package's version; its package.json is not in its exports map. The HiGHS inside is 1.15.1.
const version = "1.15.3";

/*
 * Guards against highs-js failure modes reported upstream (lovasoa/highs-js#9, #10, #45, #52):
 * a solve that runs out of memory or trips a native assertion throws an emscripten abort
 * ("RuntimeError: Aborted(...)", "null function"), after which the instance's state is not to be
 * trusted; and Wasm linear memory only grows, so one large solve pins its peak for the life of the
 * instance. So the runtime is loaded once, lazily, and dropped (to be reloaded by the next solve)
 * after any exception, and after a solve that leaves its memory above `memoryCeilingBytes`. Each
 * `solve` call itself builds and destroys a fresh native solver, so no model state is shared.
 */
const memoryCeilingBytes = 256 * 1024 * 1024;
let runtime: Promise<Highs> | undefined;

// Emscripten's hook for instantiating the Wasm itself; highs-js passes it through to its Module.
type InstantiateWasm = (
  imports: WebAssembly.Imports,
  receive: (instance: WebAssembly.Instance) => void,
) => object;
// highs-js's InitOptions type omits the hook its Emscripten Module honours.
let loaderOptions: (InitOptions & { instantiateWasm: InstantiateWasm }) | undefined;

/**
 * For runtimes that cannot fetch highs.wasm beside the loader (Cloudflare Workers): the entry
 * imports the Wasm as a compiled module and hands it over before the first solve.
 */
export function useHighsWasmModule(module: WebAssembly.Module): void {
  loaderOptions = {
    instantiateWasm(imports, receive) {
      void WebAssembly.instantiate(module, imports).then(receive);
      return {};
    },
  };
  runtime = undefined;
}

type HighsRow = LegacyHighsSolution["Rows"][number];
type HighsColumn = LegacyHighsSolution["Columns"][string];

function dualOf(item: HighsRow | HighsColumn | undefined): number | undefined {
  return item && "Dual" in item ? item.Dual : undefined;
}

/** Row name written by toLpText with positional names: `r<i>`, or `r<i>_lo`/`r<i>_hi` for a range. */
const rowNamePattern = /^r(\d+)(?:_lo|_hi)?$/;

function optimalResult(lp: LinearProgram, solution: LegacyHighsSolution, ms: number): LpResult {
  const info = { id, version, ms };
  const columnValues: number[] = [];
  const reducedCosts: number[] = [];
  for (let j = 0, n = columnCount(lp); j < n; j++) {
    const column = solution.Columns[`c${j}`];
    const dual = dualOf(column);
    if (!column || !("Primal" in column) || dual === undefined)
      return { status: "error", message: `HiGHS returned no value for column c${j}`, solver: info };
    columnValues.push(column.Primal);
    reducedCosts.push(dual);
  }
  // Rows with no finite bound are not written, and a range is written as two rows of which at most
  // one is active, so a row's dual is the sum over the rows written for it.
  const rowDuals = new Array<number>(lp.rows.length).fill(0);
  for (const row of solution.Rows) {
    const name = "Name" in row ? row.Name : "";
    const index = rowNamePattern.exec(name)?.[1];
    const dual = dualOf(row);
    if (index === undefined || dual === undefined)
      return { status: "error", message: `HiGHS returned an unknown row "${name}"`, solver: info };
    rowDuals[Number(index)] = (rowDuals[Number(index)] ?? 0) + dual;
  }
  // HiGHS's duals already follow LpDuals for both senses: rowDual = d(objective)/d(active bound)
  // and colDual = cost - A^T rowDual (checked by finite differences in the contract suite).
  return {
    status: "optimal",
    objective: solution.ObjectiveValue,
    columnValues,
    duals: { rowDuals, reducedCosts },
    solver: info,
  };
}

/** A program without columns: every row's activity is 0, which HiGHS reports as "Empty". */
function solveEmpty(lp: LinearProgram, ms: number): LpResult {
  const info = { id, version, ms };
  const violated = lp.rows.findIndex((row) => row.lower > 0 || row.upper < 0);
  if (violated >= 0)
    return {
      status: "infeasible",
      message: `row ${violated} cannot hold with no columns`,
      solver: info,
    };
  const rowDuals = lp.rows.map(() => 0);
  return {
    status: "optimal",
    objective: 0,
    columnValues: [],
    duals: { rowDuals, reducedCosts: [] },
    solver: info,
  };
}

/** HiGHS stops branch and bound once the incumbent is within this relative gap of the bound. */
export const mipRelativeGap = 1e-4;

/**
 * A MILP through the persistent API, which (unlike the one-shot `solve`) reports the MIP gap. The
 * model goes in as row-wise arrays in our own column order, so no names need mapping back. A MILP
 * has no duals: the caller re-solves the fixed LP for them (models/lp.ts fixedIntegerProgram).
 */
function solveMip(highs: Highs, lp: LinearProgram, timeLimitS: number, started: number): LpResult {
  const finite = (value: number) =>
    value === Infinity ? highs.infinity : value === -Infinity ? -highs.infinity : value;
  // The program's term arrays are already row-wise (CSR): no term object is read.
  const terms = termArrays(lp);
  const nonZeros = terms.start[terms.rowCount] as number;
  const starts = Array.from(terms.start.subarray(0, terms.rowCount + 1));
  const indices = Array.from(terms.column.subarray(0, nonZeros));
  const values = Array.from(terms.coef.subarray(0, nonZeros));
  const columns = columnCount(lp);
  const bounds = columnValues(lp);
  const arrays = columnArraysOf(lp);
  const model = highs.createModel({
    numCols: columns,
    numRows: lp.rows.length,
    sense:
      lp.sense === "max"
        ? highs.constants.objectiveSense.maximize
        : highs.constants.objectiveSense.minimize,
    colCost: Array.from(bounds.cost.subarray(0, columns)),
    colLower: Array.from(bounds.lower.subarray(0, columns), finite),
    colUpper: Array.from(bounds.upper.subarray(0, columns), finite),
    rowLower: lp.rows.map((r) => finite(r.lower)),
    rowUpper: lp.rows.map((r) => finite(r.upper)),
    matrix: {
      format: "csr",
      numRows: lp.rows.length,
      numCols: columns,
      starts,
      indices,
      values,
    },
    integrality: Int32Array.from({ length: columns }, (_, j) =>
      (arrays ? arrays.isInteger(j) : lp.columns[j]?.integer) ? 1 : 0,
    ),
  });
  try {
    model.options.set({
      output_flag: false,
      time_limit: Math.max(timeLimitS, 0),
      mip_rel_gap: mipRelativeGap,
    });
    const { modelStatus } = model.run();
    const info = { id, version, ms: performance.now() - started };
    const codes = highs.constants.modelStatus;
    // primal_solution_status 2: a feasible point (the incumbent) is there to read.
    const hasIncumbent = Number(model.info.get("primal_solution_status")) === 2;
    if (modelStatus === codes.optimal || (modelStatus === codes.timeLimit && hasIncumbent)) {
      const gap = Number(model.info.get("mip_gap"));
      return {
        status: "optimal",
        objective: Number(model.info.get("objective_function_value")),
        columnValues: Array.from(model.getSolution().colValue),
        solver: {
          ...info,
          mipGap: Number.isFinite(gap) ? Math.max(gap, 0) : 0,
          mipStatus: modelStatus === codes.optimal ? "optimal" : "timeLimit",
        },
      };
    }
    switch (modelStatus) {
      case codes.infeasible:
        return {
          status: "infeasible",
          message: "no point with whole lots satisfies every row and bound",
          solver: info,
        };
      case codes.unbounded:
        return {
          status: "unbounded",
          message: "the objective improves without limit",
          solver: info,
        };
      case codes.timeLimit:
        return {
          status: "timeLimit",
          message: `branch and bound found no plan with whole lots within ${Math.round(timeLimitS * 1000)} ms`,
          solver: info,
        };
      default:
        return { status: "error", message: `HiGHS MIP status code ${modelStatus}`, solver: info };
    }
  } finally {
    model.dispose();
  }
}

export const highsSolver: LpSolver = {
  id,
  version,
  capabilities: { duals: true, networkOnly: false, integer: true },

  async solve(lp: LinearProgram, options: SolveOptions): Promise<LpResult> {
    assertWellFormed(lp);
    const started = performance.now();
    const elapsed = () => performance.now() - started;
    const cancelled = () => ({
      status: "error" as const,
      message: "cancelled",
      solver: { id, version, ms: elapsed() },
    });
    if (options.signal?.aborted) return cancelled();
    if (columnCount(lp) === 0) return solveEmpty(lp, elapsed());

    let highs: Highs;
    try {
      // Imported on first use: the loader's 1.4 MB of JavaScript took ~100 ms of every CLI start,
      // and a plain network solve never needs it.
      runtime ??= import("highs").then(({ default: highsLoader }) => highsLoader(loaderOptions));
      highs = await runtime;
    } catch (error) {
      runtime = undefined;
      return {
        status: "error",
        message: `HiGHS failed to load: ${String(error)}`,
        solver: { id, version, ms: elapsed() },
      };
    }
    if (options.signal?.aborted) return cancelled();

    const remainingS = () => (options.timeLimitMs - elapsed()) / 1000;
    if (hasIntegerColumns(lp)) {
      try {
        return solveMip(highs, lp, remainingS(), started);
      } catch (error) {
        runtime = undefined;
        return {
          status: "error",
          message: `HiGHS failed: ${String(error)}`,
          solver: { id, version, ms: elapsed() },
        };
      } finally {
        if (highs.memoryBytes > memoryCeilingBytes) runtime = undefined;
      }
    }
    const text = toLpText(lp, { positionalNames: true });
    // HiGHS throws on a negative time_limit, which the retry below could otherwise pass.
    const run = (extra: LegacyHighsOptions): LegacyHighsSolution =>
      highs.solve(text, { output_flag: false, time_limit: Math.max(remainingS(), 0), ...extra });
    if (remainingS() <= 0) {
      const message = `the ${options.timeLimitMs} ms budget ran out before the solve began`;
      return { status: "timeLimit", message, solver: { id, version, ms: elapsed() } };
    }
    let solution: LegacyHighsSolution;
    try {
      solution = run({});
      // Presolve may prove only "infeasible or unbounded"; the simplex without it tells which.
      if (solution.Status === "Primal infeasible or unbounded") solution = run({ presolve: "off" });
    } catch (error) {
      runtime = undefined;
      return {
        status: "error",
        message: `HiGHS failed: ${String(error)}`,
        solver: { id, version, ms: elapsed() },
      };
    } finally {
      if (highs.memoryBytes > memoryCeilingBytes) runtime = undefined;
    }

    const info = { id, version, ms: elapsed() };
    switch (solution.Status) {
      case "Optimal":
        return optimalResult(lp, solution, info.ms);
      case "Infeasible":
        return {
          status: "infeasible",
          message: "no point satisfies every row and bound",
          solver: info,
        };
      case "Unbounded":
        return {
          status: "unbounded",
          message: "the objective improves without limit",
          solver: info,
        };
      case "Time limit reached":
        return {
          status: "timeLimit",
          message: `no optimum within ${options.timeLimitMs} ms`,
          solver: info,
        };
      default:
        return { status: "error", message: `HiGHS status: ${solution.Status}`, solver: info };
    }
  },
};
