// Finite-difference checks of a plan's marginal figures: change one quantity, re-solve, compare slopes.
import { expect } from "vitest";
import { buildAllocationModel } from "../../models/allocation/build.ts";
import type { Network } from "../../models/allocation/network.ts";
import { smelterDemandT } from "../../models/allocation/network.ts";
import type { LpSolver } from "../../src/solvers/solver.ts";

/** Optimal objective in cost form (minCost: total cost; maxMargin: minus the margin). */
export async function costOf(network: Network, solver: LpSolver): Promise<number> {
  const model = buildAllocationModel(network);
  const result = await solver.solve(model.lp, { timeLimitMs: 30_000 });
  if (result.status === "infeasible") return Infinity;
  if (result.status !== "optimal") throw new Error(`${result.status}: ${result.message}`);
  return model.lp.sense === "max" ? -result.objective : result.objective;
}

export function withDemand(network: Network, s: number, deltaT: number): Network {
  return {
    ...network,
    smelters: network.smelters.map((smelter, i) =>
      i === s
        ? { ...smelter, demandT: smelterDemandT(network, smelter) + deltaT, aluminiumT: undefined }
        : smelter,
    ),
  };
}

export function withCapacity(network: Network, p: number, deltaT: number): Network {
  return {
    ...network,
    plants: network.plants.map((plant, i) =>
      i === p ? { ...plant, capacityT: plant.capacityT + deltaT } : plant,
    ),
  };
}

export function withMinExport(network: Network, k: number, deltaT: number): Network {
  return {
    ...network,
    ports: network.ports.map((port, i) =>
      i === k ? { ...port, minExportT: port.minExportT + deltaT } : port,
    ),
  };
}

/** A marginal figure as cost slopes: capacity values enter negated. */
export interface Slopes {
  label: string;
  next: number | null;
  previous: number | null;
  degenerate: boolean;
  range: { moreT: number | null; fewerT: number };
  /** How far the quantity may rise and fall and the network stay valid. */
  maxUpT: number;
  maxDownT: number;
}

/**
 * Checks, by re-solving at `quantity + delta`: the first tonnes up cost `next`; the figure still
 * holds just inside both ends of its range and changes just beyond them; where degenerate, the
 * tonnes just below cost `previous`. `step` is the finite-difference step in tonnes.
 */
export async function expectFiniteDifferences(
  slopes: Slopes,
  cost: (deltaT: number) => Promise<number>,
  step: number,
  tolerance: number,
): Promise<void> {
  const { label, next, previous, range } = slopes;
  const at = new Map<number, number>();
  const value = async (delta: number) => {
    if (!at.has(delta)) at.set(delta, await cost(delta));
    return at.get(delta) as number;
  };
  const slope = async (a: number, b: number) => ((await value(b)) - (await value(a))) / (b - a);
  const close = (actual: number, expected: number, what: string) =>
    expect(Math.abs(actual - expected), `${label}: ${what}: ${actual} vs ${expected}`).toBeLessThan(
      tolerance * Math.max(1, Math.abs(expected)),
    );
  // An infeasible side (cost Infinity) gives a slope of -Infinity, below any figure.
  const above = (actual: number, bound: number, what: string) =>
    expect(actual, `${label}: ${what}`).toBeGreaterThan(
      Number.isFinite(bound) ? bound + tolerance * Math.max(1, Math.abs(bound)) : bound,
    );

  if (next === null) {
    expect(range.moreT, `${label}: an infeasible next tonne has no range`).toBe(0);
    if (slopes.maxUpT >= step)
      expect(await value(step), `${label}: one more tonne is infeasible`).toBe(Infinity);
    return;
  }
  const more = range.moreT ?? Infinity;
  const d = Math.min(step, more / 2, slopes.maxUpT);
  if (d > 0) close(await slope(0, d), next, "the next tonnes cost the figure");
  if (Number.isFinite(more) && more > 0) {
    close(await slope(more - d, more), next, "the figure holds just inside moreT");
    if (more + step <= slopes.maxUpT)
      above(await slope(more, more + step), next, "the figure changes just beyond moreT");
  }
  if (slopes.degenerate) {
    expect(previous, `${label}: degenerate with a previous tonne`).not.toBeNull();
    expect(range.fewerT).toBe(0);
    above(next, previous as number, "degenerate: the next tonne costs more than the last");
    const back = Math.min(step / 100, slopes.maxDownT);
    close(await slope(-back, 0), previous as number, "the last tonnes cost previousTonnePerT");
    return;
  }
  if (previous !== null) close(previous, next, "non-degenerate: both sides agree");
  const fewer = range.fewerT;
  if (fewer > 0) {
    const e = Math.min(step, fewer / 2);
    close(await slope(-fewer, -fewer + e), next, "the figure holds just inside fewerT");
    if (fewer + step <= slopes.maxDownT)
      above(next, await slope(-fewer - step, -fewer), "the figure changes just beyond fewerT");
  }
}
