// The inverse LP of the allocation model: cost parameters as changes to output and lane columns, observed prices as smelter-row duals.
import type { AllocationModel } from "../allocation/build.ts";
import type { Mode, Plant } from "../allocation/network.ts";
import type { CostParameter, CostSensitivity, InverseProblem, PriceTarget } from "./inverse-lp.ts";

/** A cost parameter of the allocation model and where it acts: per unit, the CNY/t change of each column it touches. */
export interface AllocationParameter extends CostParameter {
  /** Change of a plant's production cost per unit of the parameter, CNY/t (absent: none). */
  outputCoef?: (plant: { province: string; highEfficiency: boolean }) => number;
  /** Change of a lane's freight per unit of the parameter, CNY/t (absent: none). */
  laneCoef?: (lane: { plant: Plant; mode: Mode; distanceKm: number; toProvince: string }) => number;
}

/** An observed delivered price band at one smelter, CNY/t ex-VAT. */
export interface SmelterTarget {
  smelter: string;
  low: number;
  high: number;
  /** Weight of this smelter's residual relative to the others (default 1). */
  weight?: number;
}

/**
 * The inverse problem of an allocation model at its baseline solution `values`: parameters act on
 * output and flow columns; each target's dual is its smelter demand row's, the marginal cost.
 */
export function allocationInverseProblem(
  model: AllocationModel,
  values: readonly number[],
  parameters: readonly AllocationParameter[],
  targets: readonly SmelterTarget[],
  residualWeight: number,
): InverseProblem {
  const { network, lp } = model;
  if (network.options.carbonPricePerT !== 0 || network.options.co2CapT !== undefined) {
    // Carbon terms would sit beside freight in the lane costs; the parameters do not scale them.
    throw new Error("calibrate a network without carbon price or cap");
  }
  const sensitivities: CostSensitivity[] = [];
  const add = (column: number, parameter: number, coef: number) => {
    if (coef !== 0) sensitivities.push({ column, parameter, coef });
  };
  parameters.forEach((p, k) => {
    if (p.outputCoef) {
      network.plants.forEach((plant, i) => {
        add(
          model.outputColumn[i] as number,
          k,
          (p.outputCoef as NonNullable<AllocationParameter["outputCoef"]>)(plant),
        );
      });
    }
    if (p.laneCoef) {
      model.lanes.forEach((lane, l) => {
        const coef = (p.laneCoef as NonNullable<AllocationParameter["laneCoef"]>)({
          plant: network.plants[lane.plant] as Plant,
          mode: network.modes[lane.mode] as Mode,
          distanceKm: lane.distanceKm,
          toProvince: (lane.destination.kind === "smelter" ? network.smelters : network.ports)[
            lane.destination.index
          ]?.province as string,
        });
        add(model.flowColumn[l] as number, k, coef);
      });
    }
  });
  const rowOf = new Map(lp.rows.map((row, i) => [row.name, i]));
  const priceTargets: PriceTarget[] = targets.map((t) => {
    const row = rowOf.get(`smelter:${t.smelter}`);
    if (row === undefined) throw new Error(`no smelter ${t.smelter} in the network`);
    return { id: t.smelter, row, low: t.low, high: t.high, weight: t.weight };
  });
  return { lp, values, parameters, sensitivities, targets: priceTargets, residualWeight };
}
