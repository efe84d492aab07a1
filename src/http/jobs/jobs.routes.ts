// Contracts of jobs: the state of work answered later (Prefer: respond-async), and cancelling it.
import { createRoute, z } from "@hono/zod-openapi";
import { jobKinds, jobProgressSchema, jobStatuses } from "../../storage/records.ts";
import { authorised } from "../shared/auth.ts";
import { keyProblems, problems } from "../shared/problems.ts";
import { idParamSchema, timestampSchema } from "../shared/schemas.ts";

export const jobSchema = z
  .object({
    id: z.string().openapi({ example: "jb_7h2k9x4m3q8rv0tz" }),
    kind: z
      .enum(jobKinds)
      .describe(
        "sweep: POST /v1/sweeps; batch: POST /v1/batches; plan: POST /v1/scenarios/{id}/plans; dataset: POST /v1/datasets",
      ),
    status: z
      .enum(jobStatuses)
      .describe(
        "queued (Workers: sent to the JOBS queue, not yet taken by its consumer), running, then succeeded (result), failed (problem) or cancelled; a job that was running when the server (or its queue consumer) stopped fails with code job_interrupted",
      ),
    progress: jobProgressSchema,
    result: z
      .unknown()
      .describe(
        "Only when succeeded: what the request would have answered (a Sweep or a Batch), or the summary of what it created (a plan's, a dataset's)",
      ),
    resultUrl: z
      .string()
      .nullable()
      .describe(
        "Only when succeeded and the job created a resource: its URL (/v1/plans/{id}, /v1/datasets/{id}); null for sweeps and batches",
      ),
    problem: z
      .object({
        status: z.number().int(),
        code: z.string(),
        detail: z.string(),
        errors: z
          .array(
            z.object({
              pointer: z.string().optional(),
              parameter: z.string().optional(),
              message: z.string(),
            }),
          )
          .optional(),
      })
      .nullable()
      .describe("Only when failed: the problem+json the request would have answered"),
    createdAt: timestampSchema,
    updatedAt: timestampSchema.describe("When its state last changed (UTC, ISO 8601)"),
  })
  .openapi("Job");

/** The 202 of a creating POST that takes Prefer: respond-async. */
export const jobAccepted = {
  description:
    "With Prefer: respond-async: accepted as a job; GET the Location (/v1/jobs/{id}) for its progress and result",
  headers: { Location: { schema: { type: "string" as const }, description: "URL of the job" } },
  content: { "application/json": { schema: jobSchema } },
};

const jobParams = idParamSchema("Job", "jb_7h2k9x4m3q8rv0tz");

export const get = createRoute({
  ...authorised("viewer"),
  method: "get",
  path: "/v1/jobs/{id}",
  tags: ["Jobs"],
  operationId: "getJob",
  summary: "A job's state, progress and result",
  request: { params: jobParams },
  responses: {
    200: { description: "The job", content: { "application/json": { schema: jobSchema } } },
    ...problems(...keyProblems, "not_found"),
  },
});

export const cancel = createRoute({
  ...authorised("planner"),
  method: "delete",
  path: "/v1/jobs/{id}",
  tags: ["Jobs"],
  operationId: "cancelJob",
  summary: "Cancel a running job",
  description:
    "Asks a running job to stop; it ends as cancelled once its current solve stops (GET it to see). A job that has ended is answered as it is. A batch keeps the plans it stored before the cancel. On Workers (the JOBS queue) a queued or running job ends as cancelled at once; a running batch starts no more plans once it next stores its progress, and what it stored stays.",
  request: { params: jobParams },
  responses: {
    202: {
      description: "The job, its cancel asked for",
      content: { "application/json": { schema: jobSchema } },
    },
    ...problems(...keyProblems, "not_found"),
  },
});
