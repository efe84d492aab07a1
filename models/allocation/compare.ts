// Plan comparison: what differs between two plans (inputs, totals, flows, provinces) and by how much.
import { z } from "zod";
import { costPerTToleranceCny, flowToleranceT } from "../tolerances.ts";
import { type Change, changeSchema } from "./change-schema.ts";
import { amount, amountOrNull } from "./compare-amounts.ts";
import { compareLogistics, logisticsComparisonShape } from "./compare-logistics.ts";
import { comparePeriods, periodComparisonSchema } from "./compare-periods.ts";
import { type Plan, type PlanTotals, planSchema, planTotalsSchema } from "./plan-schema.ts";

type AmountOrNull = z.infer<ReturnType<typeof amountOrNull>>;
type TotalsKey = keyof PlanTotals;
const totalsKeys = Object.keys(planTotalsSchema.shape) as TotalsKey[];

// One entry per plan totals field, keyed and described as in the plan format.
const totalsComparisonSchema = z
  .object(
    Object.fromEntries(
      totalsKeys.map((key) => [key, amountOrNull(planTotalsSchema.shape[key].description ?? key)]),
    ) as Record<TotalsKey, ReturnType<typeof amountOrNull>>,
  )
  .describe(
    "Every plan totals field (cost parts, totalCost, margin, output, exports, shortfall, CO2) as a, b and b - a; null where a plan is not optimal",
  );

const sideSchema = z.object({
  label: z.string().describe('Caller\'s name for the plan ("a" or "b" when not given)'),
  network: z.string().describe("Name of the network the plan solved"),
  status: planSchema.shape.status,
  message: z.string().optional().describe("Why the status is not optimal"),
  objective: planSchema.shape.objective,
});

const flowComparisonSchema = z.object({
  key: z.string().describe("from>to:mode"),
  from: z.string().describe("Plant id"),
  to: z.string().describe("Smelter or port id"),
  mode: z.string().describe("Mode id"),
  change: z
    .enum(["added", "removed", "changed"])
    .describe("added: only b ships on the lane; removed: only a; changed: both, in other amounts"),
  tonnes: amount("tonnes per year (0 where the plan has no flow)"),
  costPerT: amountOrNull("freight, CNY per tonne (null where the plan has no flow)"),
  cost: amount("freight, CNY per year"),
});

const provinceComparisonSchema = z.object({
  province: z.string(),
  outputT: amount("output of the province's plants, tonnes per year"),
  receivedT: amount("tonnes received by the province's smelters per year"),
  exportT: amount("tonnes the province's plants send to export ports per year"),
  netInflowT: amount(
    "tonnes per year received from other provinces minus tonnes sent to other provinces' smelters",
  ),
});

export const comparisonSchema = z
  .object({
    a: sideSchema,
    b: sideSchema,
    comparable: z
      .boolean()
      .describe(
        "Both plans are optimal; otherwise flows and provinces are empty and totals hold only the optimal plan's values",
      ),
    changes: z
      .object({
        onlyA: z.array(changeSchema).describe("Changes made for a and not for b"),
        onlyB: z.array(changeSchema).describe("Changes made for b and not for a"),
        both: z.array(changeSchema).describe("Changes made for both"),
      })
      .describe("The input difference; changes are matched by equal content, order ignored"),
    totals: totalsComparisonSchema,
    flows: z
      .array(flowComparisonSchema)
      .describe(
        `Lanes whose tonnes differ by at least ${flowToleranceT} t or whose freight rate differs, largest tonnage move first`,
      ),
    provinces: z
      .array(provinceComparisonSchema)
      .describe(
        `Provinces where a figure differs by at least ${flowToleranceT} t, largest difference first`,
      ),
    periods: z
      .array(periodComparisonSchema)
      .optional()
      .describe(
        "Only when both plans are optimal and have the same periods: per period, its totals and the flows that moved",
      ),
    ...logisticsComparisonShape,
  })
  .describe("What differs between plan a and plan b; every delta is b - a");

export type Comparison = z.infer<typeof comparisonSchema>;
export type FlowComparison = z.infer<typeof flowComparisonSchema>;
export type ProvinceComparison = z.infer<typeof provinceComparisonSchema>;

export interface ComparedPlan {
  plan: Plan;
  /** The scenario changes the plan was solved with; none means the base network. */
  changes?: readonly Change[];
  label?: string;
}

/** Compares plan b against plan a; every delta is b - a. */
export function comparePlans(a: ComparedPlan, b: ComparedPlan): Comparison {
  const comparable = a.plan.status === "optimal" && b.plan.status === "optimal";
  return {
    a: side(a, "a"),
    b: side(b, "b"),
    comparable,
    changes: compareChanges(a.changes ?? [], b.changes ?? []),
    totals: compareTotals(a.plan.totals, b.plan.totals),
    // A non-optimal plan has no flows to speak of, so listing the other's flows as added or
    // removed would mislead.
    flows: comparable ? compareFlows(a.plan, b.plan) : [],
    provinces: comparable ? compareProvinces(a.plan, b.plan) : [],
    ...(comparable ? comparePeriods(a.plan, b.plan) : {}),
    ...(comparable ? compareLogistics(a.plan, b.plan) : {}),
  };
}

function side({ plan, label }: ComparedPlan, fallback: string): Comparison["a"] {
  return {
    label: label ?? fallback,
    network: plan.network,
    status: plan.status,
    ...(plan.message === undefined ? {} : { message: plan.message }),
    objective: plan.objective,
  };
}

