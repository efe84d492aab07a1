// Work answered later: `Prefer: respond-async` (RFC 7240) makes a long creating POST a job.
import type { Context } from "hono";
import type { Job } from "../../storage/jobs.ts";
import type { JobProblem, JobProgress } from "../../storage/records.ts";
import { ApiError } from "./problems.ts";
import type {
  AppEnv,
  InProcessWork,
  JobContext,
  JobScheduler,
  JobTask,
  MessageQueue,
  RunJobTask,
  Services,
} from "./types.ts";

/** Whether the request prefers an answer now and the result later (Prefer: respond-async). */
export function prefersAsync(c: Context<AppEnv>): boolean {
  return (
    c.var.services.jobs !== undefined &&
    /(^|[,;\s])respond-async($|[,;\s])/i.test(c.req.header("prefer") ?? "")
  );
}

/**
 * Stores a job for `task`, sets `Location: /v1/jobs/{id}` for the 202 the caller answers with the
 * job returned, and has the scheduler run it after the answer (here or on a queue consumer): its
 * result is stored on the job; an ApiError it throws is stored as the job's problem (an unexpected
 * error as `internal`, logged); a cancel ends it as cancelled.
 */
export async function startJob(
  c: Context<AppEnv>,
  task: JobTask | InProcessWork,
): Promise<ReturnType<typeof jobBody>> {
  const { services, organisationId } = c.var;
  const job = await (services.jobs as JobScheduler).start(services, organisationId, task);
  c.header("Location", `/v1/jobs/${job.id}`);
  c.header("Preference-Applied", "respond-async");
  return jobBody(job);
}

type JobEnd = Parameters<Services["repositories"]["jobs"]["finish"]>[1] & {
  status: "succeeded" | "failed" | "cancelled";
};

/** Ends the job and, when this call ended it (true), tells the organisation's webhooks. */
export async function finishJob(
  services: Services,
  organisationId: string,
  jobId: string,
  end: JobEnd,
): Promise<boolean> {
  const { jobs } = services.repositories;
  if (!(await jobs.finish(jobId, end))) return false;
  const ended = await jobs.get(organisationId, jobId);
  if (ended !== undefined)
    await services.webhooks?.emit(organisationId, `job.${end.status}`, jobEventData(ended));
  return true;
}

/** Runs a job's work to its end and stores the end: the one way both schedulers finish a job. */
async function runJob(
  services: Services,
  organisationId: string,
  jobId: string,
  work: (job: JobContext) => Promise<unknown>,
  controller: AbortController,
  report: (progress: JobProgress) => void,
  progress: () => JobProgress,
): Promise<void> {
  const done = () => ({ ...progress(), phase: "done" as const });
  try {
    const result = await work({ signal: controller.signal, report });
    await finishJob(
      services,
      organisationId,
      jobId,
      controller.signal.aborted
        ? { status: "cancelled", progress: done() }
        : { status: "succeeded", progress: done(), result },
    );
  } catch (error) {
    if (controller.signal.aborted) {
      await finishJob(services, organisationId, jobId, { status: "cancelled", progress: done() });
      return;
    }
    if (!(error instanceof ApiError))
      services.log({
        level: "error",
        msg: "job failed",
        job: jobId,
        error: (error as Error)?.stack ?? String(error),
      });
    await finishJob(services, organisationId, jobId, {
      status: "failed",
      progress: done(),
      problem: problemOf(error),
    });
  }
}

