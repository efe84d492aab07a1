// Contracts of plan comparisons: two plans side by side, or several against the first.
import { createRoute, z } from "@hono/zod-openapi";
import { authorised } from "../shared/auth.ts";
import { requestExamples } from "../shared/examples.ts";
import { jsonBodyProblems, keyProblems, problems } from "../shared/problems.ts";
import { comparisonBodySchema } from "../shared/schemas.ts";

export const comparePairParamsSchema = z.object({
  id: z
    .string()
    .openapi({ param: { name: "id", in: "path" }, description: "Plan a (the reference)" }),
  otherId: z
    .string()
    .openapi({ param: { name: "otherId", in: "path" }, description: "Plan b; deltas are b - a" }),
});

export const compareManyRequestSchema = z
  .strictObject({
    planIds: z
      .array(z.string().min(1).max(100))
      .min(2)
      .max(20)
      .describe("The first plan is the baseline; each other plan is compared with it"),
  })
  .openapi("CompareRequest");

export const comparisonSetSchema = z
  .object({
    baselineId: z.string().describe("planIds[0]"),
    comparisons: z.array(
      z.object({
        planId: z.string().describe("Plan b of this comparison"),
        comparison: comparisonBodySchema,
      }),
    ),
  })
  .openapi("ComparisonSet");

const description =
  "Labels are the plans' scenario names. The input difference lists the scenario changes only one side made; totals give every cost part as a, b and b - a; flows list lanes added, removed and changed (tonnes and cost), largest move first; provinces list the per-province differences.";

export const comparePair = createRoute({
  ...authorised("viewer"),
  method: "get",
  path: "/v1/plans/{id}/compare/{otherId}",
  tags: ["Comparisons"],
  operationId: "comparePlans",
  summary: "Compare two plans",
  description,
  request: { params: comparePairParamsSchema },
  responses: {
    200: {
      description: "What differs from plan a to plan b",
      content: { "application/json": { schema: comparisonBodySchema } },
    },
    ...problems("not_found", ...keyProblems),
  },
});

export const compareMany = createRoute({
  ...authorised("viewer"),
  method: "post",
  path: "/v1/plans/compare",
  tags: ["Comparisons"],
  operationId: "comparePlanSet",
  summary: "Compare several plans with a baseline",
  description,
  request: {
    body: {
      required: true,
      content: {
        "application/json": { schema: compareManyRequestSchema, example: requestExamples.compare },
      },
    },
  },
  responses: {
    200: {
      description: "One comparison per plan after the first, in the order given",
      content: { "application/json": { schema: comparisonSetSchema } },
    },
    ...problems(...jsonBodyProblems, ...keyProblems, "unknown_reference"),
  },
});
