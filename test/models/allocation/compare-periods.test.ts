// Comparing periodic plans: per period totals and moved flows, computed by hand on periods-stock-build.
import { describe, expect, it } from "vitest";
import { comparePlans, comparisonSchema } from "../../../models/allocation/compare.ts";
import type { Network } from "../../../models/allocation/network.ts";
import { applyChanges } from "../../../models/allocation/scenario.ts";
import { solveNetwork } from "../../../src/solve/solve.ts";
import { loadFixture } from "../../support/fixtures.ts";

// a: plant a makes 800 t in p1, 300 t of it stocked at x (50 CNY/t), 200 t in p2. b: the same
// network without x's stock: a makes 500 t then 200 t, and b the missing 300 t in p2.
const stocked: Network = loadFixture("periods-stock-build.json").network;
const unstocked = (() => {
  const result = applyChanges(stocked, [{ kind: "setInventory", smelterId: "x", inventory: null }]);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.network;
})();

const close = (actual: number | undefined, expected: number) =>
  expect(Math.abs((actual ?? Number.NaN) - expected)).toBeLessThan(1e-6);

describe("comparing periodic plans", () => {
  it("gives each period's output, closing stock and holding cost in a and b, and the flows that moved in it", async () => {
    const a = await solveNetwork(stocked);
    const b = await solveNetwork(unstocked);
    const comparison = comparisonSchema.parse(comparePlans({ plan: a }, { plan: b }));
    const [p1, p2] = comparison.periods ?? [];
    expect(comparison.periods?.map((p) => p.id)).toEqual(["p1", "p2"]);

    close(p1?.totals.outputT.a, 800);
    close(p1?.totals.outputT.delta, -300);
    close(p1?.totals.closingStockT.a, 300);
    close(p1?.totals.closingStockT.b, 0);
    close(p1?.totals.holdingCost.delta, -300 * 50);
    close(p2?.totals.outputT.delta, 300);
    // Deliveries include what goes to stock: 800 t to x in p1 in a, its 500 t demand in b.
    close(p1?.totals.receivedT.a, 800);
    close(p1?.totals.receivedT.delta, -300);
    close(p2?.totals.shortfallT.delta, 0);

    expect(p1?.flows.map((f) => [f.key, f.tonnes.a, f.tonnes.b])).toEqual([["a>x:rail", 800, 500]]);
    expect(p2?.flows.map((f) => [f.key, f.tonnes.a, f.tonnes.b])).toEqual([["b>x:rail", 0, 300]]);
    // The annual comparison sees only the 300 t b makes instead of a.
    expect(comparison.flows.map((f) => [f.key, f.tonnes.delta])).toEqual([
      ["a>x:rail", -300],
      ["b>x:rail", 300],
    ]);
  });

  it("leaves periods out when either plan is annual or their periods differ", async () => {
    const periodic = await solveNetwork(stocked);
    const annual = await solveNetwork(loadFixture("tied-alternatives.json").network);
    expect(comparePlans({ plan: periodic }, { plan: annual })).not.toHaveProperty("periods");
    const renamed = {
      ...periodic,
      periods: periodic.periods?.map((p, t) => ({ ...p, id: `h${t}` })),
    };
    expect(comparePlans({ plan: periodic }, { plan: renamed })).not.toHaveProperty("periods");
  });
});
