// Periods of the network format: the year's periods, per-node profiles and inventories, and their checks.
import { z } from "zod";
import { cnyPerT, type IssueSink, idSchema, tonnes } from "./network-primitives.ts";

/** How far the period weights may sum from 1 (rounded monthly shares such as 31/366 are fine). */
export const periodWeightTolerance = 1e-6;

export const periodSchema = z
  .object({
    id: idSchema.describe('Period id, unique among periods, e.g. "2024-01"'),
    weight: z
      .number()
      .positive()
      .max(1)
      .describe(
        "Share of the year in this period (the weights sum to 1): every annual tonnage is spread by it",
      ),
  })
  .strict()
  .describe("One period of the year (a month, a season)");

export const profileSchema = z
  .array(z.number().nonnegative().max(100))
  .describe(
    "One multiplier per period, in the order of `periods`, on the weight-spread annual figure (1: as spread by weight; 0.8: 80 % of it)",
  );

export const inventorySchema = z
  .object({
    capacityT: tonnes.describe("Most stock held at the end of any period, tonnes"),
    holdingCostPerTPerPeriod: cnyPerT.describe(
      "Cost of holding one tonne of closing stock for one period, CNY per tonne per period (ex-VAT)",
    ),
    initialT: tonnes.describe(
      "Stock at the start of the year, tonnes; the last period must close with it (cyclic horizon)",
    ),
  })
  .strict()
  .describe("A stock carried from one period to the next (used only when the network has periods)");

export type Period = z.output<typeof periodSchema>;
export type Inventory = z.output<typeof inventorySchema>;

interface HolderInput {
  id: string;
  inventory?: Inventory | undefined;
  capacityProfile?: readonly number[] | undefined;
  demandProfile?: readonly number[] | undefined;
  exportProfile?: readonly number[] | undefined;
}

/** The parts of a network the period checks read (structural, so this module needs not network.ts). */
export interface PeriodsOfNetwork {
  periods?: readonly Period[] | undefined;
  plants: readonly HolderInput[];
  smelters: readonly HolderInput[];
  ports: readonly HolderInput[];
}

const profileFields = [
  ["plants", "capacityProfile"],
  ["smelters", "demandProfile"],
  ["ports", "exportProfile"],
] as const;

/**
 * Periods: ids unique, at least 2, weights summing to 1; every profile one multiplier per period and
 * only with periods; every inventory's initialT within its capacityT.
 */
export function checkPeriods(network: PeriodsOfNetwork, ctx: IssueSink) {
  const periods = network.periods;
  if (periods) checkPeriodList(periods, ctx);
  for (const [list, field] of profileFields) {
    network[list].forEach((node, i) => {
      const profile = node[field];
      if (!profile) return;
      if (!periods) {
        ctx.addIssue({
          code: "custom",
          path: [list, i, field],
          message: `${field} needs the network's periods`,
        });
      } else if (profile.length !== periods.length) {
        ctx.addIssue({
          code: "custom",
          path: [list, i, field],
          message: `${field} has ${profile.length} multipliers but the network has ${periods.length} periods`,
        });
      }
    });
  }
  for (const list of ["plants", "smelters", "ports"] as const) {
    network[list].forEach((node, i) => {
      const stock = node.inventory;
      if (stock && stock.initialT > stock.capacityT) {
        ctx.addIssue({
          code: "custom",
          path: [list, i, "inventory", "initialT"],
          message: `initialT ${stock.initialT} exceeds capacityT ${stock.capacityT}`,
        });
      }
    });
  }
}

function checkPeriodList(periods: readonly Period[], ctx: IssueSink) {
  if (periods.length < 2) {
    ctx.addIssue({
      code: "custom",
      path: ["periods"],
      message: `give at least 2 periods (got ${periods.length}); without periods the plan is annual`,
    });
  }
  const seen = new Map<string, number>();
  periods.forEach((period, t) => {
    const first = seen.get(period.id);
    if (first !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["periods", t, "id"],
        message: `duplicate period id "${period.id}" (first at /periods/${first})`,
      });
    } else seen.set(period.id, t);
  });
  const total = periods.reduce((sum, period) => sum + period.weight, 0);
  if (Math.abs(total - 1) > periodWeightTolerance) {
    ctx.addIssue({
      code: "custom",
      path: ["periods"],
      message: `period weights sum to ${Number(total.toPrecision(9))}, not 1 (tolerance ${periodWeightTolerance})`,
    });
  }
}
