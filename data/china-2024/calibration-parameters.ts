// The uncertain cost estimates that `npm run calibrate` fits (priors, bounds, bases), the observed price targets, and how fitted values enter the network.

import type { NetworkInput, Surcharge } from "../../models/allocation/network.ts";
import { surchargeApplies } from "../../models/allocation/network-surcharges.ts";
import type { AllocationParameter, SmelterTarget } from "../../models/calibration/allocation.ts";
import { observedPrices2024 } from "../market-2024/observed-prices.ts";
import { VAT } from "./markets.ts";
import { type InputRegion, ruleFor, slug } from "./rules.ts";

/**
 * Where a parameter acts. Each is a CHANGE to today's rule (prior 0), in the unit of the rule's own
 * figure: production premia and class costs VAT-inclusive as the brief's §5 bands (they enter the
 * network ÷ 1.13), rail tariff figures VAT-inclusive (÷ 1.09), road ex-VAT as the §6b rule.
 */
type Scope =
  | { kind: "production"; region?: InputRegion; standardOnly?: boolean }
  | { kind: "modeFixed"; mode: string; vat: number }
  | { kind: "modePerKm"; mode: string; vat: number }
  | { kind: "inbound"; provinces: readonly string[]; name: string };

export interface CalibrationParameter extends Omit<AllocationParameter, "outputCoef" | "laneCoef"> {
  scope: Scope;
  basis: string;
}

const goods = 1 + VAT.goods;
const transport = 1 + VAT.transport;

/** Full-range weights: moving any parameter across its whole bound costs 1 in the objective. */
function parameter(p: Omit<CalibrationParameter, "prior" | "weight">): CalibrationParameter {
  return { ...p, prior: 0, weight: 1 / (p.upper - p.lower) };
}

const premium = (region: InputRegion, lower: number) =>
  parameter({
    id: `premium-${region}`,
    description: `Production-cost premium of ${region} plants (all classes), change`,
    unit: "CNY/t VAT-incl",
    lower,
    upper: 150,
    scope: { kind: "production", region },
    basis:
      "ESTIMATE: rules.ts INPUT_PREMIUM; may fall to a zero premium and rise by 150, about a third of the §5 bands' width (250 HE, 400 standard)",
  });

export const CALIBRATION_PARAMETERS: readonly CalibrationParameter[] = [
  premium("north", -75),
  premium("southwest", -150),
  premium("northwest", -225),
  parameter({
    id: "class-standard",
    description: "Cost of standard and curbed plants over high-efficiency plants, change",
    unit: "CNY/t VAT-incl",
    lower: -150,
    upper: 200,
    scope: { kind: "production", standardOnly: true },
    basis:
      "ESTIMATE: brief 1 §5 bands (HE 3,400-3,650, standard 3,800-4,200; today's floors 400 apart): the gap may narrow to 250 or widen to 600",
  }),
  parameter({
    id: "rail-add-on",
    description: "Rail add-on per shipment (transfer, loading, short-haul truck), change",
    unit: "CNY/t VAT-incl",
    lower: -10,
    upper: 20,
    scope: { kind: "modeFixed", mode: "rail", vat: transport },
    basis: "brief 1 §6a: add-ons 30-60 CNY/t, default 40",
  }),
  parameter({
    id: "rail-per-km",
    description: "Rail rate per tonne-km, change",
    unit: "CNY/t-km VAT-incl",
    lower: -0.005,
    upper: 0.016,
    scope: { kind: "modePerKm", mode: "rail", vat: transport },
    basis:
      "brief 1 §6a: class 4 0.098, class 5 0.103; brief 2 §7 rail circuity 1.30-1.45 (x 1.115): up to 0.114",
  }),
  parameter({
    id: "road-add-on",
    description: "Road fixed charge per shipment, change",
    unit: "CNY/t",
    lower: -10,
    upper: 20,
    scope: { kind: "modeFixed", mode: "road", vat: 1 },
    basis: "ESTIMATE: brief 1 §6b rule 40 + 0.17 x km fitted to quotes; fixed part 30-60",
  }),
  parameter({
    id: "northwest-inbound",
    description:
      "North-west inbound margin: a surcharge on every lane from a plant outside the north-west group into its smelters and ports",
    unit: "CNY/t ex-VAT",
    lower: 0,
    upper: 400,
    scope: {
      kind: "inbound",
      provinces: observedPrices2024.group,
      name: "North-west inbound margin (fitted by npm run calibrate)",
    },
    basis:
      "ESTIMATE, fitted: the regional scarcity margin tariffs miss (wagon scarcity, coal priority on Xinjiang rail, transshipment, traders' margin). Brief 1 §6: 'the model's freight alone does not exceed the spread. The remainder is regional scarcity margin'; brief 2 §3c found no 2024 wagon-shortage report and suggests only +10-20 for Q4-Q1 tightness. Bounds 0 to 400: at most the observed spread's low end (450 VAT-incl, 398 ex-VAT), so freight and production must still explain part of it",
  }),
];

