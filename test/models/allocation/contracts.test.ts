import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildAllocationModel } from "../../../models/allocation/build.ts";
import { type Network, parseNetwork } from "../../../models/allocation/network.ts";
import { buildPeriodicModel } from "../../../models/allocation/periods.ts";
import { applyChanges } from "../../../models/allocation/scenario.ts";
import { isNetworkProgram, toLpText } from "../../../models/lp.ts";
import { solveNetwork } from "../../../src/solve/solve.ts";
import { fixturesDir } from "../../support/fixtures.ts";
import { expectPlanInvariants } from "../../support/plan-invariants.ts";

interface ContractExpectation {
  status: "optimal" | "infeasible";
  objective?: number;
  flows?: Record<string, number>;
  contracts?: Record<
    string,
    { tonnes: number; binding: "min" | "max" | null; marginalValuePerT: number }
  >;
  marginalCostPerT?: Record<string, number>;
  periodFlows?: Record<string, Record<string, number>>;
  relaxation?: { limit: string; id: string; byT: number }[];
  costOfRelaxedPlan?: number;
}

function load(file: string): {
  raw: Record<string, unknown>;
  network: Network;
  expected: ContractExpectation;
} {
  const raw = JSON.parse(readFileSync(join(fixturesDir, "contracts", file), "utf8"));
  const { expected, ...network } = raw;
  const parsed = parseNetwork(network);
  if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.issues)}`);
  return { raw: network, network: parsed.network, expected };
}

const flowTonnes = (flows: readonly { from: string; to: string; mode: string; tonnes: number }[]) =>
  Object.fromEntries(flows.map((f) => [`${f.from}>${f.to}:${f.mode}`, f.tonnes]));

function expectFlows(actual: Record<string, number>, expected: Record<string, number>) {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [key, value] of Object.entries(expected)) expect(actual[key]).toBeCloseTo(value, 6);
}

// HiGHS gives duals; javascript-lp-solver solves the same LP without them. The network simplex cannot.
const lpSolvers = ["auto", "highs", "javascript-lp-solver"] as const;
const solvedFixtures = ["contract-min-binds.json", "captive-link.json", "periods-contract.json"];

describe("contracts (13)", () => {
  it.each(solvedFixtures.flatMap((f) => lpSolvers.map((s) => [f, s] as const)))(
    "%s with %s reaches the optimum written down",
    async (file, solver) => {
      const { network, expected } = load(file);
      const plan = await solveNetwork(network, { solver });
      expect(plan.status).toBe("optimal");
      expect(plan.objective?.value).toBeCloseTo(expected.objective ?? Number.NaN, 6);
      expectPlanInvariants(network, plan);
      expectFlows(flowTonnes(plan.flows), expected.flows ?? {});
      for (const [id, want] of Object.entries(expected.contracts ?? {})) {
        const row = plan.contracts?.find((c) => c.id === id);
        expect(row?.tonnes).toBeCloseTo(want.tonnes, 6);
        expect(row?.binding).toBe(want.binding);
        // Bounds hold (the invariant), whatever the backend.
        expect(row?.tonnes ?? 0).toBeGreaterThanOrEqual((row?.minT ?? 0) - 1e-6);
        expect(row?.tonnes ?? 0).toBeLessThanOrEqual((row?.maxT ?? Infinity) + 1e-6);
        if (solver === "javascript-lp-solver") expect(row?.marginalValuePerT).toBeNull();
        else expect(row?.marginalValuePerT).toBeCloseTo(want.marginalValuePerT, 6);
      }
      if (solver !== "javascript-lp-solver") {
        for (const [id, cost] of Object.entries(expected.marginalCostPerT ?? {}))
          expect(plan.smelters.find((s) => s.id === id)?.marginalCostPerT).toBeCloseTo(cost, 6);
      }
      for (const [period, flows] of Object.entries(expected.periodFlows ?? {}))
        expectFlows(flowTonnes(plan.periods?.find((p) => p.id === period)?.flows ?? []), flows);
    },
  );

  it("makes the program a general LP that auto sends to HiGHS, with the row named and ranged", async () => {
    const { network } = load("captive-link.json");
    const model = buildAllocationModel(network);
    expect(isNetworkProgram(model.lp)).toBe(false);
    const row = model.lp.rows[model.contractRow[0] as number];
    expect(row).toMatchObject({ name: "contract:y-captive", lower: 40, upper: 90 });
    expect(toLpText(model.lp)).toContain("contract_y_captive_lo: flow_b_y_rail >= 40");
    const plan = await solveNetwork(network);
    expect(plan.solver.id).toBe("highs");
    // Held at its price, the residual figures are not ranged.
    expect(plan.sensitivity?.status).toBe("atSideConstraintPrices");
  });

  it("keeps a contract row annual over every period's columns", () => {
    const { network } = load("periods-contract.json");
    const model = buildPeriodicModel(network);
    const rows = model.lp.rows.filter((r) => r.name.startsWith("contract:"));
    expect(rows.map((r) => r.name)).toEqual(["contract:bx"]);
    expect(rows[0]?.terms).toHaveLength(2); // b>x:rail in H1 and in H2
  });

  it("with a slack contract plans as the network without it", async () => {
    const { network } = load("contract-min-binds.json");
    const slack = {
      ...network,
      contracts: [{ id: "bx", plants: ["b"], to: "x", minT: 0, maxT: 1000 }],
    };
    const without = { ...network, contracts: undefined };
    const [a, b] = await Promise.all([solveNetwork(slack), solveNetwork(without)]);
    expect(a.objective?.value).toBeCloseTo(8800, 6);
    expect(b.objective?.value).toBeCloseTo(8800, 6);
    expect(a.contracts?.[0]).toMatchObject({ tonnes: 0, binding: null, marginalValuePerT: 0 });
    expect(b.contracts).toBeUndefined();
    expect(b.solver.id).toBe("network-simplex");
  });

  it("names an infeasible contract in the diagnosis, with the relaxed plan's cost", async () => {
    const { network, expected } = load("infeasible-contract.json");
    const plan = await solveNetwork(network);
    expect(plan.status).toBe("infeasible");
    const changes = plan.diagnosis?.relaxation?.changes ?? [];
    expect(changes.map(({ limit, id }) => ({ limit, id }))).toEqual(
      (expected.relaxation ?? []).map(({ limit, id }) => ({ limit, id })),
    );
    expect(changes[0]?.byT).toBeCloseTo(expected.relaxation?.[0]?.byT ?? Number.NaN, 6);
    expect(plan.diagnosis?.relaxation?.costOfRelaxedPlan).toBeCloseTo(
      expected.costOfRelaxedPlan ?? Number.NaN,
      6,
    );
    expect(
      plan.diagnosis?.conflicts.some((c) => c.kind === "contract" && c.plants.includes("b")),
    ).toBe(true);
    expect(plan.diagnosis?.summary).toMatch(/bx/);
    // The relaxation it names restores a plan at that cost.
    const relaxed = applyChanges(network, [{ kind: "setContract", contract: "bx", maxT: 50 }]);
    if (!relaxed.ok) throw new Error(JSON.stringify(relaxed.issues));
    const fixed = await solveNetwork(relaxed.network);
    expect(fixed.objective?.value).toBeCloseTo(expected.costOfRelaxedPlan ?? Number.NaN, 6);
  });
});

describe("the contracts schema", () => {
  const base = () => load("contract-min-binds.json").raw;
  const issues = (contracts: unknown) => {
    const parsed = parseNetwork({ ...base(), contracts });
    return parsed.ok ? [] : parsed.issues;
  };

  it("refuses unknown ids, minT above maxT or the destination's demand, duplicates and unknown fields", () => {
    expect(issues([{ id: "c", plants: ["zz"], to: "x" }])).toEqual([
      { pointer: "/contracts/0/plants/0", message: '"zz" is not a plant id' },
    ]);
    expect(issues([{ id: "c", plants: ["a"], to: "zz" }])).toEqual([
      { pointer: "/contracts/0/to", message: '"zz" is not a smelter or port id' },
    ]);
    expect(issues([{ id: "c", plants: ["a"], to: "x", minT: 50, maxT: 40 }])[0]?.pointer).toBe(
      "/contracts/0/minT",
    );
    expect(issues([{ id: "c", plants: ["a"], to: "x", minT: 81 }])).toEqual([
      {
        pointer: "/contracts/0/minT",
        message: 'minT 81 exceeds what "x" takes in a year (its demand, 80 t)',
      },
    ]);
    expect(
      issues([
        { id: "c", plants: ["a"], to: "x" },
        { id: "c", plants: ["b"], to: "x" },
      ])[0]?.pointer,
    ).toBe("/contracts/1/id");
    expect(issues([{ id: "c", plants: ["a"], to: "x", minTonnes: 3 }])[0]?.pointer).toBe(
      "/contracts/0/minTonnes",
    );
    expect(issues([{ id: "c", plants: [], to: "x" }])[0]?.pointer).toBe("/contracts/0/plants");
  });
});

describe("setContract", () => {
  it("sets a bound, removes one with null, and adds a new contract", () => {
    const { network } = load("contract-min-binds.json");
    const set = applyChanges(network, [
      { kind: "setContract", contract: "bx", minT: 10, maxT: 60 },
      { kind: "setContract", contract: "ax", plants: ["a"], to: "x", maxT: 70 },
      { kind: "setContract", contract: "bx", maxT: null },
    ]);
    if (!set.ok) throw new Error(JSON.stringify(set.issues));
    expect(set.network.contracts).toEqual([
      { id: "bx", plants: ["b"], to: "x", minT: 10 },
      { id: "ax", plants: ["a"], to: "x", maxT: 70 },
    ]);
  });

  it("points at the change's field for a new contract without plants, and for a bound the network refuses", () => {
    const { network } = load("contract-min-binds.json");
    const missing = applyChanges(network, [{ kind: "setContract", contract: "new", maxT: 5 }]);
    expect(missing.ok ? [] : missing.issues.map((i) => i.pointer)).toEqual(["/changes/0/plants"]);
    const above = applyChanges(network, [{ kind: "setContract", contract: "bx", minT: 500 }]);
    expect(above.ok ? [] : above.issues.map((i) => i.pointer)).toEqual(["/changes/0/minT"]);
    const strict = applyChanges(network, [
      { kind: "setContract", contract: "bx", minT: 5, bogus: 1 } as never,
    ]);
    expect(strict.ok).toBe(false);
  });
});
