// Comparing plans with hubs, corridors and contracts: each one's tonnes and marginal value in a and
// b, computed by hand on hubs-corridor and contracts/contract-min-binds.
import { describe, expect, it } from "vitest";
import type { Change } from "../../../models/allocation/change-schema.ts";
import { comparePlans, comparisonSchema } from "../../../models/allocation/compare.ts";
import type { Network } from "../../../models/allocation/network.ts";
import { applyChanges } from "../../../models/allocation/scenario.ts";
import { solveNetwork } from "../../../src/solve/solve.ts";
import { loadFixture } from "../../support/fixtures.ts";

const changed = (network: Network, changes: Change[]): Network => {
  const result = applyChanges(network, changes);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.network;
};

const close = (actual: number | null | undefined, expected: number) =>
  expect(Math.abs((actual ?? Number.NaN) - expected)).toBeLessThan(1e-6);

describe("comparing plans with hubs, corridors and contracts", () => {
  it("gives each hub's throughput and each corridor's use and value in a and b", async () => {
    // a: the corridor nw (500 t) is full: 500 t through hub h (10 CNY/t handling), 100 t by road,
    // worth 90 CNY/t a tonne. b: nw x 1.1 = 550 t: 550 t through h, 50 t by road, still 90 CNY/t.
    const base = loadFixture("hubs-corridor.json").network;
    const wider = changed(base, [{ kind: "scaleCorridorCapacity", corridor: "nw", factor: 1.1 }]);
    const comparison = comparisonSchema.parse(
      comparePlans({ plan: await solveNetwork(base) }, { plan: await solveNetwork(wider) }),
    );
    const [hub] = comparison.hubs ?? [];
    expect(comparison.hubs).toHaveLength(1);
    expect(hub?.id).toBe("h");
    close(hub?.throughputT.a, 500);
    close(hub?.throughputT.delta, 50);
    close(hub?.handlingCost.delta, 500);
    const [corridor] = comparison.corridors ?? [];
    expect(corridor?.name).toBe("Lanzhou-Xinjiang line");
    close(corridor?.usedT.a, 500);
    close(corridor?.usedT.b, 550);
    close(corridor?.capacityT.delta, 50);
    close(corridor?.marginalValuePerT.a, 90);
    close(corridor?.marginalValuePerT.b, 90);
    close(comparison.totals.hubHandlingCost.delta, 500);
    // 50 t move from road (180 CNY/t) to the hub route (90 CNY/t): 4,500 CNY less.
    close(comparison.totals.totalCost.delta, -4500);
    expect(comparison.contracts).toBeUndefined();
  });

  it("gives a contract's tonnes, bounds, binding side and value, and its absence from b", async () => {
    // a: contract bx holds b's 30 t to x at its minimum, worth 30 CNY/t; b: the network without
    // contracts, where the cheaper plant a ships all 80 t.
    const { contracts: _, ...free } = loadFixture("contracts/contract-min-binds.json").network;
    const bound = loadFixture("contracts/contract-min-binds.json").network;
    const comparison = comparisonSchema.parse(
      comparePlans({ plan: await solveNetwork(bound) }, { plan: await solveNetwork(free) }),
    );
    expect(comparison.contracts).toHaveLength(1);
    const [contract] = comparison.contracts ?? [];
    expect(contract?.id).toBe("bx");
    expect(contract?.to).toBe("x");
    close(contract?.tonnes.a, 30);
    close(contract?.tonnes.delta, -30);
    close(contract?.minT.a, 30);
    expect(contract?.minT.b).toBeNull();
    expect(contract?.minT.delta).toBeNull();
    expect(contract?.binding).toEqual({ a: "min", b: null });
    close(contract?.marginalValuePerT.a, 30);
    expect(contract?.marginalValuePerT.b).toBeNull();
    expect(comparison.hubs).toBeUndefined();
    expect(comparison.corridors).toBeUndefined();
  });

  it("adds nothing for plans without hubs, corridors or contracts", async () => {
    const network = loadFixture("contracts/lots-rounding.json").network;
    const plan = await solveNetwork(network);
    const comparison = comparePlans({ plan }, { plan });
    expect("hubs" in comparison || "corridors" in comparison || "contracts" in comparison).toBe(
      false,
    );
  });
});
