// Contracts of /v1/datasets: networks stored immutably, found again by their content hash.
import { createRoute, z } from "@hono/zod-openapi";
import { plainText } from "../../../models/text.ts";
import { datasetStatsSchema } from "../../storage/records.ts";
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
} from "../shared/problems.ts";
import {
  cascadeQuerySchema,
  networkBodySchema,
  pageQuerySchema,
  pageSchema,
  slugSchema,
  timestampSchema,
} from "../shared/schemas.ts";

export const datasetSummarySchema = z
  .object({
    id: z.string().openapi({ example: "ds_0f3k8x2m9q7r4t6v" }),
    name: z.string(),
    slug: slugSchema,
    contentHash: z
      .string()
      .describe("sha-256 of the network's canonical JSON (keys sorted, defaults filled in)")
      .openapi({ example: "sha256:9f2c…" }),
    stats: datasetStatsSchema,
    shared: z
      .boolean()
      .describe(
        "In the shared catalogue (such as the seeded China 2024 dataset): every organisation can read and plan it; nobody can change it",
      ),
    createdAt: timestampSchema,
  })
  .openapi("DatasetSummary");

export const datasetSchema = datasetSummarySchema
  .extend({ network: networkBodySchema })
  .openapi("Dataset");

export const newDatasetSchema = z
  .strictObject({
    name: plainText(1, 200).optional().describe("Defaults to the network's name"),
    slug: slugSchema
      .optional()
      .describe(
        "A stable handle for the dataset, accepted wherever its id is; 409 slug_taken if the organisation or the shared catalogue has it. Default: the name's slug, with -2, -3, ... if that is taken",
      ),
    network: networkBodySchema,
  })
  .openapi("NewDataset");

const datasetParams = z.object({
  id: z.string().openapi({
    param: { name: "id", in: "path" },
    description: "Dataset id (ds_...) or slug (such as china-2024)",
    example: "china-2024",
  }),
});

const location = {
  Location: { schema: { type: "string" as const }, description: "URL of the dataset" },
};

export const create = createRoute({
  ...authorised("planner", idempotent()),
  method: "post",
  path: "/v1/datasets",
  tags: ["Datasets"],
  operationId: "createDataset",
  summary: "Store a network as a dataset",
  description:
    "Datasets are immutable. Posting a network whose content this organisation has already stored returns that dataset with 200 (the first name and slug stay); new content gives 201. With Prefer: respond-async: 202 and a job (kind dataset) whose resultUrl is the dataset's; a body above OFFLOAD_BODY_BYTES is then read before the 202 and checked in the job, so its problems are the job's.",
  request: {
    headers: idempotencyHeaders,
    query: z.object({
      name: z
        .string()
        .optional()
        .describe(
          "For a workbook or CSV upload: the dataset's name (defaults to the settings sheet's name)",
        ),
    }),
    body: {
      required: true,
      description:
        "A network as JSON; or as an Excel workbook (one sheet per table, README \"Spreadsheets\"); or as CSV files, multipart/form-data with one part per table named by it (settings, modes, plants, smelters, ports, lanes, ...). A workbook's or CSV's bad cells come back all in one 422, each with its sheet, row, column, cell and JSON pointer into the network.",
      content: {
        "application/json": { schema: newDatasetSchema, example: requestExamples.newDataset },
        [xlsxMediaType]: {
          schema: z.string().openapi({ type: "string", format: "binary" }),
        },
        "multipart/form-data": {
          schema: z.record(z.string(), z.string()).openapi({
            type: "object",
            description: "One CSV file per table, each part named by its table",
            additionalProperties: { type: "string", format: "binary" },
          }),
        },
      },
    },
  },
  responses: {
    201: {
      description: "Stored",
      headers: location,
      content: { "application/json": { schema: datasetSummarySchema } },
    },
    200: {
      description: "Already stored with the same content",
      headers: location,
      content: { "application/json": { schema: datasetSummarySchema } },
    },
    202: jobAccepted,
    // Large uploads pass the solve gate and parse on a solve thread: its refusals apply.
    ...problems(
      ...jsonBodyProblems,
      ...keyProblems,
      ...idempotencyProblems,
      "limit_exceeded",
      "quota_exceeded",
      "slug_taken",
      "too_many_solves",
      "overloaded",
      "solve_out_of_memory",
    ),
  },
});

export const list = createRoute({
  ...authorised("viewer"),
  method: "get",
  path: "/v1/datasets",
  tags: ["Datasets"],
  operationId: "listDatasets",
  summary: "List datasets, newest first",
  description:
    "The organisation's datasets and the shared catalogue's (`shared: true`); `slug` and `contentHash` keep those that have it (a client can find the default dataset as `?slug=china-2024`, or ask whether it stored a network already).",
  request: {
    query: pageQuerySchema.extend({
      slug: slugSchema.optional().describe("Only the dataset with this slug"),
      contentHash: z
        .string()
        .min(1)
        .max(100)
        .optional()
        .describe("Only datasets with this content hash (sha256:...)"),
    }),
  },
  responses: {
    200: {
      description: "A page of datasets, without their networks",
      content: { "application/json": { schema: pageSchema(datasetSummarySchema, "DatasetPage") } },
    },
    ...problems("invalid_parameter", ...keyProblems),
  },
});

export const get = createRoute({
  ...authorised("viewer"),
  method: "get",
  path: "/v1/datasets/{id}",
  tags: ["Datasets"],
  operationId: "getDataset",
  summary: "Get a dataset with its network",
  description: `JSON by default; the network as an Excel workbook with \`?format=xlsx\` or \`Accept: ${xlsxMediaType}\` (uploaded again, it gives the same content hash), or one of its tables as CSV with \`?format=csv&table=plants\`.`,
  request: {
    params: datasetParams,
    query: z.object({
      format: z
        .enum(["json", "xlsx", "csv"])
        .optional()
        .describe("json (default unless Accept asks for the workbook), xlsx, or csv (needs table)"),
      table: z
        .string()
        .max(100)
        .optional()
        .describe("With format=csv: the table (the workbook's sheet name), e.g. plants"),
    }),
  },
  responses: {
    200: {
      description: "The dataset; the network has its defaults filled in",
      content: { "application/json": { schema: datasetSchema } },
    },
    ...problems("not_found", "invalid_parameter", ...keyProblems),
  },
});

export const workbook = createRoute({
  ...authorised("viewer"),
  method: "get",
  path: "/v1/datasets/{id}/network.xlsx",
  tags: ["Datasets"],
  operationId: "getDatasetWorkbook",
  summary: "Get a dataset's network as an Excel workbook",
  description:
    'The same workbook as `GET /v1/datasets/{id}?format=xlsx`: a settings sheet and one sheet per table of the network (README "Spreadsheets"); uploaded again to `POST /v1/datasets`, it gives the same content hash.',
  request: { params: datasetParams },
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

export const remove = createRoute({
  ...authorised("planner"),
  method: "delete",
  path: "/v1/datasets/{id}",
  tags: ["Datasets"],
  operationId: "deleteDataset",
  summary: "Delete a dataset",
  description:
    "Deletes one of the organisation's datasets. While scenarios or plans refer to it the answer is 409 in_use naming them, unless `cascade=true`, which deletes them (and the plans' flows) with it in one transaction. A shared dataset cannot be deleted (403 shared_read_only). Jobs keep their stored results, which may then name plans that are gone.",
  request: { params: datasetParams, query: cascadeQuerySchema },
  responses: {
    204: { description: "Deleted" },
    ...problems("not_found", "invalid_parameter", "shared_read_only", "in_use", ...keyProblems),
  },
});
