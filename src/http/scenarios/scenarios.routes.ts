// Contracts of /v1/scenarios: a base dataset plus typed changes, checked against the dataset when stored.
import { createRoute, z } from "@hono/zod-openapi";
import { changesSchema } from "../../../models/allocation/scenario.ts";
import { plainText } from "../../../models/text.ts";
import { authorised } from "../shared/auth.ts";
import { requestExamples } from "../shared/examples.ts";
import { idempotencyHeaders, idempotent } from "../shared/idempotency.ts";
import {
  idempotencyProblems,
  jsonBodyProblems,
  keyProblems,
  problems,
} from "../shared/problems.ts";
import {
  cascadeQuerySchema,
  datasetRefSchema,
  idParamSchema,
  pageQuerySchema,
  pageSchema,
  timestampSchema,
} from "../shared/schemas.ts";

export const scenarioSchema = z
  .object({
    id: z.string().openapi({ example: "sc_4m9q7r0f3k8x2t6v" }),
    datasetId: z
      .string()
      .describe("The base dataset's id (a slug given on create is stored as the id)"),
    name: z.string(),
    description: z.string().nullable(),
    changes: changesSchema,
    createdAt: timestampSchema,
  })
  .openapi("Scenario");

export const newScenarioSchema = z
  .strictObject({
    datasetId: datasetRefSchema("The base dataset"),
    name: plainText(1, 200).openapi({ example: "rail +15 %" }),
    description: plainText(0, 10_000, { multiline: true }).optional(),
    changes: changesSchema
      .default([])
      .describe("Applied in order to the dataset's network; none plans the dataset as it is")
      .openapi({ example: [{ kind: "scaleModeCost", mode: "rail", factor: 1.15 }] }),
  })
  .openapi("NewScenario");

export const scenarioPatchSchema = z
  .strictObject({
    name: plainText(1, 200).openapi({ example: "rail +15 %, from the 2024 tender" }),
  })
  .openapi("ScenarioPatch");

const scenarioParams = idParamSchema("Scenario", "sc_4m9q7r0f3k8x2t6v");

export const create = createRoute({
  ...authorised("planner", idempotent()),
  method: "post",
  path: "/v1/scenarios",
  tags: ["Scenarios"],
  operationId: "createScenario",
  summary: "Store a scenario",
  description:
    "The changes are applied to the dataset's network before anything is stored: a change that names an unknown plant, smelter, port, mode or lane, or that leaves the network invalid, is a 422 pointing at it.",
  request: {
    headers: idempotencyHeaders,
    body: {
      required: true,
      content: {
        "application/json": { schema: newScenarioSchema, example: requestExamples.newScenario },
      },
    },
  },
  responses: {
    201: {
      description: "Stored",
      headers: {
        Location: { schema: { type: "string" }, description: "URL of the scenario" },
      },
      content: { "application/json": { schema: scenarioSchema } },
    },
    ...problems(
      ...jsonBodyProblems,
      ...keyProblems,
      ...idempotencyProblems,
      "unknown_reference",
      "quota_exceeded",
    ),
  },
});

export const list = createRoute({
  ...authorised("viewer"),
  method: "get",
  path: "/v1/scenarios",
  tags: ["Scenarios"],
  operationId: "listScenarios",
  summary: "List scenarios, newest first",
  request: {
    query: pageQuerySchema.extend({
      datasetId: datasetRefSchema("Only this dataset's scenarios").optional(),
    }),
  },
  responses: {
    200: {
      description: "A page of scenarios",
      content: { "application/json": { schema: pageSchema(scenarioSchema, "ScenarioPage") } },
    },
    ...problems("invalid_parameter", ...keyProblems),
  },
});

export const get = createRoute({
  ...authorised("viewer"),
  method: "get",
  path: "/v1/scenarios/{id}",
  tags: ["Scenarios"],
  operationId: "getScenario",
  summary: "Get a scenario",
  request: { params: scenarioParams },
  responses: {
    200: {
      description: "The scenario",
      content: { "application/json": { schema: scenarioSchema } },
    },
    ...problems("not_found", ...keyProblems),
  },
});

export const rename = createRoute({
  ...authorised("planner"),
  method: "patch",
  path: "/v1/scenarios/{id}",
  tags: ["Scenarios"],
  operationId: "renameScenario",
  summary: "Rename a scenario",
  description:
    "Changes the scenario's name and nothing else: its dataset and changes stay as stored, so its plans still describe it (a scenario with other changes is a new scenario). The body is strict: a field other than `name` is 422 unknown_field.",
  request: {
    params: scenarioParams,
    body: {
      required: true,
      content: {
        "application/json": { schema: scenarioPatchSchema, example: requestExamples.scenarioPatch },
      },
    },
  },
  responses: {
    200: {
      description: "The scenario under its new name",
      content: { "application/json": { schema: scenarioSchema } },
    },
    ...problems("not_found", ...jsonBodyProblems, ...keyProblems),
  },
});

export const remove = createRoute({
  ...authorised("planner"),
  method: "delete",
  path: "/v1/scenarios/{id}",
  tags: ["Scenarios"],
  operationId: "deleteScenario",
  summary: "Delete a scenario",
  description:
    "Deletes one of the organisation's scenarios. While plans refer to it the answer is 409 in_use naming them, unless `cascade=true`, which deletes them (and their flows) with it in one transaction. Jobs keep their stored results, which may then name plans that are gone.",
  request: { params: scenarioParams, query: cascadeQuerySchema },
  responses: {
    204: { description: "Deleted" },
    ...problems("not_found", "invalid_parameter", "in_use", ...keyProblems),
  },
});
