import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildAllocationModel } from "../../../models/allocation/build.ts";
import { comparePlans } from "../../../models/allocation/compare.ts";
import { type Network, networkSchema } from "../../../models/allocation/network.ts";
import type { Plan } from "../../../models/allocation/plan-schema.ts";
import { applyChanges, type Change } from "../../../models/allocation/scenario.ts";
import { buildTieBreak, noTargets, type ReferenceFlow } from "../../../models/allocation/stable.ts";
import { isNetworkProgram } from "../../../models/lp.ts";
import { solveNetwork } from "../../../src/solve/solve.ts";
import { fixturesDir, loadFixture } from "../../support/fixtures.ts";

const tied = loadFixture("tied-alternatives.json");
const stableSpec = JSON.parse(readFileSync(`${fixturesDir}/tied-alternatives.json`, "utf8"))
  .stable as { reference: Record<string, number>; flows: Record<string, number> };

/** Flow tonnes by `from>to:mode` key, as the fixtures write them. */
const reference = (tonnes: Record<string, number>): ReferenceFlow[] =>
  Object.entries(tonnes).map(([key, t]) => {
    const [from, rest] = key.split(">") as [string, string];
    const [to, mode] = rest.split(":") as [string, string];
    return { from, to, mode, tonnes: t };
  });
const flowTonnes = (plan: Plan) =>
  Object.fromEntries(plan.flows.map((f) => [`${f.from}>${f.to}:${f.mode}`, f.tonnes]));

function changed(network: Network, changes: Change[]): Network {
  const result = applyChanges(network, changes);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.network;
}

describe("stable plans", () => {
  it("returns the written-down stable plan of the tied fixture at the same cost", async () => {
    const plan = await solveNetwork(tied.network, { reference: reference(stableSpec.reference) });
    expect(plan.status).toBe("optimal");
    expect(plan.objective?.value).toBeCloseTo(tied.expected.objective ?? Number.NaN, 6);
    expect(flowTonnes(plan)).toEqual(stableSpec.flows);
  });

  it.each<Record<string, number>>([
    { "a>y:rail": 40, "b>x:rail": 60 },
    { "a>x:rail": 30, "b>x:rail": 30, "a>y:rail": 20, "b>y:rail": 20 },
  ])("reproduces any optimal reference exactly: %o", async (tonnes) => {
    const plan = await solveNetwork(tied.network, { reference: reference(tonnes) });
    expect(flowTonnes(plan)).toEqual(tonnes);
  });

  it("keeps the tie-break of a pure network a pure network", () => {
    const model = buildAllocationModel(tied.network);
    const columnValues = model.lp.columns.map(() => 0);
    const duals = {
      rowDuals: model.lp.rows.map(() => 0),
      reducedCosts: model.lp.columns.map(() => 0),
    };
    const none = noTargets(columnValues.length);
    const tieBreak = buildTieBreak(model.lp, { objective: 0, columnValues, duals }, none);
    expect(tieBreak && isNetworkProgram(tieBreak.lp)).toBe(true);
  });

  it("never changes the objective or breaks demand, whatever the reference", async () => {
    const balanced = loadFixture("balanced.json").network;
    const plain = await solveNetwork(balanced);
    const keys = ["a>x:rail", "a>y:rail", "b>x:rail", "b>y:rail"];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(200), { minLength: 4, maxLength: 4 }), async (tonnes) => {
        const ref = reference(Object.fromEntries(keys.map((k, i) => [k, tonnes[i] ?? 0])));
        const plan = await solveNetwork(balanced, { reference: ref });
        expect(plan.objective?.value).toBeCloseTo(plain.objective?.value ?? Number.NaN, 6);
        for (const smelter of plan.smelters) {
          expect(smelter.receivedT).toBeCloseTo(smelter.demandT, 6);
        }
      }),
      { numRuns: 25 },
    );
  });

  it("moves no flow of 5 kt or more when Yunnan's demand grows by 0.1 % on the default dataset", async () => {
    const file = new URL("../../../data/china-2024/network.json", import.meta.url);
    const network = networkSchema.parse(JSON.parse(readFileSync(file, "utf8")));
    const baseline = await solveNetwork(network, { sensitivity: "off" });
    const scenario = changed(network, [{ kind: "scaleDemand", province: "Yunnan", factor: 1.001 }]);
    const plan = await solveNetwork(scenario, { sensitivity: "off", reference: baseline.flows });
    const plain = await solveNetwork(scenario, { sensitivity: "off" });
    expect(plan.objective?.value).toBeCloseTo(plain.objective?.value ?? Number.NaN, 0);

    const increment = sumDemand(plan, "Yunnan") - sumDemand(baseline, "Yunnan");
    expect(increment).toBeGreaterThan(1_000);
    const moves = comparePlans({ plan: baseline }, { plan }).flows.map((f) =>
      Math.abs(f.tonnes.delta ?? 0),
    );
    expect(moves.filter((t) => t >= 5_000)).toEqual([]);
    // The increment arrives, and at most the tonnes it displaces move elsewhere.
    expect(moves.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2 * increment + 1);
  });
});

const sumDemand = (plan: Plan, province: string) =>
  plan.smelters.filter((s) => s.province === province).reduce((a, s) => a + s.demandT, 0);
