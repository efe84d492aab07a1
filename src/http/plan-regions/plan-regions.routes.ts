// Contract of a plan's regional mismatch view: provinces by surplus and deficit, marginal costs, calibration.
import { createRoute, z } from "@hono/zod-openapi";
import { planStatusSchema } from "../../../models/allocation/plan-schema.ts";
import { regionsViewSchema } from "../../../models/allocation/regions.ts";
import { authorised } from "../shared/auth.ts";
import { keyProblems, problems } from "../shared/problems.ts";
import { idParamSchema } from "../shared/schemas.ts";

export const planRegionsSchema = z
  .object({
    planId: z.string().openapi({ example: "pl_7h2k9x4m3q8rv0tz" }),
    status: planStatusSchema,
    ...regionsViewSchema.shape,
  })
  .openapi("PlanRegions");

export const regions = createRoute({
  ...authorised("viewer"),
  method: "get",
  path: "/v1/plans/{id}/regions",
  tags: ["Plans"],
  operationId: "getPlanRegions",
  summary: "Get a plan's regional mismatch: provinces by surplus and deficit",
  description: [
    "Per province: capacity, output, utilisation, demand, exports, net inter-provincial flow and marginal cost, sorted by net outflow (surplus first, largest deficit last), and a calibration line setting the modelled north-west minus Shandong marginal-cost spread beside the observed 2024 delivered-price spread of 450-820 CNY/t with VAT, 398-726 CNY/t ex-VAT as the model prices (data brief §5).",
    "Sign conventions: `netOutflowT` > 0 means the province's plants send more to other provinces' smelters than its smelters receive from other provinces' plants (a surplus), < 0 a deficit; it is minus the plan's `provinces[].netInflowT`. `marginalCostPerT` is CNY per tonne in cost form (minCost: total cost; maxMargin: margin lost), the cost of the NEXT tonne of demand, demand-weighted over the province's smelters; null without smelters or when the solver gave no duals. `modelledSpreadPerT` = north-west deficit provinces' marginal cost minus Shandong's.",
    "A plan that is not optimal has no provinces: `regions` is empty and `calibration` null.",
  ].join("\n\n"),
  request: { params: idParamSchema("Plan", "pl_7h2k9x4m3q8rv0tz") },
  responses: {
    200: {
      description: "The regional view of the stored plan",
      content: { "application/json": { schema: planRegionsSchema } },
    },
    ...problems("not_found", ...keyProblems),
  },
});
