// Comparison of two periodic plans period by period: each period's totals and the flows that moved in it.
import { z } from "zod";
import { flowToleranceT } from "../tolerances.ts";
import { type Amount, amount, triple } from "./compare-amounts.ts";
import type { Plan, PlanPeriod } from "./plan-schema.ts";

const inPeriod = (what: string) => amount(`${what}, tonnes in the period`);

export const periodComparisonSchema = z.object({
  id: z.string().describe("Period id, as in both plans' periods"),
  totals: z
    .object({
      outputT: inPeriod("anode output of every plant"),
      receivedT: inPeriod("anodes delivered to smelters"),
      exportT: inPeriod("exports leaving the ports"),
      shortfallT: inPeriod("smelter demand and port minimum exports left unmet"),
      closingStockT: inPeriod("stock at every holder at the end of the period"),
      holdingCost: amount("holding cost of the period's closing stocks, CNY"),
    })
    .describe("The period's totals in a and b"),
  flows: z
    .array(
      z.object({
        key: z.string().describe("from>to:mode"),
        from: z.string().describe("Plant id"),
        to: z.string().describe("Smelter or port id"),
        mode: z.string().describe("Mode id"),
        tonnes: inPeriod("flow on the lane (0 where the plan has none)"),
      }),
    )
    .describe(
      `Lanes whose tonnes in the period differ by at least ${flowToleranceT} t, largest move first`,
    ),
});

export type PeriodComparison = z.infer<typeof periodComparisonSchema>;

/**
 * Per period comparison of two optimal plans with the same period ids in the same order; nothing
 * when either has no periods or they differ (a month has no counterpart in another calendar).
 */
export function comparePeriods(a: Plan, b: Plan): { periods?: PeriodComparison[] } {
  const [pa, pb] = [a.periods, b.periods];
  if (!pa || !pb || pa.length !== pb.length) return {};
  if (pa.some((period, t) => period.id !== pb[t]?.id)) return {};
  return { periods: pa.map((period, t) => comparePeriod(period, pb[t] as PlanPeriod)) };
}

function comparePeriod(a: PlanPeriod, b: PlanPeriod): PeriodComparison {
  const total = (of: (p: PlanPeriod) => number): Amount => triple(of(a), of(b));
  return {
    id: a.id,
    totals: {
      outputT: total((p) => sum(p.plants, (row) => row.outputT)),
      receivedT: total((p) => sum(p.smelters, (row) => row.receivedT)),
      exportT: total((p) => sum(p.ports, (row) => row.exportT)),
      shortfallT: total(
        (p) => sum(p.smelters, (row) => row.shortfallT) + sum(p.ports, (row) => row.shortfallT),
      ),
      closingStockT: total((p) => sum(p.inventories, (row) => row.closingT)),
      holdingCost: total((p) => p.holdingCost),
    },
    flows: movedFlows(a, b),
  };
}

function movedFlows(a: PlanPeriod, b: PlanPeriod): PeriodComparison["flows"] {
  const lanes = new Map<string, { from: string; to: string; mode: string; a: number; b: number }>();
  for (const [side, period] of [
    ["a", a],
    ["b", b],
  ] as const) {
    for (const { from, to, mode, tonnes } of period.flows) {
      const key = `${from}>${to}:${mode}`;
      const lane = lanes.get(key) ?? { from, to, mode, a: 0, b: 0 };
      lane[side] += tonnes;
      lanes.set(key, lane);
    }
  }
  return [...lanes]
    .filter(([, lane]) => Math.abs(lane.b - lane.a) >= flowToleranceT)
    .map(([key, { from, to, mode, a: ta, b: tb }]) => ({
      key,
      from,
      to,
      mode,
      tonnes: triple(ta, tb),
    }))
    .sort(
      (x, y) => Math.abs(y.tonnes.delta) - Math.abs(x.tonnes.delta) || x.key.localeCompare(y.key),
    );
}

const sum = <T>(rows: readonly T[], of: (row: T) => number) =>
  rows.reduce((total, row) => total + of(row), 0);
