// The regional mismatch view of a plan: provinces by surplus and deficit with marginal costs, and a price calibration line.
import { z } from "zod";
import { observedPrices2024 } from "../../data/market-2024/observed-prices.ts";
import type { Plan } from "./plan-schema.ts";

export const regionRowSchema = z.object({
  province: z.string(),
  role: z
    .enum(["surplus", "deficit", "balanced"])
    .describe("surplus: netOutflowT > 0; deficit: netOutflowT < 0; balanced: within 1 t"),
  capacityT: z.number().describe("Capacity of the province's plants, tonnes per year"),
  outputT: z.number().describe("Output of the province's plants, tonnes per year"),
  utilization: z.number().describe("outputT / capacityT, 0..1 (0 without capacity)"),
  demandT: z.number().describe("Demand of the province's smelters, tonnes per year"),
  exportT: z.number().describe("Tonnes the province's plants send to export ports"),
  netOutflowT: z
    .number()
    .describe(
      "Net inter-provincial flow, tonnes per year: sent to other provinces' smelters minus received from other provinces' plants (minus the plan's provinces[].netInflowT). > 0: the province supplies others",
    ),
  marginalCostPerT: z
    .number()
    .nullable()
    .describe(
      "The plan's provinces[].marginalCostPerT: demand-weighted cost of the next tonne at its smelters, CNY per tonne; null without smelters or duals",
    ),
  marginalSurchargePerT: z
    .number()
    .nullable()
    .optional()
    .describe(
      "The plan's provinces[].marginalSurchargePerT: the part of marginalCostPerT that is the network's surcharges, CNY per tonne (only when the network has surcharges)",
    ),
});

export const calibrationSchema = z
  .object({
    referenceProvince: z.string().describe("The low-price reference, Shandong"),
    referenceMarginalCostPerT: z.number().describe("Its marginal cost in the plan, CNY per tonne"),
    provinces: z
      .array(z.string())
      .describe("North-western provinces in deficit in this plan, whose prices are compared"),
    marginalCostPerT: z
      .number()
      .describe("Their demand-weighted marginal cost in the plan, CNY per tonne"),
    modelledSpreadPerT: z
      .number()
      .describe("marginalCostPerT - referenceMarginalCostPerT, CNY per tonne"),
    surchargeSpreadPerT: z
      .number()
      .nullable()
      .optional()
      .describe(
        "Of modelledSpreadPerT, the part that is the network's surcharges (e.g. a fitted scarcity margin, not a cost the model explains), CNY per tonne; the rest is production, freight and carbon. Only when the network has surcharges; null where a province's part is unknown",
      ),
    modelledSpreadRangePerT: z
      .object({ min: z.number(), max: z.number() })
      .describe("Smallest and largest spread of a single province of the group, CNY per tonne"),
    observedSpreadPerT: z
      .object({ low: z.number(), high: z.number() })
      .describe(
        "Observed 2024 delivered-price spread, north-west minus Shandong, CNY per tonne ex-VAT (SMM's VAT-inclusive prices / 1.13)",
      ),
    source: z.string(),
    verdict: z
      .enum(["below", "within", "above"])
      .describe("Where the modelled spread falls against the observed band"),
    note: z.string().describe("The calibration line in words"),
  })
  .describe(
    "Modelled marginal-cost spread between the north-west deficit provinces and Shandong, beside the observed price spread. Marginal costs price production, freight and carbon, plus any surcharges the network gives (surchargeSpreadPerT says how much of the spread they make); prices also hold scarcity and market margins",
  );

export const regionsViewSchema = z
  .object({
    network: z.string(),
    regions: z
      .array(regionRowSchema)
      .describe(
        "Provinces, largest net outflow (surplus) first, largest net inflow (deficit) last",
      ),
    calibration: calibrationSchema
      .nullable()
      .describe(
        "null unless the plan has Shandong, a north-western province in deficit, and marginal costs",
      ),
    periods: z
      .array(
        z.object({
          id: z.string().describe("Period id, as in the network's periods"),
          regions: z
            .array(regionRowSchema)
            .describe(
              "The provinces in this period, as `regions` but every tonnage in tonnes in the period (capacity and demand spread by weight and profile) and marginalCostPerT the demand-weighted cost of the next tonne of this period's demand at the province's smelters (periods[].smelters[].marginalCostPerT); utilization is output over the period's capacity",
            ),
          calibration: calibrationSchema
            .nullable()
            .describe(
              "The calibration line on this period's marginal costs, against the same observed 2024 band",
            ),
        }),
      )
      .optional()
      .describe(
        "Only for a plan with periods, whose annual marginal costs are null: the regional view of each period, in the network's order",
      ),
  })
  .describe("Regional mismatch: where anodes are made against where they are used");

export type RegionRow = z.infer<typeof regionRowSchema>;
export type Calibration = z.infer<typeof calibrationSchema>;
export type RegionsView = z.infer<typeof regionsViewSchema>;

