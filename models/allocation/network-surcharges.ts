// Surcharges of the network format: a cost per tonne on every lane into named provinces (optionally only from outside them), and their checks.
import { z } from "zod";
import { plainText } from "../text.ts";
import { cnyPerT, duplicateIds, type IssueSink, idSchema } from "./network-primitives.ts";

export const surchargeSchema = z
  .object({
    id: idSchema.describe("Surcharge id, unique among surcharges"),
    name: plainText(1, 200),
    toProvinces: z
      .array(plainText(1, 100))
      .min(1)
      .max(100)
      .describe(
        "Provinces whose smelters and ports the surcharge applies to: every lane whose destination lies in one of them",
      ),
    fromOutside: z
      .boolean()
      .default(true)
      .describe(
        "true: only lanes from a plant outside toProvinces (an inbound margin); false: every lane into them",
      ),
    costPerT: cnyPerT.describe(
      "CNY per tonne ex-VAT on each such lane, beside freight: a cost the mode's tariff misses (scarcity, priority, transshipment, traders' margin)",
    ),
    basis: plainText(0, 2000)
      .optional()
      .describe("Where the figure comes from (a source, or ESTIMATE and how it was fitted)"),
  })
  .strict()
  .describe(
    "A cost per tonne on lanes into a group of provinces, priced in the objective and reported apart from freight (the plan's totals.surchargeCost)",
  );

export type Surcharge = z.output<typeof surchargeSchema>;

/** The parts of a network the surcharge checks and the lane pricing read. */
export interface SurchargesOfNetwork {
  plants: readonly { province: string }[];
  smelters: readonly { province: string }[];
  ports: readonly { province: string }[];
  surcharges?: readonly Surcharge[] | undefined;
}

/** Ids are unique, and every province named is a province of some plant, smelter or port. */
export function checkSurcharges(network: SurchargesOfNetwork, ctx: IssueSink) {
  const surcharges = network.surcharges ?? [];
  duplicateIds(ctx, surcharges, "surcharges", new Map());
  const known = new Set(
    [...network.plants, ...network.smelters, ...network.ports].map((n) => n.province),
  );
  surcharges.forEach((surcharge, i) => {
    surcharge.toProvinces.forEach((province, j) => {
      // A misspelt province would silently price nothing.
      if (!known.has(province)) {
        ctx.addIssue({
          code: "custom",
          path: ["surcharges", i, "toProvinces", j],
          message: `"${province}" is the province of no plant, smelter or port`,
        });
      }
    });
  });
}

/** Whether a surcharge applies to a lane from a plant in province `from` to a destination in `to`. */
export const surchargeApplies = (s: Surcharge, from: string, to: string) =>
  s.toProvinces.includes(to) && !(s.fromOutside && s.toProvinces.includes(from));

/** Sum of the surcharges on a lane from a plant in `from` to a destination in `to`, CNY/t. */
export function laneSurchargePerT(
  surcharges: readonly Surcharge[] | undefined,
  from: string,
  to: string,
): number {
  let total = 0;
  for (const s of surcharges ?? []) if (surchargeApplies(s, from, to)) total += s.costPerT;
  return total;
}

/** Whether a network prices any surcharge (an empty list is none). */
export const hasSurcharges = (network: { surcharges?: readonly Surcharge[] | undefined }) =>
  (network.surcharges?.length ?? 0) > 0;
