import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { render } from "../../data/china-2024/generate.ts";
import { LOTS_OUTPUTS, TRAINLOAD_T } from "../../data/china-2024/generate-lots.ts";
import { type Network, networkSchema } from "../../models/allocation/network.ts";
import type { Plan } from "../../models/allocation/plan-schema.ts";
import { solveNetwork } from "../../src/solve/solve.ts";

const dir = new URL("../../data/china-2024/", import.meta.url);
const committed = (file: string) => readFileSync(new URL(file, dir), "utf8");
const load = (file: string): Network => networkSchema.parse(JSON.parse(committed(file)));

describe("data/china-2024/network-lots.json", () => {
  let network: Network;
  let annual: Plan;
  beforeAll(async () => {
    network = load("network-lots.json");
    annual = await solveNetwork(load("network.json"), { solver: "network-simplex" });
  });

  it("is exactly what generate-lots.ts writes", () => {
    const [file, make] = Object.entries(LOTS_OUTPUTS)[0] ?? [];
    expect(file).toBe("network-lots.json");
    expect(committed("network-lots.json")).toBe(render(make?.() ?? ({} as never)));
  });

  it("lists network.json's lanes, rail in trainloads, and without the lots plans exactly as network.json", async () => {
    expect(network.lanes?.length).toBe(2214);
    for (const lane of network.lanes ?? [])
      expect(lane.lotT).toBe(lane.mode === "rail" ? TRAINLOAD_T : undefined);
    const relaxed = await solveNetwork(
      { ...network, lanes: network.lanes?.map(({ lotT: _, ...lane }) => lane) },
      { solver: "network-simplex" },
    );
    expect(relaxed.objective?.value).toBeCloseTo(annual.objective?.value ?? Number.NaN, 2);
  });

  // The MILP itself: ~10 s of HiGHS here (1,107 integer columns), so the budget is generous.
  it("solves with whole trainloads on every rail flow, within the gap, at no less than the LP", async () => {
    const plan = await solveNetwork(network, { timeLimitMs: 120_000 });
    expect(plan.status).toBe("optimal");
    expect(plan.solver).toMatchObject({ id: "highs", mipStatus: "optimal" });
    expect(plan.solver.mipGap).toBeLessThanOrEqual(1e-4);
    const rail = plan.flows.filter((f) => f.mode === "rail");
    expect(rail.length).toBeGreaterThan(0);
    for (const flow of rail) {
      expect(flow.lotT).toBe(TRAINLOAD_T);
      expect(flow.tonnes).toBeCloseTo(TRAINLOAD_T * (flow.lotCount ?? Number.NaN), 4);
    }
    const lp = annual.objective?.value ?? Number.NaN;
    const milp = plan.objective?.value ?? Number.NaN;
    expect(milp).toBeGreaterThanOrEqual(lp * (1 - 1e-9));
    // Whole trainloads move little of a 74.7 bn CNY year: within 0.01 %.
    expect((milp - lp) / lp).toBeLessThan(1e-4);
  }, 180_000);
});
