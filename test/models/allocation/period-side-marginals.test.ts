// Per-period smelter marginal costs with side rows (corridors per period, annual contracts) held at
// their duals, checked against finite differences: one more tonne of one period's demand, re-solved.
import { describe, expect, it } from "vitest";
import type { Network } from "../../../models/allocation/network.ts";
import { solveNetwork } from "../../../src/solve/solve.ts";
import { loadFixture } from "../../support/fixtures.ts";

/** The network with smelter s's demand in period t one tonne higher, every other period's as it was. */
function oneMore(network: Network, periodDemands: number[], s: number, t: number): Network {
  const periods = network.periods ?? [];
  const demands = periodDemands.map((d, u) => d + (u === t ? 1 : 0));
  const total = demands.reduce((a, b) => a + b, 0);
  // share_u = ω_u m_u / Σ ω m: with m_u = d_u / (ω_u total), Σ ω m = 1 and share_u = d_u / total.
  const demandProfile = demands.map((d, u) => d / ((periods[u]?.weight ?? 1) * total));
  return {
    ...network,
    smelters: network.smelters.map((x, i) =>
      i === s ? { ...x, demandT: total, demandProfile } : x,
    ),
  };
}

describe("per-period marginal costs at the side rows' duals", () => {
  // hubs-periods: corridor binds in p1 (50 CNY/t): 300, 250. periods-contract: the annual contract
  // at 30 CNY/t (figures by re-solve).
  for (const file of ["hubs-periods.json", "contracts/periods-contract.json"]) {
    it(`${file}: each period's figure is the re-solve's cost of one more tonne there`, async () => {
      const network = loadFixture(file).network;
      const plan = await solveNetwork(network);
      const base = plan.objective?.value ?? Number.NaN;
      const periods = plan.periods ?? [];
      expect(periods.length).toBeGreaterThan(1);
      for (const [s] of network.smelters.entries()) {
        const demands = periods.map((p) => p.smelters[s]?.demandT ?? 0);
        for (const [t, period] of periods.entries()) {
          const marginal = period.smelters[s]?.marginalCostPerT;
          expect(marginal, `${period.id} smelter ${s}`).not.toBeNull();
          const more = await solveNetwork(oneMore(network, demands, s, t));
          expect((more.objective?.value ?? Number.NaN) - base, `${period.id}`).toBeCloseTo(
            marginal as number,
            4,
          );
        }
      }
    });
  }
});
