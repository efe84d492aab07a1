// Stable plans on a hubbed network: legs and hub throughputs count in the L1 distance to the
// reference, so tied routes through hubs keep the reference's split (hubs-tied, by hand).
import { describe, expect, it } from "vitest";
import type { Network } from "../../../models/allocation/network.ts";
import type { Plan } from "../../../models/allocation/plan-schema.ts";
import { applyChanges, type Change } from "../../../models/allocation/scenario.ts";
import { referenceFlows } from "../../../models/allocation/stable.ts";
import { solveNetwork } from "../../../src/solve/solve.ts";
import { loadFixture } from "../../support/fixtures.ts";

const { network } = loadFixture("hubs-tied.json");
const flowTonnes = (plan: Plan) =>
  Object.fromEntries(plan.flows.map((f) => [`${f.from}>${f.to}:${f.mode}`, f.tonnes]));

function changed(changes: Change[]): Network {
  const result = applyChanges(network, changes);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.network;
}

// A split of s between the tied hubs that no vertex gives: only the leg targets can hold it.
const split = {
  "a>s:rail@h1+road": 250,
  "a>s:rail@h2+road": 150,
  "a>t:rail@g+road": 200,
};
const asReference = (tonnes: Record<string, number>) =>
  Object.entries(tonnes).map(([key, t]) => {
    const [from, rest] = key.split(">") as [string, string];
    const [to, mode] = rest.split(":") as [string, string];
    return { from, to, mode, tonnes: t };
  });

describe("stable plans through hubs", () => {
  it("reproduces a tied split between two hubs at the optimal cost (120000)", async () => {
    const plan = await solveNetwork(network, { reference: asReference(split) });
    expect(plan.objective?.value).toBeCloseTo(120_000, 6);
    expect(flowTonnes(plan)).toEqual(split);
    expect(plan.hubs?.map((h) => h.throughputT)).toEqual([250, 150, 200]);
  });

  it("closing an unrelated hub moves t's 200 t to road and nothing else (130000)", async () => {
    const baseline = await solveNetwork(network, { reference: asReference(split) });
    const plan = await solveNetwork(changed([{ kind: "closeHub", hub: "g" }]), {
      reference: referenceFlows(baseline),
    });
    expect(plan.objective?.value).toBeCloseTo(130_000, 6);
    expect(flowTonnes(plan)).toEqual({
      "a>s:rail@h1+road": 250,
      "a>s:rail@h2+road": 150,
      "a>t:road": 200,
    });
  });

  it("one more tonne at s moves one tonne (120200), the split otherwise kept", async () => {
    const baseline = await solveNetwork(network, { reference: asReference(split) });
    const more: Network = {
      ...network,
      smelters: network.smelters.map((s) => (s.id === "s" ? { ...s, demandT: 401 } : s)),
    };
    const plan = await solveNetwork(more, { reference: referenceFlows(baseline) });
    expect(plan.objective?.value).toBeCloseTo(120_200, 6);
    const tonnes = flowTonnes(plan);
    const moved = Object.keys({ ...tonnes, ...split }).reduce(
      (sum, key) => sum + Math.abs((tonnes[key] ?? 0) - (split[key as keyof typeof split] ?? 0)),
      0,
    );
    expect(moved).toBeCloseTo(1, 6);
    expect(tonnes["a>s:rail@h1+road"]).toBeGreaterThanOrEqual(250);
    expect(tonnes["a>s:rail@h2+road"]).toBeGreaterThanOrEqual(150);
  });
});
