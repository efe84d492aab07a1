// The plan's multimodal parts (networks with hubs, legs or corridors only): routes leg by leg, hub throughputs, corridor use.
import { z } from "zod";

export const planRouteLegSchema = z.object({
  from: z.string().describe("Plant or hub id"),
  to: z.string().describe("Hub, smelter or port id"),
  mode: z.string().describe("Mode id"),
  km: z.number().describe("Leg distance, km"),
  costPerT: z.number().describe("Freight on this leg, CNY per tonne (handling excluded)"),
});

export const planRouteSchema = z
  .array(planRouteLegSchema)
  .describe(
    "The flow leg by leg, plant first; a direct lane is a one-leg route. Only when the network has hubs, legs or corridors",
  );

const marginalValue = (what: string) =>
  z
    .number()
    .nullable()
    .describe(
      `Value of one more tonne of ${what}, CNY per tonne (the saving in cost form, >= 0; 0 while it does not bind). From the residual network (next tonne) where the plan's analysis ran, else the solver's dual (at a degenerate optimum, either side's slope); null without duals`,
    );

export const planHubSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(["railHub", "port", "riverPort"]),
  province: z.string(),
  throughputT: z.number().describe("Tonnes passing through the hub"),
  capacityT: z.number().nullable().describe("Most tonnes it can pass; null: unlimited"),
  handlingCostPerT: z.number().describe("CNY per tonne passing through"),
  handlingCost: z.number().describe("throughputT x handlingCostPerT, CNY"),
  marginalValuePerT: marginalValue("hub capacity"),
});

export const planCorridorSchema = z.object({
  id: z.string(),
  name: z.string(),
  usedT: z.number().describe("Tonnes on the legs and lanes that name the corridor"),
  capacityT: z.number().describe("The corridor's capacity"),
  marginalValuePerT: z
    .number()
    .nullable()
    .describe(
      "Value of one more tonne of corridor capacity, CNY per tonne: the dual of its row (11) in cost form, >= 0 (0 while it does not bind); null without duals",
    ),
});

export type PlanRouteLeg = z.infer<typeof planRouteLegSchema>;
export type PlanHub = z.infer<typeof planHubSchema>;
export type PlanCorridor = z.infer<typeof planCorridorSchema>;
