// The plan's periods (networks with periods only): per period flows, output, deliveries, exports and closing stocks.
import { z } from "zod";
import { planCorridorSchema, planHubSchema } from "./plan-hubs-schema.ts";

const t = (what: string) => z.number().describe(`${what}, tonnes in the period`);

export const planPeriodSchema = z.object({
  id: z.string().describe("Period id, as in the network's periods"),
  weight: z.number().describe("Share of the year in this period, 0..1"),
  flows: z
    .array(
      z.object({
        from: z.string().describe("Plant id"),
        to: z.string().describe("Smelter or port id"),
        mode: z.string().describe("Mode id"),
        tonnes: t("Flow"),
      }),
    )
    .describe("Positive flows of the period, in lane order"),
  plants: z.array(
    z.object({
      id: z.string(),
      capacityT: t("Capacity (weight x profile x annual capacity)"),
      outputT: t("Output"),
    }),
  ),
  smelters: z.array(
    z.object({
      id: z.string(),
      demandT: t("Demand (weight x profile x annual demand)"),
      receivedT: t("Anodes delivered in the period (some may go to stock)"),
      shortfallT: t("Demand left unmet"),
      marginalCostPerT: z
        .number()
        .nullable()
        .describe(
          "Cost of the next tonne of this period's demand, CNY per tonne (cost form), from the expanded residual network; null without duals or when one more tonne is infeasible",
        ),
    }),
  ),
  ports: z.array(
    z.object({
      id: z.string(),
      receivedT: t("Anodes delivered to the port in the period"),
      exportT: t("Exports leaving the port"),
      shortfallT: t("Minimum export left unmet"),
      minExportT: t("Minimum export"),
      maxExportT: t("Maximum export"),
    }),
  ),
  inventories: z
    .array(
      z.object({
        id: z.string().describe("Plant, smelter or port id"),
        kind: z.enum(["plant", "smelter", "port"]),
        openingT: t("Stock at the start of the period (the previous period's closing)"),
        closingT: t("Stock at the end of the period"),
        capacityT: t("Most stock the holder can close a period with"),
        holdingCost: z.number().describe("Holding cost of the closing stock, CNY"),
      }),
    )
    .describe("Every holder of stock, in the order plants, smelters, ports"),
  holdingCost: z.number().describe("Holding cost of the period's closing stocks, CNY"),
  hubs: z
    .array(planHubSchema)
    .optional()
    .describe(
      "Each hub's throughput in the period, capacity weight x annual (only when the network has hubs, legs or corridors)",
    ),
  corridors: z
    .array(planCorridorSchema)
    .optional()
    .describe(
      "Each corridor's use in the period, capacity weight x annual (only when the network has hubs, legs or corridors)",
    ),
});

export type PlanPeriod = z.infer<typeof planPeriodSchema>;
