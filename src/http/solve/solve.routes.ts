// Contract of POST /v1/solve: a stateless solve of a network, or of a dataset with changes.
import { createRoute, z } from "@hono/zod-openapi";
import { changesSchema } from "../../../models/allocation/scenario.ts";
import { authorised } from "../shared/auth.ts";
import { requestExamples } from "../shared/examples.ts";
import { jsonBodyProblems, keyProblems, problems, solveProblems } from "../shared/problems.ts";
import {
  networkSourceFields,
  oneNetworkSource,
  oneNetworkSourceSchema,
  planBodySchema,
  solveOptionsSchema,
} from "../shared/schemas.ts";

export const solveRequestSchema = z
  .strictObject({
    ...networkSourceFields("solve"),
    changes: changesSchema
      .default([])
      .describe("Scenario changes applied in order before solving; nothing is stored"),
    options: solveOptionsSchema.optional(),
  })
  .superRefine(oneNetworkSource)
  .openapi("SolveRequest", {
    description: "Give the network to solve, or the id of a stored dataset; not both",
    ...oneNetworkSourceSchema,
  });

export const solve = createRoute({
  ...authorised("planner"),
  method: "post",
  path: "/v1/solve",
  tags: ["Solve"],
  operationId: "solve",
  summary: "Solve a network without storing anything",
  description:
    "Returns the plan (format v1). An infeasible network or a solve that hits its time limit is still a 200: read `status` first.",
  request: {
    body: {
      required: true,
      content: {
        "application/json": { schema: solveRequestSchema, example: requestExamples.solve },
      },
    },
  },
  responses: {
    200: {
      description: "The plan; values are present only when status is optimal",
      content: { "application/json": { schema: planBodySchema } },
    },
    ...problems(
      ...jsonBodyProblems,
      ...keyProblems,
      ...solveProblems,
      "limit_exceeded",
      "unknown_reference",
      "unknown_solver",
    ),
  },
});
