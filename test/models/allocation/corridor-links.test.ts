import { describe, expect, it } from "vitest";
import { buildAllocationModel } from "../../../models/allocation/build.ts";
import { parseNetwork } from "../../../models/allocation/network.ts";
import { solveNetwork } from "../../../src/solve/solve.ts";
import { loadFixture } from "../../support/fixtures.ts";

const network = () => loadFixture("corridor-links.json").network;
const raw = () =>
  structuredClone(network()) as unknown as Record<string, Record<string, unknown>[]>;

describe("corridors over land-route links (formulation.md (11))", () => {
  it("counts every rail lane and leg whose land path crosses the link, in the corridor's direction and modes", () => {
    const model = buildAllocationModel(network());
    const row = model.lp.rows[model.corridorRow[0] as number];
    const names = row?.terms.map((t) => model.lp.columns[t.column]?.name).sort();
    // a>s by rail and the leg a>h cross J1>J2; a>s by road crosses it but the corridor is rail only;
    // b's hauls start at J2; h>s runs J2>J3.
    expect(names).toEqual(["flow:a>s:rail", "leg:a>h:rail"]);
  });

  it("binds at 400 t: 160,000 CNY, a tonne more worth 50 CNY/t, HiGHS and javascript-lp-solver agree", async () => {
    for (const solver of ["highs", "javascript-lp-solver"] as const) {
      const plan = await solveNetwork(network(), { solver });
      expect(plan.solver.id).toBe(solver);
      expect(plan.objective?.value).toBeCloseTo(160_000, 4);
      const flows = Object.fromEntries(
        plan.flows.map((f) => [`${f.from}>${f.to}:${f.mode}`, f.tonnes]),
      );
      expect(flows["a>s:rail"]).toBeCloseTo(400, 6);
      expect(flows["b>s:rail"]).toBeCloseTo(200, 6);
      expect(plan.corridors?.[0]?.usedT).toBeCloseTo(400, 6);
      if (solver === "highs") expect(plan.corridors?.[0]?.marginalValuePerT).toBeCloseTo(50, 6);
    }
  });

  it("counts nothing against the opposite direction, and 150,000 CNY without the link", async () => {
    const reversed = raw();
    const corridor = (reversed.corridors as Record<string, unknown>[])[0] as Record<
      string,
      unknown
    >;
    corridor.links = [{ from: "J2", to: "J1" }];
    const parsed = parseNetwork(reversed);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const plan = await solveNetwork(parsed.network, { solver: "highs" });
    expect(plan.objective?.value).toBeCloseTo(150_000, 4);
    expect(plan.corridors?.[0]?.usedT).toBeCloseTo(0, 6);
  });

  it("refuses unknown junctions, modes and fields at their pointers", () => {
    const bad = raw();
    const corridor = (bad.corridors as Record<string, unknown>[])[0] as Record<string, unknown>;
    corridor.links = [{ from: "J1", to: "nowhere" }];
    corridor.modes = ["barge"];
    const parsed = parseNetwork(bad);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((i) => i.pointer).sort()).toEqual([
      "/corridors/0/links/0/to",
      "/corridors/0/modes/0",
    ]);
    corridor.links = [{ from: "J1", to: "J2", km: 3 }];
    corridor.modes = ["rail"];
    const extra = parseNetwork(bad);
    expect(extra.ok ? [] : extra.issues.map((i) => i.pointer)).toEqual(["/corridors/0/links/0/km"]);
  });
});
