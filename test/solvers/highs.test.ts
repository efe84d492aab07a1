// The HiGHS adapter's guards, with the highs runtime wrapped so that it can be made to misbehave.
import type { Highs, LegacyHighsOptions, LegacyHighsSolution } from "highs";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { LinearProgram } from "../../models/lp.ts";
import { highsSolver } from "../../src/solvers/highs.ts";
import { MalformedProgramError } from "../../src/solvers/validate.ts";

const runtime = vi.hoisted(() => ({
  loads: 0,
  /** Replaces the next solve's outcome: throw this error, or return this solution. */
  next: undefined as Error | Partial<LegacyHighsSolution> | undefined,
  options: [] as LegacyHighsOptions[],
}));

vi.mock("highs", async (importOriginal) => {
  const real = await importOriginal<typeof import("highs")>();
  return {
    default: async () => {
      runtime.loads += 1;
      const highs = await real.default();
      const wrapped: Highs = Object.create(highs);
      wrapped.solve = (text: string, options?: LegacyHighsOptions) => {
        runtime.options.push(options ?? {});
        const next = runtime.next;
        runtime.next = undefined;
        if (next instanceof Error) throw next;
        return next
          ? ({ ...highs.solve(text, options), ...next } as LegacyHighsSolution)
          : highs.solve(text, options);
      };
      return wrapped;
    },
  };
});

const lp: LinearProgram = {
  name: "small",
  sense: "min",
  columns: [
    { name: "x", lower: 0, upper: 10, cost: 1 },
    { name: "y", lower: 0, upper: 10, cost: 2 },
  ],
  rows: [
    {
      name: "r",
      lower: 4,
      upper: 8,
      terms: [
        { column: 0, coef: 1 },
        { column: 1, coef: 1 },
      ],
    },
    { name: "free", lower: -Infinity, upper: Infinity, terms: [{ column: 1, coef: 1 }] },
  ],
};
const options = { timeLimitMs: 10_000 };

beforeEach(() => {
  runtime.next = undefined;
  runtime.options = [];
});

describe("the HiGHS adapter", () => {
  it("solves with the two rows of a range and reports the range's dual on its one row", async () => {
    const result = await highsSolver.solve(lp, options);
    expect(result.status).toBe("optimal");
    if (result.status !== "optimal") return;
    expect(result.objective).toBeCloseTo(4, 9);
    expect(result.duals?.rowDuals).toHaveLength(2);
    expect(result.duals?.rowDuals[0]).toBeCloseTo(1, 9);
    expect(result.duals?.rowDuals[1]).toBe(0);
  });

  it("turns an exception inside HiGHS into status error and reloads the runtime", async () => {
    await highsSolver.solve(lp, options);
    const loads = runtime.loads;
    runtime.next = new WebAssembly.RuntimeError("Aborted(OOM)");
    const failed = await highsSolver.solve(lp, options);
    expect(failed.status).toBe("error");
    if (failed.status === "error") expect(failed.message).toMatch(/Aborted\(OOM\)/);
    const after = await highsSolver.solve(lp, options);
    expect(after.status).toBe("optimal");
    expect(runtime.loads).toBe(loads + 1);
  });

  it("settles presolve's 'infeasible or unbounded' by solving again without presolve", async () => {
    runtime.next = { Status: "Primal infeasible or unbounded" };
    const result = await highsSolver.solve(lp, options);
    expect(result.status).toBe("optimal");
    expect(runtime.options.map((o) => o.presolve)).toEqual([undefined, "off"]);
  });

  it("passes the remaining budget to HiGHS in seconds", async () => {
    await highsSolver.solve(lp, options);
    const limit = runtime.options[0]?.time_limit ?? Number.NaN;
    expect(limit).toBeGreaterThan(9);
    expect(limit).toBeLessThanOrEqual(10);
  });

  it("reports a HiGHS status with no counterpart as an error that names it", async () => {
    runtime.next = { Status: "Iteration limit reached" };
    const result = await highsSolver.solve(lp, options);
    expect(result.status).toBe("error");
    if (result.status === "error") expect(result.message).toMatch(/Iteration limit reached/);
  });

  it("decides a program without columns without loading HiGHS", async () => {
    const loads = runtime.loads;
    const empty: LinearProgram = { name: "empty", sense: "min", columns: [], rows: [] };
    const infeasible = { ...empty, rows: [{ name: "r", lower: 1, upper: 2, terms: [] }] };
    expect((await highsSolver.solve(empty, options)).status).toBe("optimal");
    expect((await highsSolver.solve(infeasible, options)).status).toBe("infeasible");
    expect(runtime.loads).toBe(loads);
    expect(runtime.options).toEqual([]);
  });

  it("throws on a NaN coefficient instead of letting HiGHS read it as a variable called NaN", async () => {
    const bad: LinearProgram = {
      ...lp,
      rows: [{ name: "r", lower: 4, upper: 8, terms: [{ column: 0, coef: Number.NaN }] }],
    };
    await expect(highsSolver.solve(bad, options)).rejects.toThrow(MalformedProgramError);
  });
});
