// Contracts of /v1/export and /v1/import: an organisation's datasets, scenarios and plans moved between deployments, checked by content hashes.
import { createRoute, z } from "@hono/zod-openapi";
import { changesSchema } from "../../../models/allocation/scenario.ts";
import { plainText } from "../../../models/text.ts";
import { bundleFormat, bundleVersion } from "../../storage/transfer.ts";
import { authorised } from "../shared/auth.ts";
import { requestExamples } from "../shared/examples.ts";
import { jsonBodyProblems, keyProblems, problems } from "../shared/problems.ts";
import {
  networkBodySchema,
  planBodySchema,
  provenanceBodySchema,
  slugSchema,
} from "../shared/schemas.ts";

const hashSchema = (what: string) =>
  z
    .string()
    .regex(/^sha256:[0-9a-f]{64}$/, "sha256: and 64 lower-case hex digits")
    .describe(what);

/**
 * A time as toISOString writes it, the only form that reads back the same: another spelling of
 * the same instant would export differently, and so hash differently.
 */
const instantSchema = (what: string) =>
  z.iso
    .datetime()
    .refine((text) => new Date(text).toISOString() === text, {
      message: "a UTC time with milliseconds, as 2025-01-01T00:00:00.000Z",
    })
    .describe(`${what} (UTC, ISO 8601 with milliseconds)`);

const sourceId = (what: string) =>
  z
    .string()
    .min(1)
    .max(100)
    .describe(
      `The ${what}'s id where it was exported; not hashed (ids differ between deployments): the import answers the id it has there`,
    );

export const exportDatasetSchema = z
  .strictObject({
    id: sourceId("dataset"),
    contentHash: hashSchema(
      "The dataset's content hash: sha-256 of its network's canonical JSON (keys sorted, defaults filled in), as GET /v1/datasets shows it",
    ),
    name: plainText(1, 200),
    slug: slugSchema,
    shared: z
      .boolean()
      .describe(
        "In the shared catalogue where it was exported: scenarios use it, the organisation does not own it. An import uses the catalogue's dataset with this slug and hash; without one, it stores the network (if given) as the organisation's own",
      ),
    createdAt: instantSchema("When it was stored; kept by the import"),
    network: networkBodySchema
      .optional()
      .describe(
        "The network; absent for a shared dataset unless the export was asked for it (?includeShared=true)",
      ),
  })
  .openapi("ExportDataset");

export const exportScenarioSchema = z
  .strictObject({
    id: sourceId("scenario"),
    contentHash: hashSchema(
      "sha-256 of the canonical JSON of {dataset, name, description, changes, createdAt}",
    ),
    dataset: hashSchema(
      "Its dataset's content hash: a dataset in this bundle, or one the importing organisation holds",
    ),
    name: plainText(1, 200),
    description: plainText(0, 10_000, { multiline: true }).nullable(),
    changes: changesSchema,
    createdAt: instantSchema("When it was stored; kept by the import"),
  })
  .openapi("ExportScenario");

export const exportPlanSchema = z
  .strictObject({
    id: sourceId("plan"),
    contentHash: hashSchema(
      "sha-256 of the canonical JSON of {scenario, createdAt, provenance, plan}",
    ),
    scenario: hashSchema(
      "Its scenario's content hash: a scenario in this bundle, or one the importing organisation holds",
    ),
    createdAt: instantSchema("When it was stored; kept by the import"),
    provenance: provenanceBodySchema,
    plan: planBodySchema.describe("The plan as stored, flows included"),
  })
  .openapi("ExportPlan");

export const exportBundleSchema = z
  .strictObject({
    format: z.literal(bundleFormat),
    version: z.literal(bundleVersion),
    exportedAt: instantSchema("When it was exported; not hashed"),
    datasets: z.array(exportDatasetSchema),
    scenarios: z.array(exportScenarioSchema),
    plans: z.array(exportPlanSchema),
  })
  .openapi("ExportBundle", {
    description:
      "An organisation's datasets, scenarios and plans, oldest first, each with its content hash (sha-256 of a canonical JSON: object keys sorted at every depth, arrays in order). Items refer to each other by content hash, never by id, so the hashes are the same on every deployment.",
  });

const mappingSchema = z.object({
  sourceId: z.string().describe("The item's id in the bundle"),
  contentHash: z.string(),
  id: z.string().describe("Its id here"),
  status: z
    .enum(["created", "reused", "shared"])
    .describe(
      "created: stored now; reused: this organisation already had this content (from an earlier import, say), nothing was added; shared: the catalogue's dataset with this slug and hash is used",
    ),
});

const countsSchema = z.object({
  datasets: z.number().int(),
  scenarios: z.number().int(),
  plans: z.number().int(),
});

export const importSummarySchema = z
  .object({
    created: countsSchema.describe("Items stored now"),
    reused: countsSchema.describe("Items already here (or, for datasets, in the shared catalogue)"),
    datasets: z.array(mappingSchema.extend({ slug: slugSchema })),
    scenarios: z.array(mappingSchema),
    plans: z.array(mappingSchema),
  })
  .openapi("ImportSummary");

export const exportOrganisation = createRoute({
  ...authorised("planner"),
  method: "get",
  path: "/v1/export",
  tags: ["Transfer"],
  operationId: "exportOrganisation",
  summary: "Export the organisation's datasets, scenarios and plans",
  description:
    "One JSON bundle (format anodeflow-export, version 1) of everything the organisation stores, for `POST /v1/import` on another deployment (Node or Workers) or another organisation. Shared catalogue datasets its scenarios use are named by slug and content hash, not copied, unless `includeShared=true` (for a deployment whose catalogue lacks them, such as a Worker that was never seeded).",
  request: {
    query: z.object({
      includeShared: z
        .enum(["true", "false"])
        .optional()
        .describe("true: also copy the networks of the shared datasets the scenarios use"),
    }),
  },
  responses: {
    200: {
      description: "The bundle",
      headers: {
        "Content-Disposition": {
          schema: { type: "string" },
          description: "attachment; filename=anodeflow-export-<date>.json",
        },
      },
      content: { "application/json": { schema: exportBundleSchema } },
    },
    ...problems("invalid_parameter", ...keyProblems),
  },
});

export const importBundle = createRoute({
  ...authorised("planner"),
  method: "post",
  path: "/v1/import",
  tags: ["Transfer"],
  operationId: "importBundle",
  summary: "Import a bundle into the organisation",
  description:
    "Checks the whole bundle first: its schema (strict: an unknown field at any depth is 422 unknown_field), every item's content hash (422 content_hash_mismatch naming each item that does not match), every reference (422 unknown_reference), each new dataset against the network limits, each new scenario's changes against its dataset. Then stores what is new in one transaction with new ids, keeping each item's createdAt, within the organisation's quotas. Idempotent: an item whose content the organisation already holds is reused, not stored again, so importing the same bundle twice adds nothing. A failed import stores nothing and changes nothing stored. The answer maps each item's id in the bundle to its id here.",
  request: {
    body: {
      required: true,
      content: {
        "application/json": { schema: exportBundleSchema, example: requestExamples.importBundle },
      },
    },
  },
  responses: {
    200: {
      description: "Imported: what was stored, what was reused, and every item's id here",
      content: { "application/json": { schema: importSummarySchema } },
    },
    ...problems(
      ...jsonBodyProblems,
      ...keyProblems,
      "content_hash_mismatch",
      "unknown_reference",
      "limit_exceeded",
      "quota_exceeded",
    ),
  },
});
