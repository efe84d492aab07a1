import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildAllocationModel } from "../../../models/allocation/build.ts";
import { type Network, parseNetwork } from "../../../models/allocation/network.ts";
import { buildPeriodicModel } from "../../../models/allocation/periods.ts";
import { fixedIntegerProgram, hasIntegerColumns, toLpText } from "../../../models/lp.ts";
import { solveNetwork } from "../../../src/solve/solve.ts";
import { IntegerProgramError } from "../../../src/solvers/registry.ts";
import { fixturesDir } from "../../support/fixtures.ts";
import { expectPlanInvariants } from "../../support/plan-invariants.ts";

function load(): {
  network: Network;
  expected: Record<string, unknown> & { objective: number; relaxedObjective: number };
} {
  const raw = JSON.parse(
    readFileSync(join(fixturesDir, "contracts", "lots-rounding.json"), "utf8"),
  );
  const { expected, ...network } = raw;
  const parsed = parseNetwork(network);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return { network: parsed.network, expected };
}

const withoutLots = (network: Network): Network => ({
  ...network,
  lanes: network.lanes?.map(({ lotT: _, ...lane }) => lane),
});

describe("lots (14)", () => {
  it("adds an integer lot column and its linking row, printed in the LP text's General section", () => {
    const model = buildAllocationModel(load().network);
    expect(hasIntegerColumns(model.lp)).toBe(true);
    const lotColumn = model.lp.columns[model.lotColumn[0] as number];
    expect(lotColumn).toMatchObject({ name: "lots:a>x:rail", integer: true, lower: 0 });
    expect(model.lp.rows[model.lotRow[0] as number]?.name).toBe("lot:a>x:rail");
    expect(model.lotColumn[1]).toBe(-1);
    expect(toLpText(model.lp)).toMatch(/\nGeneral\n lots_a_x_rail\nEnd/);
  });

  it.each(["auto", "highs"])(
    "rounds to whole trainloads with %s: the optimum written down",
    async (solver) => {
      const { network, expected } = load();
      const plan = await solveNetwork(network, { solver });
      expect(plan.status).toBe("optimal");
      expect(plan.solver.id).toBe("highs");
      expect(plan.objective?.value).toBeCloseTo(expected.objective, 6);
      expectPlanInvariants(network, plan);
      const rail = plan.flows.find((f) => f.mode === "rail");
      expect(rail).toMatchObject({ from: "a", to: "x", lotT: 3000, lotCount: 2 });
      expect(rail?.tonnes).toBeCloseTo(6000, 6);
      expect(plan.flows.find((f) => f.mode === "road")?.tonnes).toBeCloseTo(1000, 6);
      expect(plan.flows.find((f) => f.mode === "road")?.lotCount).toBeUndefined();
      expect(plan.solver.mipStatus).toBe("optimal");
      expect(plan.solver.mipGap).toBeLessThanOrEqual(1e-4);
      // Duals from the LP with the lots fixed: x's next tonne comes by road from b.
      expect(plan.sensitivity?.dualsFrom).toBe("fixedLp");
      expect(plan.smelters[0]?.marginalCostPerT).toBeCloseTo(130, 6);
    },
  );

  it("costs at least its LP relaxation, which is the plan without lots", async () => {
    const { network, expected } = load();
    const [milp, lp] = await Promise.all([
      solveNetwork(network),
      solveNetwork(withoutLots(network)),
    ]);
    expect(lp.objective?.value).toBeCloseTo(expected.relaxedObjective, 6);
    expect(lp.solver.id).toBe("network-simplex");
    expect(lp.solver.mipGap).toBeUndefined();
    expect(lp.sensitivity?.dualsFrom).toBeUndefined();
    expect(milp.objective?.value ?? 0).toBeGreaterThanOrEqual((lp.objective?.value ?? 0) - 1e-6);
  });

  it("fixes the lot columns and the lanes they link in the fixed LP", () => {
    const model = buildAllocationModel(load().network);
    const values = model.lp.columns.map(() => 0);
    values[model.lotColumn[0] as number] = 1.9999999;
    const fixed = fixedIntegerProgram(model.lp, values);
    expect(fixed.columns[model.lotColumn[0] as number]).toMatchObject({ lower: 2, upper: 2 });
    expect(fixed.columns[model.flowColumn[0] as number]).toMatchObject({
      lower: 6000,
      upper: 6000,
    });
    expect(hasIntegerColumns(fixed)).toBe(false);
  });

  it.each(["network-simplex", "javascript-lp-solver"])(
    "%s refuses a network with lots before solving",
    async (solver) => {
      await expect(solveNetwork(load().network, { solver })).rejects.toThrow(IntegerProgramError);
    },
  );

  it("diagnoses a network that only whole lots make infeasible", async () => {
    const { network } = load();
    // x's 7,000 t by rail alone cannot be whole trainloads of 3,000 t, and may not go short.
    const railOnly: Network = {
      ...network,
      lanes: network.lanes?.filter((lane) => lane.mode === "rail"),
      options: { ...network.options, allowShortfall: false },
    };
    const plan = await solveNetwork(railOnly);
    expect(plan.status).toBe("infeasible");
    expect(plan.diagnosis?.relaxation?.changes).toEqual([]);
    expect(plan.diagnosis?.summary).toMatch(/whole lots/);
  });

  it("ships whole lots in every period", async () => {
    const { network } = load();
    const halves: Network = {
      ...network,
      periods: [
        { id: "H1", weight: 0.5 },
        { id: "H2", weight: 0.5 },
      ],
    };
    const model = buildPeriodicModel(halves);
    expect(model.lp.columns.filter((c) => c.integer).map((c) => c.name)).toEqual([
      "lots:a>x:rail@H1",
      "lots:a>x:rail@H2",
    ]);
    const plan = await solveNetwork(halves);
    // 3,500 t a half: one trainload and 500 t by road each time, 2 x (330,000 + 65,000).
    expect(plan.objective?.value).toBeCloseTo(790_000, 6);
    for (const period of plan.periods ?? []) {
      const rail = period.flows.find((f) => f.mode === "rail")?.tonnes ?? 0;
      expect(rail).toBeCloseTo(3000, 6);
    }
    expect(plan.flows.find((f) => f.mode === "rail")?.lotCount).toBe(2);
  });
});
