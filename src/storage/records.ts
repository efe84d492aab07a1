// zod schemas of the JSON the tables hold beside the public formats: dataset stats and plan provenance.
import { z } from "zod";
import { objectiveSchema } from "../../models/allocation/network.ts";
import { sensitivityModes } from "../../models/allocation/plan.ts";

const ms = (what: string) => z.number().nonnegative().describe(`${what}, milliseconds`);

export const datasetStatsSchema = z
  .object({
    modes: z.number().int().nonnegative(),
    plants: z.number().int().nonnegative(),
    smelters: z.number().int().nonnegative(),
    ports: z.number().int().nonnegative(),
    lanes: z
      .number()
      .int()
      .nonnegative()
      .describe(
        "Explicit lanes, or the plant x destination x mode lanes a network without lanes implies",
      ),
  })
  .describe("Node and lane counts of a network");

export const provenanceSchema = z
  .object({
    inputHash: z
      .string()
      .describe("sha-256 of the canonical JSON of the network solved, changes and options applied"),
    datasetHash: z.string().describe("Content hash of the base dataset"),
    solver: z.object({ id: z.string(), version: z.string() }).describe("Backend that solved it"),
    options: z
      .object({
        solver: z.string().describe("Solver asked for (auto: chosen by the program's structure)"),
        timeLimitMs: z.number().int().positive(),
        objective: objectiveSchema,
        sensitivity: z
          .enum(sensitivityModes)
          .optional()
          .describe(
            "Sensitivity analysis asked for (auto, full or off); plan.sensitivity.status says whether it ran. Absent in plans stored before the option existed, which always ran the analysis",
          ),
      })
      .describe("Options in effect, defaults filled in"),
    timings: z
      .object({
        prepareMs: ms("Applying the scenario's changes and validating the result"),
        solveMs: ms("Model build, solve and plan interpretation"),
        solverMs: ms("The backend alone"),
      })
      .describe("Wall times on the server"),
  })
  .describe("How the plan came about: enough to reproduce it");

/** viewer: read; planner: also solve and create datasets, scenarios and plans; admin: also manage keys. */
export const roles = ["viewer", "planner", "admin"] as const;
export const roleSchema = z
  .enum(roles)
  .describe(
    "viewer: read; planner: also solve and create datasets, scenarios and plans; admin: also manage API keys",
  );
export type Role = (typeof roles)[number];

export type DatasetStats = z.infer<typeof datasetStatsSchema>;
export type Provenance = z.infer<typeof provenanceSchema>;

export const jobKinds = ["sweep", "batch", "plan", "dataset"] as const;
export type JobKind = (typeof jobKinds)[number];

/** queued: stored and sent to a queue, not yet picked up (Workers); Node's jobs start running. */
export const jobStatuses = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type JobStatus = (typeof jobStatuses)[number];

export const jobProgressSchema = z
  .object({
    phase: z
      .enum(["running", "done"])
      .describe("Every kind of job: running until the job ends, then done"),
    done: z.number().int().optional().describe("Items finished (a batch's plans)"),
    total: z.number().int().optional().describe("Items in all (a batch's scenarios)"),
  })
  .describe("What the job has done so far");
export type JobProgress = z.infer<typeof jobProgressSchema>;

/** The problem+json that ended a failed job: its stable code, detail and errors. */
export interface JobProblem {
  status: number;
  code: string;
  detail: string;
  errors?: { pointer?: string; parameter?: string; message: string }[];
}

/**
 * What a webhook can subscribe to: a job's end, named by the status it ends with, and a stored
 * plan (from POST /v1/scenarios/{id}/plans or a batch).
 */
export const webhookEvents = [
  "job.succeeded",
  "job.failed",
  "job.cancelled",
  "plan.created",
] as const;
export type WebhookEvent = (typeof webhookEvents)[number];

/** pending while attempts remain; succeeded on a 2xx; failed once the last attempt failed. */
export const deliveryStatuses = ["pending", "succeeded", "failed"] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/** One try at delivering an event: what the destination answered or why it could not. */
export interface DeliveryAttempt {
  /** 1 for the first try. */
  attempt: number;
  /** When it was sent (UTC, ISO 8601). */
  at: string;
  /** The destination's HTTP status; null when no answer came (see error). */
  statusCode: number | null;
  /** Why no 2xx came: a network error, a timeout, a refused address, or the status. */
  error: string | null;
  durationMs: number;
  /** When the next attempt is due (UTC, ISO 8601); null after the last one or a success. */
  nextAttemptAt: string | null;
}
