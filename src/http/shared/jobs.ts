// Work answered later: `Prefer: respond-async` (RFC 7240) makes a long creating POST a job.
import type { Context } from "hono";
import type { Job } from "../../storage/jobs.ts";
import type { JobKind, JobProblem, JobProgress } from "../../storage/records.ts";
import { ApiError } from "./problems.ts";
import type { AppEnv, RunningJobs } from "./types.ts";

/** Whether the request prefers an answer now and the result later (Prefer: respond-async). */
export function prefersAsync(c: Context<AppEnv>): boolean {
  return (
    c.var.services.runningJobs !== undefined &&
    /(^|[,;\s])respond-async($|[,;\s])/i.test(c.req.header("prefer") ?? "")
  );
}

/** What a job's work gets: its cancel signal, and where to say how far it has come. */
export interface JobContext {
  signal: AbortSignal;
  report(progress: JobProgress): void;
}

/**
 * Stores a job, sets `Location: /v1/jobs/{id}` for the 202 the caller answers with the job
 * returned, and runs `work` after the answer: its result is stored on the job; an ApiError it throws is stored as the job's problem
 * (an unexpected error as `internal`, logged); a cancel ends it as cancelled.
 */
export async function startJob(
  c: Context<AppEnv>,
  kind: JobKind,
  work: (job: JobContext) => Promise<unknown>,
): Promise<ReturnType<typeof jobBody>> {
  const { services, organisationId } = c.var;
  const running = services.runningJobs as RunningJobs;
  const { jobs } = services.repositories;
  const job = await jobs.create(organisationId, kind, { phase: "running" });
  const entry = { controller: new AbortController(), progress: job.progress };
  running.set(job.id, entry);
  // Ends the job and, when this call ended it, tells the organisation's webhooks.
  const finish = async (end: Parameters<typeof jobs.finish>[1]) => {
    if (!(await jobs.finish(job.id, end))) return;
    const ended = await jobs.get(organisationId, job.id);
    if (ended !== undefined)
      void services.webhooks?.emit(organisationId, `job.${end.status}`, jobEventData(ended));
  };
  const run = async () => {
    try {
      const result = await work({
        signal: entry.controller.signal,
        report: (progress) => {
          entry.progress = progress;
        },
      });
      const done = { ...entry.progress, phase: "done" as const };
      await finish(
        entry.controller.signal.aborted
          ? { status: "cancelled", progress: done }
          : { status: "succeeded", progress: done, result },
      );
    } catch (error) {
      const done = { ...entry.progress, phase: "done" as const };
      if (entry.controller.signal.aborted) {
        await finish({ status: "cancelled", progress: done });
      } else {
        if (!(error instanceof ApiError))
          services.log({
            level: "error",
            msg: "job failed",
            job: job.id,
            error: (error as Error)?.stack ?? String(error),
          });
        await finish({ status: "failed", progress: done, problem: problemOf(error) });
      }
    } finally {
      running.delete(job.id);
    }
  };
  void run().catch((error) =>
    services.log({ level: "error", msg: "job not stored", job: job.id, error: String(error) }),
  );
  c.header("Location", `/v1/jobs/${job.id}`);
  c.header("Preference-Applied", "respond-async");
  return jobBody(job);
}

function problemOf(error: unknown): JobProblem {
  if (error instanceof ApiError)
    return {
      status: error.status,
      code: error.code,
      detail: error.detail,
      ...(error.errors ? { errors: error.errors } : {}),
    };
  return { status: 500, code: "internal", detail: "An unexpected error occurred" };
}

/** Where the resource a succeeded job created is: a plan's or a dataset's URL; null for the rest. */
function resultUrl(job: Job): string | null {
  const id = (job.result as { id?: unknown } | null)?.id;
  if (typeof id !== "string") return null;
  if (job.kind === "plan") return `/v1/plans/${id}`;
  if (job.kind === "dataset") return `/v1/datasets/${id}`;
  return null;
}

/** A job as the API shows it; a running job's progress is read live from this process. */
export function jobBody(job: Job, running?: RunningJobs) {
  const live = running?.get(job.id);
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    progress: live?.progress ?? job.progress,
    result: job.status === "succeeded" ? job.result : null,
    resultUrl: job.status === "succeeded" ? resultUrl(job) : null,
    problem: job.problem,
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
  };
}

/**
 * The `data` of a job.succeeded, job.failed or job.cancelled event: the job without its result,
 * which may be large (GET the job's url for it).
 */
export function jobEventData(job: Job) {
  const { result: _, ...body } = jobBody(job);
  return { ...body, url: `/v1/jobs/${job.id}` };
}
