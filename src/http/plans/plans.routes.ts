// Contracts of plans: solve a scenario and store the plan with its provenance; read plans and their flows.
import { createRoute, z } from "@hono/zod-openapi";
import { planStatusSchema, planTotalsSchema } from "../../../models/allocation/plan-schema.ts";
import { xlsxMediaType } from "../../workbook/xlsx.ts";
import { jobAccepted } from "../jobs/jobs.routes.ts";
import { authorised } from "../shared/auth.ts";
import { requestExamples } from "../shared/examples.ts";
import { idempotencyHeaders, idempotent } from "../shared/idempotency.ts";
import {
  idempotencyProblems,
  jsonBodyProblems,
  keyProblems,
  problems,
  solveProblems,
} from "../shared/problems.ts";
import {
  datasetRefSchema,
  idParamSchema,
  pageQuerySchema,
  pageSchema,
  planBodySchema,
  provenanceBodySchema,
  solveOptionsSchema,
  timestampSchema,
} from "../shared/schemas.ts";

const planId = z.string().openapi({ example: "pl_7h2k9x4m3q8rv0tz" });

export const planSummarySchema = z
  .object({
    id: planId,
    scenarioId: z.string(),
    datasetId: z.string(),
    status: planStatusSchema,
    objectiveValue: z
      .number()
      .nullable()
      .describe("plan.objective.value; null unless status is optimal"),
    totals: planTotalsSchema.nullable().describe("plan.totals; null unless status is optimal"),
    provenance: provenanceBodySchema,
    createdAt: timestampSchema,
  })
  .openapi("PlanSummary");

export const storedPlanSchema = planSummarySchema
  .extend({ plan: planBodySchema })
  .openapi("StoredPlan");

export const newPlanSchema = z
  .strictObject({ options: solveOptionsSchema.optional() })
  .openapi("NewPlan");

const planParams = idParamSchema("Plan", "pl_7h2k9x4m3q8rv0tz");

export const create = createRoute({
  ...authorised("planner", idempotent({ solves: true })),
  method: "post",
  path: "/v1/scenarios/{id}/plans",
  tags: ["Plans"],
  operationId: "createPlan",
  summary: "Solve a scenario and store the plan",
  description:
    "Applies the scenario's changes to its dataset, solves, and stores the plan with its provenance (input hash, solver id and version, options, timings). An infeasible scenario or a solve that hits its time limit is stored too: read `status`. The body is optional. With Prefer: respond-async: 202 and a job (kind plan) whose resultUrl is the plan's.",
  request: {
    params: idParamSchema("Scenario", "sc_4m9q7r0f3k8x2t6v"),
    headers: idempotencyHeaders,
    body: {
      required: false,
      content: { "application/json": { schema: newPlanSchema, example: requestExamples.newPlan } },
    },
  },
  responses: {
    201: {
      description: "Solved and stored",
      headers: { Location: { schema: { type: "string" }, description: "URL of the plan" } },
      content: { "application/json": { schema: storedPlanSchema } },
    },
    202: jobAccepted,
    ...problems(
      ...jsonBodyProblems,
      ...keyProblems,
      ...idempotencyProblems,
      ...solveProblems,
      "not_found",
      "unknown_solver",
      "quota_exceeded",
    ),
  },
});

export const list = createRoute({
  ...authorised("viewer"),
  method: "get",
  path: "/v1/plans",
  tags: ["Plans"],
  operationId: "listPlans",
  summary: "List plans, newest first",
  request: {
    query: pageQuerySchema.extend({
      scenarioId: z.string().min(1).max(100).optional().describe("Only this scenario's plans"),
      datasetId: datasetRefSchema("Only plans of this dataset").optional(),
    }),
  },
  responses: {
    200: {
      description: "A page of plans, without flows and per-node detail",
      content: { "application/json": { schema: pageSchema(planSummarySchema, "PlanPage") } },
    },
    ...problems("invalid_parameter", ...keyProblems),
  },
});

