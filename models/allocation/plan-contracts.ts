// The plan's contracts[] (formulation.md, "Contracts"): tonnes, bounds, which bound binds, and the row's dual.
import { flowToleranceT } from "../tolerances.ts";
import type { AllocationModel } from "./build.ts";
import type { PlanContract, PlanFlow } from "./plan-schema.ts";

/**
 * One row per contract. `laneT` holds each lane's tonnes (summed over periods with periods);
 * `rowDual(c)` the dual of contract c's row as the solver gave it, undefined without duals.
 */
export function contractsTable(
  model: Pick<AllocationModel, "network" | "contractLanes" | "lp">,
  laneT: ArrayLike<number>,
  rowDual: (c: number) => number | undefined,
): PlanContract[] {
  const sign = model.lp.sense === "max" ? -1 : 1;
  return (model.network.contracts ?? []).map((contract, c) => {
    const tonnes = (model.contractLanes[c] ?? []).reduce((sum, l) => sum + (laneT[l] ?? 0), 0);
    const minT = contract.minT ?? 0;
    const maxT = contract.maxT ?? null;
    const dual = rowDual(c);
    // Cost form: d cost / d (the active bound); +0 so that a -0 reads as 0.
    const value = dual === undefined ? null : sign * dual + 0;
    const atMin = minT > 0 && Math.abs(tonnes - minT) <= flowToleranceT;
    const atMax = maxT !== null && Math.abs(tonnes - maxT) <= flowToleranceT;
    const binding =
      atMin && atMax ? ((value ?? 0) >= 0 ? "min" : "max") : atMin ? "min" : atMax ? "max" : null;
    return {
      id: contract.id,
      plants: [...contract.plants],
      to: contract.to,
      tonnes,
      minT,
      maxT,
      binding,
      marginalValuePerT: value,
    };
  });
}

/** A flow's lot fields: its lane's lotT and the whole lots its tonnes make (none without lotT). */
export function lotFields(
  lotT: number | undefined,
  tonnes: number,
): Pick<PlanFlow, "lotT" | "lotCount"> {
  return lotT === undefined ? {} : { lotT, lotCount: Math.round(tonnes / lotT) };
}