/** Observed prices of a reference province and a group, by month, CNY per tonne (data/market-2024). */
export const observedPricesSchema = z
  .object({
    referenceProvince: z.string(),
    group: z.array(z.string()).min(1),
    vatIncludedRate: z
      .number()
      .min(0)
      .max(1)
      .describe(
        "VAT the prices include (0.13): the band is divided by 1 + this, to the model's ex-VAT basis",
      ),
    months: z
      .array(
        z
          .object({
            month: z.string().regex(/^\d{4}-\d{2}$/),
            referencePricePerT: z.number().positive(),
            groupDeliveredPerT: z.object({
              low: z.number().positive(),
              high: z.number().positive(),
            }),
            url: z.string().url(),
          })
          .strict(),
      )
      .min(1),
    source: z.string(),
  })
  .strict();

export type ObservedPrices = z.infer<typeof observedPricesSchema>;

export interface CalibrationTarget {
  referenceProvince: string;
  /** The group whose deficit members are compared with the reference. */
  group: readonly string[];
  observedSpreadPerT: { low: number; high: number };
  source: string;
}

/**
 * The calibration target of observed prices: the spread band from the group's lowest delivered
 * price minus the same month's reference price, to its highest minus it, over the months, ex-VAT.
 */
export function calibrationTarget(observed: ObservedPrices): CalibrationTarget {
  const { months, vatIncludedRate } = observedPricesSchema.parse(observed);
  const exVat = (cny: number) => cny / (1 + vatIncludedRate);
  const low = exVat(
    Math.min(...months.map((m) => m.groupDeliveredPerT.low - m.referencePricePerT)),
  );
  const high = exVat(
    Math.max(...months.map((m) => m.groupDeliveredPerT.high - m.referencePricePerT)),
  );
  return {
    referenceProvince: observed.referenceProvince,
    group: observed.group,
    observedSpreadPerT: { low, high },
    source: observed.source,
  };
}

/**
 * The observed 2024 spread between north-west delivered prices and the Shandong benchmark: 450-820
 * CNY/t VAT-inclusive, 398-726 ex-VAT (SMM, March and December 2024; data/market-2024/README.md).
 */
export const northwestSpread2024 = calibrationTarget(observedPrices2024);

const balancedT = 1;

/** The regional view of an optimal plan (an empty list for any other status). */
export function regionalView(
  plan: Plan,
  target: CalibrationTarget = northwestSpread2024,
): RegionsView {
  const regions: RegionRow[] = plan.provinces.map((p) => {
    const netOutflowT = p.netInflowT === 0 ? 0 : -p.netInflowT;
    return {
      province: p.province,
      role: roleOf(netOutflowT),
      capacityT: p.capacityT,
      outputT: p.outputT,
      utilization: p.capacityT > 0 ? p.outputT / p.capacityT : 0,
      demandT: p.demandT,
      exportT: p.exportT,
      netOutflowT,
      marginalCostPerT: p.marginalCostPerT ?? null,
      ...(p.marginalSurchargePerT !== undefined
        ? { marginalSurchargePerT: p.marginalSurchargePerT }
        : {}),
    };
  });
  sortRegions(regions);
  const periods = plan.periods?.map((period) => {
    const periodRegions = sortRegions(periodRows(plan, period));
    return { id: period.id, regions: periodRegions, calibration: calibrate(periodRegions, target) };
  });
  return {
    network: plan.network,
    regions,
    calibration: calibrate(regions, target),
    ...(periods ? { periods } : {}),
  };
}

type PlanPeriod = NonNullable<Plan["periods"]>[number];

const sortRegions = (rows: RegionRow[]) =>
  rows.sort((a, b) => b.netOutflowT - a.netOutflowT || a.province.localeCompare(b.province));

const roleOf = (netOutflowT: number): RegionRow["role"] =>
  netOutflowT > balancedT ? "surplus" : netOutflowT < -balancedT ? "deficit" : "balanced";

/**
 * One period's province rows, summed from its plant, smelter and flow tables with the provinces
 * the annual tables give each plant and smelter (as the annual provinces table is built).
 */