function compareChanges(a: readonly Change[], b: readonly Change[]): Comparison["changes"] {
  // Changes are flat objects, so JSON with sorted keys is a deep-equality key.
  const key = (change: Change) => JSON.stringify(change, Object.keys(change).sort());
  const unmatchedB = new Map<string, number>();
  for (const change of b) unmatchedB.set(key(change), (unmatchedB.get(key(change)) ?? 0) + 1);

  const onlyA: Change[] = [];
  const both: Change[] = [];
  for (const change of a) {
    const left = unmatchedB.get(key(change)) ?? 0;
    if (left > 0) {
      both.push(change);
      unmatchedB.set(key(change), left - 1);
    } else onlyA.push(change);
  }
  const onlyB: Change[] = [];
  for (const change of b) {
    const left = unmatchedB.get(key(change)) ?? 0;
    if (left > 0) {
      onlyB.push(change);
      unmatchedB.set(key(change), left - 1);
    }
  }
  return { onlyA, onlyB, both };
}

function compareTotals(a: PlanTotals | null, b: PlanTotals | null): Comparison["totals"] {
  const entry = (key: TotalsKey): AmountOrNull => {
    const va = a?.[key] ?? null;
    const vb = b?.[key] ?? null;
    return { a: va, b: vb, delta: va === null || vb === null ? null : vb - va };
  };
  return Object.fromEntries(totalsKeys.map((key) => [key, entry(key)])) as Comparison["totals"];
}

interface FlowSum {
  from: string;
  to: string;
  mode: string;
  tonnes: number;
  costPerT: number;
  cost: number;
}

function flowsByKey(plan: Plan): Map<string, FlowSum> {
  const flows = new Map<string, FlowSum>();
  for (const { from, to, mode, tonnes, costPerT, cost } of plan.flows) {
    const key = `${from}>${to}:${mode}`;
    const seen = flows.get(key);
    // A plan lists each lane once; summing keeps a repeated lane from hiding tonnes.
    if (seen) {
      seen.tonnes += tonnes;
      seen.cost += cost;
    } else flows.set(key, { from, to, mode, tonnes, costPerT, cost });
  }
  return flows;
}

function compareFlows(a: Plan, b: Plan): FlowComparison[] {
  const flowsA = flowsByKey(a);
  const flowsB = flowsByKey(b);
  const result: FlowComparison[] = [];
  for (const key of new Set([...flowsA.keys(), ...flowsB.keys()])) {
    const fa = flowsA.get(key);
    const fb = flowsB.get(key);
    const ends = (fa ?? fb) as FlowSum;
    const tonnesA = fa?.tonnes ?? 0;
    const tonnesB = fb?.tonnes ?? 0;
    const moved = Math.abs(tonnesB - tonnesA) >= flowToleranceT;
    const repriced =
      fa !== undefined &&
      fb !== undefined &&
      Math.abs(fb.costPerT - fa.costPerT) > costPerTToleranceCny;
    if (!moved && !repriced) continue;
    const costPerTA = fa?.costPerT ?? null;
    const costPerTB = fb?.costPerT ?? null;
    result.push({
      key,
      from: ends.from,
      to: ends.to,
      mode: ends.mode,
      change: fa === undefined ? "added" : fb === undefined ? "removed" : "changed",
      tonnes: { a: tonnesA, b: tonnesB, delta: tonnesB - tonnesA },
      costPerT: {
        a: costPerTA,
        b: costPerTB,
        delta: costPerTA === null || costPerTB === null ? null : costPerTB - costPerTA,
      },
      cost: { a: fa?.cost ?? 0, b: fb?.cost ?? 0, delta: (fb?.cost ?? 0) - (fa?.cost ?? 0) },
    });
  }
  return result.sort(
    (x, y) =>
      Math.abs(y.tonnes.delta) - Math.abs(x.tonnes.delta) ||
      Math.abs(y.cost.delta) - Math.abs(x.cost.delta) ||
      x.key.localeCompare(y.key),
  );
}

const provinceFields = ["outputT", "receivedT", "exportT", "netInflowT"] as const;

function compareProvinces(a: Plan, b: Plan): ProvinceComparison[] {
  const byName = (plan: Plan) => new Map(plan.provinces.map((p) => [p.province, p]));
  const provincesA = byName(a);
  const provincesB = byName(b);
  const rows: { row: ProvinceComparison; largest: number }[] = [];
  for (const province of new Set([...provincesA.keys(), ...provincesB.keys()])) {
    const pa = provincesA.get(province);
    const pb = provincesB.get(province);
    const figure = (field: (typeof provinceFields)[number]) => {
      const va = pa?.[field] ?? 0;
      const vb = pb?.[field] ?? 0;
      return { a: va, b: vb, delta: vb - va };
    };
    const row: ProvinceComparison = {
      province,
      outputT: figure("outputT"),
      receivedT: figure("receivedT"),
      exportT: figure("exportT"),
      netInflowT: figure("netInflowT"),
    };
    const largest = Math.max(...provinceFields.map((field) => Math.abs(row[field].delta)));
    if (largest >= flowToleranceT) rows.push({ row, largest });
  }
  return rows
    .sort((x, y) => y.largest - x.largest || x.row.province.localeCompare(y.row.province))
    .map(({ row }) => row);
}