/** The surcharge an inbound parameter puts on the network at `costPerT` (CNY/t ex-VAT). */
function inboundSurcharge(
  p: CalibrationParameter,
  scope: Extract<Scope, { kind: "inbound" }>,
  costPerT: number,
): Surcharge {
  return {
    id: p.id,
    name: scope.name,
    toProvinces: [...scope.provinces],
    fromOutside: true,
    costPerT,
    basis: p.basis,
  };
}

/** The parameter as the inverse LP sees it: CNY/t ex-VAT change per unit on output or lane columns. */
export function allocationParameter(p: CalibrationParameter): AllocationParameter {
  const { scope } = p;
  if (scope.kind === "production") {
    return {
      ...p,
      outputCoef: (plant) =>
        (scope.region === undefined || ruleFor(plant.province).region === scope.region) &&
        !(scope.standardOnly && plant.highEfficiency)
          ? 1 / goods
          : 0,
    };
  }
  if (scope.kind === "inbound") {
    const surcharge = inboundSurcharge(p, scope, 1);
    return {
      ...p,
      laneCoef: ({ plant, toProvince }) =>
        surchargeApplies(surcharge, plant.province, toProvince) ? 1 : 0,
    };
  }
  return {
    ...p,
    laneCoef: ({ mode, distanceKm }) =>
      mode.id !== scope.mode ? 0 : (scope.kind === "modeFixed" ? 1 : distanceKm) / scope.vat,
  };
}

const round = (value: number, places: number) => Number(value.toFixed(places));

/** The network with fitted changes applied, exactly as the inverse LP priced them. */
export function applyCalibration(
  network: NetworkInput,
  changes: Readonly<Record<string, number>>,
): NetworkInput {
  const active = CALIBRATION_PARAMETERS.filter((p) => (changes[p.id] ?? 0) !== 0);
  const plants = network.plants.map((plant) => {
    const coefs = active.map((p) => {
      const coef = allocationParameter(p).outputCoef;
      const at = { province: plant.province, highEfficiency: plant.highEfficiency ?? false };
      return coef ? coef(at) * (changes[p.id] as number) : 0;
    });
    const delta = coefs.reduce((a, b) => a + b, 0);
    return delta === 0
      ? plant
      : { ...plant, productionCostPerT: round((plant.productionCostPerT ?? 0) + delta, 2) };
  });
  const modes = network.modes.map((mode) => {
    let { fixedCostPerT, costPerTKm } = mode;
    for (const p of active) {
      const { scope } = p;
      if (scope.kind === "production" || scope.kind === "inbound" || scope.mode !== mode.id)
        continue;
      const delta = (changes[p.id] as number) / scope.vat;
      if (scope.kind === "modeFixed") fixedCostPerT = round(fixedCostPerT + delta, 2);
      else costPerTKm = round(costPerTKm + delta, 5);
    }
    return { ...mode, fixedCostPerT, costPerTKm };
  });
  const surcharges = active.flatMap((p) =>
    p.scope.kind === "inbound"
      ? [inboundSurcharge(p, p.scope, round(changes[p.id] as number, 2))]
      : [],
  );
  return {
    ...network,
    plants,
    modes,
    ...(surcharges.length > 0
      ? { surcharges: [...(network.surcharges ?? []), ...surcharges] }
      : {}),
  };
}

/** Observed delivered prices of one month as smelter bands, CNY/t ex-VAT (÷ 1.13: SMM quotes include VAT). */
export function smelterTargets(
  month: string,
  smelterIds: readonly string[],
  toleranceExVatPerT: number,
): SmelterTarget[] {
  const observed = observedPrices2024.months.find((m) => m.month === month);
  if (!observed) throw new Error(`no observed prices for ${month}`);
  const exVat = (cny: number) => cny / goods;
  const present = (province: string) => smelterIds.includes(`${slug(province)}-smelters`);
  const reference = exVat(observed.referencePricePerT);
  const targets: SmelterTarget[] = [];
  if (present(observedPrices2024.referenceProvince)) {
    targets.push({
      smelter: `${slug(observedPrices2024.referenceProvince)}-smelters`,
      low: reference - toleranceExVatPerT,
      high: reference + toleranceExVatPerT,
    });
  }
  // The benchmark and the group's range are one observation each: the group's smelters share a weight.
  const group = observedPrices2024.group.filter(present);
  for (const province of group) {
    targets.push({
      smelter: `${slug(province)}-smelters`,
      low: exVat(observed.groupDeliveredPerT.low),
      high: exVat(observed.groupDeliveredPerT.high),
      weight: 1 / group.length,
    });
  }
  return targets;
}

/** ESTIMATE: a benchmark is one tender price; ±1 % (~34 CNY/t) allows for its rounding and timing. */
export const BENCHMARK_TOLERANCE_PER_T = 34;
