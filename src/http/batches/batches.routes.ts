// Contract of POST /v1/batches: many stored scenarios solved in one request, each stored as a plan.
import { createRoute, z } from "@hono/zod-openapi";
import { jobAccepted } from "../jobs/jobs.routes.ts";
import { planSummarySchema } from "../plans/plans.routes.ts";
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
import { solveOptionsSchema } from "../shared/schemas.ts";

/** Most scenarios one batch solves. */
export const maxBatchScenarios = 100;

export const newBatchSchema = z
  .strictObject({
    scenarioIds: z
      .array(z.string().min(1).max(100))
      .min(1)
      .max(maxBatchScenarios)
      .describe(
        `Scenarios to solve, each once, at most ${maxBatchScenarios}; plans come back in this order`,
      ),
    options: solveOptionsSchema.optional().describe("The options of every solve"),
  })
  .openapi("NewBatch");

export const batchSchema = z
  .object({
    items: z
      .array(planSummarySchema)
      .describe("One stored plan per scenario, in the order asked; read each one's status"),
  })
  .openapi("Batch");

export const create = createRoute({
  ...authorised("planner", idempotent({ solves: true })),
  method: "post",
  path: "/v1/batches",
  tags: ["Plans"],
  operationId: "createBatch",
  summary: "Solve many scenarios and store a plan for each",
  description: `Each scenario is solved as POST /v1/scenarios/{id}/plans would (on the solve pool, under the solve gate, two at a time) and stored with its provenance; the answer lists the plans' summaries (GET /v1/plans/{id} has each whole). An unknown scenario id, a repeated one, or a batch that would pass the plan quota is refused before anything is solved.`,
  request: {
    headers: idempotencyHeaders,
    body: {
      required: true,
      content: {
        "application/json": { schema: newBatchSchema, example: requestExamples.newBatch },
      },
    },
  },
  responses: {
    201: {
      description: "Solved and stored",
      content: { "application/json": { schema: batchSchema } },
    },
    202: jobAccepted,
    ...problems(
      ...jsonBodyProblems,
      ...keyProblems,
      ...idempotencyProblems,
      ...solveProblems,
      "unknown_reference",
      "unknown_solver",
      "quota_exceeded",
    ),
  },
});
