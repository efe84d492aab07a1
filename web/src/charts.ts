// The charts' data and scales: what each chart plots of a plan (or of the saved plans), in the unit
// its axis names, and a linear scale with round ticks (d3-array's ticks). Drawing is charts.tsx.
import { ticks } from "d3-array";
import type { Plan } from "./api.ts";

type Totals = NonNullable<Plan["totals"]>;

/** A linear scale from a domain that holds 0 and the values, widened to round ticks. */
export interface Scale {
  (value: number): number;
  ticks: number[];
  domain: [number, number];
}

/** `fromZero`: the domain holds 0 (bars); off, it spans the values only (a scatter's cost axis). */
export function linearScale(
  values: readonly number[],
  range: [number, number],
  count = 5,
  fromZero = true,
): Scale {
  let lo = Math.min(...(fromZero ? [0] : []), ...values);
  let hi = Math.max(...(fromZero ? [0] : []), ...values);
  if (lo === hi) hi = lo + 1;
  const t = ticks(lo, hi, count);
  const step = t.length > 1 ? (t[1] ?? 0) - (t[0] ?? 0) : hi - lo;
  lo = Math.min(lo, Math.floor(lo / step) * step);
  hi = Math.max(hi, Math.ceil(hi / step) * step);
  const [r0, r1] = range;
  const scale = ((value: number) => r0 + ((value - lo) / (hi - lo)) * (r1 - r0)) as Scale;
  scale.ticks = ticks(lo, hi, count);
  scale.domain = [lo, hi];
  return scale;
}

/** One bar: its label, its value in the chart's unit, and marks on the same axis (a limit). */
export interface Bar {
  key: string;
  label: string;
  value: number;
  marks?: { label: string; value: number }[];
}

/** The parts of the total cost (revenue excluded), in bn CNY; the rest (surcharges, holding...) as "Other". */
export const costParts = [
  { key: "production", label: "Production" },
  { key: "transport", label: "Transport" },
  { key: "handling", label: "Port handling" },
  { key: "carbon", label: "Carbon" },
  { key: "shortfall", label: "Shortfall penalty" },
  { key: "other", label: "Other" },
] as const;

export type CostPart = (typeof costParts)[number]["key"];

export function costByPart(t: Totals): Record<CostPart, number> {
  const parts = {
    production: t.productionCost,
    transport: t.transportCost,
    handling: t.handlingCost,
    carbon: t.carbonCost,
    shortfall: t.shortfallPenalty,
  };
  const named = Object.values(parts).reduce((sum, v) => sum + v, 0);
  const bn = (v: number) => v / 1e9;
  return {
    production: bn(parts.production),
    transport: bn(parts.transport),
    handling: bn(parts.handling),
    carbon: bn(parts.carbon),
    shortfall: bn(parts.shortfall),
    // Export freight, surcharges, holding and hub handling: what totalCost holds beyond the five.
    other: bn(t.totalCost - named),
  };
}

/** Each province's surplus (+, ships out to others) or deficit (−, takes in), kt; busiest first. */
export const provinceBalance = (plan: Plan): Bar[] =>
  plan.provinces
    .filter((p) => Math.abs(p.netInflowT) >= 0.5)
    .map((p) => ({ key: p.province, label: p.province, value: -p.netInflowT / 1000 }))
    .sort((a, b) => b.value - a.value);

/** Each port's exports against its minimum and maximum, kt. */
export const portExports = (plan: Plan, nameOf: (id: string) => string): Bar[] =>
  plan.ports
    .map((p) => ({
      key: p.id,
      label: nameOf(p.id),
      value: p.exportT / 1000,
      marks: [
        { label: "minimum", value: p.minExportT / 1000 },
        { label: "maximum", value: p.maxExportT / 1000 },
      ],
    }))
    .sort((a, b) => b.value - a.value);

/** Each plant's utilisation, %, most used first. */
export const plantUtilisation = (plan: Plan, nameOf: (id: string) => string): Bar[] =>
  plan.plants
    .filter((p) => p.capacityT > 0)
    .map((p) => ({ key: p.id, label: nameOf(p.id), value: p.utilization * 100 }))
    .sort((a, b) => b.value - a.value || a.label.localeCompare(b.label));

/** The marginal cost of the next tonne delivered in each province, CNY/t, dearest first. */
export const marginalByProvince = (plan: Plan): Bar[] =>
  plan.provinces
    .flatMap((p) =>
      typeof p.marginalCostPerT === "number"
        ? [{ key: p.province, label: p.province, value: p.marginalCostPerT }]
        : [],
    )
    .sort((a, b) => b.value - a.value);

/** A plan as a point of the CO2 against cost chart: transport CO2 in kt, total cost in bn CNY. */
export interface PlanPoint {
  key: string;
  label: string;
  co2Kt: number;
  costBn: number;
}

export const planPoint = (key: string, label: string, t: Totals): PlanPoint => ({
  key,
  label,
  co2Kt: t.co2T / 1000,
  costBn: t.totalCost / 1e9,
});