/** Jobs run in the process that took the request (Node): progress and cancel live in memory. */
export function createProcessJobs(run: RunJobTask): JobScheduler {
  const running = new Map<string, { controller: AbortController; progress: JobProgress }>();
  return {
    async start(services, organisationId, task) {
      const job = await services.repositories.jobs.create(organisationId, task.kind, {
        phase: "running",
      });
      const entry = { controller: new AbortController(), progress: job.progress };
      running.set(job.id, entry);
      const todo =
        "work" in task
          ? task.work
          : (context: JobContext) => run(services, organisationId, task, context);
      void runJob(
        services,
        organisationId,
        job.id,
        todo,
        entry.controller,
        (progress) => {
          entry.progress = progress;
        },
        () => entry.progress,
      )
        .catch((error) =>
          services.log({
            level: "error",
            msg: "job not stored",
            job: job.id,
            error: String(error),
          }),
        )
        .finally(() => running.delete(job.id));
      return job;
    },
    async cancel(_services, _organisationId, job) {
      running.get(job.id)?.controller.abort();
      return false;
    },
    progress: (jobId) => running.get(jobId)?.progress,
  };
}

/**
 * Jobs run by a queue consumer (Workers, the JOBS queue): the job is stored as queued with its
 * task, a message names it, and `consumeJob` runs it in an invocation with its own CPU budget.
 */
export function createQueueJobs(queue: MessageQueue): JobScheduler {
  return {
    async start(services, organisationId, task) {
      if ("work" in task)
        throw new Error("in-process job work cannot be queued (only Node offloads uploads)");
      const { jobs } = services.repositories;
      const job = await jobs.create(organisationId, task.kind, { phase: "running" }, { task });
      try {
        await queue.send({ type: "job", jobId: job.id });
      } catch (error) {
        services.log({ level: "error", msg: "job not queued", job: job.id, error: String(error) });
        const problem = { status: 503, code: "unavailable", detail: "The job could not be queued" };
        await jobs.finish(job.id, { status: "failed", progress: { phase: "done" }, problem });
        throw new ApiError("unavailable", "The job could not be queued; try again");
      }
      return job;
    },
    async cancel(services, organisationId, job) {
      // The consumer runs in another isolate: the stored end is the signal. It sees it when it
      // next stores progress (a batch, between plans) and starts nothing more; what it already
      // stored stays.
      if (job.status !== "queued" && job.status !== "running") return false;
      return finishJob(services, organisationId, job.id, {
        status: "cancelled",
        progress: { ...job.progress, phase: "done" },
      });
    },
    progress: () => undefined,
  };
}

/**
 * The queue consumer's side of a job message: takes the queued job (running from now), runs its
 * task, stores its progress as it goes (a cancel stored meanwhile stops it) and its end. A job an
 * earlier delivery took but never ended was stopped with its invocation (CPU or time limit): it
 * fails as job_interrupted rather than running again.
 */
export async function consumeJob(
  services: Services,
  run: RunJobTask,
  jobId: string,
): Promise<void> {
  const { jobs } = services.repositories;
  const claim = await jobs.claim(jobId);
  if (claim === undefined) return;
  const { organisationId } = claim;
  if (!claim.claimed) {
    if (claim.job.status === "running")
      await finishJob(services, organisationId, jobId, {
        status: "failed",
        progress: { ...claim.job.progress, phase: "done" },
        problem: {
          status: 503,
          code: "job_interrupted",
          detail:
            "The queue consumer running this job stopped before it ended (its CPU or time limit, or a restart); nothing after its last stored result is kept. Submit it again, or a smaller one.",
        },
      });
    return;
  }
  const controller = new AbortController();
  let progress = claim.job.progress;
  let saving = Promise.resolve();
  const report = (next: JobProgress) => {
    progress = next;
    saving = saving
      .then(async () => {
        if (!(await jobs.saveProgress(jobId, next))) controller.abort();
      })
      .catch((error) =>
        services.log({
          level: "warn",
          msg: "job progress not stored",
          job: jobId,
          error: String(error),
        }),
      );
  };
  await runJob(
    services,
    organisationId,
    jobId,
    (context) => run(services, organisationId, claim.task as JobTask, context),
    controller,
    report,
    () => progress,
  );
  await saving;
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

/** A job as the API shows it; a running job's progress is read live when this process runs it. */
export function jobBody(job: Job, scheduler?: JobScheduler) {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    progress: scheduler?.progress(job.id) ?? job.progress,
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