function periodRows(plan: Plan, period: PlanPeriod): RegionRow[] {
  const plantProvince = new Map(plan.plants.map((p) => [p.id, p.province]));
  const smelterProvince = new Map(plan.smelters.map((s) => [s.id, s.province]));
  const rows = new Map<string, RegionRow & { marginalWeight: number; marginalSum: number }>();
  const row = (province: string) => {
    let found = rows.get(province);
    if (!found) {
      found = {
        province,
        role: "balanced",
        capacityT: 0,
        outputT: 0,
        utilization: 0,
        demandT: 0,
        exportT: 0,
        netOutflowT: 0,
        marginalCostPerT: null,
        marginalWeight: 0,
        marginalSum: 0,
      };
      rows.set(province, found);
    }
    return found;
  };
  for (const province of plan.provinces.map((p) => p.province)) row(province);
  for (const p of period.plants) {
    const r = row(plantProvince.get(p.id) ?? "");
    r.capacityT += p.capacityT;
    r.outputT += p.outputT;
  }
  const unpriced = new Set<string>();
  for (const s of period.smelters) {
    const province = smelterProvince.get(s.id) ?? "";
    const r = row(province);
    r.demandT += s.demandT;
    if (s.marginalCostPerT === null) unpriced.add(province);
    else {
      r.marginalSum += s.marginalCostPerT * s.demandT;
      r.marginalWeight += s.demandT;
    }
  }
  for (const f of period.flows) {
    const from = plantProvince.get(f.from);
    const to = smelterProvince.get(f.to);
    if (from === undefined) continue;
    if (to === undefined) row(from).exportT += f.tonnes;
    else if (to !== from) {
      row(from).netOutflowT += f.tonnes;
      row(to).netOutflowT -= f.tonnes;
    }
  }
  return [...rows.values()].map(({ marginalWeight, marginalSum, ...r }) => ({
    ...r,
    role: roleOf(r.netOutflowT),
    utilization: r.capacityT > 0 ? r.outputT / r.capacityT : 0,
    marginalCostPerT:
      unpriced.has(r.province) || marginalWeight <= 0 ? null : marginalSum / marginalWeight,
  }));
}

function calibrate(regions: readonly RegionRow[], target: CalibrationTarget): Calibration | null {
  const reference = regions.find((r) => r.province === target.referenceProvince);
  const group = regions.filter(
    (r) => target.group.includes(r.province) && r.role === "deficit" && r.marginalCostPerT !== null,
  );
  if (!reference || reference.marginalCostPerT === null || group.length === 0) return null;
  const referenceCost = reference.marginalCostPerT;
  const marginalCostPerT = weightedMean(group, (r) => r.marginalCostPerT as number);
  const surchargeSpreadPerT = surchargePart(reference, group);
  const spreads = group.map((r) => (r.marginalCostPerT as number) - referenceCost);
  const modelledSpreadPerT = marginalCostPerT - referenceCost;
  const { low, high } = target.observedSpreadPerT;
  const verdict =
    modelledSpreadPerT < low ? "below" : modelledSpreadPerT > high ? "above" : "within";
  const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
  const explanation =
    verdict === "below"
      ? `the model prices production, freight and carbon${surchargeSpreadPerT == null ? " only" : " and its surcharges"}; the rest of the observed spread is scarcity and market margin it does not represent`
      : verdict === "above"
        ? "the model's delivered costs exceed what the market charged"
        : surchargeSpreadPerT == null
          ? "the model's delivered costs account for the observed spread"
          : "the model's delivered costs and surcharges account for the observed spread";
  const split =
    surchargeSpreadPerT == null
      ? ""
      : ` Of the modelled spread, ${fmt(surchargeSpreadPerT)} CNY/t is the network's surcharges (a fitted margin, not a cost the model explains) and ${fmt(modelledSpreadPerT - surchargeSpreadPerT)} CNY/t production, freight and carbon.`;
  return {
    referenceProvince: target.referenceProvince,
    referenceMarginalCostPerT: referenceCost,
    provinces: group.map((r) => r.province),
    marginalCostPerT,
    modelledSpreadPerT,
    ...(surchargeSpreadPerT !== undefined ? { surchargeSpreadPerT } : {}),
    modelledSpreadRangePerT: { min: Math.min(...spreads), max: Math.max(...spreads) },
    observedSpreadPerT: { low, high },
    source: target.source,
    verdict,
    note: `Modelled marginal-cost spread, north-west deficit provinces (${group.map((r) => r.province).join(", ")}) minus ${target.referenceProvince}: ${fmt(modelledSpreadPerT)} CNY/t (${fmt(Math.min(...spreads))} to ${fmt(Math.max(...spreads))} by province); observed 2024 delivered-price spread ${fmt(low)}-${fmt(high)} CNY/t ex-VAT. ${verdict === "within" ? "Within" : verdict === "below" ? "Below" : "Above"} the observed band: ${explanation}.${split}`,
  };
}

/** Demand-weighted mean of a figure over provinces (plain mean when none has demand). */
function weightedMean(rows: readonly RegionRow[], value: (r: RegionRow) => number): number {
  const demand = rows.reduce((sum, r) => sum + r.demandT, 0);
  return demand > 0
    ? rows.reduce((sum, r) => sum + value(r) * r.demandT, 0) / demand
    : rows.reduce((sum, r) => sum + value(r), 0) / rows.length;
}

/**
 * The surcharges' part of the spread: the group's weighted surcharge part less the reference's.
 * undefined when the plan has no surcharges; null when a province's part is unknown.
 */
function surchargePart(
  reference: RegionRow,
  group: readonly RegionRow[],
): number | null | undefined {
  const rows = [reference, ...group];
  if (rows.every((r) => r.marginalSurchargePerT === undefined)) return undefined;
  if (rows.some((r) => r.marginalSurchargePerT == null)) return null;
  const part = (r: RegionRow) => r.marginalSurchargePerT as number;
  return weightedMean(group, part) - part(reference);
}