export const get = createRoute({
  ...authorised("viewer"),
  method: "get",
  path: "/v1/plans/{id}",
  tags: ["Plans"],
  operationId: "getPlan",
  summary: "Get a plan with its flows",
  description: `JSON by default; the plan workbook (as \`/v1/plans/{id}/plan.xlsx\`) with \`?format=xlsx\` or \`Accept: ${xlsxMediaType}\`.`,
  request: {
    params: planParams,
    query: z.object({
      format: z
        .enum(["json", "xlsx"])
        .optional()
        .describe("json (default unless Accept asks for the workbook) or xlsx"),
    }),
  },
  responses: {
    200: {
      description: "The stored plan",
      content: { "application/json": { schema: storedPlanSchema } },
    },
    ...problems("not_found", ...keyProblems),
  },
});

export const flowsCsv = createRoute({
  ...authorised("viewer"),
  method: "get",
  path: "/v1/plans/{id}/flows.csv",
  tags: ["Plans"],
  operationId: "getPlanFlowsCsv",
  summary: "Get a plan's flows as CSV",
  description:
    "RFC 4180 CSV with a header row, one row per flow, CRLF line ends. A plan that is not optimal gives the header alone. Version 1 (the default, kept for the integrators that read it): from, to, mode, tonnes, distance_km, cost_per_t, cost_cny, co2_t (tonnes, km, CNY per tonne ex-VAT, CNY ex-VAT, t CO2e). Version 2 (`?version=2`): the plan's JSON field names with the unit of the numbers under them, as the plan workbook's flows sheet: from, to, mode, tonnes (t), distanceKm (km), costPerT (CNY/t ex-VAT), cost (CNY ex-VAT), co2T (t CO2e), then the fields the plan's flows add (surchargePerT, hubHandlingPerT, lotT, lotCount).",
  request: {
    params: planParams,
    query: z.object({
      version: z
        .enum(["1", "2"])
        .optional()
        .describe(
          "1 (default): snake_case headers; 2: the JSON's camelCase field names with their units",
        ),
    }),
  },
  responses: {
    200: {
      description: "The flows",
      content: {
        "text/csv": {
          schema: z.string().openapi({
            example: "from,to,mode,tonnes,distance_km,cost_per_t,cost_cny,co2_t\r\n",
          }),
        },
      },
    },
    ...problems("not_found", ...keyProblems),
  },
});

export const remove = createRoute({
  ...authorised("planner"),
  method: "delete",
  path: "/v1/plans/{id}",
  tags: ["Plans"],
  operationId: "deletePlan",
  summary: "Delete a plan",
  description:
    "Deletes one of the organisation's plans and its flows. Nothing stored refers to a plan, so there is nothing to cascade; a job's stored result (a batch's) may still name it, and then names a plan that is gone.",
  request: { params: planParams },
  responses: {
    204: { description: "Deleted" },
    ...problems("not_found", ...keyProblems),
  },
});

export const workbook = createRoute({
  ...authorised("viewer"),
  method: "get",
  path: "/v1/plans/{id}/plan.xlsx",
  tags: ["Plans"],
  operationId: "getPlanWorkbook",
  summary: "Get a plan as an Excel workbook",
  description:
    "Sheets summary (field, value, unit), warnings, flows, provinces, plants, smelters, ports, marginalCosts, then those the plan has: markets, marketTiers, portMarkets, contracts, surcharges, hubs, corridors, periods with periodFlows, periodPlants, periodSmelters, periodPorts, periodStocks (periodHubs, periodCorridors), and unusedLanes. Headers are the plan's JSON field names (nested ones dotted, e.g. marginal.range.moreT) with the unit of the numbers under them in brackets, e.g. `tonnes (t)`, `costPerT (CNY/t ex-VAT)`. `GET /v1/plans/{id}` with `?format=xlsx` or an Accept that prefers the workbook answers the same.",
  request: { params: planParams },
  responses: {
    200: {
      description: "The workbook",
      content: {
        [xlsxMediaType]: { schema: z.string().openapi({ type: "string", format: "binary" }) },
      },
    },
    ...problems("not_found", ...keyProblems),
  },
});
