// The public plan format v1: what a solve returns to the CLI, the API and procurement systems.
import { z } from "zod";
import { objectiveSchema } from "./network.ts";

export const planStatusSchema = z
  .enum(["optimal", "infeasible", "unbounded", "timeLimit", "error"])
  .describe("Read this first: values are present only when the status is optimal");

const t = (what: string) => z.number().describe(`${what}, tonnes per year`);
const cny = (what: string) => z.number().describe(`${what}, CNY per year`);

export const planTotalsSchema = z.object({
  productionCost: cny("Production cost of all output"),
  transportCost: cny("Freight on all flows"),
  handlingCost: cny("Port handling on exported tonnes"),
  carbonCost: cny("Carbon price times transport CO2"),
  exportRevenue: cny("FOB price times exported tonnes"),
  shortfallPenalty: cny("Penalty on demand and minimum exports left unmet"),
  totalCost: cny(
    "productionCost + transportCost + handlingCost + carbonCost + shortfallPenalty (revenue excluded)",
  ),
  margin: cny("exportRevenue - totalCost"),
  capacityT: t("Anode capacity of all plants"),
  outputT: t("Anode output of all plants"),
  idleCapacityT: t("capacityT - outputT"),
  utilization: z.number().describe("outputT / capacityT, 0..1"),
  highEfficiencyOutputT: t("Output of plants marked highEfficiency"),
  highEfficiencyShare: z.number().describe("highEfficiencyOutputT / outputT, 0..1"),
  demandT: t("Smelter anode demand"),
  deliveredT: t("Tonnes delivered to smelters"),
  exportT: t("Tonnes delivered to export ports"),
  shortfallT: t("Smelter demand plus port minimum exports left unmet"),
  co2T: z.number().describe("Transport CO2, tonnes CO2e per year"),
});

export const planFlowSchema = z.object({
  from: z.string().describe("Plant id"),
  to: z.string().describe("Smelter or port id"),
  mode: z.string().describe("Mode id"),
  tonnes: t("Flow"),
  distanceKm: z.number().describe("Lane distance, km"),
  costPerT: z.number().describe("Freight per tonne on this lane (port handling excluded), CNY"),
  cost: cny("tonnes x costPerT"),
  co2T: z.number().describe("Transport CO2 of this flow, tonnes CO2e"),
});

export const planPlantSchema = z.object({
  id: z.string(),
  province: z.string(),
  capacityT: t("Capacity"),
  outputT: t("Output"),
  utilization: z.number().describe("outputT / capacityT, 0..1 (0 when capacity is 0)"),
});

export const planSmelterSchema = z.object({
  id: z.string(),
  province: z.string(),
  demandT: t("Anode demand"),
  receivedT: t("Tonnes received"),
  shortfallT: t("demandT - receivedT"),
});

export const planPortSchema = z.object({
  id: z.string(),
  province: z.string(),
  exportT: t("Tonnes exported through this port"),
  minExportT: t("Minimum export"),
  maxExportT: t("Maximum export"),
  shortfallT: t("Minimum export left unmet"),
});

export const planProvinceSchema = z.object({
  province: z.string(),
  capacityT: t("Capacity of the province's plants"),
  outputT: t("Output of the province's plants"),
  demandT: t("Demand of the province's smelters"),
  receivedT: t("Tonnes received by the province's smelters"),
  exportT: t("Tonnes the province's plants send to export ports (any province)"),
  netInflowT: t(
    "Tonnes received from other provinces' plants minus tonnes sent to other provinces' smelters; outputT - exportT + netInflowT = receivedT",
  ),
});

export const planSolverSchema = z.object({
  id: z.string().describe("Backend that solved the program"),
  version: z.string(),
  ms: z.number().describe("Solver wall time, milliseconds"),
});

export const planSchema = z
  .object({
    format: z.literal("anodeflow.plan/v1"),
    network: z.string().describe("Name of the network solved"),
    status: planStatusSchema,
    message: z.string().optional().describe("Why the status is not optimal"),
    objective: z
      .object({
        sense: z.enum(["min", "max"]),
        kind: objectiveSchema,
        value: z.number().describe("minCost: totalCost; maxMargin: margin (CNY per year)"),
      })
      .nullable(),
    totals: planTotalsSchema.nullable(),
    flows: z.array(planFlowSchema).describe("Positive flows only"),
    plants: z.array(planPlantSchema),
    smelters: z.array(planSmelterSchema),
    ports: z.array(planPortSchema),
    provinces: z.array(planProvinceSchema),
    solver: planSolverSchema,
  })
  .describe("An allocation plan (format v1)");

export type Plan = z.infer<typeof planSchema>;
export type PlanTotals = z.infer<typeof planTotalsSchema>;
export type PlanFlow = z.infer<typeof planFlowSchema>;
export type PlanProvince = z.infer<typeof planProvinceSchema>;
